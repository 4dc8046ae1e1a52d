"""The publication in records/ validates cleanly: no errors and no warnings."""

from __future__ import annotations

from pathlib import Path

from harness import validate_in_process

REPO = Path(__file__).resolve().parents[2]


def test_bundled_records_validate_cleanly() -> None:
    run = validate_in_process(REPO, "records")
    assert "Traceback" not in run.stdout + run.stderr
    assert run.diagnostics == [], run.stdout
    assert run.exit_code == 0
