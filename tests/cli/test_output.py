"""Progress reporting of the CLI: every item counted, however fast they come."""

from __future__ import annotations

import io

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


def test_a_bar_on_a_terminal_runs_no_thread_that_a_fork_could_catch_mid_write(
    monkeypatch,
) -> None:
    import threading

    from rich.console import Console

    monkeypatch.setattr(output, "stderr", lambda: Console(force_terminal=True, file=io.StringIO()))
    before = threading.active_count()
    with output.progress("reading") as tick:
        assert not tick._progress.disable  # a terminal: the bar is drawn
        for n in range(3):
            tick(f"page {n}")
        assert threading.active_count() == before
    assert "reading" in tick._progress.console.file.getvalue()
