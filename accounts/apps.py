from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Người dùng và vai trò")

    def ready(self) -> None:
        from simple_history import register

        from accounts.models import User

        # The custom user model is tracked through register() (fields.E300 otherwise).
        register(User, app=__package__)

        from accounts import navigation
        from accounts.selectors import manages_anyone

        navigation.register(
            navigation.NavItem(
                key="people",
                label=_("Tài khoản"),
                url_name="accounts:people",
                order=80,
                visible=lambda request: manages_anyone(request.user),
            )
        )
