from __future__ import annotations

from django import template
from django.utils.formats import number_format

from cases.templatetags.cases_tags import vnd
from reports.indicators import AMOUNT, RATIO, SHARE

register = template.Library()


@register.simple_tag
def figure(value, kind=False) -> str:
    """1.234 for counts, 62,5 % for shares, 2,5 for ratios, 100.000.000 ₫ for amounts, — when
    there is nothing to compute a share over. `kind` is an Indicator.kind, or True/False for
    share/count."""
    if value is None:
        return "—"
    if kind is True or kind == SHARE:
        return f"{number_format(value, decimal_pos=1, use_l10n=True)} %"
    if kind == RATIO:
        return number_format(value, decimal_pos=1, use_l10n=True)
    if kind == AMOUNT:
        return vnd(value)
    return number_format(int(value), decimal_pos=0, use_l10n=True, force_grouping=True)


@register.simple_tag
def delta(value, previous) -> str:
    if value is None or previous is None or value == previous:
        return ""
    return "▲" if value > previous else "▼"
