"""What a check of one file leaves for the checks across records and for the cache: its facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from claimkit.core.diagnostics import Diagnostic, Position

# A file's facts as the cache keeps them (marshal writes only plain tuples): kind, id, valid,
# reference lines, latest date, and its problems as (line, column, code, message). The fields
# read on their own are named below; `from_entry` unpacks the rest.
Problem = tuple[int, int, str, str]
Entry = tuple[str | None, str | None, bool, str, str | None, tuple[Problem, ...]]
VALID: Final = 2
REFS: Final = 3
PROBLEMS: Final = 5
# Problems across records that only the site settings' files decide.
SITE_CODES: Final = ("site-missing", "site-duplicate")


@dataclass(slots=True)
class FileFacts:
    """What the checks across records need to know of one file, and its own problems.

    The references are kept as one text, a reference a line ("person:dmitry-peskov"): a run
    from the cache then makes one object per file for them, not one per reference.
    """

    display: str
    kind: str | None
    ident: str | None = None
    valid: bool = False
    ref_lines: str = ""
    latest_date: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def refs(self) -> tuple[str, ...]:
        """The "kind:id" keys of the records this one names, sorted."""
        return tuple(self.ref_lines.split("\n")) if self.ref_lines else ()


def ref_key(kind: str, ident: str) -> str:
    """The key a reference to a record of this kind and id is kept as ("person:dmitry-peskov")."""
    return f"{kind}:{ident}"


def id_key(entry: Entry | None) -> str | None:
    """The "kind:id" a record's id takes in the check of unique ids (None: it takes none)."""
    if entry is None or entry[0] in (None, "site") or entry[1] is None:
        return None
    return ref_key(str(entry[0]), str(entry[1]))


def to_entry(facts: FileFacts) -> Entry:
    """The facts as the cache keeps them."""
    diags = tuple(
        (d.position.line, d.position.column, d.code, d.message) for d in facts.diagnostics
    )
    return (facts.kind, facts.ident, facts.valid, facts.ref_lines, facts.latest_date, diags)


def diagnostics_of(display: str, entry: Entry) -> list[Diagnostic]:
    """A file's own problems, from its entry."""
    return [
        Diagnostic.make(display, Position(line, col), code, msg)
        for line, col, code, msg in entry[PROBLEMS]
    ]


def from_entry(display: str, entry: Entry) -> FileFacts:
    """The facts of the file shown as `display`, from its entry."""
    kind, ident, valid, refs, latest, diags = entry
    return FileFacts(
        display, kind, ident, valid, refs, latest, diagnostics_of(display, entry) if diags else []
    )
