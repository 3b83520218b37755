from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Hỗ trợ việc làm, học nghề, vay vốn")

    def ready(self) -> None:
        from support import hooks

        hooks.register()
