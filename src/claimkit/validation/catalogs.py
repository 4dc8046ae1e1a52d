"""The catalog a validation run makes of the records when nothing is wrong: from every valid
record's data, or patched from the last one a process kept.

What a process that validates again and again (`claimkit serve`) keeps of its last catalog
(`ModelMemo`):
the models by cache key, so that a model is made only for a record that changed, and the catalog
itself with the keys it was made from, so that a run that checked only the files whose status
changed (validation.run's run over the index's own files) can make the next catalog from it by
putting in the changed records' new models, instead of gathering every record's data.

A catalog made with the memo is the same as one made without it (tests/unit/test_model_memo.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimkit.core.catalog import Catalog, IndexMemo
from claimkit.core.models import KIND_MODELS, Record, Site
from claimkit.records.discover import RecordFile
from claimkit.validation import facts
from claimkit.validation.filecheck import check_file
from claimkit.validation.indexfile import KEY_BYTES

# (kind, model, source path): a record as a catalog is made from it.
Entry = tuple[str, Record, str]


class ModelMemo:
    """The models of the last catalog a process made, by record kind and cache key (the key
    covers the record's bytes, path, claimkit's record code and the site settings; the models
    are frozen), and that catalog's records with the keys of the files they came from. It keeps
    the last run's models alive between runs."""

    def __init__(self) -> None:
        self.models: dict[tuple[str, bytes], Record] = {}
        self.index = IndexMemo()
        # The last catalog's records, the site settings' first and then one per other file in
        # the index's order (None for a file that holds no record), and what they were made
        # from: the records root, the site digest, the files' paths (NUL-joined) and their
        # keys (packed as the index packs them).
        self._site: list[Entry] = []
        self._per_file: list[Entry | None] = []
        self._made_from: tuple[Path, bytes, str, bytes] | None = None
        # The last catalog, and what the files patched since held when it was made.
        self._last: Catalog | None = None
        self._before: dict[int, Entry | None] = {}

    def model(
        self, kind: str, key: bytes | None, data: Any, used: dict[tuple[str, bytes], Record]
    ) -> Record:
        """The model of a record of `kind` with `key` and `data`, noted in `used`."""
        found = self.models.get((kind, key)) if key is not None else None
        if found is None:
            found = KIND_MODELS[kind].model_validate(data)
        if key is not None:
            used[(kind, key)] = found
        return found

    def catalog(
        self,
        site: list[Entry],
        per_file: list[Entry | None],
        used: dict[tuple[str, bytes], Record],
    ) -> Catalog:
        """The catalog of the site settings' records `site` and the other files' `per_file`
        (None for a file without a record), keeping its models (`used`) for the next run; what
        it was made from is said after the run writes its index (`made_from`)."""
        self.models = used
        self._site = site
        self._per_file = per_file
        self._made_from = None
        self._last = None  # until it is made
        records = site + [entry for entry in per_file if entry is not None]
        self._last, self._before = Catalog.build(records, self.index), {}
        return self._last

    def made_from(self, root: Path, site_digest: bytes | None, rels: str, keys: bytes) -> None:
        """Say what the last catalog was made from (its run's files and their keys as the run
        wrote them to the index), so that the next run can patch it."""
        files = len(self._per_file)
        same_files = files == rels.count("\0") + 1 and len(keys) == files * KEY_BYTES
        if site_digest is not None and files and same_files:
            self._made_from = (root, site_digest, rels, keys)

    def forget(self) -> None:
        """The last catalog cannot be patched (a run wrote the index without making one)."""
        self._made_from = None

    def patchable(self, root: Path, site_digest: bytes | None, rels: str, keys: bytes) -> bool:
        """Whether the last catalog was made from these files with these keys: a run over the
        index's own files can then make the next one from it (`patch`, `patched`)."""
        return self._made_from is not None and self._made_from == (root, site_digest, rels, keys)

    def key(self, at: int) -> bytes:
        """The key the file numbered `at` had when the last catalog was made."""
        assert self._made_from is not None
        return self._made_from[3][at * KEY_BYTES : (at + 1) * KEY_BYTES]

    def patch(self, changed: dict[int, tuple[Entry | None, bytes]]) -> None:
        """The files numbered in `changed` now hold the record given (None: none, or not a
        valid one) and have the key given; the next catalog is made with them (`patched`)."""
        assert self._made_from is not None
        root, digest, rels, keys = self._made_from
        packed = bytearray(keys)
        for at, (entry, key) in changed.items():
            old = self._per_file[at]
            self._before.setdefault(at, old)
            if old is not None:
                self.models.pop((old[0], self.key(at)), None)
            if entry is not None:
                self.models[(entry[0], key)] = entry[1]
            self._per_file[at] = entry
            packed[at * KEY_BYTES : (at + 1) * KEY_BYTES] = key
        self._made_from = (root, digest, rels, bytes(packed))

    def patched(self, site: Site) -> Catalog:
        """The catalog of the last one's records as patched, with the site settings' model
        `site` (the settings' files are the same: their check is the one the index holds)."""
        made_from = self._made_from
        entries: list[Entry] = [("site", site, source) for _kind, _model, source in self._site]
        changes = self._replacements()
        if self._last is not None and changes is not None:
            try:
                self._last = self._last.replaced(site, changes, self.index)
            except BaseException:
                self._last, self.index = None, IndexMemo()  # half indexed: start again
                raise
            self._site, self._before = entries, {}
            return self._last
        catalog = self.catalog(entries, self._per_file, self.models)
        self._made_from = made_from
        return catalog

    def _replacements(self) -> list[tuple[str, Record, Record]] | None:
        """The models that replace others of the same kind and id in the same file since the
        last catalog was made (kind, old, new); None when a record came, went or changed its
        id or kind (the catalog is then made again from every record)."""
        changes: list[tuple[str, Record, Record]] = []
        for at, before in self._before.items():
            after = self._per_file[at]
            if before is None or after is None:
                if before is not after:
                    return None
                continue
            if before[0] != after[0] or before[2] != after[2]:
                return None
            if getattr(before[1], "id", None) != getattr(after[1], "id", None):
                return None
            if before[1] is not after[1]:
                changes.append((after[0], before[1], after[1]))
        return changes


