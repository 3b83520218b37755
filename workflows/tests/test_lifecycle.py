"""The orchestration of a case's life (workflows.lifecycle): what ending, assigning and
transferring a case change elsewhere, in one transaction; stale and doubled submits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.errors import DomainError, PermissionRefused, TransitionRefused
from cases.models import Case, CaseEvent, CaseStatus
from mentors.models import Mentor, Visit
from support import services as support_services
from support.models import Referral, ReferralStatus
from workflows import lifecycle
from workflows.inbox import inbox_entries, open_task_count


@pytest.fixture
def supported_case(make_case, world):
    case = make_case("in_review", clock_start_date=timezone.localdate() - dt.timedelta(days=365), expungement_years=3)
    referral = support_services.create_referral(case, actor=world.mentor.user, type="job", needs="Cần việc làm", send=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUPPORTED
    return case, referral


def test_closing_a_supported_case_withdraws_its_referral_empties_the_office_inbox_and_refuses_later_actions(world, supported_case, login):
    case, referral = supported_case
    assert open_task_count(world.labour) == 1
    lifecycle.close_case(case, actor=world.front, reason_code="moved", reason="Chuyển đi tỉnh khác")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN and referral.ended_at is not None
    assert "Hồ sơ đã kết thúc" in referral.withdraw_reason
    assert open_task_count(world.labour) == 0 and inbox_entries(world.labour) == []
    with pytest.raises(TransitionRefused, match="Đã rút lại"):
        support_services.accept_referral(referral, actor=world.labour)
    response = login(world.labour).post(reverse("support:accept", args=[referral.pk]))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    steps = list(case.events.order_by("pk").values_list("transition", flat=True))
    assert steps[-2:] == ["close", "referral_withdrawn"]
    assert referral.history.first().history_user == world.front


def test_graduating_and_transferring_end_open_referrals_and_reviews_in_the_same_transaction(world, supported_case, open_review):
    case, referral = supported_case
    review = open_review(case)
    new = lifecycle.transfer_case(case, actor=world.front, to_area=world.area2, reason="Chuyển nơi ở")
    referral.refresh_from_db()
    review.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN and review.status == "cancelled"
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED and new.status == CaseStatus.IDENTIFIED


def test_a_refused_close_leaves_the_referrals_open(world, supported_case):
    case, referral = supported_case
    with pytest.raises(PermissionRefused):
        lifecycle.close_case(case, actor=world.mentor.user, reason_code="moved")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_a_close_from_a_form_loaded_before_an_escalation_is_refused_and_changes_nothing(world, make_case, login):
    """The defect: a close submitted from a form loaded while the case was `supported` closed
    it 61 ms after someone else escalated it (two winners, three events)."""
    case = make_case("in_review")
    client = login(world.front)
    page = client.get(reverse("lifecycle:transition", args=[case.pk, "close"]))
    loaded = page.context["form"]["revision"].value()
    lifecycle.escalate(case, actor=world.police, reason="Nghi tái phạm")
    events = CaseEvent.objects.filter(case=case).count()
    response = client.post(
        reverse("lifecycle:transition", args=[case.pk, "close"]), {"reason_code": "moved", "reason": "", "revision": loaded}
    )
    assert response.status_code == 200
    assert "Hồ sơ vừa được người khác thay đổi" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.ESCALATED and CaseEvent.objects.filter(case=case).count() == events


def test_a_form_without_its_revision_is_refused(world, make_case, login):
    case = make_case("in_review")
    response = login(world.front).post(reverse("lifecycle:transition", args=[case.pk, "close"]), {"reason_code": "moved"})
    assert response.status_code == 200 and "tải lại trang" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW


def test_assignments_from_one_loaded_form_apply_once(world, make_case, login):
    """The defect: 12 concurrent assigns of one case applied five assignments one after another."""
    case = make_case("identified")
    client = login(world.head)
    url = reverse("lifecycle:assign", args=[case.pk])
    revision = client.get(url).context["form"]["revision"].value()
    statuses = [
        client.post(url, {"branch": world.branch.pk, "mentor": world.mentor.pk, "revision": revision}).status_code for _ in range(12)
    ]
    assert statuses[0] == 302 and all(s == 200 for s in statuses[1:])
    assert case.assignments.count() == 1 and case.events.filter(transition="assign").count() == 1


def test_a_doubled_visit_submit_creates_one_visit(world, make_case, login):
    """The defect: 12 identical POSTs of the visit form created 12 visits."""
    case = make_case("assigned")
    client = login(world.mentor.user)
    url = reverse("mentors:visit_log", args=[case.pk])
    key = client.get(url).context["form"]["idempotency_key"].value()
    data = {"visit_date": timezone.localdate().strftime("%d/%m/%Y"), "mode": "home", "notes": "Gặp tại nhà", "idempotency_key": key}
    for _ in range(12):
        assert client.post(url, data).status_code == 302
    assert Visit.objects.filter(case=case).count() == 1
    assert case.events.filter(transition="visit_logged").count() == 1


def test_a_mentor_of_another_branch_is_refused_naming_the_field_and_the_form_offers_only_the_branch(world, make_case, login):
    """The defect: a mentor of Chi hội Người cao tuổi was accepted under Chi đoàn thôn Núi Móng,
    and the form listed every mentor whatever branch was chosen."""
    from mentors.models import Branch, OrganisationType

    other = Branch.objects.create(name="Chi hội Người cao tuổi", commune=world.commune, organisation=OrganisationType.ELDERLY)
    elder = Mentor.objects.create(full_name="Cụ Nguyễn Văn Thọ", commune=world.commune, branch=other, kind=Mentor.Kind.RESPECTED_PERSON)
    case = make_case("identified")
    with pytest.raises(DomainError) as refused:
        lifecycle.assign_case(case, actor=world.head, branch=world.branch, mentor=elder)
    assert refused.value.field == "mentor" and "Chi hội Người cao tuổi" in refused.value.message
    client = login(world.head)
    url = reverse("lifecycle:assign", args=[case.pk])
    page = client.get(url)
    html = page.content.decode()
    assert f'data-branch="{other.pk}"' in html and f'data-branch="{world.branch.pk}"' in html
    response = client.post(url, {"branch": world.branch.pk, "mentor": elder.pk, "revision": case.revision})
    assert "không thuộc" in response.context["form"].errors["mentor"][0]
    narrowed = client.get(url)
    form = narrowed.context["form"]
    assert set(form.fields["mentor"].queryset.filter(branch__isnull=False).values_list("branch_id", flat=True)) <= {
        world.branch.pk,
        other.pk,
    }
    case.refresh_from_db()
    assert case.status == CaseStatus.IDENTIFIED and not case.assignments.exists()


def test_the_delegation_form_offers_only_heads_of_the_commune_and_front_officers(world, login):
    page = login(world.head).get(reverse("workflows:delegations"))
    offered = set(page.context["form"].fields["deputy"].queryset)
    assert world.head2 in offered and world.front in offered
    assert world.mentor.user not in offered and world.mentor2.user not in offered and world.head not in offered
    assert world.outsider not in offered and world.police not in offered


def test_reassigning_moves_the_open_review_draft_in_the_same_transaction(world, make_case, open_review, review_task):
    case = make_case("in_review")
    review = open_review(case)
    lifecycle.assign_case(case, actor=world.head, branch=world.branch, mentor=world.mentor2, reason="Đổi người")
    assert review_task(review).owner == world.mentor2.user
    assert Referral.objects.count() == 0
