"""The rules on a ClaimReview's reviewRating: its verdict label, its number and its scale."""

from __future__ import annotations

import math
import re
from typing import Any

from claimkit.claimreview.read import Located, text_of
from claimkit.core.review_rules import is_sentence, sentence_message

# schema.org: "If bestRating is omitted, 5 is assumed"; "If worstRating is omitted, 1 is assumed".
DEFAULT_BEST, DEFAULT_WORST = 5.0, 1.0
_NUMBER = re.compile(r"^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$")


def number_of(value: Any) -> float | None:
    """A finite number given as a JSON number or a numeric string; None for anything else."""
    if isinstance(value, list) and len(value) == 1:
        return number_of(value[0])
    if isinstance(value, dict) and "@value" in value:
        return number_of(value["@value"])
    try:
        if isinstance(value, str) and _NUMBER.match(value):
            value = float(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        number = float(value)
    except (OverflowError, ValueError):
        return None  # too large for a number: not a usable rating
    return number if math.isfinite(number) else None


def describe(value: Any) -> str:
    """A short phrase for a value in a message; never the whole value."""
    if isinstance(value, str):
        if not value.strip():
            return "empty text"
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{short}'"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        try:
            return f"the number {num(float(value))}"
        except OverflowError:
            return "a number too large to use"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null"


def num(value: float) -> str:
    """A number as a message writes it: 3, not 3.0."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else str(value)


def _given(rating: Located, prop: str) -> Located | None:
    """A rating's property, or None when it is absent, null, or empty or blank text: a missing
    number is a missing number however it is left out."""
    found = rating.get(prop)
    if found is not None and isinstance(found.value, str) and not found.value.strip():
        return None
    return found


class RatingRules:
    """Checks of reviewRating objects; the class that mixes it in reports and resolves."""

    def report(self, where: Located, code: str, message: str) -> None:
        """Record a problem (the checker mixing this in records it)."""
        raise NotImplementedError

    def resolve(self, node: Located) -> Located:
        """The full node a reference names (the checker mixing this in resolves it)."""
        raise NotImplementedError

    def ratings(self, node: Located) -> list[str]:
        """Check each Rating of the reviewRating; return the verdicts they give."""
        found = node.get("reviewRating")
        if found is None:
            self.report(
                node,
                "claimreview-missing-rating",
                "the ClaimReview has no reviewRating; add a Rating whose alternateName is the "
                "verdict",
            )
            return []
        verdicts: list[str] = []
        for item in found.each():
            rating = self.resolve(item)
            if not isinstance(rating.value, dict):
                self.report(
                    item,
                    "claimreview-missing-rating",
                    f"reviewRating is {describe(item.value)}, not a Rating; write an object such "
                    'as {"@type": "Rating", "alternateName": "False"}',
                )
                continue
            verdict = self.rating(rating)
            if verdict:
                verdicts.append(verdict)
        return verdicts

    def rating(self, rating: Located) -> str | None:
        """Check one Rating: its verdict in alternateName, and its numbers; return the verdict,
        if any."""
        name = rating.get("alternateName")
        verdict = text_of(name.value) if name else None
        if verdict is None or not verdict.strip():
            self.report(
                name or rating,
                "rating-missing-alternatename",
                "the reviewRating has no alternateName; add the verdict as text (such as "
                "'Mostly false'): it is the only part of the rating that readers are shown",
            )
            verdict = None
        elif name is not None and is_sentence(verdict):
            self.report(name, "rating-label-sentence", sentence_message(verdict.strip()))
        value = _given(rating, "ratingValue")
        if value is None:
            self.report(
                rating,
                "rating-missing-value",
                "the reviewRating has no ratingValue; add the verdict's number on the scale "
                "from worstRating to bestRating",
            )
        numbers: dict[str, float] = {}
        numeric = True
        for prop in ("ratingValue", "bestRating", "worstRating"):
            given = _given(rating, prop)
            if given is None:
                continue
            number = number_of(given.value)
            if number is None:
                numeric = False
                self.report(
                    given,
                    "rating-value-not-numeric",
                    f"{prop} is {describe(given.value)}, not a number; write a number such as 3"
                    + (" or leave ratingValue out" if prop == "ratingValue" else ""),
                )
            else:
                numbers[prop] = number
        if numeric:
            self.scale(rating, value, numbers)
        return verdict

    def scale(self, rating: Located, value: Located | None, numbers: dict[str, float]) -> None:
        """Check that a Rating with a ratingValue states its scale, that any scale it states
        runs upward, and that the ratingValue lies on it; `numbers` holds the numbers given."""
        best_field = _given(rating, "bestRating")
        worst_field = _given(rating, "worstRating")
        if value is not None and (best_field is None or worst_field is None):
            self.report(
                value,
                "rating-missing-scale",
                "the reviewRating has a ratingValue but no "
                + " or ".join(p for p in ("bestRating", "worstRating") if _given(rating, p) is None)
                + "; schema.org then assumes bestRating 5 and worstRating 1: state the scale",
            )
        if value is None and best_field is None and worst_field is None:
            return
        best = numbers.get("bestRating", DEFAULT_BEST)
        worst = numbers.get("worstRating", DEFAULT_WORST)
        bounds = (
            f"worstRating {num(worst)}{'' if worst_field else ' (the schema.org default)'} to "
            f"bestRating {num(best)}{'' if best_field else ' (the schema.org default)'}"
        )
        if best <= worst:
            self.report(
                best_field or worst_field or rating,
                "rating-scale-invalid",
                f"the rating scale runs from {bounds}; bestRating must be greater than worstRating",
            )
            return
        if value is None:
            return
        number = numbers["ratingValue"]
        if not worst <= number <= best:
            hint = (
                ", or, for a claim that cannot be rated, leave ratingValue out and give the "
                "verdict in alternateName alone"
                if number < worst
                else ""
            )
            self.report(
                value,
                "rating-out-of-range",
                f"ratingValue {num(number)} is outside the rating scale, which runs from "
                f"{bounds}: give a value on the scale{hint}",
            )
