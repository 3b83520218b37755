from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Hồ sơ giúp đỡ")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from accounts import navigation
        from accounts.models import Role
        from accounts.selectors import user_scope

        case_roles = {Role.MENTOR, Role.COMMITTEE_HEAD, Role.COMMUNE_FRONT, Role.COMMUNE_POLICE}
        navigation.register(
            navigation.NavItem(
                key="cases",
                label=_("Hồ sơ"),
                url_name="cases:list",
                order=20,
                visible=lambda request: bool(user_scope(request.user).roles & case_roles),
            )
        )
