"""The site template memory: pages counted per site and per line, a batch at a time."""

from __future__ import annotations

from swapledger.store import Store, templates


def test_a_batch_counts_every_page_of_a_site_and_every_line_once_a_page(memory_store: Store):
    templates.learn(
        memory_store,
        [
            ("a.example", {"footer", "nav", "story-1"}),
            ("a.example", {"footer", "nav", "story-2"}),
            ("b.example", {"footer"}),
        ],
    )
    templates.learn(memory_store, [("a.example", {"footer", "story-3"})])  # a later batch adds
    memory = templates.memory(memory_store, "a.example")
    assert memory.pages == 3
    # only lines on >= 3 pages and half the site's pages travel to the cleaner
    assert memory.seen == {"footer": 3}
    assert templates.memory(memory_store, "b.example").pages == 1
    templates.learn(memory_store, [("a.example", {"nav"})])
    assert templates.memory(memory_store, "a.example").seen == {"footer": 3, "nav": 3}


def test_an_empty_batch_writes_nothing(memory_store: Store):
    templates.learn(memory_store, [])
    assert templates.memory(memory_store, "a.example").pages == 0


def test_a_site_s_template_memory_is_read_through_its_frequent_lines_only(tmp_path):
    # a site of 20,000 pages has ~2 million line rows, and the memory is read again after
    # every batch the writer learns: a read must reach the few frequent rows directly
    # (~1 ms), not filter every row of the site (~1 s); benchmarks/template_memory.py
    with Store(f"sqlite:///{tmp_path / 'ledger.db'}") as store:
        query = templates.frequent_lines("a.example", 3)
        sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
        with store.engine.connect() as conn:
            plan = " ".join(
                str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")
            )
    assert "USING INDEX ix_template_lines_site_pages (site=? AND pages>?)" in plan, plan
