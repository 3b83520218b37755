import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from cases import services
from cases.audit import AccessGrant
from cases.models import AccessLog

CASE_URLS = ["cases:detail", "cases:timeline", "cases:print", "cases:export_pdf"]
ACTIONS = {"cases:detail": "view", "cases:timeline": "timeline", "cases:print": "print", "cases:export_pdf": "export"}


@pytest.mark.parametrize("url_name", CASE_URLS)
@pytest.mark.parametrize("persona", ["front", "head", "police", "mentor"])
def test_every_opening_of_a_case_writes_exactly_one_access_log_row(world, make_case, login, url_name, persona):
    case = make_case("escalated")  # in the police's open escalations: no reason asked
    user = world.users[persona]
    client = login(user)
    before = AccessLog.objects.count()
    response = client.get(reverse(url_name, args=[case.pk]), REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 200
    rows = list(AccessLog.objects.order_by("-pk")[: AccessLog.objects.count() - before])
    assert len(rows) == 1
    row = rows[0]
    assert (row.user, row.case_id, row.action, row.ip_address) == (user, case.pk, ACTIONS[url_name], "10.0.0.7")
    assert row.roles


@pytest.mark.parametrize("url_name", CASE_URLS + ["cases:access_log", "cases:concern", "cases:access_reason"])
def test_an_outsider_is_refused_every_case_view(world, make_case, login, url_name):
    case = make_case("escalated")
    for user in (world.outsider, world.other_front, world.labour):
        assert login(user).get(reverse(url_name, args=[case.pk])).status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("url_name", CASE_URLS)
def test_a_province_officer_is_sent_to_the_reason_form_and_sees_nothing_before_stating_one(world, make_case, login, url_name):
    case = make_case("in_review", full_name="Trần Văn Bí Mật", offence_summary="Tàng trữ ma túy")
    client = login(world.users["province"])
    url = reverse(url_name, args=[case.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("cases:access_reason", args=[case.pk]))
    form = client.get(response["Location"])
    html = form.content.decode()
    assert form.status_code == 200
    assert "Trần Văn Bí Mật" not in html and "ma túy" not in html
    assert not AccessLog.objects.exists()
    # an empty "other" reason is refused with a message naming the field
    refused = client.post(form.request["PATH_INFO"], {"reason_code": "other", "reason_text": "", "next": url})
    assert refused.status_code == 200 and "ghi rõ lý do" in refused.content.decode()
    assert not AccessGrant.objects.exists()
    given = client.post(form.request["PATH_INFO"], {"reason_code": "verification", "reason_text": "Công văn 12/CAX", "next": url})
    assert given.status_code == 302 and given["Location"] == url
    assert client.get(url).status_code == 200
    row = AccessLog.objects.get()
    assert row.reason == "Xác minh, điều tra vụ việc liên quan: Công văn 12/CAX"
    assert row.user == world.users["province"]


def test_police_of_the_commune_read_their_open_escalations_without_a_reason(world, make_case, login):
    case = make_case("escalated")
    assert login(world.police).get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert AccessLog.objects.get().reason == ""


@pytest.mark.parametrize("url_name", CASE_URLS)
def test_the_commune_police_who_just_listed_a_person_open_the_case_without_a_reason_and_the_look_is_logged(
    world, make_case, login, url_name
):
    """The defect: a commune police officer who had just listed a person had to state a reason
    to open that person's case. Their commune's cases are their work; every look is logged."""
    area = world.area
    case = services.list_subject(
        actor=world.police, area=area, full_name="Lò Văn Mới", date_of_birth=dt.date(1990, 1, 1), sex="male", category="at_risk"
    )
    response = login(world.police).get(reverse(url_name, args=[case.pk]))
    assert response.status_code == 200
    row = AccessLog.objects.get()
    assert (row.user, row.case_id, row.reason) == (world.police, case.pk, "")
    assert not AccessGrant.objects.exists()
    html = login(world.head).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Ai đã xem" in html and world.police.display_name in html


def test_the_reason_form_ignores_a_next_address_outside_the_case(world, make_case, login):
    case = make_case("in_review")
    client = login(world.users["province"])
    url = reverse("cases:access_reason", args=[case.pk])
    response = client.post(url, {"reason_code": "supervision", "next": "https://evil.example/"})
    assert response["Location"] == reverse("cases:detail", args=[case.pk])


def test_a_province_officer_reaches_a_case_of_their_province_only_with_a_reason(world, make_case, login, settings):
    case = make_case("in_review")
    client = login(world.users["province"])
    assert client.get(reverse("cases:list")).status_code == 404  # no case list for the province
    found = client.post(reverse("cases:lookup"), {"number": case.pk})
    assert found["Location"] == reverse("cases:detail", args=[case.pk])
    response = client.get(found["Location"])
    assert response.status_code == 302 and "/reason/" in response["Location"]
    client.post(reverse("cases:access_reason", args=[case.pk]), {"reason_code": "reporting", "reason_text": "Đối chiếu quý 4"})
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert AccessLog.objects.get().reason.endswith("Đối chiếu quý 4")


def test_a_province_officer_cannot_look_up_a_case_of_another_province(world, make_case, login):
    from accounts.models import Role
    from areas.models import Province
    from conftest import make_user

    other = Province.objects.create(code="01", name="Hà Nội")
    stranger = make_user("hanoi", Role.PROVINCE_OFFICER, province=other)
    case = make_case("in_review")
    client = login(stranger)
    assert client.post(reverse("cases:lookup"), {"number": case.pk}).status_code == 200
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_a_grant_expires(world, make_case, login, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "ACCESS_GRANT_HOURS": 0}
    case = make_case("in_review")
    services.grant_access(case, user=world.users["province"], reason_code="verification")
    assert login(world.users["province"]).get(reverse("cases:detail", args=[case.pk])).status_code == 302


def test_the_head_and_the_front_see_who_looked_at_their_case(world, make_case, login):
    case = make_case("escalated")
    login(world.police).get(reverse("cases:detail", args=[case.pk]), REMOTE_ADDR="10.1.2.3")
    for user in (world.head, world.front):
        response = login(user).get(reverse("cases:access_log", args=[case.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert world.police.display_name in html and "10.1.2.3" in html


def test_the_mentor_and_the_police_may_not_see_who_looked(world, make_case, login):
    case = make_case("escalated")
    for user in (world.users["mentor"], world.police):
        assert login(user).get(reverse("cases:access_log", args=[case.pk])).status_code == 403


def test_the_who_looked_page_runs_a_constant_number_of_queries(world, make_case, login, django_assert_max_num_queries):
    case = make_case("escalated")
    for _ in range(15):
        services.record_access(case, user=world.police, action="view")
    client = login(world.front)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("cases:access_log", args=[case.pk]))
    assert len(response.context["page"].object_list) == 15


def test_an_access_log_row_cannot_be_changed_or_deleted_by_the_application(world, make_case):
    case = make_case("escalated")
    row = services.record_access(case, user=world.police, action="view")
    row.reason = "sửa"
    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(ValueError):
        row.delete()
    assert AccessLog.objects.get().reason == ""


def test_the_admin_shows_the_access_log_read_only(world, make_case, client):
    case = make_case("escalated")
    row = services.record_access(case, user=world.police, action="view", ip_address="10.0.0.1")
    admin_user = world.admin
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    listing = client.get(reverse("admin:cases_accesslog_changelist"), {"action__exact": "view"})
    assert listing.status_code == 200 and "10.0.0.1" in listing.content.decode()
    model_admin = site._registry[AccessLog]
    request = listing.wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, row)
    assert not model_admin.has_delete_permission(request, row)
    assert "delete_selected" not in model_admin.get_actions(request)
    delete = client.post(reverse("admin:cases_accesslog_delete", args=[row.pk]), {"post": "yes"})
    assert delete.status_code == 403
    change = client.post(reverse("admin:cases_accesslog_change", args=[row.pk]), {"reason": "x"})
    assert change.status_code == 403
    assert AccessLog.objects.get().reason == ""


def test_no_application_url_changes_or_deletes_the_access_log():
    from django.urls import get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern), p

    for route, pattern in walk(get_resolver().url_patterns):
        if route.startswith("admin/"):
            continue
        name = (pattern.name or "").lower()
        assert not ("access" in name and any(w in name for w in ("delete", "edit", "update", "change"))), route


def test_the_administrator_sees_no_case_content_in_the_admin(world, make_case, client):
    case = make_case("in_review", full_name="Trịnh Văn Kín")
    row = services.record_access(case, user=world.police, action="view", ip_address="10.0.0.2")
    admin_user = world.admin
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    detail = client.get(reverse("admin:cases_accesslog_change", args=[row.pk]))
    assert detail.status_code == 200 and str(case.pk) in detail.content.decode()
    assert "Trịnh Văn Kín" not in detail.content.decode()
    for path in ("/admin/mentors/assignment/", "/admin/support/referral/", "/admin/cases/case/", "/admin/cases/subject/"):
        assert client.get(path).status_code == 404, path
