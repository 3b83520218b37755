"""Personal API tokens: hashing, expiry, revocation, scope, the token page, throttling."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api import services
from api.models import ApiToken

ME = "/api/v1/me/"


def bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_a_token_is_stored_hashed_and_shown_once(world):
    issued = services.create_token(actor=world.users["mentor"], name="Điện thoại")
    row = ApiToken.objects.get(pk=issued.token.pk)
    assert row.key_hash == hashlib.sha256(issued.raw.encode()).hexdigest()
    assert len(issued.raw) >= 43
    # the token itself is in no column of the row
    for field in ApiToken._meta.concrete_fields:
        assert issued.raw not in str(getattr(row, field.attname))
    assert row.prefix == issued.raw[:8]
    assert row.expires_at - row.created_at == dt.timedelta(days=90)


def test_a_token_authenticates_as_its_user_with_their_scope(world, make_case):
    case = make_case("identified")
    issued = services.create_token(actor=world.police, name="Phần mềm")
    response = bearer(issued.raw).get(ME)
    assert response.status_code == 200
    assert response.json()["username"] == "police" and response.json()["roles"] == ["commune_police"]
    assert bearer(issued.raw).get(f"/api/v1/cases/{case.pk}/").status_code == 200
    # the same kind of token for a police officer of another commune reaches nothing of ours
    other = services.create_token(actor=world.outsider, name="Phần mềm")
    assert bearer(other.raw).get(f"/api/v1/cases/{case.pk}/").status_code == 404
    # losing the membership takes the token's reach away at once
    world.police.memberships.update(is_active=False)
    assert bearer(issued.raw).get(f"/api/v1/cases/{case.pk}/").status_code == 404


@pytest.mark.parametrize(
    "change, message",
    [
        ("expired", "đã hết hạn"),
        ("revoked", "đã bị thu hồi"),
        ("inactive", "ngừng hoạt động"),
        ("unknown", "không hợp lệ"),
    ],
)
def test_an_expired_revoked_unknown_token_or_inactive_user_is_refused(world, change, message):
    issued = services.create_token(actor=world.head, name="x")
    raw = issued.raw
    if change == "expired":
        ApiToken.objects.filter(pk=issued.token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    elif change == "revoked":
        services.revoke_token(issued.token, actor=world.head)
    elif change == "inactive":
        world.head.is_active = False
        world.head.save()
    else:
        raw = raw[:-2] + ("AA" if not raw.endswith("AA") else "BB")
    response = bearer(raw).get(ME)
    assert response.status_code == 401
    body = response.json()
    assert message in body["detail"] and body["type"].endswith("authentication_failed")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_no_credentials_gives_a_vietnamese_401(db):
    response = APIClient().get(ME)
    assert response.status_code == 401
    assert "khóa API" in response.json()["detail"]
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_user_revokes_only_their_own_tokens(world):
    issued = services.create_token(actor=world.head, name="x")
    with pytest.raises(services.PermissionRefused):
        services.revoke_token(issued.token, actor=world.front)
    assert ApiToken.objects.get(pk=issued.token.pk).revoked_at is None
    with pytest.raises(ValueError):
        issued.token.delete()


@override_settings(DONG_HANH={**__import__("django.conf").conf.settings.DONG_HANH, "API_TOKENS_PER_USER": 2})
def test_a_user_has_a_limited_number_of_live_tokens_and_names_them(world):
    with pytest.raises(services.DomainError) as exc:
        services.create_token(actor=world.head, name="  ")
    assert exc.value.field == "name"
    services.create_token(actor=world.head, name="a")
    services.create_token(actor=world.head, name="b")
    with pytest.raises(services.DomainError):
        services.create_token(actor=world.head, name="c")


def test_the_token_page_makes_lists_and_revokes_tokens(world, client):
    client.force_login(world.labour)
    home = client.get("/", follow=True)
    assert reverse("api_tokens:list") in home.content.decode()  # in the navigation for every user
    response = client.post(reverse("api_tokens:list"), {"name": "Máy tính cơ quan"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=world.labour)
    html = response.content.decode()
    raw = html.split('<code class="token-value">')[1].split("</code>")[0]
    assert hashlib.sha256(raw.encode()).hexdigest() == token.key_hash
    # shown once: the list afterwards shows only its first characters
    again = client.get(reverse("api_tokens:list")).content.decode()
    assert raw not in again and token.prefix in again
    assert bearer(raw).get(ME).status_code == 200
    client.post(reverse("api_tokens:revoke", args=[token.pk]))
    assert bearer(raw).get(ME).status_code == 401
    # someone else's token: not found, unchanged
    other = services.create_token(actor=world.head, name="x")
    assert client.post(reverse("api_tokens:revoke", args=[other.token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=other.token.pk).revoked_at is None


def test_a_blank_token_name_is_refused_in_vietnamese(world, client):
    client.force_login(world.head)
    response = client.post(reverse("api_tokens:list"), {"name": ""})
    assert response.status_code == 200 and not ApiToken.objects.filter(user=world.head).exists()
    assert "bắt buộc" in response.content.decode() or "Vui lòng" in response.content.decode()


def test_the_session_of_the_site_works_with_csrf(world, make_case):
    case = make_case("identified")
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.front)
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 200
    response = client.post(
        f"/api/v1/cases/{case.pk}/transitions/close/", {"revision": case.revision, "reason_code": "moved"}, format="json"
    )
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    case.refresh_from_db()
    assert case.status == "identified"


RATES = {"api_token": "3/minute", "api_session": "5/minute"}


def test_requests_are_throttled_per_token(world, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": RATES}
    first = bearer(services.create_token(actor=world.head, name="a").raw)
    second = bearer(services.create_token(actor=world.head, name="b").raw)
    assert [first.get(ME).status_code for _ in range(3)] == [200, 200, 200]
    response = first.get(ME)
    assert response.status_code == 429
    assert "Quá nhiều yêu cầu" in response.json()["detail"] and int(response["Retry-After"]) > 0
    # another token of the same user has its own allowance
    assert second.get(ME).status_code == 200
