"""Helpers for the workflow tests: a copy of the bundled publication and the installed CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def claimkit_exe() -> str:
    beside = Path(sys.executable).with_name("claimkit")
    found = str(beside) if beside.exists() else shutil.which("claimkit")
    assert found, "the claimkit entry point is not installed"
    return found


def run(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`claimkit args` in `cwd`, with no terminal attached; never a traceback."""
    done = subprocess.run(
        [claimkit_exe(), *args],
        cwd=cwd,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


def copy_publication(dest: Path) -> Path:
    """A copy of the bundled records/ and schema/, as in a fresh clone."""
    dest.mkdir(parents=True)
    shutil.copytree(REPO / "records", dest / "records")
    shutil.copytree(REPO / "schema", dest / "schema")
    return dest
