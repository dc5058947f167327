"""Source (completed) -> Event: claims grouped into the distinct exchanges behind them.

1. units: within one article, the two directions of one exchange (told within
   `PAIR_CHARS` of each other), its restatements and its two-way total form one unit
2. cluster: units join the event they are compatible with (same kind and
   parties, days in common, counts that agree once qualifiers are read); dated
   units go first so undated ones join the event nearest their days
3. build: per direction the consensus and any conflict; the day (or range),
   narrowed by every source and by a weekday the sentences name; who confirmed it
4. ids: kept from `previous` when the event's sources had one, else derived
   from the earliest supporting record
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from swapledger.extract.dates import month_days
from swapledger.model import DateRange, Event, Source, Transfer
from swapledger.reconcile.consensus import agree, confirmed_by, consensus, key_order
from swapledger.reconcile.dates import (
    intersect,
    resolve_weekday,
    told_earlier,
    weekday_near,
    window,
)

PAIR_CHARS = 400
"""The other direction of one exchange ('..., receiving 27 bodies in return') is
told in the same or the next sentence: within about two sentences' length."""

SAME_DAY_DAYS = 0
"""Two reports dated to different days are different handovers: in June 2025
batches of 1,200 went over on consecutive days."""

Direction = tuple[str, str, bool]  # (from, to, between)


@dataclass(slots=True)
class Group:
    """Sources that tell one transfer (a unit of one article, or an event being built)."""

    kind: str
    days: DateRange | None
    sources: list[Source] = field(default_factory=list)
    _dirs: dict[Direction, list[Source]] | None = None  # by_direction, kept until a source is added

    def add(self, *sources: Source) -> None:
        """More sources for the group."""
        self.sources.extend(sources)
        self._dirs = None

    @property
    def exact_day(self) -> bool:
        """True when the group's days are one day."""
        return self.days is not None and self.days[0] == self.days[1]

    def by_direction(self) -> dict[Direction, list[Source]]:
        """Sources per direction; a two-way total under its sorted pair."""
        if self._dirs is None:
            self._dirs = {}
            for s in self.sources:
                self._dirs.setdefault(direction(s), []).append(s)
        return self._dirs

    def parties(self) -> frozenset[str]:
        """Every party of every direction."""
        return frozenset(p for d in self.by_direction() for p in d[:2])

    def first_key(self) -> tuple[int, str]:
        """The earliest supporting record."""
        return min(key_order(s.key) for s in self.sources)


def direction(s: Source) -> Direction:
    """(from, to, False) of a directed record; (a, b, True) with a <= b of a two-way total."""
    r = s.record
    if r.between is not None:
        a, b = sorted(r.between)
        return (a, b, True)
    return (r.from_party or "?", r.to_party or "?", False)


def _figures(sources: Iterable[Source]) -> list[tuple[int, str]]:
    return sorted({(s.record.count, s.record.qualifier) for s in sources})


CONFLICT_SPREAD = 0.25
"""How far apart two pages' counts of one direction on one day may be and still be one
handover told two ways (a conflict): 757 and 758, 1,000 and 1,212; not 270 and 120."""


def _near(a: Sequence[Source], b: Sequence[Source]) -> bool:
    """True when every figure of `a` is within CONFLICT_SPREAD of some figure of `b`."""
    return all(
        any(abs(x - y) <= CONFLICT_SPREAD * max(x, y) for y, _ in _figures(b))
        for x, _ in _figures(a)
    )


def counts_agree(a: Sequence[Source], b: Sequence[Source]) -> bool:
    """True when every figure of `a` agrees with some figure of `b`."""
    return all(any(agree(x, y) for y in _figures(b)) for x in _figures(a))  # type: ignore[arg-type]


def _total(g: Group) -> tuple[int, str] | None:
    """The two-way total a group gives, or the sum of its two directions."""
    dirs = g.by_direction()
    for d, ss in dirs.items():
        if d[2]:
            return (ss[0].record.count, ss[0].record.qualifier)
    directed = [d for d in dirs if not d[2]]
    if len(directed) == 2:
        return (sum(dirs[d][0].record.count for d in directed), "exact")
    return None


