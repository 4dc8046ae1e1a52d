"""The import report says what became of every source property: kept, mapped elsewhere, or not
kept and why, per source and in total (issue 15, item 3)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

from import_helpers import FIXTURES, REPO, run_import

from claimkit.cli import main

FIDELITY = FIXTURES / "fidelity"


def _not_kept(rows: list[dict[str, object]]) -> dict[tuple[object, object], object]:
    return {(r["role"], r["property"]): r["count"] for r in rows if r["fate"] == "not kept"}


def test_report_table_names_what_fidelity_finds_not_kept(empty: Path) -> None:
    run = run_import(str(FIDELITY), "--records", str(empty), "--dry-run")
    table = run.report["properties"]
    # The five values the fidelity measure finds missing, each with its reason.
    assert _not_kept(table["total"]) == {
        ("DataFeed", "name"): 1,
        ("DataFeedItem", "dateCreated"): 2,
        ("author or publisher", "@id"): 2,
    }
    assert {Path(s).name for s in table["by_source"]} == {
        "afp.jsonld",
        "boom.jsonld",
        "feed.json",
        "newtral.jsonld",
    }
    total = sum(r["count"] for r in table["total"])
    assert total == sum(r["count"] for rows in table["by_source"].values() for r in rows)
    summary = next(
        r for r in table["total"] if (r["role"], r["property"]) == ("ClaimReview", "reviewBody")
    )
    assert summary["fate"] == "mapped" and summary["to"] == "summary"
    assert all("why" in r for r in table["total"] if r["fate"] == "not kept")


def test_unknown_and_skipped_properties_are_not_dropped_silently(
    empty: Path, tmp_path: Path
) -> None:
    source = json.loads((FIXTURES / "single-object.jsonld").read_text(encoding="utf-8"))
    source["mentions"] = "something import has no field for"
    skipped = json.loads((FIXTURES / "single-object.jsonld").read_text(encoding="utf-8"))
    del skipped["claimReviewed"], skipped["itemReviewed"]  # no claim: skipped
    path = tmp_path / "two.json"
    path.write_text(json.dumps([source, skipped]), encoding="utf-8")
    run = run_import(str(path), "--records", str(empty), "--dry-run")
    rows = run.report["properties"]["total"]
    mentions = next(r for r in rows if r["property"] == "mentions")
    assert mentions["fate"] == "not kept" and "not a property" in mentions["why"]
    whys = {r["why"] for r in rows if r["fate"] == "not kept"}
    assert "the item was skipped (see its line)" in whys


def test_text_report_lists_each_source_and_the_total(empty: Path) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(
            [
                "import",
                str(FIDELITY / "feed.json"),
                "--records",
                str(empty),
                "--dry-run",
                "--quiet",
                "--schema",
                str(REPO / "schema"),
            ]
        )
    text = out.getvalue()
    assert "What became of the sources' property values:" in text
    assert "feed.json: " in text and "not kept: DataFeed name (1)" in text
    assert "In total:" in text and "Rating alternateName -> rating" in text
