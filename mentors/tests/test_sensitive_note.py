"""The sensitive note of a visit: only the committee head, commune front, police and its author."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentors import services
from mentors.models import Branch

pytestmark = pytest.mark.django_db
SECRET = "Nghi tái sử dụng ma túy cùng nhóm cũ ở bến xe"


@pytest.fixture
def visited(world, make_case, log):
    case = make_case("in_review")
    visit = log(case, notes="Gặp tại nhà", sensitive_note=SECRET)
    return case, visit


def _all_responses(client, case, visit) -> list:
    urls = [
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:list"),
        reverse("mentors:home"),
        reverse("mentors:visit_log", args=[case.pk]),
        reverse("mentors:visit_correct", args=[visit.pk]),
        reverse("mentors:caseload"),
        reverse("lifecycle:handover"),
    ]
    return [client.get(u) for u in urls]


@pytest.mark.parametrize("who", ["head", "front", "police"])
def test_the_head_front_and_police_read_the_sensitive_note_on_the_timeline(world, visited, login, who):
    case, _visit = visited
    if who == "police":  # outside their open escalations the police state a reason first (issue 6)
        from cases.services import grant_access

        grant_access(case, user=world.police, reason_code="verification")
    html = login(world.users[who]).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert SECRET in html and "Gặp tại nhà" in html


def test_the_author_reads_their_own_sensitive_note(world, visited, login):
    case, _visit = visited
    assert SECRET in login(world.users["mentor"]).get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_a_new_mentor_of_the_case_sees_the_visit_but_never_the_sensitive_note(world, visited, login):
    case, visit = visited
    services.assign_case(case, actor=world.front, branch=world.branch, mentor=world.mentor2, reason="bàn giao")
    client = login(world.users["mentor2"])
    detail = client.get(reverse("cases:detail", args=[case.pk]))
    assert detail.status_code == 200 and "Gặp tại nhà" in detail.content.decode()
    for response in _all_responses(client, case, visit):
        assert SECRET not in response.content.decode()


@pytest.mark.parametrize("who", ["mentor2", "labour", "outsider", "province"])
def test_other_mentors_labour_officers_and_outsiders_never_see_it_in_any_response(world, visited, login, who):
    case, visit = visited
    client = login(world.users[who])
    responses = _all_responses(client, case, visit)
    # the case page itself: a province officer is first asked for a reason (issue 6), others get 404
    assert responses[0].status_code == (302 if who == "province" else 404)
    for response in responses:
        assert SECRET not in response.content.decode()


def test_the_former_mentor_loses_the_case_and_its_notes_when_it_is_reassigned(world, visited, login):
    case, visit = visited
    other_branch_mentor_branch = Branch.objects.get(pk=world.branch.pk)
    services.assign_case(case, actor=world.front, branch=other_branch_mentor_branch, mentor=world.mentor2, reason="bàn giao")
    client = login(world.users["mentor"])
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    for response in _all_responses(client, case, visit):
        assert SECRET not in response.content.decode()


def test_a_province_officer_who_states_a_reason_opens_the_case_but_not_the_sensitive_note(world, visited, login):
    from cases.services import grant_access

    case, _visit = visited
    grant_access(case, user=world.users["province"], reason_code="reporting")
    response = login(world.users["province"]).get(reverse("cases:timeline", args=[case.pk]))
    assert response.status_code == 200
    assert SECRET not in response.content.decode()
