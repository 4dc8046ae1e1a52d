"""`claimkit serve` in a real browser: the open page reloads itself after a rebuild."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from claimkit.site.serve import Preview
from conftest import PageProblems, open_page
from harness import build_publication


def test_the_open_page_reloads_after_a_rebuild(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_publication(None, tmp_path / "pub")
    monkeypatch.chdir(root)
    preview = Preview(Path("records"), Path("build"), None, "127.0.0.1", 0, io.StringIO())
    problems = PageProblems(preview.url)
    try:
        with open_page(browser, problems) as tab:
            tab.goto(preview.url + "claims/port-budget-doubled/")
            assert "nine tenths" not in tab.content()
            tab.evaluate("window.claimkitMarker = 1")
            claim = root / "records" / "claims" / "port-budget-doubled.yaml"
            text = claim.read_text(encoding="utf-8")
            claim.write_text(text.replace("rose by 90 percent", "rose by nine tenths"), "utf-8")
            assert preview.poll()
            tab.wait_for_function("window.claimkitMarker === undefined", timeout=15_000)
            tab.wait_for_selector("text=nine tenths", timeout=15_000)
        assert problems.errors == [] and problems.outside == []
    finally:
        preview.stop()
