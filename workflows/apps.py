from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Quy trình và việc cần làm")

    def ready(self) -> None:
        from workflows import hooks

        hooks.register()
