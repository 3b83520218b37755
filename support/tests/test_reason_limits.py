"""A NUL byte or an over-long text in a triage reason is a form error, never a 500
(PostgreSQL refuses a NUL in a text column), and nothing is saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import CaseEvent
from support import services
from support.models import Referral, ReferralStatus

NUL = "Không phù hợp\x00với ngành nghề"


def _counts():
    return (Referral.history.count(), CaseEvent.objects.count())


def _outcome(world, sent_referral):
    referral = sent_referral("counselling")
    services.accept_referral(referral, actor=world.labour)
    services.record_outcome(referral, actor=world.labour, result="not_achieved", notes="Không liên lạc được")
    return referral


def _assert_refused(response, referral, status, before):
    assert response.status_code == 200
    html = response.content.decode()
    assert "ký tự không hợp lệ" in html and "U+0000" in html
    referral.refresh_from_db()
    assert referral.status == status
    assert _counts() == before


def test_a_nul_byte_in_the_decline_reason_is_a_form_error_and_nothing_is_saved(world, login, sent_referral):
    referral = sent_referral()
    before = _counts()
    response = login(world.labour).post(reverse("support:decline", args=[referral.pk]), {"reason": NUL})
    _assert_refused(response, referral, ReferralStatus.SENT, before)
    assert referral.decline_reason == ""


def test_a_nul_byte_in_the_close_note_is_a_form_error_and_nothing_is_saved(world, login, sent_referral):
    referral = _outcome(world, sent_referral)
    before = _counts()
    response = login(world.labour).post(reverse("support:close", args=[referral.pk]), {"reason": NUL})
    _assert_refused(response, referral, ReferralStatus.OUTCOME, before)
    assert referral.close_note == ""


def test_a_nul_byte_in_the_withdraw_reason_is_refused_with_a_message(world, login, sent_referral):
    referral = sent_referral()
    before = _counts()
    response = login(world.users["mentor"]).post(reverse("support:withdraw", args=[referral.pk]), {"reason": NUL}, follow=True)
    assert response.status_code == 200 and "ký tự không hợp lệ" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT and _counts() == before


def test_a_decline_reason_over_the_short_limit_is_refused(world, login, sent_referral, settings):
    referral = sent_referral()
    before = _counts()
    response = login(world.labour).post(reverse("support:decline", args=[referral.pk]), {"reason": "x" * 501})
    assert response.status_code == 200 and "tối đa 500 ký tự (hiện có 501)" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT and _counts() == before


def test_a_valid_decline_and_close_still_work_through_the_form(world, login, sent_referral):
    client = login(world.labour)
    declined = sent_referral()
    assert client.post(reverse("support:decline", args=[declined.pk]), {"reason": "Không có việc phù hợp"}).status_code == 302
    declined.refresh_from_db()
    assert declined.status == ReferralStatus.DECLINED and declined.decline_reason == "Không có việc phù hợp"
    closed = _outcome(world, sent_referral)
    assert client.post(reverse("support:close", args=[closed.pk]), {"reason": ""}).status_code == 302
    closed.refresh_from_db()
    assert closed.status == ReferralStatus.CLOSED


def test_a_nul_byte_in_a_case_close_reason_is_a_form_error(world, login, make_case):
    case = make_case("in_review")
    events = CaseEvent.objects.count()
    data = {"reason_code": "moved", "reason": NUL, "revision": case.revision}
    response = login(world.front).post(reverse("lifecycle:transition", args=[case.pk, "close"]), data)
    assert response.status_code == 200 and "ký tự không hợp lệ" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "in_review" and CaseEvent.objects.count() == events


@pytest.mark.postgres
def test_on_postgresql_a_nul_byte_in_decline_close_and_case_close_reasons_gives_a_form_error_not_a_500(
    world, login, sent_referral, make_case, is_postgres
):
    assert is_postgres, "run with DATABASE_URL=postgres://…"
    client = login(world.labour)
    sent = sent_referral()
    before = _counts()
    _assert_refused(client.post(reverse("support:decline", args=[sent.pk]), {"reason": NUL}), sent, ReferralStatus.SENT, before)
    done = _outcome(world, sent_referral)
    before = _counts()
    _assert_refused(client.post(reverse("support:close", args=[done.pk]), {"reason": NUL}), done, ReferralStatus.OUTCOME, before)
    case = make_case("in_review")
    data = {"reason_code": "moved", "reason": NUL, "revision": case.revision}
    response = login(world.front).post(reverse("lifecycle:transition", args=[case.pk, "close"]), data)
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == "in_review"


def test_the_reason_form_ignores_a_next_address_holding_a_nul_byte(world, login, make_case):
    case = make_case("in_review")
    url = reverse("cases:access_reason", args=[case.pk])
    response = login(world.police).post(url, {"reason_code": "supervision", "next": f"/cases/{case.pk}/\x00print/"})
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
