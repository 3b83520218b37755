from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorsConfig(AppConfig):
    name = "mentors"
    verbose_name = _("Tổ chức và người giúp đỡ")

    def ready(self) -> None:
        from mentors import hooks

        hooks.register()
