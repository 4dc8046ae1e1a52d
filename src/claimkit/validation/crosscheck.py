"""Checks across records: unique ids, the site settings, references, unused records, today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Mapping

from claimkit.core.dates import after_today, problem
from claimkit.core.diagnostics import Diagnostic
from claimkit.core.limits import MAX_PROBLEMS_PER_FILE
from claimkit.core.models import FOLDER_OF_KIND
from claimkit.records.load import JsonPath
from claimkit.validation.facts import FileFacts, ref_key
from claimkit.validation.filecheck import Checked
from claimkit.validation.record_checks import DATE_KEYS, walk
from claimkit.validation.schema_check import field_name, quoted, suggest

UNREFERENCED_KINDS = ("person", "organization", "topic")
_ARTICLE = {"organization": "an", "article": "an"}

# Reads a file again, with positions, when a problem found across records must point into it.
Locate = Callable[[str], Checked]


class Pointer:
    """Diagnostics that point into a file read again (once) for its positions."""

    def __init__(self, locate: Locate) -> None:
        self.locate = locate

    def at(self, display: str, path: JsonPath, code: str, message: str) -> Diagnostic:
        """A diagnostic at `path` in the file shown as `display`."""
        doc = self.locate(display).doc
        position = doc.position(path) if doc is not None else None
        return Diagnostic.make(display, position, code, message)


def cross_check(
    files: list[FileFacts], site_file: str, publisher: str | None, today: dt.date, locate: Locate
) -> list[Diagnostic]:
    """Every problem that only shows when records are seen together.

    `site_file` is where the site settings are or belong; `publisher` is the site publisher's
    id when the settings could be read.
    """
    out: list[Diagnostic] = []
    pointer = Pointer(locate)
    known: dict[str, dict[str, FileFacts]] = {kind: {} for kind in FOLDER_OF_KIND}
    sites = [f for f in files if f.kind == "site"]
    if not sites:
        out.append(
            Diagnostic.make(
                site_file,
                None,
                "site-missing",
                f"there are no site settings; create {site_file} with the site's title, url, "
                "publisher, licence and rating scale",
            )
        )
    for extra in sites[1:]:
        out.append(
            pointer.at(
                extra.display,
                (),
                "site-duplicate",
                f"site settings are already in {sites[0].display}; keep a single site file",
            )
        )
    for facts in files:
        if facts.latest_date and facts.latest_date > today.isoformat():
            out.extend(future_dates(facts.display, today, locate))
        if facts.kind in (None, "site") or facts.ident is None:
            continue
        first = known[facts.kind].get(facts.ident)
        if first is not None:
            out.append(duplicate(pointer, facts.display, facts.kind, facts.ident, first.display))
        else:
            known[facts.kind][facts.ident] = facts
    if not sites:
        return out  # without settings, references to the publisher cannot be judged
    keys = {kind: {ref_key(kind, ident) for ident in ids} for kind, ids in known.items()}
    every = set().union(*keys.values())
    referenced: set[str] = set()
    if publisher:
        referenced.add(ref_key("organization", publisher))
    for facts in files:
        if not facts.ref_lines:
            continue
        refs = facts.refs
        referenced.update(refs)
        if not every.issuperset(refs):  # in C: most records name only records that exist
            missing = {ref for ref in refs if ref not in every}
            out.extend(unresolved(facts.display, missing, known, locate))
    for kind in UNREFERENCED_KINDS:
        for ident, facts in known[kind].items():
            if facts.valid and ref_key(kind, ident) not in referenced:
                out.append(unreferenced(pointer, facts.display, kind, ident))
    return out


def duplicate(pointer: Pointer, display: str, kind: str, ident: str, first: str) -> Diagnostic:
    """The record shown as `display` has the id of the one shown as `first`, met before it."""
    return pointer.at(
        display,
        ("id",),
        "id-duplicate",
        f"the {kind} id {quoted(ident)} is already used by {first}; give one of them another id",
    )


def unreferenced(pointer: Pointer, display: str, kind: str, ident: str) -> Diagnostic:
    """No record names the record shown as `display`."""
    return pointer.at(
        display,
        ("id",),
        "record-unreferenced",
        f"no record refers to the {kind} {quoted(ident)}; refer to it from a claim, article or "
        "review, or remove it",
    )


# How to start a record of each kind (its id is made from the name, headline or claim).
_NEW_COMMAND = {
    "person": 'claimkit new person --name "..."',
    "organization": 'claimkit new organization --name "..."',
    "topic": 'claimkit new topic --name "..."',
    "article": 'claimkit new article --headline "..." --url ...',
    "claim": 'claimkit new claim --claim "..."',
    "media": 'claimkit new media --name "..."',
}


def unresolved(
    display: str, missing: set[str], known: Mapping[str, Collection[str]], locate: Locate
) -> Iterator[Diagnostic]:
    """The references of the file shown as `display` to records that do not exist (`missing`,
    as "kind:id" keys), given the ids `known` of each kind (in FOLDER_OF_KIND's order)."""
    checked = locate(display)
    if checked.model is None or checked.doc is None:
        return
    reported = 0
    for path, kind, ident in checked.model.references():
        if ref_key(kind, ident) not in missing:
            continue
        reported += 1
        if reported > MAX_PROBLEMS_PER_FILE:
            return
        hint = suggest(ident, sorted(known[kind]))
        if not hint:
            elsewhere = [k for k, ids in known.items() if ident in ids and k != kind]
            if elsewhere:
                hint = (
                    f"; {quoted(ident)} is {_ARTICLE.get(elsewhere[0], 'a')} {elsewhere[0]}, "
                    f"but {_ARTICLE.get(kind, 'a')} {kind} is expected here"
                )
            else:
                hint = (
                    f"; if it is new, create it: {_NEW_COMMAND.get(kind, 'claimkit new ' + kind)}"
                )
        yield Diagnostic.make(
            display,
            checked.doc.position(path),
            "reference-unresolved",
            f"{field_name(path)} names the {kind} {quoted(ident)}, but there is no "
            f"records/{FOLDER_OF_KIND[kind]}/{ident}.yaml{hint}",
        )


def future_dates(display: str, today: dt.date, locate: Locate) -> Iterator[Diagnostic]:
    """The dates of a record that lie after today whatever day they mean: a year or a month that
    has begun is not in the future, a date-time counts as the day written in its own zone."""
    doc = locate(display).doc
    if doc is None:
        return
    for path, value in walk(doc.data):
        if not path or path[-1] not in DATE_KEYS or not isinstance(value, str):
            continue
        if problem(value) is None and after_today(value, today):
            yield Diagnostic.make(
                display,
                doc.position(path),
                "date-in-future",
                f"{field_name(path)} is {value}, after today ({today}); check the date",
            )
