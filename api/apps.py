from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API under /api/v1/: the highest app. It reads through the same selectors and
    projection as the screens (cases.access.read_case, cases.policy.CaseView) and writes
    through the same services; it has no access rule of its own."""

    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # The token page is the person's own: it sits in the user menu of templates/base.html.
        from api import schema  # noqa: F401  (the OpenAPI extension for the token authentication)
