"""For each role, an in-scope and an out-of-scope case, on the case views: outsiders get
404 (or 403 when the case is theirs to see but the action is not), never the data. Includes
the roles the generated matrix (test_authz_matrix.py) does not run: the head of the other khu
dân cư, the other mentor and the front officer of another commune."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases import services

ROLES = ["mentor", "mentor2", "head", "head2", "front", "police", "labour", "province", "admin", "outsider", "other_front"]
# Who sees a case of thôn Đông Sơn (area 1) that `mentor` holds.
SEES = {"mentor", "head", "front", "police"}
# Who reaches the case only after stating a reason (province officers in their province):
# redirected to the reason form, shown nothing before. The commune police read their commune.
REASON = {"province"}
# Who may make each manual transition on an in_review case (domain.md roles table).
MAY = {
    "graduate": {"head", "front"},
    "escalate": {"head", "front", "police"},
    "close": {"head", "front", "police"},
    "transfer": {"front", "police"},
    "assign": {"head", "front"},
}
SECRET = "Trộm cắp tài sản tại chợ Lim"


@pytest.fixture
def in_review_case(make_case):
    # The probation term has ended, so graduation is refused only by who asks.
    return make_case(
        "in_review",
        full_name="Đặng Văn Bí Mật",
        offence_summary=SECRET,
        category="probation",
        clock_start_date=dt.date.today() - dt.timedelta(days=800),
        term_months=12,
    )


def _user(world, role):
    return world.users[role]


@pytest.mark.parametrize("role", ROLES)
def test_the_case_list_shows_a_case_only_to_those_in_scope(world, in_review_case, client, role):
    client.force_login(_user(world, role))
    response = client.get(reverse("cases:list"))
    body = response.content.decode()
    if role in SEES:
        assert response.status_code == 200 and "Đặng Văn Bí Mật" in body
    else:
        assert "Đặng Văn Bí Mật" not in body
        assert response.status_code in (200, 404)


@pytest.mark.parametrize("role", ROLES)
def test_the_case_page_is_404_outside_scope(world, in_review_case, client, role):
    client.force_login(_user(world, role))
    response = client.get(reverse("cases:detail", args=[in_review_case.pk]))
    if role in REASON:
        assert response.status_code == 302 and "/reason/" in response["Location"]
        assert SECRET not in client.get(response["Location"]).content.decode()
        services.grant_access(in_review_case, user=_user(world, role), reason_code="verification")
        response = client.get(reverse("cases:detail", args=[in_review_case.pk]))
    if role == "mentor":
        # need to know: the mentor reads the person, not the offence (the page hid nothing before)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Đặng Văn Bí Mật" in html and SECRET not in html
    elif role in SEES or role in REASON:
        assert response.status_code == 200
        assert SECRET in response.content.decode()
    else:
        assert response.status_code == 404
        assert SECRET not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MAY))
def test_each_action_is_refused_to_those_who_may_not_make_it(world, in_review_case, client, role, action):
    client.force_login(_user(world, role))
    if action == "assign":
        url = reverse("lifecycle:assign", args=[in_review_case.pk])
        data = {"branch": world.branch.pk, "mentor": world.mentor2.pk, "reason": "x", "revision": in_review_case.revision}
    else:
        url = reverse("lifecycle:transition", args=[in_review_case.pk, action])
        data = {"reason": "x", "reason_code": "moved", "to_area": world.other_area.code, "revision": in_review_case.revision}
    if role in REASON and role in MAY[action]:
        # outside their open escalations the police state a reason before anything else
        assert client.get(url).status_code == 302
        services.grant_access(in_review_case, user=_user(world, role), reason_code="verification")
    get = client.get(url)
    post = client.post(url, data)
    in_review_case.refresh_from_db()
    if role in MAY[action]:
        assert get.status_code == 200
        assert post.status_code == 302
    else:
        expected = 403 if role in SEES else 404
        assert (get.status_code, post.status_code) == (expected, expected)
        assert in_review_case.status == "in_review"
        assert SECRET not in get.content.decode() + post.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login_page(in_review_case, client):
    response = client.get(reverse("cases:detail", args=[in_review_case.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_listing_a_person_is_refused_to_roles_without_a_place(world, client):
    for role in ("mentor", "labour", "province", "admin"):
        client.force_login(_user(world, role))
        assert client.get(reverse("cases:create")).status_code == 403
