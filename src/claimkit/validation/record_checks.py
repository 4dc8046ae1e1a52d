"""Checks within one record that go beyond its schema: ids, ratings, the site's own review
texts, dates, placeholders."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from claimkit.core.dates import certainly_before
from claimkit.core.diagnostics import Diagnostic
from claimkit.core.limits import MAX_PROBLEMS_PER_FILE
from claimkit.core.models import Article, Claim, Media, Record, ReviewBase, Site
from claimkit.core.review_rules import is_sentence, sentence_message
from claimkit.records.load import Document, JsonPath
from claimkit.validation.part_checks import part_checks
from claimkit.validation.review_checks import review_checks
from claimkit.validation.schema_check import PLACEHOLDER, field_name, quoted, suggest

DATE_KEYS = frozenset({"date", "dateMade", "datePublished", "dateModified", "dateCreated"})
# Names the site's own pages use inside each kind's folder (listings, facets, pagination).
_RESERVED_IDS = {"index", "search", "assets"} | {
    # Names Windows will not give a file: a contributor on Windows could not check one out.
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{n}" for n in range(1, 10)),
    *(f"lpt{n}" for n in range(1, 10)),
}
_RESERVED_CLAIM_IDS = {"verdict", "topic", "claimant"}
_PAGE_ID = re.compile(r"^page-[0-9]+\Z")


def reserved(kind: str, ident: str) -> bool:
    """Whether an id is a name the site uses for its own pages in the kind's folder, or one
    Windows will not give a file."""
    return (
        ident in _RESERVED_IDS
        or bool(_PAGE_ID.match(ident))
        or (kind == "claim" and ident in _RESERVED_CLAIM_IDS)
    )


def walk(value: Any) -> Iterator[tuple[JsonPath, Any]]:
    """Every scalar of a record with its path."""
    stack: list[tuple[JsonPath, Any]] = [((), value)]
    while stack:
        here, node = stack.pop()
        if isinstance(node, dict):
            stack.extend(((*here, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*here, i), v) for i, v in enumerate(node))
        else:
            yield here, node


# The end of a date (-MM-DD); the four digits before it are checked by hand. A pattern that
# starts with a literal is searched for many times faster than [0-9]{4}-...
_DATE_END = re.compile(r"-[0-9]{2}-[0-9]{2}")
# A year or a month alone (2027, 2027-03) as the value of a date field, quoted or not, in YAML
# or JSON: it starts with the literal "date" too. A full date it may be the start of is found
# by _DATE_END as well; what this finds in other fields (update: 2027) only makes the record
# looked at again.
_PARTIAL_DATE = re.compile(
    r"date(?:Made|Published|Modified|Created)?[\"']?[ \t]*:[ \t]*[\"']?([0-9]{4}(?:-[0-9]{2})?)(?![0-9])"
)


def date_texts(text: str) -> list[str]:
    """Every YYYY-MM-DD in the text, and every year or month alone in a date field (a few more
    in odd texts, such as 1234-56-78-90-12: the latest date only decides whether a record is
    looked at again, with its real dates).

    Dates compare as text: a year or month is after a day exactly when the first day it may
    mean is (`2027` > `2026-11-26`, `2026-11` < `2026-11-26`), so the latest text tells whether
    any date may lie after today.
    """
    out = []
    for found in _DATE_END.finditer(text):
        start = found.start()
        year = text[start - 4 : start]
        if start >= 4 and year.isdigit() and year.isascii():
            out.append(text[start - 4 : found.end()])
    out.extend(found.group(1) for found in _PARTIAL_DATE.finditer(text))
    return out


def scan(doc: Document) -> tuple[list[Diagnostic], str | None]:
    """Placeholders left in the record, and the latest date-like text in it.

    Both start from the raw text, which is much cheaper than walking the data: the latest date
    only decides whether the record is looked at again for dates after today.
    """
    out: list[Diagnostic] = []
    if "<TODO" in doc.text or not doc.text:
        for path, value in walk(doc.data):
            found = PLACEHOLDER.search(value) if isinstance(value, str) else None
            if found and len(out) < MAX_PROBLEMS_PER_FILE:
                out.append(
                    Diagnostic.make(
                        doc.path,
                        doc.position(path),
                        "placeholder",
                        f"{field_name(path)} still holds the placeholder {found.group(0)}; "
                        "replace it with the real value",
                    )
                )
    if not doc.text:
        dates = [v for p, v in walk(doc.data) if p and p[-1] in DATE_KEYS and isinstance(v, str)]
    else:
        dates = date_texts(doc.text)
    return out, max(dates) if dates else None


def id_checks(doc: Document, kind: str, stem: str, suffix: str) -> Iterator[Diagnostic]:
    """Problems with a record's id: it differs from the file's name, or is reserved (see
    reserved)."""
    ident = doc.data.get("id")
    if not isinstance(ident, str):
        return
    if ident != stem:
        yield Diagnostic.make(
            doc.path,
            doc.position(("id",)),
            "id-file-mismatch",
            f"the id {quoted(ident)} differs from the file name {quoted(stem + suffix)}; "
            f"rename the file to {quoted(ident + suffix)} or set the id to {quoted(stem)}",
        )
    if reserved(kind, ident):
        yield Diagnostic.make(
            doc.path,
            doc.position(("id",)),
            "id-reserved",
            f"the id {quoted(ident)} is a name the site uses for its own pages; choose another id "
            "(and rename the file to match)",
        )


def model_checks(doc: Document, model: Record, site: Site | None) -> Iterator[Diagnostic]:
    """The checks a record's own data allows, given the site settings."""
    if isinstance(model, Claim):
        if site is not None:
            yield from _ratings(doc, model, site)
            yield from _own_texts(doc, model.reviews, site)
            yield from review_checks(doc, model, site)
        for i, review in enumerate(model.reviews):
            yield from _review_dates(doc, ("reviews", i), review, model.dateMade, "claim")
    elif isinstance(model, Media):
        if site is not None:
            yield from _own_texts(doc, model.reviews, site)
        for i, media_review in enumerate(model.reviews):
            yield from _review_dates(doc, ("reviews", i), media_review, model.dateCreated, "media")
    elif (
        isinstance(model, Article)
        and model.dateModified
        and certainly_before(model.dateModified, model.datePublished)
    ):
        yield Diagnostic.make(
            doc.path,
            doc.position(("dateModified",)),
            "date-order",
            f"dateModified {model.dateModified} is before datePublished {model.datePublished}",
        )
    elif isinstance(model, Site):
        yield from _scale(doc, model)
    yield from part_checks(doc, model)


