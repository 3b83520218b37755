from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def pct(value) -> str:
    """62,5 % (— when there is nothing to compute a share over)."""
    if value is None:
        return "—"
    # A no-break space: "80,0 %" never breaks before its sign on a narrow phone.
    return f"{number_format(value, decimal_pos=1, use_l10n=True)}\u00a0%"


@register.filter
def quarter_label(code: str) -> str:
    """2026Q4 → 4/2026, as Vietnamese write quarters."""
    return f"{code[-1]}/{code[:4]}" if code and len(code) == 6 else code
