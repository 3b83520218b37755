"""Two ends kept apart (issue 11): progress approved under a running legal term is recorded, not
a graduation; án treo may be shortened after half its test period by a court's decision; when
the clock ends a task asks the head to confirm and the case ends with its legal basis; an at-risk
youth graduates by progress as before."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from cases import legal_services
from cases.errors import DomainError, PermissionRefused
from cases.legal_tasks import sync_legal_tasks
from cases.models import CaseStatus, LegalTask, LegalTaskKind, LegalTaskStatus, ShorteningStatus
from workflows.tests.test_review_flow import approve_past_review, decide, draft

TODAY = timezone.localdate()


def suspended(make_case, *, months_ago: int, term: int = 24, state: str = "in_review"):
    return make_case(state, category="suspended_sentence", clock_start_date=TODAY - relativedelta(months=months_ago), term_months=term)


def test_a_suspended_sentence_with_two_progressing_reviews_stays_under_management(make_case, open_review, review_task, world, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "GRADUATION_PROGRESS_REVIEWS": 2}
    case = suspended(make_case, months_ago=6)
    approve_past_review(world, case, "2026Q3")
    review = open_review(case)
    draft(review, review_task, world.mentor.user, recommendation="graduate")
    decide(review, review_task, world.head)  # no refusal: the approval stands
    case.refresh_from_db()
    review.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW and review.status == "approved" and review.outcome == "graduate"
    event = case.events.get(transition="progress_recorded")
    assert "thời gian thử thách" in event.reason or "thời hạn quản lý" in event.reason
    assert event.data["rule"] == "suspended_term"


def test_the_head_is_told_in_vietnamese_what_to_do_instead(make_case, open_review, review_task, world, login, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "GRADUATION_PROGRESS_REVIEWS": 1}
    case = suspended(make_case, months_ago=13)  # past half of 24 months
    review = open_review(case)
    draft(review, review_task, world.mentor.user, recommendation="graduate")
    client = login(world.head)
    response = client.post(reverse("workflows:review_task", args=[review_task(review, "decide").pk]), {"decision": "approve"}, follow=True)
    page = response.content.decode()
    assert "Tiến bộ đã được ghi nhận, hồ sơ vẫn tiếp tục quản lý" in page
    assert "rút ngắn thời gian thử thách" in page


@pytest.mark.parametrize(("months_ago", "days_extra", "ok"), [(12, -1, False), (12, 0, True), (12, 1, True)])
def test_a_shortening_proposal_is_possible_from_half_the_test_period(make_case, world, months_ago, days_extra, ok):
    case = suspended(make_case, months_ago=months_ago)
    from cases import legal

    half = legal.legal_clock(case.subject).shortening_from
    on = half + dt.timedelta(days=days_extra)
    if ok:
        assert legal_services.propose_shortening(case, actor=world.head, reason="Tiến bộ rõ", proposed_on=on)
    else:
        with pytest.raises(DomainError, match="một nửa thời gian thử thách"):
            legal_services.propose_shortening(case, actor=world.head, reason="Tiến bộ rõ", proposed_on=on)


def test_a_court_decision_moves_the_clock_and_the_end_follows(make_case, world):
    case = suspended(make_case, months_ago=14)
    shortening = legal_services.propose_shortening(case, actor=world.head, reason="Chấp hành tốt, có việc làm ổn định")
    with pytest.raises(PermissionRefused):
        legal_services.record_court_decision(shortening, actor=world.mentor.user, granted=True, decision_date=TODAY, new_term_end=TODAY)
    legal_services.record_court_decision(
        shortening, actor=world.police, granted=True, decision_date=TODAY, decision_ref="Quyết định 12/2026/QĐ-TA", new_term_end=TODAY
    )
    shortening.refresh_from_db()
    case.refresh_from_db()
    assert shortening.status == ShorteningStatus.GRANTED and case.subject.court_term_end == TODAY
    assert case.subject.legal_clock_end == TODAY
    assert case.subject.history.first().court_term_end == TODAY  # the change left history
    # The clock has ended today: the daily job asks the head to confirm.
    sync_legal_tasks(TODAY)
    task = LegalTask.objects.get(case=case, kind=LegalTaskKind.CLOCK_END)
    assert task.role == "committee_head" and task.due_on == TODAY
    legal_services.end_by_legal_clock(case, actor=world.head)
    case.refresh_from_db()
    task.refresh_from_db()
    assert case.status == CaseStatus.GRADUATED and case.graduation_basis == "legal_clock"
    assert case.graduation_rule == "suspended_term_shortened" and task.status == LegalTaskStatus.DONE
    assert "Điều 65 khoản 4" in case.events.get(transition="graduate").reason


@pytest.mark.parametrize(("days_left", "ends"), [(1, False), (0, True), (-1, True)])
def test_the_clock_end_creates_a_confirmation_task_on_the_day(make_case, world, days_left, ends):
    case = make_case(
        "in_review",
        category="commune_education",
        clock_start_date=TODAY - relativedelta(months=3) + dt.timedelta(days=days_left),
        term_months=3,
    )
    sync_legal_tasks(TODAY)
    assert LegalTask.objects.filter(case=case, kind=LegalTaskKind.CLOCK_END).exists() is ends
    if not ends:
        with pytest.raises(Exception, match="còn trong thời hạn quản lý"):
            legal_services.end_by_legal_clock(case, actor=world.head)


def test_an_at_risk_youth_with_two_progressing_reviews_graduates_as_today(make_case, open_review, review_task, world, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "GRADUATION_PROGRESS_REVIEWS": 2}
    case = make_case("in_review", category="delinquent_youth")
    approve_past_review(world, case, "2026Q3")
    review = open_review(case)
    draft(review, review_task, world.mentor.user, recommendation="graduate")
    decide(review, review_task, world.head)
    case.refresh_from_db()
    assert case.status == CaseStatus.GRADUATED and case.graduation_basis == "progress" and case.graduation_rule == "progress"


def test_the_case_page_shows_the_legal_dates_and_the_basis(make_case, world, login):
    case = suspended(make_case, months_ago=14)
    page = login(world.head).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Thời hạn theo quy định" in page and "Hết thời hạn quản lý" in page and "Điều 65 Bộ luật Hình sự 2015" in page
    assert "Đề nghị rút ngắn thời gian thử thách" in page
    printed = login(world.head).get(reverse("cases:print", args=[case.pk])).content.decode()
    assert "Hết thời hạn quản lý" in printed and "còn" in printed


def test_an_outsider_cannot_open_the_legal_pages(make_case, world, login):
    case = suspended(make_case, months_ago=14)
    client = login(world.outsider)
    for name in ("legal:propose_shortening", "lifecycle:end_by_clock", "legal:address_check"):
        assert client.get(reverse(name, args=[case.pk])).status_code == 404


def test_the_decision_page_warns_before_approving_a_graduation_the_law_holds(make_case, open_review, review_task, world, login):
    case = suspended(make_case, months_ago=6)
    review = open_review(case)
    draft(review, review_task, world.mentor.user, recommendation="graduate")
    page = login(world.head).get(reverse("workflows:review_task", args=[review_task(review, "decide").pk])).content.decode()
    assert "Duyệt đề nghị này sẽ ghi nhận tiến bộ, chưa đưa ra khỏi diện quản lý." in page
    assert "đủ một nửa thời gian thử thách" in page  # when the shortening becomes possible


def test_ending_by_the_legal_clock_from_the_page_ends_what_hangs_on_the_case(make_case, world, login):
    """The confirmation goes through workflows.lifecycle: open referrals are withdrawn too."""
    from support import services as support_services
    from support.models import ReferralStatus

    case = suspended(make_case, months_ago=30)  # a 24-month test period that ended 6 months ago
    referral = support_services.create_referral(case, actor=world.mentor.user, type="counselling", needs="Tư vấn", send=True)
    response = login(world.head).post(reverse("lifecycle:end_by_clock", args=[case.pk]), {"reason": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    referral.refresh_from_db()
    assert case.status == "graduated" and case.graduation_basis == "legal_clock"
    assert referral.status == ReferralStatus.WITHDRAWN
