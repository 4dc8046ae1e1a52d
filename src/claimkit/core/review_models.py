"""Reviews: the verdict on a claim (ClaimReview) and on a piece of media (MediaReview)."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from claimkit.core.dates import sort_key
from claimkit.core.model_base import (
    DateText,
    Language,
    License,
    LongText,
    Picture,
    RatingClass,
    Record,
    Ref,
    Slug,
    Text,
    Url,
    described,
    nested,
)
from claimkit.core.part_models import Citation, Correction, Translation

_SUMMARY: Any = described(
    "A short review text shown on the page: what was checked and what was found. The site's "
    "own reviews must have one (`review-missing-summary`); another fact-checker's may not "
    "give one.",
    "Both governments later confirmed the deployment.",
    default=None,
)
_HEADLINE: Any = described(
    "The review's title, where it has one of its own.",
    "No, North Korea has not sent 100,000 troops",
    default=None,
)
_DATE_PUBLISHED: Any = described(
    "When the review was published, as precisely as known.", "2025-05-02"
)
_DATE_MODIFIED: Any = described(
    "When the review was last changed, if not by a listed correction (the latest of this and "
    "the corrections is published).",
    "2025-05-03T10:00:00Z",
    default=None,
)
_AUTHORS: Any = described("The ids of the people who wrote it.", ["desk-editor"], default=[])
_PUBLISHER: Any = described(
    "The id of the organization that published the review; the site's publisher if left out.",
    "factcheck-desk",
    default=None,
)
_URL: Any = described(
    "For another fact-checker's review: its page.",
    "https://example.org/fact-check/1",
    default=None,
)
_IDENTIFIER: Any = described(
    "The review's identifier at its publisher, such as a reference number.",
    "FC-2025-0142",
    default=None,
)
_IMAGE: Any = described(
    "The review's picture, with a text alternative.",
    {"url": "https://example.org/review.jpg", "alt": "The post, stamped False"},
    default=None,
)
_LICENSE: Any = described(
    "The review's licence, if not the site's.",
    {"name": "CC BY-NC 4.0", "url": "https://creativecommons.org/licenses/by-nc/4.0/"},
    default=None,
)
_IN_LANGUAGE: Any = described(
    "The review's language as a BCP 47 tag, or `unknown`. Left out: the site's language for "
    "the site publisher's own review, none for another fact-checker's.",
    "en",
    default=None,
)
_TRANSLATIONS: Any = described(
    "The same review in other languages.",
    [{"url": "https://example.org/uk/fact-check/1", "inLanguage": "uk"}],
    default=[],
)
_TRANSLATION_OF: Any = described(
    "The review this one translates.",
    {"claim": "north-korea-sent-10000-soldiers-to-russia"},
    default=None,
)
_CORRECTIONS: Any = described(
    "Changes made after publication, oldest first.",
    [{"date": "2025-05-03", "text": "Added the KCNA statement."}],
    default=[],
)
_SOURCES: Any = described(
    "What the review relies on.",
    [{"name": "KCNA statement", "publisher": "kcna", "date": "2025-04-28"}],
    default=[],
)


class ReviewBase(Record):
    """What a ClaimReview and a MediaReview share: who, when, where, in which language, on what.

    The shared fields are declared in each subclass from the definitions above, so that each
    kind lists them in its own order (a ClaimReview starts with its verdict, as records always
    have); pydantic would put a base's fields first.
    """

    # What the site's own reviews must give though another fact-checker's may not
    # (`review-missing-summary`; `claimkit new` asks for them).
    OWN_NEEDS: ClassVar[tuple[str, ...]] = ()

    if TYPE_CHECKING:
        summary: LongText | None
        headline: Text | None
        datePublished: DateText
        dateModified: DateText | None
        authors: list[Slug]
        publisher: Slug | None
        url: Url | None
        identifier: Text | None
        image: Picture | None
        license: License | None
        inLanguage: Language | None
        translations: list[Translation]
        translationOf: Translation | None
        corrections: list[Correction]
        sources: list[Citation]

    @property
    def lastModified(self) -> str:
        """The review's last change: the latest of its publication, its dateModified and its
        corrections."""
        dates = [self.datePublished, *(c.date for c in self.corrections)]
        if self.dateModified:
            dates.append(self.dateModified)
        return max(dates, key=sort_key)

    def references(self) -> Iterator[Ref]:
        """The records this review names: its authors, publisher, sources and translations."""
        for i, author in enumerate(self.authors):
            yield ("authors", i), "person", author
        if self.publisher:
            yield ("publisher",), "organization", self.publisher
        for i, source in enumerate(self.sources):
            yield from nested(("sources", i), source)
        for i, translation in enumerate(self.translations):
            yield from nested(("translations", i), translation)
        if self.translationOf:
            yield from nested(("translationOf",), self.translationOf)


class Review(ReviewBase):
    """A review of a claim with a verdict: ours, or another fact-checker's brought in by import."""

    OWN_NEEDS: ClassVar[tuple[str, ...]] = ("summary", "explanation")

    rating: Text = described(
        "The verdict: a label from the site's scale (or, for another fact-checker's review, "
        "their own label).",
        "False",
    )
    headline: Text | None = _HEADLINE
    summary: LongText | None = _SUMMARY
    explanation: LongText | None = described(
        "Why the claim gets this rating, in a sentence or two. The site's own reviews must have "
        "one (`review-missing-summary`); another fact-checker's may not give one.",
        "Russia's General Staff and North Korea both later acknowledged the troops.",
        default=None,
    )
    datePublished: DateText = _DATE_PUBLISHED
    dateModified: DateText | None = _DATE_MODIFIED
    authors: list[Slug] = _AUTHORS
    publisher: Slug | None = _PUBLISHER
    url: Url | None = _URL
    identifier: Text | None = _IDENTIFIER
    image: Picture | None = _IMAGE
    license: License | None = _LICENSE
    ratingValue: float | None = described(
        "For another fact-checker's review: their numeric rating.", 1, default=None
    )
    bestRating: float | None = described(
        "For another fact-checker's review: their best rating.", 5, default=None
    )
    worstRating: float | None = described(
        "For another fact-checker's review: their worst rating.", 1, default=None
    )
    ratingClass: RatingClass | None = described(
        "For another fact-checker's review: the normalised class of their label.",
        "false",
        default=None,
    )
    ratingImage: Url | None = described(
        "For another fact-checker's review: the picture of their verdict.",
        "https://example.org/ratings/false.png",
        default=None,
    )
    inLanguage: Language | None = _IN_LANGUAGE
    translations: list[Translation] = _TRANSLATIONS
    translationOf: Translation | None = _TRANSLATION_OF
    corrections: list[Correction] = _CORRECTIONS
    sources: list[Citation] = _SOURCES


