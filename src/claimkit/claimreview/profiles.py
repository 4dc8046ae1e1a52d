"""Who reads ClaimReview markup, and which of `check`'s rules each reader's needs call for.

Google retired ClaimReview rich results in Search in June 2025; the markup is still read by
Google's Fact Check Explorer and Fact Check Tools API, by Data Commons and by other aggregators
and tools. `claimkit check --profile NAME` reports the rules of one reader (see
toolkit-docs/check.md for the sources and their dates).
"""

from __future__ import annotations

import argparse

from claimkit.claimreview.check import CHECK_CODES, CheckResult, page_url_option
from claimkit.core.report import REPORTERS

# Problems reading a file: every profile reports them.
READING = frozenset(
    {"input-too-large", "html-unreadable", "jsonld-syntax", "jsonld-too-deep", "no-claimreview"}
)
# schema.org alone: the context, and values of the type and range its definitions give.
SCHEMA_ORG = READING | {
    "jsonld-context",
    "rating-value-not-numeric",
    "rating-scale-invalid",
    "rating-out-of-range",
    "claimreview-url-invalid",
    "mediareview-category-invalid",
}
# Data: what makes a review usable as a record in a knowledge graph (who, when, what, which
# verdict, where the claim was made), without guidance on how a listing shows it.
DATA_COMMONS = SCHEMA_ORG | {
    "claimreview-missing-claimreviewed",
    "claimreview-missing-rating",
    "claimreview-missing-url",
    "claimreview-url-relative",
    "claimreview-missing-date",
    "claimreview-missing-author",
    "author-missing-name",
    "rating-missing-alternatename",
    "rating-missing-value",
    "rating-missing-scale",
    "claim-missing-item-reviewed",
    "claim-missing-author",
    "claim-missing-date",
    "claim-missing-appearance",
    "mediareview-missing-category",
    "mediareview-missing-item",
}
PROFILES: dict[str, frozenset[str]] = {
    # Google's documented ClaimReview guidelines, by which Fact Check Explorer and the Fact
    # Check Tools API read markup: every rule.
    "fact-check-explorer": CHECK_CODES,
    "data-commons": frozenset(DATA_COMMONS),
    "schema-org": frozenset(SCHEMA_ORG),
}
DEFAULT_PROFILE = "fact-check-explorer"


def apply_profile(result: CheckResult, profile: str) -> CheckResult:
    """The result with only the problems the profile's reader cares about (problems of other
    kinds, such as a path not found, are kept)."""
    rules = PROFILES[profile]
    result.diagnostics = [
        d for d in result.diagnostics if d.code in rules or d.code not in CHECK_CODES
    ]
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `claimkit check` (added only when the command is used)."""
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help=".html, .jsonld or .json files, or folders"
    )
    parser.add_argument(
        "--profile",
        choices=list(PROFILES),
        default=DEFAULT_PROFILE,
        help="whose rules: fact-check-explorer (Google's documented guidelines, by which Fact "
        "Check Explorer and the Fact Check Tools API read markup; the default), data-commons "
        "(what makes a review usable as data, without display guidance) or schema-org (only "
        "schema.org's types and ranges)",
    )
    parser.add_argument(
        "--page-url",
        type=page_url_option,
        metavar="URL",
        help="the URL of the page that carries the JSON-LD files: checks that each url is on "
        "its domain and that each fact check has a page of its own (default: a DataFeed's url, "
        "for reviews by an author on the feed's host; HTML pages use their canonical link, "
        "else og:url, else this)",
    )
    parser.add_argument(
        "--format", choices=sorted(REPORTERS), default="text", help="output format (default: text)"
    )
