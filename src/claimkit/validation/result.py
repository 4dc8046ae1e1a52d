"""What a validation run found: its problems and counts, and the catalog when all is valid."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claimkit.core.diagnostics import Diagnostic, Findings
from claimkit.records.discover import Discovery

if TYPE_CHECKING:
    from claimkit.core.catalog import Catalog


@dataclass
class Result(Findings):
    """What a validation run found, over the files it was asked about."""

    files: int = 0
    records: int = 0
    catalogs: list[Catalog] = field(default_factory=list)
    cached: int = 0
    # With the catalog of one records root: each record file's path under the root and the
    # status the run saw (`filestatus.status_of`), when it took them (none without an index).
    statuses: list[tuple[str, bytes | None]] | None = None


def today() -> dt.date:
    """Today, or the date in CLAIMKIT_TODAY (for reproducible tests)."""
    fixed = os.environ.get("CLAIMKIT_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def result_of(
    discovery: Discovery,
    own: list[tuple[str, bool, list[Diagnostic]]],
    across: list[Diagnostic],
    selected: set[str] | None,
    cached: int,
) -> Result:
    """A run's result from each file's own problems (display, valid, problems), the walk's and
    those across records; on the selected files only."""
    problems = discovery.problems + [d for _, _, found in own for d in found] + across
    if selected is not None:
        problems = [p for p in problems if p.path in selected or p.code == "site-missing"]
        own = [mine for mine in own if mine[0] in selected]
    return Result(
        diagnostics=problems,
        files=len(own) + sum(1 for p in discovery.problems if p.path in (selected or {p.path})),
        records=sum(1 for _, valid, _ in own if valid),
        cached=cached,
    )


def merged(missing: list[Diagnostic], parts: Sequence[Result]) -> Result:
    """One result of the paths that were not found and of each records root's result."""
    total = Result(diagnostics=list(missing))
    for part in parts:
        total.diagnostics.extend(part.diagnostics)
        total.files += part.files
        total.records += part.records
        total.cached += part.cached
        total.catalogs.extend(part.catalogs)
    if len(parts) == 1:  # the statuses of one root's records (see Result.statuses)
        total.statuses = parts[0].statuses
    total.diagnostics.sort(key=Diagnostic.sort_key)
    return total
