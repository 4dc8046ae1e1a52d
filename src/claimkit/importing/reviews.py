"""The review half of an imported record: one ClaimReview as a review of the claim.

A review keeps the reviewer's rating as published (the site's own reviews take a label of
its scale), who published it and when, its summary and explanation, its authors, and for
another fact-checker's review its url, numbers and a normalised class; then its language,
corrections and sources. A ClaimReview with no rating, no publisher or no date is skipped.
"""

from __future__ import annotations

from typing import Any

from claimkit.claimreview.read import Located, http_url
from claimkit.core.models import Site
from claimkit.importing.nodes import Found, ReviewOrClaim, node_types
from claimkit.importing.notes import UNUSABLE, Note, Skip, filled
from claimkit.importing.references import ORG_TYPES, ReferenceReader
from claimkit.importing.review_rating import PublishedRating, RatingPlacer, read_rating
from claimkit.importing.values import (
    MAX_LONG_TEXT,
    as_list,
    clean_date,
    clean_language,
    clean_text,
    clean_url,
    put_given,
    whole_if_integral,
)


class ReviewReader:
    """Reads ClaimReview nodes into the reviews of claim records; notes what it filled in."""

    def __init__(
        self,
        found: Found,
        refs: ReferenceReader,
        ratings: RatingPlacer,
        notes: list[Note],
        site: Site,
    ) -> None:
        self.found = found
        self.refs = refs
        self.ratings = ratings
        self.notes = notes
        self.site = site

    def review(self, item: ReviewOrClaim, claim_node: dict[str, Any]) -> dict[str, Any]:
        """A review from a ClaimReview item, whose itemReviewed is `claim_node`; Skip when it
        cannot be one."""
        node = item.node.value
        rating_node = self.found.resolve(node.get("reviewRating")) or {}
        rating = read_rating(rating_node)
        publisher = self._publisher(node)
        date = _date(node, item.feed_date)
        own = publisher == self.site.publisher
        publisher_name = self.refs.organization_name(publisher)
        review: dict[str, Any] = {}
        review["rating"] = self.ratings.site_label(rating) if own else rating.as_label()
        summary, explanation = self._summary_and_explanation(
            item.node, node, rating_node, f"{publisher_name} rated the claim {review['rating']}."
        )
        review["summary"] = summary
        review["explanation"] = explanation
        review["datePublished"] = date
        put_given(review, "authors", self.refs.people(node.get("author")))
        if not own:
            review["publisher"] = publisher
            put_given(review, "url", clean_url(node.get("url")))
            self._put_numbers(item.node, review, rating)
            review["ratingClass"] = self.ratings.rating_class(
                review["rating"], publisher_name, self._languages(node, claim_node)
            )
        language = clean_language(node.get("inLanguage"))
        if language:
            review["inLanguage"] = language
        put_given(review, "corrections", self._corrections(node.get("correction"), date))
        put_given(
            review,
            "sources",
            [c for v in as_list(node.get("citation")) if (c := self.refs.citation(v))],
        )
        return review

    def _publisher(self, node: dict[str, Any]) -> str:
        """Who published the review: its publisher, else the first organization among its
        authors, else the host of its url; Skip when none of them is given."""
        publisher = node.get("publisher")
        if publisher and (ident := self.refs.organization(publisher, reviewer=True)):
            return ident
        for author in as_list(node.get("author")):
            found = self.found.resolve(author)
            if found is not None and node_types(found) & ORG_TYPES:
                ident = self.refs.organization(found, reviewer=True)
                if ident:
                    return ident
        url = clean_url(node.get("url"))
        if url:
            host = (http_url(url) or "").split("/")[2].removeprefix("www.")
            ident = self.refs.organization(
                {"@type": "Organization", "name": host, "url": f"https://{host}/"}, reviewer=True
            )
            if ident is not None:
                return ident
        raise Skip(
            UNUSABLE,
            "the ClaimReview does not say who published it: no publisher, no "
            "organization among its authors, and no url",
        )

    def _languages(self, node: dict[str, Any], claim_node: dict[str, Any]) -> tuple[str, ...]:
        """The languages a label may be in, most likely first: the review's, the claim's,
        the site's."""
        found = (
            clean_language(node.get("inLanguage")),
            clean_language(claim_node.get("inLanguage")),
            self.site.language,
        )
        return tuple(lang for lang in found if lang)

    def _summary_and_explanation(
        self, where: Located, node: dict[str, Any], rating: dict[str, Any], said: str
    ) -> tuple[str, str]:
        """The review's summary (its body, description or the rating's explanation) and
        explanation (the same, the other way round); where there is none, `said` (who rated
        the claim how), noted."""
        body = clean_text(node.get("reviewBody"), MAX_LONG_TEXT)
        description = clean_text(node.get("description"), MAX_LONG_TEXT)
        rating_explanation = clean_text(rating.get("ratingExplanation"), MAX_LONG_TEXT)
        summary = body or description or rating_explanation
        explanation = rating_explanation or body or description
        if summary is None or explanation is None:
            self.notes.append(
                filled(
                    where,
                    "the ClaimReview has no reviewBody or "
                    "ratingExplanation: the summary says only who rated the claim how",
                )
            )
        return summary or said, explanation or said

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

    def _corrections(self, value: Any, published: str) -> list[dict[str, Any]]:
        """The review's corrections that have a text and a date not before its own."""
        found = []
        for part in as_list(value):
            node = self.found.resolve(part)
            text = clean_text(node.get("text")) if node else clean_text(part)
            date = clean_date(node.get("datePublished")) if node else None
            if text and date and date >= published:
                found.append({"date": date, "text": text})
        return found


def _date(node: dict[str, Any], feed_date: str | None) -> str:
    """When the review was published: its datePublished, dateCreated, or its DataFeedItem's
    dateCreated; Skip when there is none."""
    date = (
        clean_date(node.get("datePublished"))
        or clean_date(node.get("dateCreated"))
        or clean_date(feed_date)
    )
    if date is None:
        raise Skip(
            UNUSABLE,
            "the ClaimReview has no datePublished (nor a DataFeedItem dateCreated)",
        )
    return date
