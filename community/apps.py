"""The plan's own registries: commitments, cadre training, community models, model khu dân cư,
recognitions and the Ban Công tác Mặt trận's quarterly review meetings."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Sổ theo dõi phong trào ở khu dân cư")

    def ready(self) -> None:
        from accounts import navigation
        from community import policy

        navigation.register(
            navigation.NavItem(
                key="community",
                label=_("Phong trào khu dân cư"),
                url_name="community:index",
                order=45,
                visible=lambda request: policy.has_registry_role(request.user),
            )
        )
