"""python manage.py load_places: the official 34 provinces and 3,321 communes (two-tier
government since 01/07/2025) from the pinned vietnam-provinces package. Idempotent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from areas.services import load_places


def _system_actor():
    # The same system user accounts.selectors.system_user returns; areas sits below accounts.
    return get_user_model().objects.get_or_create(
        username=settings.DONG_HANH["SYSTEM_USERNAME"],
        defaults={"full_name": "Hệ thống", "is_system": True, "is_active": False},
    )[0]


class Command(BaseCommand):
    help = "Nạp danh mục 34 tỉnh/thành phố và 3.321 xã/phường/đặc khu chính thức."

    def add_arguments(self, parser):
        parser.add_argument("--province", action="append", dest="provinces", help="Chỉ nạp tỉnh có mã này (lặp lại được).")

    def handle(self, *args, **options):
        import vietnam_provinces

        result = load_places(actor=_system_actor(), province_codes=options["provinces"])
        self.stdout.write(
            _("Danh mục vietnam-provinces %(version)s (dữ liệu ngày %(data)s): %(p)d tỉnh/thành phố, %(c)d xã/phường/đặc khu.")
            % {
                "version": vietnam_provinces.__version__,
                "data": vietnam_provinces.__data_version__,
                "p": result.provinces_total,
                "c": result.communes_total,
            }
        )
        if result.changes:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Thêm mới %(pc)d tỉnh, %(cc)d xã; cập nhật %(pu)d tỉnh, %(cu)d xã.")
                    % {
                        "pc": result.provinces_created,
                        "cc": result.communes_created,
                        "pu": result.provinces_updated,
                        "cu": result.communes_updated,
                    }
                )
            )
        else:
            self.stdout.write(_("Không có thay đổi."))
