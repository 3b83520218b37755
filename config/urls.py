from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config import views

# The installation's administrator works in the Django admin, in Vietnamese, under the product's name.
admin.site.site_header = _("Quản trị Đồng Hành")
admin.site.site_title = _("Đồng Hành")
admin.site.index_title = _("Người dùng, địa bàn và tổ chức")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("offline/", views.offline, name="offline"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("workflows.case_urls")),
    path("accounts/", include("accounts.urls")),
    path("cases/", include("cases.urls")),
    path("cases/", include("cases.legal_urls")),
    path("places/", include("areas.urls")),
    path("imports/", include("imports.urls")),
    path("reports/", include("reports.urls")),
    path("tasks/", include("workflows.urls")),
    path("community/", include("community.urls")),
    path("", include("mentors.urls")),
    path("", include("support.urls")),
    path("api/", include("api.doc_urls")),
    path("api/v1/", include("api.urls")),
    path("api/tokens/", include("api.token_urls")),
    path("admin/", admin.site.urls),
]

handler404 = "config.views.error_404"
handler403 = "config.views.error_403"
handler500 = "config.views.error_500"
