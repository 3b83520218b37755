from django.urls import reverse

from cases import services
from cases.policy import project
from cases.timeline import build_timeline


def _transfer(world, make_case):
    old = make_case("in_review", phone="0911111111", address_detail="Số 1 đường Cũ")
    subject = old.subject
    subject.classification = "B"
    services.save_with_history(subject, actor=world.police, reason="Phân loại trước khi chuyển")
    new = services.transfer_case(old, actor=world.police, to_area=world.other_area, reason="Chuyển về ở với gia đình")
    subject.refresh_from_db()
    subject.address_detail = "Số 9 đường Mới"
    services.save_with_history(subject, actor=world.other_front, reason="Địa chỉ nơi ở mới")
    return old, new


def test_the_new_communes_police_and_front_read_the_earlier_history_through_the_new_case(world, make_case, login):
    old, new = _transfer(world, make_case)
    services.grant_access(new, user=world.outsider, reason_code="transfer")
    for user in (world.outsider, world.other_front):
        response = login(user).get(reverse("cases:timeline", args=[new.pk]))
        assert response.status_code == 200
        earlier = [e for e in response.context["timeline"] if e.extra.get("earlier_case")]
        titles = " ".join(e.title for e in earlier)
        assert "Bắt đầu giúp đỡ" in titles and "Chuyển địa bàn" in titles
        html = response.content.decode()
        assert "Phân loại trước khi chuyển" in html and "Số 9 đường Mới" in html
    # they still cannot open the old case directly
    assert login(world.other_front).get(reverse("cases:detail", args=[old.pk])).status_code == 404


def test_the_old_commune_keeps_the_old_case_up_to_the_move_and_never_sees_the_new_one(world, make_case, login):
    old, new = _transfer(world, make_case)
    client = login(world.front)
    assert client.get(reverse("cases:detail", args=[new.pk])).status_code == 404
    assert client.get(reverse("cases:timeline", args=[new.pk])).status_code == 404
    response = client.get(reverse("cases:detail", args=[old.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Số 1 đường Cũ" in html
    assert "Số 9 đường Mới" not in html and "Tổ Đình" not in html
    assert response.context["linked_cases"] == []
    timeline = client.get(reverse("cases:timeline", args=[old.pk]))
    html = timeline.content.decode()
    assert "Phân loại trước khi chuyển" in html
    assert "Số 9 đường Mới" not in html and "Nhận hồ sơ chuyển đến" not in html


def test_the_new_cases_mentor_does_not_get_the_earlier_history(world, make_case, login):
    from accounts.models import Role
    from conftest import make_user
    from mentors import services as mentor_services
    from mentors.models import Mentor

    old, new = _transfer(world, make_case)
    user = make_user("mentor_tds", Role.MENTOR, commune=world.other_commune)
    mentor = Mentor.objects.create(full_name="Lý Thị Mến", commune=world.other_commune, branch=world.other_branch, user=user)
    mentor_services.assign_case(new, actor=world.other_front, branch=world.other_branch, mentor=mentor, reason="test")
    response = login(user).get(reverse("cases:timeline", args=[new.pk]))
    assert response.status_code == 200
    assert response.context["timeline"]
    assert not any(e.extra.get("earlier_case") for e in response.context["timeline"])
    assert "Phân loại trước khi chuyển" not in response.content.decode()
    assert any(e.extra.get("earlier_case") for e in build_timeline(project(world.other_front, new)))
