"""schema.org JSON-LD for every page: plain dicts, one main entity per page."""

from __future__ import annotations

from collections.abc import Iterator

from claimkit.core import dates
from claimkit.core.models import (
    Article,
    Claim,
    Media,
    Organization,
    Person,
    Review,
    Topic,
)
from claimkit.linked_data.ldbase import CONTEXT as CONTEXT
from claimkit.linked_data.ldbase import DATE_TERMS as DATE_TERMS
from claimkit.linked_data.ldbase import IRI_TERMS as IRI_TERMS
from claimkit.linked_data.ldbase import Node as Node
from claimkit.linked_data.ldbase import clean, date_value, one_or_list, ref
from claimkit.linked_data.media import MediaNodes
from claimkit.linked_data.parts import Layout, catalog_layout
from claimkit.linked_data.terms import json_number

# The dumps, each a file when the data is in one part (see `parts`): name, media type, title.
DUMP_FILES = (
    ("claims.jsonld", "application/ld+json", "Every record as JSON-LD"),
    ("claims.ttl", "text/turtle", "Every record as Turtle"),
    ("claims.nt", "application/n-triples", "Every record as N-Triples"),
    (
        "feed.json",
        "application/ld+json",
        "Every ClaimReview and MediaReview as a schema.org DataFeed",
    ),
)

DUMP_NAMES = tuple(name for name, _, _ in DUMP_FILES)


def part_title(part: int, parts: int) -> str:
    """What a part's title adds to its dump's ("" for dumps in one part)."""
    return f" (part {part + 1} of {parts})" if parts > 1 else ""


def record_dates(record: Claim | Media | Article) -> list[str]:
    """The dates of a claim, media or article record that count towards the data's last
    change (JsonLd.last_modified: the latest of them all, claims' first, then media's, then
    articles', each kind in id order)."""
    if isinstance(record, Article):
        return [record.dateModified or record.datePublished]
    found = [r.lastModified for r in record.reviews]
    made = record.dateMade if isinstance(record, Claim) else record.dateCreated
    if made:
        found.append(made)
    return found


# The latest date of each record model the last `JsonLd.last_modified` went through, by the
# model's id (with the model, so that an id is never taken for another model's).
_LATEST: dict[int, tuple[object, tuple[str | None]]] = {}


