"""Charts drawn server-side as inline SVG: no JavaScript, no CDN, readable on a phone
(every chart scales to its container through its viewBox). The viewBox is 320 units wide, about
a 360 px phone's card, so text of 13–15 units renders at 12 px or more there; reports.css stops
the charts growing past 30rem on wide screens."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

STATE_COLOURS = {
    "identified": "#90a4ae",
    "assigned": "#42a5f5",
    "in_review": "#43a047",
    "supported": "#8e24aa",
    "escalated": "#fb8c00",
}
PALETTE = ["#1f5fa8", "#43a047", "#fb8c00", "#8e24aa", "#b3261e", "#00897b", "#6d4c41"]


def _num(v) -> str:
    return f"{v:,}".replace(",", ".") if isinstance(v, int) else f"{v:.1f}".replace(".", ",")


def nice_axis(peak: int, most: int = 5) -> tuple[int, int]:
    """(step, top) of a count axis from 0: the smallest step of 1, 2 or 5 times a power of ten
    that reaches `peak` in at most `most` steps, and the first multiple of it at or above the
    peak. Whole steps, so every tick's label is the count at its height."""
    peak = max(int(peak), 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            steps = -(-peak // step)  # ceiling
            if steps <= most:
                return step, step * steps
        magnitude *= 10


def stacked_columns(points: list[tuple[str, dict[str, int]]], series: list[tuple[str, str]], *, title: str) -> SafeString:
    """One column per point (e.g. each quarter end), stacked by series (key, label)."""
    # Dates as dd/mm/yyyy, slanted so six of them fit a phone's width.
    width, height, left, bottom, top = 320, 250, 40, 66, 22
    plot_h = height - bottom - top
    peak = max([sum(v.get(k, 0) for k, _l in series) for _p, v in points] + [1])
    step, axis_top = nice_axis(peak)
    # room for the longest tick label ("100.000"): about 7.2 units a character at 13 units
    left = max(left, 10 + round(7.2 * len(_num(axis_top))))
    n = max(len(points), 1)
    slot = (width - left - 10) / n
    bar = slot * 0.6
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height + 22 * len(series)}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(0, axis_top + 1, step):
        y = top + plot_h - plot_h * tick / axis_top
        parts.append(f'<line x1="{left}" x2="{width - 5}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" class="tick">{_num(tick)}</text>')
    for idx, (label, values) in enumerate(points):
        x = left + idx * slot + (slot - bar) / 2
        y = top + plot_h
        total = 0
        for s_idx, (key, s_label) in enumerate(series):
            v = values.get(key, 0)
            if not v:
                continue
            h = plot_h * v / axis_top
            y -= h
            total += v
            colour = STATE_COLOURS.get(key, PALETTE[s_idx % len(PALETTE)])
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(label)} · {escape(s_label)}: {_num(v)}</title></rect>"
            )
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" class="val">{_num(total)}</text>')
        lx, ly = x + bar / 2 + 4, height - bottom + 14
        parts.append(
            f'<text x="{lx:.1f}" y="{ly}" text-anchor="end" transform="rotate(-40 {lx:.1f} {ly})" class="tick">{escape(label)}</text>'
        )
    # legend
    for s_idx, (key, s_label) in enumerate(series):
        lx = 0
        ly = height + 22 * s_idx + 8
        colour = STATE_COLOURS.get(key, PALETTE[s_idx % len(PALETTE)])
        parts.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 16}" y="{ly}" class="legend">{escape(s_label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _wrap(label: str, limit: int = 36) -> list[str]:
    """A long label on several lines (SVG text does not wrap), at spaces."""
    lines, current = [], ""
    for word in str(label).split():
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines or [""]


def horizontal_bars(items: list[tuple[str, int | float]], *, title: str, unit: str = "") -> SafeString:
    """One labelled bar per item; labels above the bars, wrapped, so long Vietnamese names fit
    a phone."""
    width, line, bar_h = 320, 18, 16
    wrapped = [_wrap(label) for label, _v in items]
    height = sum(len(w) * line + bar_h + 12 for w in wrapped) + 6
    peak = max([v for _l, v in items if v is not None] + [1])
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    y = 0
    for i, ((_label, value), lines) in enumerate(zip(items, wrapped, strict=True)):
        w = 0 if value is None else (width - 70) * value / peak
        for n, text in enumerate(lines):
            parts.append(f'<text x="0" y="{y + 13 + n * line}" class="legend">{escape(text)}</text>')
        y += len(lines) * line
        parts.append(f'<rect x="0" y="{y}" width="{max(w, 1):.1f}" height="{bar_h}" fill="{PALETTE[i % len(PALETTE)]}"/>')
        shown = "—" if value is None else _num(value) + unit
        parts.append(f'<text x="{w + 6:.1f}" y="{y + 13}" class="val">{escape(shown)}</text>')
        y += bar_h + 12
    parts.append("</svg>")
    return mark_safe("".join(parts))


def progress_against_target(value: float | None, target: float | None, *, title: str) -> SafeString:
    """A 0–100 % bar with the target marked."""
    width, height = 320, 70
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<rect x="0" y="10" width="{width}" height="26" fill="#eceff1" rx="4"/>',
    ]
    met = value is not None and target is not None and value >= target
    if value is not None:
        colour = "#43a047" if met or target is None else "#fb8c00"
        parts.append(f'<rect x="0" y="10" width="{width * value / 100:.1f}" height="26" fill="{colour}" rx="4"/>')
        parts.append(f'<text x="8" y="28" class="val on-bar">{_num(value)} %</text>')
    else:
        parts.append('<text x="8" y="28" class="val">—</text>')
    if target is not None:
        tx = width * target / 100
        parts.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="4" y2="42" class="target"/>')
        parts.append(f'<text x="{min(tx, width - 70):.1f}" y="60" class="tick">▲ {_num(target)} %</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
