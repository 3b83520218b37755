from __future__ import annotations

import pytest
from django.urls import reverse

from cases.errors import DomainError, PermissionRefused, TransitionRefused
from cases.models import Subject
from cases.services import update_subject


def test_the_head_corrects_a_phone_number_and_the_old_value_stays_in_history(world, make_case):
    case = make_case("in_review", phone="0912000000")
    update_subject(case, actor=world.head, reason="Đổi số điện thoại", phone="0988111222")
    subject = Subject.objects.get(pk=case.subject_id)
    assert subject.phone == "0988111222"
    last, previous = subject.history.order_by("-history_id")[:2]
    assert (previous.phone, last.phone, last.history_user, last.history_change_reason) == (
        "0912000000",
        "0988111222",
        world.head,
        "Đổi số điện thoại",
    )
    event = case.events.get(transition="subject_updated")
    assert event.data == {"fields": ["phone"]} and event.actor == world.head


def test_a_phone_number_typed_with_spaces_is_the_one_stored_not_a_change(world, make_case):
    case = make_case("in_review", phone="0988 111 222")
    assert Subject.objects.get(pk=case.subject_id).phone == "0988111222"
    with pytest.raises(DomainError) as refused:
        update_subject(case, actor=world.head, reason="Sửa", phone="0988.111.222")
    assert refused.value.message == "Không có thông tin nào thay đổi."
    assert not case.events.filter(transition="subject_updated").exists()
    with pytest.raises(DomainError) as refused:
        update_subject(case, actor=world.head, reason="Sửa", phone="gọi cho tôi")
    assert refused.value.field == "phone" and Subject.objects.get(pk=case.subject_id).phone == "0988111222"


def test_only_police_or_the_commune_front_classify(world, make_case):
    case = make_case("in_review")
    with pytest.raises(PermissionRefused) as refused:
        update_subject(case, actor=world.head, reason="x", classification="C")
    assert refused.value.field == "classification"
    update_subject(case, actor=world.police, reason="Rà soát quý 4", classification="C")
    assert Subject.objects.get(pk=case.subject_id).classification == "C"


def test_an_invalid_identity_number_is_refused_and_nothing_changes(world, make_case):
    case = make_case("in_review")
    with pytest.raises(DomainError) as refused:
        update_subject(case, actor=world.front, reason="Bổ sung", national_id="027188123456")
    assert refused.value.field == "national_id"
    assert Subject.objects.get(pk=case.subject_id).national_id == ""
    assert not case.events.filter(transition="subject_updated").exists()


def test_a_closed_case_or_a_mentor_cannot_edit(world, make_case):
    closed = make_case("closed")
    with pytest.raises(TransitionRefused):
        update_subject(closed, actor=world.front, reason="x", phone="1")
    case = make_case("in_review")
    with pytest.raises(PermissionRefused):
        update_subject(case, actor=world.mentor.user, reason="x", phone="1")


@pytest.mark.parametrize("role, expected", [("head", 200), ("front", 200), ("mentor", 403), ("outsider", 404), ("labour", 404)])
def test_the_edit_page_is_refused_to_those_who_may_not_edit(world, make_case, client, role, expected):
    case = make_case("in_review")
    client.force_login(world.users[role])
    assert client.get(reverse("cases:subject_edit", args=[case.pk])).status_code == expected


def test_the_edit_form_saves_through_the_service_and_shows_errors_in_vietnamese(world, make_case, client):
    case = make_case("in_review", full_name="Lê Văn Tám")
    client.force_login(world.front)
    url = reverse("cases:subject_edit", args=[case.pk])
    data = {
        "full_name": "Lê Văn Tám",
        "date_of_birth": "01/01/1990",
        "sex": "male",
        "category": "prison_released",
        "national_id": "12345",
        "reason": "Bổ sung số định danh",
        "revision": case.revision,
    }
    response = client.post(url, data)
    assert "phải gồm đúng 12 chữ số" in response.content.decode()
    data["national_id"] = "027090123456"
    assert client.post(url, data).status_code == 302
    assert Subject.objects.get(pk=case.subject_id).national_id == "027090123456"
