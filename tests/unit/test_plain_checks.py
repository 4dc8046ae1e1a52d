"""The checks on plain data (`validation.plain_checks`) against the model path they stand in for.

A worker checks a record on its data alone and builds the model only when that cannot show the
record clean; the facts (validity, references, latest date, every diagnostic with its position)
must be the ones the model path gives. They are compared on the bundled records, on every
example publication (the positive and negative cases), and on a clean claim changed one way at
a time so that each model-level check fires.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimkit.core.models import Site
from claimkit.records.discover import RecordFile, walk
from claimkit.validation import facts
from claimkit.validation.filecheck import Checked, check_file
from claimkit.validation.survey import read_record
from harness import build_publication, case_dirs

REPO = Path(__file__).resolve().parents[2]


def _site(files: list[RecordFile]) -> Site | None:
    for item in files:
        if item.kind == "site":
            model = check_file(item, None).model
            return model if isinstance(model, Site) else None
    return None


def _both(item: RecordFile, site: Site | None) -> tuple[Checked, Checked]:
    got = read_record(item.location)
    raw = got[0] if got else None
    return check_file(item, site, raw, plain=True), check_file(item, site, raw)


def compare(root: Path) -> int:
    """Check every record of a publication both ways; the facts must be equal. Returns how
    many records the plain path showed clean without a model."""
    files = walk(root).files
    site = _site(files)
    plain_only = 0
    for item in files:
        if item.kind == "site":
            continue
        plain, model = _both(item, site)
        assert facts.to_entry(plain.facts) == facts.to_entry(model.facts), item.display
        if plain.model is None and plain.facts.valid:
            plain_only += 1
    return plain_only


def test_bundled_records_the_same_both_ways() -> None:
    assert compare(REPO / "records") > 10


def test_base_publication_mostly_without_models(tmp_path: Path) -> None:
    # Of its 13 records, only the claim with another fact-checker's review takes the model path.
    root = build_publication(None, tmp_path / "pub") / "records"
    assert compare(root) == 12


@pytest.mark.parametrize(
    "case", case_dirs("positive") + case_dirs("negative"), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_example_cases_the_same_both_ways(case: Path, tmp_path: Path) -> None:
    compare(build_publication(case, tmp_path / "pub") / "records")


CLEAN = """\
id: port-budget-doubled
claimReviewed: The port's budget has doubled since last year
quote: Our budget has doubled since last year.
claimants:
  - person: ben-harbourmaster
dateMade: 2024-10-15
relays:
  - by:
      organization: daily-tide
    date: 2024-10-17
    source:
      article: tide-harbour-report
appearances:
  - article: tide-harbour-report
    platform:
      organization: daily-tide
    author:
      person: ada-reporter
    startTime: "0:10"
    endTime: "0:40"
topics:
  - port-budget
inLanguage: en
reviews:
  - rating: Mostly true
    summary: The budget rose by 90 percent, not quite double.
    explanation: The published accounts show a rise from 10 to 19 million.
    datePublished: 2024-11-01
    dateModified: 2024-11-02
    inLanguage: en
    authors:
      - cleo-editor
    corrections:
      - date: 2024-11-03
        text: Corrected the figure for last year.
    sources:
      - name: Port Authority annual accounts
        publisher: port-authority
        date: 2024-09-30
