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
        from cases.policy import may_see_case_list
        from reports.policy import may_see_reports

        # For a province officer (no case roles) reports are the home page: first entry.
        navigation.register(
            navigation.NavItem(
                key="reports_home",
                label=_("Báo cáo"),
                url_name="reports:index",
                order=5,
                visible=lambda request: may_see_reports(request.user) and not may_see_case_list(request.user),
            )
        )
        # For commune front and police, after their task inbox and case list.
        navigation.register(
            navigation.NavItem(
                key="reports",
                label=_("Báo cáo"),
                url_name="reports:index",
                order=50,
                visible=lambda request: may_see_reports(request.user) and may_see_case_list(request.user),
            )
        )