class MediaAuthenticity(StrEnum):
    """schema.org's MediaManipulationRatingEnumeration, by its member names."""

    ORIGINAL = "OriginalMediaContent"
    DECONTEXTUALIZED = "DecontextualizedContent"
    EDITED_OR_CROPPED = "EditedOrCroppedContent"
    TRANSFORMED = "TransformedContent"
    STAGED = "StagedContent"
    SATIRE_OR_PARODY = "SatireOrParodyContent"


class MediaReview(ReviewBase):
    """A review of a piece of media: is it what it is said to be?"""

    OWN_NEEDS: ClassVar[tuple[str, ...]] = ("summary",)

    mediaAuthenticityCategory: MediaAuthenticity = described(
        "What was found (schema.org's definitions): OriginalMediaContent (unaltered and shown "
        "in its original context), DecontextualizedContent (unaltered but shown with a false "
        "context), EditedOrCroppedContent (edited or cropped so that it misleads), "
        "TransformedContent (parts changed or made up, deepfakes included), StagedContent "
        "(made to deceive with actors or staging), SatireOrParodyContent (satire or parody "
        "taken as true).",
        "DecontextualizedContent",
    )
    headline: Text | None = _HEADLINE
    summary: LongText | None = _SUMMARY
    explanation: LongText | None = described(
        "Why the media gets this category, in a sentence or two.",
        "The clip was first posted in 2019, years before the claimed events.",
        default=None,
    )
    originalMediaLink: Url | None = described(
        "Where the original media was first published, where known.",
        "https://example.org/original-video",
        default=None,
    )
    originalMediaContextDescription: LongText | None = described(
        "What the original media really shows, and when and where it was made.",
        "The video shows a 2019 military parade in Pyongyang.",
        default=None,
    )
    datePublished: DateText = _DATE_PUBLISHED
    dateModified: DateText | None = _DATE_MODIFIED
    authors: list[Slug] = _AUTHORS
    publisher: Slug | None = _PUBLISHER
    url: Url | None = _URL
    identifier: Text | None = _IDENTIFIER
    image: Picture | None = _IMAGE
    license: License | None = _LICENSE
    inLanguage: Language | None = _IN_LANGUAGE
    translations: list[Translation] = _TRANSLATIONS
    translationOf: Translation | None = _TRANSLATION_OF
    corrections: list[Correction] = _CORRECTIONS
    sources: list[Citation] = _SOURCES
