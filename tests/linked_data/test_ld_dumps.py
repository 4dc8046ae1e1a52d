"""The dumps agree with each other and with build_graph, use only schema.org terms, and are stable."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from ld_support import Publication, load_catalog, local, parse_jsonld
from rdflib.compare import isomorphic

from claimkit.core.models import ArticleType, OrganizationKind, TopicType
from claimkit.linked_data.export import feed, write_dumps
from claimkit.linked_data.graph import build_graph
from claimkit.linked_data.jsonld import JsonLd

SCHEMA_HTTP = "http://schema.org/"
RDF_TYPE = rdflib.URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DUMPS = ("claims.jsonld", "claims.ttl", "claims.nt", "feed.json")

# Classes the code can emit that schema.org defines but rdflib 7.6's SDO term list lacks: it was
# generated from an older schema.org release. PoliticalParty is in schema.org's 27.01 context
# (added for schemaorg/schemaorg issue 3282, 2024).
NEWER_THAN_RDFLIB = frozenset({"PoliticalParty"})

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def is_schema_term(name: str) -> bool:
    """Whether rdflib's schema.org term list has this name (a class or a property).

    `name in SDO` checks the names declared on the namespace class: 2,767 in rdflib 7.6. Not
    `name in dir(SDO)`: dir() gives https IRIs, which never equal a bare name.
    """
    from rdflib.namespace import SDO

    return name in SDO


def schema_names(graph: rdflib.Graph) -> set[str]:
    """Local names of every predicate and every rdf:type object in http://schema.org/."""
    iris = {str(p) for p in graph.predicates()}
    iris |= {str(o) for o in graph.objects(None, RDF_TYPE)}
    return {iri[len(SCHEMA_HTTP) :] for iri in iris if iri.startswith(SCHEMA_HTTP)}


def parse_dumps(folder: Path) -> dict[str, rdflib.Graph]:
    jsonld = json.loads((folder / "claims.jsonld").read_text(encoding="utf-8"))
    return {
        "claims.jsonld": parse_jsonld(jsonld),
        "claims.ttl": rdflib.Graph().parse(folder / "claims.ttl", format="turtle"),
        "claims.nt": rdflib.Graph().parse(folder / "claims.nt", format="nt"),
    }


def test_dumps_and_build_graph_are_isomorphic(publication: Publication) -> None:
    graphs = parse_dumps(publication.dumps)
    graphs["build_graph"] = build_graph(publication.catalog)
    nt = graphs["claims.nt"]
    assert len(nt) > 500
    for name, graph in graphs.items():
        assert len(graph) == len(nt), name
        assert isomorphic(graph, nt), name


def test_jsonld_and_ntriples_dumps_agree_term_for_term(publication: Publication) -> None:
    """Oxigraph keeps lexical forms (rdflib reads "4.5E0" and "4.5" as the same double), and
    expands JSON-LD numbers the way the JSON-LD spec says: a fraction is "4.5E0"^^xsd:double.
    Other fact-checkers' reviews are only in the dumps, so this is where their numbers meet."""
    jsonld = json.loads((publication.dumps / "claims.jsonld").read_text(encoding="utf-8"))
    from_jsonld = set(ox.parse(json.dumps(local(jsonld)).encode(), format=ox.RdfFormat.JSON_LD))
    nt = publication.dumps / "claims.nt"
    from_nt = set(ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES))
    ttl = publication.dumps / "claims.ttl"
    from_ttl = set(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))
    assert sorted(map(str, from_jsonld ^ from_nt)) == []
    assert sorted(map(str, from_ttl ^ from_nt)) == []


def test_build_graph_binds_http_schema_prefix(bundled: Publication) -> None:
    graph = build_graph(bundled.catalog)
    namespaces = dict(graph.namespaces())
    assert namespaces["schema"] == rdflib.URIRef("http://schema.org/")
    assert rdflib.URIRef("https://schema.org/") not in namespaces.values()
    turtle = graph.serialize(format="turtle")
    assert "@prefix schema: <http://schema.org/> ." in turtle
    assert "schema:ClaimReview" in turtle


