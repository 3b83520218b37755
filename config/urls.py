from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("workflows.case_urls")),
    path("cases/", include("cases.urls")),
    path("reports/", include("reports.urls")),
    path("tasks/", include("workflows.urls")),
    path("", include("mentors.urls")),
    path("", include("support.urls")),
    path("api/v1/", include("api.urls")),
    path("api/tokens/", include("api.token_urls")),
    path("admin/", admin.site.urls),
]

handler404 = "config.views.error_404"
handler403 = "config.views.error_403"
handler500 = "config.views.error_500"