"""

# (what changes, the text replaced, its replacement, a code the model path reports then)
MUTATIONS = [
    ("rating off the scale", "rating: Mostly true", "rating: Mostly True", "rating-not-in-scale"),
    ("rating without number", "rating: Mostly true", "rating: Unverified", "rating-missing-value"),
    (
        "own review with a number",
        "    inLanguage: en\n",
        "    inLanguage: en\n    ratingValue: 4\n",
        "rating-not-in-scale",
    ),
    (
        "no summary",
        "    summary: The budget rose by 90 percent, not quite double.\n",
        "",
        "review-missing-summary",
    ),
    (
        "no explanation",
        "    explanation: The published accounts show a rise from 10 to 19 million.\n",
        "",
        "review-missing-summary",
    ),
    (
        "no sources",
        "    sources:\n      - name: Port Authority annual accounts\n"
        "        publisher: port-authority\n        date: 2024-09-30\n",
        "    sources: []\n",
        "review-missing-source",
    ),
    ("no authors", "    authors:\n      - cleo-editor\n", "", "review-missing-author"),
    (
        "verdict in the claim",
        "claimReviewed: The port's budget has doubled since last year",
        "claimReviewed: The port's budget is mostly true",
        "claimreviewed-contains-verdict",
    ),
    (
        "claim too long",
        "claimReviewed: The port's budget has doubled since last year",
        "claimReviewed: " + "The port's budget has doubled " * 4,
        "claimreviewed-too-long",
    ),
    ("no date made", "dateMade: 2024-10-15\n", "", "claim-missing-date"),
    (
        "no appearance with an address",
        "  - article: tide-harbour-report\n    platform:",
        "  - name: A notice\n    platform:",
        "claim-missing-appearance",
    ),
    (
        "review before the claim",
        "dateMade: 2024-10-15",
        "dateMade: 2024-12-15",
        "review-before-claim",
    ),
    (
        "modified before published",
        "dateModified: 2024-11-02",
        "dateModified: 2024-10-02",
        "date-order",
    ),
    ("correction before published", "date: 2024-11-03", "date: 2024-10-03", "date-order"),
    (
        "claim language unknown",
        "inLanguage: en\nreviews",
        "inLanguage: zz\nreviews",
        "language-unknown",
    ),
    ("review language unknown", "    inLanguage: en\n", "    inLanguage: xq\n", "language-unknown"),
    ("time range reversed", 'endTime: "0:40"', 'endTime: "0:05"', "time-range-order"),
    ("no such day", "dateMade: 2024-10-15", "dateMade: 2023-02-29", "schema-date"),
    ("no such day in a relay", "date: 2024-10-17", "date: 2024-02-30", "schema-date"),
    (
        "two forms of a party",
        "  - person: ben-harbourmaster\n",
        "  - person: ben-harbourmaster\n    organization: daily-tide\n",
        "schema-choice",
    ),
    (
        "a platform with both forms",
        "      organization: daily-tide\n    author",
        "      organization: daily-tide\n      name: Tide TV\n    author",
        "schema-choice",
    ),
    (
        "a source with neither article, url nor name",
        "      - name: Port Authority annual accounts\n        publisher: port-authority",
        "      - publisher: port-authority",
        "schema-choice",
    ),
    (
        "a null party form",
        "  - person: ben-harbourmaster\n",
        "  - person: ben-harbourmaster\n    organization:\n",
        None,
    ),
    ("a null date", "dateModified: 2024-11-02", "dateModified:", None),
    (
        "another fact-checker's review without url",
        "    authors:\n      - cleo-editor\n",
        "    publisher: other-checker\n",
        "claimreview-missing-url",
    ),
    (
        "a picture without alt",
        "    inLanguage: en\n",
        "    inLanguage: en\n    image:\n      url: https://harbourcheck.example.org/a.jpg\n",
        "image-missing-alt",
    ),
    (
        "a translation of itself",
        "    inLanguage: en\n",
        "    inLanguage: en\n    translationOf:\n      claim: port-budget-doubled\n",
        "translation-self",
    ),
    (
        "the old claimant",
        "claimants:\n  - person: ben-harbourmaster\n",
        "claimant:\n  person: ben-harbourmaster\n",
        "layout-deprecated",
    ),
    (
        "an old archive link",
        "        date: 2024-09-30\n",
        "        date: 2024-09-30\n        url: https://port.example.org/a\n"
        "        archiveUrl: https://web.archive.org/web/2024/https://port.example.org/a\n",
        "layout-deprecated",
    ),
    (
        "a placeholder",
        "quote: Our budget has doubled since last year.",
        'quote: "<TODO: the quote>"',
        "placeholder",
    ),
    (
        "a line break in an address",
        "      - name: Port Authority annual accounts\n",
        '      - name: Port Authority annual accounts\n        url: "https://port.example.org/\\u0085a"\n',
        None,
    ),
    (
        "a block scalar",
        "    summary: The budget rose by 90 percent, not quite double.\n",
        "    summary: >-\n      The budget rose by 90 percent,\n      not quite double.\n",
        None,
    ),
    (
        "text beyond ASCII",
        "quote: Our budget has doubled since last year.",
        "quote: Наш бюджет подвоївся.",
        None,
    ),
]


def _claim_publication(tmp_path: Path, text: str) -> Path:
    root = build_publication(None, tmp_path / "pub") / "records"
    (root / "claims" / "port-budget-doubled.yaml").write_text(text, encoding="utf-8")
    return root


def _the_claim(root: Path) -> tuple[Checked, Checked]:
    files = walk(root).files
    item = next(f for f in files if "port-budget-doubled." in f.display)
    return _both(item, _site(files))


def test_the_clean_claim_needs_no_model(tmp_path: Path) -> None:
    plain, model = _the_claim(_claim_publication(tmp_path, CLEAN))
    assert plain.model is None and plain.facts.valid
    assert model.facts.diagnostics == []
    assert facts.to_entry(plain.facts) == facts.to_entry(model.facts)
    assert plain.facts.refs == (
        "article:tide-harbour-report",
        "organization:daily-tide",
        "organization:port-authority",
        "person:ada-reporter",
        "person:ben-harbourmaster",
        "person:cleo-editor",
        "topic:port-budget",
    )


@pytest.mark.parametrize(("what", "old", "new", "code"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_each_model_check_the_same_both_ways(
    what: str, old: str, new: str, code: str | None, tmp_path: Path
) -> None:
    assert CLEAN.count(old) == 1, what
    plain, model = _the_claim(_claim_publication(tmp_path, CLEAN.replace(old, new)))
    assert facts.to_entry(plain.facts) == facts.to_entry(model.facts)
    if code is not None:
        assert code in {d.code for d in model.facts.diagnostics}, what


ARTICLE_MUTATIONS = [
    ("modified before published", "inLanguage: en", "inLanguage: en\ndateModified: 2024-10-01"),
    ("language unknown", "inLanguage: en", "inLanguage: zz"),
    ("no such day", "dateCreated: 2024-10-16", "dateCreated: 2024-09-31"),
]


@pytest.mark.parametrize(
    ("what", "old", "new"), ARTICLE_MUTATIONS, ids=[m[0] for m in ARTICLE_MUTATIONS]
)
def test_article_checks_the_same_both_ways(what: str, old: str, new: str, tmp_path: Path) -> None:
    root = build_publication(None, tmp_path / "pub") / "records"
    path = root / "articles" / "tide-harbour-report.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    item = next(f for f in walk(root).files if f.file == path or f.location == path)
    plain, model = _both(item, _site(walk(root).files))
    assert model.facts.diagnostics, what
    assert facts.to_entry(plain.facts) == facts.to_entry(model.facts)


# Random claims put together from parts, most of them right, each sometimes wrong in one of the
# ways a check looks at; written as YAML (plain scalars, as `fmt` writes) or JSON.
_RATINGS = ["Mostly true", "False", "Mixed", "Unverified", "mostly true", "Pants on Fire"]
_DATES = ["2024-10-15", "2024-11-01", "2024-10", "2024-12-31", "2024", "2025-01-02"] * 4 + [
    "2023-02-29"
]
_LANGS = ["en", "uk", "pt-BR", "en", "zz", "unknown"]
_PEOPLE = ["ben-harbourmaster", "ada-reporter", "cleo-editor", "ada-reporter", "no-such-person"]
_ORGS = ["port-authority", "daily-tide", "harbour-check", "port-authority", "other-checker"]


def _rarely(draw: st.DrawFn) -> bool:
    return draw(st.integers(0, 7)) == 0


@st.composite
def _parties(draw: st.DrawFn) -> dict[str, object]:
    forms = [draw(st.sampled_from(["person", "organization", "unnamed"]))]
    if _rarely(draw) and _rarely(draw):
        forms.append("collective" if forms[0] != "collective" else "person")
    party: dict[str, object] = {}
    for form in forms:
        if form == "person":
            party[form] = draw(st.sampled_from(_PEOPLE))
        elif form == "organization":
            party[form] = draw(st.sampled_from(_ORGS))
        elif form == "collective":
            party[form] = {"name": "social media users", "kind": "social-media-users"}
        else:
            party[form] = "a port official"
    if form == "unnamed" and draw(st.booleans()):
        party["affiliation"] = draw(st.sampled_from(_ORGS))
    return party


@st.composite
def _citations(draw: st.DrawFn, appearance: bool = False) -> dict[str, object]:
    cite: dict[str, object] = {}
    first = "none" if _rarely(draw) else draw(st.sampled_from(["article", "name", "url"]))
    urls = ["https://port.example.org/a", "https://port.example.org/\u00e9b"]
    values = {"article": ["tide-harbour-report"], "name": ["A notice"], "url": urls}
    if first != "none":
        cite[first] = draw(st.sampled_from(values[first]))
    for key in ("name", "url", "publisher", "date"):
        if key not in cite and draw(st.integers(0, 2)) == 0:
            cite[key] = draw(
                st.sampled_from(values.get(key, _ORGS if key == "publisher" else _DATES))
            )
    if appearance and draw(st.integers(0, 2)) == 0:
        times = [("0:10", "0:40"), ("0:40", "0:10"), ("59:59", "1:00:00"), ("0:10", "0:10")]
        cite["startTime"], cite["endTime"] = draw(st.sampled_from(times))
    if appearance and draw(st.integers(0, 2)) == 0:
        platforms = [{"name": "Telegram"}, {"organization": "daily-tide"}] * 4
        cite["platform"] = draw(
            st.sampled_from([*platforms, {"name": "X", "organization": "daily-tide"}])
        )
    if appearance and draw(st.integers(0, 2)) == 0:
        cite["author"] = draw(_parties())
    return cite


@st.composite
def _reviews(draw: st.DrawFn) -> dict[str, object]:
    review: dict[str, object] = {
        "rating": draw(st.sampled_from(_RATINGS[:3] * 3 + _RATINGS[3:])),
        "datePublished": draw(st.sampled_from(["2024-11-01", *_DATES])),
    }
    usual: dict[str, list[object]] = {
        "summary": ["The budget rose by 90 percent."],
        "explanation": ["The accounts show a rise."],
        "authors": [["cleo-editor"], ["ada-reporter", "cleo-editor"], [], ["no-such-person"]],
    }
    unusual: dict[str, list[object]] = {
        "dateModified": list(_DATES),
        "publisher": list(_ORGS),
        "inLanguage": list(_LANGS),
        "url": ["https://othercheck.example.org/c"],
        "ratingValue": [1, 3.5],
        "corrections": [
            [{"date": "2024-11-03", "text": "Fixed."}],
            [{"date": "2024-01-01", "text": "Fixed."}],
        ],
        "image": [
            {"url": "https://harbourcheck.example.org/a.jpg"},
            {"url": "https://harbourcheck.example.org/a.jpg", "alt": "A picture"},
        ],
    }
    for key, values in usual.items():
        if not _rarely(draw):
            review[key] = draw(st.sampled_from(values))
    for key, values in unusual.items():
        if _rarely(draw):
            review[key] = draw(st.sampled_from(values))
    if not _rarely(draw):
        review["sources"] = draw(st.lists(_citations(), max_size=2))
    return review


@st.composite
def _claims(draw: st.DrawFn) -> dict[str, object]:
    texts = ["The port's budget has doubled", "The budget is mostly true", "Бюджет подвоївся"]
    claim: dict[str, object] = {
        "id": "port-budget-doubled",
        "claimReviewed": draw(st.sampled_from([*texts, "x" * 90])),
    }
    if _rarely(draw):
        claim["claimant"] = draw(_parties())
    else:
        claim["claimants"] = draw(st.lists(_parties(), min_size=1, max_size=2))
    if not _rarely(draw):
        claim["dateMade"] = draw(st.sampled_from(["2024-10-15", *_DATES]))
    if draw(st.booleans()):
        claim["inLanguage"] = draw(st.sampled_from(_LANGS))
    if draw(st.booleans()):
        claim["topics"] = draw(st.sampled_from([["port-budget"], ["no-such-topic"], []]))
    if draw(st.booleans()):
        claim["relays"] = [{"by": draw(_parties()), "source": draw(_citations())}]
    claim["appearances"] = draw(st.lists(_citations(appearance=True), min_size=1, max_size=2))
    if _rarely(draw):
        claim["firstAppearance"] = draw(_citations(appearance=True))
    if not _rarely(draw):
        claim["reviews"] = draw(st.lists(_reviews(), min_size=1, max_size=2))
    return claim


@pytest.fixture(scope="module")
def random_publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_publication(None, tmp_path_factory.mktemp("random") / "pub") / "records"


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(claim=_claims(), as_json=st.booleans())
def test_random_claims_the_same_both_ways(
    random_publication: Path, claim: dict[str, object], as_json: bool
) -> None:
    claims = random_publication / "claims"
    for old in claims.glob("port-budget-doubled.*"):
        old.unlink()
    if as_json:
        (claims / "port-budget-doubled.json").write_text(
            json.dumps(claim, ensure_ascii=False), encoding="utf-8"
        )
    else:
        (claims / "port-budget-doubled.yaml").write_text(
            yaml.safe_dump(claim, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    plain, model = _the_claim(random_publication)
    assert facts.to_entry(plain.facts) == facts.to_entry(model.facts)
