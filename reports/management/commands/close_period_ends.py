"""python manage.py close_period_ends [--since dd/mm/yyyy] [--end dd/mm/yyyy]

The daily closing job (cron or Celery beat): repairs the closed period ends that got late
events, then writes the case states of every period end not closed yet (reports.period_state).
`--end` closes (or rewrites) one end only."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reports import period_state


def _day(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as exc:
        raise CommandError(_("Ngày “%(text)s” không đúng dạng dd/mm/yyyy.") % {"text": text}) from exc


class Command(BaseCommand):
    help = "Chốt trạng thái hồ sơ tại ngày cuối mỗi kỳ báo cáo (và tính lại khi có sự kiện đến muộn)."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="Chốt từ ngày (dd/mm/yyyy); mặc định từ sự kiện đầu tiên.")
        parser.add_argument("--end", help="Chỉ chốt (lại) một ngày cuối kỳ (dd/mm/yyyy).")

    def handle(self, *args, since=None, end=None, **options):
        if end:
            close = period_state.close_period_end(_day(end))
            self.stdout.write(f"{close.period_end:%d/%m/%Y}: {close.cases} hồ sơ")
            return
        repaired = period_state.repair_period_states()
        done = period_state.close_period_ends(since=_day(since) if since else None, out=self.stdout.write)
        self.stdout.write(_("Đã chốt %(n)s kỳ; tính lại %(r)s hồ sơ có sự kiện đến muộn.") % {"n": len(done), "r": repaired})
