"""FeedState and seen FeedEntry <-> rows: what `swapledger watch` remembers between polls.

A feed's row keeps the validators (ETag, Last-Modified) its server sent, so the next
poll is a conditional GET. An entry's row says it was dealt with (its page stored,
already stored, or skipped with a reason that will not change), so it is not fetched
again; an entry whose page could not be fetched for now (a timeout, a 5xx) gets no
row and is tried at the next poll.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

import sqlalchemy as sa

from swapledger.model import FeedEntry, FeedState
from swapledger.store import tables as t
from swapledger.store.repository import Store, _insert, _text_safe


def url_hash(*parts: str) -> str:
    """The fixed-size key of a URL (or of a feed URL and an entry key)."""
    joined = "\n".join(parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()


def states(store: Store, urls: Sequence[str]) -> dict[str, FeedState]:
    """The kept state of each feed (a feed never polled gets an empty state)."""
    wanted = {url_hash(u): u for u in urls}
    found: dict[str, FeedState] = {}
    with store._tx("read feed state") as conn:
        rows = conn.execute(sa.select(t.feeds).where(t.feeds.c.url_hash.in_(list(wanted))))
        for row in rows:
            found[row.url] = FeedState(row.url, row.etag, row.last_modified, row.checked_at)
    return {u: found.get(u, FeedState(u)) for u in urls}


def save_state(store: Store, state: FeedState) -> None:
    """Keep a feed's validators and the time of its poll."""
    key = url_hash(state.url)
    with store._tx("save feed state", write=True) as conn:
        values = _text_safe(
            conn,
            dict(
                url=state.url,
                etag=state.etag,
                last_modified=state.last_modified,
                checked_at=state.checked,
            ),
        )
        upsert = _insert(conn, t.feeds)
        if upsert is not None:
            stmt = upsert.values(url_hash=key, **values)
            conn.execute(
                stmt.on_conflict_do_update(index_elements=[t.feeds.c.url_hash], set_=values)
            )
            return
        conn.execute(sa.delete(t.feeds).where(t.feeds.c.url_hash == key))
        conn.execute(sa.insert(t.feeds).values(url_hash=key, **values))


def seen_keys(store: Store, entries: Iterable[FeedEntry]) -> set[tuple[str, str]]:
    """(feed url, entry key) of the given entries that were dealt with before."""
    by_hash = {url_hash(e.feed_url, e.key): (e.feed_url, e.key) for e in entries}
    if not by_hash:
        return set()
    found: set[tuple[str, str]] = set()
    hashes = list(by_hash)
    with store._tx("read seen feed entries") as conn:
        for start in range(0, len(hashes), 500):  # SQLite allows so many bound values
            rows = conn.execute(
                sa.select(t.feed_entries.c.key_hash).where(
                    t.feed_entries.c.key_hash.in_(hashes[start : start + 500])
                )
            )
            found.update(by_hash[h] for (h,) in rows)
    return found


def mark_seen(
    store: Store, done: Sequence[tuple[FeedEntry, str]], at: dt.datetime | None = None
) -> None:
    """Remember entries as dealt with, each with its outcome ("stored", a skip reason)."""
    if not done:
        return
    when = at or dt.datetime.now(dt.UTC)
    rows = {
        url_hash(e.feed_url, e.key): dict(
            key_hash=url_hash(e.feed_url, e.key),
            feed_url=e.feed_url,
            entry_key=e.key,
            url=e.url,
            outcome=outcome,
            seen_at=when,
        )
        for e, outcome in done
    }
    with store._tx("mark feed entries seen", write=True) as conn:
        upsert = _insert(conn, t.feed_entries)
        if upsert is not None:
            safe = [_text_safe(conn, r) for r in rows.values()]
            conn.execute(upsert.on_conflict_do_nothing(), safe)
            return
        present = t.feed_entries.c.key_hash.in_(list(rows))  # pragma: no cover - other backends
        for (h,) in conn.execute(sa.select(t.feed_entries.c.key_hash).where(present)):
            rows.pop(h)
        if rows:
            conn.execute(sa.insert(t.feed_entries), list(rows.values()))
