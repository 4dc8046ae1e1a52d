"""The cache as one run over a records root sees it: one look-up before each file is read, one
store after, the memo of the checks across records, and the write for the next run.

A run consults nothing else of the cache: `validation.run` asks this object, in that order,
and `validation.indexfile` and `validation.cache` are the files underneath (the index and its
journal, the records' data).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimkit.core.diagnostics import Diagnostic, Position
from claimkit.records import filestatus
from claimkit.records.discover import Discovery, RecordFile
from claimkit.records.filestatus import STATUS
from claimkit.validation import cache, facts, indexfile

# The key of a file that has none (it could not be read as a regular file).
_KEY_BYTES = indexfile.KEY_BYTES
_NO_KEY = bytes(_KEY_BYTES)
# Statuses compared at once to find the few that changed.
_BLOCK = 1024


class RunStore:
    """The last run's per-file results for these settings, and what this run keeps.

    Without a site digest (`--no-cache`) it knows nothing and keeps nothing. With `want_data`,
    valid records' data is part of a result: a file whose data the cache lacks is read again.
    """

    def __init__(
        self,
        root: Path,
        index: indexfile.Index | None,
        site_digest: bytes | None,
        statuses: list[bytes | None] | None,
        want_data: bool,
        threshold: int,
    ) -> None:
        self.root = root
        self.top = len(str(root)) + 1
        self.site_digest = site_digest
        self.index = index
        self.want_data = want_data
        self.threshold = threshold
        self._usable = bool(
            site_digest is not None and index is not None and index.site == site_digest and statuses
        )
        self._slots: dict[str, indexfile.Slot] | None = None
        self._cross_before: Any = index.cross if self._usable and index is not None else None
        # Files checked again in a run over the index's own list (see in_place), by number.
        self._changed: dict[int, indexfile.Slot] = {}
        self._data: dict[bytes, Any] | None = None  # the data the cache keeps, once read
        self._after: dict[str, indexfile.Slot] = {}
        self._fresh: dict[bytes, Any] = {}
        self._kept: dict[bytes, Any] | None = None  # the data to keep, once gathered
        self.hits = 0  # files whose result is the last run's

    @property
    def _data_before(self) -> dict[bytes, Any]:
        """The valid records' data the cache keeps, by key, when data is wanted (read when
        first asked: a run over the index's own files does not ask)."""
        if self._data is None:
            digest = self.site_digest
            self._data = cache.read_data(self.root, digest) if digest and self.want_data else {}
        return self._data

    @property
    def _before(self) -> dict[str, indexfile.Slot]:
        """The last run's slot of each file by its path under the root (read when first asked)."""
        if self._slots is None:
            self._slots = self.index.slots() if self._usable and self.index is not None else {}
        return self._slots

    def rel(self, item: RecordFile) -> str:
        """The file's path under the records root, as the cache names it."""
        return str(item.location)[self.top :]

    def look_up(self, rel: str, status: bytes | None) -> tuple[facts.Entry | None, bytes | None]:
        """Before a file is read: its last result when its status is the one kept (and its data
        is kept when data is wanted); otherwise no result and the key its bytes had, so that
        bytes that hash the same need no check."""
        slot = self._before.get(rel)
        if slot is None:
            return None, None
        try:
            kept_status, entry_key, entry = slot
            if (
                kept_status is not None
                and status is not None
                and kept_status == status
                and (not self.want_data or not entry[facts.VALID] or entry_key in self._data_before)
            ):
                self._after[rel] = slot
                self.hits += 1
                return entry, None
        except (TypeError, ValueError, IndexError):
            return None, None
        if self.want_data and entry_key not in self._data_before:
            return None, None
        return None, entry_key

    def store(
        self,
        rel: str,
        status: bytes | None,
        entry_key: bytes | None,
        entry: facts.Entry | None,
        data: Any,
    ) -> facts.Entry:
        """After a file is read: keep its status, key, result and data; `entry` None means its
        bytes hashed as before, and the last run's result stands. Returns the file's result."""
        if entry is None:
            entry = self._before[rel][2]
            self.hits += 1
        elif data is not None and entry_key is not None:
            self._fresh[entry_key] = data
        if status is not None and entry_key is not None:
            self._after[rel] = (filestatus.trusted(status, self.threshold), entry_key, entry)
        return entry

    def unchanged(self, files: int) -> bool:
        """Every file has the last run's result and no file came or went."""
        return self.hits == files == len(self._before)

    def changes(
        self, files: list[RecordFile], entries: list[facts.Entry], prefix: str
    ) -> list[tuple[str, facts.Entry | None, facts.Entry | None]]:
        """What changed since the last run, file by file (see crossdelta.Change): each file whose
        result is not the one kept (None before: new), and each file gone (`prefix` makes its
        display from its path under the root)."""
        before = self._before
        out: list[tuple[str, facts.Entry | None, facts.Entry | None]] = []
        seen: set[str] = set()
        for item, entry in zip(files, entries, strict=True):
            rel = self.rel(item)
            seen.add(rel)
            slot = before.get(rel)
            old = slot[2] if slot is not None else None
            if old != entry:
                out.append((item.display, old, entry))
        out.extend((prefix + rel, slot[2], None) for rel, slot in before.items() if rel not in seen)
        return out

    def gather_data(
        self,
        files: list[RecordFile],
        entries: list[facts.Entry],
        data: dict[str, Any],
        keys: dict[str, bytes] | None = None,
    ) -> None:
        """Add to `data` (display -> data) each valid record's data this run read or the last
        kept (and to `keys` its key), and note it as what the cache keeps for the next run."""
        kept: dict[bytes, Any] = {}
        for item, entry in zip(files, entries, strict=True):
            slot = self._after.get(self.rel(item))
            if slot is None or not entry[facts.VALID]:
                continue
            found = self._fresh.get(slot[1])
            if found is None:
                found = self._data_before.get(slot[1])
            if found is not None:
                kept[slot[1]] = found
                data.setdefault(item.display, found)
                if keys is not None:
                    keys[item.display] = slot[1]
        self._kept = kept

    def across(self, memo: Any) -> list[Diagnostic] | None:
        """The last run's problems across records, when no file changed and what they depend on
        besides the files (`memo`: date, working folder, publisher) is the same; else None."""
        stored = self._cross_before
        if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == memo):
            return None
        return [
            Diagnostic.make(path, Position(line, column), code, message)
            for path, line, column, code, message in stored[1]
        ]

    def _differs(self, head: dict[str, Any], keys: bytes, entries: tuple[facts.Entry, ...]) -> bool:
        """Whether the index would change."""
        index = self.index
        if index is None or any(
            head[name] != getattr(index, name) for name in indexfile.HEAD_FIELDS
        ):
            return True
        try:
            return index.keys() != keys or tuple(index.entries()) != entries
        except indexfile.Damaged:
            return True

    def cross_kept(self, memo: Any) -> tuple[Any, ...] | None:
        """The last run's problems across records as the index keeps them (path, line, column,
        code, message), when what they depend on besides the files (`memo`) is the same."""
        stored = self._cross_before
        if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == memo):
            return None
        return stored[1] if isinstance(stored[1], tuple) else None

    def save(
        self,
        discovery: Discovery,
        files: list[RecordFile],
        entries: list[facts.Entry],
        site_check: tuple[bytes | None, tuple[facts.Entry, ...], str | None],
        memo: Any,
        across: list[Diagnostic],
    ) -> bytes | None:
        """Write the index when it would change, and the valid records' data when it was wanted
        and changed; nothing without a site digest. Returns the files' keys as the index packs
        them (None without a site digest)."""
        if self.site_digest is None:
            return None
        statuses: list[bytes] = []
        keys: list[bytes] = []
        for item in files:
            slot = self._after.get(self.rel(item))
            statuses.append(slot[0] or filestatus.NO_STATUS if slot else filestatus.NO_STATUS)
            keys.append(slot[1] if slot else _NO_KEY)
        results = tuple(entries)
        head = {
            "folders": discovery.folders,
            "site": self.site_digest,
            "rels": "\0".join(self.rel(item) for item in files),
            "statuses": b"".join(statuses),
            "owned": tuple(
                (at, entry) for at, entry in enumerate(results) if entry[facts.PROBLEMS]
            ),
            "invalid": tuple(at for at, entry in enumerate(results) if not entry[facts.VALID]),
            "cross": (
                memo,
                tuple(
                    (d.path, d.position.line, d.position.column, d.code, d.message) for d in across
                ),
            ),
            "site_check": site_check,
        }
        packed = b"".join(keys)
        if self._differs(head, packed, results):
            indexfile.write(self.root, head, packed, results)
        kept = self._kept
        if kept is not None and (self._fresh or len(kept) != len(self._data_before)):
            cache.write_data(self.root, self.site_digest, kept)
        return packed

    # A run over the files the index holds, in its order, asks by number instead (see in_place):
    # nothing is made per file but for the files whose status changed.

    def in_place(
        self, rels: str, statuses: list[bytes | None], with_data: bool = False
    ) -> list[int] | None:
        """The numbers of the files whose status is not the one kept, when the files are the
        index's own (`rels`: their paths under the root, joined by NUL) for these settings and
        no data is wanted (or the caller gets the data it wants otherwise: `with_data`); None
        otherwise (then ask look_up, file by file)."""
        index = self.index
        if not self._usable or index is None or (self.want_data and not with_data):
            return None
        if index.rels != rels:
            return None
        if index.journal is None or index.files != len(statuses):
            return None
        old, size = index.statuses, STATUS.size
        changed: list[int] = []
        for start in range(0, len(statuses), _BLOCK):
            part = statuses[start : start + _BLOCK]
            if None not in part:
                joined = b"".join(part)  # type: ignore[arg-type]  # no None, as seen
                if joined == old[start * size : (start + len(part)) * size]:
                    continue
            changed.extend(
                at
                for at, status in enumerate(part, start)
                if status is None or status != old[at * size : (at + 1) * size]
            )
        self.hits = len(statuses) - len(changed)
        self._changed = {}
        return changed

    def keep(
        self,
        at: int,
        status: bytes | None,
        entry_key: bytes | None,
        entry: facts.Entry | None,
        before: facts.Entry,
    ) -> facts.Entry:
        """As `store`, for the file numbered `at` in a run over the index's own files, whose
        last result was `before`."""
        if entry is None:
            entry = before
            self.hits += 1
        if status is not None and entry_key is not None:
            kept = filestatus.trusted(status, self.threshold) or filestatus.NO_STATUS
            self._changed[at] = (kept, entry_key, entry)
        else:
            self._changed[at] = (filestatus.NO_STATUS, _NO_KEY, entry)
        return entry

    def key_kept(self, at: int) -> bytes:
        """The key kept for the file numbered `at`, checked again in a run over the index's own
        files (see keep)."""
        return self._changed[at][1]

    def outcome(self, now: dict[int, facts.Entry]) -> tuple[dict[int, facts.Entry], set[int]]:
        """After a run over the index's own files whose results changed as `now` says: the
        files with problems of their own (number -> result) and the invalid ones."""
        assert self.index is not None
        owned = dict(self.index.owned)
        invalid = set(self.index.invalid)
        for at, entry in now.items():
            owned.pop(at, None)
            if entry[facts.PROBLEMS]:
                owned[at] = entry
            (invalid.discard if entry[facts.VALID] else invalid.add)(at)
        return owned, invalid

    def save_in_place(
        self,
        folders: dict[str, Any],
        now: dict[int, facts.Entry],
        across: list[Diagnostic],
        cross_part: tuple[Any, set[str] | None, list[Diagnostic]],
    ) -> None:
        """After a run over the index's own files: append what changed to the index's journal,
        or write the index whole when the journal is full. `now`: the results that changed;
        `cross_part`: the memo, the displays whose problems across records were worked out
        again (None: all of them) and theirs. Raises indexfile.Damaged when the index must be
        read whole and cannot be."""
        index = self.index
        assert index is not None and index.journal is not None
        size = STATUS.size
        changed = {
            at: slot
            for at, slot in self._changed.items()
            if slot[0] != index.statuses[at * size : (at + 1) * size]
            or slot[1] != index.key(at)
            or at in now
        }
        memo, redo, fresh = cross_part
        stored = self._cross_before
        cross_same = (
            redo is not None and not redo and isinstance(stored, tuple) and stored[0] == memo
        )
        if not changed and cross_same and folders == index.folders:
            return
        numbers = tuple(sorted(changed))
        if not index.journal.full:
            part = {
                b"at": numbers,
                b"statuses": b"".join(changed[at][0] or filestatus.NO_STATUS for at in numbers),
                b"keys": b"".join(changed[at][1] for at in numbers),
                b"entries": tuple(changed[at][2] for at in numbers),
                b"cross": (memo, None if redo is None else tuple(sorted(redo)), _kept(fresh)),
                b"folders": None if folders == index.folders else folders,
            }
            indexfile.append(self.root, index, part)
            return
        statuses = bytearray(index.statuses)
        keys = bytearray(index.keys())
        entries = index.entries()
        for at in numbers:
            status, entry_key, entry = changed[at]
            statuses[at * size : (at + 1) * size] = status or filestatus.NO_STATUS
            keys[at * _KEY_BYTES : (at + 1) * _KEY_BYTES] = entry_key
            entries[at] = entry
        owned, invalid = self.outcome(now)
        head = {
            "folders": folders,
            "site": self.site_digest,
            "rels": index.rels,
            "statuses": bytes(statuses),
            "owned": tuple(sorted(owned.items())),
            "invalid": tuple(sorted(invalid)),
            "cross": (memo, _kept(across)),
            "site_check": index.site_check,
        }
        indexfile.write(self.root, head, bytes(keys), tuple(entries))


def _kept(problems: list[Diagnostic]) -> tuple[tuple[str, int, int, str, str], ...]:
    """Problems across records as the index keeps them."""
    return tuple((d.path, d.position.line, d.position.column, d.code, d.message) for d in problems)
