"""Checks within one record on the parts data model v2 added: language tags against the BCP 47
registry, time ranges in videos and audio, translations, pictures' text alternatives, and the old
layout `migrate` rewrites."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from typing import Any

from claimkit.core.diagnostics import Diagnostic
from claimkit.core.limits import MAX_PROBLEMS_PER_FILE
from claimkit.core.model_base import UNKNOWN_LANGUAGE, offset_seconds
from claimkit.core.models import Appearance, Claim, Media, Record, ReviewBase, Site
from claimkit.records.load import Document, JsonPath
from claimkit.validation.schema_check import field_name, quoted

# The fields of the old layout, with what replaced them.
OLD_FIELDS = {"claimant": "claimants", "archiveUrl": "archivedAt"}


def part_checks(doc: Document, model: Record) -> Iterator[Diagnostic]:
    """The checks of the v2 parts of a valid record."""
    yield from _languages(doc, model)
    yield from _time_ranges(doc, model)
    if isinstance(model, Claim):
        yield from _translations(doc, model)
    if isinstance(model, Claim | Media):
        yield from _alts(doc, model.reviews)
    yield from old_layout(doc)


def _alts(doc: Document, reviews: Sequence[ReviewBase]) -> Iterator[Diagnostic]:
    """A warning for each review picture with no text alternative (an imported one may come
    without; readers who cannot see it are told nothing)."""
    for i, review in enumerate(reviews):
        if review.image is not None and not review.image.alt:
            path: JsonPath = ("reviews", i, "image")
            yield Diagnostic.make(
                doc.path,
                doc.position(path),
                "image-missing-alt",
                f"{field_name(path)} has no alt; write what the picture shows for readers who "
                "cannot see it",
            )


@cache
def _registry() -> Any:
    """langcodes, imported only when a record states a language: a run that checks nothing
    (or nothing with a language) does not pay for loading it."""
    import langcodes

    return langcodes


@lru_cache(maxsize=4096)
def known_language(tag: str) -> bool:
    """Whether a well-formed tag is `unknown` or made of subtags the BCP 47 registry has
    (remembered: a publication states few distinct tags, each of them thousands of times)."""
    return tag == UNKNOWN_LANGUAGE or bool(_registry().tag_is_valid(tag))


def _review_languages(base: JsonPath, review: ReviewBase) -> Iterator[tuple[JsonPath, str]]:
    if review.inLanguage:
        yield (*base, "inLanguage"), review.inLanguage
    for i, translation in enumerate(review.translations):
        if translation.inLanguage:
            yield (*base, "translations", i, "inLanguage"), translation.inLanguage
    if review.translationOf and review.translationOf.inLanguage:
        yield (*base, "translationOf", "inLanguage"), review.translationOf.inLanguage


def _language_fields(model: Record) -> Iterator[tuple[JsonPath, str]]:
    """Every language tag a record states, with its path."""
    if isinstance(model, Site):
        yield ("language",), model.language
        return
    stated = getattr(model, "inLanguage", None)
    if isinstance(stated, str):
        yield ("inLanguage",), stated
    reviews: list[ReviewBase] = []
    if isinstance(model, Claim | Media):
        reviews = list(model.reviews)
    for i, review in enumerate(reviews):
        yield from _review_languages(("reviews", i), review)


def _languages(doc: Document, model: Record) -> Iterator[Diagnostic]:
    found = 0
    for path, tag in _language_fields(model):
        if known_language(tag) or found >= MAX_PROBLEMS_PER_FILE:
            continue
        found += 1
        yield Diagnostic.make(
            doc.path,
            doc.position(path),
            "language-unknown",
            f"{field_name(path)} is {quoted(tag)}, which is not a language tag of the BCP 47 "
            "registry; write a registered tag such as 'en', 'uk' or 'pt-BR', or 'unknown'",
        )


def _ranges(model: Record) -> Iterator[tuple[JsonPath, str | None, str | None]]:
    """Every start and end time a record gives, with the path of the object holding them."""
    appearances: list[tuple[JsonPath, Appearance]] = []
    if isinstance(model, Media):
        yield (), model.startTime, model.endTime
        appearances = [(("appearances", i), a) for i, a in enumerate(model.appearances)]
    elif isinstance(model, Claim):
        appearances = [(("appearances", i), a) for i, a in enumerate(model.appearances)]
        if model.firstAppearance:
            appearances.append((("firstAppearance",), model.firstAppearance))
    for path, appearance in appearances:
        yield path, appearance.startTime, appearance.endTime


def _time_ranges(doc: Document, model: Record) -> Iterator[Diagnostic]:
    for path, start, end in _ranges(model):
        if start is None or end is None or offset_seconds(end) > offset_seconds(start):
            continue
        yield Diagnostic.make(
            doc.path,
            doc.position((*path, "endTime")),
            "time-range-order",
            f"{field_name((*path, 'endTime'))} is {end}, not after startTime {start}; the part "
            "that matters must end after it starts (write times as [h:]mm:ss from the start)",
        )


def _translations(doc: Document, claim: Claim) -> Iterator[Diagnostic]:
    for i, review in enumerate(claim.reviews):
        named: list[tuple[JsonPath, str | None]] = [
            (("reviews", i, "translations", j, "claim"), t.claim)
            for j, t in enumerate(review.translations)
        ]
        if review.translationOf:
            named.append((("reviews", i, "translationOf", "claim"), review.translationOf.claim))
        for path, other in named:
            if other == claim.id:
                yield Diagnostic.make(
                    doc.path,
                    doc.position(path),
                    "translation-self",
                    f"{field_name(path)} names this claim, {quoted(claim.id)}, itself; a "
                    "translation is another claim record (the same review in another language) "
                    "or a url",
                )


def old_fields(data: Any, deep: bool = True) -> Iterator[JsonPath]:
    """The paths of every old-layout field in a record's data: `claimant` on the record, and
    `archiveUrl` anywhere (looked for only when `deep`)."""
    if isinstance(data, dict) and "claimant" in data:
        yield ("claimant",)
    stack: list[tuple[JsonPath, Any]] = [((), data)] if deep else []
    while stack:
        here, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "archiveUrl":
                    yield (*here, key)
                elif isinstance(value, dict | list):
                    stack.append(((*here, key), value))
        elif isinstance(node, list):
            stack.extend(((*here, i), item) for i, item in enumerate(node))


def old_layout(doc: Document) -> Iterator[Diagnostic]:
    """A warning for each field of the old layout the record uses (`claimkit migrate` rewrites
    them). Only a text that holds "archiveUrl" is walked for it."""
    deep = not doc.text or "archiveUrl" in doc.text
    paths = sorted(old_fields(doc.data, deep), key=str)[:MAX_PROBLEMS_PER_FILE]
    for path in paths:
        old = str(path[-1])
        yield Diagnostic.make(
            doc.path,
            doc.key_position(path),
            "layout-deprecated",
            f"{field_name(path)} is the old layout; it is now a list, {OLD_FIELDS[old]}. "
            "Run `claimkit migrate` to rewrite the file",
        )
