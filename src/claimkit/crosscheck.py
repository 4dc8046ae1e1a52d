"""Checks across records: ids, references, the rating scale, dates, placeholders."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from claimkit.diagnostics import Diagnostic
from claimkit.discover import RecordFile
from claimkit.load import Document, JsonPath
from claimkit.models import FOLDER_OF_KIND, Claim, Record, Site
from claimkit.schema_check import field_name, suggest

# What `claimkit new` writes where a contributor still has to fill something in.
PLACEHOLDER = re.compile(r"<TODO(?::[^>]*)?>")
_DATE_KEYS = {"date", "dateMade", "datePublished", "dateModified", "dateCreated"}
_UNREFERENCED_KINDS = ("person", "organization", "topic")
# Names the site's own pages use inside each kind's folder (listings, facets, pagination).
_RESERVED_IDS = {"index", "search", "assets"}
_RESERVED_CLAIM_IDS = {"verdict", "topic", "claimant"}
_PAGE_ID = re.compile(r"^page-[0-9]+$")


def _reserved(kind: str, ident: str) -> bool:
    return (
        ident in _RESERVED_IDS
        or bool(_PAGE_ID.match(ident))
        or (kind == "claim" and ident in _RESERVED_CLAIM_IDS)
    )


@dataclass
class Loaded:
    """A record file that was read: its document, and its model when the schema accepted it."""

    file: RecordFile
    doc: Document
    model: Record | None

    @property
    def kind(self) -> str | None:
        return self.file.kind

    @property
    def ident(self) -> str | None:
        if self.kind == "site":
            return "site"
        value = self.doc.data.get("id")
        return value if isinstance(value, str) else None


def cross_check(loaded: list[Loaded], today: dt.date) -> list[Diagnostic]:
    """Every problem that only shows when records are seen together."""
    out: list[Diagnostic] = []
    known: dict[str, dict[str, Loaded]] = {kind: {} for kind in FOLDER_OF_KIND}
    sites = [item for item in loaded if item.kind == "site"]
    for item in loaded:
        out.extend(_placeholders(item))
        out.extend(_future_dates(item, today))
        if item.kind in (None, "site"):
            continue
        ident = item.ident
        if ident is None:
            continue
        if ident != item.file.stem:
            out.append(
                _at(
                    item,
                    ("id",),
                    "id-file-mismatch",
                    f"the id '{ident}' differs from the file name '{item.file.file.name}'; "
                    f"rename the file to '{ident}{item.file.file.suffix}' or set id to "
                    f"'{item.file.stem}'",
                )
            )
        if _reserved(item.kind, ident):
            out.append(
                _at(
                    item,
                    ("id",),
                    "id-reserved",
                    f"the id '{ident}' is a name the site uses for its own pages; choose "
                    "another id (and rename the file to match)",
                )
            )
        first = known[item.kind].get(ident)
        if first is not None:
            out.append(
                _at(
                    item,
                    ("id",),
                    "id-duplicate",
                    f"the {item.kind} id '{ident}' is already used by {first.doc.path}; "
                    "give one of them another id",
                )
            )
        else:
            known[item.kind][ident] = item
    site = _site(sites, out)
    if site is None:
        return out
    referenced: set[tuple[str, str]] = {("organization", site.publisher)}
    for item in loaded:
        if item.model is None:
            continue
        for path, kind, ident in item.model.references():
            referenced.add((kind, ident))
            if ident not in known[kind]:
                out.append(_unresolved(item, path, kind, ident, known))
        if isinstance(item.model, Claim):
            out.extend(_claim_checks(item, item.model, site))
    if isinstance(site, Site):
        out.extend(_scale_checks(sites[0], site))
    for kind in _UNREFERENCED_KINDS:
        for ident, item in known[kind].items():
            if (kind, ident) not in referenced:
                out.append(
                    _at(
                        item,
                        ("id",),
                        "record-unreferenced",
                        f"no record refers to the {kind} '{ident}'; refer to it from a claim, "
                        "article or review, or remove it",
                    )
                )
    return out


def _at(item: Loaded, path: JsonPath, code: str, message: str) -> Diagnostic:
    return Diagnostic.make(item.doc.path, item.doc.position(path), code, message)


def _site(sites: list[Loaded], out: list[Diagnostic]) -> Site | None:
    if not sites:
        out.append(
            Diagnostic.make(
                "records/site.yaml",
                None,
                "site-missing",
                "there are no site settings; create records/site.yaml with the site's title, "
                "url, publisher, licence and rating scale",
            )
        )
        return None
    for extra in sites[1:]:
        out.append(
            _at(
                extra,
                (),
                "site-duplicate",
                f"site settings are already in {sites[0].doc.path}; keep a single site file",
            )
        )
    model = sites[0].model
    return model if isinstance(model, Site) else None


def _unresolved(
    item: Loaded, path: JsonPath, kind: str, ident: str, known: dict[str, dict[str, Loaded]]
) -> Diagnostic:
    hint = suggest(ident, sorted(known[kind]))
    if not hint:
        elsewhere = [k for k, ids in known.items() if ident in ids and k != kind]
        if elsewhere:
            hint = f"; '{ident}' is a {elsewhere[0]}, but a {kind} is expected here"
    folder = FOLDER_OF_KIND[kind]
    return _at(
        item,
        path,
        "reference-unresolved",
        f"{field_name(path)} names the {kind} '{ident}', but there is no "
        f"records/{folder}/{ident}.yaml{hint}",
    )


def _claim_checks(item: Loaded, claim: Claim, site: Site) -> Iterator[Diagnostic]:
    labels = [s.label for s in site.scale.labels] + [s.label for s in site.scale.offScale]
    for i, review in enumerate(claim.reviews):
        base: JsonPath = ("reviews", i)
        own = review.publisher in (None, site.publisher)
        if own and review.rating not in labels:
            folded = {label.casefold(): label for label in labels}
            exact = folded.get(review.rating.casefold())
            hint = f"; did you mean '{exact}'?" if exact else suggest(review.rating, labels)
            yield _at(
                item,
                (*base, "rating"),
                "rating-not-in-scale",
                f"the rating '{review.rating}' is not in the site's scale{hint} "
                f"Expected one of: {', '.join(labels)}",
            )
        if own and any(
            v is not None for v in (review.ratingValue, review.bestRating, review.worstRating)
        ):
            yield _at(
                item,
                (*base, "ratingValue"),
                "rating-not-in-scale",
                "the site's own reviews take their numbers from the scale; remove ratingValue, "
                "bestRating and worstRating",
            )
        if not own:
            yield from _external_rating(
                item, base, review.ratingValue, review.bestRating, review.worstRating
            )
        if claim.dateMade and review.datePublished < claim.dateMade:
            yield _at(
                item,
                (*base, "datePublished"),
                "review-before-claim",
                f"the review is dated {review.datePublished}, before the claim was made on "
                f"{claim.dateMade}; check both dates",
            )
        for j, correction in enumerate(review.corrections):
            if correction.date < review.datePublished:
                yield _at(
                    item,
                    (*base, "corrections", j, "date"),
                    "date-order",
                    f"the correction is dated {correction.date}, before the review was published "
                    f"on {review.datePublished}",
                )


def _external_rating(
    item: Loaded, base: JsonPath, value: float | None, best: float | None, worst: float | None
) -> Iterator[Diagnostic]:
    if value is None or best is None or worst is None:
        return
    low, high = min(best, worst), max(best, worst)
    if not low <= value <= high:
        yield _at(
            item,
            (*base, "ratingValue"),
            "rating-not-in-scale",
            f"ratingValue {value:g} lies outside the reviewer's scale from {worst:g} to {best:g}",
        )


def _scale_checks(item: Loaded, site: Site) -> Iterator[Diagnostic]:
    seen_labels: dict[str, JsonPath] = {}
    seen_values: dict[int, str] = {}
    entries: list[tuple[JsonPath, str]] = [
        (("scale", "labels", i, "label"), s.label) for i, s in enumerate(site.scale.labels)
    ]
    entries += [
        (("scale", "offScale", i, "label"), s.label) for i, s in enumerate(site.scale.offScale)
    ]
    for path, label in entries:
        if label.casefold() in seen_labels:
            yield _at(
                item, path, "scale-invalid", f"the label '{label}' appears twice in the scale"
            )
        seen_labels[label.casefold()] = path
    for i, scale_label in enumerate(site.scale.labels):
        if scale_label.value in seen_values:
            yield _at(
                item,
                ("scale", "labels", i, "value"),
                "scale-invalid",
                f"'{scale_label.label}' has the value {scale_label.value}, already taken by "
                f"'{seen_values[scale_label.value]}'; each label needs its own place",
            )
        seen_values[scale_label.value] = scale_label.label
    values = [s.value for s in site.scale.labels]
    if values != sorted(values):
        yield _at(
            item,
            ("scale", "labels"),
            "scale-invalid",
            "list the scale's labels from worst to best, with rising values",
        )


def _walk(value: Any, path: JsonPath) -> Iterator[tuple[JsonPath, Any]]:
    stack: list[tuple[JsonPath, Any]] = [(path, value)]
    while stack:
        here, node = stack.pop()
        if isinstance(node, dict):
            stack.extend(((*here, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*here, i), v) for i, v in enumerate(node))
        else:
            yield here, node


def _placeholders(item: Loaded) -> Iterator[Diagnostic]:
    for path, value in _walk(item.doc.data, ()):
        found = PLACEHOLDER.search(value) if isinstance(value, str) else None
        if found:
            yield _at(
                item,
                path,
                "placeholder",
                f"{field_name(path)} still holds the placeholder {found.group(0)}; "
                "replace it with the real value",
            )


def _future_dates(item: Loaded, today: dt.date) -> Iterator[Diagnostic]:
    for path, value in _walk(item.doc.data, ()):
        if not path or path[-1] not in _DATE_KEYS or not isinstance(value, str):
            continue
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            continue
        if day > today:
            yield _at(
                item,
                path,
                "date-in-future",
                f"{field_name(path)} is {value}, after today ({today}); check the date",
            )
