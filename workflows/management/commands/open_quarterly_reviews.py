"""python manage.py open_quarterly_reviews [--quarter 2026Q4]

Opens a review (and its workflow process) for every case in assigned, in_review or supported
that has none for the quarter. Idempotent and safe to run twice at once (the unique
constraint on case+quarter decides). Celery beat runs it on the first day of each quarter
(config/celery.py); without a broker, cron runs it, e.g. `5 0 1 1,4,7,10 * manage.py open_quarterly_reviews`.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.selectors import system_user
from workflows.quarters import parse_quarter, quarter_of
from workflows.services import open_quarterly_reviews


class Command(BaseCommand):
    help = "Mở kỳ đánh giá hằng quý cho các hồ sơ đang giúp đỡ."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", help="Quý, dạng 2026Q4 (mặc định: quý hiện tại).")

    def handle(self, *args, **options):
        quarter = options.get("quarter") or quarter_of()
        try:
            parse_quarter(quarter)
        except ValueError as exc:
            raise CommandError(_("Quý không hợp lệ: %(q)r (dạng 2026Q4).") % {"q": quarter}) from exc
        started = time.monotonic()
        result = open_quarterly_reviews(quarter=quarter, actor=system_user())
        elapsed = time.monotonic() - started
        self.stdout.write(
            _("Quý %(q)s: mở %(opened)d kỳ đánh giá (%(eligible)d hồ sơ cần mở) trong %(seconds).1f giây.")
            % {"q": quarter, "opened": result.opened, "eligible": result.eligible, "seconds": elapsed}
        )