def compatible(event: Group, unit: Group, *, dated: bool = True) -> bool:
    """True when a unit can be a report of the event: kind, parties, days and counts."""
    if event.kind != unit.kind or event.parties() != unit.parties():
        return False
    told = {(s.record.article_id, direction(s)) for s in event.sources}
    if any((s.record.article_id, direction(s)) in told for s in unit.sources):
        return False  # an article's claims that the extractor kept apart are two handovers
    if dated:
        both_exact = event.exact_day and unit.exact_day
        if both_exact and abs((event.days[0] - unit.days[0]).days) > SAME_DAY_DAYS:  # type: ignore[index]
            return False
        if not both_exact and intersect(event.days, unit.days) is False:
            return False
    else:
        both_exact = False
    ed, ud = event.by_direction(), unit.by_direction()
    shared = [d for d in ud if d in ed and not d[2]]
    agreeing = [d for d in shared if counts_agree(ud[d], ed[d])]
    if shared:
        # reports dated to the same day may disagree on one direction: that is a conflict
        if len(agreeing) == len(shared) or (both_exact and bool(agreeing)):
            return True
        # one day, other pages, counts a little apart ("757" and "758"): one handover told
        # two ways, a conflict; not two handovers of a kind the same way on one day
        other_pages = not {s.record.article_id for s in unit.sources} & {
            s.record.article_id for s in event.sources
        }
        return both_exact and other_pages and all(_near(ud[d], ed[d]) for d in shared)
    et, ut = _total(event), _total(unit)
    return et is not None and ut is not None and agree(et, ut)  # type: ignore[arg-type]


def units(sources: Iterable[Source], *, dated: bool = True) -> list[Group]:
    """Within each article, the records that tell one exchange (step 1)."""
    by_article: dict[str, list[Source]] = {}
    for s in sources:
        by_article.setdefault(s.record.article_id, []).append(s)
    out: list[Group] = []
    for items in by_article.values():
        items.sort(key=lambda s: (s.record.evidence.start, key_order(s.key)))
        directed = [s for s in items if not direction(s)[2]]
        totals = [s for s in items if direction(s)[2]]
        mine = _pair([(s, window(s) if dated else None) for s in directed], dated)
        _join_lone_directions(mine, dated)
        for s in totals:
            _add_total(mine, s, window(s) if dated else None, dated)
        out.extend(mine)
    return out


def _days_fit(g: Group, days: DateRange | None, dated: bool) -> bool:
    return not dated or intersect(g.days, days) is not False


def _join(g: Group, s: Source, days: DateRange | None) -> None:
    g.add(s)
    narrowed = intersect(g.days, days)
    g.days = narrowed if narrowed is not False else g.days


def _pair(items: list[tuple[Source, DateRange | None]], dated: bool) -> list[Group]:
    """Walk the article: the other direction told in the sentence of the claim before it
    completes that claim; a restatement joins its claim; the other direction joins the
    claim told just before it (within PAIR_CHARS); anything else starts a unit."""
    mine: list[Group] = []
    last: Group | None = None
    told = Counter((s.record.evidence.start, s.record.evidence.end, direction(s)) for s, _ in items)
    for s, days in items:
        d = direction(s)
        if told[(s.record.evidence.start, s.record.evidence.end, d)] > 1:
            # "in July, August and September, each ... about 1,000": one handover per
            # record the extractor read from the one phrase, none of them another's report
            last = Group(s.record.kind, days, [s])
            mine.append(last)
            continue
        if (
            last is not None
            and _completes(last, s)
            and s.sentence_start == last.sources[-1].sentence_start
            and _days_fit(last, days, dated)
        ):  # 'Then Russia got back 43, Ukraine 909': one sentence, one exchange
            _join(last, s, days)
            continue
        same = [
            g
            for g in mine
            if g.kind == s.record.kind
            and d in g.by_direction()
            and counts_agree([s], g.by_direction()[d])
            and _days_fit(g, days, dated)
        ]
        if same:
            last = same[-1]
            _join(last, s, days)
            continue
        if (
            last is not None
            and _completes(last, s)
            and s.record.evidence.start - max(x.record.evidence.start for x in last.sources)
            <= PAIR_CHARS
            and _days_fit(last, days, dated)
        ):
            _join(last, s, days)
            continue
        last = Group(s.record.kind, days, [s])
        mine.append(last)
    return mine


def _completes(g: Group, s: Source) -> bool:
    """True when `s` tells the direction `g` lacks, the reverse of one it has."""
    d = direction(s)
    dirs = g.by_direction()
    return g.kind == s.record.kind and d not in dirs and (d[1], d[0], False) in dirs


