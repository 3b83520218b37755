"""python manage.py seed_demo: realistic demo data. Idempotent; refuses to run with DEBUG off."""

from __future__ import annotations

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

# Seeders of later issues, run in this order after the core; each module has seed(ctx).
EXTRA_SEEDERS: list[str] = ["demo.visits", "demo.reviews", "demo.referrals", "demo.police", "demo.community"]


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (chỉ khi DEBUG bật)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(_("seed_demo chỉ chạy khi DJANGO_DEBUG=1 (không bao giờ trên hệ thống thật)."))
        from demo import core

        with transaction.atomic():
            ctx = core.seed()
            for module_name in EXTRA_SEEDERS:
                importlib.import_module(module_name).seed(ctx)
        if ctx.created:
            # Counted in the database: a transfer opens a second case the seeder did not list.
            from cases.models import Case, Subject

            cases = Case.objects.filter(commune__in=[ctx.commune, ctx.commune2])
            people = Subject.objects.filter(cases__in=cases).distinct().count()
            self.stdout.write(self.style.SUCCESS(_("Đã tạo dữ liệu mẫu: %(n)d hồ sơ của %(p)d người.") % {"n": cases.count(), "p": people}))
        else:
            self.stdout.write(_("Dữ liệu mẫu đã có sẵn; không tạo thêm."))
        self.stdout.write(_("Tài khoản mẫu (mật khẩu: %(password)s):") % {"password": settings.DEMO_PASSWORD})
        for username, _role, full_name, title in core.LOGINS:
            self.stdout.write(f"  {username:<9} {full_name} — {title}")
