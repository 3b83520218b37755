"""python manage.py run_import BATCH check|write: one step of an Excel import, as the
background job runs it (for cron or to resume a job after a restart)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from imports.models import ImportBatch
from imports.services import run_step


class Command(BaseCommand):
    help = "Chạy một bước của lần nhập Excel (kiểm tra hoặc ghi)."

    def add_arguments(self, parser):
        parser.add_argument("batch", type=int)
        parser.add_argument("step", choices=["check", "write"])

    def handle(self, *args, **options):
        if not ImportBatch.objects.filter(pk=options["batch"]).exists():
            raise CommandError(_("Không có lần nhập số %(n)d.") % {"n": options["batch"]})
        run_step(options["batch"], options["step"])
        batch = ImportBatch.objects.get(pk=options["batch"])
        self.stdout.write(f"{batch.get_status_display()}: {batch.counts}")
