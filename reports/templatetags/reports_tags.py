from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.simple_tag
def figure(value, is_share=False) -> str:
    """1.234 for counts, 62,5 % for shares, — when there is nothing to compute a share over."""
    if value is None:
        return "—"
    if is_share:
        return f"{number_format(value, decimal_pos=1, use_l10n=True)} %"
    return number_format(int(value), decimal_pos=0, use_l10n=True, force_grouping=True)


@register.simple_tag
def delta(value, previous) -> str:
    if value is None or previous is None or value == previous:
        return ""
    return "▲" if value > previous else "▼"