def _join_lone_directions(mine: list[Group], dated: bool) -> None:
    """An article that tells one claim each way, however far apart, tells one exchange."""
    lone = [g for g in mine if len(g.by_direction()) == 1]
    for g in lone:
        if g not in mine:
            continue
        (d,) = g.by_direction()
        mates = [
            h
            for h in lone
            if h in mine and h.kind == g.kind and list(h.by_direction()) == [(d[1], d[0], False)]
        ]
        kin = [h for h in lone if h in mine and h.kind == g.kind and list(h.by_direction()) == [d]]
        if len(mates) == 1 and len(kin) == 1 and _days_fit(mates[0], g.days, dated):
            for s in mates[0].sources:
                _join(g, s, mates[0].days)
            mine.remove(mates[0])


def _add_total(mine: list[Group], s: Source, days: DateRange | None, dated: bool) -> None:
    """A two-way total joins the exchange whose directions it sums, else a near one."""
    d = direction(s)
    figure = (s.record.count, s.record.qualifier)
    fits = [
        g
        for g in mine
        if g.kind == s.record.kind
        and set(d[:2]) == g.parties()
        and d not in g.by_direction()
        and _days_fit(g, days, dated)
    ]
    summed = [g for g in fits if (t := _total(g)) is not None and agree(t, figure)]  # type: ignore[arg-type]
    here = s.record.evidence.start
    # "the largest since October 2020, when 1,000 were freed": near nothing of this week
    near = (
        []
        if told_earlier(s)
        else [
            g
            for g in fits
            if min(abs(x.record.evidence.start - here) for x in g.sources) <= PAIR_CHARS
        ]
    )
    target = (summed or near or [None])[0]
    if target is None:
        mine.append(Group(s.record.kind, days, [s]))
    else:
        _join(target, s, days)


INDEX_DAYS = 62
"""Ranges up to two months are indexed day by day; wider (or unbounded) ones are few
and are checked against every event of their kind and parties."""


def cluster(found: list[Group], *, dated: bool = True) -> list[Group]:
    """Units into events (step 2): each joins the compatible event nearest its days.

    Events are indexed by kind and parties, then by day, so a unit is compared
    only with the events whose days can meet its own.
    """

    def width(g: Group) -> int:
        return (g.days[1] - g.days[0]).days if g.days is not None else 1 << 20

    def days_of(g: Group) -> list[dt.date] | None:
        if not dated or g.days is None or width(g) > INDEX_DAYS:
            return None
        return [g.days[0] + dt.timedelta(days=i) for i in range(width(g) + 1)]

    events: list[Group] = []
    by_day: dict[tuple[str, frozenset[str]], dict[dt.date, list[int]]] = {}
    wide: dict[tuple[str, frozenset[str]], list[int]] = {}
    for u in sorted(found, key=lambda g: (width(g), g.first_key())):
        bucket = (u.kind, u.parties())
        days = days_of(u)
        if days is None:  # an unbounded unit may meet any event of its bucket
            near = {i for ids in by_day.get(bucket, {}).values() for i in ids}
        else:
            index = by_day.get(bucket, {})
            near = {i for d in days for i in index.get(d, ())}
        near |= set(wide.get(bucket, ()))
        fits = [events[i] for i in sorted(near) if compatible(events[i], u, dated=dated)]
        if dated and u.days is None and fits and (named := _days_without_year(u)):
            # "29 січня" on a page with no year: the event on that day of the year, if any
            fits = [e for e in fits if e.exact_day and (e.days[0].month, e.days[0].day) in named]  # type: ignore[index]
        if dated and u.days is None and fits:
            # a report with no day joins the handover it matches best (both directions
            # over one), and only one that tells every direction it tells (an undated
            # 1,000/31 is not a lone 1,000 of another day); when handovers of several
            # days match it equally, it stays apart
            fits = [e for e in fits if _shared(e, u) == len(u.by_direction())]
        if dated and u.days is None and fits:
            most = max(_shared(e, u) for e in fits)
            fits = [e for e in fits if _shared(e, u) == most]
            if len({e.days for e in fits}) > 1:
                fits = []
        if not fits:
            events.append(Group(u.kind, u.days, list(u.sources)))
            n = len(events) - 1
            if days is None:
                wide.setdefault(bucket, []).append(n)
            else:
                for d in days:
                    by_day.setdefault(bucket, {}).setdefault(d, []).append(n)
            continue
        best = min(fits, key=lambda e: (_distance(e.days, u.days), -len(e.sources), e.first_key()))
        best.add(*u.sources)
        narrowed = intersect(best.days, u.days) if dated else None
        best.days = narrowed if narrowed is not False else best.days
    return events


