from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Người dùng và vai trò")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from simple_history import register

        from accounts import checks  # noqa: F401 -- registers the system checks
        from accounts.installation import sync_group

        post_migrate.connect(sync_group, dispatch_uid="accounts.installation.sync_group")

        from config.dbguard import install_guards_after_migrate

        # Append-only triggers (PostgreSQL) on the history tables of apps migrated after cases.
        post_migrate.connect(install_guards_after_migrate, dispatch_uid="config.dbguard.install_guards")

        from axes.signals import user_locked_out

        from accounts.lockouts import record_lockout

        user_locked_out.connect(record_lockout, dispatch_uid="accounts.lockouts.record_lockout")

        from django.contrib.auth.signals import user_logged_in

        from config.middleware import stamp_login

        user_logged_in.connect(stamp_login, dispatch_uid="config.middleware.stamp_login")

        from accounts import navigation
        from accounts.selectors import may_handle_account_security

        # Last in the menu, so that no role starts there.
        navigation.register(
            navigation.NavItem(
                key="account-security",
                label=_("Mở khóa, duyệt quyền"),
                url_name="accounts:security_inbox",
                order=900,
                visible=lambda r: may_handle_account_security(r.user),
            )
        )

        from accounts.models import User

        # The custom user model is tracked through register() (fields.E300 otherwise).
        register(User, app=__package__)

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
