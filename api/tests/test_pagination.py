"""Every list of the API pages with a cursor ({"next", "previous", "results"}) and makes the same
number of queries whatever the page size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.pagination import ListCursor
from tests.clock import earlier_today


@pytest.fixture
def rich(world, scenario, open_review, make_case):
    """The scenario's case with several visits, reviews and referrals; more places and cases,
    and notifications for the head."""
    from areas.models import Commune, Province, ResidentialArea
    from cases import services as case_services
    from mentors import services as mentor_services
    from support import services as support_services

    case = scenario.case
    mentor = world.users["mentor"]
    now = timezone.now()
    for i in range(4):
        visited_at = earlier_today(now, dt.timedelta(hours=3 + i), rank=10 - i)  # on the day of the case's assignment
        mentor_services.log_visit(case, actor=mentor, visited_at=visited_at, mode="home", notes=f"Lần {i}")
    for quarter in ("2025Q4", "2026Q1", "2026Q2", "2026Q3"):
        open_review(case, quarter=quarter)
    for i in range(4):
        support_services.create_referral(case, actor=mentor, type="job", needs=f"Việc {i}")
    for i in range(4):
        case_services.flag_concern(case, actor=mentor, kind="lost_contact", note=f"Không gặp được {i}")
    for i in range(4):
        ResidentialArea.objects.create(commune=world.commune, code=f"10001-9{i}", name=f"Thôn Thử {i}")
        Commune.objects.create(province=world.province, code=f"1009{i}", name=f"Xã Thử {i}")
        Province.objects.create(code=f"9{i}", name=f"Tỉnh Thử {i}")
    for _ in range(4):
        make_case("identified")
    return case


def _lists(world, case):
    return {
        "provinces": "/api/v1/places/provinces/",
        "communes": "/api/v1/places/communes/",
        "areas": "/api/v1/places/areas/",
        "cases": "/api/v1/cases/",
        "timeline": f"/api/v1/cases/{case.pk}/timeline/",
        "visits": f"/api/v1/cases/{case.pk}/visits/",
        "reviews": f"/api/v1/cases/{case.pk}/reviews/",
        "referrals": f"/api/v1/cases/{case.pk}/referrals/",
        "notifications": "/api/v1/notifications/",
    }


PER_CASE = ("timeline", "visits", "reviews", "referrals")


def _key(row):
    return row.get("id") or (row.get("at"), row.get("kind"), row.get("title"), row.get("body")) or row.get("code")


def _walk(client, path, size, direction="next"):
    seen, pages = [], []
    url = f"{path}?page_size={size}"
    while url:
        body = client.get(url).json()
        assert set(body) == {"next", "previous", "results"}, body
        assert len(body["results"]) <= size
        pages.append(body)
        seen += [_key(r) for r in body["results"]]
        url = body[direction]
    return seen, pages


@pytest.mark.parametrize("name", ["provinces", "communes", "areas", "cases", *PER_CASE, "notifications"])
def test_every_list_pages_forward_and_back_with_nothing_lost_or_doubled(world, rich, api_for, name):
    client = api_for("head" if name != "referrals" else "front")
    path = _lists(world, rich)[name]
    everything = [_key(r) for r in client.get(f"{path}?page_size=100").json()["results"]]
    assert len(everything) >= 3, f"{name}: too few rows to page"
    forward, pages = _walk(client, path, 2)
    assert forward == everything and len(pages) == (len(everything) + 1) // 2
    # back from the last page, through the previous links
    back, url = [], pages[-1]["previous"]
    while url:
        body = client.get(url).json()
        back = [_key(r) for r in body["results"]] + back
        url = body["previous"]
    assert back + [_key(r) for r in pages[-1]["results"]] == everything


@pytest.mark.parametrize("name", ["provinces", "communes", "areas", "cases", *PER_CASE, "notifications"])
def test_every_list_makes_the_same_number_of_queries_for_two_page_sizes(world, rich, api_for, django_assert_num_queries, name):
    client = api_for("head" if name != "referrals" else "front")
    path = _lists(world, rich)[name]
    client.get("/api/v1/me/")  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as small:
        one = client.get(f"{path}?page_size=1")
    assert one.status_code == 200 and len(one.json()["results"]) == 1
    with django_assert_num_queries(len(small.captured_queries)):
        many = client.get(f"{path}?page_size=3")
    assert len(many.json()["results"]) == 3


def test_a_new_visit_does_not_move_the_cursor(world, rich, api_for):
    from mentors import services as mentor_services

    client = api_for("head")
    path = f"/api/v1/cases/{rich.pk}/visits/?page_size=2"
    first = client.get(path).json()
    mentor_services.log_visit(rich, actor=world.users["mentor"], visited_at=timezone.now(), mode="phone", notes="Mới")
    second = client.get(first["next"]).json()
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})
    assert second["results"][0]["visited_at"] < first["results"][-1]["visited_at"]


@pytest.mark.parametrize("cursor", ["xyz", "eyJrIjpbMV19", "eyJrIjpbXSwicyI6LTEsImQiOiJuIn0", "eyJrIjpbInoiXSwicyI6MCwiZCI6Im4ifQ"])
def test_a_bad_cursor_is_a_400_in_vietnamese(world, rich, api_for, cursor):
    # DRF's own cursor (the top-level lists) is lenient with a well-formed one of another shape
    for path in (f"/api/v1/cases/{rich.pk}/visits/", f"/api/v1/cases/{rich.pk}/timeline/") + (
        ("/api/v1/cases/",) if cursor == "xyz" else ()
    ):
        response = api_for("head").get(f"{path}?cursor={cursor}")
        assert response.status_code == 400, (path, response.content)
        assert response.json()["field"] == "cursor" and "Con trỏ trang" in response.json()["detail"]


def test_the_list_cursor_with_equal_keys():
    class Request:
        def __init__(self, params):
            self.query_params = params

        def build_absolute_uri(self):
            return "http://x/list/"

    items = [(5, "a"), (5, "b"), (5, "c"), (4, "d"), (3, "e")]
    pager = ListCursor(lambda item: (item[0],))
    page, links = pager.paginate(items, Request({"page_size": "2"}))
    got = list(page)
    while links["next"]:
        cursor = links["next"].split("cursor=")[1]
        page, links = pager.paginate(items, Request({"page_size": "2", "cursor": cursor}))
        got += page
    assert got == items
