"""The record-level twins of `claimkit check`'s rules, with the same codes, and what the site's
own reviews must give (sources and authors).

A claim with reviews is published as ClaimReview markup; these checks hold the record to what
`check` holds that markup to (see `core.review_rules.MARKUP_RULES`), so that a record that
validates cleanly publishes markup that checks cleanly. The site's methodology
(`site.yaml` `methodology.allow`) may relax the rules `core.review_rules.RELAXABLE` names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from claimkit.core.diagnostics import Diagnostic
from claimkit.core.models import Claim, Review, Site
from claimkit.core.review_rules import (
    contains_verdict,
    contains_verdict_message,
    is_sentence,
    sentence_message,
    too_long,
    too_long_message,
)
from claimkit.records.load import Document, JsonPath

_At = Callable[[JsonPath, str, str], Iterator[Diagnostic]]

# schema.org's defaults when a Rating leaves its scale out, as `check` assumes them.
_DEFAULT_BEST, _DEFAULT_WORST = 5.0, 1.0


def allowed_rules(site: Site) -> frozenset[str]:
    """The rules the site's methodology relaxes."""
    if site.methodology is None:
        return frozenset()
    return frozenset(allowance.rule for allowance in site.methodology.allow)


def review_checks(doc: Document, claim: Claim, site: Site) -> Iterator[Diagnostic]:
    """The problems `check` would find in the markup a claim's reviews are published as, and
    the sources and authors the site's own reviews must list."""
    if not claim.reviews:
        return  # an unreviewed claim is published as a Claim, which no ClaimReview rule reads
    allowed = allowed_rules(site)

    def at(path: JsonPath, code: str, message: str) -> Iterator[Diagnostic]:
        if code not in allowed:
            yield Diagnostic.make(doc.path, doc.position(path), code, message)

    length = too_long(claim.claimReviewed)
    if length is not None:
        yield from at(("claimReviewed",), "claimreviewed-too-long", too_long_message(length))
    if not claim.dateMade:
        yield from at(
            ("claimReviewed",),
            "claim-missing-date",
            "the claim has reviews but no dateMade; add the date it was made (as precisely as "
            "known: 2024, 2024-10 or 2024-10-14), which the published Claim gives as datePublished",
        )
    cited = [*claim.appearances, *([claim.firstAppearance] if claim.firstAppearance else [])]
    if not any(a.article or a.url for a in cited):
        where = ("appearances",) if claim.appearances else ("claimReviewed",)
        yield from at(
            where,
            "claim-missing-appearance",
            "no appearance of the claim gives a url or an article record; add the address of a "
            "page, post or video where the claim appears (one you have opened), or an article "
            "record, so that readers of the markup can find it",
        )
    # A label off the numeric scale is published without a number (one not in the scale at
    # all is rating-not-in-scale's business).
    unnumbered = {s.label for s in site.scale.offScale}
    for i, review in enumerate(claim.reviews):
        base: JsonPath = ("reviews", i)
        own = review.publisher in (None, site.publisher)
        if contains_verdict(claim.claimReviewed, review.rating):
            yield from at(
                ("claimReviewed",),
                "claimreviewed-contains-verdict",
                contains_verdict_message(review.rating),
            )
        if own:
            keys = _keys(doc.data, i)
            yield from _own(at, base, review, review.rating not in unnumbered, keys)
        else:
            yield from _external(at, base, review)


def _keys(data: Any, index: int) -> set[str]:
    """The keys the record's review at `index` writes (to point at `sources: []`)."""
    reviews = data.get("reviews") if isinstance(data, dict) else None
    review = reviews[index] if isinstance(reviews, list) and index < len(reviews) else None
    return set(review) if isinstance(review, dict) else set()


def _own(
    at: _At, base: JsonPath, review: Review, on_scale: bool, keys: set[str]
) -> Iterator[Diagnostic]:
    """The site's own review: sources and authors listed, and a rating with a number."""
    if not review.sources:
        yield from at(
            (*base, "sources") if "sources" in keys else base,
            "review-missing-source",
            "the site's own review lists no sources; add each source it relies on under "
            "`sources:` (an article record, or a name, publisher and date; a url only if you "
            "have opened it)",
        )
    if not review.authors:
        yield from at(
            (*base, "authors") if "authors" in keys else base,
            "review-missing-author",
            "the site's own review names no author; add the id of each person who wrote it "
            'under `authors:` (create one with `claimkit new person --name "..."`)',
        )
    if not on_scale:
        yield from at(
            (*base, "rating"),
            "rating-missing-value",
            f"the verdict '{review.rating}' is off the site's numeric scale, so the published "
            "rating has no ratingValue; if that is the site's practice, say so in site.yaml "
            "under methodology.allow (rule: rating-missing-value, with the reason)",
        )


def _external(at: _At, base: JsonPath, review: Review) -> Iterator[Diagnostic]:
    """Another fact-checker's review: a url, a short label and a number on a valid scale."""
    if not review.url:
        yield from at(
            base,
            "claimreview-missing-url",
            "another fact-checker's review needs the url of its page, which the published "
            "ClaimReview gives as its url; add it",
        )
    if is_sentence(review.rating):
        yield from at((*base, "rating"), "rating-label-sentence", sentence_message(review.rating))
    value, best, worst = review.ratingValue, review.bestRating, review.worstRating
    if value is None:
        yield from at(
            (*base, "rating"),
            "rating-missing-value",
            "another fact-checker's review without ratingValue is published without a number; "
            "add their ratingValue, bestRating and worstRating if they gave them",
        )
        return  # without a value, the published rating gives no scale either
    if best is None or worst is None:
        missing = " or ".join(
            n for n, v in (("bestRating", best), ("worstRating", worst)) if v is None
        )
        yield from at(
            (*base, "ratingValue"),
            "rating-missing-scale",
            f"the review has a ratingValue but no {missing}; schema.org then assumes "
            "bestRating 5 and worstRating 1: add the scale the reviewer uses",
        )
    high = _DEFAULT_BEST if best is None else best
    low = _DEFAULT_WORST if worst is None else worst
    if high <= low:
        yield from at(
            (*base, "bestRating" if best is not None else "worstRating"),
            "rating-scale-invalid",
            f"the rating scale runs from worstRating {low:g} to bestRating {high:g}; "
            "bestRating must be greater than worstRating (a scale where lower is better is "
            "written with its values turned around, or without numbers)",
        )
    elif not low <= value <= high:
        yield from at(
            (*base, "ratingValue"),
            "rating-out-of-range",
            f"ratingValue {value:g} lies outside the reviewer's scale from {low:g} to {high:g}",
        )
