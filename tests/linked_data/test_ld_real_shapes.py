"""The publication modelled on real fact-checks (tests/examples/positive/real-shapes) builds into
pages and dumps whose linked data carries every value its records hold, field by field.

Every scalar of every record in the case is looked for in the graph of the pages' JSON-LD and in
the N-Triples dump: texts, URLs, languages, dates (with the datatype of their precision), numbers.
Values that are not published as themselves are named below with what stands for them instead.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rdflib
import yaml
from ld_support import local
from rdflib import RDF, Literal, URIRef

from claimkit.site.build import build
from harness import EXAMPLES, build_publication

CASE = EXAMPLES / "positive" / "real-shapes"
SCHEMA = "http://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
_SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

# Keys whose values name other records (their names, urls and types are published instead), or
# are the record's own id, or sort a verdict for claimkit only.
_REFERENCES = {"id", "organization", "person", "publisher", "authors", "article", "affiliation"}
_REFERENCES |= {"claims", "topics", "claim", "ratingClass"}
# Enumerations published as a schema.org type or term rather than as text.
_AS_TYPE = {"type", "kind"}
# Not published as themselves: a licence is published as its URL (the IRI that consumers and
# sdLicense read); a translation's language goes into the page's hreflang link, while the linked
# data links to the translation and leaves describing it to its own page (see
# test_translations_are_linked_both_ways_and_marked_on_the_page); an organization's country has
# no place in the linked data yet.
_NOT_PUBLISHED = {("license", "name"), ("translations", "inLanguage"), ("country",)}

WORK_TYPES = {
    "social-media-post": "SocialMediaPosting",
    "video": "VideoObject",
    "messaging": "Message",
    "broadcast": "BroadcastEvent",
    "print": "CreativeWork",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("real-shapes") / "pub"
    build_publication(CASE, root)
    build(root / "records", root / "build")
    return root


def _page_graph(site: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    for page in sorted(site.rglob("*.html")):
        for script in _SCRIPT.findall(page.read_text(encoding="utf-8")):
            document = json.loads(script)
            graph.parse(data=json.dumps(local(document)), format="json-ld")
    return graph


@pytest.fixture(scope="module")
def graphs(built: Path) -> dict[str, rdflib.Graph]:
    data = built / "build" / "data"
    dump = rdflib.Graph().parse(data / "claims.nt", format="nt")
    return {"pages": _page_graph(built / "build" / "site"), "dump": dump}


def _scalars(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _scalars(sub, (*path, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _scalars(sub, (*path, i))
    else:
        yield path, value


def _case_records() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted((CASE / "records").rglob("*.yaml")):
        if path.name == "site.yaml":
            continue  # the case's settings (its methodology), not records the data describes
        # The YAML 1.2 reading the records get: every date stays text.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        out.append((path.relative_to(CASE).as_posix(), data))
    return out


def _terms(graph: rdflib.Graph) -> set[str]:
    found: set[str] = set()
    for _s, _p, o in graph:
        found.add(str(o))
    return found


def _published_value(path: tuple[Any, ...], value: str) -> str | None:
    """What the graph must hold for one scalar of a record; None when it is not published as
    itself (a reference, an enumeration, `unknown`)."""
    keys = [k for k in path if isinstance(k, str)]
    last = keys[-1]
    if last in _REFERENCES or last in _AS_TYPE or ("platform" in keys and last == "organization"):
        return None
    if tuple(keys[-2:]) in _NOT_PUBLISHED or tuple(keys[-1:]) in _NOT_PUBLISHED:
        return None
    if last in ("startTime", "endTime"):
        return _clock(value)
    if last == "inLanguage" and value == "unknown":
        return None
    if last == "rating":
        return value  # the verdict's label: the Rating's alternateName
    if last == "mediaAuthenticityCategory":
        return SCHEMA + value
    return value


def _clock(offset: str) -> str:
    """An offset into a video ([h:]mm:ss) as schema:Time text, hh:mm:ss."""
    parts = ["0", "0", *offset.split(":")][-3:]
    hours, minutes, seconds = int(parts[0]), int(parts[1]), float(parts[2])
    return f"{hours:02d}:{minutes:02d}:{int(seconds):02d}"


def _external_review(name: str, path: tuple[Any, ...]) -> bool:
    """Whether a value belongs to another fact-checker's review: a claim page carries only the
    site's own ClaimReview; the others are in the dumps."""
    if len(path) < 2 or path[0] != "reviews":
        return False
    data = dict(_case_records())[name]
    return "publisher" in data["reviews"][path[1]]


CASES = [
    (name, path, value)
    for name, data in _case_records()
    for path, value in _scalars(data)
    if _published_value(path, value) is not None
]


@pytest.mark.parametrize("where", ["pages", "dump"])
def test_every_value_of_the_records_is_published(
    graphs: dict[str, rdflib.Graph], where: str
) -> None:
    terms = _terms(graphs[where])
    missing = [
        f"{name}: {'.'.join(map(str, path))} = {value!r}"
        for name, path, value in CASES
        if _published_value(path, value) not in terms
        and not (where == "pages" and _external_review(name, path))
    ]
    assert CASES and not missing, "\n".join(missing)


def _dates_with_types(graph: rdflib.Graph) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for _s, _p, o in graph:
        if isinstance(o, Literal) and o.datatype is not None:
            out.setdefault(str(o), set()).add(str(o.datatype))
    return out


