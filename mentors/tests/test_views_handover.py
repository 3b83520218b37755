from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import CaseEvent
from mentors import services
from mentors.models import Assignment, Mentor

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_open_cases(world, make_case):
    return [make_case("in_review"), make_case("assigned"), make_case("supported")]


def test_deactivating_a_mentor_with_three_open_cases_lets_the_head_reassign_all_three_in_one_action(world, three_open_cases, login):
    client = login(world.head)
    page = client.get(reverse("mentors:deactivate", args=[world.mentor.pk]))
    assert "đang giúp đỡ 3 người" in page.content.decode()
    response = client.post(reverse("mentors:deactivate", args=[world.mentor.pk]), {"reason": "Chuyển đi nơi khác"})
    assert response.status_code == 302 and response.url == reverse("lifecycle:handover")
    world.mentor.refresh_from_db()
    assert not world.mentor.is_active
    assert world.mentor.history.latest().history_change_reason == "Ngừng hoạt động: Chuyển đi nơi khác"

    page = client.get(reverse("lifecycle:handover")).content.decode()
    for case in three_open_cases:
        assert case.subject.full_name in page
    response = client.post(reverse("lifecycle:handover"), {"all_to": world.mentor2.pk, "reason": "Bàn giao do chuyển đi"})
    assert response.status_code == 302
    for case in three_open_cases:
        before = case.status
        case.refresh_from_db()
        assert case.status == before  # reassigning keeps the state
        assert case.mentor_user == world.users["mentor2"]
        event = CaseEvent.objects.filter(case=case).latest("pk")
        assert (event.transition, event.actor, event.reason) == ("reassign", world.head, "Bàn giao do chuyển đi")
        assert event.data["mentor_name"] == "Phạm Văn Tâm"
    assert not Assignment.objects.current().filter(mentor=world.mentor).exists()
    assert "Không có hồ sơ nào cần bàn giao." in client.get(reverse("lifecycle:handover")).content.decode()


def test_handover_is_all_or_nothing_and_names_the_case_that_failed(world, three_open_cases, login):
    services.deactivate_mentor(world.mentor, actor=world.front, reason="Xin thôi")
    world.mentor2.caseload_limit = 2
    world.mentor2.save()
    response = login(world.front).post(reverse("lifecycle:handover"), {"all_to": world.mentor2.pk})
    assert response.status_code == 200
    third = three_open_cases[2]
    html = response.content.decode()
    assert f"Hồ sơ #{third.pk} ({third.subject.full_name}): Người giúp đỡ “Phạm Văn Tâm” đã nhận đủ 2 người" in html
    for case in three_open_cases:
        case.refresh_from_db()
        assert case.mentor_user == world.users["mentor"]
        assert not CaseEvent.objects.filter(case=case, transition="reassign").exists()


def test_each_case_can_go_to_a_different_mentor(world, three_open_cases, login):
    third_mentor = Mentor.objects.create(full_name="Lê Văn Ba", commune=world.commune, branch=world.branch)
    services.deactivate_mentor(world.mentor, actor=world.front, reason="Xin thôi")
    a, b, c = three_open_cases
    response = login(world.front).post(reverse("lifecycle:handover"), {"all_to": world.mentor2.pk, f"case_{c.pk}": third_mentor.pk})
    assert response.status_code == 302
    assert Assignment.objects.current().get(case=a).mentor == world.mentor2
    assert Assignment.objects.current().get(case=c).mentor == third_mentor


def test_a_case_left_without_a_new_mentor_blocks_the_handover(world, three_open_cases, login):
    services.deactivate_mentor(world.mentor, actor=world.front, reason="Xin thôi")
    a = three_open_cases[0]
    response = login(world.front).post(reverse("lifecycle:handover"), {f"case_{a.pk}": world.mentor2.pk})
    assert response.status_code == 200 and "Chưa chọn người giúp đỡ mới cho hồ sơ" in response.content.decode()
    assert Assignment.objects.current().get(case=a).mentor == world.mentor


def test_a_mentor_who_left_the_branch_holding_the_case_is_listed_for_handover(world, make_case, login):
    from mentors.models import Branch

    case = make_case("in_review")
    new_branch = Branch.objects.create(commune=world.commune, organisation="youth", kind="chi_doan", name="Chi đoàn Núi Móng")
    world.mentor.branch = new_branch
    world.mentor.save()
    assert case.subject.full_name in login(world.head).get(reverse("lifecycle:handover")).content.decode()


@pytest.mark.parametrize("who", ["outsider", "mentor", "police", "labour"])
def test_users_who_do_not_supervise_mentors_cannot_deactivate_or_hand_over(world, three_open_cases, login, who):
    client = login(world.users[who])
    assert client.get(reverse("lifecycle:handover")).status_code == 404
    assert client.post(reverse("mentors:deactivate", args=[world.mentor.pk]), {"reason": "x"}).status_code == 404
    world.mentor.refresh_from_db()
    assert world.mentor.is_active


def test_the_front_of_another_commune_cannot_deactivate_our_mentor(world, login):
    response = login(world.users["other_front"]).post(reverse("mentors:deactivate", args=[world.mentor.pk]), {"reason": "x"})
    assert response.status_code == 404
    world.mentor.refresh_from_db()
    assert world.mentor.is_active
