from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class DongHanhAdminConfig(AdminConfig):
    """django.contrib.admin with the project's site (no case content, see config.admin_site)."""

    default_site = "config.admin_site.DongHanhAdminSite"


class AxesConfig(AxesAppConfig):
    """django-axes with a Vietnamese name for its section of the admin site (its own is the
    label, "Axes"); its strings are translated in locale_overrides/."""

    verbose_name = _("Đăng nhập sai và khóa tài khoản")
