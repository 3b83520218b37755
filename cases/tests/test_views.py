from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.selectors import forget_scope
from cases.models import AccessLog, Case, Subject
from cases.services import escalate, grant_access, resolve_escalation

VALID = {
    "full_name": "Bùi Văn Tới",
    "date_of_birth": "05/03/1990",
    "sex": "male",
    "national_id": "027090123456",
    "category": "prison_released",
    "classification": "B",
    "offence_summary": "Trộm cắp",
}


def _post(client, world, **changes):
    data = {**VALID, "area": world.area.pk, **changes}
    return client.post(reverse("cases:create"), data)


def test_the_head_lists_a_person_and_the_case_opens_identified(world, client):
    client.force_login(world.head)
    response = _post(client, world)
    case = Case.objects.get(subject__full_name="Bùi Văn Tới")
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.status == "identified"
    assert case.events.get().transition == "create"


@pytest.mark.parametrize(
    "national_id, message",
    [
        ("02709012345", "phải gồm đúng 12 chữ số"),
        ("999090123456", "mã tỉnh nơi đăng ký khai sinh “999” không tồn tại"),
        ("027088123456", "năm sinh trong số định danh (88) không khớp"),
        ("027190123456", "thế kỷ và giới tính"),
    ],
)
def test_an_invalid_identity_number_is_refused_naming_the_field_and_nothing_is_saved(world, client, national_id, message):
    client.force_login(world.head)
    response = _post(client, world, national_id=national_id)
    assert response.status_code == 200
    assert message in response.context["form"].errors["national_id"][0]
    assert not Subject.objects.exists() and not Case.objects.exists()


def test_a_date_of_birth_in_the_future_is_refused(world, client):
    client.force_login(world.head)
    response = _post(client, world, date_of_birth="01/01/2999", national_id="")
    assert "Ngày sinh không được sau ngày hôm nay." in response.context["form"].errors["date_of_birth"]
    assert not Subject.objects.exists()


def test_a_person_without_an_identity_number_can_still_be_listed(world, client):
    client.force_login(world.head)
    _post(client, world, national_id="")
    assert Case.objects.filter(subject__national_id="").count() == 1


def test_a_head_cannot_list_a_person_in_another_khu_dan_cu(world, client):
    client.force_login(world.head)
    response = _post(client, world, area=world.area2.pk)
    assert "area" in response.context["form"].errors
    assert not Subject.objects.exists()


def test_listing_the_same_person_again_warns_with_who_is_there_and_makes_nothing_until_confirmed(world, client):
    """The same name (any accents or case) and birth date in the commune: the form names the
    person already listed and links their case, and only a ticked box makes a second record."""
    client.force_login(world.front)
    assert _post(client, world, national_id="").status_code == 302
    first = Case.objects.get()
    response = _post(client, world, national_id="", full_name="bui van toi", area=world.area2.pk)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Chưa lập hồ sơ: trong xã đã có người cùng họ tên và ngày sinh." in body
    assert reverse("cases:detail", args=[first.pk]) in body and 'name="not_the_same" type="checkbox"' not in body
    assert 'type="checkbox" name="not_the_same"' in body
    assert Subject.objects.count() == 1 and Case.objects.count() == 1
    response = _post(client, world, national_id="", full_name="bui van toi", area=world.area2.pk, not_the_same="on")
    assert response.status_code == 302
    assert Subject.objects.count() == 2 and Case.objects.count() == 2
    # another birth date, or identity numbers that differ, is another person: no warning
    assert _post(client, world, national_id="", date_of_birth="06/03/1990").status_code == 302
    assert Subject.objects.count() == 3


def test_the_warning_shows_nobody_of_a_khu_dan_cu_the_user_may_not_list_in(world, client):
    client.force_login(world.front)
    _post(client, world, national_id="", area=world.area2.pk)
    client.force_login(world.head)  # his khu dân cư only: the person of area2 is not his to see
    assert _post(client, world, national_id="").status_code == 302
    assert Subject.objects.count() == 2


def test_assigning_to_a_full_mentor_is_refused_naming_the_mentor(world, make_case, client):
    world.mentor.caseload_limit = 1
    world.mentor.save()
    make_case("assigned", mentor=world.mentor)
    case = make_case("identified")
    client.force_login(world.head)
    response = client.post(
        reverse("lifecycle:assign", args=[case.pk]), {"branch": world.branch.pk, "mentor": world.mentor.pk, "revision": case.revision}
    )
    assert "đã nhận đủ 1 người" in response.context["form"].errors["mentor"][0]
    case.refresh_from_db()
    assert case.status == "identified" and case.events.count() == 1 and not case.assignments.exists()


def test_assigning_to_a_branch_of_another_commune_is_refused_naming_the_branch(world, make_case):
    from cases.errors import DomainError
    from mentors.services import assign_case

    case = make_case("identified")
    with pytest.raises(DomainError) as refused:
        assign_case(case, actor=world.head, branch=world.other_branch, mentor=world.mentor)
    assert refused.value.field == "branch"
    assert "không thuộc xã/phường của hồ sơ" in refused.value.message
    case.refresh_from_db()
    assert case.status == "identified" and not case.assignments.exists()


