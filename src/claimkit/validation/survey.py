"""The first look of a validation run: what is on disk against what the cache index holds.

A run where nothing changed since the last one is answered from the index here, without reading,
hashing or checking a file: this module imports neither the models nor the schema checks
(pydantic and jsonschema take about 0.4 s to import), so that `claimkit validate` stays quick.
Whatever changed is left to `validation.run` to check.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import stat
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimkit.core.diagnostics import Diagnostic, Position
from claimkit.core.limits import MAX_RECORD_BYTES
from claimkit.records import filestatus
from claimkit.records.discover import Discovery, absolute, display_path, not_found, root_of, walk
from claimkit.validation import facts, indexfile
from claimkit.validation.result import Result, merged, result_of, today


def read_record(file: str | Path) -> tuple[bytes, bytes] | None:
    """A regular file's bytes and packed status, or None (a folder, a pipe, an unreadable or too
    large file: the full reader says what is wrong with it)."""
    try:
        # Non-blocking, so that a named pipe among the records cannot hang the run.
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_RECORD_BYTES:
            return None
        # Ask for the size the file has (asking for the 1 MiB cap costs a large buffer per
        # file), then read on while it grows: the file may change while read.
        parts = [os.read(fd, info.st_size + 1)]
        total = len(parts[0])
        while total > info.st_size and total <= MAX_RECORD_BYTES:
            more = os.read(fd, MAX_RECORD_BYTES + 1 - total)
            if not more:
                break
            parts.append(more)
            total += len(more)
        if total > MAX_RECORD_BYTES:
            return None
        return (parts[0] if len(parts) == 1 else b"".join(parts)), filestatus.status_of(info)
    except OSError:
        return None
    finally:
        os.close(fd)


@dataclass
class RootSurvey:
    """One records root as found: its files, the settings' bytes and digest, each file's status
    (when the index is for these settings) and, when nothing changed, the last run's result."""

    root: Path
    selected: set[str] | None  # the files asked about (their displays), None for all
    on: dt.date
    models: bool
    use_cache: bool
    index: indexfile.Index | None
    threshold: int
    discovery: Discovery
    site_rels: list[str]
    site_raws: list[bytes | None]
    site_digest: bytes | None
    statuses: list[bytes | None] | None
    answer: Result | None


@dataclass
class Survey:
    """Every records root the paths of a run lie in, and the paths that were not found."""

    missing: list[Diagnostic] = field(default_factory=list)
    roots: list[RootSurvey] = field(default_factory=list)

    def answer(self) -> Result | None:
        """The run's result when every root is answered from the index, else None."""
        parts = [look.answer for look in self.roots]
        if any(part is None for part in parts):
            return None
        return merged(self.missing, [part for part in parts if part is not None])


@contextlib.contextmanager
def survey(
    paths: Sequence[Path],
    on: dt.date | None = None,
    *,
    models: bool = True,
    use_cache: bool = True,
) -> Iterator[Survey]:
    """Look at the given files and folders, each with its whole records root as context; the
    cache indexes stay open until the block ends.

    With `models`, the run is to make a catalog of every record (so it is never answered from
    the index alone). With `use_cache`, unchanged folders are not listed again.
    """
    on = on or today()
    found = Survey()
    for path in paths:
        if not path.exists() and not path.is_symlink():
            found.missing.append(not_found(path))
    try:
        for root, selected in sorted(_groups(paths).items()):
            found.roots.append(survey_root(root, selected, on, models=models, use_cache=use_cache))
        yield found
    finally:
        for look in found.roots:
            if look.index is not None:
                look.index.close()


def _groups(paths: Sequence[Path]) -> dict[Path, set[str] | None]:
    """The records root of each path, with the files asked about (None: all of them)."""
    groups: dict[Path, set[str] | None] = {}
    for path in paths:
        if not path.exists() and not path.is_symlink():
            continue  # reported as missing; a dangling link is checked (file-unreadable)
        root = root_of(path)
        if path.is_dir() and absolute(path) == root:
            groups[root] = None
            continue
        if root in groups and groups[root] is None:
            continue
        chosen = groups.setdefault(root, set())
        assert chosen is not None
        if path.is_dir():
            inside = absolute(path)
            chosen.update(f.display for f in walk(root).files if inside in f.file.parents)
        else:
            chosen.add(display_path(path))
    return groups


def survey_root(
    root: Path,
    selected: set[str] | None,
    on: dt.date,
    *,
    models: bool = True,
    use_cache: bool = True,
) -> RootSurvey:
    """Look at one records root: list it (unchanged folders from the index), hash the settings,
    take each file's status, and answer from the index when nothing changed."""
    threshold = filestatus.racy_threshold()  # before the first folder or file is looked at
    index = indexfile.read(root) if use_cache else None
    try:
        return _survey_root(root, selected, on, models, use_cache, index, threshold)
    except BaseException:
        if index is not None:
            index.close()
        raise


