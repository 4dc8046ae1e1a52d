"""The text of the data dumps, page by page: N-Triples, Turtle and JSON-LD lines, and the feed.

`export.units()` with `triples.node_triples`, `ntriples_lines` and `turtle_block` say what the
dumps hold; `PageTextWriter` writes the same bytes faster, in one pass per page. A claim page
whose reviews are all the site's own is written straight from the records (`claimtext`); every
other page, and a claim page `claimtext` gives up on, from its JSON-LD nodes (`nodetext`), with
the stubs of the people, organizations, topics and articles a page refers to made once per
catalog (`stubtext`). A page neither handles goes to the plain code. The tests compare the two,
byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator
from json.encoder import encode_basestring

from claimkit.core.catalog import Catalog
from claimkit.core.dates import jsonld_value
from claimkit.core.models import ReviewBase
from claimkit.linked_data.claimtext import ClaimPageText
from claimkit.linked_data.jsonld import Node
from claimkit.linked_data.nodetext import NodeTextWalker
from claimkit.linked_data.parts import PageKey as PageKey
from claimkit.linked_data.parts import page_keys as page_keys
from claimkit.linked_data.stubtext import StubCache
from claimkit.linked_data.textpieces import SubjectBlock, Unusual, compact_json, join_blocks
from claimkit.linked_data.triples import node_triples, ntriples_lines, turtle_block

# The text of one page in the dumps: (N-Triples, Turtle, the JSON text of each of its nodes,
# the JSON text of its DataFeedItem or None).
PageText = tuple[str, str, list[str], str | None]


def _date_json(text: str) -> str:
    """A date's JSON-LD as JSON text (ISO 8601 dates need no escaping)."""
    value = jsonld_value(text)
    return '"' + text + '"' if type(value) is str else compact_json(value)


class FeedItems:
    """The DataFeedItems of the site's reviews as text, as export.feed_item() makes them."""

    def __init__(self, ld: StubCache) -> None:
        self.ld = ld
        self.publisher = compact_json(ld.organization_stub(ld.catalog.site.publisher))

    def text(self, review: ReviewBase, node_json: str, page: str) -> str:
        """The DataFeedItem of one of the site's reviews, whose node's JSON is `node_json`."""
        licence = self.ld.license_url(review)
        return (
            '{"@type":"DataFeedItem","dateCreated":'
            + _date_json(review.datePublished)
            + ',"dateModified":'
            + _date_json(review.lastModified)
            + ',"item":['
            + node_json
            + '],"url":'
            + encode_basestring(page)
            + ',"sdPublisher":'
            + self.publisher
            + (',"sdLicense":' + encode_basestring(licence) if licence else "")
            + "}"
        )


class PageTextWriter:
    """Makes the dumps' text of the pages of one catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.ld = StubCache(catalog)
        self.walker = NodeTextWalker(self.ld.stubs)
        self.claim_pages = ClaimPageText(self.ld)
        self.feed = FeedItems(self.ld)

    def nodes(self, key: PageKey) -> tuple[list[Node], ReviewBase | None]:
        """The page's nodes, as export.units() makes them, and the review whose node (the
        first) goes in the feed, if any."""
        kind, ident = key
        ld, catalog = self.ld, self.catalog
        if kind == "claim":
            claim = catalog.claims[ident]
            index, review = next(
                ((i, r) for i, r in enumerate(claim.reviews) if catalog.is_own_review(r)),
                (0, None),
            )
            if review is None:
                node = {**ld.claim(claim), "mainEntityOfPage": {"@id": ld.urls.page(kind, ident)}}
            else:
                node = ld.review(claim, review, index)
            if len(claim.reviews) > (review is not None):
                return [node, *ld.external_reviews(claim)], review
            return [node], review
        if kind == "media":
            media = catalog.media[ident]
            own = next((r for r in media.reviews if catalog.is_own_review(r)), None)
            node = ld.media_node(media)
            return [node, *ld.external_media_reviews(media)], own
        if kind == "article":
            page = ld.article_page(catalog.articles[ident])
            del page["@context"]
            return [page], None
        if kind == "person":
            return [ld.person(catalog.people[ident])], None
        if kind == "organization":
            return [ld.organization(catalog.organizations[ident])], None
        if kind == "topic":
            return [ld.topic(catalog.topics[ident])], None
        if kind == "website":
            return [ld.website()], None
        return [ld.dataset()], None

    def unit(self, key: PageKey) -> PageText:
        """The text of one page in the dumps."""
        page = self.ld.urls.page(*key) if key[0] in ("claim", "media") else ""
        if key[0] == "claim":
            claim = self.catalog.claims[key[1]]
            own = self.catalog.is_own_review
            if all(own(r) for r in claim.reviews):  # no other fact-checker's review
                index, review = next(
                    ((i, r) for i, r in enumerate(claim.reviews) if own(r)), (0, None)
                )
                try:
                    nt, ttl, text = self.claim_pages.page(claim, review, index)
                except Unusual:
                    pass
                else:
                    feed = self.feed.text(review, text, page) if review is not None else None
                    return nt, ttl, [text], feed
        nodes, fed = self.nodes(key)
        out: list[SubjectBlock] = []
        try:
            texts = [self.walker.walk(node, node["@id"].split("#", 1)[0], out) for node in nodes]
        except Unusual:
            out = []
        subjects = {subject for subject, _, _ in out}
        if len(subjects) < len(out) or not out:
            # A subject described twice (a claim with other fact-checkers' reviews, whose
            # nodes each hold the claim), or an unusual value: the plain code, slower.
            return self._general(nodes, fed, page)
        feed = self.feed.text(fed, texts[0], page) if fed is not None else None
        nt, ttl = join_blocks(out)
        return nt, ttl, texts, feed

    def _general(self, nodes: list[Node], review: ReviewBase | None, page: str) -> PageText:
        triples = [t for node in nodes for t in node_triples(node)]
        texts = [compact_json(node) for node in nodes]
        feed = self.feed.text(review, texts[0], page) if review is not None else None
        return "".join(ntriples_lines(triples)), turtle_block(triples), texts, feed

    def chunk(self, keys: list[PageKey]) -> Iterator[PageText]:
        """The text of each page in `keys`, in order."""
        for key in keys:
            yield self.unit(key)
