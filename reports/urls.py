from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:level>/<str:code>/", views.place_dashboard, name="place"),
    path("<slug:level>/<str:code>/export.<slug:fmt>", views.place_export, name="export"),
]
