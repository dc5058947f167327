"""The extraction quality gate: scores on the shared corpora never fall below their floors."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

GATE_FILE = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_gate.py"
spec = importlib.util.spec_from_file_location("eval_gate", GATE_FILE)
assert spec and spec.loader
gate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gate)


@pytest.fixture(scope="module")
def today() -> dict[str, dict[str, float | str]]:
    if not gate.CORPORA.is_dir():
        pytest.skip(f"shared corpus not found at {gate.CORPORA}: quality gate not run")
    return gate.measure()


@pytest.mark.parametrize("name", [g[0] for g in gate.GATES])
def test_scores_do_not_fall_below_their_pinned_floor(
    name: str, today: dict[str, dict[str, float | str]]
) -> None:
    floors = gate.load()
    if name not in today:
        pytest.skip(f"corpus for gate {name} is absent")
    floor = floors.get(name)
    if floor is None or floor.get("digest") != today[name]["digest"]:
        pytest.skip(
            f"gate {name}: corpus changed since the floors were pinned; run benchmarks/eval_gate.py --update"
        )
    assert float(today[name]["f1"]) >= float(floor["f1"]) - gate.EPSILON
    assert (
        float(today[name]["qualifier_accuracy"])
        >= float(floor["qualifier_accuracy"]) - gate.EPSILON
    )


def test_update_never_lowers_a_floor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"seeds": {"digest": "d", "f1": 0.99, "qualifier_accuracy": 1.0}}')
    monkeypatch.setattr(gate, "BASELINE", baseline)
    monkeypatch.setattr(gate, "ROOT", tmp_path)
    monkeypatch.setattr(
        gate, "measure", lambda: {"seeds": {"digest": "d", "f1": 0.5, "qualifier_accuracy": 0.9}}
    )
    gate.main(["--update"])
    assert gate.load()["seeds"]["f1"] == 0.99