def _survey_root(
    root: Path,
    selected: set[str] | None,
    on: dt.date,
    models: bool,
    use_cache: bool,
    index: indexfile.Index | None,
    threshold: int,
) -> RootSurvey:
    discovery = walk(root, index.folders if index else None, threshold) if use_cache else walk(root)
    site_rels = [
        rel for rel, kind in zip(discovery.rels, discovery.kinds, strict=True) if kind == "site"
    ]
    digest, site_raws = _site_files(discovery, site_rels)
    site_digest = digest if use_cache else None
    want_data = models and selected is None
    statuses = None
    other: list[str] = []
    answer = None
    if index is not None and index.site == site_digest:
        top = f"{discovery.root}/"
        other = [
            rel for rel, kind in zip(discovery.rels, discovery.kinds, strict=True) if kind != "site"
        ]
        statuses = _statuses(top, other)
    # A settings file that cannot be read is checked again: why (its size, its type, its
    # permissions) is not part of the digest.
    if index is not None and statuses is not None and not want_data and None not in site_raws:
        unchanged = _unchanged(discovery, index, site_rels, other, statuses, selected, on)
        if unchanged is not None:
            if discovery.folders != index.folders:  # a folder listed again, now trusted
                indexfile.write_folders(root, index, discovery.folders)
            answer = unchanged
    return RootSurvey(
        root,
        selected,
        on,
        models,
        use_cache,
        index,
        threshold,
        discovery,
        site_rels,
        site_raws,
        site_digest,
        statuses,
        answer,
    )


def _site_files(discovery: Discovery, site_rels: list[str]) -> tuple[bytes, list[bytes | None]]:
    """The digest of the site settings files and their bytes (None for one that cannot be read
    as a regular file of at most MAX_BYTES). They are checked from these bytes, so that the
    check kept with the digest is the check of what was hashed."""
    digest = hashlib.blake2b(digest_size=16)
    raws: list[bytes | None] = []
    for rel in site_rels:
        got = read_record(f"{discovery.root}/{rel}")
        raws.append(got[0] if got else None)
        # The settings file's place under the root, not as shown: the working folder must not
        # change the key.
        digest.update(rel.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update((got[0] if got else b"") + b"\0")
    return digest.digest(), raws


def memo_of(discovery: Discovery, site_rels: list[str], on: dt.date, publisher: str | None) -> Any:
    """What the checks across records depend on besides every file's result: today's date, how
    paths are shown (the working folder) and the site publisher."""
    root = discovery.root
    site_display = (
        discovery.prefix + site_rels[0] if site_rels else display_path(root / "site.yaml")
    )
    return (on.isoformat(), display_path(root), site_display, publisher)


def _statuses(top: str, rels: list[str]) -> list[bytes | None]:
    """Each file's packed status, None for a file that cannot be looked at."""
    status_of, stat_now = filestatus.status_of, os.stat
    try:
        return [status_of(stat_now(top + rel)) for rel in rels]
    except OSError:
        pass
    out: list[bytes | None] = []
    for rel in rels:
        try:
            out.append(status_of(stat_now(top + rel)))
        except OSError:
            out.append(None)
    return out


def _unchanged(
    discovery: Discovery,
    index: indexfile.Index,
    site_rels: list[str],
    other: list[str],
    statuses: list[bytes | None],
    selected: set[str] | None,
    on: dt.date,
) -> Result | None:
    """The last run's result, when nothing it depends on changed: the same settings, the same
    files with the statuses the index trusts, the same memo of the checks across records;
    otherwise None. Nothing is read, hashed or checked."""
    site_check, cross = index.site_check, index.cross
    try:
        checked_site, site_entries, publisher = site_check
        if checked_site != index.site or len(site_entries) != len(site_rels):
            return None
        memo, stored_across = cross
        if memo != memo_of(discovery, site_rels, on, publisher):
            return None
    except (TypeError, ValueError):
        return None
    if "\0".join(other) != index.rels or None in statuses:
        return None
    if b"".join(statuses) != index.statuses:  # type: ignore[arg-type]  # no None, as seen
        return None
    across = [
        Diagnostic.make(path, Position(line, column), code, message)
        for path, line, column, code, message in stored_across
    ]
    owned = dict(index.owned)
    return indexed_result(
        discovery, (site_rels, site_entries), other, (owned, index.invalid), across, selected
    )


def indexed_result(
    discovery: Discovery,
    site: tuple[list[str], Sequence[facts.Entry]],
    other: list[str],
    outcome: tuple[dict[int, facts.Entry], Collection[int]],
    across: list[Diagnostic],
    selected: set[str] | None,
    cached: int | None = None,
) -> Result:
    """A run's result from what the index holds of each file without a result per file:
    the site settings' files (their paths under the root and results), the other files' paths,
    those with problems of their own (number -> result) and the numbers of the invalid ones."""
    prefix = discovery.prefix
    site_rels, site_entries = site
    owned_entries, invalid_numbers = outcome
    own = [
        (prefix + rel, bool(entry[facts.VALID]), facts.diagnostics_of(prefix + rel, entry))
        for rel, entry in zip(site_rels, site_entries, strict=True)
    ]
    owned = {at: facts.diagnostics_of(prefix + other[at], e) for at, e in owned_entries.items()}
    cached = len(other) if cached is None else cached
    if selected is None:
        problems = [d for _, _, found in own for d in found]
        problems.extend(d for found in owned.values() for d in found)
        valid = sum(1 for _, valid, _ in own if valid) + len(other) - len(invalid_numbers)
        return Result(
            diagnostics=discovery.problems + problems + across,
            files=len(own) + len(other) + len(discovery.problems),
            records=valid,
            cached=cached,
        )
    invalid = set(invalid_numbers)
    own.extend((prefix + rel, at not in invalid, owned.get(at, [])) for at, rel in enumerate(other))
    return result_of(discovery, own, across, selected, cached)