def _own_texts(doc: Document, reviews: Sequence[ReviewBase], site: Site) -> Iterator[Diagnostic]:
    """The site's own reviews say what was found and why: a summary, and for a claim's review
    an explanation. Another fact-checker's review brought in by import may give neither (the
    record says so rather than making one up)."""
    for i, review in enumerate(reviews):
        if review.publisher not in (None, site.publisher):
            continue
        missing = [name for name in review.OWN_NEEDS if not getattr(review, name)]
        if missing:
            yield Diagnostic.make(
                doc.path,
                doc.position(("reviews", i)),
                "review-missing-summary",
                f"reviews[{i}] is the site's own review and has no {' or '.join(missing)}; "
                "write what was checked and found (summary) and why it gets its rating "
                "(explanation)",
            )


def _review_dates(
    doc: Document, base: JsonPath, review: ReviewBase, made: str | None, what: str
) -> Iterator[Diagnostic]:
    """A review's dates against each other and against when the claim or media was made; a
    partial date is out of order only when every day it may mean is."""

    def at(path: JsonPath, code: str, message: str) -> Diagnostic:
        return Diagnostic.make(doc.path, doc.position((*base, *path)), code, message)

    published = review.datePublished
    if made and certainly_before(published, made):
        verb = "was made" if what == "claim" else "was created"
        yield at(
            ("datePublished",),
            "review-before-claim",
            f"the review is dated {published}, before the {what} {verb} on {made}; check both "
            "dates",
        )
    if review.dateModified and certainly_before(review.dateModified, published):
        yield at(
            ("dateModified",),
            "date-order",
            f"dateModified {review.dateModified} is before the review was published on {published}",
        )
    for j, correction in enumerate(review.corrections):
        if certainly_before(correction.date, published):
            yield at(
                ("corrections", j, "date"),
                "date-order",
                f"the correction is dated {correction.date}, before the review was published "
                f"on {published}",
            )


def _ratings(doc: Document, claim: Claim, site: Site) -> Iterator[Diagnostic]:
    """The ratings of the site's own reviews against the site's scale (another fact-checker's
    numbers are held to their own scale by `review_checks`)."""
    labels = [s.label for s in site.scale.labels] + [s.label for s in site.scale.offScale]

    def at(path: JsonPath, code: str, message: str) -> Diagnostic:
        return Diagnostic.make(doc.path, doc.position(path), code, message)

    for i, review in enumerate(claim.reviews):
        base: JsonPath = ("reviews", i)
        own = review.publisher in (None, site.publisher)
        if own and review.rating not in labels:
            folded = {label.casefold(): label for label in labels}
            exact = folded.get(review.rating.casefold())
            hint = f"; did you mean '{exact}'?" if exact else suggest(review.rating, labels)
            yield at(
                (*base, "rating"),
                "rating-not-in-scale",
                f"the rating {quoted(review.rating)} is not in the site's scale{hint} "
                f"Expected one of: {', '.join(labels)}",
            )
        numbers = (review.ratingValue, review.bestRating, review.worstRating)
        if own and any(v is not None for v in numbers):
            yield at(
                (*base, "ratingValue"),
                "rating-not-in-scale",
                "the site's own reviews take their numbers from the scale; remove ratingValue, "
                "bestRating and worstRating",
            )


def _scale(doc: Document, site: Site) -> Iterator[Diagnostic]:
    seen_labels: set[str] = set()
    entries: list[tuple[JsonPath, str]] = [
        (("scale", "labels", i, "label"), s.label) for i, s in enumerate(site.scale.labels)
    ]
    entries += [
        (("scale", "offScale", i, "label"), s.label) for i, s in enumerate(site.scale.offScale)
    ]
    for path, label in entries:
        if is_sentence(label):
            yield Diagnostic.make(
                doc.path, doc.position(path), "rating-label-sentence", sentence_message(label)
            )
        if label.casefold() in seen_labels:
            yield Diagnostic.make(
                doc.path,
                doc.position(path),
                "scale-invalid",
                f"the label {quoted(label)} appears twice in the scale",
            )
        seen_labels.add(label.casefold())
    seen_values: dict[int, str] = {}
    for i, scale_label in enumerate(site.scale.labels):
        if scale_label.value in seen_values:
            yield Diagnostic.make(
                doc.path,
                doc.position(("scale", "labels", i, "value")),
                "scale-invalid",
                f"{quoted(scale_label.label)} has the value {scale_label.value}, already taken by "
                f"{quoted(seen_values[scale_label.value])}; each label needs its own place",
            )
        seen_values[scale_label.value] = scale_label.label
    values = [s.value for s in site.scale.labels]
    if values != sorted(values):
        yield Diagnostic.make(
            doc.path,
            doc.position(("scale", "labels")),
            "scale-invalid",
            "list the scale's labels from worst to best, with rising values",
        )
