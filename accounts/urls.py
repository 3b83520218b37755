from django.urls import path

from accounts import security_urls, views

app_name = "accounts"
urlpatterns = [
    path("password_change/", views.password_change, name="password_change"),
    path("password_forgotten/", views.password_forgotten, name="password_forgotten"),
    # a forgotten password reset through a one-time link sent by e-mail (where e-mail is configured)
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password_reset/done/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("people/", views.people_list, name="people"),
    path("people/new/", views.people_create, name="people_create"),
    path("people/<int:pk>/", views.people_detail, name="people_detail"),
    path("people/<int:pk>/contact/", views.people_contact, name="people_contact"),
    path("people/<int:pk>/deactivate/", views.people_deactivate, name="people_deactivate"),
    path("people/<int:pk>/reactivate/", views.people_reactivate, name="people_reactivate"),
    path("people/<int:pk>/reset-password/", views.people_reset_password, name="people_reset_password"),
    # unlocking logins and approving requested roles (accounts.security_views)
    *security_urls.urlpatterns,
]
