"""Problems found in records: stable codes, severities and source positions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is: errors fail a run, warnings are reported and let it pass."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    """A stable problem code with its default severity and a one-line description."""

    name: str
    severity: Severity
    description: str


def _error(name: str, description: str) -> Code:
    return Code(name, Severity.ERROR, description)


def _warning(name: str, description: str) -> Code:
    return Code(name, Severity.WARNING, description)


CODES: dict[str, Code] = {
    code.name: code
    for code in (
        # Reading files.
        _error("file-unreadable", "The file could not be read."),
        _error("file-too-large", "The file is larger than the 1 MiB cap on a record."),
        _error("file-not-utf8", "The file is not valid UTF-8 text."),
        _error("file-empty", "The file holds no record."),
        _error("file-extension", "The file is not a .yaml, .yml or .json record."),
        _error("file-kind", "The file is not inside a folder that names a record kind."),
        _error("file-name", "A record's file name is not a lowercase slug."),
        _error("file-name-collision", "Two files' names differ only in case or Unicode form."),
        _error(
            "file-symlink", "The record is a symbolic link pointing outside the records folder."
        ),
        _error("yaml-syntax", "The YAML text could not be parsed."),
        _error("json-syntax", "The JSON text could not be parsed."),
        _error("yaml-duplicate-key", "A mapping has the same key twice."),
        _error("yaml-anchor", "The file uses a YAML anchor or alias, which records may not use."),
        _error("yaml-tag", "The file uses an explicit YAML tag, which records may not use."),
        _error("yaml-key-type", "A mapping key is not a plain string."),
        _error("yaml-too-deep", "The record nests deeper than any record kind allows."),
        _error("multiple-documents", "The file holds more than one YAML document."),
        _error("not-a-mapping", "The top level of the record is not a mapping."),
        # JSON Schema.
        _error("schema-required", "A required property is missing."),
        _error("schema-unknown-property", "A property is not part of the record kind."),
        _error("schema-type", "A value has the wrong type."),
        _error("schema-enum", "A value is not one of the allowed values."),
        _error("schema-pattern", "A text value does not have the expected form."),
        _error("schema-date", "A date is not a date of the calendar in a form records take."),
        _error("schema-length", "A text is too short or too long."),
        _error("schema-items", "A list has too few or too many items, or repeats an item."),
        _error("schema-range", "A number is outside its allowed range."),
        _error("schema-choice", "A value must take exactly one of several forms."),
        _error("schema-invalid", "A value does not match the schema."),
        _error("url-scheme", "A URL is not an absolute http(s) URL."),
        _error("language-unknown", "A language tag is well formed but not in the BCP 47 registry."),
        _error("time-range-order", "A time range in a video or audio ends before it starts."),
        _error("translation-self", "A review's translation names the review's own claim."),
        _error(
            "review-missing-summary",
            "The site's own review has no summary or explanation (another fact-checker's may not).",
        ),
        _error("review-missing-source", "The site's own review lists no source."),
        _error("review-missing-author", "The site's own review names no author."),
        _warning("image-missing-alt", "A review's picture has no text alternative."),
        _warning(
            "layout-deprecated",
            "The record uses the old layout (claimant, archiveUrl); run `claimkit migrate`.",
        ),
        # Across records.
        _error("id-file-mismatch", "A record's id differs from its file name."),
        _error("id-duplicate", "Two records of the same kind share an id."),
        _error("id-reserved", "A record's id is a name the site uses for its own pages."),
        _error("reference-unresolved", "A reference names a record that does not exist."),
        _error("rating-not-in-scale", "A review's rating label is not in the site's rating scale."),
        _error("review-before-claim", "A review is dated before the claim it reviews."),
        _error("date-in-future", "A date lies after today."),
        _error("date-order", "Two dates of one record are in an impossible order."),
        _error("site-missing", "The records have no site settings file (records/site.yaml)."),
        _error("site-duplicate", "More than one site settings file was found."),
        _error("scale-invalid", "The site's rating scale is inconsistent."),
        _error("placeholder", "A value still holds a placeholder from `claimkit new`."),
        _warning(
            "record-unreferenced", "A person, organization or topic that no record refers to."
        ),
        # Usage.
        _error("path-not-found", "A path given on the command line does not exist."),
        # Starting a publication (`claimkit init`) and building one.
        _error("init-name-invalid", "`claimkit init --name` is empty, too long or not one line."),
        _error("init-url-invalid", "`claimkit init --url` is not an absolute http(s) address."),
        _error("init-language-invalid", "`claimkit init --language` is not a BCP 47 tag."),
        _error("init-folder-not-empty", "`claimkit init` was given a folder that is not empty."),
        _error("init-not-a-publication", "`claimkit init --upgrade` found no records/site.yaml."),
        _warning(
            "site-version-untested",
            "A library that shapes the site is installed at another version than claimkit's tested one.",
        ),
        # ClaimReview checks.
        _error("input-too-large", "The file is larger than the 10 MiB that `check` reads."),
        _error("html-unreadable", "The HTML page cannot be parsed past some point."),
        _error("jsonld-syntax", "A JSON-LD script or file does not parse as JSON."),
        _error("jsonld-too-deep", "JSON-LD nests objects and arrays too deep to be read."),
        _warning("jsonld-context", "A ClaimReview's @context is missing or is not schema.org."),
        _warning("no-claimreview", "A file named to be checked holds no ClaimReview."),
        _warning(
            "claimreview-multiple", "A page (or DataFeedItem) carries more than one ClaimReview."
        ),
        _warning("claimreview-missing-date", "A ClaimReview has no datePublished."),
        _error("claimreview-missing-claimreviewed", "A ClaimReview has no claimReviewed text."),
        _error("claimreview-missing-rating", "A ClaimReview has no reviewRating object."),
        _error("claimreview-missing-url", "A ClaimReview has no url."),
        _error("claimreview-url-invalid", "A ClaimReview's url is not an http(s) URL."),
        _warning("claimreview-url-relative", "A ClaimReview's url is a relative URL."),
        _error(
            "claimreview-url-offsite",
            "A ClaimReview's url is not on the domain of the page that carries it.",
        ),
        _warning("claimreview-missing-author", "A ClaimReview has no author."),
        _warning("author-missing-name", "A ClaimReview's author has no name."),
        _warning("author-missing-url", "A ClaimReview's author has no url."),
        _warning(
            "claimreviewed-too-long",
            "The claim text is longer than the 75 characters Google's guidelines ask for.",
        ),
        _warning("claimreviewed-contains-verdict", "The claim text contains the verdict."),
        _warning("rating-label-sentence", "A verdict label is a sentence, not a short phrase."),
        _error("rating-missing-alternatename", "A reviewRating has no alternateName (verdict)."),
        _warning("rating-missing-value", "A reviewRating has no ratingValue."),
        _error(
            "rating-value-not-numeric", "A ratingValue, bestRating or worstRating is not a number."
        ),
        _warning("rating-missing-scale", "A ratingValue comes without bestRating or worstRating."),
        _error("rating-scale-invalid", "A rating's bestRating is not above its worstRating."),
        _error("rating-out-of-range", "A ratingValue lies outside its rating scale."),
        _warning("claim-missing-item-reviewed", "A ClaimReview's itemReviewed is not a Claim."),
        _warning(
            "claim-missing-author", "The reviewed Claim has no author, or one without a name."
        ),
        _warning("claim-missing-date", "The reviewed claim has no date it was made."),
        _warning("claim-missing-appearance", "The reviewed claim has no appearance with a URL."),
        _error("mediareview-missing-category", "A MediaReview has no mediaAuthenticityCategory."),
        _error(
            "mediareview-category-invalid",
            "A MediaReview's mediaAuthenticityCategory is not one of schema.org's six.",
        ),
        _error(
            "mediareview-missing-item",
            "A MediaReview's itemReviewed is missing or gives no media (appearance or URL).",
        ),
        # The output folder of build and export.
        _error(
            "output-symlink",
            "The output folder, or something claimkit writes or removes in it, is a symbolic link.",
        ),
        _error(
            "output-not-owned", "The output folder, or a path in it, is not what claimkit made."
        ),
        _error("output-unwritable", "The output folder cannot be written."),
        # Import.
        _error(
            "fetch-refused",
            "A URL (or a redirect) leads to a loopback, private, link-local or other internal "
            "address; --allow-private allows it.",
        ),
        _error("fetch-failed", "A URL given to `claimkit import` could not be fetched."),
        _error("import-records-invalid", "The publication imported into has errors to fix first."),
        _error("mapping-invalid", "The --ratings mapping file is not a valid mapping."),
        _error("import-write-failed", "The imported records could not be written."),
        _warning("import-unusable", "A ClaimReview or Claim lacks what a record needs: skipped."),
        _warning("import-other-type", "A review of something other than a claim: skipped."),
        _warning("import-context", "A node's @context is not schema.org: skipped."),
        _warning("import-conflict", "An imported record's id belongs to a different record."),
        _warning(
            "import-rating-unmapped", "The site's own review has a label not on the site's scale."
        ),
        _warning("import-filled", "A value a record needs was missing and was filled in."),
        _warning(
            "import-undone", "A record of an import that was killed before it finished was removed."
        ),
    )
}


# Characters that could break or forge an output line, reorder it on screen, or fail to encode.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def printable(text: str) -> str:
    """Text safe for one line of any output: control, bidi and lone surrogate characters escaped."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int
    column: int


START = Position(1, 1)


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, what is wrong, and its stable code."""

    path: str
    position: Position
    code: str
    message: str
    severity: Severity

    @classmethod
    def make(cls, path: str, position: Position | None, code: str, message: str) -> Diagnostic:
        """A diagnostic with its code's severity, at the start of the file if no position is
        known; path and message are made printable."""
        return cls(
            printable(path), position or START, code, printable(message), CODES[code].severity
        )

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """The order reports list diagnostics in: by file, then line and column, then code and
        message."""
        return (self.path, self.position.line, self.position.column, self.code, self.message)


@dataclass
class Findings:
    """The problems a run found, with their count by severity (a command's result extends it)."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """How many of the problems found are errors."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many of the problems found are warnings."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)
