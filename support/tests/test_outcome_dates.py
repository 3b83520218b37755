"""The outcome of a referral records what has happened: a payout, a list confirmed (Mẫu số 01),
a job or a course begun are not after today; a course ends within the longest course. A refused
outcome writes nothing (no outcome, no follow-up, the referral still accepted)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.errors import DomainError
from support import services
from support.models import FollowUp, ReferralOutcome, ReferralStatus

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LOAN = {"loan_purpose": "production", "loan_amount_requested": 60_000_000}


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def accepted(world, sent_referral):
    def _make(type="loan"):
        referral = sent_referral(type, **(LOAN if type == "loan" else {}))
        services.accept_referral(referral, actor=world.labour)
        return referral

    return _make


def _nothing_recorded(referral):
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert not ReferralOutcome.objects.filter(referral=referral).exists()
    assert not FollowUp.objects.filter(referral=referral).exists()


def test_a_payout_date_in_the_future_is_refused_on_the_outcome_form(world, login, accepted, partners):
    referral = accepted("loan")
    response = login(world.labour).post(
        reverse("support:outcome", args=[referral.pk]),
        {
            "result": "achieved",
            "partner": partners["bank"].pk,
            "amount_approved": "50000000",
            "disbursement_date": _d(TODAY + dt.timedelta(days=1)),
            "term_months": "36",
            "confirmation_date": _d(TODAY),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["disbursement_date"] == ["Ngày giải ngân: không được sau ngày hôm nay."]
    _nothing_recorded(referral)


def test_a_payout_today_is_recorded_and_followed_up_three_months_later(world, login, accepted, partners):
    referral = accepted("loan")
    login(world.labour).post(
        reverse("support:outcome", args=[referral.pk]),
        {
            "result": "achieved",
            "partner": partners["bank"].pk,
            "amount_approved": "50000000",
            "disbursement_date": _d(TODAY),
            "term_months": "36",
            "confirmation_date": _d(TODAY),
        },
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OUTCOME
    assert FollowUp.objects.get(referral=referral).due_date == services.follow_up_due(TODAY)


LOAN_OUTCOME = {"amount_approved": 50_000_000, "term_months": 36, "disbursement_date": TODAY, "confirmation_date": TODAY}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"confirmation_date": TODAY + dt.timedelta(days=1)},
            "confirmation_date",
            "Ngày xác nhận danh sách (Mẫu số 01): không được sau ngày hôm nay.",
        ),
        (
            {"confirmation_date": TODAY - dt.timedelta(days=10), "disbursement_date": TODAY - dt.timedelta(days=11)},
            "disbursement_date",
            "Ngày giải ngân: không được trước ngày xác nhận danh sách (Mẫu số 01).",
        ),
        (
            # the released_case completed its sentence a year ago
            {"confirmation_date": TODAY - dt.timedelta(days=400), "disbursement_date": TODAY - dt.timedelta(days=400)},
            "confirmation_date",
            "Ngày xác nhận danh sách (Mẫu số 01): không được trước ngày chấp hành xong án phạt tù",
        ),
        # the form's bound, held by the service for the API too
        ({"term_months": 241}, "term_months", "Thời hạn vay: từ 1 đến 240 tháng."),
    ],
)
def test_impossible_loan_dates_are_refused_naming_the_field(world, accepted, partners, changes, field, message):
    referral = accepted("loan")
    with pytest.raises(DomainError) as err:
        services.record_outcome(referral, actor=world.labour, result="achieved", partner=partners["bank"], **{**LOAN_OUTCOME, **changes})
    assert err.value.field == field and err.value.message.startswith(message)
    _nothing_recorded(referral)


def test_a_job_cannot_have_started_after_today(world, accepted, partners):
    referral = accepted("job")
    with pytest.raises(DomainError) as err:
        services.record_outcome(
            referral,
            actor=world.labour,
            result="achieved",
            partner=partners["employer"],
            position="Thợ hàn",
            start_date=TODAY + dt.timedelta(days=30),
            monthly_wage=7_000_000,
        )
    assert (err.value.field, err.value.message) == ("start_date", "Ngày bắt đầu: không được sau ngày hôm nay.")
    _nothing_recorded(referral)


def test_a_course_may_end_later_but_not_beyond_the_longest_course(world, accepted, partners):
    referral = accepted("training")
    course = {"partner": partners["trainer"], "course": "Hàn điện", "start_date": TODAY - dt.timedelta(days=10)}
    with pytest.raises(DomainError) as err:
        services.record_outcome(referral, actor=world.labour, result="achieved", course_end=dt.date(2100, 1, 1), **course)
    assert err.value.field == "course_end" and err.value.message.startswith("Ngày kết thúc khóa học: không được sau ngày ")
    _nothing_recorded(referral)
    services.record_outcome(referral, actor=world.labour, result="achieved", course_end=TODAY + dt.timedelta(days=300), **course)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OUTCOME


def test_a_partners_phone_number_is_checked_and_kept_in_digits(world):
    with pytest.raises(DomainError) as err:
        services.create_partner(actor=world.labour, commune_id=world.commune.pk, name="Xưởng may", kind="employer", phone="gọi cho tôi")
    assert err.value.field == "phone" and err.value.message.startswith("Số điện thoại: không đúng dạng")
    partner = services.create_partner(
        actor=world.labour, commune_id=world.commune.pk, name="Xưởng may", kind="employer", phone="0222.3712.345"
    )
    assert partner.phone == "02223712345"
