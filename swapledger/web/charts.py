"""Events -> server-side SVG: the dashboard's timeline (bars per day, cumulative lines).

One chart per kind (bodies and prisoners are not added together). Each direction
is a series: its counts per day as stacked bars against the left axis, its running
sum as a line against the right axis. Every text in the SVG goes through
`escape`; colours and numbers are ours. No script, no external resource: the SVG
is inlined in the page and allowed by its Content-Security-Policy.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from swapledger.api.ledger import EventView, direction_key
from swapledger.web.present import KIND_WORDS, day, direction_label

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 60, 26, 30
"""Margins: room for the left (per day) and right (cumulative) axis labels."""
MAX_SERIES = 6
"""Directions drawn on their own; the rest are summed as 'other directions' (a chart
with more colours than this cannot be read)."""
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f7f7f")
"""Okabe-Ito: told apart by colour-blind readers too; the last one is 'other'."""
X_TICKS = 5
MIN_BAR, MAX_BAR = 1.5, 14.0
"""Bar width in px: visible however many days, never a slab for a few."""
OTHER = "other directions"
MAX_BARS = 180
"""Bars per series at most: beyond this many days, days are grouped into bins of N days
(a bar per pixel or less cannot be read, and 10,000 events would make a heavy page)."""


@dataclass(frozen=True, slots=True)
class Series:
    """One direction: its label, colour, counts per day and total."""

    label: str
    color: str
    per_day: dict[dt.date, int]
    total: int


@dataclass(frozen=True, slots=True)
class Chart:
    """A timeline for one kind: the SVG to inline and its legend (label, colour, total)."""

    kind: str
    title: str
    svg: Markup
    series: tuple[Series, ...]
    undated: int  # events of this kind with no day, not drawn

    def swatch(self, color: str) -> Markup:
        """A tiny square of `color` for the legend (an SVG: no inline style needed)."""
        return Markup(
            '<svg class="swatch" width="12" height="12" aria-hidden="true">'
            f'<rect width="12" height="12" fill="{escape(color)}"/></svg>'
        )


def _series(views: Sequence[EventView]) -> list[Series]:
    per: dict[str, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    for v in views:
        d = v.first_day()
        if d is None:
            continue
        for t in v.event.transfers:
            per[direction_key(t)][d] += v.count(t)
    ranked = sorted(per.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    out = [
        Series(direction_label(k), PALETTE[i], dict(days), sum(days.values()))
        for i, (k, days) in enumerate(ranked[:MAX_SERIES])
    ]
    if len(ranked) > MAX_SERIES:
        rest: dict[dt.date, int] = defaultdict(int)
        for _, days in ranked[MAX_SERIES:]:
            for d, n in days.items():
                rest[d] += n
        out.append(Series(OTHER, PALETTE[-1], dict(rest), sum(rest.values())))
    return out


def _binned(s: Series, first: dt.date, step: int) -> Series:
    """The series with its days grouped into bins of `step` days (keyed by a bin's first day)."""
    bins: dict[dt.date, int] = defaultdict(int)
    for d, n in s.per_day.items():
        bins[first + dt.timedelta(days=(d - first).days // step * step)] += n
    return Series(s.label, s.color, dict(bins), s.total)


def _nice(top: int) -> int:
    """The axis maximum: `top` rounded up to 1, 2 or 5 times a power of ten."""
    if top <= 0:
        return 1
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= top:
                return m * step
        step *= 10


def timeline(views: Sequence[EventView], kind: str) -> Chart | None:
    """The timeline of the events of `kind`, or None when none of them has a day."""
    mine = [v for v in views if v.event.kind == kind]
    undated = sum(1 for v in mine if v.first_day() is None)
    series = _series(mine)
    if not series:
        return None
    days = sorted({d for s in series for d in s.per_day})
    first, last = days[0] - dt.timedelta(days=1), days[-1] + dt.timedelta(days=1)
    span = (last - first).days
    step = -(-span // MAX_BARS)
    if step > 1:
        series = [_binned(s, first, step) for s in series]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(d: dt.date) -> float:
        return LEFT + plot_w * (d - first).days / span

    stack = defaultdict(int)
    for s in series:
        for d, n in s.per_day.items():
            stack[d] += n
    bar_top = _nice(max(stack.values()))
    cum_top = _nice(max(s.total for s in series))
    bar_w = max(MIN_BAR, min(MAX_BAR, plot_w / span * step * 0.8))
    per = "per day" if step == 1 else f"per {step} days"
    title = f"{KIND_WORDS.get(kind, kind).capitalize()} {per} and in all, by direction"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<g class="axes" stroke="#999" stroke-width="1">'
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}"/>'
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/>'
        f'<line x1="{LEFT + plot_w}" y1="{TOP}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}"/></g>',
    ]
    labels = ['<g class="labels" font-size="11" fill="#444">']
    for frac in (0, 0.5, 1):
        y = TOP + plot_h * (1 - frac)
        labels.append(
            f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{int(bar_top * frac):,}</text>'
            f'<text x="{LEFT + plot_w + 4}" y="{y + 4:.1f}">{int(cum_top * frac):,}</text>'
        )
        if frac:
            parts.append(
                f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" '
                'stroke="#e4e4e4" stroke-width="1"/>'
            )
    ticks = min(X_TICKS, span)
    for i in range(ticks + 1):
        d = first + dt.timedelta(days=round(span * i / ticks))
        anchor = "start" if i == 0 else "end" if i == ticks else "middle"
        labels.append(
            f'<text x="{x(d):.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}">{escape(day(d))}</text>'
        )
    labels.append(
        f'<text x="{LEFT}" y="12" font-size="10" text-anchor="middle">{per}</text>'
        f'<text x="{LEFT + plot_w}" y="12" font-size="10" text-anchor="middle">in all</text></g>'
    )
    bars = ['<g class="bars">']
    base: dict[dt.date, float] = defaultdict(float)
    for s in series:
        for d in sorted(s.per_day):
            n = s.per_day[d]
            h = plot_h * n / bar_top
            y = TOP + plot_h - base[d] - h
            base[d] += h
            when = day(d) if step == 1 else f"{day(d)} – {day(d + dt.timedelta(days=step - 1))}"
            tip = f"{when}: {s.label} {n:,}"
            centre = x(d) + (plot_w / span * (step - 1) / 2)
            bars.append(
                f'<rect x="{centre - bar_w / 2:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                f'height="{max(h, 0.5):.1f}" fill="{s.color}"><title>{escape(tip)}</title></rect>'
            )
    bars.append("</g>")
    lines = ['<g class="lines" fill="none" stroke-width="2">']
    for s in series:
        total, points = 0, [f"{x(first):.1f},{TOP + plot_h:.1f}"]
        for d in sorted(s.per_day):
            y_before = TOP + plot_h * (1 - total / cum_top)
            total += s.per_day[d]
            y_after = TOP + plot_h * (1 - total / cum_top)
            points += [f"{x(d):.1f},{y_before:.1f}", f"{x(d):.1f},{y_after:.1f}"]
        points.append(f"{x(last):.1f},{TOP + plot_h * (1 - total / cum_top):.1f}")
        lines.append(
            f'<polyline points="{" ".join(points)}" stroke="{s.color}" stroke-opacity="0.85">'
            f"<title>{escape(s.label)}: {total:,} in all</title></polyline>"
        )
    lines.append("</g>")
    svg = "".join([*parts, *bars, *lines, *labels, "</svg>"])
    return Chart(kind, title, Markup(svg), tuple(series), undated)


def timelines(views: Sequence[EventView]) -> list[Chart]:
    """One timeline per kind that has dated events (bodies first)."""
    out = []
    for kind in ("remains", "prisoners"):
        chart = timeline(views, kind)
        if chart is not None:
            out.append(chart)
    return out
