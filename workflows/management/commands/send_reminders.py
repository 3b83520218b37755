"""python manage.py send_reminders [--date dd/mm/yyyy]

Sends each mentor, committee head, commune front officer and labour officer one digest of what
is due today (workflows.reminders): in-app, by e-mail where the user has an address, and by
SMS/Zalo when those channels are switched on (DONG_HANH["REMINDER_CHANNELS"]). Safe to rerun:
one digest per user per day; a rerun only retries failed deliveries, up to the limit. Celery
beat runs the task workflows.send_reminders; without a broker, cron runs this command, e.g.
`0 7 * * * manage.py send_reminders` and again at noon to retry.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workflows.reminders import send_reminders


class Command(BaseCommand):
    help = "Gửi bản nhắc việc hằng ngày cho người giúp đỡ, Trưởng Ban và cán bộ."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày nhắc, dạng dd/mm/yyyy (mặc định: hôm nay).")

    def handle(self, *args, **options):
        day = None
        if options.get("date"):
            try:
                day = dt.datetime.strptime(options["date"], "%d/%m/%Y").date()
            except ValueError as exc:
                raise CommandError(_("Ngày không hợp lệ: %(d)r (dạng dd/mm/yyyy).") % {"d": options["date"]}) from exc
        result = send_reminders(day=day)
        sent = ", ".join(f"{k} {v}" for k, v in sorted(result.sent.items())) or "0"
        failed = ", ".join(f"{k} {v}" for k, v in sorted(result.failed.items())) or "0"
        self.stdout.write(
            _(
                "Ngày %(day)s: %(users)d người dùng, %(digests)d bản nhắc mới; đã gửi: %(sent)s; lỗi: %(failed)s; chờ hết giờ yên lặng: %(held)d."
            )
            % {
                "day": result.day.strftime("%d/%m/%Y"),
                "users": result.users,
                "digests": result.digests,
                "sent": sent,
                "failed": failed,
                "held": result.held,
            }
        )