def test_every_class_and_property_is_a_schema_org_term(publication: Publication) -> None:
    graphs = parse_dumps(publication.dumps)
    graphs["feed.json"] = parse_jsonld(
        json.loads((publication.dumps / "feed.json").read_text(encoding="utf-8"))
    )
    names: set[str] = set()
    for graph in graphs.values():
        names |= schema_names(graph)
    assert {"ClaimReview", "Claim", "Rating", "ratingExplanation", "DataFeedItem"} <= names
    assert sorted(n for n in names if not is_schema_term(n)) == []
    # Only rdf:type is outside schema.org.
    predicates = {str(p) for g in graphs.values() for p in g.predicates()}
    assert {p for p in predicates if not p.startswith(SCHEMA_HTTP)} == {str(RDF_TYPE)}


def test_the_term_check_rejects_unknown_names() -> None:
    assert is_schema_term("ratingExplanation")
    assert is_schema_term("ClaimReview")
    assert not is_schema_term("ratingExplanationX")
    assert not is_schema_term("ClaimReviewX")
    assert not is_schema_term("http://schema.org/ClaimReview")


def test_every_class_the_code_can_emit_is_a_schema_org_term(bundled: Publication) -> None:
    classes = {t.value for t in ArticleType} | {t.value for t in TopicType}
    classes |= {"Organization", "Person", "CreativeWork", "ImageObject", "CorrectionComment"}
    ident, org = next(iter(bundled.catalog.organizations.items()))
    for kind in OrganizationKind:
        organizations = {
            **bundled.catalog.organizations,
            ident: org.model_copy(update={"kind": kind}),
        }
        catalog = dataclasses.replace(bundled.catalog, organizations=organizations)
        classes.add(JsonLd(catalog).organization_stub(ident)["@type"])
    assert {"NewsMediaOrganization", "GovernmentOrganization", "PoliticalParty"} <= classes
    assert sorted(c for c in classes - NEWER_THAN_RDFLIB if not is_schema_term(c)) == []
    # When rdflib's list catches up, drop the name from NEWER_THAN_RDFLIB.
    assert not any(is_schema_term(c) for c in NEWER_THAN_RDFLIB)


def test_no_https_schema_org_iri_in_the_dumps(publication: Publication) -> None:
    for name in DUMPS:
        text = (publication.dumps / name).read_text(encoding="utf-8")
        assert "https://schema.org/" not in text, name
        if name.endswith((".ttl", ".nt")):
            assert "https://schema.org" not in text, name
    for name in ("claims.jsonld", "feed.json"):
        document = json.loads((publication.dumps / name).read_text(encoding="utf-8"))
        # The context reference is the only https://schema.org string, at the top.
        text = json.dumps({k: v for k, v in document.items() if k != "@context"})
        assert "https://schema.org" not in text, name
        assert document["@context"] == "https://schema.org"
    for name, graph in parse_dumps(publication.dumps).items():
        terms = {str(term) for triple in graph for term in triple}
        assert not [t for t in terms if t.startswith("https://schema.org")], name


def test_writing_twice_gives_identical_bytes(tmp_path: Path, bundled: Publication) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    written = write_dumps(bundled.catalog, first)
    write_dumps(load_catalog(Path(__file__).parents[2] / "records"), second)
    assert [p.name for p in written] == list(DUMPS)
    for name in DUMPS:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
        assert (first / name).read_bytes() == (bundled.dumps / name).read_bytes(), name


def test_feed_function_matches_feed_file(bundled: Publication) -> None:
    on_disk = json.loads((bundled.dumps / "feed.json").read_text(encoding="utf-8"))
    assert on_disk == feed(bundled.catalog)