def _days_without_year(unit: Group) -> set[tuple[int, int]]:
    """The (month, day) the unit's undated claims name in their own sentences."""
    out: set[tuple[int, int]] = set()
    for s in unit.sources:
        if s.record.date is None:
            out |= month_days(s.sentence)
    return out


def _shared(event: Group, unit: Group) -> int:
    """How many directions of the unit the event also tells."""
    return len(set(event.by_direction()) & set(unit.by_direction()))


def _distance(a: DateRange | None, b: DateRange | None) -> int:
    """Days between the middles of two ranges (unbounded ranges are far)."""
    if a is None or b is None:
        return 1 << 20
    mid = lambda r: r[0].toordinal() + r[1].toordinal()  # noqa: E731
    return abs(mid(a) - mid(b))


def transfers(g: Group) -> tuple[tuple[Transfer, ...], tuple]:
    """The consensus per direction (directed first, then two-way totals) and the conflicts."""
    out: list[Transfer] = []
    conflicts = []
    for d, ss in sorted(g.by_direction().items(), key=lambda kv: (kv[0][2], kv[0])):
        t, c = consensus(d[0], d[1], ss, between=d[2])
        out.append(t)
        if c is not None:
            conflicts.append(c)
    return tuple(out), tuple(conflicts)


def narrow(days: DateRange | None, sources: Iterable[Source]) -> DateRange | None:
    """The range, narrowed to one day where the sentences name a weekday it holds once."""
    if days is None or days[0] == days[1]:
        return days
    named = Counter(
        w for s in sources if s.record.date is None and (w := weekday_near(s)) is not None
    )
    if len(named) != 1:
        return days
    day = resolve_weekday(days, next(iter(named)))
    return (day, day) if day is not None else days


def make_id(prefix: str, g: Group) -> str:
    """An id derived from the earliest supporting record: stable while that record is."""
    first = min((s for s in g.sources), key=lambda s: key_order(s.key))
    digest = hashlib.sha1(f"{prefix}:{g.kind}:{first.key}".encode()).hexdigest()[:10]
    return f"{prefix}-{digest}"


def assign_ids(prefix: str, groups: Sequence[Group], previous: Mapping[str, str]) -> list[str]:
    """Step 4: the id each group's sources had before (most of them), else a derived one."""
    ids: list[str] = [""] * len(groups)
    taken: set[str] = set()
    order = sorted(range(len(groups)), key=lambda i: groups[i].first_key())
    for i in order:
        had = Counter(previous[s.key] for s in groups[i].sources if s.key in previous)
        for old, _ in sorted(had.items(), key=lambda kv: (-kv[1], kv[0])):
            if old.startswith(prefix + "-") and old not in taken:
                ids[i] = old
                break
        if not ids[i]:
            new = make_id(prefix, groups[i])
            n = 2
            while new in taken:
                new = f"{make_id(prefix, groups[i])}-{n}"
                n += 1
            ids[i] = new
        taken.add(ids[i])
    return ids


def sort_sources(sources: Iterable[Source]) -> tuple[Source, ...]:
    """Sources in order of first report."""
    return tuple(sorted(sources, key=lambda s: key_order(s.key)))


def events(sources: Sequence[Source], previous: Mapping[str, str]) -> list[Event]:
    """Completed sources into the distinct events behind them, by day then kind."""
    groups = cluster(units(sources))
    ids = assign_ids("ev", groups, previous)
    out: list[Event] = []
    for g, eid in zip(groups, ids, strict=True):
        days = narrow(g.days, g.sources)
        ts, conflicts = transfers(g)
        single = days is not None and days[0] == days[1]
        out.append(
            Event(
                id=eid,
                kind=g.kind,  # type: ignore[arg-type]
                date=days[0] if single else None,  # type: ignore[index]
                date_range=None if single else days,
                transfers=ts,
                sources=sort_sources(g.sources),
                confirmed_by=confirmed_by(g.sources, g.parties()),
                conflicts=conflicts,
            )
        )
    out.sort(key=lambda e: (_first_day(e) or dt.date.max, e.kind, e.id))
    return out


def _first_day(e: Event) -> dt.date | None:
    """The event's day, or the first day of its range."""
    return e.date or (e.date_range[0] if e.date_range else None)
