"""The Google Fact Check Tools API's `claims:search` JSON imports as the ClaimReviews it stands
for (issue 15, item 4): only what it says, the claimant by its words."""

from __future__ import annotations

from pathlib import Path

from import_helpers import FIXTURES, assert_clean, claims_by_claim_text, record, run_import

from claimkit.importing.factcheck_api import as_jsonld, is_api_response

SOURCE = FIXTURES / "factcheck-api" / "claims-search.json"


def test_api_response_imports_as_claim_reviews(empty: Path) -> None:
    run = run_import(str(SOURCE), "--records", str(empty))
    assert run.code == 0
    assert run.report["found"]["claimreviews"] == 3
    assert run.report["reviews"] == {"own": 0, "external": 3}
    assert_clean(empty)
    claims = claims_by_claim_text(empty)
    troops = claims["Video shows North Korean troops marching in Kursk"]
    assert troops["dateMade"] == "2024-10-19T00:00:00Z"  # claimDate as written
    assert troops["claimants"] == [
        {"collective": {"name": "Social media users", "kind": "social-media-users"}}
    ]
    assert troops["inLanguage"] == "unknown"  # languageCode is the review's, not the claim's
    first, second = troops["reviews"]
    assert first == {
        "rating": "False",
        "headline": "No, this video does not show North Korean soldiers in Kursk",
        "datePublished": "2024-10-21T09:30:00Z",
        "publisher": "example-checks",
        "url": "https://checks.example.com/2024/10/troops-video",
        "ratingClass": "false",
        "inLanguage": "en",
    }
    assert (second["rating"], second["inLanguage"]) == ("Falso", "es")
    assert record(empty, "organizations", "example-checks")["url"] == (
        "https://checks.example.com/"
    )


def test_claimant_is_never_made_a_person_without_evidence(empty: Path) -> None:
    run_import(str(SOURCE), "--records", str(empty))
    harbour = claims_by_claim_text(empty)["Der Hafen wird nächstes Jahr geschlossen"]
    # The API does not say who "Hans Beispiel" is: no person record is made up.
    assert harbour["claimants"] == [{"unnamed": "Hans Beispiel"}]
    assert "dateMade" not in harbour and "headline" not in harbour["reviews"][0]
    assert not (empty / "people").exists() or not list((empty / "people").iterdir())


def test_unknown_api_fields_are_reported_not_kept(empty: Path) -> None:
    run = run_import(str(SOURCE), "--records", str(empty), "--dry-run")
    rows = run.report["properties"]["total"]
    score = next(r for r in rows if r["property"] == "factCheckApi:reviewRatingScore")
    assert score["fate"] == "not kept" and score["count"] == 1


def test_only_api_responses_are_read_as_such() -> None:
    assert is_api_response({"claims": [], "nextPageToken": "x"})
    assert not is_api_response({"@context": "https://schema.org", "claims": []})
    assert not is_api_response({"claims": "text"})
    # A claim review with no publisher or rating gives none: import skips it with its reason.
    node = as_jsonld({"claims": [{"text": "t", "claimReview": [{"url": "https://e.org/1"}]}]})
    assert node["claims"][0]["claimReview"][0] == {
        "@type": "ClaimReview",
        "claimReviewed": "t",
        "url": "https://e.org/1",
        "itemReviewed": {"@type": "Claim"},
    }
