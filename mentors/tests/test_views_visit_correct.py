from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from mentors.tests.conftest import at

pytestmark = pytest.mark.django_db


def _data(visit, **extra):
    local = timezone.localtime(visit.visited_at)
    data = {
        "visit_date": local.strftime("%d/%m/%Y"),
        "visit_time": local.strftime("%H:%M"),
        "mode": visit.mode,
        "notes": visit.notes,
        "reason": "Ghi nhầm hình thức",
    }
    data.update(extra)
    return data


def test_the_author_corrects_a_visit_and_the_timeline_marks_it_corrected(world, make_case, log, login):
    case = make_case("in_review")
    visit = log(case, notes="Bản đầu", visited_at=at(0, hour=0))
    client = login(world.users["mentor"])
    url = reverse("mentors:visit_correct", args=[visit.pk])
    assert "Bản đầu" in client.get(url).content.decode()
    response = client.post(url, _data(visit, mode="phone", notes="Bản sửa"))
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Tiếp xúc: Gọi điện thoại (đã sửa)" in page and "Bản sửa" in page
    assert [h.notes for h in visit.history.order_by("history_id")] == ["Bản đầu", "Bản sửa"]


def test_a_correction_without_a_reason_is_refused_and_keeps_what_was_typed(world, make_case, log, login):
    case = make_case("in_review")
    visit = log(case, notes="Bản đầu")
    response = login(world.users["mentor"]).post(
        reverse("mentors:visit_correct", args=[visit.pk]), _data(visit, notes="Bản sửa chưa lưu", reason="")
    )
    assert response.status_code == 200
    assert "Bản sửa chưa lưu" in response.content.decode()
    visit.refresh_from_db()
    assert visit.notes == "Bản đầu"


@pytest.mark.parametrize("who", ["mentor2", "head", "police", "outsider", "labour"])
def test_only_the_author_may_open_the_correction(world, make_case, log, login, who):
    case = make_case("in_review")
    visit = log(case, notes="Bản đầu")
    client = login(world.users[who])
    url = reverse("mentors:visit_correct", args=[visit.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _data(visit, notes="Đổi")).status_code == 404
    visit.refresh_from_db()
    assert visit.notes == "Bản đầu"
