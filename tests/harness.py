"""Helpers that turn the example folders into publications and run the validator on them.

A case folder under examples/negative/ or examples/positive/ holds only what differs from
examples/base/. Its files are copied over a temporary copy of base, except these markers:

- `<name>.delete`: delete <name> from the copy;
- `<name>.symlink`: make <name> a symbolic link to the path written in the marker;
- `<name>.generate`: write <name> as the marker's text repeated until the file is over 1 MiB;
- `expected.yaml` (negative cases only, at the case's top): a list of the diagnostics the case
  must produce, each `{path, line, code}` with an optional `column` and an optional `message`
  (text the message must contain). Paths are relative to the publication root.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from claimkit.core.limits import MAX_RECORD_BYTES as MAX_BYTES

TODAY = "2026-11-26"  # CLAIMKIT_TODAY for every test; see conftest.py
TESTS = Path(__file__).parent
EXAMPLES = TESTS / "examples"
BASE = EXAMPLES / "base"
EXPECTED = "expected.yaml"


def case_dirs(group: str) -> list[Path]:
    return sorted(p for p in (EXAMPLES / group).iterdir() if p.is_dir())


def build_publication(case: Path | None, dest: Path) -> Path:
    """A copy of base with `case` laid over it; returns the publication root."""
    shutil.copytree(BASE, dest)
    if case is None:
        return dest
    for source in sorted(case.rglob("*")):
        rel = source.relative_to(case)
        if source.is_dir() or rel == Path(EXPECTED):
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".delete":
            target.with_suffix("").unlink()
        elif source.suffix == ".symlink":
            target.with_suffix("").symlink_to(source.read_text(encoding="utf-8").strip())
        elif source.suffix == ".generate":
            chunk = source.read_bytes()
            target.with_suffix("").write_bytes(chunk * (MAX_BYTES // len(chunk) + 1))
        else:
            shutil.copyfile(source, target)
    return dest


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict[str, Any]:
        report: dict[str, Any] = json.loads(self.stdout)
        return report

    @property
    def diagnostics(self) -> list[dict[str, Any]]:
        diagnostics: list[dict[str, Any]] = self.report["diagnostics"]
        return diagnostics


def validate_in_process(root: Path, *args: str) -> Run:
    """`claimkit validate --format json [args]` run inside the publication root."""
    from claimkit.cli import main  # imported here so that a broken cli breaks only these tests

    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["validate", "--format", "json", *(args or ["records"])])
    finally:
        os.chdir(here)
    return Run(code, out.getvalue(), err.getvalue())


def expected_diagnostics(case: Path) -> list[dict[str, Any]]:
    entries = yaml.safe_load((case / EXPECTED).read_text(encoding="utf-8"))
    assert isinstance(entries, list) and entries, f"{case.name}: {EXPECTED} must be a list"
    for entry in entries:
        assert {"path", "line", "code"} <= set(entry), f"{case.name}: incomplete entry {entry}"
    return entries


def matches(entry: dict[str, Any], found: dict[str, Any]) -> bool:
    """Whether a reported diagnostic is the expected one."""
    if (found["path"], found["line"], found["code"]) != (
        entry["path"],
        entry["line"],
        entry["code"],
    ):
        return False
    if "column" in entry and found["column"] != entry["column"]:
        return False
    return entry.get("message", "") in found["message"]
