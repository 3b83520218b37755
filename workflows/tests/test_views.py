"""The inbox, the review task pages, delegations and the case page panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Delegation
from cases.models import CaseStatus, ReviewStatus
from conftest import ASSESSMENT
from workflows import services


def post_assessment(client, task, **changes):
    data = {k: v for k, v in {**ASSESSMENT, **changes}.items()}
    data["action"] = "submit"
    return client.post(reverse("workflows:review_task", args=[task.pk]), data)


def test_the_inbox_lists_the_mentors_open_review_with_its_due_date(make_case, open_review, login, world):
    case = make_case("in_review")
    open_review(case)
    response = login(world.mentor.user).get(reverse("workflows:inbox"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Soạn đánh giá quý 4/2026" in html and case.subject.full_name in html and "15/01/2027" in html


def test_the_inbox_highlights_and_counts_overdue_tasks(make_case, open_review, login, world):
    open_review(make_case("in_review"), quarter="2020Q1")
    html = login(world.mentor.user).get(reverse("workflows:inbox")).content.decode()
    assert "task-overdue" in html and "1 việc quá hạn" in html


def test_the_inbox_query_count_does_not_grow_with_the_number_of_tasks(make_case, open_review, login, world, django_assert_num_queries):
    client = login(world.mentor.user)
    open_review(make_case("in_review"))
    client.get(reverse("workflows:inbox"))  # warm up (session, content types)
    # session, user, scope, badge count, open tasks, review details
    with django_assert_num_queries(6):
        client.get(reverse("workflows:inbox"))
    for _ in range(3):
        open_review(make_case("in_review"))
    with django_assert_num_queries(6):
        response = client.get(reverse("workflows:inbox"))
    assert response.content.decode().count("Soạn đánh giá quý") == 4


def test_the_navigation_shows_the_task_count_and_home_leads_to_the_inbox(make_case, open_review, login, world):
    open_review(make_case("in_review"))
    client = login(world.mentor.user)
    assert client.get("/").url == reverse("workflows:inbox")
    html = client.get(reverse("workflows:inbox")).content.decode()
    assert 'Việc cần làm <span class="badge">1</span>' in html


def test_the_mentor_drafts_through_the_task_page(make_case, open_review, review_task, login, world):
    case = make_case("in_review")
    review = open_review(case)
    client = login(world.mentor.user)
    task = review_task(review)
    assert client.get(reverse("workflows:review_task", args=[task.pk])).status_code == 200
    response = post_assessment(client, task)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert review_task(review, "decide").owner == world.head


def test_a_missing_rating_is_a_form_error_naming_the_field(make_case, open_review, review_task, login, world):
    review = open_review(make_case("in_review"))
    response = post_assessment(login(world.mentor.user), review_task(review), rating="")
    assert response.status_code == 200
    assert "Vui lòng chọn mức đánh giá." in response.content.decode()


def test_the_head_approves_and_the_case_page_shows_the_decision(make_case, open_review, review_task, login, world):
    case = make_case("in_review")
    review = open_review(case)
    services.save_assessment(review, actor=world.mentor.user, data={**ASSESSMENT, "recommendation": "escalate"}, submit=True)
    client = login(world.head)
    task = review_task(review, "decide")
    assert client.get(reverse("workflows:review_task", args=[task.pk])).status_code == 200
    response = client.post(reverse("workflows:review_task", args=[task.pk]), {"decision": "approve"})
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[case.pk])
    case.refresh_from_db()
    assert case.status == CaseStatus.ESCALATED
    html = client.get(response.url).content.decode()
    assert "Đánh giá hằng quý" in html and "4/2026" in html and "Chuyển công an xử lý" in html


def test_a_refused_transition_inside_a_task_post_is_a_form_error_not_a_500(make_case, open_review, review_task, login, world):
    case = make_case("assigned", category="at_risk")  # graduation is only possible from in_review or supported
    review = open_review(case)
    services.save_assessment(review, actor=world.mentor.user, data={**ASSESSMENT, "recommendation": "graduate"}, submit=True)
    response = login(world.head).post(reverse("workflows:review_task", args=[review_task(review, "decide").pk]), {"decision": "approve"})
    assert response.status_code == 200
    assert "Không thể “Đưa ra khỏi diện quản lý” khi hồ sơ đang ở trạng thái “Đã phân công”." in response.content.decode()
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


@pytest.mark.parametrize("who", ["outsider", "other_front", "police", "labour", "province", "admin", "mentor2", "head2"])
def test_outsiders_are_refused_on_every_task_url(make_case, open_review, review_task, login, world, who):
    review = open_review(make_case("in_review"))
    draft_task = review_task(review)
    client = login(world.users[who])
    url = reverse("workflows:review_task", args=[draft_task.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {**ASSESSMENT, "action": "submit"}).status_code == 404
    services.save_assessment(review, actor=world.mentor.user, data=ASSESSMENT, submit=True)
    url = reverse("workflows:review_task", args=[review_task(review, "decide").pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "approve"}).status_code == 404
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


def test_the_mentor_cannot_open_the_heads_decision_task(make_case, open_review, review_task, login, world):
    review = open_review(make_case("in_review"))
    services.save_assessment(review, actor=world.mentor.user, data=ASSESSMENT, submit=True)
    response = login(world.mentor.user).post(
        reverse("workflows:review_task", args=[review_task(review, "decide").pk]), {"decision": "approve"}
    )
    assert response.status_code == 404


def test_anonymous_users_are_sent_to_the_login_page(db, client):
    assert client.get(reverse("workflows:inbox")).status_code == 302
    assert client.get(reverse("workflows:review_task", args=[1])).status_code == 302


def test_viewflows_own_pages_are_not_mounted(login, world):
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("viewflow:index")
    assert login(world.outsider).get("/workflow/").status_code == 404


def test_a_deputy_in_period_sees_and_decides_the_heads_review(make_case, open_review, review_task, login, world):
    case = make_case("in_review")
    review = open_review(case)
    services.save_assessment(review, actor=world.mentor.user, data=ASSESSMENT, submit=True)
    client = login(world.head)
    today = timezone.localdate()
    response = client.post(
        reverse("workflows:delegations"),
        {
            "deputy": world.head2.pk,
            "starts_on": today.strftime("%d/%m/%Y"),
            "ends_on": (today + dt.timedelta(days=3)).strftime("%d/%m/%Y"),
            "reason": "Nghỉ phép",
        },
    )
    assert response.status_code == 302
    deputy = login(world.head2)
    html = deputy.get(reverse("workflows:inbox")).content.decode()
    assert "Duyệt đánh giá quý 4/2026" in html and "Thay cho Head" in html
    response = deputy.post(reverse("workflows:review_task", args=[review_task(review, "decide").pk]), {"decision": "approve"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.decided_by, review.decided_on_behalf_of) == (world.head2, world.head)


def test_delegations_outside_the_period_do_not_reach_the_deputy(make_case, open_review, review_task, login, world):
    review = open_review(make_case("in_review"))
    services.save_assessment(review, actor=world.mentor.user, data=ASSESSMENT, submit=True)
    today = timezone.localdate()
    Delegation.objects.create(
        principal=world.head, deputy=world.head2, starts_on=today + dt.timedelta(days=1), ends_on=today + dt.timedelta(days=5)
    )
    html = login(world.head2).get(reverse("workflows:inbox")).content.decode()
    assert "Duyệt đánh giá" not in html


def test_only_heads_and_front_officers_reach_the_delegation_page(login, world):
    assert login(world.mentor.user).get(reverse("workflows:delegations")).status_code == 404
    assert login(world.outsider).get(reverse("workflows:delegations")).status_code == 404
    assert login(world.head).get(reverse("workflows:delegations")).status_code == 200


def test_a_delegation_can_only_be_revoked_by_its_principal(login, world):
    today = timezone.localdate()
    delegation = services.create_delegation(actor=world.head, deputy=world.head2, starts_on=today, ends_on=today)
    url = reverse("workflows:delegation_revoke", args=[delegation.pk])
    assert login(world.outsider).post(url).status_code == 404
    assert login(world.head).post(url).status_code == 302
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None


def test_the_case_panel_links_the_open_task_only_for_its_owner(make_case, open_review, review_task, login, world):
    case = make_case("in_review")
    review = open_review(case)
    task_url = reverse("workflows:review_task", args=[review_task(review).pk])
    assert task_url in login(world.mentor.user).get(reverse("cases:detail", args=[case.pk])).content.decode()
    # outside their open escalations the police state a reason before opening a case (issue 6)
    from cases.services import grant_access

    grant_access(case, user=world.police, reason_code="verification")
    html = login(world.police).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Đánh giá hằng quý" in html and task_url not in html


def test_contacts_this_quarter_are_prefilled_from_the_visits_and_the_mentors_number_is_stored(
    make_case, open_review, review_task, login, world
):
    from mentors import services as mentor_services
    from tests.clock import earlier_today
    from workflows.quarters import quarter_of

    case = make_case("in_review")
    now = timezone.now()
    for minutes in (60, 30):  # on the day of the assignment made just now, whatever the hour
        visited_at = earlier_today(now, dt.timedelta(minutes=minutes), rank=60 - minutes)
        mentor_services.log_visit(case, actor=world.mentor.user, visited_at=visited_at, mode="home")
    review = open_review(case, quarter=quarter_of())
    client = login(world.mentor.user)
    url = reverse("workflows:review_task", args=[review_task(review).pk])
    response = client.get(url)
    assert "Đếm được từ 2 lần tiếp xúc đã ghi nhận trong quý" in response.content.decode()
    assert response.context["form"]["contacts_count"].value() == 2
    # The mentor corrects the count (a phone call was not recorded): their number is stored.
    response = post_assessment(client, review_task(review), contacts_count=3)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.contacts_count == 3


def test_contacts_are_not_counted_from_visits_of_another_quarter_and_stay_editable(make_case, open_review, review_task, login, world):
    from mentors import services as mentor_services

    case = make_case("in_review")
    mentor_services.log_visit(case, actor=world.mentor.user, visited_at=timezone.now() - dt.timedelta(minutes=5), mode="home")
    review = open_review(case, quarter="2020Q1")
    client = login(world.mentor.user)
    response = client.get(reverse("workflows:review_task", args=[review_task(review).pk]))
    html = response.content.decode()
    assert "Chưa có lần tiếp xúc nào được ghi nhận trong quý" in html and "Đếm được từ" not in html
    assert response.context["form"]["contacts_count"].value() == 0
    post_assessment(client, review_task(review), contacts_count=5)
    review.refresh_from_db()
    assert review.contacts_count == 5


def test_a_saved_count_is_not_overwritten_by_the_visit_count(make_case, open_review, review_task, login, world):
    from mentors import services as mentor_services
    from workflows.quarters import quarter_of

    case = make_case("in_review")
    mentor_services.log_visit(case, actor=world.mentor.user, visited_at=timezone.now() - dt.timedelta(minutes=5), mode="home")
    review = open_review(case, quarter=quarter_of())
    services.save_assessment(review, actor=world.mentor.user, data={"contacts_count": 4}, submit=False)
    response = login(world.mentor.user).get(reverse("workflows:review_task", args=[review_task(review).pk]))
    assert response.context["form"]["contacts_count"].value() == 4
    assert "Đếm được từ 1 lần tiếp xúc" in response.content.decode()


def test_the_head_approves_a_referral_recommendation_and_the_draft_referral_shows_on_the_case_page(make_case, login, world):
    """The refer path end to end: opened by the command, drafted and approved through the task
    pages, a real draft referral from the support app on the case page."""
    from django.core.management import call_command
    from viewflow.workflow.models import Task

    from cases.models import CaseEvent, QuarterlyReview
    from support.models import Referral, ReferralStatus
    from workflows.review_flow import QuarterlyReviewFlow

    case = make_case("in_review")
    call_command("open_quarterly_reviews", "--quarter", "2026Q4")
    review = QuarterlyReview.objects.get(case=case, quarter="2026Q4")
    mentor = login(world.mentor.user)
    draft_task = Task.objects.get(process__reviewprocess__review=review, flow_task=QuarterlyReviewFlow.draft)
    response = post_assessment(mentor, draft_task, recommendation="refer_support", support_needs="Cần học nghề điện dân dụng")
    assert response.status_code == 302
    decide_task = Task.objects.get(process__reviewprocess__review=review, flow_task=QuarterlyReviewFlow.decide)
    head = login(world.head)
    response = head.post(reverse("workflows:review_task", args=[decide_task.pk]), {"decision": "approve"})
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[case.pk])
    referral = Referral.objects.get(case=case)
    assert (referral.status, referral.review_id, referral.referred_by) == (ReferralStatus.DRAFT, review.pk, world.head)
    assert CaseEvent.objects.get(case=case, transition="review_approved").data["outcome"] == "refer_support"
    html = head.get(response.url).content.decode()
    assert referral.get_type_display() in html and referral.get_status_display() in html
    assert reverse("support:send", args=[referral.pk]) in html  # the head may complete and send it


def test_a_decided_task_sends_the_head_back_to_the_case_with_a_word_not_a_404(make_case, open_review, review_task, login, world):
    """Back after approving, or the task's link opened again: the step is done."""
    case = make_case("in_review")
    review = open_review(case)
    services.save_assessment(review, actor=world.mentor.user, data=ASSESSMENT, submit=True)
    url = reverse("workflows:review_task", args=[review_task(review, "decide").pk])
    client = login(world.head)
    assert client.post(url, {"decision": "approve"}).status_code == 302
    for response in (client.get(url), client.post(url, {"decision": "approve"})):  # Back, or the form sent again
        assert response.status_code == 302
        assert response.url == reverse("cases:detail", args=[case.pk])
    page = client.get(response.url).content.decode()
    assert "Việc này đã được xử lý hoặc không còn mở." in page and "Đánh giá hằng quý" in page
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED


def test_a_submitted_draft_sends_the_mentor_back_to_the_case(make_case, open_review, review_task, login, world):
    case = make_case("in_review")
    review = open_review(case)
    client = login(world.mentor.user)
    draft_task = review_task(review)
    assert post_assessment(client, draft_task).status_code == 302
    response = client.get(reverse("workflows:review_task", args=[draft_task.pk]))
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[case.pk])


@pytest.mark.parametrize("who", ["outsider", "other_front", "labour", "province", "admin", "mentor2", "head2"])
def test_a_decided_task_is_still_a_404_for_whoever_may_not_see_its_case(make_case, open_review, review_task, login, world, who):
    case = make_case("in_review")
    review = open_review(case)
    services.save_assessment(review, actor=world.mentor.user, data=ASSESSMENT, submit=True)
    task = review_task(review, "decide")
    services.decide_review(review, actor=world.head, decision="approve", outcome="", comment="")
    client = login(world.users[who])
    url = reverse("workflows:review_task", args=[task.pk])
    for response in (client.get(url), client.post(url, {"decision": "approve"})):
        assert response.status_code == 404
        assert case.subject.full_name not in response.content.decode()
