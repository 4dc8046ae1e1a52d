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
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Final

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
from claimkit.validation.facts import REFS, SITE_CODES, Entry, id_key, ref_key

# One file's change: its display, its entry before (None: the file is new) and now (None: it is
# gone). An entry whose result did not change need not be given.
Change = tuple[str, Entry | None, Entry | None]
# A problem across records as the index keeps it: path, line, column, code, message.
Kept = tuple[str, int, int, str, str]

_VALID: Final = 2
_LATEST: Final = 4
# Ids looked for in the column one by one before it is read into a table.
_SEARCHES = 32


def _refs(entry: Entry | None) -> set[str]:
    return set(entry[REFS].split("\n")) if entry is not None and entry[REFS] else set()


def _fields(column: str, needle: str, before: int) -> Iterator[int]:
    """The numbers of the fields of `column` (see indexfile.Index.column) in which `needle`
    is found; `before`: how many NULs come before a field's text (1 when the needle starts with
    the NUL before it, 2 when it is inside the field)."""
    seen, counted = 0, 0
    at = column.find(needle)
    while at >= 0:
        seen += column.count("\0", counted, at)
        counted = at
        yield seen + 1 - before
        at = column.find(needle, at + 1)


class Facts:
    """Every file's facts, numbered in the order of the checks across records (the site
    settings' files first): the files given one by one (`overlay`: the site settings' and those
    that changed) and the others from the two columns of the index (see
    indexfile.Index.column), which number them from `shift`."""

    def __init__(
        self,
        displays: Sequence[str],
        overlay: dict[int, Entry],
        entry: Callable[[int], Entry],
        columns: Callable[[str], str],
        shift: int,
    ) -> None:
        self.displays = displays
        self.overlay = overlay
        self._entry = entry
        self._columns = columns
        self._shift = shift
        self._known: dict[str, set[str]] | None = None
        self._given_ids: dict[str, list[int]] | None = None
        self._given_refs: dict[str, list[int]] | None = None
        self._table: dict[str, list[int]] | None = None
        self._asked = 0

    def entry(self, at: int) -> Entry:
        """The facts of the file numbered `at`."""
        return self.overlay[at] if at in self.overlay else self._entry(at)

    def _found(self, column: str, needle: str, before: int) -> Iterator[int]:
        for field in _fields(self._columns(column), needle, before):
            at = field + self._shift
            if at not in self.overlay:
                yield at

    def _given(self) -> dict[str, list[int]]:
        """The files given one by one, by the "kind:id" their id makes."""
        if self._given_ids is None:
            self._given_ids = {}
            for at, entry in self.overlay.items():
                if (key := id_key(entry)) is not None:
                    self._given_ids.setdefault(key, []).append(at)
        return self._given_ids

    def _holders_of(self, key: str) -> list[int]:
        """The files whose id makes `key`, in order. The column is searched for the first few
        keys asked about; past that, it is read once into a table (a change that names many
        files, such as an id that came or went, asks about thousands)."""
        given = self._given().get(key, [])
        if self._table is None:
            self._asked += 1
            if self._asked <= _SEARCHES:
                return sorted([*self._found("ids", f"\0{key}\0", 1), *given])
            self._table = {}
            for field, found in enumerate(self._columns("ids")[1:-1].split("\0")):
                if found and field + self._shift not in self.overlay:
                    self._table.setdefault(found, []).append(field + self._shift)
        return sorted([*self._table.get(key, []), *given])

    def holders(self, keys: Collection[str]) -> dict[str, list[int]]:
        """The files (by number, in order) whose id makes each of these "kind:id" keys."""
        found: dict[str, list[int]] = {}
        for key in keys:
            if numbers := self._holders_of(key):
                found[key] = numbers
        return found

    def _given_naming(self) -> dict[str, list[int]]:
        """The files given one by one, by each "kind:id" they name."""
        if self._given_refs is None:
            self._given_refs = {}
            for at, entry in self.overlay.items():
                for ref in _refs(entry):
                    self._given_refs.setdefault(ref, []).append(at)
        return self._given_refs

    def naming(self, keys: Iterable[str]) -> set[int]:
        """The files whose references name one of these keys."""
        found: set[int] = set()
        for key in keys:
            found.update(self._found("refs", f"\n{key}\n", 2))
            found.update(self._given_naming().get(key, []))
        return found

    def exists(self, key: str) -> bool:
        """Whether a record's id makes this "kind:id" key."""
        if key in self._given():
            return True
        return bool(self._holders_of(key))

    def named(self, key: str) -> bool:
        """Whether some file names the record with this "kind:id" key."""
        if key in self._given_naming():
            return True
        return next(self._found("refs", f"\n{key}\n", 2), None) is not None

    def known(self) -> Mapping[str, Collection[str]]:
        """The ids of each kind, in FOLDER_OF_KIND's order, as the check of references sees them."""
        if self._known is None:
            self._known = {kind: set() for kind in FOLDER_OF_KIND}
            keys = self._columns("ids")[1:-1].split("\0")
            keys = [k for at, k in enumerate(keys) if at + self._shift not in self.overlay]
            keys += [k for e in self.overlay.values() if (k := id_key(e) or "")]
            for key in keys:
                if key:
                    kind, _, ident = key.partition(":")
                    self._known[kind].add(ident)
        return self._known


