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
    """"commune_police,committee_head" -> the roles' Vietnamese names."""
    from accounts.models import Role

    labels = [str(Role(code).label) if code in Role.values else code for code in (codes or "").split(",") if code]
    return ", ".join(labels) or "—"
