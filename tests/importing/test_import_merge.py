"""Entities seen twice become one record; existing records are referred to, never rewritten;
an id that belongs to a different record is skipped or renamed, as asked."""

from __future__ import annotations

import json
from pathlib import Path

from import_helpers import assert_clean, claims_by_claim_text, codes, files, record, run_import


def _review(
    claim: str, claimant: dict[str, object], url: str, **extra: object
) -> dict[str, object]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "datePublished": "2025-01-10",
        "author": {
            "@type": "Organization",
            "name": "Example Checks",
            "url": "https://checks.example.com/",
        },
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "reviewBody": "Checked against the official record.",
        "itemReviewed": {
            "@type": "Claim",
            "author": claimant,
            "appearance": "https://social.example.net/post/1",
        },
        **extra,
    }


def _write(folder: Path, name: str, document: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_same_entity_by_url_or_name_is_one_record_and_sameas_alone_is_not(
    empty: Path, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    _write(
        src,
        "a.json",
        _review(
            "Claim one",
            {"@type": "Person", "name": "Jane Roe", "url": "https://jane.example/"},
            "https://checks.example.com/1",
        ),
    )
    # Same person by url, written differently (upper-case host, no trailing slash).
    _write(
        src,
        "b.json",
        _review(
            "Claim two",
            {"@type": "Person", "name": "J. Roe", "url": "https://JANE.example"},
            "https://checks.example.com/2",
        ),
    )
    # A sameAs equal to her url is no evidence on its own (editions of one outlet share one).
    _write(
        src,
        "c.json",
        _review(
            "Claim three",
            {"@type": "Person", "name": "Jane M. Roe", "sameAs": ["https://jane.example/"]},
            "https://checks.example.com/3",
        ),
    )
    # Same person by name alone (no URL to disagree).
    _write(
        src,
        "d.json",
        _review(
            "Claim four", {"@type": "Person", "name": "jane  roe"}, "https://checks.example.com/4"
        ),
    )
    run = run_import(str(src), "--records", str(empty))
    assert run.code == 0
    assert sorted(p.name for p in (empty / "people").iterdir()) == [
        "jane-m-roe.yaml",
        "jane-roe.yaml",
    ]
    by_claim = {t: c["claimants"][0]["person"] for t, c in claims_by_claim_text(empty).items()}
    assert by_claim == {
        "Claim one": "jane-roe",
        "Claim two": "jane-roe",
        "Claim three": "jane-m-roe",
        "Claim four": "jane-roe",
    }
    reasons = {(m["id"], m["reason"]) for m in run.report["merges"]}
    assert reasons == {
        ("jane-roe", "same url"),
        ("jane-roe", "same name"),
        ("example-checks", "same url"),
    }
    # The publisher seen four times is one organization too.
    assert sorted(p.name for p in (empty / "organizations").iterdir()) == [
        "example-checks.yaml",
        "example-fact-desk.yaml",
    ]
    assert_clean(empty)


def test_same_name_with_different_urls_are_two_people(empty: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    _write(
        src,
        "a.json",
        _review(
            "Claim one",
            {"@type": "Person", "name": "Sam Lee", "url": "https://a.example/sam"},
            "https://checks.example.com/1",
        ),
    )
    _write(
        src,
        "b.json",
        _review(
            "Claim two",
            {"@type": "Person", "name": "Sam Lee", "url": "https://b.example/sam"},
            "https://checks.example.com/2",
        ),
    )
    run_import(str(src), "--records", str(empty))
    assert sorted(p.name for p in (empty / "people").iterdir()) == [
        "sam-lee-2.yaml",
        "sam-lee.yaml",
    ]
    assert_clean(empty)


def test_existing_records_are_referred_to_and_left_alone(bundled: Path, tmp_path: Path) -> None:
    before = files(bundled)
    source = _write(
        tmp_path / "src",
        "z.json",
        _review(
            "North Korea is sending people, not only weapons, to Russia",
            {"@type": "Person", "name": "Volodymyr Zelenskyy", "jobTitle": "Something else"},
            "https://checks.example.com/zelenskyy",
        ),
    )
    run = run_import(str(source), "--records", str(bundled))
    assert run.code == 0
    after = files(bundled)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing rewritten
    new = sorted(set(after) - set(before))
    assert new == [
        "claims/north-korea-is-sending-people-not-only-weapons-to-russia.yaml",
        "organizations/example-checks.yaml",
    ]
    claim = record(bundled, "claims", "north-korea-is-sending-people-not-only-weapons-to-russia")
    assert claim["claimants"] == [{"person": "volodymyr-zelenskyy"}]
    assert run.report["existing_records_referred_to"] == 1
    assert_clean(bundled)


def _existing_person(records: Path) -> None:
    (records / "people").mkdir(exist_ok=True)
    (records / "people" / "ana-diaz.yaml").write_text(
        "id: ana-diaz\nname: Ana Diaz\nurl: https://one.example/ana\n", encoding="utf-8"
    )
    (records / "claims").mkdir(exist_ok=True)
    (records / "claims" / "an-old-claim.yaml").write_text(
        "id: an-old-claim\nclaimReviewed: An old claim\nclaimants:\n  - person: ana-diaz\n"
        "appearances:\n  - url: https://social.example.net/post/0\n",
        encoding="utf-8",
    )


def test_conflicting_id_is_skipped_by_default(empty: Path, tmp_path: Path) -> None:
    _existing_person(empty)
    before = files(empty)
    source = _write(
        tmp_path / "src",
        "a.json",
        _review(
            "A new claim",
            {"@type": "Person", "name": "Ana Diaz", "url": "https://two.example/ana"},
            "https://checks.example.com/ana",
        ),
    )
    run = run_import(str(source), "--records", str(empty))
    assert codes(run) == ["import-conflict"]
    assert (
        "person id 'ana-diaz' belongs to a different record"
        in run.report["diagnostics"][0]["message"]
    )
    assert run.report["written"] == []
    assert files(empty) == before


def test_conflicting_id_is_renamed_when_asked(empty: Path, tmp_path: Path) -> None:
    _existing_person(empty)
    source = _write(
        tmp_path / "src",
        "a.json",
        _review(
            "A new claim",
            {"@type": "Person", "name": "Ana Diaz", "url": "https://two.example/ana"},
            "https://checks.example.com/ana",
        ),
    )
    run = run_import(str(source), "--records", str(empty), "--on-conflict", "rename")
    assert codes(run) == []
    assert record(empty, "people", "ana-diaz-2")["url"] == "https://two.example/ana"
    assert record(empty, "claims", "a-new-claim")["claimants"] == [{"person": "ana-diaz-2"}]
    assert record(empty, "people", "ana-diaz")["url"] == "https://one.example/ana"
    assert_clean(empty)


def test_a_different_claim_under_an_existing_claim_id(empty: Path, tmp_path: Path) -> None:
    _existing_person(empty)
    source = _write(
        tmp_path / "src",
        "a.json",
        _review(
            "An old claim",
            {"@type": "Person", "name": "Ana Diaz", "url": "https://one.example/ana"},
            "https://checks.example.com/old",
        ),
    )
    skipped = run_import(str(source), "--records", str(empty))
    assert codes(skipped) == ["import-conflict"]
    assert (
        "a different claim record has the id 'an-old-claim'"
        in skipped.report["diagnostics"][0]["message"]
    )
    renamed = run_import(str(source), "--records", str(empty), "--on-conflict", "rename")
    assert [(w["kind"], w["id"]) for w in renamed.report["written"]] == [
        ("organization", "example-checks"),
        ("claim", "an-old-claim-2"),
    ]
    assert record(empty, "claims", "an-old-claim-2")["claimants"] == [{"person": "ana-diaz"}]
    assert_clean(empty)
