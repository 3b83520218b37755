from __future__ import annotations

from django.http import HttpRequest

from accounts import navigation as nav
from accounts.selectors import user_scope


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": nav.items_for(request), "user_roles": user_scope(user).roles}
