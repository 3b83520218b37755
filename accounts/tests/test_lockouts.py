"""Login throttling: N wrong passwords lock a username from an address; the page says when to
retry; an officer of the commune or an installation administrator unlocks; all recorded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.installation import ensure_group
from accounts.models import LoginLockout
from conftest import PASSWORD, make_user


def attempt(client, username, password="sai-mat-khau", ip="10.1.1.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def locked(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        attempt(client, "police")
    return LoginLockout.objects.get(username="police")


def test_the_login_locks_after_the_failure_limit_and_says_when_to_retry(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert attempt(client, "police").status_code == 200  # the form again, with its error
    third = attempt(client, "police")
    assert third.status_code == 429
    body = third.content.decode()
    assert "Tạm khóa đăng nhập" in body and "Vui lòng thử lại sau 15 phút, từ" in body
    # even the right password is refused now
    assert attempt(client, "police", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    row = LoginLockout.objects.get()
    assert (row.username, row.ip_address, row.unlocked_at) == ("police", "10.1.1.1", None)


def test_another_address_is_not_locked(locked, client):
    response = attempt(client, "police", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 302 and client.session["_auth_user_id"]


def test_a_commune_officer_unlocks_a_login_of_their_commune(locked, world, client):
    client.force_login(world.front)
    page = client.get(reverse("accounts:security_inbox"))
    assert page.status_code == 200 and "police" in page.content.decode()
    client.post(reverse("accounts:unlock_login", args=[locked.pk]))
    locked.refresh_from_db()
    assert locked.unlocked_by == world.front and locked.unlocked_at
    client.logout()
    assert attempt(client, "police", PASSWORD).status_code == 302


def test_an_officer_of_another_commune_cannot_unlock(locked, world, client):
    client.force_login(world.other_front)
    assert "police" not in client.get(reverse("accounts:security_inbox")).content.decode()
    response = client.post(reverse("accounts:unlock_login", args=[locked.pk]), follow=True)
    assert "Người dùng này không làm việc ở xã của bạn." in response.content.decode()
    locked.refresh_from_db()
    assert locked.unlocked_at is None


def test_an_installation_admin_unlocks_any_login(locked, world, client):
    installer = make_user("caidat")
    installer.is_staff = True
    installer.save()
    installer.groups.add(ensure_group())
    client.force_login(installer)
    client.post(reverse("accounts:unlock_login", args=[locked.pk]))
    locked.refresh_from_db()
    assert locked.unlocked_by == installer


def test_a_mentor_has_no_account_page(world, client):
    client.force_login(world.users["mentor"])
    assert client.get(reverse("accounts:security_inbox")).status_code == 403
    assert client.post(reverse("accounts:unlock_login", args=[1])).status_code == 404


def test_the_officer_approves_a_pending_role_from_their_page(world, client):
    from accounts import memberships
    from accounts.models import Membership, Role

    installer = make_user("caidat")
    installer.is_staff = True
    installer.save()
    installer.groups.add(ensure_group())
    clerk = make_user("canbo-moi")
    membership = memberships.request_membership(Membership(user=clerk, role=Role.MENTOR, commune=world.commune), actor=installer)
    client.force_login(world.police)
    assert "canbo-moi" in client.get(reverse("accounts:security_inbox")).content.decode()
    client.post(reverse("accounts:approve_membership", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.is_active and membership.approved_by == world.police
