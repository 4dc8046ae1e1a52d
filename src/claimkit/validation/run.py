"""A validation run: every file that changed checked on its own (in parallel, cached), then the
checks across records; the index written for the next run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimkit.core.collector import collector_off
from claimkit.core.diagnostics import Diagnostic, Severity
from claimkit.core.lifetime import ends_with_this_process
from claimkit.core.machine import usable_cpus
from claimkit.core.models import Site
from claimkit.core.progress import Stage, current
from claimkit.records.discover import Discovery, RecordFile
from claimkit.validation import cache, facts, indexfile
from claimkit.validation.catalogs import ModelMemo, build_catalog, patch
from claimkit.validation.crosscheck import Locate, cross_check
from claimkit.validation.crossdelta import Change, Facts, cross_delta
from claimkit.validation.filecheck import Checked, check_file
from claimkit.validation.result import Result, merged, result_of
from claimkit.validation.store import RunStore
from claimkit.validation.survey import (
    RootSurvey,
    Survey,
    indexed_result,
    memo_of,
    read_record,
    survey,
)

# Below this many files to check, starting worker processes costs more than it saves.
PARALLEL_MIN = 1000
BATCH = 500
# A run over the index's own files checks again at most this many files, or a sixteenth of
# them, by number (see _in_place); when more changed, it goes file by file and checks across
# records in full.
IN_PLACE_MIN = 100


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
        # No model leaves a worker (the catalog is built from the data): the checks run on
        # the plain data where they can show the record clean.
        checked = check_file(item, site, raw, plain=True)
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
    with context.Pool(workers, initializer=ends_with_this_process()) as pool:
        for batch in pool.imap(_check_batch, jobs):
            outcomes.extend(batch)
            stage.advance(len(batch))
    return outcomes


@dataclass
class _Files:
    """Each file's result, in the files' order, and the data of valid records when wanted."""

    entries: list[facts.Entry]
    data: dict[str, Any] = field(default_factory=dict)  # display -> data of a valid record
    keys: dict[str, bytes] = field(default_factory=dict)  # display -> its key, for `ModelMemo`


def _file_results(
    files: list[RecordFile],
    site: Site | None,
    store: RunStore,
    statuses: list[bytes | None] | None,
) -> _Files:
    """Per-file results: each file is looked up in the store first; one whose status is the
    one kept is not read, the others are read and hashed, and checked only if the hash differs
    too; each result is stored. With data wanted, the data of every valid record is gathered
    (from the store where it holds it)."""
    results: list[facts.Entry | None] = []
    todo: list[tuple[RecordFile, bytes | None]] = []
    todo_at: list[int] = []
    for at, item in enumerate(files):
        status = statuses[at] if statuses is not None else None
        entry, known = store.look_up(store.rel(item), status)
        if entry is None:
            todo_at.append(len(results))
            todo.append((item, known))
        results.append(entry)
    run = _Files([])
    outcomes = _outcomes(todo, site, store.site_digest, store.top, store.want_data)
    for at, (item, _known), (status, entry_key, entry, data) in zip(
        todo_at, todo, outcomes, strict=True
    ):
        results[at] = store.store(store.rel(item), status, entry_key, entry, data)
        if data is not None:
            run.data[item.display] = data
    run.entries = [entry for entry in results if entry is not None]
    if store.want_data:
        store.gather_data(files, run.entries, run.data, run.keys)
    return run


def check_root(look: RootSurvey, models: ModelMemo | None = None) -> Result:
    """The result of one records root: from the index when nothing changed; otherwise the
    settings, then each file on its own (from the store where unchanged), then the checks
    across records; the store keeps it all for the next run."""
    if look.answer is not None:
        return look.answer
    discovery = look.discovery
    top, prefix, root = f"{discovery.root}/", discovery.prefix, discovery.root
    site_items = [
        RecordFile(top + rel, prefix + rel, kind, root)
        for rel, kind in zip(discovery.rels, discovery.kinds, strict=True)
        if kind == "site"
    ]
    site_checked = [
        check_file(item, None, raw) if raw is not None else check_file(item, None)
        for item, raw in zip(site_items, look.site_raws, strict=True)
    ]
    site = next((c.model for c in site_checked if isinstance(c.model, Site)), None)
    want_data = look.models and look.selected is None
    store = RunStore(
        look.root, look.index, look.site_digest, look.statuses, want_data, look.threshold
    )
    publisher = site.publisher if site else None
    memo = memo_of(discovery, look.site_rels, look.on, publisher)
    site_check = (look.site_digest, tuple(facts.to_entry(c.facts) for c in site_checked), publisher)
    checked = _Checked(discovery, site_checked, site, memo, look.on)
    rels = "\0".join(checked.rels)
    if look.index is not None and look.statuses is not None and site_check == look.index.site_check:
        # A process that keeps its last catalog (`models`) patches it where the run goes over
        # the index's own files; otherwise that run gathers no data.
        patch = want_data and models is not None and _patchable(look, rels, models)
        changed = store.in_place(rels, look.statuses, patch)
        if changed is not None and len(changed) <= max(IN_PLACE_MIN, len(checked.rels) // 16):
            answer = _in_place(look, checked, store, changed, models if patch else None)
            if answer is not None and (answer.catalogs or not patch or answer.errors):
                return _with_statuses(answer, checked, look)
            # A damaged index: file by file, every file read; a catalog that could not be
            # patched: file by file, with the index as the run left it.
            index = indexfile.read(look.root) if answer is not None else None
            store = RunStore(
                look.root, index, look.site_digest, look.statuses, want_data, look.threshold
            )
    other_items = checked.other_items
    run = _file_results(other_items, site, store, look.statuses)
    # The last run's problems across records stand for what no change can affect only when
    # the settings' files were checked as they were then.
    same_site = look.index is not None and site_check == look.index.site_check
    kept = store.cross_kept(memo) if same_site else None
    if kept is not None and store.unchanged(len(other_items)):
        across = store.across(memo) or []
    elif kept is not None:
        changes = store.changes(other_items, run.entries, discovery.prefix)
        made = {"ids": indexfile.id_column(run.entries), "refs": indexfile.ref_column(run.entries)}
        found = _facts(checked, {}, run.entries.__getitem__, made.__getitem__)
        across = _cross_delta(checked, found, changes, kept)[0]
    else:
        across = _across(discovery, site_checked, other_items, run.entries, site, memo, look.on)
    keys = store.save(discovery, other_items, run.entries, site_check, memo, across)
    own = _own_problems(site_checked, other_items, run.entries)
    result = result_of(discovery, own, across, look.selected, store.hits)
    no_errors = not any(p.severity is Severity.ERROR for p in result.diagnostics)
    if models is not None:
        models.forget()
    if want_data and site is not None and no_errors and all(valid for _, valid, _ in own):
        catalog = build_catalog(
            look.root, (site_items, other_items), site, run.data, run.keys, models
        )
        result.catalogs.append(catalog)
        if models is not None and keys is not None:
            models.made_from(look.root, look.site_digest, rels, keys)
    return _with_statuses(result, checked, look)


def _with_statuses(result: Result, checked: _Checked, look: RootSurvey) -> Result:
    """`result` with the statuses of the records this run saw, when it made a catalog."""
    if result.catalogs and look.statuses is not None:
        result.statuses = list(zip(checked.rels, look.statuses, strict=True))
    return result


def _patchable(look: RootSurvey, rels: str, models: ModelMemo) -> bool:
    """Whether `models` holds the catalog of these files as the index holds them (the same
    files with the same keys: no other process validated them since)."""
    if look.index is None:
        return False
    try:
        return models.patchable(look.root, look.site_digest, rels, look.index.keys())
    except indexfile.Damaged:
        return False


class _Checked:
    """What a run has before it checks the files other than the site settings: those files by
    their paths under the root (as RecordFile objects only when asked for: making 100,000 of
    them takes a while)."""

    def __init__(
        self,
        discovery: Discovery,
        site_checked: list[Checked],
        site: Site | None,
        memo: Any,
        on: dt.date,
    ) -> None:
        self.discovery = discovery
        self.site_checked = site_checked
        self.site = site
        self.memo = memo
        self.on = on
        others = [
            (rel, kind)
            for rel, kind in zip(discovery.rels, discovery.kinds, strict=True)
            if kind != "site"
        ]
        self.rels = [rel for rel, _ in others]
        self.kinds = [kind for _, kind in others]
        self._items: list[RecordFile] | None = None

    @property
    def other_items(self) -> list[RecordFile]:
        """Every file but the site settings, in the walk's order."""
        if self._items is None:
            self._items = [f for f in self.discovery.files if f.kind != "site"]
        return self._items

    def item(self, at: int) -> RecordFile:
        """The file numbered `at` (the site settings not counted)."""
        if self._items is not None:
            return self._items[at]
        root, rel = self.discovery.root, self.rels[at]
        return RecordFile(f"{root}/{rel}", self.discovery.prefix + rel, self.kinds[at], root)

    def displays(self) -> list[str]:
        """How every file is shown: the site settings first, then the others."""
        prefix = self.discovery.prefix
        return [c.facts.display for c in self.site_checked] + [prefix + rel for rel in self.rels]


