"""claims.nt in a SPARQL store answers "claims by verdict" and "claims by claimant" as the site does.

The two queries are printed verbatim in toolkit-docs/sparql.md; a test keeps the page in step.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
from ld_support import REPO, Publication

from claimkit.linked_data.graph import build_graph
from claimkit.linked_data.jsonld import JsonLd

SITE_URL = "https://factdesk.example.org/"

CLAIMS_BY_VERDICT = """\
PREFIX schema: <http://schema.org/>

SELECT ?verdict (COUNT(DISTINCT ?review) AS ?claims)
WHERE {
  ?review a schema:ClaimReview ;
          schema:url ?url ;
          schema:reviewRating ?rating .
  ?rating schema:alternateName ?verdict .
  FILTER(STRSTARTS(STR(?url), "https://factdesk.example.org/"))
}
GROUP BY ?verdict
ORDER BY DESC(?claims) ?verdict
"""

CLAIMS_BY_CLAIMANT = """\
PREFIX schema: <http://schema.org/>

SELECT ?claimant (COUNT(DISTINCT ?claim) AS ?claims)
WHERE {
  ?claim a schema:Claim ;
         schema:author ?author .
  ?author schema:name ?claimant .
}
GROUP BY ?claimant
ORDER BY DESC(?claims) ?claimant
"""

REVIEWED_CLAIMS = """\
PREFIX schema: <http://schema.org/>

SELECT DISTINCT ?claim ?url
WHERE {
  ?review a schema:ClaimReview ;
          schema:url ?url ;
          schema:itemReviewed ?claim .
}
"""


def load_store(dumps: Path) -> ox.Store:
    store = ox.Store()  # in memory
    store.load(path=dumps / "claims.nt", format=ox.RdfFormat.N_TRIPLES)
    return store


def counts(store: ox.Store, query: str, key: str) -> Counter[str]:
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    found: Counter[str] = Counter()
    for row in result:
        name, number = row[key], row["claims"]
        assert isinstance(name, ox.Literal) and isinstance(number, ox.Literal)
        assert name.value not in found
        found[name.value] = int(number.value)
    return found


def test_site_url_in_queries_is_the_site_url(bundled: Publication) -> None:
    assert bundled.catalog.site.url == SITE_URL
    assert f'"{SITE_URL}"' in CLAIMS_BY_VERDICT


def test_claims_by_verdict(publication: Publication) -> None:
    catalog = publication.catalog
    expected = Counter(
        review.rating
        for claim in catalog.claims.values()
        if (review := catalog.own_review(claim)) is not None
    )
    assert sum(expected.values()) > 0
    assert counts(load_store(publication.dumps), CLAIMS_BY_VERDICT, "verdict") == expected


def test_claims_by_claimant(publication: Publication) -> None:
    catalog = publication.catalog
    expected = Counter(
        name
        for claim in catalog.claims.values()
        for name in {catalog.party_name(party) for party in claim.claimants}
    )
    assert sum(expected.values()) >= len(catalog.claims)
    found = counts(load_store(publication.dumps), CLAIMS_BY_CLAIMANT, "claimant")
    assert found == expected
    # The claimant facet of the site counts the claims a named person or organization made.
    for (kind, ident), claim_ids in catalog.claims_made.items():
        record = catalog.people[ident] if kind == "person" else catalog.organizations[ident]
        assert found[record.name] == len(claim_ids), ident


def test_rdflib_gives_the_same_answers(publication: Publication) -> None:
    graph = build_graph(publication.catalog)
    store = load_store(publication.dumps)
    for query, key in ((CLAIMS_BY_VERDICT, "verdict"), (CLAIMS_BY_CLAIMANT, "claimant")):
        rows = {
            (str(row[key]), int(row["claims"]))  # type: ignore[index, call-overload, arg-type]
            for row in graph.query(query)
        }
        assert rows == set(counts(store, query, key).items())


def test_only_reviewed_claims_have_claim_reviews(publication: Publication) -> None:
    catalog = publication.catalog
    ld = JsonLd(catalog)
    own: set[str] = set()
    reviewed: set[str] = set()
    for ident, claim in catalog.claims.items():
        iri = ld.urls.thing("claim", ident)
        if claim.reviews:
            reviewed.add(iri)
        if catalog.own_review(claim) is not None:
            own.add(iri)
    assert own and len(own) < len(catalog.claims)
    result = load_store(publication.dumps).query(REVIEWED_CLAIMS)
    assert isinstance(result, ox.QuerySolutions)
    rows = [(row["claim"], row["url"]) for row in result]
    assert all(isinstance(c, ox.NamedNode) and isinstance(u, ox.NamedNode) for c, u in rows)
    found_all = {c.value for c, _ in rows}
    found_own = {c.value for c, u in rows if u.value.startswith(SITE_URL)}
    assert found_all == reviewed
    assert found_own == own
    # A claim is a Claim, never a ClaimReview, reviewed or not.
    store = load_store(publication.dumps)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for iri in (ld.urls.thing("claim", ident) for ident in catalog.claims):
        types = {q.object for q in store.quads_for_pattern(ox.NamedNode(iri), rdf_type, None)}
        assert types == {ox.NamedNode("http://schema.org/Claim")}, iri


def test_external_review_is_left_out_of_verdicts(with_external_review: Publication) -> None:
    found = counts(load_store(with_external_review.dumps), CLAIMS_BY_VERDICT, "verdict")
    assert "Mostly correct" not in found
    every = CLAIMS_BY_VERDICT.replace(
        '  FILTER(STRSTARTS(STR(?url), "https://factdesk.example.org/"))\n', ""
    )
    assert every != CLAIMS_BY_VERDICT
    assert counts(load_store(with_external_review.dumps), every, "verdict")["Mostly correct"] == 1


def test_docs_show_the_queries_verbatim() -> None:
    text = (REPO / "toolkit-docs" / "sparql.md").read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert CLAIMS_BY_VERDICT in text
    assert CLAIMS_BY_CLAIMANT in text
