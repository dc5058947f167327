"""Per-site template memory in the store: on how many pages of a site each line was seen.

`memory(store, site)` gives the cleaner a read-only `TemplateMemory` snapshot;
`learn(store, pages)` counts the lines of newly stored pages. A page is counted once
(learn only pages the store took as new), and a line once per page.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from swapledger.clean.template import (
    HASH_CHARS,
    MIN_TEMPLATE_PAGES,
    MIN_TEMPLATE_SHARE,
    TemplateMemory,
)
from swapledger.store import tables as t
from swapledger.store.repository import Store, _insert

SITE_CHARS = 255
"""A host name is at most 253 characters."""

template_sites = sa.Table(
    "template_sites",
    t.metadata,
    sa.Column("site", sa.String(SITE_CHARS), primary_key=True),
    sa.Column("pages", sa.BigInteger, nullable=False),
)

template_lines = sa.Table(
    "template_lines",
    t.metadata,
    sa.Column("site", sa.String(SITE_CHARS), primary_key=True),
    sa.Column("line_hash", sa.String(HASH_CHARS), primary_key=True),
    sa.Column("pages", sa.BigInteger, nullable=False),
    # `memory` asks for a site's lines seen on at least n pages: through this index it
    # reads those few rows, not every line of every page of the site (a site of 20,000
    # pages holds ~2 million rows: ~1 s a read, and a read after every batch it learns)
    sa.Index("ix_template_lines_site_pages", "site", "pages"),
)

TABLES = [template_sites, template_lines]


def memory(store: Store, site: str) -> TemplateMemory:
    """What the store knows of one site, for the cleaner."""
    with store._tx("read template memory") as conn:
        pages = conn.execute(
            sa.select(template_sites.c.pages).where(template_sites.c.site == site)
        ).scalar()
        if not pages:
            return TemplateMemory(site)
        # only lines frequent enough to be template travel: the snapshot stays small
        least = max(MIN_TEMPLATE_PAGES, math.ceil(MIN_TEMPLATE_SHARE * pages))
        rows = conn.execute(frequent_lines(site, least))
        return TemplateMemory(site, int(pages), {r.line_hash: int(r.pages) for r in rows})


def frequent_lines(site: str, least: int) -> sa.Select:
    """The (line_hash, pages) of the lines of `site` seen on `least` pages or more."""
    return sa.select(template_lines.c.line_hash, template_lines.c.pages).where(
        template_lines.c.site == site, template_lines.c.pages >= least
    )


def learn(store: Store, pages: Iterable[tuple[str, AbstractSet[str]]]) -> None:
    """Count pages (site, distinct line hashes) that the store has just taken as new.

    The counts of a whole batch are summed first and written in two statements (one
    `executemany` upsert per table), not one statement per line of each page."""
    sites: Counter[str] = Counter()
    lines: Counter[tuple[str, str]] = Counter()
    for site, hashes in pages:
        sites[site] += 1
        lines.update((site, h) for h in hashes)
    if not sites:
        return
    with store._tx("update template memory", write=True) as conn:
        _bump(
            conn,
            template_sites,
            ["site"],
            [{"site": s, "pages": n} for s, n in sorted(sites.items())],
        )
        _bump(
            conn,
            template_lines,
            ["site", "line_hash"],
            [{"site": s, "line_hash": h, "pages": n} for (s, h), n in sorted(lines.items())],
        )


def _bump(conn: Connection, table: sa.Table, key: list[str], rows: list[dict]) -> None:
    """pages += n on the row of each key, inserting it at n (one executemany upsert where
    the backend has ON CONFLICT, so two writers counting one line at once both count)."""
    if not rows:
        return
    upsert = _insert(conn, table)
    if upsert is not None:
        conn.execute(
            upsert.on_conflict_do_update(
                index_elements=[table.c[k] for k in key],
                set_={"pages": table.c.pages + upsert.excluded.pages},
            ),
            rows,
        )
        return
    for row in rows:
        where = sa.and_(*(table.c[k] == row[k] for k in key))
        done = conn.execute(
            sa.update(table).where(where).values(pages=table.c.pages + row["pages"])
        )
        if done.rowcount == 0:
            conn.execute(sa.insert(table).values(**row))
