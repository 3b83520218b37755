"""A small registry of navigation entries, so that higher apps add their menu items
(and counts, such as open tasks) from their AppConfig.ready() without accounts importing them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    order: int = 100
    # visible(request) -> bool; count(request) -> int | None (shown as a badge)
    visible: Callable[[HttpRequest], bool] = lambda request: True
    count: Callable[[HttpRequest], int | None] | None = None


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _items[item.key] = item


def may_enter_admin_site(request: HttpRequest) -> bool:
    """Django's own gate for the admin site (an active staff account), asked of the site itself
    so that the menu offers the admin to exactly the people it lets in."""
    from django.contrib import admin

    return admin.site.has_permission(request)


# The Django admin (users, places, organisations) for the installation's administrators: last in
# the menu, after the work, so that nobody who also has a role starts there.
register(NavItem(key="admin-site", label=_("Trang quản trị"), url_name="admin:index", order=950, visible=may_enter_admin_site))


def items_for(request: HttpRequest) -> list[dict]:
    from django.urls import NoReverseMatch, reverse

    out = []
    for item in sorted(_items.values(), key=lambda i: (i.order, i.key)):
        if not item.visible(request):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        count = item.count(request) if item.count else None
        out.append({"key": item.key, "label": item.label, "url": url, "count": count, "active": False})
    # One highlighted item: the longest entry the current path lies under (/cases/escalations/
    # is "Vụ việc chuyển công an", not also "Hồ sơ").
    under = [entry for entry in out if entry["url"] != "/" and request.path.startswith(entry["url"])]
    if under:
        max(under, key=lambda entry: len(entry["url"]))["active"] = True
    return out
