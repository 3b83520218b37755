from __future__ import annotations

from django.http import HttpRequest

from accounts import navigation as nav
from accounts.selectors import user_scope


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    items = nav.items_for(request)
    # the folded phone menu shows the sum of the badges on its button
    return {"nav_items": items, "nav_count": sum(i["count"] or 0 for i in items), "user_roles": user_scope(user).roles}


def role_names(request: HttpRequest) -> dict:
    """Role names that are settings, for templates (lazy: nothing is read unless shown)."""
    from django.utils.functional import lazy

    from accounts.models import labour_role_label, labour_role_noun

    return {"labour_role": lazy(labour_role_label, str)(), "labour_role_noun": lazy(labour_role_noun, str)()}
