"""A review's rating: the label and numbers as published, and where the label belongs.

A review by the site's own publisher must carry a label of the site's scale (the same label,
case and spacing ignored, or the one the --ratings file maps it to); a review by another
fact-checker keeps its own label and numbers and gets a normalised class (true, false,
mixture, other), or `other` with the label listed in the report as unplaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimkit.claimreview.rules import number_of
from claimkit.core.models import RatingClass, RatingScale
from claimkit.importing.mapping import RatingMapping
from claimkit.importing.notes import UNUSABLE, Skip
from claimkit.importing.rating_classes import classify, fold
from claimkit.importing.values import clean_text, whole_if_integral

UNMAPPED = "import-rating-unmapped"


@dataclass(frozen=True)
class PublishedRating:
    """The rating a ClaimReview gives, as the reviewer wrote it: a label, numbers, or both."""

    label: str | None
    value: float | None
    best: float | None
    worst: float | None

    def as_label(self) -> str:
        """The label, else the value written as a label (a review's rating is text)."""
        if self.label is not None:
            return self.label
        return f"{whole_if_integral(self.value or 0):g}"

    def value_in_range(self) -> bool:
        """Whether the value lies between bestRating and worstRating (true when any is
        missing)."""
        if self.value is None or self.best is None or self.worst is None:
            return True
        return min(self.best, self.worst) <= self.value <= max(self.best, self.worst)


def read_rating(rating: dict[str, Any]) -> PublishedRating:
    """The label and numbers of a reviewRating; Skip when it gives neither label nor value.
    A negative value with no worstRating (Google's -1) means "no numeric rating"."""
    label = clean_text(rating.get("alternateName")) or clean_text(rating.get("name"))
    value = number_of(rating.get("ratingValue"))
    best, worst = number_of(rating.get("bestRating")), number_of(rating.get("worstRating"))
    if value == -1 or (value is not None and value < 0 and worst is None):
        value = None  # Google's markup uses -1 for "no numeric rating"
    if label is None and value is None:
        raise Skip(
            UNUSABLE,
            "the ClaimReview has no rating: its reviewRating gives neither a label "
            "(alternateName) nor a ratingValue",
        )
    return PublishedRating(label, value, best, worst)


@dataclass
class Unplaced:
    """A rating label that could not be given a normalised class."""

    label: str
    publisher: str
    languages: tuple[str, ...]


class RatingPlacer:
    """Places ratings: the site's own on its scale, others' in a class; keeps the labels it
    could not place, for the report."""

    def __init__(self, scale: RatingScale, mapping: RatingMapping) -> None:
        self.scale = scale
        self.mapping = mapping
        self.unplaced: dict[tuple[str, str], Unplaced] = {}

    def site_label(self, rating: PublishedRating) -> str:
        """The site's label for one of its own reviews: the same label (case and spacing
        ignored) or the mapping file's; with no label, the one label of the scale with the
        rating's value. Skip when there is none."""
        labels = [s.label for s in self.scale.labels] + [s.label for s in self.scale.offScale]
        label, value = rating.label, rating.value
        if label is not None:
            folded = {fold(x): x for x in labels}
            if fold(label) in folded:
                return folded[fold(label)]
            if fold(label) in self.mapping.scale:
                return self.mapping.scale[fold(label)]
            raise Skip(
                UNMAPPED,
                f"the site's own review is rated '{label}', which is not on the site's scale "
                f"({', '.join(labels)}); map it in a file given with --ratings, e.g. "
                f'scale: {{"{label}": "{labels[0]}"}}',
            )
        matches = [s.label for s in self.scale.labels if value is not None and s.value == value]
        if len(matches) == 1:
            return matches[0]
        raise Skip(
            UNMAPPED,
            f"the site's own review has no rating label, and its ratingValue {value} is not "
            "a value on the site's scale",
        )

    def rating_class(self, label: str, publisher: str, languages: tuple[str, ...]) -> str:
        """The normalised class of another fact-checker's label; `other`, and the label
        kept as unplaced, when it has no clear one."""
        found = classify(label, languages, self.mapping.classes)
        if found is None:
            key = (fold(label), publisher)
            self.unplaced.setdefault(key, Unplaced(label, publisher, languages))
            return RatingClass.OTHER.value
        return found.value
