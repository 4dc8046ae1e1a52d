"""What an import did: the records it writes, what it found, counted and skipped, for the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from claimkit.core.diagnostics import Diagnostic, Severity
from claimkit.importing.entities import Merge
from claimkit.importing.properties import PropertyTable
from claimkit.importing.review_rating import Unplaced


@dataclass
class Written:
    """A record the import writes (or, on a dry run, would write)."""

    kind: str
    ident: str
    path: Path
    text: str


@dataclass
class ImportResult:
    """What an import did, for the report."""

    sources: int = 0
    reviews_found: int = 0
    claims_found: int = 0
    media_reviews_found: int = 0
    written: list[Written] = field(default_factory=list)
    own_reviews: int = 0
    external_reviews: int = 0
    unchanged: int = 0
    reused: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    miscased: dict[str, str] = field(default_factory=dict)
    other_types: dict[str, int] = field(default_factory=dict)
    properties: PropertyTable = field(default_factory=PropertyTable)
    dry_run: bool = False

    @property
    def errors(self) -> int:
        """How many of the diagnostics are errors."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    def count(self, kind: str) -> int:
        """How many records of a kind the import writes."""
        return sum(1 for w in self.written if w.kind == kind)
