"""Daily: create the legal tasks (clock ends, helpers to name, address checks, evaluations)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cases.legal_tasks import sync_legal_tasks


class Command(BaseCommand):
    help = "Tạo các việc theo quy định: xác nhận hết thời hạn, phân công người giúp đỡ, xác minh nơi cư trú, đánh giá hằng tháng."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="dd/mm/yyyy (mặc định: hôm nay)")

    def handle(self, *args, **options):
        on = None
        if options.get("on"):
            try:
                on = dt.datetime.strptime(options["on"], "%d/%m/%Y").date()
            except ValueError as exc:
                raise CommandError(_("Ngày không hợp lệ, dùng dạng dd/mm/yyyy.")) from exc
        result = sync_legal_tasks(on)
        self.stdout.write(
            _("Đã tạo %(c)d việc, hoàn thành %(d)d, hủy %(x)d.") % {"c": result.created, "d": result.done, "x": result.cancelled}
        )
