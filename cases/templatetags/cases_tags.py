from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def attr_or_blank(obj, name: str):
    return getattr(obj, name, "") or ""


@register.filter
def vnd(amount) -> str:
    """Whole đồng with dot grouping: 100.000.000 ₫."""
    if amount is None or amount == "":
        return ""
    return f"{number_format(int(amount), decimal_pos=0, use_l10n=True, force_grouping=True)} ₫"


@register.filter
def role_labels(codes: str) -> str:
    """ "commune_police,committee_head" -> the roles' Vietnamese names (display, not a test)."""
    from accounts.selectors import labels_of_role_codes

    return ", ".join(labels_of_role_codes(codes)) or "—"
