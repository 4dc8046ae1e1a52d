"""The documented list of problem codes (toolkit-docs/codes.md) is the one the code holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from claimkit.core.diagnostics import CODES

REPO = Path(__file__).resolve().parents[2]


def test_the_code_list_is_current_and_complete() -> None:
    done = subprocess.run(
        [sys.executable, "scripts/codes_doc.py", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = (REPO / "toolkit-docs" / "codes.md").read_text(encoding="utf-8")
    assert all(f"| `{code}` |" in text for code in CODES)


def test_the_check_page_names_every_check_rule() -> None:
    from claimkit.claimreview.check import CHECK_CODES

    text = (REPO / "toolkit-docs" / "check.md").read_text(encoding="utf-8")
    reading = {"input-too-large", "html-unreadable", "jsonld-syntax", "jsonld-too-deep"}
    media = {c for c in CHECK_CODES if c.startswith("mediareview-")}
    rules = CHECK_CODES - reading - media - {"no-claimreview", "jsonld-context"}
    assert {c for c in rules if f"`{c}`" not in text} == set()
    assert "June 2025" in text
