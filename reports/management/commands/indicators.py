"""python manage.py indicators [--place CODE] --period 2026H1 --format json|xlsx [--output FILE]"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.selectors import system_user
from reports.exports import report_json, write_xlsx
from reports.models import ReportExportLog
from reports.periods import PeriodError, parse_period
from reports.selectors import build_report, find_place
from reports.services import log_export


class Command(BaseCommand):
    help = "Chỉ tiêu báo cáo định kỳ cho một địa bàn (mặc định: toàn bộ hệ thống), đến cấp khu dân cư."

    def add_arguments(self, parser):
        parser.add_argument("--place", help="Mã tỉnh, xã/phường hoặc khu dân cư; bỏ trống để lấy toàn quốc.")
        parser.add_argument("--period", required=True, help="2026Q3, 2026H1, 2026 hoặc 2026-01-01:2026-06-30")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", help="Tệp kết quả (bắt buộc với xlsx; JSON mặc định in ra màn hình).")

    def handle(self, *args, place=None, period=None, format="json", output=None, **options):
        try:
            the_period = parse_period(period)
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        root = find_place(place)
        if root is None:
            raise CommandError(_("Không tìm thấy địa bàn có mã “%(code)s”.") % {"code": place})
        if format == "xlsx" and not output:
            raise CommandError(_("Cần --output khi xuất Excel."))
        report = build_report(root, the_period, grain="area")
        if format == "json":
            text = json.dumps(report_json(report), ensure_ascii=False, indent=2, default=str)
            if output:
                with open(output, "w", encoding="utf-8") as fh:
                    fh.write(text)
            else:
                sys.stdout.write(text + "\n")
        else:
            write_xlsx(report, output)
        log_export(user=system_user(), place=root, period=the_period, fmt=format, channel=ReportExportLog.Channel.COMMAND)
        if output:
            self.stderr.write(f"Đã ghi {output}")
