"""The menu's entry to the Django admin ("Trang quản trị"): offered by the navigation registry to
exactly the people the admin site lets in (accounts.navigation.may_enter_admin_site)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def menu(html: str) -> str:
    return html.split('<nav class="nav"', 1)[1].split("</nav>", 1)[0]


def test_an_administrator_of_the_installation_has_the_admin_site_in_the_menu(world, login):
    admin = world.users["admin"]
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    client = login(admin)
    page = client.get(reverse("workflows:inbox")).content.decode()
    assert '<a href="/admin/">Trang quản trị</a>' in menu(page)
    # the link leads in: the admin site answers its index, not its login page
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("who", ["admin", "front", "police", "mentor", "province"])
def test_no_admin_entry_for_someone_the_admin_site_would_not_let_in(world, login, who):
    page = login(world.users[who]).get(reverse("workflows:inbox")).content.decode()
    assert "Trang quản trị" not in page
    assert login(world.users[who]).get("/admin/").status_code == 302  # to the admin's login


def test_a_staff_account_without_a_role_is_offered_the_admin_site_too(db, client):
    from conftest import make_user

    staff = make_user("installer")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(staff)
    page = client.get(client.get("/").url).content.decode()
    assert '<a href="/admin/">Trang quản trị</a>' in menu(page)
