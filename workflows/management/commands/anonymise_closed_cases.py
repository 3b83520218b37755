"""Anonymise graduated and closed cases older than DONG_HANH["RETENTION_YEARS"] (cron or Celery beat)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from workflows.retention import anonymise_closed_cases, retention_years


class Command(BaseCommand):
    help = "Ẩn danh các hồ sơ đã kết thúc quá thời hạn lưu giữ (DONG_HANH['RETENTION_YEARS'])."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không thay đổi dữ liệu.")
        parser.add_argument("--years", type=int, help="Số năm sau khi kết thúc (mặc định: theo cài đặt).")

    def handle(self, *args, **options):
        years = options.get("years")
        result = anonymise_closed_cases(dry_run=options["dry_run"], years=years)
        head = _("Chạy thử: sẽ ẩn danh") if result.dry_run else _("Đã ẩn danh")
        self.stdout.write(
            _("%(head)s %(c)d hồ sơ, %(s)d người (kết thúc trước %(y)d năm).")
            % {"head": head, "c": len(result.cases), "s": len(result.subjects), "y": years if years is not None else retention_years()}
        )
        if result.cases:
            self.stdout.write(_("Hồ sơ: %(ids)s") % {"ids": ", ".join(f"#{pk}" for pk in result.cases)})
        for label, n in sorted(result.rows.items()):
            if n:
                self.stdout.write(f"  {label}: {n}")