@pytest.mark.parametrize(
    ("text", "datatype"),
    [
        ("2024-11-02T08:00:00+05:30", SCHEMA + "DateTime"),
        ("2024-11-04T10:00:00Z", SCHEMA + "DateTime"),
        ("2024-09", XSD + "gYearMonth"),
        ("2019-04", XSD + "gYearMonth"),
        ("2024", XSD + "gYear"),
        ("2024-10-12", SCHEMA + "Date"),
    ],
)
def test_dates_keep_their_precision_and_type(
    graphs: dict[str, rdflib.Graph], text: str, datatype: str
) -> None:
    for graph in graphs.values():
        assert _dates_with_types(graph).get(text) == {datatype}


def test_appearances_are_typed_works(graphs: dict[str, rdflib.Graph]) -> None:
    for graph in graphs.values():
        types = {str(o) for o in graph.objects(None, RDF.type)}
        for expected in (*WORK_TYPES.values(), "MediaReview", "MediaReviewItem", "ClaimReview"):
            assert SCHEMA + expected in types, expected


def test_an_unknown_language_is_never_published(graphs: dict[str, rdflib.Graph]) -> None:
    claim = URIRef("https://harbourcheck.example.org/claims/overheard-at-the-quay/#claim")
    for graph in graphs.values():
        assert (claim, RDF.type, URIRef(SCHEMA + "Claim")) in graph
        assert list(graph.objects(claim, URIRef(SCHEMA + "inLanguage"))) == []
        languages = {str(o) for o in graph.objects(None, URIRef(SCHEMA + "inLanguage"))}
        assert "unknown" not in languages and "und" not in languages


def test_claims_have_every_claimant(graphs: dict[str, rdflib.Graph]) -> None:
    claim = URIRef("https://harbourcheck.example.org/claims/ponte-desabou/#claim")
    for graph in graphs.values():
        names = {
            str(name)
            for author in graph.objects(claim, URIRef(SCHEMA + "author"))
            for name in graph.objects(author, URIRef(SCHEMA + "name"))
        }
        assert names == {"Usuários do WhatsApp", "The Daily Tide"}


def test_translations_are_linked_both_ways_and_marked_on_the_page(built: Path) -> None:
    site = built / "build" / "site"
    english = (site / "claims" / "harbour-fees-rise" / "index.html").read_text(encoding="utf-8")
    # The language versions are hreflang alternates in the sitemap, not <link>s in the page's
    # head (Material's script would fetch sitemap.xml beside each, from other hosts too).
    assert '<link rel="alternate"' not in english
    assert re.search(r'<a href="[^"]*harbour-fees-rise-uk/" hreflang="uk"', english)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entry = sitemap[sitemap.index("claims/harbour-fees-rise/</loc>") :].split("</url>")[0]
    assert re.search(r'<xhtml:link rel="alternate" hreflang="uk" href="[^"]*-uk/"', entry)
    assert re.search(r'hreflang="fr" href="https://fr\.harbourcheck', entry)
    ukrainian = (site / "claims" / "harbour-fees-rise-uk" / "index.html").read_text("utf-8")
    assert 'lang="uk"' in ukrainian


def test_a_review_in_another_language_marks_its_text(built: Path) -> None:
    page = built / "build" / "site" / "claims" / "vacunas-con-chips" / "index.html"
    assert 'lang="es"' in page.read_text(encoding="utf-8")


def test_the_case_builds_again_byte_for_byte(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "pub"
    shutil.copytree(built / "records", again / "records")
    build(again / "records", again / "build")
    for name in ("claims.nt", "claims.jsonld", "claims.ttl", "feed.json"):
        first = (built / "build" / "data" / name).read_bytes()
        assert first == (again / "build" / "data" / name).read_bytes(), name


def _stated_languages(records: Path) -> set[str]:
    """Every language a record or the site settings states, `unknown` left out."""
    stated: set[str] = set()
    for path in records.rglob("*.yaml"):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        for keys, value in _scalars(data):
            if (
                keys
                and keys[-1] in ("inLanguage", "language", "quoteLanguage")
                and value != "unknown"
            ):
                stated.add(value)
    return stated


_LANG_ATTRIBUTE = re.compile(r'\slang="([^"]*)"')


@pytest.mark.parametrize("publication", ["bundled", "real-shapes"])
def test_no_language_is_published_that_no_record_said(
    publication: str, built: Path, tmp_path: Path
) -> None:
    if publication == "bundled":
        root = tmp_path / "pub"
        shutil.copytree(CASE.parents[2].parent / "records", root / "records")
        build(root / "records", root / "build")
    else:
        root = built
    stated = _stated_languages(root / "records")
    dump = rdflib.Graph().parse(root / "build" / "data" / "claims.nt", format="nt")
    published = {str(o) for o in dump.objects(None, URIRef(SCHEMA + "inLanguage"))}
    assert published and published <= stated, published - stated
    marked: set[str] = set()
    for page in (root / "build" / "site").rglob("*.html"):
        marked.update(_LANG_ATTRIBUTE.findall(page.read_text(encoding="utf-8")))
    # An empty lang="" says "unknown" in HTML; every other mark is a stated language.
    assert marked - {""} <= stated, marked - stated


def test_a_quote_in_another_language_than_its_claim_is_tagged(
    built: Path, graphs: dict[str, rdflib.Graph]
) -> None:
    claim = URIRef("https://harbourcheck.example.org/claims/vacunas-con-chips/#claim")
    for graph in graphs.values():
        quotes = list(graph.objects(claim, URIRef(SCHEMA + "text")))
        assert quotes == [Literal("Flu shots now carry tracking chips", lang="en")]
    # On the page the English words take the page's language (the site's, en), not the claim's.
    page = built / "build" / "site" / "claims" / "vacunas-con-chips" / "index.html"
    quote = re.search(r"<blockquote[^>]*>", page.read_text(encoding="utf-8"))
    assert quote and quote.group(0) in (
        '<blockquote class="ck-quote">',
        '<blockquote class="ck-quote" lang="en">',
    )
