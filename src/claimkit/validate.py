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


def _check_batch(job: tuple[list[RecordFile], Site | None]) -> list[FileFacts]:
    files, site = job
    return [check_file(item, site).facts for item in files]


def _facts(files: list[RecordFile], site: Site | None) -> list[FileFacts]:
    """Check files on their own, on every core when there are enough of them."""
    workers = min(_cpus(), 4)
    if len(files) < PARALLEL_MIN or workers < 2:
        return _check_batch((files, site))
    jobs = [(files[i : i + BATCH], site) for i in range(0, len(files), BATCH)]
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        return [facts for batch in pool.imap(_check_batch, jobs) for facts in batch]


def _read(file: str | Path) -> bytes | None:
    """A regular file's bytes, or None (a folder, a pipe, an unreadable file)."""
    try:
        # Non-blocking, so that a named pipe among the records cannot hang the run.
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, cache.MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _cached_facts(
    root: Path, files: list[RecordFile], site: Site | None, site_digest: bytes
) -> tuple[list[FileFacts], int]:
    """Per-file results, from the cache where the content is unchanged."""
    stored = cache.read(root)
    keys: list[bytes | None] = []
    misses: list[RecordFile] = []
    top = len(str(root)) + 1
    for item in files:
        content = _read(item.location)
        entry_key = None
        if content is not None:
            entry_key = cache.key(site_digest, str(item.location)[top:], content)
        keys.append(entry_key)
        if entry_key is None or entry_key not in stored:
            misses.append(item)
    fresh = iter(_facts(misses, site))
    out: list[FileFacts] = []
    entries: dict[bytes, cache.Entry] = {}
    for item, entry_key in zip(files, keys, strict=True):
        if entry_key is not None and entry_key in stored:
            facts = cache.from_entry(item.display, stored[entry_key])
        else:
            facts = next(fresh)
        if entry_key is not None:
            entries[entry_key] = cache.to_entry(facts)
        out.append(facts)
    if entries != stored:
        cache.write(root, entries)
    return out, len(files) - len(misses)


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
        digest.update((_read(item.file) or b"") + b"\0")

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
