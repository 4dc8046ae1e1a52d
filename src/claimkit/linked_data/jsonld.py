"""schema.org JSON-LD for every page: plain dicts, one main entity per page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from claimkit.core import dates
from claimkit.core.catalog import Catalog
from claimkit.core.models import (
    Article,
    Citation,
    Claim,
    Organization,
    OrganizationKind,
    Party,
    Person,
    Review,
    ScaleLabel,
    Topic,
)
from claimkit.core.urls import Urls
from claimkit.linked_data.terms import json_number

CONTEXT = "https://schema.org"
# In the official schema.org context these terms are typed `@id`: a plain string is an IRI.
IRI_TERMS = frozenset({"url", "sameAs", "image", "isBasedOn", "archivedAt", "license"})
# ... and these are typed schema:Date.
DATE_TERMS = frozenset({"datePublished", "dateModified", "dateCreated"})

Node = dict[str, Any]

_ORG_TYPES = {
    OrganizationKind.NEWS_OUTLET: "NewsMediaOrganization",
    OrganizationKind.BROADCASTER: "NewsMediaOrganization",
    OrganizationKind.NEWS_AGENCY: "NewsMediaOrganization",
    OrganizationKind.GOVERNMENT_BODY: "GovernmentOrganization",
    OrganizationKind.MILITARY: "GovernmentOrganization",
    OrganizationKind.INTELLIGENCE_AGENCY: "GovernmentOrganization",
    OrganizationKind.POLITICAL_PARTY: "PoliticalParty",
    OrganizationKind.COMPANY: "Corporation",
    OrganizationKind.NONPROFIT: "NGO",
}

DUMP_FILES = (
    ("claims.jsonld", "application/ld+json", "Every record as JSON-LD"),
    ("claims.ttl", "text/turtle", "Every record as Turtle"),
    ("claims.nt", "application/n-triples", "Every record as N-Triples"),
    ("feed.json", "application/ld+json", "Every ClaimReview as a schema.org DataFeed"),
)


def _date(text: str | None) -> str | Node | None:
    """A date as JSON-LD: a plain string for a full date (the schema.org context types the date
    properties schema:Date), a value object with its datatype for the other precisions."""
    return dates.jsonld_value(text) if text else None


def _one_or_list(values: list[Any]) -> Any:
    """One value as itself, more as a list (the same triples; one value reads as before)."""
    return values[0] if len(values) == 1 else values


def _clean(node: Node) -> Node:
    """Drop empty values so that a missing field gives no triple."""
    # `v or ...`: a true value is kept at once, the rest compared as before.
    return {k: v for k, v in node.items() if v or v not in (None, [], "")}


def _ref(iri: str) -> Node:
    return {"@id": iri}


class JsonLd:
    """Builds the JSON-LD documents of one catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.urls = Urls(catalog.site.url)
        self._scale: dict[str, ScaleLabel | None] = {}
        self._bounds: tuple[int, int] | None = None

    # The site's rating scale, looked up once per catalog.
    def scale_entry(self, label: str) -> ScaleLabel | None:
        """The site's scale entry for a rating label, or None for a label off the scale."""
        if label not in self._scale:
            self._scale[label] = self.catalog.scale_label(label)
        return self._scale[label]

    def rating_bounds(self) -> tuple[int, int]:
        """(best, worst): the values at the two ends of the site's rating scale."""
        if self._bounds is None:
            self._bounds = (self.catalog.best_rating, self.catalog.worst_rating)
        return self._bounds

    # Records as referenced from other pages: the same few values the full node gives.
    def organization_stub(self, ident: str) -> Node:
        """An organization as other pages refer to it: @id, type, name and url."""
        org = self.catalog.organizations[ident]
        return {
            "@id": self.urls.thing("organization", ident),
            "@type": _ORG_TYPES.get(org.kind, "Organization"),
            "name": org.name,
            "url": org.url or self.urls.page("organization", ident),
        }

    def person_stub(self, ident: str) -> Node:
        """A person as other pages refer to them: @id, type, name and url."""
        person = self.catalog.people[ident]
        return {
            "@id": self.urls.thing("person", ident),
            "@type": "Person",
            "name": person.name,
            "url": person.url or self.urls.page("person", ident),
        }

    def topic_stub(self, ident: str) -> Node:
        """A topic as other pages refer to it: @id, type and name."""
        topic = self.catalog.topics[ident]
        return {
            "@id": self.urls.thing("topic", ident),
            "@type": topic.type.value,
            "name": topic.name,
        }

    def article_stub(self, ident: str) -> Node:
        """An article as other pages refer to it: @id, type, headline and url."""
        article = self.catalog.articles[ident]
        return {
            "@id": self.urls.thing("article", ident),
            "@type": article.type.value,
            "headline": article.headline,
            "url": article.url,
        }

    def party(self, party: Party, iri: str) -> Node:
        """Who made or relayed a claim: the stub of a person or organization; a collective as an
        Organization node of its own at `iri`; an unnamed source as a Person node there."""
        if party.person:
            return self.person_stub(party.person)
        if party.organization:
            return self.organization_stub(party.organization)
        affiliation = self.organization_stub(party.affiliation) if party.affiliation else None
        if party.collective:
            # A collective ("social media users", "unnamed officials") is no one person: it is
            # published as an Organization, the only other type schema.org allows as a Claim's
            # author, named as the reporting names it; what it belongs to is its memberOf.
            return _clean(
                {
                    "@id": iri,
                    "@type": "Organization",
                    "name": party.collective.name,
                    "memberOf": affiliation,
                }
            )
        return _clean(
            {"@id": iri, "@type": "Person", "name": party.unnamed, "affiliation": affiliation}
        )

    def citation(self, citation: Citation, iri: str) -> Node:
        """Where something appeared: the stub of an article record, or a CreativeWork node of its
        own at `iri`."""
        if citation.article:
            return self.article_stub(citation.article)
        return _clean(
            {
                "@id": iri,
                "@type": "CreativeWork",
                "name": citation.name,
                "url": citation.url,
                "archivedAt": _one_or_list(citation.archivedAt),
                "datePublished": _date(citation.date),
                "publisher": self.organization_stub(citation.publisher)
                if citation.publisher
                else None,
            }
        )

    # Full nodes: the main entity of a record's page.
    def organization(self, org: Organization) -> Node:
        """An organization's full node: the main entity of its page."""
        return _clean(
            {
                **self.organization_stub(org.id),
                "alternateName": list(org.alternateName),
                "sameAs": list(org.sameAs),
                "description": org.description,
                "mainEntityOfPage": _ref(self.urls.page("organization", org.id)),
            }
        )

    def person(self, person: Person) -> Node:
        """A person's full node: the main entity of their page."""
        return _clean(
            {
                **self.person_stub(person.id),
                "jobTitle": person.jobTitle,
                "affiliation": self.organization_stub(person.affiliation)
                if person.affiliation
                else None,
                "sameAs": list(person.sameAs),
                "description": person.description,
                "mainEntityOfPage": _ref(self.urls.page("person", person.id)),
            }
        )

    def topic(self, topic: Topic) -> Node:
        """A topic's full node: the main entity of its page."""
        return _clean(
            {
                **self.topic_stub(topic.id),
                "sameAs": list(topic.sameAs),
                "description": topic.description,
                "mainEntityOfPage": _ref(self.urls.page("topic", topic.id)),
            }
        )

    def article(self, article: Article) -> Node:
        """An article's full node, with its image and the stubs of its publisher, authors and
        topics."""
        image = article.image
        page = self.urls.page("article", article.id)
        return _clean(
            {
                **self.article_stub(article.id),
                "archivedAt": _one_or_list(article.archivedAt),
                "publisher": self.organization_stub(article.publisher),
                "author": [self.person_stub(a) for a in article.authors],
                "datePublished": _date(article.datePublished),
                "dateModified": _date(article.dateModified),
                "inLanguage": self.catalog.language(
                    article.inLanguage, article.publisher == self.catalog.site.publisher
                ),
                "description": article.description,
                "image": _clean(
                    {
                        "@id": page + "#image",
                        "@type": "ImageObject",
                        "contentUrl": _ref(image.url) if image.url else None,
                        "caption": image.caption,
                        "creditText": image.credit,
                        "dateCreated": _date(image.dateCreated),
                    }
                )
                if image
                else None,
                "about": [self.topic_stub(t) for t in article.about],
            }
        )

    def claim(self, claim: Claim) -> Node:
        """A claim's Claim node: its claimant, appearances (relays last, each based on the one
        before) and topics."""
        page = self.urls.page("claim", claim.id)
        hops: list[Node] = []
        previous: str | None = None
        for i, relay in enumerate(claim.relays, start=1):
            iri = f"{page}#relay-{i}"
            hops.append(
                _clean(
                    {
                        "@id": iri,
                        "@type": "CreativeWork",
                        "author": self.party(relay.by, f"{iri}-by"),
                        "datePublished": _date(relay.date),
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
        return _clean(
            {
                "@id": self.urls.thing("claim", claim.id),
                "@type": "Claim",
                "name": claim.claimReviewed,
                "text": claim.quote,
                "author": _one_or_list(
                    [
                        self.party(p, page + ("#claimant" if i == 1 else f"#claimant-{i}"))
                        for i, p in enumerate(claim.claimants, start=1)
                    ]
                ),
                "datePublished": _date(claim.dateMade),
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
        return _clean(
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
            }
        )

    def review(self, claim: Claim, review: Review, index: int) -> Node:
        """The ClaimReview node of one review of a claim (`index`: its place in claim.reviews)."""
        page = self.urls.page("claim", claim.id)
        iri = self.urls.review(claim.id, index)
        publisher = review.publisher or self.catalog.site.publisher
        own = self.catalog.is_own_review(review)
        return _clean(
            {
                "@id": iri,
                "@type": "ClaimReview",
                "url": page if own else review.url,
                "claimReviewed": claim.claimReviewed,
                "datePublished": _date(review.datePublished),
                "dateModified": _date(review.lastModified),
                "author": [
                    self.organization_stub(publisher),
                    *(self.person_stub(a) for a in review.authors),
                ],
                "publisher": self.organization_stub(publisher),
                "inLanguage": self.catalog.language(review.inLanguage, own),
                "reviewRating": self.rating(review, iri + "-rating"),
                "reviewBody": review.summary,
                "itemReviewed": self.claim(claim),
                "citation": [
                    self.citation(s, f"{iri}-source-{i}")
                    for i, s in enumerate(review.sources, start=1)
                ],
                "correction": [
                    {
                        "@id": f"{iri}-correction-{i}",
                        "@type": "CorrectionComment",
                        "text": c.text,
                        "datePublished": _date(c.date),
                    }
                    for i, c in enumerate(review.corrections, start=1)
                ],
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
                "mainEntityOfPage": _ref(self.urls.page("claim", claim.id)),
            }
        return {"@context": CONTEXT, **node}

    def article_page(self, article: Article) -> Node:
        """An article page's document: a WebPage about the article."""
        page = self.urls.page("article", article.id)
        return {
            "@context": CONTEXT,
            "@id": page,
            "@type": "WebPage",
            "url": page,
            "name": article.headline,
            "isPartOf": _ref(self.urls.website),
            "about": self.article(article),
        }

    def website(self) -> Node:
        """The WebSite node of the whole site."""
        site = self.catalog.site
        return _clean(
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
        return _clean(
            {
                "@id": page + "#dataset",
                "@type": "Dataset",
                "name": f"{site.title}: claims and reviews",
                "description": f"Every claim, review, article, person, organization and topic "
                f"published by {site.title}, as linked data (schema.org).",
                "url": page,
                "license": site.license.url,
                "isAccessibleForFree": True,
                "inLanguage": site.language,
                "creator": self.organization_stub(site.publisher),
                "publisher": self.organization_stub(site.publisher),
                "dateModified": _date(self.last_modified()),
                "includedInDataCatalog": _ref(self.urls.website),
                "distribution": [
                    {
                        "@id": self.urls.at(f"data/#{name}"),
                        "@type": "DataDownload",
                        "name": title,
                        "contentUrl": _ref(self.urls.at(f"data/{name}")),
                        "encodingFormat": media_type,
                    }
                    for name, media_type, title in DUMP_FILES
                ],
            }
        )

    def last_modified(self) -> str | None:
        """The latest date in the records (as its text, at its precision; by
        `core.dates.sort_key`): the data's last change, independent of the clock."""
        found: list[str] = []
        for claim in self.catalog.claims.values():
            found.extend(r.lastModified for r in claim.reviews)
            if claim.dateMade:
                found.append(claim.dateMade)
        for media in self.catalog.media.values():
            found.extend(r.lastModified for r in media.reviews)
        for article in self.catalog.articles.values():
            found.append(article.dateModified or article.datePublished)
        return dates.latest(found)

    def record_pages(self) -> Iterator[tuple[str, str, Node]]:
        """(kind, id, page document) for every record page, in a stable order."""
        c = self.catalog
        for ident, claim in c.claims.items():
            yield "claim", ident, self.claim_page(claim)
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
            "isPartOf": _ref(self.urls.website),
        }
