"""Indicators, periodic reports and dashboards."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self) -> None:
        from accounts import navigation
        from reports import reminders

        reminders.register()  # the report send-by reminders, a read-only source of workflows.reminders
        from accounts.models import Role
        from accounts.selectors import user_scope

        case_roles = {Role.MENTOR, Role.COMMITTEE_HEAD, Role.COMMUNE_FRONT, Role.COMMUNE_POLICE}
        from reports.policy import REPORT_ROLES as report_roles

        def _roles(request):
            return user_scope(request.user).roles

        # For a province officer (no case roles) reports are the home page: first entry.
        navigation.register(
            navigation.NavItem(
                key="reports_home",
                label=_("Báo cáo"),
                url_name="reports:index",
                order=5,
                visible=lambda request: bool(_roles(request) & report_roles) and not (_roles(request) & case_roles),
            )
        )
        # For commune front and police, after their task inbox and case list.
        navigation.register(
            navigation.NavItem(
                key="reports",
                label=_("Báo cáo"),
                url_name="reports:index",
                order=50,
                visible=lambda request: bool(_roles(request) & report_roles) and bool(_roles(request) & case_roles),
            )
        )
