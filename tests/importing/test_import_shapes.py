"""Each untidy shape of ClaimReview markup imports into records that validate and are fmt-clean."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from import_helpers import (
    FIXTURES,
    assert_clean,
    claims_by_claim_text,
    codes,
    problems,
    record,
    run_import,
)

from claimkit.validation.run import validate_paths

# fixture -> (claims it gives, codes it must report)
SHAPES = {
    "single-object.jsonld": (1, []),
    "graph.jsonld": (1, []),
    "array.json": (2, []),
    "datafeed.json": (2, ["import-unusable"]),
    "bare-item.json": (1, []),
    "page.html": (2, []),
    "own-reviews.jsonld": (1, ["import-rating-unmapped"]),
    "other-context.jsonld": (0, ["import-context"]),
    "unusable.jsonld": (0, ["import-unusable", "import-unusable"]),
    "nested-in-article.jsonld": (1, ["import-unusable"]),
    "cms-html-text.jsonld": (1, []),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_shape_imports(name: str, empty: Path) -> None:
    claims, expected_codes = SHAPES[name]
    run = run_import(str(FIXTURES / name), "--records", str(empty))
    # Values that stand in for what a record needs are noted (import-filled), not counted here.
    assert codes(run) == expected_codes
    assert run.code == 0
    written = [w for w in run.report["written"] if w["kind"] == "claim"]
    assert len(written) == claims
    assert (
        len(list((empty / "claims").glob("*.yaml")) if (empty / "claims").exists() else [])
        == claims
    )
    assert_clean(empty)


def test_strings_become_numbers_and_times_become_dates(empty: Path) -> None:
    run_import(str(FIXTURES / "single-object.jsonld"), "--records", str(empty))
    claim = claims_by_claim_text(empty)["A video shows North Korean soldiers marching in Kursk"]
    review = claim["reviews"][0]
    assert review["rating"] == "Pants on Fire"
    assert (review["ratingValue"], review["bestRating"], review["worstRating"]) == (1, 6, 1)
    assert review["ratingClass"] == "false"
    assert str(review["datePublished"]) == "2024-10-21"  # 2024-10-21T09:30:00, no zone
    assert review["publisher"] == "example-checks"
    assert review["url"] == "https://checks.example.com/2024/10/troops-video"
    assert claim["claimants"] == [{"person": "alex-sample"}]
    assert claim["appearances"] == [
        {"url": "https://social.example.net/@alexsample/112233", "type": "social-media-post"}
    ]
    person = record(empty, "people", "alex-sample")
    assert person["sameAs"] == ["https://social.example.net/@alexsample"]
    org = record(empty, "organizations", "example-checks")
    assert org["kind"] == "fact-checker" and org["url"] == "https://checks.example.com/"


def test_graph_with_http_context_resolves_references_by_id(empty: Path) -> None:
    run = run_import(str(FIXTURES / "graph.jsonld"), "--records", str(empty))
    claim = claims_by_claim_text(empty)[
        "Cientos de soldados norcoreanos desertaron en la frontera rusa"
    ]
    review = claim["reviews"][0]
    assert review["publisher"] == "verificado-ejemplo"
    assert review["rating"] == "Engañoso" and review["ratingClass"] == "mixture"
    # The review's language is its own, not the claim's: the Claim states none.
    assert review["inLanguage"] == "es" and claim["inLanguage"] == "unknown"
    # The publisher was given once in the @graph and referred to by @id: its sameAs came along.
    org = record(empty, "organizations", "verificado-ejemplo")
    assert org["sameAs"] == ["https://www.wikidata.org/wiki/Q4115189"]
    # An article without publisher and date cannot be an article record: it is cited inline.
    assert claim["appearances"] == [
        {
            "name": "Desertores norcoreanos en Rusia",
            "url": "https://canal.example/noticias/desertores",
            "type": "news-article",
        }
    ]
    assert run.report["other_types"] == {"BreadcrumbList": 1, "Organization": 1, "WebSite": 1}


def test_array_of_reviews_with_type_arrays_and_empty_values(empty: Path) -> None:
    run_import(str(FIXTURES / "array.json"), "--records", str(empty))
    claims = claims_by_claim_text(empty)
    tanks = claims["La Corée du Nord a envoyé des chars en Ukraine"]["reviews"][0]
    assert tanks["rating"] == "Faux" and tanks["ratingClass"] == "false"
    assert "ratingValue" not in tanks  # published as ""
    treaty = claims["Le traité de juin 2024 prévoit une assistance militaire mutuelle"]
    assert treaty["reviews"][0]["ratingClass"] == "true"  # Plutôt vrai
    assert treaty["reviews"][0]["datePublished"] == "2024-10-25T08:00:00+02:00"  # zone kept
    assert treaty["appearances"] == [{"url": "https://video.example.fr/v/8901"}]  # a bare URL
    # The same claimant named in both reviews is one person record.
    assert sorted(p.name for p in (empty / "people").iterdir()) == ["camille-exemple.yaml"]


def test_datafeed_dates_from_items_and_minus_one_means_no_number(empty: Path) -> None:
    run = run_import(str(FIXTURES / "datafeed.json"), "--records", str(empty))
    claims = claims_by_claim_text(empty)
    first = claims["Nordkoreanische Soldaten kämpfen schon seit August in der Ukraine"]
    review = first["reviews"][0]
    assert str(review["datePublished"]) == "2024-10-28"  # the DataFeedItem's dateCreated
    assert "ratingValue" not in review  # ratingValue -1
    second = claims["Russland hat zugegeben, nordkoreanische Soldaten einzusetzen"]
    assert second["reviews"][0]["ratingClass"] == "mixture"  # Irreführend
    assert second["reviews"][0]["explanation"].startswith("Im November 2024")
    (skipped,) = problems(run)
    # The MediaReview is read now, but names no media: it cannot be a media record.
    assert skipped["code"] == "import-unusable" and "MediaReview" in skipped["message"]
    assert (skipped["line"], skipped["column"]) == (31, 15)


def test_bare_datafeeditem_in_korean(empty: Path) -> None:
    run = run_import(str(FIXTURES / "bare-item.json"), "--records", str(empty))
    (written,) = [w for w in run.report["written"] if w["kind"] == "claim"]
    # No Latin letters to make an id of: the review's address gives it.
    assert written["id"] == "factcheck-example-kr-2024-1018"
    claim = record(empty, "claims", written["id"])
    assert claim["reviews"][0]["ratingClass"] == "false"  # 사실 아님
    assert claim["inLanguage"] == "unknown"  # the review's language is not the claim's
    assert claim["claimants"] == [{"organization": "news-example-kr"}]


def test_html_page_with_wrong_case_types_and_an_unplaced_label(empty: Path) -> None:
    run = run_import(str(FIXTURES / "page.html"), "--records", str(empty))
    assert run.report["miscased_types"] == {
        "CLAIM": "Claim",
        "claimreview": "ClaimReview",
        "rating": "Rating",
    }
    claims = claims_by_claim_text(empty)
    true = claims["Північна Корея передає Росії не лише зброю, а й людей"]
    assert true["reviews"][0]["ratingClass"] == "true"  # Правда
    assert true["claimants"] == [{"person": "volodymyr-zelenskyy"}]
    unclear = claims["Росія розшукує північнокорейських дезертирів"]["reviews"][0]
    assert unclear["ratingClass"] == "other"
    assert run.report["unplaced_labels"] == [
        {"label": "Потребує уточнення", "publisher": "Перевірка Приклад", "languages": ["uk", "en"]}
    ]


def test_html_tags_and_entities_from_a_cms_become_plain_text(empty: Path) -> None:
    run_import(str(FIXTURES / "cms-html-text.jsonld"), "--records", str(empty))
    (claim,) = claims_by_claim_text(empty).values()
    assert claim["claimReviewed"] == "“I soldati nordcoreani sono già al fronte”"
    review = claim["reviews"][0]
    assert review["summary"] == (
        "Le prime unità erano nella regione di Kursk, non in Ucraina.\n\nFonti: rapporto."
    )
    assert review["rating"] == "C’eri quasi" and review["ratingClass"] == "mixture"
    assert review["inLanguage"] == "it-IT" and claim["inLanguage"] == "unknown"


def test_mapping_file_places_own_labels_and_other_classes(empty: Path) -> None:
    run = run_import(
        str(FIXTURES / "own-reviews.jsonld"),
        str(FIXTURES / "page.html"),
        "--records",
        str(empty),
        "--ratings",
        str(FIXTURES / "ratings.yaml"),
    )
    assert codes(run) == []
    assert run.report["unplaced_labels"] == []
    claims = claims_by_claim_text(empty)
    treaty = claims["Russia and North Korea were negotiating a defence treaty in 2023"]
    # The site's own review: its label matched case and spacing aside, its numbers come from
    # the scale, so none are stored, and no publisher (the site's is the default).
    own = treaty["reviews"][0]
    assert own["rating"] == "Mostly true"
    # Its language is not stated: `unknown`, since a record left without one is published in
    # the site's language.
    # Its authors and sources come from the markup's Person author and citation (the site's
    # own reviews must give both: review-missing-author, review-missing-source).
    assert set(own) == {
        "rating",
        "summary",
        "explanation",
        "datePublished",
        "inLanguage",
        "authors",
        "sources",
    }
    assert own["authors"] == ["robin-example"]
    assert own["sources"] == [
        {"name": "Statements by both governments on military ties", "date": dt.date(2023, 9, 15)}
    ]
    assert own["inLanguage"] == "unknown"
    shells = claims["North Korea has sent no artillery shells to Russia"]["reviews"][0]
    assert shells["rating"] == "False"  # Pants on Fire, through the mapping file
    assert run.report["reviews"] == {"own": 2, "external": 2}
    assert_clean(empty)


def test_own_label_not_on_the_scale_is_skipped_with_the_fix(empty: Path) -> None:
    run = run_import(str(FIXTURES / "own-reviews.jsonld"), "--records", str(empty))
    (problem,) = problems(run)
    assert problem["code"] == "import-rating-unmapped"
    assert "'Pants on Fire'" in problem["message"] and "--ratings" in problem["message"]
    assert (problem["line"], problem["column"]) == (20, 5)  # the ClaimReview skipped
    assert list(claims_by_claim_text(empty)) == [
        "Russia and North Korea were negotiating a defence treaty in 2023"
    ]


def test_own_review_without_its_texts_is_skipped_not_filled(empty: Path, tmp_path: Path) -> None:
    # The site's own reviews need a summary and an explanation (review-missing-summary);
    # import neither copies one into the other nor writes the rating label as a text.
    source = json.loads((FIXTURES / "own-reviews.jsonld").read_text(encoding="utf-8"))
    treaty, shells = source["@graph"]
    del treaty["reviewRating"]["ratingExplanation"]
    del shells["reviewBody"]
    shells["reviewRating"]["alternateName"] = "False"
    path = tmp_path / "own.jsonld"
    path.write_text(json.dumps(source), encoding="utf-8")
    run = run_import(str(path), "--records", str(empty))
    assert run.code == 0
    messages = [p["message"] for p in problems(run)]
    assert len(messages) == 2 and all("import makes up neither" in m for m in messages)
    assert "no explanation" in messages[0] and "no summary" in messages[1]
    assert not (empty / "claims").exists() or not list((empty / "claims").glob("*.yaml"))
    assert_clean(empty)


def test_every_fixture_at_once_from_a_folder(empty: Path) -> None:
    run = run_import(
        str(FIXTURES), "--records", str(empty), "--ratings", str(FIXTURES / "ratings.yaml")
    )
    assert run.code == 0
    # 13 from the shape fixtures, 7 from the fidelity ones (and a media record), 2 from the
    # Fact Check Tools API response.
    assert sum(1 for w in run.report["written"] if w["kind"] == "claim") == 22
    assert sum(1 for w in run.report["written"] if w["kind"] == "media") == 1
    assert_clean(empty)


def _nodes(value: object) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _documents(name: str) -> list[object]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    if name.endswith(".html"):
        parts = text.split('<script type="application/ld+json">')[1:]
        return [json.loads(p.split("</script>")[0]) for p in parts]
    return [json.loads(text)]


def _ratings(name: str) -> list[object]:
    return [
        n["reviewRating"]["ratingValue"]  # type: ignore[index]
        for d in _documents(name)
        for n in _nodes(d)
        if isinstance(n.get("reviewRating"), dict) and "ratingValue" in n["reviewRating"]  # type: ignore[operator]
    ]


# Each untidy shape the issue lists, the fixture that has it, and how to see it there.
UNTIDY_SHAPES: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "a single object": ("single-object.jsonld", lambda d: d[0].get("@type") == "ClaimReview"),
    "@graph": ("graph.jsonld", lambda d: "@graph" in d[0]),
    "a top-level array": ("array.json", lambda d: isinstance(d[0], list)),
    "a DataFeed": ("datafeed.json", lambda d: d[0]["@type"] == "DataFeed"),
    "a bare DataFeedItem": ("bare-item.json", lambda d: d[0]["@type"] == "DataFeedItem"),
    "@type as an array": ("array.json", lambda d: isinstance(d[0][0]["@type"], list)),
    "wrong-case type names": ("page.html", lambda d: d[1]["@type"] == "claimreview"),
    "ratingValue as a string": (
        "single-object.jsonld",
        lambda d: d[0]["reviewRating"]["ratingValue"] == "1",
    ),
    "ratingValue empty": ("array.json", lambda d: "" in _ratings("array.json")),
    "ratingValue -1": ("datafeed.json", lambda d: -1 in _ratings("datafeed.json")),
    "a date without a time zone": (
        "single-object.jsonld",
        lambda d: d[0]["datePublished"] == "2024-10-21T09:30:00",
    ),
    "an http context": ("graph.jsonld", lambda d: d[0]["@context"] == "http://schema.org/"),
    "an https context": (
        "single-object.jsonld",
        lambda d: d[0]["@context"] == "https://schema.org",
    ),
    "a MediaReview mixed in": (
        "datafeed.json",
        lambda d: any(n.get("@type") == "MediaReview" for n in _nodes(d)),
    ),
    "a ClaimReview inside an article": (
        "nested-in-article.jsonld",
        lambda d: d[0]["mainEntity"]["@type"] == "ClaimReview",
    ),
    "unrelated types mixed in": (
        "graph.jsonld",
        lambda d: any(n.get("@type") == "BreadcrumbList" for n in _nodes(d)),
    ),
}


@pytest.mark.parametrize("shape", sorted(UNTIDY_SHAPES))
def test_every_untidy_shape_has_a_fixture_that_imports(shape: str, empty: Path) -> None:
    name, has_shape = UNTIDY_SHAPES[shape]
    assert has_shape(_documents(name)), f"{name} no longer has {shape}"
    run = run_import(str(FIXTURES / name), "--records", str(empty))
    assert run.code == 0
    assert any(w["kind"] == "claim" for w in run.report["written"])


def test_external_review_keeps_what_it_gives_and_nothing_more(empty: Path, tmp_path: Path) -> None:
    # No reviewBody, no ratingExplanation, a picture with no text alternative, a licence that
    # is no Creative Commons one: kept as given, nothing written in their place.
    source = json.loads((FIXTURES / "single-object.jsonld").read_text(encoding="utf-8"))
    del source["reviewBody"]
    del source["reviewRating"]["ratingExplanation"]
    source["image"] = {"@type": "ImageObject", "url": "https://checks.example.com/troops.jpg"}
    source["license"] = "https://checks.example.com/terms"
    path = tmp_path / "bare.jsonld"
    path.write_text(json.dumps(source), encoding="utf-8")
    run = run_import(str(path), "--records", str(empty))
    assert run.code == 0 and codes(run) == []
    (claim,) = claims_by_claim_text(empty).values()
    review = claim["reviews"][0]
    assert "summary" not in review and "explanation" not in review
    assert review["image"] == {"url": "https://checks.example.com/troops.jpg"}
    assert review["license"] == {"url": "https://checks.example.com/terms"}
    notes = [d["message"] for d in run.report["diagnostics"] if d["code"] == "import-filled"]
    assert notes == [  # the one note: the source's time had no zone
        "datePublished gives a time without a zone: the day was kept, the time left out "
        "(which day it was elsewhere is unknown)"
    ]
    checked = validate_paths([empty], use_cache=False)
    assert checked.errors == 0
    assert [d.code for d in checked.diagnostics] == ["image-missing-alt"]  # said, not hidden
