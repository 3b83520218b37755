import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from cases.errors import DomainError
from support import services
from support.models import ReferralStatus

TODAY = timezone.localdate()


def _case(make_case, *, completed, category="prison_released"):
    return make_case("in_review", category=category, clock_start_date=completed, expungement_years=5)


def _loan(world, case, **kw):
    data = {"loan_purpose": "production", "loan_amount_requested": 50_000_000}
    data.update(kw)
    return services.create_referral(case, actor=world.front, type="loan", send=True, **data)


def test_a_loan_exactly_five_years_after_completion_is_accepted(world, make_case):
    referral = _loan(world, _case(make_case, completed=TODAY - relativedelta(years=5)))
    assert referral.status == ReferralStatus.SENT


def test_a_loan_five_years_and_one_day_after_completion_is_refused_naming_the_rule(world, make_case):
    case = _case(make_case, completed=TODAY - relativedelta(years=5) - dt.timedelta(days=1))
    with pytest.raises(DomainError) as err:
        _loan(world, case)
    assert "22/2023/QĐ-TTg" in err.value.message and "5 năm" in err.value.message
    case.refresh_from_db()
    assert case.status == "in_review" and not case.referrals.exists()


def test_exactly_the_production_maximum_is_accepted(world, make_case):
    assert _loan(world, _case(make_case, completed=TODAY), loan_amount_requested=100_000_000).status == ReferralStatus.SENT


def test_one_dong_over_the_production_maximum_is_refused_naming_the_rule(world, make_case):
    with pytest.raises(DomainError) as err:
        _loan(world, _case(make_case, completed=TODAY), loan_amount_requested=100_000_001)
    assert "22/2023/QĐ-TTg" in err.value.message and "100.000.000 ₫" in err.value.message
    assert err.value.field == "loan_amount_requested"


def test_training_loans_are_capped_per_month_of_training(world, make_case):
    case = _case(make_case, completed=TODAY)
    ok = _loan(world, case, loan_purpose="training", loan_training_months=6, loan_amount_requested=24_000_000)
    assert ok.status == ReferralStatus.SENT
    with pytest.raises(DomainError) as err:
        _loan(world, case, loan_purpose="training", loan_training_months=6, loan_amount_requested=24_000_001)
    assert "4.000.000 ₫" in err.value.message


def test_a_category_the_decision_does_not_cover_is_refused(world, make_case):
    with pytest.raises(DomainError) as err:
        _loan(world, _case(make_case, completed=TODAY, category="at_risk"))
    assert "22/2023/QĐ-TTg" in err.value.message and "đặc xá" in err.value.message


def test_the_limits_are_settings(world, make_case, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "LOAN_MAX_PRODUCTION_VND": 120_000_000}
    assert _loan(world, _case(make_case, completed=TODAY), loan_amount_requested=120_000_000).status == ReferralStatus.SENT


def test_the_approved_amount_is_checked_against_the_maximum_too(world, make_case):
    from support.models import Partner

    referral = _loan(world, _case(make_case, completed=TODAY), loan_amount_requested=100_000_000)
    services.accept_referral(referral, actor=world.labour)
    bank = Partner.objects.create(name="NHCSXH", kind="bank_point")
    with pytest.raises(DomainError) as err:
        services.record_outcome(
            referral,
            actor=world.labour,
            result="achieved",
            partner=bank,
            amount_approved=100_000_001,
            amount_requested=100_000_001,
            disbursement_date=TODAY,
            term_months=36,
            confirmation_date=TODAY,
        )
    assert "22/2023/QĐ-TTg" in err.value.message
