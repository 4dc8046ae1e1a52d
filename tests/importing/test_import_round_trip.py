"""The round trip: a publication's ClaimReviews, exported and imported into an empty
publication, give records whose export is the same, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from import_helpers import assert_clean, files, run_import

from claimkit.core.models import Claim
from claimkit.linked_data.export import write_dumps
from claimkit.records.load import parse_text
from claimkit.site.build import build
from claimkit.validation.run import validate_paths
from harness import EXAMPLES, build_publication

DUMPS = ("claims.jsonld", "claims.ttl", "claims.nt", "feed.json")
# A second review of one claim, by another fact-checker, in another language, with their own
# scale: the round trip must keep all of it.
EXTERNAL_REVIEW = {
    "rating": "Plutôt vrai",
    "summary": "Les estimations occidentales et sud-coréennes concordent.",
    "explanation": "Des responsables ont ensuite donné des chiffres semblables.",
    "datePublished": "2025-06-01",
    "publisher": "kyiv-independent",
    "url": "https://example.org/verification/10000",
    "ratingValue": 3.5,
    "bestRating": 4,
    "worstRating": 0,
    "ratingClass": "true",
    "inLanguage": "fr",
}
CLAIM = "north-korea-sent-10000-soldiers-to-russia"


def _with_external_review(records: Path) -> Path:
    path = records / "claims" / f"{CLAIM}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["reviews"].append(EXTERNAL_REVIEW)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return records


# What a claimkit site's JSON-LD does not say, so that import cannot read it back: a speech is
# published as a plain CreativeWork, as an appearance of no stated sort is (linked_data.ldbase
# WORK_TYPES). The dumps are the same either way; the records are compared without it.
UNPUBLISHED_SORTS = {"speech"}


def _unpublished_out(data: dict[str, Any]) -> dict[str, Any]:
    for part in [*data.get("appearances", []), data.get("firstAppearance") or {}]:
        if part.get("type") in UNPUBLISHED_SORTS:
            del part["type"]
    return data


def _claim(path: Path) -> Claim:
    data = parse_text(path.read_text(encoding="utf-8"), path.name).data
    return Claim.model_validate(_unpublished_out(dict(data)))


def _dumps(records: Path, folder: Path) -> dict[str, bytes]:
    result = validate_paths([records], use_cache=False)
    assert result.errors == 0, result.diagnostics
    write_dumps(result.catalogs[0], folder)
    return {name: (folder / name).read_bytes() for name in DUMPS}


@pytest.fixture
def original(bundled: Path) -> Path:
    return _with_external_review(bundled)


def test_round_trip_through_the_jsonld_dump(original: Path, empty: Path, tmp_path: Path) -> None:
    before = _dumps(original, tmp_path / "before")
    run = run_import(str(tmp_path / "before" / "claims.jsonld"), "--records", str(empty))
    assert run.code == 0 and run.report["diagnostics"] == []
    assert run.report["reviews"] == {"own": 5, "external": 1}
    assert_clean(empty)
    after = _dumps(empty, tmp_path / "after")
    for name in DUMPS:
        assert after[name] == before[name], f"{name} differs after the round trip"
    # The claim records themselves come back as they were (ids, order of reviews and all).
    for path in sorted((original / "claims").glob("*.yaml")):
        imported = empty / "claims" / path.name
        assert _claim(imported) == _claim(path), path.name


def test_round_trip_through_the_built_site(bundled: Path, empty: Path, tmp_path: Path) -> None:
    """From the HTML pages alone: every page's JSON-LD together describes every record.
    (Other fact-checkers' reviews are in the dumps only, not on pages: the bundled records
    have none.)"""
    built = build(bundled, tmp_path / "build")
    before = _dumps(bundled, tmp_path / "before")
    pages = [str(p) for p in sorted(built.site.rglob("index.html"))]
    run = run_import(*pages, "--records", str(empty))
    assert run.code == 0 and run.report["diagnostics"] == []
    after = _dumps(empty, tmp_path / "after")
    for name in DUMPS:
        assert after[name] == before[name], f"{name} differs after the round trip"


def test_importing_again_changes_nothing(original: Path, empty: Path, tmp_path: Path) -> None:
    _dumps(original, tmp_path / "dumps")
    source = str(tmp_path / "dumps" / "claims.jsonld")
    run_import(source, "--records", str(empty))
    before = files(empty)
    again = run_import(source, "--records", str(empty))
    assert again.code == 0
    assert again.report["written"] == []
    assert again.report["unchanged_claims"] == 12
    assert files(empty) == before


def test_dry_run_writes_nothing(original: Path, empty: Path, tmp_path: Path) -> None:
    _dumps(original, tmp_path / "dumps")
    before = files(empty)
    run = run_import(str(tmp_path / "dumps" / "feed.json"), "--records", str(empty), "--dry-run")
    assert run.report["dry_run"] is True
    assert sum(1 for w in run.report["written"] if w["kind"] == "claim") == 5
    assert files(empty) == before


def test_round_trip_of_the_real_shapes_publication(tmp_path: Path) -> None:
    """The publication modelled on real fact-checks (collectives, typed appearances with
    platforms and time ranges, date-times with zones, partial dates, headlines, identifiers,
    translations, a MediaReview) comes back from its dumps with the same dumps."""
    root = build_publication(EXAMPLES / "positive" / "real-shapes", tmp_path / "pub")
    original = root / "records"
    site = yaml.safe_load((original / "site.yaml").read_text(encoding="utf-8"))
    into = tmp_path / "into" / "records"
    (into / "organizations").mkdir(parents=True)
    shutil.copy(original / "site.yaml", into / "site.yaml")
    publisher = f"organizations/{site['publisher']}.yaml"
    shutil.copy(original / publisher, into / publisher)
    before = _dumps(original, tmp_path / "before")
    run = run_import(str(tmp_path / "before" / "claims.jsonld"), "--records", str(into))
    assert run.code == 0 and run.report["diagnostics"] == []
    assert sum(1 for w in run.report["written"] if w["kind"] == "media") == 1
    after = _dumps(into, tmp_path / "after")
    for name in DUMPS:
        assert after[name] == before[name], f"{name} differs after the round trip"