def build_catalog(
    root: Path,
    files: tuple[list[RecordFile], list[RecordFile]],
    site: Site,
    data: dict[str, Any],
    keys: dict[str, bytes],
    memo: ModelMemo | None,
) -> Catalog:
    """The catalog of the records of `files` (the site settings' files, then the others),
    known valid, made from their `data` (by display; their models from `memo` where it has them
    by their `keys`)."""
    site_items, other_items = files
    used: dict[tuple[str, bytes], Record] = {}
    site_entries: list[Entry] = [("site", site, _source(root, item)) for item in site_items]
    per_file: list[Entry | None] = []
    for item in other_items:
        if not item.kind:
            per_file.append(None)
            continue
        found = data[item.display]
        if memo is None:
            model = KIND_MODELS[item.kind].model_validate(found)
        else:
            model = memo.model(item.kind, keys.get(item.display), found, used)
        per_file.append((item.kind, model, _source(root, item)))
    if memo is not None:
        return memo.catalog(site_entries, per_file, used)
    return Catalog.build(site_entries + [entry for entry in per_file if entry is not None])


def patch(
    root: Path,
    site: Site | None,
    memo: ModelMemo,
    changes: dict[int, tuple[str | None, RecordFile, bytes]],
    found: dict[int, tuple[facts.Entry | None, Any]],
) -> bool:
    """Tell `memo` what the files checked again hold now: each (by number) of kind, file and
    key in `changes`, with its result and data (data only for a valid record read again) in
    `found`. A file whose key is the one the memo has holds the same record. False (and the
    memo forgets its catalog) when a valid record's data cannot be had (its file changed again
    since it was checked)."""
    patched: dict[int, tuple[Entry | None, bytes]] = {}
    for at, (kind, item, key) in changes.items():
        if key == memo.key(at):
            continue
        entry, data = found[at]
        record: Entry | None = None
        if kind and entry is not None and entry[facts.VALID]:
            if data is None:  # checked, but its data not sent back: read it again
                checked = check_file(item, site, plain=True)
                data = checked.doc.data if checked.doc is not None else None
            if data is None:
                memo.forget()
                return False
            record = (kind, KIND_MODELS[kind].model_validate(data), _source(root, item))
        patched[at] = (record, key)
    memo.patch(patched)
    return True


def _source(root: Path, item: RecordFile) -> str:
    """How records name the file they came from: by its place in the repository
    (records/claims/x.yaml), not by where the run was started (edit links must not depend on
    the working folder)."""
    return f"{root.name}/{str(item.location)[len(str(root)) + 1 :]}"
