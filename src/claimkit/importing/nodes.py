"""Finding what to import in JSON-LD: ClaimReviews and Claims, whatever shape they come in.

Publishers wrap ClaimReview markup in many ways: one object, an `@graph`, a top-level array, a
DataFeed of DataFeedItems or a bare DataFeedItem; `@type` as a string or an array, in any case,
with or without the `schema:` prefix; an http or https schema.org context. This module walks
all of them and sorts what it meets into reviews and claims to import, descriptions of other
things (people, organizations, articles) that references can be resolved against, and nodes
of types claimkit does not import, each with the reason it is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from claimkit.claimreview.read import Doc, Located, http_url, is_schema_org, type_names

# The schema.org types import reads, by their lower-case name: type names are matched in any
# case, because publishers write "claimReview" and "Claimreview" too.
KNOWN_TYPES = {
    name.casefold(): name
    for name in (
        "ClaimReview",
        "Claim",
        "MediaReview",
        "Review",
        "CriticReview",
        "UserReview",
        "EmployerReview",
        "Recommendation",
        "DataFeed",
        "DataFeedItem",
        "ItemList",
        "ListItem",
        "Rating",
        "AggregateRating",
        "Person",
        "Organization",
        "NewsMediaOrganization",
        "GovernmentOrganization",
        "PoliticalParty",
        "Corporation",
        "NGO",
        "EducationalOrganization",
        "ResearchOrganization",
        "CreativeWork",
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "BlogPosting",
        "VideoObject",
        "AudioObject",
        "ImageObject",
        "MediaObject",
        "SocialMediaPosting",
        "WebPage",
        "WebSite",
        "Dataset",
        "CollectionPage",
        "BreadcrumbList",
        "Place",
        "Country",
        "Event",
        "Thing",
        "CorrectionComment",
        "Comment",
    )
}
# Types whose nodes are reviews of something other than a claim: skipped with this reason.
OTHER_REVIEWS = {
    "Review": "a Review that is not a ClaimReview rates a product or work, not a claim",
    "CriticReview": "a CriticReview rates a work, not a claim",
    "UserReview": "a UserReview rates a product or work, not a claim",
    "EmployerReview": "an EmployerReview rates an employer, not a claim",
    "Recommendation": "a Recommendation rates a product or work, not a claim",
}
# Types that only wrap what is imported: walked through, never reported.
CONTAINERS = {"DataFeed", "DataFeedItem", "ItemList", "ListItem"}


def canonical_types(value: Any) -> tuple[set[str], list[str]]:
    """The schema.org type names of an @type, with their case fixed, and the names as written
    where the case was wrong (for the report)."""
    names: set[str] = set()
    miscased: list[str] = []
    for name in type_names(value):
        known = KNOWN_TYPES.get(name.casefold())
        if known is None:
            names.add(name)
        else:
            names.add(known)
            if known != name:
                miscased.append(name)
    return names, miscased


@dataclass
class ReviewOrClaim:
    """A ClaimReview (or a Claim that nobody reviewed) to import, with where it was found."""

    node: Located
    kind: Literal["review", "claim", "media"]  # a Claim on its own; a MediaReview
    feed_date: str | None = None  # a DataFeedItem's dateCreated, for a review with no date
    feed_license: str | None = None  # a DataFeedItem's sdLicense: the review's licence
    context: bool | None = True  # schema.org context: yes, no, or none given at all


def node_types(node: dict[str, Any]) -> set[str]:
    """The schema.org type names of a node, their case fixed."""
    return canonical_types(node.get("@type"))[0]


@dataclass
class Skipped:
    """A node that is not imported, where it is, and why."""

    where: Located
    type_name: str
    reason: str


@dataclass
class Found:
    """Everything found in a set of documents."""

    to_import: list[ReviewOrClaim] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # Full descriptions by @id, merged across every document: a reference {"@id": ...} in one
    # place is resolved against the description given in another.
    index: dict[str, dict[str, Any]] = field(default_factory=dict)
    miscased: dict[str, str] = field(default_factory=dict)  # as written -> canonical
    other_types: dict[str, int] = field(default_factory=dict)  # ignored page furniture

    def resolve(self, value: Any) -> dict[str, Any] | None:
        """An object with everything known about it: a reference ({"@id": ...} or a bare
        URL) is resolved against the descriptions found, and what the object itself says
        is laid over them. None for anything that is not an object or a known reference."""
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, (dict, str))), None)
        if isinstance(value, str):
            if http_url(value) and value in self.index:
                return self.index[value]
            return None
        if not isinstance(value, dict):
            return None
        ident = value.get("@id")
        if isinstance(ident, str) and ident in self.index:
            merged = dict(self.index[ident])
            merged.update({k: v for k, v in value.items() if k != "@context"})
            return merged
        return value


def _describe(found: Found, value: dict[str, Any]) -> None:
    ident = value.get("@id")
    if not isinstance(ident, str) or not set(value) - {"@id", "@context"}:
        return
    known = found.index.setdefault(ident, {})
    for key, item in value.items():
        if key != "@context" and key not in known:
            known[key] = item


class _Walker:
    def __init__(self, found: Found) -> None:
        self.found = found

    def visit(
        self,
        node: Located,
        *,
        top: bool,
        context: bool | None,
        feed_date: str | None,
        feed_license: Any = None,
    ) -> None:
        value = node.value
        if isinstance(value, list):
            for part in node.each():
                self.visit(
                    part, top=top, context=context, feed_date=feed_date, feed_license=feed_license
                )
            return
        if not isinstance(value, dict):
            return
        if "@context" in value:
            context = is_schema_org(value["@context"])
        _describe(self.found, value)
        types, miscased = canonical_types(value.get("@type"))
        for name in miscased:
            self.found.miscased.setdefault(name, KNOWN_TYPES[name.casefold()])
        if "@graph" in value and (graph := node.get("@graph")) is not None:
            self.visit(graph, top=True, context=context, feed_date=feed_date)
        if "ClaimReview" in types:
            # Wherever it sits: on its own, in a feed, or in a page's mainEntity or hasPart.
            self.found.to_import.append(
                ReviewOrClaim(node, "review", feed_date, feed_license, context)
            )
            self._inside(node)
            return
        if "MediaReview" in types:
            self.found.to_import.append(
                ReviewOrClaim(node, "media", feed_date, feed_license, context)
            )
            self._inside(node)
            return
        if top and "Claim" in types:
            self.found.to_import.append(ReviewOrClaim(node, "claim", None, None, context))
            self._inside(node)
            return
        if reason := next((OTHER_REVIEWS[t] for t in sorted(types) if t in OTHER_REVIEWS), ""):
            name = next(t for t in sorted(types) if t in OTHER_REVIEWS)
            self.found.skipped.append(Skipped(node, name, reason))
            return
        if types & CONTAINERS:
            item = "DataFeedItem" in types
            date = value.get("dateCreated") if item else None
            for key in ("dataFeedElement", "item", "itemListElement"):
                if (child := node.get(key)) is not None:
                    self.visit(
                        child,
                        top=True,
                        context=context,
                        feed_date=date if isinstance(date, str) else feed_date,
                        feed_license=value.get("sdLicense") if item else feed_license,
                    )
            return
        if top:
            for name in sorted(types):
                self.found.other_types[name] = self.found.other_types.get(name, 0) + 1
        for key in value:
            if key not in ("@context", "@graph") and (child := node.get(key)) is not None:
                self.visit(child, top=False, context=context, feed_date=feed_date)

    def _inside(self, node: Located) -> None:
        """Index the descriptions nested in a node (its author, publisher, appearances...)."""
        stack = [node.value]
        while stack:
            value = stack.pop()
            if isinstance(value, list):
                stack.extend(value)
            elif isinstance(value, dict):
                _describe(self.found, value)
                for name in canonical_types(value.get("@type"))[1]:
                    self.found.miscased.setdefault(name, KNOWN_TYPES[name.casefold()])
                stack.extend(v for k, v in value.items() if k != "@context")


def find(docs: list[Doc]) -> Found:
    """Walk every document in order; what is found keeps that order."""
    found = Found()
    walker = _Walker(found)
    for doc in docs:
        walker.visit(Located(doc, (), doc.data), top=True, context=None, feed_date=None)
    return found
