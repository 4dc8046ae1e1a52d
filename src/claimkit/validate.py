"""A validation run: every file on its own (in parallel, cached), then the checks across them."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimkit import cache
from claimkit.catalog import Catalog
from claimkit.crosscheck import cross_check
from claimkit.diagnostics import Diagnostic, Severity
from claimkit.discover import RecordFile, absolute, display_path, root_of, walk
from claimkit.filecheck import Checked, FileFacts, check_file
from claimkit.models import Site

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


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# A job for a worker: files to check with what the index knew of each (their key, when the
# cache is on), the site settings, and the site digest (None without the cache).
Job = tuple[list[tuple[RecordFile, bytes | None]], Site | None, bytes | None, int]
# What a worker says of one file: its status and key when it could be read as a regular file
# (None otherwise), and its result, or None when the key matched the index's (result unchanged).
Outcome = tuple[cache.Status | None, bytes | None, cache.Entry | None]


def _read(file: str | Path) -> tuple[bytes, cache.Status] | None:
    """A regular file's bytes and status, or None (a folder, a pipe, an unreadable or too large
    file: the full reader says what is wrong with it)."""
    try:
        # Non-blocking, so that a named pipe among the records cannot hang the run.
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > cache.MAX_BYTES:
            return None
        raw = os.read(fd, cache.MAX_BYTES + 1)
        if len(raw) > cache.MAX_BYTES:
            return None
        return raw, cache.status_of(info)
    except OSError:
        return None
    finally:
        os.close(fd)


def _check_batch(job: Job) -> list[Outcome]:
    """Check files on their own, reading each once; with a site digest, hash each file and skip
    the check when the hash is the one the index holds."""
    items, site, site_digest, top = job
    out: list[Outcome] = []
    for item, known in items:
        got = _read(item.location)
        if got is None:
            out.append((None, None, cache.to_entry(check_file(item, site).facts)))
            continue
        raw, status = got
        entry_key = None
        if site_digest is not None:
            entry_key = cache.key(site_digest, str(item.location)[top:], raw)
            if entry_key == known:
                out.append((status, entry_key, None))
                continue
        out.append((status, entry_key, cache.to_entry(check_file(item, site, raw).facts)))
    return out


def _outcomes(
    items: list[tuple[RecordFile, bytes | None]],
    site: Site | None,
    site_digest: bytes | None,
    top: int,
) -> list[Outcome]:
    """Check files on their own, on every core when there are enough of them."""
    workers = min(_cpus(), 4)
    if len(items) < PARALLEL_MIN or workers < 2:
        return _check_batch((items, site, site_digest, top))
    # Batches small enough to share the work out evenly, large enough to cost little to send.
    size = max(50, min(BATCH, len(items) // (workers * 8) + 1))
    jobs = [(items[i : i + size], site, site_digest, top) for i in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        return [outcome for batch in pool.imap(_check_batch, jobs) for outcome in batch]


def _facts(files: list[RecordFile], site: Site | None) -> list[FileFacts]:
    """Check files on their own, without the cache."""
    pairs: list[tuple[RecordFile, bytes | None]] = [(item, None) for item in files]
    return [
        cache.from_entry(item.display, entry)
        for item, (_status, _key, entry) in zip(files, _outcomes(pairs, site, None, 0), strict=True)
        if entry is not None
    ]


def _cached_facts(
    root: Path, files: list[RecordFile], site: Site | None, site_digest: bytes
) -> tuple[list[FileFacts], int]:
    """Per-file results, from the cache where a file is unchanged.

    A file whose status is the one the index holds is not read; one whose status differs is
    read and hashed, and checked only if its hash differs too.
    """
    threshold = cache.racy_threshold()
    stored = cache.read(root, site_digest)
    top = len(str(root)) + 1
    results: list[cache.Entry | None] = []
    slots: dict[str, cache.Slot] = {}
    todo: list[tuple[RecordFile, bytes | None]] = []
    todo_at: list[int] = []
    for item in files:
        rel = str(item.location)[top:]
        slot = stored.get(rel)
        if slot is not None and not cache.valid_slot(slot):
            slot = None
        if slot is not None and slot[0] is not None:
            try:
                status = cache.status_of(os.stat(item.location))
            except OSError:
                status = None
            if status == slot[0]:
                slots[rel] = slot
                results.append(slot[2])
                continue
        todo_at.append(len(results))
        results.append(None)
        todo.append((item, slot[1] if slot is not None else None))
    hits = len(files) - len(todo)
    for at, (item, _known), (status, entry_key, entry) in zip(
        todo_at, todo, _outcomes(todo, site, site_digest, top), strict=True
    ):
        rel = str(item.location)[top:]
        if entry is None:  # the bytes hash as before: the stored result stands
            old = stored[rel]
            entry = old[2]
            hits += 1
        results[at] = entry
        if status is not None and entry_key is not None:
            slots[rel] = (cache.trusted(status, threshold), entry_key, entry)
    if slots != stored:
        cache.write(root, site_digest, slots)
    out = [
        cache.from_entry(item.display, entry)
        for item, entry in zip(files, results, strict=True)
        if entry is not None
    ]
    return out, hits


def validate_root(
    root: Path,
    selected: set[str] | None,
    on: dt.date,
    *,
    models: bool = True,
    use_cache: bool = False,
) -> Result:
    """Validate every record under one records root; report on the selected files only.

    With `models`, every record is kept as a model and a catalog is made when nothing is wrong;
    without, only what the checks need is kept, files are checked in parallel, and (with
    `use_cache`) unchanged files are not read again.
    """
    discovery = walk(root)
    site_items = [f for f in discovery.files if f.kind == "site"]
    other_items = [f for f in discovery.files if f.kind != "site"]
    site_checked = [check_file(item, None) for item in site_items]
    site = next((c.model for c in site_checked if isinstance(c.model, Site)), None)
    digest = hashlib.blake2b(digest_size=16)
    for item in site_items:
        got = _read(item.location)
        digest.update((got[0] if got else b"") + b"\0")

    checked: dict[str, Checked] = {c.facts.display: c for c in site_checked}
    cached = 0
    if models:
        for item in other_items:
            checked[item.display] = check_file(item, site)
        facts = [checked[item.display].facts for item in discovery.files]
    elif use_cache:
        other_facts, cached = _cached_facts(root, other_items, site, digest.digest())
        facts = [c.facts for c in site_checked] + other_facts
    else:
        facts = [c.facts for c in site_checked] + _facts(other_items, site)
    by_display = {item.display: item for item in discovery.files}

    def locate(display: str) -> Checked:
        if display not in checked:
            checked[display] = check_file(by_display[display], site)
        return checked[display]

    site_display = site_items[0].display if site_items else display_path(root / "site.yaml")
    problems = discovery.problems + [d for f in facts for d in f.diagnostics]
    problems += cross_check(facts, site_display, site.publisher if site else None, on, locate)
    if selected is not None:
        problems = [p for p in problems if p.path in selected or p.code == "site-missing"]
    chosen = [f for f in facts if selected is None or f.display in selected]
    result = Result(
        diagnostics=problems,
        files=len(chosen) + sum(1 for p in discovery.problems if p.path in (selected or {p.path})),
        records=sum(1 for f in chosen if f.valid),
        cached=cached,
    )
    no_errors = not any(p.severity is Severity.ERROR for p in problems)
    if models and selected is None and no_errors and all(f.valid for f in facts):
        # Records are named by their place in the repository (records/claims/x.yaml), not by
        # where the build was started: edit links must not depend on the working folder.
        source = {
            item.display: f"{root.name}/{str(item.location)[len(str(root)) + 1 :]}"
            for item in discovery.files
        }
        records = [
            (c.facts.kind, c.model, source[c.facts.display])
            for c in checked.values()
            if c.model is not None and c.facts.kind
        ]
        result.catalogs.append(Catalog.build(records))
    return result


def validate_paths(
    paths: Sequence[Path],
    on: dt.date | None = None,
    *,
    models: bool = True,
    use_cache: bool = False,
) -> Result:
    """Validate the given files and folders, each with its whole records root as context."""
    on = on or today()
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
