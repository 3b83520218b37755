from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Nhập danh sách từ Excel")

    def ready(self) -> None:
        from accounts import navigation
        from accounts.selectors import user_scope

        navigation.register(
            navigation.NavItem(
                key="imports",
                label=_("Nhập từ Excel"),
                url_name="imports:index",
                order=85,
                visible=lambda request: bool(user_scope(request.user).front_commune_ids),
            )
        )