def _in_place(
    look: RootSurvey,
    run: _Checked,
    store: RunStore,
    changed: list[int],
    models: ModelMemo | None = None,
) -> Result | None:
    """A run over the files the index holds, in its order (no file came or went): the files
    whose status changed are checked again, the checks across records are worked out again for
    what their changes can affect, and what changed is added to the index's journal; with
    `models` (which holds the catalog of the files as the index held them), the catalog is made
    from it with the changed records put in. None when the index turns out damaged (the run then
    goes file by file)."""
    index = store.index
    assert index is not None
    items = {at: run.item(at) for at in changed}
    try:
        before = {at: index.entry(at) for at in changed}
        todo: list[tuple[RecordFile, bytes | None]] = [(items[at], index.key(at)) for at in changed]
    except indexfile.Damaged:
        return None
    outcomes = _outcomes(todo, run.site, store.site_digest, store.top, models is not None)
    now: dict[int, facts.Entry] = {}
    changes: list[Change] = []
    for at, (status, entry_key, entry, _data) in zip(changed, outcomes, strict=True):
        result = store.keep(at, status, entry_key, entry, before[at])
        if result != before[at]:
            changes.append((items[at].display, before[at], result))
            now[at] = result
    kept = store.cross_kept(run.memo)
    redo: set[str] | None
    try:
        if kept is None:
            entries = index.entries()
            for at, entry in now.items():
                entries[at] = entry
            across = _across(
                run.discovery,
                run.site_checked,
                run.other_items,
                entries,
                run.site,
                run.memo,
                run.on,
            )
            redo, fresh = None, across
        elif not changes:
            across, redo, fresh = store.across(run.memo) or [], set(), []
        else:
            overlay = {at: entry for at, (_key, entry) in index.overlay.items()}
            overlay.update(now)
            found = _facts(run, overlay, index.entry, index.column)
            across, redo, fresh = _cross_delta(run, found, changes, kept)
        store.save_in_place(run.discovery.folders, now, across, (run.memo, redo, fresh))
    except indexfile.Damaged:
        return None
    site = (
        [r for r, k in zip(run.discovery.rels, run.discovery.kinds, strict=True) if k == "site"],
        [facts.to_entry(c.facts) for c in run.site_checked],
    )
    owned, invalid = store.outcome(now)
    answer = indexed_result(
        run.discovery, site, run.rels, (owned, invalid), across, look.selected, store.hits
    )
    if models is not None:
        got = dict(zip(changed, outcomes, strict=True))
        _patched(look.root, run, store, models, got, answer, bool(invalid))
    return answer


