import datetime as dt

import pytest
from django.utils import timezone

from support import services
from support.models import Partner, PartnerKind

OFFENCE = "Tàng trữ XYZZY-OFFENCE trái phép"
SENTENCE = "Bản án số PLUGH-SENTENCE/2024"


@pytest.fixture
def partners(world):
    return {
        "employer": Partner.objects.create(name="Công ty May Hoàn Sơn", kind=PartnerKind.EMPLOYER, commune=world.commune),
        "trainer": Partner.objects.create(name="Trường Trung cấp nghề Bắc Ninh", kind=PartnerKind.TRAINING_PROVIDER),
        "bank": Partner.objects.create(name="Điểm giao dịch NHCSXH xã Hoàn Sơn", kind=PartnerKind.BANK_POINT),
    }


@pytest.fixture
def released_case(make_case):
    """In review, completed a prison sentence a year ago: loan-eligible."""
    return make_case(
        "in_review",
        clock_start_date=timezone.localdate() - dt.timedelta(days=365),
        expungement_years=3,
        offence_summary=OFFENCE,
        sentence_details=SENTENCE,
        classification="C",
        phone="0981234567",
    )


@pytest.fixture
def sent_referral(world, released_case):
    def _make(type="job", **kw):
        return services.create_referral(
            released_case, actor=world.users["mentor"], type=type, needs="Cần việc làm ổn định", skills="Lái xe", send=True, **kw
        )

    return _make
