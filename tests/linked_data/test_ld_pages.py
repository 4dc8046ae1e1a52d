"""What a consumer reads from a page's JSON-LD is what our dumps say: every triple is in them."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from ld_support import EXTERNAL_CLAIM, REPO, Publication, local, local_context, parse_jsonld

from claimkit.linked_data.jsonld import DATE_TERMS, IRI_TERMS, JsonLd

SCHEMA = "http://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph inside.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def page_documents(publication: Publication) -> list[tuple[str, dict[str, Any]]]:
    ld = JsonLd(publication.catalog)
    pages = [(f"{kind}/{ident}", doc) for kind, ident, doc in ld.record_pages()]
    return [*pages, ("home", ld.home_page()), ("data", ld.data_page())]


def test_every_page_triple_is_in_the_turtle_dump(publication: Publication) -> None:
    dump = rdflib.Graph().parse(publication.dumps / "claims.ttl", format="turtle")
    missing: dict[str, list[str]] = {}
    total = 0
    for name, document in page_documents(publication):
        graph = parse_jsonld(document)
        assert len(graph) > 0, name
        assert not any(isinstance(term, rdflib.BNode) for triple in graph for term in triple), name
        total += len(graph)
        lost = [" ".join(term.n3() for term in triple) for triple in graph if triple not in dump]
        if lost:
            missing[name] = lost
    assert missing == {}
    assert total > len(page_documents(publication))


def test_every_page_triple_is_in_the_ntriples_dump_term_for_term(publication: Publication) -> None:
    """The same check with Oxigraph, which keeps lexical forms: rdflib normalises literals
    (a double "4.5E0" reads back as "4.5"), so only this proves the forms are the same."""
    dump = set(ox.parse(path=str(publication.dumps / "claims.nt"), format=ox.RdfFormat.N_TRIPLES))
    missing: dict[str, list[str]] = {}
    for name, document in page_documents(publication):
        data = json.dumps(local(document)).encode()
        triples = set(ox.parse(data, format=ox.RdfFormat.JSON_LD))
        lost = sorted(str(t) for t in triples - dump)
        if lost:
            missing[name] = lost
    assert missing == {}


def test_fractional_rating_is_a_canonical_double_in_the_dumps(
    with_external_review: Publication,
) -> None:
    nt = (with_external_review.dumps / "claims.nt").read_text(encoding="utf-8")
    line = next(
        line
        for line in nt.splitlines()
        if "#review-2-rating>" in line and f"<{SCHEMA}ratingValue>" in line
    )
    assert line.endswith(f'"4.5E0"^^<{XSD}double> .')
    assert f'<{SCHEMA}bestRating> "5"^^<{XSD}integer> .' in nt
    dump = rdflib.Graph().parse(with_external_review.dumps / "claims.ttl", format="turtle")
    values = {
        (str(review), str(value))
        for review, value in dump.subject_objects(rdflib.URIRef(SCHEMA + "ratingValue"))
        if isinstance(value, rdflib.Literal) and value.datatype == rdflib.URIRef(XSD + "double")
    }
    assert len(values) == 1
    ((iri, _),) = values
    assert iri.endswith(f"/claims/{EXTERNAL_CLAIM}/#review-2-rating")
    literal = dump.value(rdflib.URIRef(iri), rdflib.URIRef(SCHEMA + "ratingValue"))
    assert isinstance(literal, rdflib.Literal)
    assert literal.toPython() == 4.5


def test_external_review_is_in_the_dumps_not_on_the_page(with_external_review: Publication) -> None:
    catalog = with_external_review.catalog
    ld = JsonLd(catalog)
    claim = catalog.claims[EXTERNAL_CLAIM]
    (external,) = ld.external_reviews(claim)
    assert external["url"] == "https://example.org/check"
    assert external["reviewRating"]["ratingValue"] == 4.5
    page = parse_jsonld(ld.claim_page(claim))
    assert (rdflib.URIRef(external["@id"]), None, None) not in page
    # One ClaimReview per page: another fact-checker's review is published in the dumps only,
    # and what rdflib reads from its JSON-LD, the 4.5 included, is what the dumps say.
    dump = rdflib.Graph().parse(with_external_review.dumps / "claims.ttl", format="turtle")
    graph = parse_jsonld({"@context": "https://schema.org", **external})
    assert (rdflib.URIRef(external["@id"]), None, None) in graph
    assert [t for t in graph if t not in dump] == []


def _emitted_terms() -> set[str]:
    """Every property name our JSON-LD code writes: the string keys of its dict literals."""
    names: set[str] = set()
    for name in ("jsonld.py", "ldbase.py", "reviewparts.py", "media.py", "export.py"):
        tree = ast.parse(
            (REPO / "src" / "claimkit" / "linked_data" / name).read_text(encoding="utf-8")
        )
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                names.update(
                    key.value
                    for key in node.keys
                    if isinstance(key, ast.Constant)
                    and isinstance(key.value, str)
                    and not key.value.startswith("@")
                )
    return names


def test_local_context_defines_every_term_we_emit() -> None:
    """A term missing here would fall back to @vocab untyped, hiding an IRI or date mismatch."""
    context = local_context()
    emitted = _emitted_terms()
    assert {"claimReviewed", "reviewRating", "dataFeedElement"} <= emitted
    assert emitted - set(context) == set()
    assert context["@vocab"] == SCHEMA


def test_local_context_types_agree_with_jsonld_module() -> None:
    context = local_context()
    typed_iri = {k for k, v in context.items() if isinstance(v, dict) and v.get("@type") == "@id"}
    typed_date = {k for k, v in context.items() if isinstance(v, dict) and v.get("@type") == "Date"}
    assert context["Date"] == {"@id": "schema:Date"}
    assert typed_iri >= IRI_TERMS
    assert typed_date == DATE_TERMS
    # Typed @id by schema.org but not in IRI_TERMS: our code always writes these as {"@id": ...}
    # or as a nested node, never as a bare string, so the page-vs-dump test would catch a change.
    assert typed_iri - IRI_TERMS == {"contentUrl", "isPartOf", "mainEntityOfPage"}


def test_context_file_is_valid_json() -> None:
    path = Path(__file__).with_name("schema-context.jsonld")
    assert set(json.loads(path.read_text(encoding="utf-8"))) == {"@context"}
