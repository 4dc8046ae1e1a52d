"""The checks across records again after a few files changed, came or went: the last run's
problems are kept for every file the change cannot affect, and worked out again for the others,
from every file's facts as the cache index keeps them (no object per file).

`crosscheck.cross_check` is the reference: for the same files the two give the same problems
(tests/unit/test_cross_delta.py compares them after random edits, additions, deletions and
changes of ids). What a change to one file can affect:

- its own problems across records (a date after today, its id taken, what it names);
- the records with the id it had or has (which of them comes first, whether one is named);
- the records it named or names (whether any record still names them);
- when an id came or went: the records naming that id, and every record with a reference
  that does not resolve (the hint lists ids close to the one named, of every kind).

A superset of these is worked out again when that is quicker to find: working out a file that
did not need it gives the same problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, Final

from claimkit.core.diagnostics import Diagnostic, Position
from claimkit.core.models import FOLDER_OF_KIND
from claimkit.validation.crosscheck import (
    UNREFERENCED_KINDS,
    Locate,
    Pointer,
    duplicate,
    future_dates,
    unreferenced,
    unresolved,
)
from claimkit.validation.facts import SITE_CODES, Entry, ref_key

# One file's change: its display, its entry before (None: the file is new) and now (None: it is
# gone). An entry whose result did not change need not be given.
Change = tuple[str, Entry | None, Entry | None]
# A problem across records as the index keeps it: path, line, column, code, message.
Kept = tuple[str, int, int, str, str]

_KIND: Final = 0
_IDENT: Final = 1
_VALID: Final = 2
_REFS: Final = 3
_LATEST: Final = 4


def _id_key(entry: Entry | None) -> str | None:
    """The "kind:id" a record's id makes for the check of unique ids (None: it takes no id)."""
    if entry is None or entry[_KIND] in (None, "site") or entry[_IDENT] is None:
        return None
    return ref_key(str(entry[_KIND]), str(entry[_IDENT]))


def _refs(entry: Entry | None) -> set[str]:
    return set(entry[_REFS].split("\n")) if entry is not None and entry[_REFS] else set()


class _Facts:
    """Every file's facts, in the order of the checks across records, looked up as needed."""

    def __init__(self, displays: Sequence[str], entries: Sequence[Entry]) -> None:
        self.displays = displays
        self.entries = entries
        self._pairs: set[tuple[Any, Any]] | None = None
        self._known: dict[str, set[str]] | None = None
        self._named: str | None = None

    def holders(self, keys: Collection[str]) -> dict[str, list[int]]:
        """The files (by number, in order) whose id makes each of these "kind:id" keys."""
        idents = {key.partition(":")[2] for key in keys}
        found: dict[str, list[int]] = {}
        for at, entry in enumerate(self.entries):
            if entry[_IDENT] in idents:
                key = _id_key(entry)
                if key is not None and key in keys:
                    found.setdefault(key, []).append(at)
        return found

    def naming(self, keys: Iterable[str]) -> set[int]:
        """The files whose references may name one of these keys (a superset)."""
        needles = tuple(keys)
        return {
            at
            for at, entry in enumerate(self.entries)
            if entry[_REFS] and any(needle in entry[_REFS] for needle in needles)
        }

    def exists(self, kind: str, ident: str) -> bool:
        if self._pairs is None:
            self._pairs = {(entry[_KIND], entry[_IDENT]) for entry in self.entries}
        return (kind, ident) in self._pairs

    def known(self) -> Mapping[str, Collection[str]]:
        """The ids of each kind, in FOLDER_OF_KIND's order, as the check of references sees them."""
        if self._known is None:
            self._known = {kind: set() for kind in FOLDER_OF_KIND}
            for entry in self.entries:
                if _id_key(entry) is not None:
                    self._known[str(entry[_KIND])].add(str(entry[_IDENT]))
        return self._known

    def named(self, key: str) -> bool:
        """Whether some file names the record with this "kind:id" key."""
        if self._named is None:
            self._named = "\n" + "\n".join(e[_REFS] for e in self.entries if e[_REFS]) + "\n"
        return f"\n{key}\n" in self._named


def cross_delta(
    displays: Sequence[str],
    entries: Sequence[Entry],
    changes: Sequence[Change],
    before: Sequence[Kept],
    context: tuple[bool, str | None, dt.date],
    locate: Locate,
) -> tuple[list[Diagnostic], set[str], list[Diagnostic]]:
    """The problems across records of these files (`displays` and their `entries`: the site
    settings first, then the others in the walk's order, as `cross_check` takes them), given
    the last run's problems (`before`, for the same site settings, date, working folder and
    publisher) and what changed since. `context`: whether there are site settings, the
    publisher's id, today.

    Returns every problem, the displays of the files whose problems were worked out again, and
    their problems (what changed, for the index)."""
    facts = _Facts(displays, entries)
    redo = _affected(facts, changes, before)
    kept = [
        Diagnostic.make(path, Position(line, column), code, message)
        for path, line, column, code, message in before
        if path not in redo or code in SITE_CODES
    ]
    numbers = [at for at, display in enumerate(displays) if display in redo]
    fresh = _problems_of(facts, numbers, context, locate)
    return kept + fresh, redo, fresh


def _affected(facts: _Facts, changes: Sequence[Change], before: Sequence[Kept]) -> set[str]:
    """The displays of the files whose problems across records are to be worked out again (the
    files that are gone among them: their problems are dropped)."""
    redo = {display for display, _, _ in changes}
    ids: set[str] = set()
    named: set[str] = set()
    ids_moved = False
    for _, old, new in changes:
        was, now = _id_key(old), _id_key(new)
        ids.update(key for key in (was, now) if key is not None)
        ids_moved = ids_moved or was != now
        named |= _refs(old) ^ _refs(new)
    for numbers in facts.holders(ids | named).values():
        redo.update(facts.displays[at] for at in numbers)
    if ids_moved:
        redo.update(facts.displays[at] for at in facts.naming(ids))
        redo.update(path for path, _, _, code, _ in before if code == "reference-unresolved")
    return redo


def _problems_of(
    facts: _Facts, numbers: list[int], context: tuple[bool, str | None, dt.date], locate: Locate
) -> list[Diagnostic]:
    """The problems across records of the files with these numbers, as `cross_check` finds
    them (but for the site settings' own, which only a change to them can change)."""
    has_site, publisher, today = context
    pointer = Pointer(locate)
    out: list[Diagnostic] = []
    own_keys = {key for at in numbers if (key := _id_key(facts.entries[at])) is not None}
    holders = facts.holders(own_keys)
    for at in numbers:
        entry, display = facts.entries[at], facts.displays[at]
        if entry[_LATEST] and str(entry[_LATEST]) > today.isoformat():
            out.extend(future_dates(display, today, locate))
        key = _id_key(entry)
        first = holders[key][0] if key is not None else at
        kind, ident = str(entry[_KIND]), str(entry[_IDENT])
        if first != at:
            out.append(duplicate(pointer, display, kind, ident, facts.displays[first]))
        if not has_site:
            continue  # without settings, references to the publisher cannot be judged
        refs = _refs(entry)
        missing = {ref for ref in refs if not facts.exists(*ref.split(":", 1))}
        if missing:
            out.extend(unresolved(display, missing, facts.known(), locate))
        if (
            key is not None
            and first == at
            and kind in UNREFERENCED_KINDS
            and entry[_VALID]
            and key != (ref_key("organization", publisher) if publisher else None)
            and not facts.named(key)
        ):
            out.append(unreferenced(pointer, display, kind, ident))
    return out
