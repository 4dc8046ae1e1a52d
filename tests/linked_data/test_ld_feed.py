"""feed.json: a schema.org DataFeed with one DataFeedItem per ClaimReview and MediaReview the site
publishes, in the shape aggregators read."""

from __future__ import annotations

import json
from typing import Any

import pytest
import rdflib
from ld_support import Publication, parse_jsonld

from claimkit.core.dates import jsonld_value
from claimkit.linked_data.jsonld import JsonLd

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def read_feed(publication: Publication) -> dict[str, Any]:
    document = json.loads((publication.dumps / "feed.json").read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def test_feed_is_a_data_feed_of_claim_reviews(publication: Publication) -> None:
    catalog = publication.catalog
    ld = JsonLd(catalog)
    document = read_feed(publication)
    assert document["@context"] == "https://schema.org"
    assert document["@type"] == "DataFeed"
    assert document["url"] == ld.urls.at("data/feed.json")
    last = ld.last_modified()
    assert last is not None and document["dateModified"] == last

    reviewed = [c for c in catalog.claims.values() if catalog.own_review(c) is not None]
    media = [m for m in catalog.media.values() if any(map(catalog.is_own_review, m.reviews))]
    items = document["dataFeedElement"]
    assert len(items) == len(reviewed) + len(media) > 0
    for claim, item in zip(reviewed, items, strict=False):
        review = catalog.own_review(claim)
        assert review is not None
        assert item["@type"] == "DataFeedItem"
        assert item["dateCreated"] == jsonld_value(review.datePublished)
        assert item["dateModified"] == jsonld_value(review.lastModified)
        # What aggregators read (Data Commons' feed): item as a list, the page, who publishes
        # the data and under which licence.
        assert item["url"] == ld.urls.page("claim", claim.id)
        assert item["sdPublisher"] == ld.organization_stub(catalog.site.publisher)
        licence = review.license.url if review.license else catalog.site.license.url
        assert item["sdLicense"] == licence
        (review_node,) = item["item"]
        assert review_node["@type"] == "ClaimReview"
        assert review_node["@id"] == ld.urls.review(claim.id, claim.reviews.index(review))
        assert review_node["url"] == ld.urls.page("claim", claim.id)
        # The very node the claim's page carries.
        page = ld.claim_page(claim)
        assert review_node == {k: v for k, v in page.items() if k != "@context"}


def test_corrected_review_is_modified_on_its_latest_correction(bundled: Publication) -> None:
    catalog = bundled.catalog
    corrected = [
        (claim, review)
        for claim in catalog.claims.values()
        if (review := catalog.own_review(claim)) is not None and review.corrections
    ]
    assert corrected, "the bundled records have a review with a correction"
    by_id = {item["item"][0]["@id"]: item for item in read_feed(bundled)["dataFeedElement"]}
    ld = JsonLd(catalog)
    for claim, review in corrected:
        item = by_id[ld.urls.review(claim.id, claim.reviews.index(review))]
        latest = max(c.date for c in review.corrections)
        assert item["dateModified"] == latest
        assert item["dateModified"] > item["dateCreated"]
        assert item["item"][0]["dateModified"] == latest
        assert len(item["item"][0]["correction"]) == len(review.corrections)


def test_external_reviews_are_not_feed_items(with_external_review: Publication) -> None:
    items = read_feed(with_external_review)["dataFeedElement"]
    urls = [node["url"] for item in items for node in item["item"]]
    site = with_external_review.catalog.site.url
    assert urls and all(url.startswith(site) for url in urls)


def test_feed_review_triples_are_in_the_dumps(publication: Publication) -> None:
    """The feed's own nodes (the DataFeed, its blank-node items) are not data; the reviews are."""
    feed_graph = parse_jsonld(read_feed(publication))
    dump = rdflib.Graph().parse(publication.dumps / "claims.nt", format="nt")
    feed_iri = rdflib.URIRef(JsonLd(publication.catalog).urls.at("data/feed.json"))
    review_triples = [
        t for t in feed_graph if not isinstance(t[0], rdflib.BNode) and t[0] != feed_iri
    ]
    assert review_triples
    assert [t for t in review_triples if t not in dump] == []
    item_type = rdflib.URIRef("http://schema.org/DataFeedItem")
    items = set(feed_graph.subjects(rdflib.RDF.type, item_type))
    assert len(items) == len(read_feed(publication)["dataFeedElement"])


def test_media_reviews_are_feed_items(with_v2_fields: Publication) -> None:
    catalog = with_v2_fields.catalog
    ld = JsonLd(catalog)
    items = read_feed(with_v2_fields)["dataFeedElement"]
    media_items = [item for item in items if item["item"][0]["@type"] == "MediaReview"]
    media = catalog.media["v2-parade-video"]
    assert len(media_items) == 1  # the site's own review; another fact-checker's is not an item
    (item,) = media_items
    assert item["url"] == ld.urls.page("media", media.id)
    assert item["item"] == [{k: v for k, v in ld.media_page(media).items() if k != "@context"}]
    assert item["dateCreated"] == {"@type": "DateTime", "@value": "2024-10-22T08:00:00+02:00"}
    assert item["dateModified"] == "2024-10-23"  # the correction
    assert item["sdLicense"] == catalog.site.license.url
    assert items[-1] is item  # after the claims' reviews


def test_a_review_licence_is_its_items_sd_license(with_v2_fields: Publication) -> None:
    catalog = with_v2_fields.catalog
    ld = JsonLd(catalog)
    page = ld.urls.page("claim", "v2-soldiers-filmed-in-kursk")
    (item,) = [i for i in read_feed(with_v2_fields)["dataFeedElement"] if i["url"] == page]
    assert item["sdLicense"] == "https://creativecommons.org/licenses/by-nc/4.0/"
    assert item["item"][0]["license"] == item["sdLicense"]
    assert item["sdPublisher"]["@id"] == ld.urls.thing("organization", catalog.site.publisher)
