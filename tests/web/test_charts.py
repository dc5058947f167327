"""The dashboard's SVG timelines: one per kind, bars per day, running sums, bins on long spans."""

from __future__ import annotations

import datetime as dt
import re

from swapledger.api.ledger import EventView
from swapledger.model import Event, Figure, Transfer
from swapledger.web import charts


def _view(i: int, day: dt.date | None, count: int, kind: str = "remains", to: str = "ukraine"):
    t = Transfer("russia", to, count, "exact", (Figure(count, "exact", ()),))
    e = Event(f"ev-{i}", kind, day, None, (t,), ())  # type: ignore[arg-type]
    return EventView(e, e)


def test_one_chart_per_kind_and_none_without_dated_events():
    views = [
        _view(1, dt.date(2025, 6, 11), 1212),
        _view(2, dt.date(2025, 6, 12), 5, "prisoners"),
        _view(3, None, 77),
    ]
    made = charts.timelines(views)
    assert [c.kind for c in made] == ["remains", "prisoners"]
    assert made[0].undated == 1
    assert charts.timeline([_view(1, None, 3)], "remains") is None


def test_bars_carry_each_day_and_lines_the_running_sum():
    views = [
        _view(1, dt.date(2025, 6, 11), 1212),
        _view(2, dt.date(2025, 6, 20), 300),
    ]
    chart = charts.timeline(views, "remains")
    assert chart is not None
    svg = str(chart.svg)
    assert "<title>11 Jun 2025: Russia → Ukraine 1,212</title>" in svg
    assert "<title>20 Jun 2025: Russia → Ukraine 300</title>" in svg
    assert "<title>Russia → Ukraine: 1,512 in all</title>" in svg
    assert chart.series[0].total == 1512


def test_a_long_timeline_is_grouped_into_bins_so_the_page_stays_small():
    start = dt.date(2020, 1, 1)
    views = [_view(i, start + dt.timedelta(days=i), 1) for i in range(2000)]
    chart = charts.timeline(views, "remains")
    assert chart is not None
    bars = re.findall(r"<rect ", str(chart.svg))
    assert len(bars) <= charts.MAX_BARS + 1
    assert "per 12 days" in chart.title
    assert chart.series[0].total == 2000


def test_more_directions_than_colours_are_summed_as_other_directions():
    parties = ["ukraine", "israel", "hamas", "armenia", "azerbaijan", "houthis", "palestinians"]
    views = [
        _view(i, dt.date(2025, 1, 1 + i), 10 + i, to=p) for i, p in enumerate(parties + ["x", "y"])
    ]
    chart = charts.timeline(views, "remains")
    assert chart is not None
    labels = [s.label for s in chart.series]
    assert len(labels) == charts.MAX_SERIES + 1 and labels[-1] == charts.OTHER
    assert sum(s.total for s in chart.series) == sum(10 + i for i in range(9))
