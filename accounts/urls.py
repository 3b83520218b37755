from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("password_change/", views.password_change, name="password_change"),
    path("password_forgotten/", views.password_forgotten, name="password_forgotten"),
    path("people/", views.people_list, name="people"),
    path("people/new/", views.people_create, name="people_create"),
    path("people/<int:pk>/", views.people_detail, name="people_detail"),
    path("people/<int:pk>/deactivate/", views.people_deactivate, name="people_deactivate"),
    path("people/<int:pk>/reactivate/", views.people_reactivate, name="people_reactivate"),
    path("people/<int:pk>/reset-password/", views.people_reset_password, name="people_reset_password"),
]
