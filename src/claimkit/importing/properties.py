"""What became of every source property, for the report: kept, mapped elsewhere, or not kept
and why.

Each object in the sources has a role by where it sits (a ClaimReview, its rating, the claim it
reviews, the claim's claimants and appearances, a DataFeedItem...), and each property of a role
has one fate in the table below, as toolkit-docs/import.md describes the mapping. A property the table
does not name is counted as not kept, with that reason, so that nothing is dropped silently.
The properties of a review that was skipped are not kept, because the review was not.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from claimkit.claimreview.read import Doc
from claimkit.importing.nodes import node_types

KEPT, MAPPED, NOT_KEPT = "kept", "mapped", "not kept"
Fate = tuple[str, str]  # (KEPT, MAPPED or NOT_KEPT; the record field, or the reason)
Row = tuple[str, str, str, str]  # (role, property, fate, field or reason)

_IRI = (NOT_KEPT, "identifies the object for references and merging; a record's IRI is its own")
_STRUCTURE = (KEPT, "the items it holds are read as items")

_REVIEW: dict[str, Fate] = {
    "@id": (MAPPED, "the claim's id and review order for a claimkit site's IRI; else " + _IRI[1]),
    "claimReviewed": (MAPPED, "claimReviewed of the claim (a long one also its quote)"),
    "reviewRating": (MAPPED, "rating and its numbers"),
    "itemReviewed": (MAPPED, "the claim (a MediaReview: the media record)"),
    "author": (MAPPED, "authors (people); an organization is the publisher when none is given"),
    "publisher": (KEPT, "publisher (the site's own: left out, the default)"),
    "datePublished": (KEPT, "datePublished"),
    "dateCreated": (MAPPED, "datePublished, when the review gives none; else not kept"),
    "dateModified": (KEPT, "dateModified (left out when the corrections give it)"),
    "headline": (KEPT, "headline"),
    "name": (MAPPED, "headline, when the review gives none; else not kept"),
    "reviewBody": (MAPPED, "summary"),
    "description": (MAPPED, "summary, when there is no reviewBody; else not kept"),
    "url": (KEPT, "url (the site's own review: its page is the claim's page)"),
    "identifier": (KEPT, "identifier"),
    "image": (KEPT, "image, with its text alternative where given"),
    "license": (KEPT, "license"),
    "sdLicense": (MAPPED, "license, when there is no license; else not kept"),
    "inLanguage": (KEPT, "inLanguage"),
    "workTranslation": (MAPPED, "translations"),
    "translationOfWork": (MAPPED, "translationOf"),
    "correction": (MAPPED, "corrections (those with a text and a date)"),
    "citation": (MAPPED, "sources"),
    "mediaAuthenticityCategory": (KEPT, "mediaAuthenticityCategory"),
    "originalMediaLink": (KEPT, "originalMediaLink"),
    "originalMediaContextDescription": (KEPT, "originalMediaContextDescription"),
    "sdPublisher": (NOT_KEPT, "who published the data, not the review; a site's dumps name it"),
    "mainEntityOfPage": (NOT_KEPT, "the page the review is on; its url is the review's"),
}
_RATING: dict[str, Fate] = {
    "@id": _IRI,
    "alternateName": (MAPPED, "rating"),
    "name": (MAPPED, "rating, when there is no alternateName; else not kept"),
    "ratingValue": (KEPT, "ratingValue (the site's own reviews: from its scale)"),
    "bestRating": (KEPT, "bestRating (the site's own reviews: from its scale)"),
    "worstRating": (KEPT, "worstRating (the site's own reviews: from its scale)"),
    "ratingExplanation": (MAPPED, "explanation"),
    "image": (MAPPED, "ratingImage"),
}
_CLAIM: dict[str, Fate] = {
    "@id": _IRI,
    "name": (
        MAPPED,
        "claimReviewed when the review gives none; else where it was made, an appearance's name",
    ),
    "text": (MAPPED, "quote (its language tag: quoteLanguage)"),
    "author": (MAPPED, "claimants"),
    "datePublished": (MAPPED, "dateMade"),
    "dateCreated": (MAPPED, "dateMade, when there is no datePublished; else not kept"),
    "appearance": (MAPPED, "appearances"),
    "firstAppearance": (KEPT, "firstAppearance"),
    "url": (MAPPED, "an appearance's url (the post or video)"),
    "about": (MAPPED, "topics"),
    "inLanguage": (KEPT, "inLanguage"),
    "isPartOf": (MAPPED, "a claimkit site's claim id"),
}
_MEDIA: dict[str, Fate] = {
    "@id": _IRI,
    "name": (KEPT, "name"),
    "mediaItemAppearance": (MAPPED, "appearances (the file: contentUrl, embedUrl)"),
    "author": (KEPT, "author"),
    "dateCreated": (KEPT, "dateCreated"),
    "inLanguage": (KEPT, "inLanguage"),
    "subjectOf": (MAPPED, "claims of this publication"),
    "about": (MAPPED, "topics"),
    "startTime": (KEPT, "startTime"),
    "endTime": (KEPT, "endTime"),
    "contentUrl": (KEPT, "contentUrl"),
    "embedUrl": (KEPT, "embedUrl"),
    "url": (MAPPED, "an appearance's url"),
    "description": (NOT_KEPT, "a media record has no description of its own"),
}
_PARTY: dict[str, Fate] = {
    "@id": _IRI,
    "name": (KEPT, "name (a collective's or unnamed source's words as written)"),
    "url": (KEPT, "url (a claimant's that is the post itself: the appearance's url)"),
    "sameAs": (KEPT, "sameAs (a claimant's that is the post itself: the appearance's url)"),
    "description": (KEPT, "description"),
    "logo": (KEPT, "logo"),
    "image": (KEPT, "image"),
    "alternateName": (KEPT, "alternateName"),
    "legalName": (MAPPED, "name, when there is none"),
    "jobTitle": (KEPT, "jobTitle"),
    "affiliation": (MAPPED, "affiliation"),
    "worksFor": (MAPPED, "affiliation"),
    "memberOf": (MAPPED, "affiliation"),
}
_WORK: dict[str, Fate] = {
    "@id": _IRI,
    "name": (KEPT, "name"),
    "headline": (MAPPED, "an article's headline, else the name"),
    "url": (KEPT, "url"),
    "archivedAt": (KEPT, "archivedAt"),
    "datePublished": (MAPPED, "date"),
    "dateCreated": (MAPPED, "date, when there is no datePublished; else not kept"),
    "uploadDate": (MAPPED, "date, when there is no other; else not kept"),
    "dateModified": (KEPT, "an article's dateModified"),
    "publisher": (KEPT, "publisher, else platform"),
    "publication": (MAPPED, "a broadcast's publisher"),
    "author": (KEPT, "author"),
    "startTime": (KEPT, "startTime"),
    "endTime": (KEPT, "endTime"),
    "inLanguage": (KEPT, "an article's inLanguage"),
    "description": (KEPT, "an article's description"),
    "image": (KEPT, "an article's image"),
    "about": (MAPPED, "an article's about"),
    "contentUrl": (MAPPED, "url, when there is none"),
}
_PICTURE: dict[str, Fate] = {
    "@id": _IRI,
    "url": (KEPT, "url"),
    "contentUrl": (MAPPED, "url"),
    "description": (MAPPED, "alt"),
    "caption": (MAPPED, "alt, when there is no description; else not kept"),
    "name": (MAPPED, "alt, when there is no description or caption; else not kept"),
}
_CORRECTION: dict[str, Fate] = {
    "text": (KEPT, "text"),
    "datePublished": (MAPPED, "date"),
}
_FEED: dict[str, Fate] = {
    "dataFeedElement": _STRUCTURE,
    "itemListElement": _STRUCTURE,
    "name": (NOT_KEPT, "the feed's own name describes the file, not a review"),
    "dateModified": (NOT_KEPT, "when the feed file changed, not a review"),
    "description": (NOT_KEPT, "the feed's own description describes the file, not a review"),
    "license": (NOT_KEPT, "the feed file's licence; a review's own is kept"),
}
_FEED_ITEM: dict[str, Fate] = {
    "item": _STRUCTURE,
    "dateCreated": (
        MAPPED,
        "the review's datePublished, when it gives none; else not kept: "
        "when the item joined the feed",
    ),
    "sdLicense": (MAPPED, "the review's license, when it gives none"),
    "dateModified": (NOT_KEPT, "when the feed item changed, not the review"),
}
TABLES: dict[str, dict[str, Fate]] = {
    "ClaimReview": _REVIEW,
    "MediaReview": _REVIEW,
    "Rating": _RATING,
    "Claim": _CLAIM,
    "MediaReviewItem": _MEDIA,
    "author or publisher": _PARTY,
    "claimant": _PARTY,
    "appearance": _WORK,
    "source": _WORK,
    "image": _PICTURE,
    "correction": _CORRECTION,
    "DataFeed": _FEED,
    "DataFeedItem": _FEED_ITEM,
}
# Where an object sits, from its parent's role and the property holding it.
_CHILD_ROLES = {
    ("ClaimReview", "reviewRating"): "Rating",
    ("ClaimReview", "itemReviewed"): "Claim",
    ("MediaReview", "reviewRating"): "Rating",
    ("MediaReview", "itemReviewed"): "MediaReviewItem",
    ("Claim", "author"): "claimant",
    ("Claim", "appearance"): "appearance",
    ("Claim", "firstAppearance"): "appearance",
    ("MediaReviewItem", "mediaItemAppearance"): "appearance",
    ("MediaReviewItem", "author"): "author or publisher",
    **{(r, "author"): "author or publisher" for r in ("ClaimReview", "MediaReview")},
    **{(r, "publisher"): "author or publisher" for r in ("ClaimReview", "MediaReview")},
    **{(r, "image"): "image" for r in ("ClaimReview", "MediaReview")},
    **{(r, "correction"): "correction" for r in ("ClaimReview", "MediaReview")},
    **{(r, "citation"): "source" for r in ("ClaimReview", "MediaReview")},
    ("appearance", "publisher"): "author or publisher",
    ("appearance", "author"): "author or publisher",
    ("source", "publisher"): "author or publisher",
    ("source", "author"): "author or publisher",
}
_ITEMS = {"item", "dataFeedElement", "itemListElement", "@graph"}
# Properties read only when the object lacks others: (role, property) -> those others.
_UNLESS = {
    ("ClaimReview", "dateCreated"): ("datePublished",),
    ("MediaReview", "dateCreated"): ("datePublished",),
    ("ClaimReview", "name"): ("headline",),
    ("MediaReview", "name"): ("headline",),
    ("ClaimReview", "description"): ("reviewBody",),
    ("MediaReview", "description"): ("reviewBody",),
    ("ClaimReview", "sdLicense"): ("license",),
    ("MediaReview", "sdLicense"): ("license",),
    ("Rating", "name"): ("alternateName",),
    ("Claim", "dateCreated"): ("datePublished",),
    ("appearance", "dateCreated"): ("datePublished",),
    ("appearance", "uploadDate"): ("datePublished", "dateCreated"),
    ("image", "caption"): ("description",),
    ("image", "name"): ("description", "caption"),
}


def _given(node: dict[str, Any], role: str, prop: str) -> Fate:
    """The fate of a property as this object gives it: one read only in another's absence is
    not kept when the other is there."""
    others = _UNLESS.get((role, prop), ())
    if role == "DataFeedItem" and prop in ("dateCreated", "sdLicense"):
        inner = {k for item in _values(node.get("item")) if isinstance(item, dict) for k in item}
        others = ("datePublished",) if prop == "dateCreated" else ("license", "sdLicense")
        present = [o for o in others if o in inner]
    else:
        present = [o for o in others if node.get(o)]
    if present:
        return NOT_KEPT, f"its {present[0]} is kept instead"
    return fate(role, prop)


def fate(role: str, prop: str) -> Fate:
    """What import does with a property of an object in a role."""
    found = TABLES.get(role, {}).get(prop)
    if found is not None:
        return found
    return NOT_KEPT, f"not a property of a {role} that a record holds"


@dataclass
class PropertyTable:
    """How many values of each property met each fate, per source and in total."""

    by_source: dict[str, Counter[Row]] = field(default_factory=dict)

    @property
    def total(self) -> Counter[Row]:
        """The counts over every source."""
        total: Counter[Row] = Counter()
        for counts in self.by_source.values():
            total.update(counts)
        return total


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


class _Counter:
    def __init__(self, skipped: set[int], counts: Counter[Row]) -> None:
        self.skipped = skipped
        self.counts = counts

    def visit(self, value: Any, role: str | None) -> None:
        """Count the properties of `value` (and the objects it holds) in `role`; None at the
        top of a document or in a container, where an object's role is its type."""
        for node in _values(value):
            if not isinstance(node, dict) or not set(node) - {"@id", "@context"}:
                continue  # a reference: what it names is counted where it is described
            types = node_types(node)
            here = role
            if role is None:
                kinds = [
                    t
                    for t in (
                        "ClaimReview",
                        "MediaReview",
                        "DataFeed",
                        "DataFeedItem",
                        "ItemList",
                        "Claim",
                    )
                    if t in types
                ]
                if not kinds:  # a page or wrapper: what it holds may be a review
                    for key, child in node.items():
                        if key != "@context":
                            self.visit(child, None)
                    continue
                here = "DataFeed" if kinds[0] == "ItemList" else kinds[0]
            assert here is not None
            if id(node) in self.skipped:
                for prop in sorted(set(node) - {"@context", "@type"}):
                    self.counts[(here, prop, NOT_KEPT, "the item was skipped (see its line)")] += 1
                continue
            for prop, child in node.items():
                if prop in ("@context", "@type"):
                    continue
                if prop in _ITEMS and here in ("DataFeed", "DataFeedItem"):
                    self.visit(child, None)
                    self.counts[(here, prop, *_STRUCTURE)] += 1
                    continue
                self.counts[(here, prop, *_given(node, here, prop))] += len(_values(child))
                if (sub := _CHILD_ROLES.get((here, prop))) is not None:
                    self.visit(child, sub)


def count_properties(docs: list[Doc], skipped: set[int]) -> PropertyTable:
    """The fate of every property in the documents; `skipped` holds the ids of the item
    objects that were not imported."""
    table = PropertyTable()
    for doc in docs:
        counts = table.by_source.setdefault(doc.display or "<input>", Counter())
        _Counter(skipped, counts).visit(doc.data, None)
    return table