def _patched(
    root: Path,
    run: _Checked,
    store: RunStore,
    models: ModelMemo,
    outcomes: dict[int, Outcome],
    answer: Result,
    invalid: bool,
) -> None:
    """After a run over the index's own files that checked the files numbered in `outcomes`
    again: `models` told what they hold now, and `answer` given the catalog patched with them
    when every record is valid."""
    changes = {at: (run.kinds[at], run.item(at), store.key_kept(at)) for at in outcomes}
    found = {at: (entry, data) for at, (_s, _k, entry, data) in outcomes.items()}
    patched = patch(root, run.site, models, changes, found)
    no_errors = not any(p.severity is Severity.ERROR for p in answer.diagnostics)
    valid = not invalid and all(c.facts.valid for c in run.site_checked)
    if patched and no_errors and valid and isinstance(run.site, Site):
        answer.catalogs.append(models.patched(run.site))


def _facts(
    run: _Checked,
    others: dict[int, facts.Entry],
    entry: Callable[[int], facts.Entry],
    column: Callable[[str], str],
) -> Facts:
    """Every file's facts for the checks across records: the site settings' files, then the
    others, `others` (by number) given one by one, the rest read with `entry` and `column`."""
    shift = len(run.site_checked)
    overlay = {at: facts.to_entry(c.facts) for at, c in enumerate(run.site_checked)}
    overlay.update((shift + at, found) for at, found in others.items())
    return Facts(run.displays(), overlay, lambda at: entry(at - shift), column, shift)


