"""`claimkit check` on the example pages and files: clean ones pass, broken ones fail as stated."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from check_helpers import BAD, GOOD, check

from claimkit.claimreview.check import CHECK_CODES
from claimkit.core.diagnostics import CODES, Severity

GOOD_FILES = sorted(GOOD.iterdir())

# (file, code, line): every diagnostic each broken example must give, and no others.
EXPECTED: dict[str, list[tuple[str, int]]] = {
    "missing-rating.jsonld": [("claimreview-missing-rating", 1)],
    "rating-no-alternatename.jsonld": [("rating-missing-alternatename", 7)],
    "rating-out-of-range.jsonld": [("rating-out-of-range", 9)],
    "default-scale.jsonld": [("rating-missing-scale", 7), ("rating-out-of-range", 7)],
    "rating-not-numeric.jsonld": [
        ("rating-missing-value", 7),
        ("rating-value-not-numeric", 10),
    ],
    "scale-inverted.jsonld": [("rating-scale-invalid", 10)],
    # bestRating equal to worstRating is no scale, with or without a ratingValue.
    "scale-equal.jsonld": [("rating-missing-value", 8), ("rating-scale-invalid", 11)],
    "label-sentence.jsonld": [("rating-label-sentence", 10)],
    "unnamed-claim-author.jsonld": [("claim-missing-author", 11), ("claim-missing-author", 11)],
    "url-offsite.html": [("claimreview-url-offsite", 9)],
    "og-url-offsite.html": [("claimreview-url-offsite", 5)],
    "two-reviews.html": [("claimreview-multiple", 10)],
    "too-long.jsonld": [("claimreviewed-too-long", 5)],
    "contains-verdict.jsonld": [("claimreviewed-contains-verdict", 5)],
    "invalid-json.html": [("jsonld-syntax", 11)],
    "unclosed-script.html": [("jsonld-syntax", 3)],
    "duplicate-key.json": [("jsonld-syntax", 6)],
    "html-unreadable.html": [("html-unreadable", 4)],
    "no-claimreview.html": [("no-claimreview", 1)],
    "no-context.jsonld": [("jsonld-context", 1)],
    "required-missing.jsonld": [
        ("claimreview-missing-claimreviewed", 1),
        ("claimreview-missing-date", 1),
        ("claimreview-missing-url", 1),
        ("claimreview-missing-rating", 5),
    ],
    "recommended-missing.jsonld": [
        ("claim-missing-item-reviewed", 1),
        ("claimreview-missing-author", 1),
        ("rating-missing-value", 6),
    ],
    "claim-incomplete.jsonld": [
        ("author-missing-name", 7),
        ("author-missing-url", 8),
        ("author-missing-url", 9),
        ("claim-missing-appearance", 12),
        ("claim-missing-author", 12),
        ("claim-missing-date", 12),
    ],
    "not-a-claim.jsonld": [
        ("claim-missing-item-reviewed", 8),
        ("claim-missing-date", 8),
        ("claim-missing-appearance", 8),
    ],
    "references.jsonld": [("author-missing-name", 8), ("claim-missing-appearance", 12)],
    "bad-urls.jsonld": [("claimreview-url-relative", 7), ("claimreview-url-invalid", 19)],
    "feed-problems.json": [("claimreview-url-offsite", 10), ("claimreview-multiple", 28)],
    "mediareview-problems.json": [
        ("mediareview-missing-category", 8),
        ("mediareview-missing-item", 11),
        ("mediareview-category-invalid", 19),
        ("mediareview-missing-item", 16),
    ],
}

# Check codes whose inputs are made by the tests in test_check_robustness.py.
MADE_IN_TESTS = {"input-too-large", "jsonld-too-deep"}


@pytest.mark.parametrize("name", [p.name for p in GOOD_FILES])
def test_good_example_is_clean(name: str) -> None:
    run = check(GOOD / name)
    assert run.report["diagnostics"] == [], run.report
    assert run.exit_code == 0
    assert run.report["summary"].endswith(": 0 errors, 0 warnings")


def test_good_examples_together() -> None:
    run = check(GOOD)
    assert run.exit_code == 0, run.report
    # page, subdomain, graph, array, type-array, string-rating, feed-item, falsely, v2-shapes:
    # 1 each; the DataFeed: 2; a MediaReview page and a feed of one MediaReview: 1 each (the
    # summary counts every review).
    assert run.report["summary"] == "13 files, 15 ClaimReviews: 0 errors, 0 warnings"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_example_is_flagged(name: str) -> None:
    run = check(BAD / name)
    assert sorted(run.found) == sorted((name, code, line) for code, line in EXPECTED[name])
    errors = any(CODES[code].severity is Severity.ERROR for code, _ in EXPECTED[name])
    assert run.exit_code == (1 if errors else 0)


def test_every_bad_example_has_expectations() -> None:
    assert {p.name for p in BAD.iterdir()} == set(EXPECTED)


def test_every_check_code_is_registered_and_covered() -> None:
    assert set(CODES) >= CHECK_CODES
    covered = {code for found in EXPECTED.values() for code, _ in found}
    assert CHECK_CODES - covered == MADE_IN_TESTS


def test_column_points_at_the_value_inside_a_script() -> None:
    run = check(BAD / "url-offsite.html")
    (diagnostic,) = run.report["diagnostics"]
    line = (BAD / "url-offsite.html").read_text(encoding="utf-8").splitlines()[8]
    assert line[diagnostic["column"] - 1 :].startswith('"https://other-checker')


def test_second_review_on_a_one_line_script_points_at_its_object() -> None:
    run = check(BAD / "two-reviews.html")
    (diagnostic,) = run.report["diagnostics"]
    assert "the first is at line 5" in diagnostic["message"]
    assert (diagnostic["line"], diagnostic["column"]) == (10, 1)


def test_messages_say_what_is_expected() -> None:
    run = check(BAD)
    for d in run.report["diagnostics"]:
        assert ";" in d["message"] or ":" in d["message"], d
        assert len(d["message"]) < 300, d
        assert "{'" not in d["message"], d  # never a dump of the node


def test_scale_message_names_the_scale_and_the_defaults() -> None:
    messages = {
        Path(d["path"]).name: d["message"]
        for d in check(BAD).report["diagnostics"]
        if d["code"] == "rating-out-of-range"
    }
    assert "from worstRating 1 to bestRating 5" in messages["rating-out-of-range.jsonld"]
    assert "cannot be rated" in messages["rating-out-of-range.jsonld"]
    assert "(the schema.org default)" in messages["default-scale.jsonld"]


def test_falsely_is_not_the_verdict_false() -> None:
    assert check(GOOD / "falsely.jsonld").report["diagnostics"] == []


def test_relative_url_is_resolved_against_the_page_url() -> None:
    run = check(BAD / "bad-urls.jsonld", "--page-url", "https://elsewhere.example.com/x/")
    # A relative url lands on the page's own host: still worth a warning, never off-site.
    assert [code for _, code, _ in run.found] == [
        "claimreview-url-relative",
        "claimreview-url-invalid",
    ]


def test_page_url_option_applies_the_domain_rule_to_jsonld_files() -> None:
    run = check(GOOD / "graph.jsonld", "--page-url", "https://other.example.net/page/")
    assert [(code, line) for _, code, line in run.found] == [("claimreview-url-offsite", 19)]
    assert "(from --page-url)" in run.report["diagnostics"][0]["message"]
    assert run.exit_code == 1


def test_canonical_link_wins_over_page_url_option() -> None:
    run = check(GOOD / "page.html", "--page-url", "https://other.example.net/")
    assert run.report["diagnostics"] == []


def test_several_reviews_in_a_plain_jsonld_file_are_data_not_a_page(tmp_path: Path) -> None:
    text = (GOOD / "array.jsonld").read_text(encoding="utf-8")
    doubled = tmp_path / "dump.jsonld"
    doubled.write_text(f"[{text}, {text}]", encoding="utf-8")
    assert check(doubled).exit_code == 0
    run = check(doubled, "--page-url", "https://harbourcheck.example.org/checks/tide-record/")
    assert [code for _, code, _ in run.found] == ["claimreview-multiple"]


def test_no_claimreview_only_for_files_named_explicitly(tmp_path: Path) -> None:
    page = tmp_path / "pages" / "about.html"
    page.parent.mkdir()
    page.write_bytes((BAD / "no-claimreview.html").read_bytes())
    assert check(page.parent).report["diagnostics"] == []
    assert [code for _, code, _ in check(page).found] == ["no-claimreview"]
    assert check(page).exit_code == 0


def test_text_format_and_summary() -> None:
    run = check(BAD / "missing-rating.jsonld", fmt="text")
    lines = run.stdout.splitlines()
    assert re.match(
        r"^.*missing-rating\.jsonld:1:1: error: the ClaimReview has no reviewRating; .+ "
        r"\[claimreview-missing-rating\]$",
        lines[0],
    )
    assert lines[-1] == "1 file, 1 ClaimReview: 1 error, 0 warnings"
    assert run.exit_code == 1


def test_github_format() -> None:
    run = check(BAD / "too-long.jsonld", fmt="github")
    first = run.stdout.splitlines()[0]
    assert re.match(
        r"^::warning file=.+too-long\.jsonld,line=5,col=20,title=claimreviewed-too-long::", first
    )
    assert run.exit_code == 0


def test_a_mediareview_is_not_no_claimreview() -> None:
    for name in ("mediareview.jsonld", "mediareview-feed.json"):
        run = check(GOOD / name)
        assert run.report["diagnostics"] == [], run.report
        assert run.report["summary"].startswith("1 file, 1 ClaimReview")


@pytest.mark.parametrize(
    "category",
    [
        "SatireOrParodyContent",
        "http://schema.org/StagedContent",
        "schema:OriginalMediaContent",
        {"@id": "https://schema.org/TransformedContent"},
    ],
)
def test_every_way_of_writing_a_category_is_read(tmp_path: Path, category: object) -> None:
    data = json.loads((GOOD / "mediareview.jsonld").read_text(encoding="utf-8"))
    data["mediaAuthenticityCategory"] = category
    file = tmp_path / "m.jsonld"
    file.write_text(json.dumps(data), encoding="utf-8")
    assert check(file).report["diagnostics"] == []


def test_a_claim_date_object_without_a_value_is_no_date(tmp_path: Path) -> None:
    data = json.loads((GOOD / "v2-shapes.jsonld").read_text(encoding="utf-8"))
    data["itemReviewed"]["datePublished"] = {"@type": "DateTime"}
    file = tmp_path / "c.jsonld"
    file.write_text(json.dumps(data), encoding="utf-8")
    assert [code for _, code, _ in check(file).found] == ["claim-missing-date"]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    run = check(tmp_path / "nowhere.html")
    assert [code for _, code, _ in run.found] == ["path-not-found"]
    assert run.exit_code == 2


def test_bad_page_url_is_a_usage_error() -> None:
    run = check(GOOD / "graph.jsonld", "--page-url", "factdesk.example.org")
    assert run.exit_code == 2
    assert "not an absolute http(s) URL" in run.stderr


def test_default_checks_the_built_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run = check()
    assert run.exit_code == 2
    assert "nothing to check" in run.report["diagnostics"][0]["message"]
    feed = tmp_path / "build" / "data" / "feed.json"
    feed.parent.mkdir(parents=True)
    feed.write_bytes((GOOD / "datafeed.json").read_bytes())
    run = check()
    assert run.exit_code == 0
    assert run.report["summary"] == "1 file, 2 ClaimReviews: 0 errors, 0 warnings"
    # A large publication's feed in parts: every part.
    feed.rename(feed.parent / "feed-0001.json")
    (feed.parent / "feed-0002.json").write_bytes((GOOD / "datafeed.json").read_bytes())
    run = check()
    assert run.exit_code == 0
    assert run.report["summary"] == "2 files, 4 ClaimReviews: 0 errors, 0 warnings"
    site = tmp_path / "build" / "site"
    (site / "checks").mkdir(parents=True)
    (site / "checks" / "index.html").write_bytes((BAD / "url-offsite.html").read_bytes())
    (site / "search_index.json").write_text("not json", encoding="utf-8")
    run = check()
    assert run.exit_code == 1
    assert run.found == [("index.html", "claimreview-url-offsite", 9)]


def test_one_review_described_twice_is_one_review(tmp_path: Path) -> None:
    review = (GOOD / "falsely.jsonld").read_text(encoding="utf-8")
    review = review.replace("{", '{"@id": "https://harbourcheck.example.org/c/#review",', 1)
    script = f'<script type="application/ld+json">{review}</script>'
    page = tmp_path / "twice.html"
    page.write_text(f"<html><head>{script}</head><body>{script}</body></html>", encoding="utf-8")
    run = check(page)
    assert run.report["diagnostics"] == []
    assert run.report["summary"] == "1 file, 1 ClaimReview: 0 errors, 0 warnings"
