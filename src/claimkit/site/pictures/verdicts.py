"""The verdict classes the pictures tell apart, in drawing order, with the names shown for them."""

from __future__ import annotations

__all__ = ["CLASSES", "CLASS_NAMES", "verdict_class"]

# Legends, lanes and totals list the classes in this order.
CLASSES = ("true", "mixture", "false", "other", "unreviewed")
CLASS_NAMES = {
    "true": "True",
    "mixture": "Mixture",
    "false": "False",
    "other": "Other",
    "unreviewed": "Not reviewed",
}


def verdict_class(value: str) -> str:
    """The caller's verdict class as one of CLASSES: trimmed and lower-cased, else "other".

    A class the pictures do not know (a site's own rating class, a typo) is drawn as "other"
    rather than refused, so a picture can always be made.
    """
    value = value.strip().lower()
    return value if value in CLASS_NAMES else "other"
