"""schemathesis against /openapi.json, in process: generated requests never get a 5xx.

Writes are generated with the right token (so they reach the handlers), on a copy of
the example store. The number of examples per operation is bounded to keep it quick.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings

from swapledger.api import create_app
from tests.api.conftest import AUTH

EXAMPLES_PER_OPERATION = 25


def test_no_generated_request_gets_a_server_error(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "api.db"
    shutil.copy(demo_db, path)
    app = create_app(f"sqlite:///{path}", token=AUTH["Authorization"].split()[1])
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    failures: list[str] = []
    calls: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case: schemathesis.Case) -> None:
            response = case.call(headers=AUTH)
            calls.append(response.status_code)
            where = f"{case.method} {case.formatted_path} {case.query or ''}"
            if response.status_code >= 500:
                failures.append(f"{where}: {response.status_code} {response.text[:200]}")
            elif response.status_code >= 400 and set(response.json()) != {"error"}:
                failures.append(f"{where}: error body {response.text[:200]}")

        check()
    app.state.swapledger.store.close()
    assert not failures, "\n".join(failures[:10])
    assert len(calls) >= 10 * len(operations), calls  # the examples did reach the app
    assert {c // 100 for c in calls} >= {2, 4}