def test_the_education_measure_limit_of_three_people_per_mentor_holds(world, make_case, settings):
    from cases.errors import DomainError

    world.mentor.caseload_limit = 10
    world.mentor.save()
    for _ in range(3):
        make_case("assigned", category="commune_education", mentor=world.mentor)
    with pytest.raises(DomainError) as refused:
        make_case("assigned", category="commune_education", mentor=world.mentor)
    assert "Nghị định 120/2021" in refused.value.message


def test_a_transition_form_error_is_shown_in_vietnamese_not_a_traceback(world, make_case, client):
    case = make_case("in_review", category="at_risk")
    client.force_login(world.front)
    response = client.post(reverse("lifecycle:transition", args=[case.pk, "graduate"]), {"reason": "Tiến bộ", "revision": case.revision})
    assert response.status_code == 200
    assert "Chưa đủ điều kiện đưa ra khỏi diện quản lý" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "in_review"


def test_the_police_resolve_an_escalation_through_the_form(world, make_case, client):
    case = make_case("escalated")
    client.force_login(world.police)
    response = client.post(
        reverse("lifecycle:transition", args=[case.pk, "resolve_escalation"]),
        {"outcome": "reimprisoned", "reason": "Bị bắt tạm giam", "revision": case.revision},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.close_reason) == ("closed", "reimprisoned")


def test_opening_the_case_page_writes_one_access_log_row(world, make_case, client):
    case = make_case("escalated")  # the police's own active work: no reason asked
    client.force_login(world.police)
    client.get(reverse("cases:detail", args=[case.pk]))
    log = AccessLog.objects.get()
    assert (log.user, log.case, log.action, log.roles) == (world.police, case, "view", "commune_police")


def _count_list_queries(client, user):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("cases:list"))
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_the_case_list_makes_the_same_number_of_queries_for_2_or_25_cases(world, make_case, client):
    client.force_login(world.front)
    for _ in range(2):
        make_case("in_review")
    few, response = _count_list_queries(client, world.front)
    assert len(response.context["page"].object_list) == 2
    world.mentor.caseload_limit = 30
    world.mentor.save()
    for _ in range(23):
        make_case("assigned")
    many, response = _count_list_queries(client, world.front)
    assert len(response.context["page"].object_list) == 25
    assert few == many


def test_the_case_page_makes_the_same_number_of_queries_however_long_its_history(world, make_case, client):
    client.force_login(world.police)
    short = make_case("assigned")
    long = make_case("in_review")
    for _ in range(5):
        escalate(long, actor=world.police, reason="x")
        resolve_escalation(long, actor=world.police, outcome="in_review", reason="y")
    counts = []
    for case in (short, long):
        # outside their open escalations the police state a reason first (cases.access)
        grant_access(case, user=world.police, reason_code="verification")
    for case in (short, long):
        forget_scope(world.police)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_an_invalid_filter_on_the_case_list_is_named_not_silently_ignored(world, make_case, client):
    make_case("in_review")
    client.force_login(world.front)
    response = client.get(reverse("cases:list"), {"status": "khong-co"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bộ lọc có giá trị không hợp lệ" in html and 'class="error"' in html
    ok = client.get(reverse("cases:list"), {"status": "in_review"}).content.decode()
    assert "Bộ lọc có giá trị không hợp lệ" not in ok


def test_a_phone_number_that_is_not_one_is_refused_and_nothing_is_saved(world, client):
    client.force_login(world.head)
    response = _post(client, world, phone="gọi cho tôi")
    assert response.status_code == 200
    assert response.context["form"].errors["phone"][0].startswith("Số điện thoại: không đúng dạng số điện thoại Việt Nam.")
    assert not Subject.objects.exists() and not Case.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"), [("0912 345 678", "0912345678"), ("+84 912.345.678", "+84912345678"), ("0222-3712-345", "02223712345")]
)
def test_a_phone_number_is_kept_in_digits_and_dialled_from_the_case_page(world, client, typed, stored):
    client.force_login(world.head)
    _post(client, world, phone=typed)
    case = Case.objects.get()
    assert case.subject.phone == stored
    assert f'href="tel:{stored}"' in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date_of_birth": "01/01/0001"}, "date_of_birth", "Ngày sinh: không được trước ngày 01/01/1900."),
        ({"clock_start_date": "01/01/2100"}, "clock_start_date", "Ngày bắt đầu tính thời hạn: không được sau ngày hôm nay."),
        ({"expected_release_date": "01/01/2100"}, "expected_release_date", "Ngày dự kiến ra trại: không được sau ngày "),
        ({"prison_notice_date": "01/01/2100"}, "prison_notice_date", "Ngày nhận thông báo của trại giam: không được sau ngày hôm nay."),
        # (999999 is over the column's own limit on PostgreSQL, 32767: Django refuses it first, in Vietnamese too)
        ({"term_months": "9999"}, "term_months", "Thời hạn (tháng): tối đa 360 tháng"),
        ({"main_penalty": "prison", "sentence_months": "999"}, "sentence_months", "Mức án tù: tối đa 360 tháng"),
        (
            {"category": "commune_education", "classification": "", "clock_start_date": "01/10/2026", "term_months": "999"},
            "term_months",
            "Thời hạn giáo dục tại xã, phường phải từ 3 đến 6 tháng",
        ),
    ],
)
def test_impossible_dates_and_terms_are_refused_naming_the_field_and_nothing_is_saved(world, client, changes, field, message):
    client.force_login(world.head)
    response = _post(client, world, national_id="", **changes)
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    assert not Subject.objects.exists() and not Case.objects.exists()
