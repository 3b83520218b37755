from django.contrib.admin.apps import AdminConfig


class DongHanhAdminConfig(AdminConfig):
    """django.contrib.admin with the project's site (no case content, see config.admin_site)."""

    default_site = "config.admin_site.DongHanhAdminSite"
