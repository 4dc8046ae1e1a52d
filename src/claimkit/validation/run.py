"""A validation run: every file that changed checked on its own (in parallel, cached), then the
checks across records; the index written for the next run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimkit.core.catalog import Catalog
from claimkit.core.diagnostics import Diagnostic, Position, Severity
from claimkit.core.machine import usable_cpus
from claimkit.core.models import KIND_MODELS, Record, Site
from claimkit.core.progress import Stage, current
from claimkit.records import filestatus
from claimkit.records.discover import Discovery, RecordFile
from claimkit.validation import cache, facts
from claimkit.validation.crosscheck import cross_check
from claimkit.validation.filecheck import Checked, check_file
from claimkit.validation.result import Result, merged, result_of
from claimkit.validation.survey import (
    HEAD_FIELDS,
    RootSurvey,
    Survey,
    collecting_once,
    memo_of,
    read_record,
    survey,
)

# Below this many files to check, starting worker processes costs more than it saves.
PARALLEL_MIN = 1000
BATCH = 500


# A job for a worker: files to check with the key the index holds for each (None to check it
# regardless), the site settings, the site digest (None without the cache), where paths under the
# root start, and whether to send back the data of valid records.
Job = tuple[list[tuple[RecordFile, bytes | None]], "Site | None", bytes | None, int, bool]
# What a worker says of one file: its status and key when it could be read as a regular file
# (None otherwise); its result, or None when the key matched the index's (result unchanged); the
# record's data when asked for and the record is valid.
Outcome = tuple[bytes | None, bytes | None, facts.Entry | None, Any]


def _check_batch(job: Job) -> list[Outcome]:
    """Check files on their own, reading each once; with a site digest, hash each file and skip
    the check when the hash is the one the index holds."""
    items, site, site_digest, top, want_data = job
    out: list[Outcome] = []
    for item, known in items:
        got = read_record(item.location)
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
    memo = memo_of(discovery, site_rels, on, publisher)
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
    result = result_of(discovery, own, across, selected, run.hits)
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
        or any(head[name] != getattr(index, name) for name in HEAD_FIELDS)
        or index.tail().get(b"keys") != packed
        or index.tail().get(b"entries") != entries
    ):
        cache.write(root, head, packed, entries)
    if run.records is not None:
        cache.write_data(root, site_digest, run.records)


def check_root(look: RootSurvey) -> Result:
    """The result of one records root, from the index when nothing changed, else checked."""
    if look.answer is not None:
        return look.answer
    return _validate_files(
        look.root,
        look.discovery,
        (look.site_rels, look.site_raws),
        look.site_digest,
        look.selected,
        look.on,
        look.models,
        look.index,
        look.threshold,
        look.statuses,
    )


def complete(found: Survey) -> Result:
    """The result of a run whose first look is `found`: each root answered or checked."""
    return merged(found.missing, [check_root(look) for look in found.roots])


def validate_paths(
    paths: Sequence[Path],
    on: dt.date | None = None,
    *,
    models: bool = True,
    use_cache: bool = True,
) -> Result:
    """Validate the given files and folders, each with its whole records root as context.

    With `models`, a catalog of every record is made when nothing is wrong. Files are checked in
    parallel when there are many, and with `use_cache` unchanged folders are not listed again,
    unchanged files not read again (and the catalog is made from the records' data kept in the
    cache).
    """
    with collecting_once(), survey(paths, on, models=models, use_cache=use_cache) as found:
        return complete(found)
