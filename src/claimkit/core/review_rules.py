"""The rules on a ClaimReview that records (`validate`) and published markup (`check`) share.

One rule set, two inputs: `claimkit check` applies these to the JSON-LD of any page, and
`claimkit validate` to the records the JSON-LD is built from, with the same codes, so that a
record that validates cleanly publishes markup that checks cleanly. `MARKUP_RULES` says, for
every rule `check` applies, how a record is held to it.
"""

from __future__ import annotations

import functools
import re
from typing import Literal, get_args

# Google's ClaimReview guidelines (developers.google.com/search/docs/appearance/structured-data/
# factcheck, as it read in 2024): "Try to keep this less than 75 characters to minimize wrapping
# when displayed on a mobile device." Written for Search's rich result (retired June 2025), it
# is still the only figure a consumer of the markup has published for the claim's length.
MAX_CLAIM_LENGTH = 75
# Google's guidelines call alternateName "a human-readable short word or phrase" ("Mostly
# false"); the longest labels of the real scales claimkit's import tests read ("Half true",
# "Pants on Fire!", "Missing context", "Partly false") have at most 3 words. A label of more
# than 6 words, or one holding a sentence's end before its last character, is a sentence.
MAX_LABEL_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?](?=\s+\S)")

# The rules a publication's methodology (site.yaml `methodology.allow`) may relax: guidance
# (warnings) only, never what consumers require.
RelaxableRule = Literal[
    "rating-missing-value",
    "rating-missing-scale",
    "claimreviewed-too-long",
    "claim-missing-date",
    "claim-missing-appearance",
]
RELAXABLE: tuple[str, ...] = get_args(RelaxableRule)
# Each relaxable rule in words, as the methodology page names it.
RULE_NAMES: dict[str, str] = {
    "rating-missing-value": "a verdict without a number on the scale",
    "rating-missing-scale": "a number without the scale it is on",
    "claimreviewed-too-long": "a claim text longer than the 75 characters Google asks for",
    "claim-missing-date": "a claim without the date it was made",
    "claim-missing-appearance": "a claim without a link to where it appeared",
}

# Where a built site states the rules its methodology relaxes (JSON: {"allow": [{"rule",
# "reason"}]}), relative to the site's root; `check` reads it when it checks that folder.
METHODOLOGY_FILE = "data/methodology.json"

# How `validate` holds records to each rule `check` applies to markup: "record" when a record
# check reports the same code, otherwise why the markup claimkit builds cannot break it.
MARKUP_RULES: dict[str, str] = {
    "claimreviewed-too-long": "record",
    "claimreviewed-contains-verdict": "record",
    "rating-label-sentence": "record",
    "rating-missing-value": "record",
    "rating-missing-scale": "record",
    "rating-scale-invalid": "record",
    "rating-out-of-range": "record",
    "claimreview-missing-url": "record",
    "claim-missing-date": "record",
    "claim-missing-appearance": "record",
    "jsonld-context": "built: every page and dump carries schema.org's context",
    "claimreview-multiple": "built: a page carries only the site's own review of its claim",
    "claimreview-missing-claimreviewed": "built: claimReviewed is required (schema-required)",
    "claimreview-missing-date": "built: datePublished is required (schema-required)",
    "claimreview-missing-rating": "built: rating is required (schema-required)",
    "claimreview-url-invalid": "built: record URLs are http(s) (url-scheme)",
    "claimreview-url-relative": "built: the site's url is absolute (schema-pattern)",
    "claimreview-url-offsite": "built: an own review's url is its page on the site",
    "claimreview-missing-author": "built: the publisher is always an author",
    "author-missing-name": "built: organizations and people have a name (schema-required)",
    "author-missing-url": "built: a record without a url is linked to its page on the site",
    "rating-missing-alternatename": "built: rating is required text (schema-length)",
    "rating-value-not-numeric": "built: numbers are numbers (schema-type)",
    "claim-missing-item-reviewed": "built: itemReviewed is always the Claim",
    "claim-missing-author": "built: every claimant is published with a name",
}


def too_long(claim: str) -> int | None:
    """The claim text's length when it is over MAX_CLAIM_LENGTH, else None."""
    length = len(claim.strip())
    return length if length > MAX_CLAIM_LENGTH else None


def too_long_message(length: int) -> str:
    """What to say about a claim text of `length` characters."""
    return (
        f"the claim text is {length} characters long; Google's ClaimReview guidelines ask for "
        f"at most {MAX_CLAIM_LENGTH}, so that lists of fact checks can show it whole: shorten it"
    )


@functools.lru_cache(maxsize=1024)
def _verdict_pattern(verdict: str) -> re.Pattern[str] | None:
    """The pattern of a verdict as a whole word or phrase, ignoring case (remembered: a
    publication has few verdicts, each checked against thousands of claims)."""
    words = verdict.split()
    if not words:
        return None
    return re.compile(
        r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE
    )


def contains_verdict(claim: str, verdict: str) -> bool:
    """Whether the verdict occurs in the claim as a whole word or phrase, ignoring case."""
    pattern = _verdict_pattern(verdict)
    return pattern is not None and pattern.search(claim) is not None


def contains_verdict_message(verdict: str) -> str:
    """What to say about a claim text that holds its verdict."""
    return (
        f"the claim text contains the verdict '{verdict}'; state the claim as it was made and "
        "leave the verdict to the rating"
    )


def is_sentence(label: str) -> bool:
    """Whether a verdict label is a sentence rather than a short word or phrase."""
    return len(label.split()) > MAX_LABEL_WORDS or _SENTENCE_END.search(label.strip()) is not None


def sentence_message(label: str) -> str:
    """What to say about a verdict label that is a sentence."""
    short = label if len(label) <= 40 else label[:37] + "..."
    return (
        f"the verdict label '{short}' is a sentence; a label is a short word or phrase (such "
        "as 'Mostly false') that fact-check listings show beside the claim: put the reasons in the "
        "explanation"
    )
