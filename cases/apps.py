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
        from cases.policy import may_look_up_cases, may_see_case_list

        navigation.register(
            navigation.NavItem(
                key="cases",
                label=_("Hồ sơ"),
                url_name="cases:list",
                order=20,
                visible=lambda request: may_see_case_list(request.user),
            )
        )

        def _escalation_count(request):
            from cases.selectors import open_escalations

            return open_escalations(request.user).count() or None

        def _unread_count(request):
            from cases.audit import Notification

            return Notification.objects.filter(recipient=request.user, read_at__isnull=True).count() or None

        navigation.register(
            navigation.NavItem(
                key="escalations",
                label=_("Vụ việc chuyển công an"),
                url_name="cases:escalations",
                order=30,
                visible=lambda request: bool(user_scope(request.user).police_commune_ids),
                count=_escalation_count,
            )
        )
        navigation.register(
            navigation.NavItem(
                key="notifications",
                label=_("Thông báo"),
                url_name="cases:notifications",
                order=90,
                # Only the recipients of notifications (concerns go to the head and the police).
                visible=lambda request: bool(user_scope(request.user).roles & {Role.COMMITTEE_HEAD, Role.COMMUNE_POLICE}),
                count=_unread_count,
            )
        )
        navigation.register(
            navigation.NavItem(
                key="case_lookup",
                label=_("Tra cứu hồ sơ"),
                url_name="cases:lookup",
                order=40,
                visible=lambda request: may_look_up_cases(request.user),
            )
        )

        from cases import registry
        from cases.review_timeline import review_entries

        registry.register_timeline_source(registry.TimelineSource(kind="review", entries=review_entries))
