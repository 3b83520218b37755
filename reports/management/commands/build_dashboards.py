"""python manage.py build_dashboards [--period 2026H2]

The daily job (cron or Celery beat, after close_period_ends): the figures of the nation's and
every province's dashboard for the period (by default the current half-year, the page's
default), built and stored so the first reader of the day does not wait (reports.dashboards)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reports.dashboards import build_all
from reports.periods import PeriodError, current_half, parse_period


class Command(BaseCommand):
    help = "Tính sẵn số liệu trang báo cáo toàn quốc và từng tỉnh (mặc định kỳ 6 tháng hiện tại)."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="Kỳ báo cáo, ví dụ 2026H2, 2026Q3, 2026-11.")

    def handle(self, *args, period=None, **options):
        try:
            chosen = parse_period(period) if period else current_half()
        except PeriodError as exc:
            raise CommandError(_("Kỳ báo cáo: %(error)s") % {"error": exc}) from exc
        done = build_all(chosen, out=self.stdout.write)
        self.stdout.write(_("Đã tính sẵn %(n)s trang báo cáo kỳ %(period)s.") % {"n": len(done), "period": chosen.name})
