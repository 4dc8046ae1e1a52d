"""Helpers for the `claimkit check` tests: run the command in process and read its JSON report."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimkit.cli import main

CHECK_TESTS = Path(__file__).parent
EXAMPLES = CHECK_TESTS / "examples"
GOOD = EXAMPLES / "good"
BAD = EXAMPLES / "bad"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.stdout)
        return data

    @property
    def found(self) -> list[tuple[str, str, int]]:
        """(file name, code, line) of every diagnostic of a JSON report."""
        return [(Path(d["path"]).name, d["code"], d["line"]) for d in self.report["diagnostics"]]


def check(*args: str | Path, fmt: str = "json") -> Run:
    """Run `claimkit check ARGS --format FMT` in process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", *(str(a) for a in args), "--format", fmt])
    run = Run(code, out.getvalue(), err.getvalue())
    assert "Traceback" not in run.stdout + run.stderr
    return run