def _cross_delta(
    run: _Checked, found: Facts, changes: list[Change], kept: tuple[Any, ...]
) -> tuple[list[Diagnostic], set[str], list[Diagnostic]]:
    """The checks across records worked out again for what `changes` can affect (see
    crossdelta)."""
    publisher = run.site.publisher if run.site else None
    context = (bool(run.site_checked), publisher, run.on)
    locate = _locator(run.discovery, run.site_checked, run.site)
    return cross_delta(found, changes, kept, context, locate)


def _locator(discovery: Discovery, site_checked: list[Checked], site: Site | None) -> Locate:
    """Reads a file again in full, once, when a problem across records must point into it."""
    checked: dict[str, Checked] = {c.facts.display: c for c in site_checked}
    by_display: dict[str, RecordFile] = {}

    def locate(display: str) -> Checked:
        if not by_display:
            by_display.update((item.display, item) for item in discovery.files)
        if display not in checked:
            checked[display] = check_file(by_display[display], site)
        return checked[display]

    return locate


def _across(
    discovery: Discovery,
    site_checked: list[Checked],
    other_items: list[RecordFile],
    entries: list[facts.Entry],
    site: Site | None,
    memo: Any,
    on: dt.date,
) -> list[Diagnostic]:
    """The checks across records, from every file's facts; a file whose record a check must
    read again (to point at a line) is checked again in full, once."""
    all_facts = [c.facts for c in site_checked] + [
        facts.from_entry(item.display, entry)
        for item, entry in zip(other_items, entries, strict=True)
    ]
    publisher = site.publisher if site else None
    site_display = memo[2]
    locate = _locator(discovery, site_checked, site)
    return cross_check(all_facts, site_display, publisher, on, locate)


def _own_problems(
    site_checked: list[Checked], other_items: list[RecordFile], entries: list[facts.Entry]
) -> list[tuple[str, bool, list[Diagnostic]]]:
    """Each file's own problems (display, valid, problems); diagnostics are made only for files
    that have problems."""
    own: list[tuple[str, bool, list[Diagnostic]]] = [
        (c.facts.display, c.facts.valid, c.facts.diagnostics) for c in site_checked
    ]
    for item, entry in zip(other_items, entries, strict=True):
        diagnostics = facts.diagnostics_of(item.display, entry) if entry[facts.PROBLEMS] else []
        own.append((item.display, entry[facts.VALID], diagnostics))
    return own


def complete(found: Survey, memo: ModelMemo | None = None) -> Result:
    """The result of a run whose first look is `found`: each root answered or checked (its
    catalog's models from `memo` where it has them)."""
    return merged(found.missing, [check_root(look, memo) for look in found.roots])


def validate_paths(
    paths: Sequence[Path],
    on: dt.date | None = None,
    *,
    models: bool = True,
    use_cache: bool = True,
    memo: ModelMemo | None = None,
) -> Result:
    """Validate the given files and folders, each with its whole records root as context.

    With `models`, a catalog of every record is made when nothing is wrong. Files are checked in
    parallel when there are many, and with `use_cache` unchanged folders are not listed again,
    unchanged files not read again (and the catalog is made from the records' data kept in the
    cache; with `memo`, from the models of the last catalog where the records are unchanged).
    """
    with collector_off(), survey(paths, on, models=models, use_cache=use_cache) as found:
        return complete(found, memo)
