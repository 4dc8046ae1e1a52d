"""A correction to a review moves the review's dateModified in the claim page's JSON-LD."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from workflow_helpers import copy_publication

from claimkit.core.catalog import Catalog
from claimkit.linked_data.jsonld import JsonLd
from claimkit.validation.run import validate_paths

CLAIM = "north-korea-sent-10000-soldiers-to-russia"  # reviewed on 2025-05-02


def catalog(root: Path) -> Catalog:
    result = validate_paths([root / "records"])
    assert result.errors == 0, result.diagnostics
    assert result.catalogs, "the records gave no catalog"
    return result.catalogs[0]


def add_corrections(root: Path, *corrections: tuple[str, str]) -> None:
    path = root / "records" / "claims" / f"{CLAIM}.yaml"
    text = path.read_text(encoding="utf-8")
    lines = "".join(f"      - date: {day}\n        text: {what}\n" for day, what in corrections)
    marker = "    sources:\n"
    assert text.count(marker) == 1
    path.write_text(text.replace(marker, "    corrections:\n" + lines + marker), encoding="utf-8")


@pytest.fixture
def pub(tmp_path: Path) -> Path:
    return copy_publication(tmp_path / "pub")


def claim_page(root: Path) -> dict[str, Any]:
    cat = catalog(root)
    page = JsonLd(cat).claim_page(cat.claims[CLAIM])
    assert page["@type"] == "ClaimReview"
    return page


def date_modified(root: Path) -> str:
    return str(claim_page(root)["dateModified"])


def test_without_corrections_the_review_date_is_the_last_change(pub: Path) -> None:
    assert date_modified(pub) == "2025-05-02"


def test_a_correction_moves_date_modified(pub: Path) -> None:
    add_corrections(pub, ("2025-06-10", "Added the NATO briefing as a source."))
    page = claim_page(pub)
    assert page["dateModified"] == "2025-06-10"
    assert page["datePublished"] == "2025-05-02"
    assert [(c["datePublished"], c["text"]) for c in page["correction"]] == [
        ("2025-06-10", "Added the NATO briefing as a source.")
    ]


def test_the_latest_correction_wins(pub: Path) -> None:
    add_corrections(
        pub,
        ("2025-06-10", "Added the NATO briefing as a source."),
        ("2025-07-01", "Corrected the date of the Pentagon briefing."),
    )
    assert date_modified(pub) == "2025-07-01"
