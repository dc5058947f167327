"""`swapledger ledger` exports say which figures an analyst reviewed, beside the machine's."""

from __future__ import annotations

import csv
import io
import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from swapledger.cli.main import app
from tests.api.conftest import AUTH
from tests.api.helpers import event_with


def test_csv_and_json_exports_mark_the_reviewed_figures(client: TestClient, db_url: str) -> None:
    e = event_with(client, "russia", "ukraine", 1212)
    r = client.post(
        f"/api/events/{e['id']}/reviews",
        json={
            "action": "correct_count",
            "reviewer": "ana",
            "reason": "list of names",
            "direction": "russia>ukraine",
            "count": 1213,
        },
        headers=AUTH,
    )
    assert r.status_code == 201
    runner = CliRunner()
    out = runner.invoke(app, ["ledger", "--db", db_url, "--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    mine = [x for x in rows if x["id"] == e["id"]]
    fixed = next(x for x in mine if (x["from"], x["to"]) == ("russia", "ukraine"))
    assert (fixed["count"], fixed["machine_count"], fixed["count_reviewed"]) == (
        "1213",
        "1212",
        "True",
    )
    other = next(x for x in mine if (x["from"], x["to"]) == ("ukraine", "russia"))
    assert other["count_reviewed"] == "False" and other["count"] == other["machine_count"]
    assert all(x["count_reviewed"] == "False" for x in rows if x["id"] != e["id"])
    out = runner.invoke(app, ["ledger", "--db", db_url, "--format", "json"])
    event = next(x for x in json.loads(out.stdout) if x["id"] == e["id"])
    t = next(t for t in event["transfers"] if t["from"] == "russia")
    assert (t["count"], t["machine_count"], t["reviewed"]) == (1213, 1212, True)
    assert event["reviewed"] and event["reviews"][0]["reason"] == "list of names"
