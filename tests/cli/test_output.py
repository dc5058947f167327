"""Progress reporting of the CLI: every item counted, however fast they come."""

from __future__ import annotations

from swapledger.cli import output


def test_a_bar_counts_every_item_though_it_redraws_only_now_and_then(monkeypatch) -> None:
    updates = []
    real = output.Progress.update

    def counted(self, task, **fields):  # type: ignore[no-untyped-def]
        updates.append(fields)
        return real(self, task, **fields)

    monkeypatch.setattr(output.Progress, "update", counted)
    with output.progress("reading") as tick:
        for n in range(10_000):
            tick(f"crawl.warc.gz:{n}")
        bar = tick._progress
        task = tick._task
    assert bar.tasks[task].completed == 10_000  # the last ones counted when it closes
    assert len(updates) < 1_000  # not one redraw request per item