class JsonLd(MediaNodes):
    """Builds the JSON-LD documents of one catalog (the shared nodes are in `ldbase`, review
    parts in `reviewparts`, media in `media`)."""

    # Full nodes: the main entity of a record's page.
    def organization(self, org: Organization) -> Node:
        """An organization's full node: the main entity of its page."""
        return clean(
            {
                **self.organization_stub(org.id),
                "alternateName": list(org.alternateName),
                "sameAs": list(org.sameAs),
                "description": org.description,
                "mainEntityOfPage": ref(self.urls.page("organization", org.id)),
            }
        )

    def person(self, person: Person) -> Node:
        """A person's full node: the main entity of their page."""
        return clean(
            {
                **self.person_stub(person.id),
                "jobTitle": person.jobTitle,
                "image": person.image,
                "affiliation": self.organization_stub(person.affiliation)
                if person.affiliation
                else None,
                "sameAs": list(person.sameAs),
                "description": person.description,
                "mainEntityOfPage": ref(self.urls.page("person", person.id)),
            }
        )

    def topic(self, topic: Topic) -> Node:
        """A topic's full node: the main entity of its page."""
        return clean(
            {
                **self.topic_stub(topic.id),
                "sameAs": list(topic.sameAs),
                "description": topic.description,
                "mainEntityOfPage": ref(self.urls.page("topic", topic.id)),
            }
        )

    def article(self, article: Article) -> Node:
        """An article's full node, with its image and the stubs of its publisher, authors and
        topics."""
        image = article.image
        page = self.urls.page("article", article.id)
        return clean(
            {
                **self.article_stub(article.id),
                "archivedAt": one_or_list(article.archivedAt),
                "publisher": self.organization_stub(article.publisher),
                "author": [self.person_stub(a) for a in article.authors],
                "datePublished": date_value(article.datePublished),
                "dateModified": date_value(article.dateModified),
                "inLanguage": self.catalog.language(
                    article.inLanguage, article.publisher == self.catalog.site.publisher
                ),
                "description": article.description,
                "image": clean(
                    {
                        "@id": page + "#image",
                        "@type": "ImageObject",
                        "contentUrl": ref(image.url) if image.url else None,
                        "caption": image.caption,
                        "creditText": image.credit,
                        "dateCreated": date_value(image.dateCreated),
                    }
                )
                if image
                else None,
                "about": [self.topic_stub(t) for t in article.about],
            }
        )

    def quote(self, claim: Claim) -> str | Node | None:
        """A claim's quote: plain text, or text tagged with its own language when the record
        says it differs from the claim's (a translation of the words)."""
        language = claim.quoteLanguage
        if claim.quote and language and language != self.catalog.language(claim.inLanguage, True):
            return {"@value": claim.quote, "@language": language}
        return claim.quote

    def claim(self, claim: Claim) -> Node:
        """A claim's Claim node: its claimant, appearances (relays last, each based on the one
        before) and topics."""
        page = self.urls.page("claim", claim.id)
        hops: list[Node] = []
        previous: str | None = None
        for i, relay in enumerate(claim.relays, start=1):
            iri = f"{page}#relay-{i}"
            hops.append(
                clean(
                    {
                        "@id": iri,
                        "@type": "CreativeWork",
                        "author": self.party(relay.by, f"{iri}-by"),
                        "datePublished": date_value(relay.date),
                        "isPartOf": self.citation(relay.source, f"{iri}-source")
                        if relay.source
                        else None,
                        "isBasedOn": previous,
                    }
                )
            )
            previous = iri
        appearances = [
            self.citation(c, f"{page}#appearance-{i}")
            for i, c in enumerate(claim.appearances, start=1)
        ]
        return clean(
            {
                "@id": self.urls.thing("claim", claim.id),
                "@type": "Claim",
                "name": claim.claimReviewed,
                "text": self.quote(claim),
                "author": one_or_list(
                    [
                        self.party(p, page + ("#claimant" if i == 1 else f"#claimant-{i}"))
                        for i, p in enumerate(claim.claimants, start=1)
                    ]
                ),
                "datePublished": date_value(claim.dateMade),
                "inLanguage": self.catalog.language(claim.inLanguage, True),
                "appearance": appearances + hops,
                "firstAppearance": self.citation(claim.firstAppearance, page + "#first-appearance")
                if claim.firstAppearance
                else None,
                "about": [self.topic_stub(t) for t in claim.topics],
            }
        )

    def rating(self, review: Review, iri: str) -> Node:
        """A review's Rating: for the site's own reviews, the label's place on the site's scale;
        for another fact-checker's, the numbers they gave."""
        own = self.catalog.is_own_review(review)
        value: float | None = review.ratingValue
        best, worst = review.bestRating, review.worstRating
        if own:
            scale = self.scale_entry(review.rating)
            value = scale.value if scale else None
            best, worst = self.rating_bounds() if scale else (None, None)
        return clean(
            {
                "@id": iri,
                "@type": "Rating",
                "alternateName": review.rating,
                "ratingValue": json_number(value) if value is not None else None,
                "bestRating": json_number(best) if best is not None and value is not None else None,
                "worstRating": json_number(worst)
                if worst is not None and value is not None
                else None,
                "ratingExplanation": review.explanation,
                "image": review.ratingImage,
            }
        )

    def review(self, claim: Claim, review: Review, index: int) -> Node:
        """The ClaimReview node of one review of a claim (`index`: its place in claim.reviews)."""
        page = self.urls.page("claim", claim.id)
        iri = self.urls.review(claim.id, index)
        publisher = review.publisher or self.catalog.site.publisher
        own = self.catalog.is_own_review(review)
        return clean(
            {
                "@id": iri,
                "@type": "ClaimReview",
                "url": page if own else review.url,
                "claimReviewed": claim.claimReviewed,
                "headline": review.headline,
                "datePublished": date_value(review.datePublished),
                "dateModified": date_value(review.lastModified),
                "author": [
                    self.organization_stub(publisher),
                    *(self.person_stub(a) for a in review.authors),
                ],
                "publisher": self.organization_stub(publisher),
                "inLanguage": self.catalog.language(review.inLanguage, own),
                "reviewRating": self.rating(review, iri + "-rating"),
                "reviewBody": review.summary,
                "itemReviewed": self.claim(claim),
                **self.review_common(review, iri),
            }
        )

    def own_review_node(self, claim: Claim) -> Node | None:
        """The ClaimReview node of the site publisher's review of a claim, if it has one."""
        for index, review in enumerate(claim.reviews):
            if self.catalog.is_own_review(review):
                return self.review(claim, review, index)
        return None

    def external_reviews(self, claim: Claim) -> list[Node]:
        """The ClaimReview nodes of other fact-checkers' reviews of a claim."""
        return [
            self.review(claim, review, index)
            for index, review in enumerate(claim.reviews)
            if not self.catalog.is_own_review(review)
        ]

    # Page documents.
    def claim_page(self, claim: Claim) -> Node:
        """A claim page's document: the site's own review of the claim, or the claim itself when
        the site has not reviewed it."""
        node = self.own_review_node(claim)
        if node is None:
            node = {
                **self.claim(claim),
                "mainEntityOfPage": ref(self.urls.page("claim", claim.id)),
            }
        return {"@context": CONTEXT, **node}

    def media_page(self, media: Media) -> Node:
        """A media page's document: the site's own MediaReview of it, or the MediaReviewItem
        when the site has not reviewed it."""
        return {"@context": CONTEXT, **self.media_node(media)}

    def article_page(self, article: Article) -> Node:
        """An article page's document: a WebPage about the article."""
        page = self.urls.page("article", article.id)
        return {
            "@context": CONTEXT,
            "@id": page,
            "@type": "WebPage",
            "url": page,
            "name": article.headline,
            "isPartOf": ref(self.urls.website),
            "about": self.article(article),
        }

    def website(self) -> Node:
        """The WebSite node of the whole site."""
        site = self.catalog.site
        return clean(
            {
                "@id": self.urls.website,
                "@type": "WebSite",
                "name": site.title,
                "url": self.urls.base,
                "description": site.description,
                "inLanguage": site.language,
                "license": site.license.url,
                "publisher": self.organization_stub(site.publisher),
            }
        )

    def dataset(self) -> Node:
        """The Dataset node of the data page, with one DataDownload per dump file."""
        site = self.catalog.site
        page = self.urls.at("data/")
        cut = self.dump_parts()
        return clean(
            {
                "@id": page + "#dataset",
                "@type": "Dataset",
                "name": f"{site.title}: claims and reviews",
                "description": f"Every claim, media item, review, article, person, organization and topic "
                f"published by {site.title}, as linked data (schema.org).",
                "url": page,
                "license": site.license.url,
                "isAccessibleForFree": True,
                "inLanguage": site.language,
                "creator": self.organization_stub(site.publisher),
                "publisher": self.organization_stub(site.publisher),
                "dateModified": date_value(self.last_modified()),
                "includedInDataCatalog": ref(self.urls.website),
                "distribution": [
                    {
                        "@id": self.urls.at(f"data/#{name}"),
                        "@type": "DataDownload",
                        "name": title + part_title(part, cut.parts),
                        "contentUrl": ref(self.urls.at(f"data/{name}")),
                        "encodingFormat": media_type,
                    }
                    for part in range(cut.parts)
                    for (_base, media_type, title), name in zip(
                        DUMP_FILES, cut.files(DUMP_NAMES, part), strict=True
                    )
                ],
            }
        )

    def dump_parts(self) -> Layout:
        """Where the dumps of this catalog's records are cut into parts (`dump_layout` when
        set: the catalog is some of the records)."""
        if self.dump_layout is None:
            self.dump_layout = catalog_layout(self.catalog)
        return self.dump_layout

    def last_modified(self) -> str | None:
        """The latest date in the records (as its text, at its precision; by
        `core.dates.sort_key`): the data's last change, independent of the clock; worked out
        once (the catalog does not change; the site's guides ask for it several times)."""
        if self.known_last is not None:
            return self.known_last[0]
        global _LATEST
        # Each record's own latest date, then the latest of those (the first of the latest, in
        # the same order: what the latest of all the dates is); a record model the last call
        # saw (a preview keeps the unchanged ones between catalogs) is not gone through again.
        last = _LATEST
        seen: dict[int, tuple[object, tuple[str | None]]] = {}
        found: list[str] = []
        for group in (self.catalog.claims, self.catalog.media, self.catalog.articles):
            for record in group.values():
                kept = last.get(id(record))
                own = kept[1] if kept is not None and kept[0] is record else None
                if own is None:
                    own = (dates.latest(record_dates(record)),)
                seen[id(record)] = (record, own)
                if own[0] is not None:
                    found.append(own[0])
        _LATEST = seen
        self.known_last = (dates.latest(found),)
        return self.known_last[0]

    def record_pages(self) -> Iterator[tuple[str, str, Node]]:
        """(kind, id, page document) for every record page, in a stable order."""
        c = self.catalog
        for ident, claim in c.claims.items():
            yield "claim", ident, self.claim_page(claim)
        for ident, media in c.media.items():
            yield "media", ident, self.media_page(media)
        for ident, article in c.articles.items():
            yield "article", ident, self.article_page(article)
        for ident, person in c.people.items():
            yield "person", ident, {"@context": CONTEXT, **self.person(person)}
        for ident, org in c.organizations.items():
            yield "organization", ident, {"@context": CONTEXT, **self.organization(org)}
        for ident, topic in c.topics.items():
            yield "topic", ident, {"@context": CONTEXT, **self.topic(topic)}

    def home_page(self) -> Node:
        """The home page's document: the WebSite."""
        return {"@context": CONTEXT, **self.website()}

    def data_page(self) -> Node:
        """The data page's document: the Dataset."""
        return {"@context": CONTEXT, **self.dataset()}

    def web_page(self, path: str, title: str, page_type: str = "WebPage") -> Node:
        """A navigation or guide page: a WebPage that is part of the site."""
        url = self.urls.at(path)
        return {
            "@context": CONTEXT,
            "@id": url,
            "@type": page_type,
            "url": url,
            "name": title,
            "isPartOf": ref(self.urls.website),
        }
