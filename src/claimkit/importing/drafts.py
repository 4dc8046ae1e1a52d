"""Claim drafts: the claim records an import assembles, one found review or claim at a time.

A ClaimReview gives a review and the claim it reviews; a Claim on its own gives a claim. Two
items about the same claim (the same @id, or the same text by the same claimant) go into one
draft, whose id comes from the claim's claimkit IRI or its text; the same review met twice
(a page and a feed often carry the same ClaimReview) is kept once. The people,
organizations, topics and articles they refer to go into the entity registry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from claimkit.claimreview.read import Located
from claimkit.core.ids import candidate_ids, slugify
from claimkit.core.models import Site
from claimkit.importing.claims import ClaimReader
from claimkit.importing.entities import (
    ClaimkitIri,
    Entities,
    claimkit_iri,
    name_key,
    text_slug,
    url_words,
)
from claimkit.importing.mapping import RatingMapping
from claimkit.importing.media_reviews import MediaReader
from claimkit.importing.nodes import Found, ReviewOrClaim
from claimkit.importing.notes import Note
from claimkit.importing.references import ReferenceReader
from claimkit.importing.review_rating import RatingPlacer, Unplaced
from claimkit.importing.reviews import ReviewReader
from claimkit.importing.values import clean_url
from claimkit.validation.record_checks import reserved

# Where a review with no `#review-n` IRI goes among a claim's reviews: after those with one.
_UNNUMBERED = 10**6


class DraftReview(NamedTuple):
    """A review of a draft, with what orders it: its number on a claimkit site, then arrival."""

    number: int
    arrival: int
    data: dict[str, Any]


@dataclass
class ClaimDraft:
    """A claim (or media) record being assembled from one or more items."""

    ident: str
    data: dict[str, Any]
    reviews: list[DraftReview] = field(default_factory=list)
    sources: list[Located] = field(default_factory=list)
    review_keys: set[str] = field(default_factory=set)
    kind: str = "claim"

    def ordered_reviews(self) -> list[dict[str, Any]]:
        """The reviews in the order the claim lists them: by number, then as they came."""
        return [r.data for r in sorted(self.reviews, key=lambda r: (r.number, r.arrival))]


class DraftBuilder:
    """Builds claim drafts from found reviews and claims, and the entities they refer to;
    keeps the notes and the rating labels it could not place, for the report."""

    def __init__(
        self, found: Found, site: Site, entities: Entities, mapping: RatingMapping
    ) -> None:
        self.found = found
        self.notes: list[Note] = []
        self.refs = ReferenceReader(found, entities)
        self.ratings = RatingPlacer(site.scale, mapping)
        self.claim_reader = ClaimReader(found, self.refs, self.notes, site.language)
        self.review_reader = ReviewReader(found, self.refs, self.ratings, self.notes, site)
        self.media_reader = MediaReader(found, self.refs, self.notes, site)
        self.claims: dict[str, ClaimDraft] = {}
        self.claim_keys: dict[str, str] = {}  # claim @id or text key -> draft id
        self.media: dict[str, ClaimDraft] = {}
        self.media_keys: dict[str, str] = {}  # media @id or name key -> draft id

    @property
    def unplaced(self) -> dict[tuple[str, str], Unplaced]:
        """The rating labels with no clear class, by folded label and publisher."""
        return self.ratings.unplaced

    def add(self, item: ReviewOrClaim) -> None:
        """Import one found item into the drafts; Skip when it cannot be."""
        value = item.node.value
        if item.kind == "media":
            self._add_media(item)
            return
        review_node: dict[str, Any] | None = None
        review: dict[str, Any] | None = None
        if item.kind == "review":
            claim_node = self.found.resolve(value.get("itemReviewed")) or {}
            review = self.review_reader.review(item, claim_node)
            review_node = value
        else:
            claim_node = value
        data = self.claim_reader.claim(item.node, claim_node, review_node)
        review_iri = claimkit_iri(value.get("@id")) if review_node is not None else None
        draft = self._draft(claim_node, review_iri, data, value)
        draft.sources.append(item.node)
        if review is not None and not _seen_review(draft, value, review):
            number = (
                review_iri.index if review_iri and review_iri.fragment == "review" else _UNNUMBERED
            )
            draft.reviews.append(DraftReview(number, len(draft.reviews), review))

    def _add_media(self, item: ReviewOrClaim) -> None:
        """Import one MediaReview: its media record's draft, and the review in it."""
        value = item.node.value
        review = self.media_reader.review(item)
        data = self.media_reader.media(item, review)
        media_node = self.found.resolve(value.get("itemReviewed")) or {}
        iri = media_node.get("@id") if isinstance(media_node.get("@id"), str) else None
        key = "iri " + iri if iri and not iri.startswith("_:") else "name " + name_key(data["name"])
        ident = self.media_keys.get(key)
        if ident is None:
            parsed = claimkit_iri(iri)
            base = parsed.ident if parsed and parsed.kind == "media" else text_slug(data["name"])
            base = base or "imported-media"
            if reserved("media", base):
                base += "-media"
            ident = next(c for c in candidate_ids(base) if c not in self.media)
            self.media_keys[key] = ident
            self.media[ident] = ClaimDraft(ident, {"id": ident, **data}, kind="media")
        draft = self.media[ident]
        draft.sources.append(item.node)
        review_iri = claimkit_iri(value.get("@id"))
        if not _seen_review(draft, value, review):
            number = (
                review_iri.index if review_iri and review_iri.fragment == "review" else _UNNUMBERED
            )
            draft.reviews.append(DraftReview(number, len(draft.reviews), review))

    def _draft(
        self,
        claim_node: dict[str, Any],
        review_iri: ClaimkitIri | None,
        data: dict[str, Any],
        item_node: dict[str, Any],
    ) -> ClaimDraft:
        """The draft of this claim: the one started for the same claim, else a new one."""
        claim_iri = claim_node.get("@id") if isinstance(claim_node.get("@id"), str) else None
        key = _claim_key(claim_iri, data)
        ident = self.claim_keys.get(key)
        if ident is None:
            parsed = claimkit_iri(claim_iri) or (
                review_iri if review_iri and review_iri.kind == "claim" else None
            )
            ident = self._claim_id(parsed.ident if parsed else None, data, item_node)
            self.claim_keys[key] = ident
            self.claims[ident] = ClaimDraft(ident, {"id": ident, **data})
        return self.claims[ident]

    def _claim_id(self, wanted: str | None, data: dict[str, Any], item_node: dict[str, Any]) -> str:
        """The claimkit id, else a slug of the claim in Latin letters, else of the review's
        address; numbered when two claims of this import would share it."""
        base = wanted or text_slug(data["claimReviewed"])
        if not base:
            url = clean_url(item_node.get("url"))
            base = slugify(url_words(url, with_host=True)) if url else ""
        base = base or "imported-claim"
        if reserved("claim", base):
            base += "-claim"
        return next(c for c in candidate_ids(base) if c not in self.claims)


def _claim_key(iri: str | None, data: dict[str, Any]) -> str:
    """What makes two items one claim: the claim's @id, else its text and claimant."""
    if iri and not iri.startswith("_:"):
        return "iri " + iri
    claimant = data["claimants"][0]
    who = next(f"{k}={v}" for k, v in sorted(claimant.items()) if k != "affiliation")
    return f"text {name_key(data['claimReviewed'])} {who}"


def _seen_review(draft: ClaimDraft, node: dict[str, Any], review: dict[str, Any]) -> bool:
    """Whether the draft has this review already: the same @id, or the same publisher,
    url, rating and date (a page and a feed often carry the same ClaimReview)."""
    iri = node.get("@id")
    key = (
        f"iri {iri}"
        if isinstance(iri, str) and not iri.startswith("_:")
        else "review "
        + json.dumps([review.get(k) for k in ("publisher", "url", "rating", "datePublished")])
    )
    if key in draft.review_keys:
        return True
    draft.review_keys.add(key)
    return False
