from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus
from mentors.models import Visit

pytestmark = pytest.mark.django_db


def url(case):
    return reverse("mentors:visit_log", args=[case.pk])


def _post(today=None, **extra):
    today = today or timezone.localdate()
    data = {
        "visit_date": today.strftime("%d/%m/%Y"),
        "visit_time": "",
        "mode": "home",
        "notes": "Anh ấy đã đi làm phụ hồ",
        "work_study": "Làm phụ hồ",
        "sensitive_note": "",
        "next_contact_on": "",
    }
    data.update(extra)
    return data


def test_the_mentor_logs_a_visit_and_lands_on_the_case_timeline(world, make_case, login):
    case = make_case("assigned")
    client = login(world.users["mentor"])
    assert client.get(url(case)).status_code == 200
    response = client.post(url(case), _post())
    assert response.status_code == 302 and response.url.startswith(reverse("cases:detail", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    page = client.get(response.url).content.decode()
    assert "Tiếp xúc: Thăm tại nhà" in page and "Làm phụ hồ" in page


def test_a_failed_submit_keeps_everything_typed_and_names_the_field(world, make_case, login):
    case = make_case("assigned")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = login(world.users["mentor"]).post(
        url(case), _post(tomorrow, notes="Ghi chú dài đã gõ", sensitive_note="Điều nhạy cảm", place="Nhà văn hóa", mode="commune")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ngày tiếp xúc không được sau ngày hôm nay." in html
    assert "Ghi chú dài đã gõ" in html and "Điều nhạy cảm" in html and 'value="Nhà văn hóa"' in html
    assert '<input type="radio" name="mode" value="commune" id="id_mode_2" required checked>' in html
    assert tomorrow.strftime("%d/%m/%Y") in html
    assert Visit.objects.count() == 0


def test_a_date_the_form_cannot_read_is_refused_in_vietnamese(world, make_case, login):
    case = make_case("assigned")
    response = login(world.users["mentor"]).post(url(case), _post(visit_date="31/02/2026"))
    assert response.status_code == 200 and Visit.objects.count() == 0
    assert '<p class="error">Nhập một ngày hợp lệ.</p>' in response.content.decode()


def test_another_mentor_is_refused(world, make_case, login):
    case = make_case("assigned")
    client = login(world.users["mentor2"])
    assert client.get(url(case)).status_code == 404
    assert client.post(url(case), _post()).status_code == 404
    assert Visit.objects.count() == 0


@pytest.mark.parametrize("who", ["outsider", "labour", "police"])
def test_users_who_are_not_the_mentor_are_refused(world, make_case, login, who):
    case = make_case("assigned")
    response = login(world.users[who]).post(url(case), _post())
    assert response.status_code in (403, 404)
    assert Visit.objects.count() == 0


def test_the_mentor_cannot_log_on_a_closed_case(world, make_case, login):
    case = make_case("in_review")
    from cases import services as case_services

    case_services.close_case(case, actor=world.front, reason_code="moved")
    assert login(world.users["mentor"]).get(url(case)).status_code in (403, 404)


def test_the_idempotency_key_is_a_bare_hidden_input_without_a_label(world, make_case, login):
    case = make_case("assigned")
    html = login(world.users["mentor"]).get(url(case)).content.decode()
    assert "Idempotency key" not in html and 'for="id_idempotency_key"' not in html
    form = html.split('<form method="post" class="card form visit-form"', 1)[1]
    # right after the CSRF token, outside any labelled field wrapper
    start = form.index('name="idempotency_key"')
    before = form[:start]
    assert before.count('<div class="field') == 0
    assert '<input type="hidden" name="idempotency_key"' in form
