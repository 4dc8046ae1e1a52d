"""The whole claim with its review that the contributors' guides show is a bundled record, as
it is, and it validates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RECORD = REPO / "records" / "claims" / "north-korean-officers-killed-near-donetsk.yaml"


@pytest.mark.parametrize("guide", ["CONTRIBUTING.md", "docs/contributing.md"])
def test_the_guides_show_a_whole_bundled_claim_with_its_review(guide: Path) -> None:
    text = (REPO / guide).read_text(encoding="utf-8")
    # CONTRIBUTING.md fences it inside a list item; the site's Markdown (no fenced code
    # extension) takes an indented block.
    fenced = re.findall(r"\n   ```yaml\n(.*?)\n   ```\n", text, re.S)
    indented = re.findall(r"\n\n((?:    .*\n|\n)+)", text)
    shown = [
        "\n".join(line.removeprefix("   ") for line in block.splitlines()) + "\n"
        for block in fenced
    ] + [
        "\n".join(line.removeprefix("    ") for line in block.rstrip("\n").splitlines()) + "\n"
        for block in indented
    ]
    assert RECORD.read_text(encoding="utf-8") in shown
    assert "claimkit new review" in text
    assert "reviews:" in RECORD.read_text(encoding="utf-8")
