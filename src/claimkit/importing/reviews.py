"""The review half of an imported record: one ClaimReview as a review of the claim.

A review keeps the reviewer's rating as published (the site's own reviews take a label of
its scale), who published it and when (dates at their precision, zones kept), its headline
(or name), summary (reviewBody, else description) and explanation (the rating's
ratingExplanation), picture, identifier, licence (license, else sdLicense), dateModified, its
authors, and for another fact-checker's review its url, numbers, rating picture and a
normalised class; then its language (as stated, never guessed), corrections and sources. What
the model requires and the source lacks (a summary or explanation) is taken from the source's
other text, noted, never written from nothing; a ClaimReview with no rating, no publisher or
no date is skipped. The parts a ClaimReview and a MediaReview share are in review_parts.
"""

from __future__ import annotations

from typing import Any

from claimkit.claimreview.read import Located
from claimkit.core.models import Review, Site
from claimkit.importing.nodes import Found, ReviewOrClaim
from claimkit.importing.notes import Note, filled
from claimkit.importing.references import ReferenceReader
from claimkit.importing.review_parts import ReviewParts
from claimkit.importing.review_rating import PublishedRating, RatingPlacer, read_rating
from claimkit.importing.values import (
    clean_language,
    clean_url,
    put_given,
    whole_if_integral,
)


class ReviewReader(ReviewParts):
    """Reads ClaimReview nodes into the reviews of claim records; notes what it filled in."""

    def __init__(
        self,
        found: Found,
        refs: ReferenceReader,
        ratings: RatingPlacer,
        notes: list[Note],
        site: Site,
    ) -> None:
        super().__init__(found, refs, notes, site)
        self.ratings = ratings

    def review(self, item: ReviewOrClaim, claim_node: dict[str, Any]) -> dict[str, Any]:
        """A review from a ClaimReview item, whose itemReviewed is `claim_node`; Skip when it
        cannot be one."""
        node = item.node.value
        rating_node = self.found.resolve(node.get("reviewRating")) or {}
        rating = read_rating(rating_node)
        publisher = self.publisher(node)
        date = self.published(item)
        own = publisher == self.site.publisher
        review: dict[str, Any] = {}
        review["rating"] = self.ratings.site_label(rating) if own else rating.as_label()
        put_given(review, "headline", self.headline(node))
        self.put_texts(review, node, rating_node, Review, own)
        review["datePublished"] = date
        put_given(review, "authors", self.refs.people(node.get("author")))
        if not own:
            review["publisher"] = publisher
            put_given(review, "url", clean_url(node.get("url")))
            self._put_numbers(item.node, review, rating)
            review["ratingClass"] = self.ratings.rating_class(
                review["rating"],
                self.refs.organization_name(publisher),
                self._languages(node, claim_node),
            )
            put_given(review, "ratingImage", clean_url(rating_node.get("image")))
        self.put_common(item, review, own)
        return review

    def _languages(self, node: dict[str, Any], claim_node: dict[str, Any]) -> tuple[str, ...]:
        """The languages a label may be in, most likely first: the review's, the claim's,
        the site's."""
        found = (
            clean_language(node.get("inLanguage")),
            clean_language(claim_node.get("inLanguage")),
            self.site.language,
        )
        return tuple(lang for lang in found if lang)

    def _put_numbers(self, where: Located, review: dict[str, Any], rating: PublishedRating) -> None:
        """The numbers of another fact-checker's rating, as published; all left out, and
        noted, when the value lies outside bestRating and worstRating."""
        value, best, worst = rating.value, rating.best, rating.worst
        if not rating.value_in_range():
            self.notes.append(
                filled(
                    where,
                    f"ratingValue {value:g} lies outside the "
                    "reviewer's bestRating and worstRating: the numbers were left out",
                )
            )
            value = best = worst = None
        put_given(review, "ratingValue", whole_if_integral(value) if value is not None else None)
        put_given(review, "bestRating", whole_if_integral(best) if best is not None else None)
        put_given(review, "worstRating", whole_if_integral(worst) if worst is not None else None)
