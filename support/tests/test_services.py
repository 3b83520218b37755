import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from cases.errors import DomainError, PermissionRefused, TransitionRefused
from cases.models import CaseEvent
from support import services
from support.models import OutcomeResult, ReferralStatus

TODAY = timezone.localdate()

OUTCOMES = {
    "job": lambda p: {"partner": p["employer"], "position": "Công nhân may", "start_date": TODAY, "monthly_wage": 6_500_000},
    "training": lambda p: {
        "partner": p["trainer"],
        "course": "Sửa chữa xe máy",
        "start_date": TODAY,
        "course_end": TODAY + dt.timedelta(days=90),
    },
    "loan": lambda p: {
        "partner": p["bank"],
        "amount_approved": 50_000_000,
        "disbursement_date": TODAY,
        "term_months": 36,
        "confirmation_date": TODAY,
    },
    "social_assistance": lambda p: {"notes": "Trợ cấp xã hội hằng tháng"},
    "paperwork": lambda p: {"notes": "Đã làm căn cước"},
    "counselling": lambda p: {"notes": "Tư vấn 4 buổi"},
}
LOAN = {"loan_purpose": "production", "loan_amount_requested": 60_000_000}


def transitions(case):
    """The case's own transitions (the referral's steps are events on the case too)."""
    events = CaseEvent.objects.filter(case=case).exclude(transition__startswith="referral_")
    return list(events.order_by("pk").values_list("transition", "to_state"))


@pytest.mark.parametrize("type", list(OUTCOMES))
def test_a_referral_of_each_type_goes_the_full_path_and_moves_the_case_in_and_out_of_support(world, released_case, partners, type):
    case, labour = released_case, world.labour
    extra = LOAN if type == "loan" else {}
    referral = services.create_referral(case, actor=world.users["mentor"], type=type, needs="nhu cầu", **extra)
    assert referral.status == ReferralStatus.DRAFT
    case.refresh_from_db()
    assert case.status == "in_review"

    services.send_referral(referral, actor=world.users["mentor"])
    case.refresh_from_db()
    assert case.status == "supported"
    assert transitions(case)[-1] == ("open_support", "supported")
    referral.refresh_from_db()
    assert referral.officer == labour and referral.status == ReferralStatus.SENT

    services.accept_referral(referral, actor=labour)
    services.record_outcome(referral, actor=labour, result=OutcomeResult.ACHIEVED, **OUTCOMES[type](partners))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OUTCOME
    assert referral.follow_ups.get().due_date == TODAY + relativedelta(months=3)
    services.record_follow_up(referral, actor=labour, still_active=True, notes="ổn")
    case.refresh_from_db()
    assert case.status == "supported"
    services.close_referral(referral, actor=labour)

    referral.refresh_from_db()
    case.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    assert case.status == "in_review"
    assert transitions(case)[-2:] == [("open_support", "supported"), ("close_support", "in_review")]
    assert CaseEvent.objects.filter(case=case, transition="close_support").get().actor == labour
    assert referral.history.count() >= 5
    steps = list(CaseEvent.objects.filter(case=case, data__referral=referral.pk).order_by("pk").values_list("transition", flat=True))
    assert steps == [
        "referral_created",
        "referral_sent",
        "open_support",
        "referral_accepted",
        "referral_outcome",
        "referral_followed_up",
        "referral_closed",
        "close_support",
    ]


def test_the_case_stays_supported_until_the_last_open_referral_ends(world, sent_referral):
    first, second = sent_referral("job"), sent_referral("counselling")
    case = first.case
    services.decline_referral(first, actor=world.labour, reason="Không có việc phù hợp")
    case.refresh_from_db()
    assert case.status == "supported"
    services.withdraw_referral(second, actor=world.users["mentor"], reason="Đã tự tìm được")
    case.refresh_from_db()
    assert case.status == "in_review"
    assert [t for t, _ in transitions(case)].count("open_support") == 1
    second.refresh_from_db()
    assert second.status == ReferralStatus.WITHDRAWN


def test_declining_needs_a_reason_and_changes_nothing_without_one(world, sent_referral):
    referral = sent_referral()
    with pytest.raises(DomainError) as err:
        services.decline_referral(referral, actor=world.labour, reason=" ")
    assert err.value.field == "reason"
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_an_officer_of_another_commune_cannot_triage(world, sent_referral):
    from conftest import make_user

    other = make_user("labour2", "labour_officer", commune=world.other_commune)
    with pytest.raises(PermissionRefused):
        services.accept_referral(sent_referral(), actor=other)


def test_a_mentor_cannot_triage_and_the_officer_cannot_refer(world, released_case, sent_referral):
    with pytest.raises(PermissionRefused):
        services.accept_referral(sent_referral(), actor=world.users["mentor"])
    with pytest.raises(PermissionRefused):
        services.create_referral(released_case, actor=world.labour, type="job")


def test_a_referral_is_refused_for_a_case_not_under_mentoring(world, make_case):
    case = make_case("assigned")
    with pytest.raises(TransitionRefused):
        services.create_referral(case, actor=world.front, type="job")


def test_closing_an_achieved_outcome_needs_its_follow_up_first(world, sent_referral, partners):
    referral = sent_referral()
    services.accept_referral(referral, actor=world.labour)
    services.record_outcome(referral, actor=world.labour, result="achieved", **OUTCOMES["job"](partners))
    with pytest.raises(TransitionRefused):
        services.close_referral(referral, actor=world.labour)


def test_a_job_outcome_names_the_missing_field(world, sent_referral, partners):
    referral = sent_referral()
    services.accept_referral(referral, actor=world.labour)
    with pytest.raises(DomainError) as err:
        services.record_outcome(referral, actor=world.labour, result="achieved", partner=partners["employer"], position="Thợ may")
    assert err.value.field == "start_date"


def test_a_referral_created_twice_with_one_idempotency_key_is_one_referral(world, released_case):
    first = services.create_referral(
        released_case, actor=world.users["mentor"], type="job", needs="Cần vay vốn chăn nuôi", idempotency_key="k-1"
    )
    again = services.create_referral(
        released_case, actor=world.users["mentor"], type="job", needs="Cần vay vốn chăn nuôi", idempotency_key="k-1"
    )
    assert again.pk == first.pk
    referral = first
    assert referral.status == ReferralStatus.DRAFT and referral.needs == "Cần vay vốn chăn nuôi"
