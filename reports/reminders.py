"""The commune front officer's reminder of a periodic report not yet sent (issue 15): from
DONG_HANH["REPORT_REMIND_DAYS"] days before the period's send-by day (reports.periods.send_by)
to that day, while the commune has no submission for the period. Registered as a read-only
source of workflows.reminders from ReportsConfig.ready(): workflows sits below reports and
imports nothing of it; the digest job asks the registry and this reads, never writes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

KIND = "report_send_by"


def periods_to_send(today: dt.date, days: int) -> list:
    """The periods of the kinds a commune sends whose send-by day lies in [today, today + days]
    and which have started (a report cannot be sent before its period begins)."""
    from reports import periods
    from reports.services import SUBMITTABLE_KINDS

    makers = {
        "month": [(lambda y, i=i: periods.month(y, i)) for i in range(1, 13)],
        "quarter": [(lambda y, i=i: periods.quarter(y, i)) for i in range(1, 5)],
        "half": [(lambda y, i=i: periods.half(y, i)) for i in (1, 2)],
        "year": [periods.year_period],
    }
    horizon = today + dt.timedelta(days=days)
    out = []
    for kind in SUBMITTABLE_KINDS:
        for year in (today.year - 1, today.year, today.year + 1):
            for make in makers.get(kind, []):
                period = make(year)
                deadline = periods.send_by(period)
                if deadline is not None and today <= deadline <= horizon and period.start <= today and period not in out:
                    out.append(period)
    return sorted(out, key=lambda p: (periods.send_by(p), p.code))


def report_deadlines(user, today: dt.date) -> list:
    from accounts.selectors import user_scope
    from areas.models import Commune
    from reports.models import ReportSubmission
    from reports.periods import send_by
    from reports.policy import can_submit_report
    from workflows.reminders import DueItem

    commune_ids = sorted(user_scope(user).front_commune_ids)
    if not commune_ids:
        return []
    due = periods_to_send(today, int(settings.DONG_HANH["REPORT_REMIND_DAYS"]))
    if not due:
        return []
    sent = set(
        ReportSubmission.objects.filter(commune_id__in=commune_ids, period_code__in=[p.code for p in due]).values_list(
            "commune_id", "period_code"
        )
    )
    out = []
    for commune in Commune.objects.filter(pk__in=commune_ids).order_by("name"):
        if not can_submit_report(user, commune.pk):
            continue
        for period in due:
            if (commune.pk, period.code) in sent:
                continue
            deadline = send_by(period)
            url = reverse("reports:place", args=["commune", commune.code]) + f"?period={period.code}"
            title = _("Gửi báo cáo %(period)s của %(commune)s lên tỉnh") % {"period": period.name, "commune": commune.name}
            out.append(DueItem(KIND, title, url, deadline.strftime("%d/%m/%Y"), False))
    return out


def register() -> None:
    from accounts.models import Role
    from workflows.reminders import ReminderSource, register_source

    register_source(
        ReminderSource(
            kind=KIND,
            items=report_deadlines,
            summary=lambda n: ngettext("%(n)d báo cáo cần gửi lên tỉnh", "%(n)d báo cáo cần gửi lên tỉnh", n) % {"n": n},
            roles=(Role.COMMUNE_FRONT,),
        )
    )