def cross_delta(
    facts: Facts,
    changes: Sequence[Change],
    before: Sequence[Kept],
    context: tuple[bool, str | None, dt.date],
    locate: Locate,
) -> tuple[list[Diagnostic], set[str], list[Diagnostic]]:
    """The problems across records of these files (`facts`: the site settings first, then the
    others in the walk's order, as `cross_check` takes them), given
    the last run's problems (`before`, for the same site settings, date, working folder and
    publisher) and what changed since. `context`: whether there are site settings, the
    publisher's id, today.

    Returns every problem, the displays of the files whose problems were worked out again, and
    their problems (what changed, for the index)."""
    redo = _affected(facts, changes, before)
    kept = [
        Diagnostic.make(path, Position(line, column), code, message)
        for path, line, column, code, message in before
        if path not in redo or code in SITE_CODES
    ]
    numbers = [at for at, display in enumerate(facts.displays) if display in redo]
    fresh = _problems_of(facts, numbers, context, locate)
    return kept + fresh, redo, fresh


def _affected(facts: Facts, changes: Sequence[Change], before: Sequence[Kept]) -> set[str]:
    """The displays of the files whose problems across records are to be worked out again (the
    files that are gone among them: their problems are dropped)."""
    redo = {display for display, _, _ in changes}
    ids: set[str] = set()
    named: set[str] = set()
    ids_moved = False
    for _, old, new in changes:
        was, now = id_key(old), id_key(new)
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
    facts: Facts, numbers: list[int], context: tuple[bool, str | None, dt.date], locate: Locate
) -> list[Diagnostic]:
    """The problems across records of the files with these numbers, as `cross_check` finds
    them (but for the site settings' own, which only a change to them can change)."""
    has_site, publisher, today = context
    pointer = Pointer(locate)
    out: list[Diagnostic] = []
    own_keys = {key for at in numbers if (key := id_key(facts.entry(at))) is not None}
    holders = facts.holders(own_keys)
    for at in numbers:
        entry, display = facts.entry(at), facts.displays[at]
        if entry[_LATEST] and str(entry[_LATEST]) > today.isoformat():
            out.extend(future_dates(display, today, locate))
        key = id_key(entry)
        first = holders[key][0] if key is not None else at
        kind, ident = str(entry[0]), str(entry[1])
        if first != at:
            out.append(duplicate(pointer, display, kind, ident, facts.displays[first]))
        if not has_site:
            continue  # without settings, references to the publisher cannot be judged
        refs = _refs(entry)
        missing = {ref for ref in refs if not facts.exists(ref)}
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
