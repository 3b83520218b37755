from django.urls import path

from community import views

app_name = "community"
urlpatterns = [
    path("", views.index, name="index"),
    path("area/<int:pk>/", views.area_page, name="area"),
    path("area/<int:pk>/<slug:kind>/new/", views.area_record_new, name="area_new"),
    path("commune/<int:pk>/", views.commune_page, name="commune"),
    path("commune/<int:pk>/<slug:kind>/new/", views.commune_record_new, name="commune_new"),
    path("record/<slug:kind>/<int:pk>/end/", views.record_end, name="end"),
    path("record/<slug:kind>/<int:pk>/correct/", views.record_correct, name="correct"),
]
