"""A validation run: every file on its own (in parallel, cached), then the checks across them."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimkit.core.diagnostics import Diagnostic, Position, Severity
from claimkit.core.limits import MAX_RECORD_BYTES
from claimkit.core.machine import usable_cpus
from claimkit.core.progress import Stage, current
from claimkit.records import filestatus
from claimkit.records.discover import Discovery, RecordFile, absolute, display_path, root_of, walk
from claimkit.validation import cache, facts

if TYPE_CHECKING:
    from claimkit.core.catalog import Catalog
    from claimkit.core.models import Record, Site
    from claimkit.validation.filecheck import Checked

# The checks, the models and the libraries behind them are imported only when a file must be
# checked: a run where nothing changed needs none of them.

# Below this many files to check, starting worker processes costs more than it saves.
PARALLEL_MIN = 1000
BATCH = 500


@dataclass
class Result:
    """What a validation run found, over the files it was asked about."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    records: int = 0
    catalogs: list[Catalog] = field(default_factory=list)
    cached: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)


def today() -> dt.date:
    """Today, or the date in CLAIMKIT_TODAY (for reproducible tests)."""
    fixed = os.environ.get("CLAIMKIT_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


# A job for a worker: files to check with the key the index holds for each (None to check it
# regardless), the site settings, the site digest (None without the cache), where paths under the
# root start, and whether to send back the data of valid records.
Job = tuple[list[tuple[RecordFile, bytes | None]], "Site | None", bytes | None, int, bool]
# What a worker says of one file: its status and key when it could be read as a regular file
# (None otherwise); its result, or None when the key matched the index's (result unchanged); the
# record's data when asked for and the record is valid.
Outcome = tuple[bytes | None, bytes | None, facts.Entry | None, Any]


def _read(file: str | Path) -> tuple[bytes, bytes] | None:
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


def _check_batch(job: Job) -> list[Outcome]:
    """Check files on their own, reading each once; with a site digest, hash each file and skip
    the check when the hash is the one the index holds."""
    from claimkit.validation.filecheck import check_file

    items, site, site_digest, top, want_data = job
    out: list[Outcome] = []
    for item, known in items:
        got = _read(item.location)
        if got is None:
            out.append((None, None, facts.to_entry(check_file(item, site).facts), None))
            continue
        raw, status = got
        entry_key = None
        if site_digest is not None:
            entry_key = cache.key(site_digest, str(item.location)[top:], raw)
            if entry_key == known:
                out.append((status, entry_key, None, None))
                continue
        checked = check_file(item, site, raw)
        data = checked.doc.data if want_data and checked.facts.valid and checked.doc else None
        out.append((status, entry_key, facts.to_entry(checked.facts), data))
    return out


def _outcomes(
    items: list[tuple[RecordFile, bytes | None]],
    site: Site | None,
    site_digest: bytes | None,
    top: int,
    want_data: bool,
) -> list[Outcome]:
    """Check files on their own, on every core when there are enough of them."""
    with current().stage("check files", len(items), "files") as stage:
        return _outcomes_in(items, site, site_digest, top, want_data, stage)


def _outcomes_in(
    items: list[tuple[RecordFile, bytes | None]],
    site: Site | None,
    site_digest: bytes | None,
    top: int,
    want_data: bool,
    stage: Stage,
) -> list[Outcome]:
    workers = min(usable_cpus(), 4)
    if len(items) < PARALLEL_MIN or workers < 2:
        outcomes = _check_batch((items, site, site_digest, top, want_data))
        stage.advance(len(items))
        return outcomes
    # Batches small enough to share the work out evenly, large enough to cost little to send.
    size = max(50, min(BATCH, len(items) // (workers * 8) + 1))
    jobs = [
        (items[i : i + size], site, site_digest, top, want_data) for i in range(0, len(items), size)
    ]
    import multiprocessing  # only here: importing it costs a run that needs no workers

    context = multiprocessing.get_context("fork")
    outcomes = []
    with context.Pool(workers) as pool:
        for batch in pool.imap(_check_batch, jobs):
            outcomes.extend(batch)
            stage.advance(len(batch))
    return outcomes


@dataclass
class _Files:
    """The per-file results of a run, with what the cache needs to be written afterwards."""

    entries: list[facts.Entry]  # one per file, in the files' order (see facts.to_entry)
    hits: int = 0
    # Whether every file is the one the index knew, by status, and no file came or went.
    unchanged: bool = False
    data: dict[str, Any] = field(default_factory=dict)  # display -> data of valid records
    stored: dict[str, Any] = field(default_factory=dict)
    slots: dict[str, cache.Slot] = field(default_factory=dict)
    cross: Any = None
    records: dict[bytes, Any] | None = None


def _file_results(
    root: Path,
    files: list[RecordFile],
    site: Site | None,
    site_digest: bytes | None,
    want_data: bool,
    index: cache.Index | None,
    threshold: int,
    statuses: list[bytes | None] | None,
) -> _Files:
    """Per-file results, from the cache where a file is unchanged (with a site digest).

    A file whose status (in `statuses`, one per file, when the index is for these settings) is
    the one the index holds is not read; one whose status differs is read and hashed, and
    checked only if its hash differs too. With `want_data`, the data of every valid record is
    gathered too (from the cache where it holds it).
    """
    top = len(str(root)) + 1
    run = _Files([])
    records: dict[bytes, Any] = {}
    if site_digest is not None and index is not None and index.site == site_digest and statuses:
        run.stored, run.cross = index.slots(), index.cross
    if site_digest is not None and want_data:
        records = cache.read_data(root, site_digest)
    stored = run.stored
    results: list[facts.Entry | None] = []
    todo: list[tuple[RecordFile, bytes | None]] = []
    todo_at: list[int] = []
    for at, item in enumerate(files):
        location = item.location
        rel = str(location)[top:]
        slot = stored.get(rel)
        if slot is not None and statuses is not None:
            try:
                status, entry_key, entry = slot
                if (
                    status is not None
                    and status == statuses[at]
                    and (not want_data or not entry[facts.VALID] or entry_key in records)
                ):
                    run.slots[rel] = slot
                    results.append(entry)
                    continue
            except (OSError, TypeError, ValueError, IndexError):
                pass
        todo_at.append(len(results))
        results.append(None)
        known = slot[1] if isinstance(slot, tuple) and len(slot) == 3 else None
        if want_data and known not in records:
            known = None
        todo.append((item, known))
    run.hits = len(files) - len(todo)
    fresh: dict[bytes, Any] = {}
    for at, (item, _known), (status, entry_key, entry, data) in zip(
        todo_at, todo, _outcomes(todo, site, site_digest, top, want_data), strict=True
    ):
        rel = str(item.location)[top:]
        if entry is None:  # the bytes hash as before: the stored result stands
            entry = stored[rel][2]
            run.hits += 1
        elif data is not None and entry_key is not None:
            fresh[entry_key] = data
        results[at] = entry
        if data is not None:
            run.data[item.display] = data
        if status is not None and entry_key is not None:
            run.slots[rel] = (filestatus.trusted(status, threshold), entry_key, entry)
    # The same files with the same results: those whose status changed hash as before.
    run.unchanged = run.hits == len(files) == len(stored)
    if want_data:
        kept: dict[bytes, Any] = {}
        for item, entry in zip(files, results, strict=True):
            rel = str(item.location)[top:]
            slot = run.slots.get(rel)
            if entry is None or not entry[facts.VALID] or slot is None:
                continue
            data = fresh.get(slot[1])
            if data is None:
                data = records.get(slot[1])
            if data is not None:
                kept[slot[1]] = data
                run.data.setdefault(item.display, data)
        run.records = kept if (fresh or len(kept) != len(records)) else None
    run.entries = [entry for entry in results if entry is not None]
    return run


def _build_catalog(
    root: Path, files: list[RecordFile], site: Site, data: dict[str, Any]
) -> Catalog:
    """The catalog of records known valid, made from their data."""
    from claimkit.core.catalog import Catalog
    from claimkit.core.models import KIND_MODELS

    # Records are named by their place in the repository (records/claims/x.yaml), not by where
    # the build was started: edit links must not depend on the working folder.
    top = len(str(root)) + 1
    records: list[tuple[str, Record, str]] = []
    for item in files:
        source = f"{root.name}/{str(item.location)[top:]}"
        if item.kind == "site":
            records.append(("site", site, source))
        elif item.kind:
            model = KIND_MODELS[item.kind].model_validate(data[item.display])
            records.append((item.kind, model, source))
    return Catalog.build(records)


def validate_root(
    root: Path,
    selected: set[str] | None,
    on: dt.date,
    *,
    models: bool = True,
    use_cache: bool = True,
) -> Result:
    """Validate every record under one records root; report on the selected files only.

    With `models`, a catalog of every record is made when nothing is wrong. Files are checked in
    parallel when there are many, and with `use_cache` unchanged folders are not listed again,
    unchanged files not read again (and the catalog is made from the records' data kept in the
    cache).
    """
    threshold = filestatus.racy_threshold()  # before the first folder or file is looked at
    index = cache.read(root) if use_cache else None
    try:
        return _validate_root(root, selected, on, models, use_cache, index, threshold)
    finally:
        if index is not None:
            index.close()


def _site_files(discovery: Discovery, site_rels: list[str]) -> tuple[bytes, list[bytes | None]]:
    """The digest of the site settings files and their bytes (None for one that cannot be read
    as a regular file of at most MAX_BYTES). They are checked from these bytes, so that the
    check kept with the digest is the check of what was hashed."""
    digest = hashlib.blake2b(digest_size=16)
    raws: list[bytes | None] = []
    for rel in site_rels:
        got = _read(f"{discovery.root}/{rel}")
        raws.append(got[0] if got else None)
        # The settings file's place under the root, not as shown: the working folder must not
        # change the key.
        digest.update(rel.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update((got[0] if got else b"") + b"\0")
    return digest.digest(), raws


def _validate_root(
    root: Path,
    selected: set[str] | None,
    on: dt.date,
    models: bool,
    use_cache: bool,
    index: cache.Index | None,
    threshold: int,
) -> Result:
    discovery = walk(root, index.folders if index else None, threshold) if use_cache else walk(root)
    site_rels = [
        rel for rel, kind in zip(discovery.rels, discovery.kinds, strict=True) if kind == "site"
    ]
    digest, site_raws = _site_files(discovery, site_rels)
    site_digest = digest if use_cache else None
    want_data = models and selected is None
    statuses = None
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
                tail = index.tail()
                keys, entries = tail.get(b"keys"), tail.get(b"entries")
                if isinstance(keys, bytes) and isinstance(entries, tuple):
                    head = {name: getattr(index, name) for name in _HEAD}
                    cache.write(root, {**head, "folders": discovery.folders}, keys, entries)
            return unchanged
    return _validate_files(
        root,
        discovery,
        (site_rels, site_raws),
        site_digest,
        selected,
        on,
        models,
        index,
        threshold,
        statuses,
    )


# The fields of the index's head (see cache.Index).
_HEAD = ("folders", "site", "rels", "statuses", "owned", "invalid", "cross", "site_check")


def _memo(discovery: Discovery, site_rels: list[str], on: dt.date, publisher: str | None) -> Any:
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
    index: cache.Index,
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
        if memo != _memo(discovery, site_rels, on, publisher):
            return None
    except (TypeError, ValueError):
        return None
    if "\0".join(other) != index.rels or None in statuses:
        return None
    if b"".join(statuses) != index.statuses:  # type: ignore[arg-type]  # no None, as seen
        return None
    prefix = discovery.prefix
    across = [
        Diagnostic.make(path, Position(line, column), code, message)
        for path, line, column, code, message in stored_across
    ]
    own = [
        (prefix + rel, bool(entry[facts.VALID]), facts.diagnostics_of(prefix + rel, entry))
        for rel, entry in zip(site_rels, site_entries, strict=True)
    ]
    owned = {at: facts.diagnostics_of(prefix + other[at], entry) for at, entry in index.owned}
    if selected is None:
        problems = [d for _, _, found in own for d in found]
        problems.extend(d for found in owned.values() for d in found)
        valid = sum(1 for _, valid, _ in own if valid) + len(other) - len(index.invalid)
        return Result(
            diagnostics=discovery.problems + problems + across,
            files=len(own) + len(other) + len(discovery.problems),
            records=valid,
            cached=len(other),
        )
    invalid = set(index.invalid)
    own.extend((prefix + rel, at not in invalid, owned.get(at, [])) for at, rel in enumerate(other))
    return _result(discovery, own, across, selected, len(other))


def _result(
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


def _validate_files(
    root: Path,
    discovery: Discovery,
    site_files: tuple[list[str], list[bytes | None]],
    site_digest: bytes | None,
    selected: set[str] | None,
    on: dt.date,
    models: bool,
    index: cache.Index | None,
    threshold: int,
    statuses: list[bytes | None] | None,
) -> Result:
    """Check the files that changed (every file without the cache), then the checks across
    records; write the index."""
    from claimkit.core.models import Site
    from claimkit.validation.crosscheck import cross_check
    from claimkit.validation.filecheck import check_file

    site_rels, site_raws = site_files
    site_items = [f for f in discovery.files if f.kind == "site"]
    other_items = [f for f in discovery.files if f.kind != "site"]
    site_checked = [
        check_file(item, None, raw) if raw is not None else check_file(item, None)
        for item, raw in zip(site_items, site_raws, strict=True)
    ]
    site = next((c.model for c in site_checked if isinstance(c.model, Site)), None)
    want_data = models and selected is None
    run = _file_results(root, other_items, site, site_digest, want_data, index, threshold, statuses)
    checked: dict[str, Checked] = {c.facts.display: c for c in site_checked}
    by_display: dict[str, RecordFile] = {}

    def locate(display: str) -> Checked:
        if not by_display:
            by_display.update((item.display, item) for item in discovery.files)
        if display not in checked:
            checked[display] = check_file(by_display[display], site)
        return checked[display]

    publisher = site.publisher if site else None
    memo = _memo(discovery, site_rels, on, publisher)
    stored_cross = run.cross
    if (
        run.unchanged
        and isinstance(stored_cross, tuple)
        and len(stored_cross) == 2
        and stored_cross[0] == memo
    ):
        across = [
            Diagnostic.make(path, Position(line, column), code, message)
            for path, line, column, code, message in stored_cross[1]
        ]
    else:
        all_facts = [c.facts for c in site_checked] + [
            facts.from_entry(item.display, entry)
            for item, entry in zip(other_items, run.entries, strict=True)
        ]
        site_display = memo[2]
        across = cross_check(all_facts, site_display, publisher, on, locate)
    if site_digest is not None:
        _write_index(
            root,
            discovery,
            other_items,
            run,
            site_digest,
            site_checked,
            publisher,
            memo,
            across,
            index,
        )
    # Each file's own problems, valid or not, and whether it was asked about; FileFacts are made
    # only for files with problems.
    own: list[tuple[str, bool, list[Diagnostic]]] = [
        (c.facts.display, c.facts.valid, c.facts.diagnostics) for c in site_checked
    ]
    for item, entry in zip(other_items, run.entries, strict=True):
        diagnostics = facts.diagnostics_of(item.display, entry) if entry[facts.PROBLEMS] else []
        own.append((item.display, entry[facts.VALID], diagnostics))
    result = _result(discovery, own, across, selected, run.hits)
    no_errors = not any(p.severity is Severity.ERROR for p in result.diagnostics)
    if want_data and site is not None and no_errors and all(valid for _, valid, _ in own):
        result.catalogs.append(_build_catalog(root, site_items + other_items, site, run.data))
    return result


_NO_KEY = bytes(20)


def _write_index(
    root: Path,
    discovery: Discovery,
    other_items: list[RecordFile],
    run: _Files,
    site_digest: bytes,
    site_checked: list[Checked],
    publisher: str | None,
    memo: Any,
    across: list[Diagnostic],
    index: cache.Index | None,
) -> None:
    """Write the index when it would change; also the records' data when gathered."""
    top = len(str(root)) + 1
    statuses: list[bytes] = []
    keys: list[bytes] = []
    for item in other_items:
        slot = run.slots.get(str(item.location)[top:])
        statuses.append(slot[0] or filestatus.NO_STATUS if slot else filestatus.NO_STATUS)
        keys.append(slot[1] if slot else _NO_KEY)
    entries = tuple(run.entries)
    head = {
        "folders": discovery.folders,
        "site": site_digest,
        "rels": "\0".join(str(item.location)[top:] for item in other_items),
        "statuses": b"".join(statuses),
        "owned": tuple((at, entry) for at, entry in enumerate(entries) if entry[facts.PROBLEMS]),
        "invalid": tuple(at for at, entry in enumerate(entries) if not entry[facts.VALID]),
        "cross": (
            memo,
            tuple((d.path, d.position.line, d.position.column, d.code, d.message) for d in across),
        ),
        "site_check": (
            site_digest,
            tuple(facts.to_entry(c.facts) for c in site_checked),
            publisher,
        ),
    }
    packed = b"".join(keys)
    if (
        index is None
        or any(head[name] != getattr(index, name) for name in _HEAD)
        or index.tail().get(b"keys") != packed
        or index.tail().get(b"entries") != entries
    ):
        cache.write(root, head, packed, entries)
    if run.records is not None:
        cache.write_data(root, site_digest, run.records)


def validate_paths(
    paths: Sequence[Path],
    on: dt.date | None = None,
    *,
    models: bool = True,
    use_cache: bool = True,
) -> Result:
    """Validate the given files and folders, each with its whole records root as context."""
    on = on or today()
    # A run makes millions of objects and keeps them (the cache's index, records' data, models),
    # few of them in reference cycles: the cyclic collector, run again and again over all of
    # them as they pile up, cost more than the work itself (a warm catalog of 100,000 claims
    # took 40 s with it, 12 s without). Collect once at the end instead.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _validate_paths(paths, on, models=models, use_cache=use_cache)
    finally:
        if collecting:
            gc.enable()


def _validate_paths(paths: Sequence[Path], on: dt.date, *, models: bool, use_cache: bool) -> Result:
    total = Result()
    for path in paths:
        if not path.exists() and not path.is_symlink():
            total.diagnostics.append(
                Diagnostic.make(
                    display_path(path), None, "path-not-found", "no such file or folder"
                )
            )
    groups: dict[Path, set[str] | None] = {}
    for path in paths:
        if not path.exists():
            continue
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
    for root in sorted(groups):
        part = validate_root(root, groups[root], on, models=models, use_cache=use_cache)
        total.diagnostics.extend(part.diagnostics)
        total.files += part.files
        total.records += part.records
        total.cached += part.cached
        total.catalogs.extend(part.catalogs)
    total.diagnostics.sort(key=Diagnostic.sort_key)
    return total
