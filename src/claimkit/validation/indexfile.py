"""The validate cache's index of one records root: what the last run found, file by file.

The file holds a head, read whole by every run (the folder listings, the files' paths and
packed statuses in walk order, the files with problems of their own, the invalid ones, the
problems across records, the settings' check), then sections read only when asked for, each
with its own hash in the head: the files' keys, their results in chunks of CHUNK files, and a
column for the checks across records (each file's "kind:id"). A run after a one-record change
reads the keys, the chunk the file is in and the column of ids, not every file's result.

What runs changed since the file was written whole is in its journal (see journal), applied as
the head is read: to the head's fields, and as an overlay of the files' keys and results.
"""

from __future__ import annotations

import marshal
import os
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimkit.records.filestatus import NO_STATUS, STATUS
from claimkit.validation import cache, journal
from claimkit.validation.facts import PROBLEMS, REFS, SITE_CODES, VALID, Entry

KEY_BYTES = 20
CHUNK = 1024  # files' results per chunk

# What the index keeps per file: its status (None when it must be hashed again), its key and
# its result.
Slot = tuple[bytes | None, bytes, Entry]

# The fields of the index's head (see Index).
HEAD_FIELDS = ("folders", "site", "rels", "statuses", "owned", "invalid", "cross", "site_check")


class Damaged(Exception):
    """A section of the index does not hash as the head says (the file was damaged)."""


# Where a section lies after the head, its length and its hash.
Place = tuple[int, int, bytes]


@dataclass
class Index:
    """What the last run under a records root left (see the module's docstring). Arrays hold
    one item per file other than the site settings, in the walk's order. Shapes are checked
    where the items are used; a damaged section raises Damaged when read."""

    # Folder listings with their statuses (see discover.walk); valid whatever the settings.
    folders: dict[str, Any] = field(default_factory=dict)
    # The digest of the site settings the per-file results below were made with.
    site: bytes | None = None
    rels: str = ""  # the files' paths under the root, joined by NUL
    statuses: bytes = b""  # each file's packed status, NO_STATUS when not trusted
    owned: tuple[Any, ...] = ()  # (number, entry) of each file with problems of its own
    invalid: tuple[int, ...] = ()  # the numbers of files that are not valid records
    cross: Any = None  # (memo, problems) of the checks across records
    site_check: Any = None  # (site digest, entries of the site files, publisher)
    # The parts of its journal read, each applied already (see apply).
    journal: journal.Journal | None = None
    # The keys and results the journal's parts changed, by file number.
    overlay: dict[int, tuple[bytes, Entry]] = field(default_factory=dict)
    _fd: int | None = None
    _start: int = 0
    _places: dict[bytes, Place] = field(default_factory=dict)
    _chunks: tuple[Place, ...] = ()
    _read: dict[Any, Any] = field(default_factory=dict)

    @property
    def files(self) -> int:
        """How many files (other than the site settings) the index holds."""
        return len(self.statuses) // STATUS.size

    def _section(self, place: Any) -> bytes:
        """A section's bytes, checked against its hash."""
        if self._fd is None:
            raise Damaged("the index is closed")
        try:
            offset, length, checksum = place
            raw = os.pread(self._fd, length, self._start + offset)
        except (OSError, TypeError, ValueError) as exc:
            raise Damaged(str(exc)) from None
        if len(raw) != length or cache.checksum(raw) != checksum:
            raise Damaged("a section does not match its hash")
        return raw

    def _loaded(self, name: bytes, kind: type) -> Any:
        if name not in self._read:
            value = _unmarshal(self._section(self._places.get(name)))
            if not isinstance(value, kind):
                raise Damaged(f"section {name!r}")
            self._read[name] = value
        return self._read[name]

    def keys(self) -> bytes:
        """Every file's key, packed (KEY_BYTES each), as the journal left them."""
        base: bytes = self._loaded(b"keys", bytes)
        if len(base) != KEY_BYTES * self.files:
            raise Damaged("keys")
        if not self.overlay:
            return base
        packed = bytearray(base)
        for at, (key, _entry) in self.overlay.items():
            packed[at * KEY_BYTES : (at + 1) * KEY_BYTES] = key
        return bytes(packed)

    def key(self, at: int) -> bytes:
        """The key of the file numbered `at`."""
        if at in self.overlay:
            return self.overlay[at][0]
        base: bytes = self._loaded(b"keys", bytes)
        return base[at * KEY_BYTES : (at + 1) * KEY_BYTES]

    def _chunk(self, number: int) -> tuple[Entry, ...]:
        name = ("chunk", number)
        if name not in self._read:
            if number >= len(self._chunks):
                raise Damaged("no such chunk")
            value = _unmarshal(self._section(self._chunks[number]))
            if not isinstance(value, tuple):
                raise Damaged("chunk")
            self._read[name] = value
        found: tuple[Entry, ...] = self._read[name]
        return found

    def entry(self, at: int) -> Entry:
        """The result of the file numbered `at`."""
        if at in self.overlay:
            return self.overlay[at][1]
        try:
            return self._chunk(at // CHUNK)[at % CHUNK]
        except IndexError:
            raise Damaged("chunk too short") from None

    def entries(self) -> list[Entry]:
        """Every file's result, in order."""
        out: list[Entry] = []
        for number in range(len(self._chunks)):
            out.extend(self._chunk(number))
        if len(out) != self.files:
            raise Damaged("entries")
        for at, (_key, entry) in self.overlay.items():
            out[at] = entry
        return out

    def column(self, name: str) -> str:
        """A column for the checks across records: "ids", each file's "kind:id" (empty when it
        takes none), or "refs", the records each names, a "kind:id" a line with a line break
        before and after each file's; each file's part starts after a NUL, and a NUL ends the
        last. The ids are a section of their own, as written whole (the overlay not applied);
        the references, wanted only when what a record names changed or an id came or went,
        are made from every file's result."""
        if name == "refs":
            if "refs" not in self._read:
                self._read["refs"] = ref_column(self.entries())
            refs: str = self._read["refs"]
            return refs
        value: str = self._loaded(name.encode(), str)
        return value

    def apply(self, part: dict[bytes, Any]) -> bool:
        """Apply one part of the journal (see store.save_in_place); False, changing nothing,
        when it is not one this code wrote for this index."""
        numbers, statuses, keys, entries = (part.get(name) for name in _PART_FIELDS)
        cross, folders = part.get(b"cross"), part.get(b"folders")
        count = self.files
        if not (
            isinstance(numbers, tuple)
            and isinstance(statuses, bytes)
            and isinstance(keys, bytes)
            and isinstance(entries, tuple)
            and len(statuses) == STATUS.size * len(numbers)
            and len(keys) == KEY_BYTES * len(numbers) == KEY_BYTES * len(entries)
            and all(isinstance(at, int) and 0 <= at < count for at in numbers)
            and all(isinstance(entry, tuple) and len(entry) == 6 for entry in entries)
            and isinstance(cross, tuple)
            and len(cross) == 3
            and (folders is None or isinstance(folders, dict))
        ):
            return False
        memo, redo, fresh = cross
        if redo is not None:
            if not (isinstance(self.cross, tuple) and len(self.cross) == 2):
                return False
            fresh = tuple(
                p for p in self.cross[1] if p[0] not in redo or p[3] in SITE_CODES
            ) + tuple(fresh)
        self.cross = (memo, tuple(fresh))
        size = STATUS.size
        packed = bytearray(self.statuses)
        owned = dict(self.owned)
        invalid = set(self.invalid)
        for i, (at, entry) in enumerate(zip(numbers, entries, strict=True)):
            packed[at * size : (at + 1) * size] = statuses[i * size : (i + 1) * size]
            self.overlay[at] = (keys[i * KEY_BYTES : (i + 1) * KEY_BYTES], entry)
            owned.pop(at, None)
            if entry[PROBLEMS]:
                owned[at] = entry
            (invalid.discard if entry[VALID] else invalid.add)(at)
        self.statuses = bytes(packed)
        self.owned = tuple(sorted(owned.items()))
        self.invalid = tuple(sorted(invalid))
        if folders is not None:
            self.folders = folders
        return True

    def close(self) -> None:
        """Close the index file if it is still open."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def slots(self) -> dict[str, Slot]:
        """Each file's slot by its path under the root; empty when the parts do not agree or a
        section is damaged."""
        rels = self.rels.split("\0") if self.rels else []
        size = STATUS.size
        try:
            keys, entries = self.keys(), self.entries()
        except Damaged:
            return {}
        if len(rels) != len(entries) or len(self.statuses) != size * len(rels):
            return {}
        statuses = [self.statuses[at : at + size] for at in range(0, len(self.statuses), size)]
        return {
            rel: (
                None if status == NO_STATUS else status,
                keys[i * KEY_BYTES : (i + 1) * KEY_BYTES],
                entry,
            )
            for i, (rel, status, entry) in enumerate(zip(rels, statuses, entries, strict=True))
        }


# The fields of a part of the journal that change the files' slots (see Index.apply).
_PART_FIELDS = (b"at", b"statuses", b"keys", b"entries")


def _unmarshal(raw: bytes) -> Any:
    try:
        # Our own file, in the user's cache folder (see cache_dir), whole as we wrote it.
        return marshal.loads(raw)  # noqa: S302
    except (EOFError, ValueError, TypeError):
        return None


# The index file: the magic, the head's length (8 bytes) and hash, the head, then the sections;
# the head holds where each section lies and its hash. Each hash is checked before the bytes
# are unmarshalled: a damaged file can otherwise ask marshal for gigabytes.
_INDEX_MAGIC = b"claimkit-index\n"
_LENGTH = struct.Struct("<Q")
_INDEX_START = len(_INDEX_MAGIC) + _LENGTH.size + cache.SUM_BYTES


def read(root: Path) -> Index | None:
    """The index of one records root, its journal applied; None when missing, unreadable, or
    made by other code (never an error). Close it (Index.close) when done."""
    try:
        fd = os.open(cache.file_for(root), os.O_RDONLY)
    except OSError:
        return None
    try:
        start = os.pread(fd, _INDEX_START, 0)
        if len(start) != _INDEX_START or not start.startswith(_INDEX_MAGIC):
            raise ValueError
        (length,) = _LENGTH.unpack_from(start, len(_INDEX_MAGIC))
        size = os.fstat(fd).st_size
        if length > size:
            raise ValueError
        head_bytes = os.pread(fd, length, _INDEX_START)
        if cache.checksum(head_bytes) != start[-cache.SUM_BYTES :]:
            raise ValueError
        head = _unmarshal(head_bytes)
        if not isinstance(head, dict) or head.get(b"format") != cache.FORMAT:
            raise ValueError
        if head.get(b"tool") != cache.tool_fingerprint():
            raise ValueError
    except (OSError, ValueError):
        os.close(fd)
        return None
    places, chunks = head.get(b"places"), head.get(b"chunks")
    index = Index(
        _fd=fd,
        _start=_INDEX_START + length,
        _places=places if isinstance(places, dict) else {},
        _chunks=chunks if isinstance(chunks, tuple) else (),
    )
    for name, kind in (
        ("folders", dict),
        ("site", bytes),
        ("rels", str),
        ("statuses", bytes),
        ("owned", tuple),
        ("invalid", tuple),
    ):
        value = head.get(name.encode())
        if isinstance(value, kind):
            setattr(index, name, value)
    index.cross, index.site_check = head.get(b"cross"), head.get(b"site_check")
    ident = head.get(b"id")
    if isinstance(ident, bytes):
        index.journal = journal.read(_journal_for(root), ident, size)
        for at, part in enumerate(index.journal.parts):
            if not index.apply(part):
                # Parts after one that does not apply are not read; the next append drops them.
                del index.journal.parts[at:]
                index.journal.end = 0
                break
    return index


def _journal_for(root: Path) -> Path:
    return cache.file_for(root).with_suffix(".journal")


def append(root: Path, index: Index, part: dict[bytes, Any]) -> None:
    """Add what a run changed to the index's journal (see journal and Index.apply)."""
    if index.journal is not None:
        journal.append(_journal_for(root), index.journal, part)


def id_column(entries: Iterable[Entry]) -> str:
    """The column of ids of these results (see Index.column)."""
    ids = [
        f"{kind}:{ident}" if kind is not None and kind != "site" and ident is not None else ""
        for kind, ident, *_ in entries
    ]
    return "\0" + "\0".join(ids) + "\0"


def ref_column(entries: Iterable[Entry]) -> str:
    """The column of references of these results (see Index.column)."""
    return "\0" + "\0".join([f"\n{e[REFS]}\n" if e[REFS] else "" for e in entries]) + "\0"


def write(root: Path, head: dict[str, Any], keys: bytes, entries: tuple[Entry, ...]) -> None:
    """Replace the index in one step; a failure to write only costs speed next time. `head`
    holds the Index fields by name."""
    try:
        sections: list[bytes] = []
        places: dict[bytes, Place] = {}
        chunks: list[Place] = []
        offset = 0

        def add(data: bytes) -> Place:
            nonlocal offset
            place = (offset, len(data), cache.checksum(data))
            sections.append(data)
            offset += len(data)
            return place

        places[b"keys"] = add(marshal.dumps(keys))
        for at in range(0, len(entries), CHUNK):
            chunks.append(add(marshal.dumps(entries[at : at + CHUNK])))
        places[b"ids"] = add(marshal.dumps(id_column(entries)))
        fields = {name.encode(): value for name, value in head.items()}
        head_bytes = marshal.dumps(
            {
                b"format": cache.FORMAT,
                b"tool": cache.tool_fingerprint(),
                b"id": journal.new_id(),
                b"places": places,
                b"chunks": tuple(chunks),
                **fields,
            }
        )
        start = [_INDEX_MAGIC, _LENGTH.pack(len(head_bytes)), cache.checksum(head_bytes)]
        cache.replace_file(cache.file_for(root), [*start, head_bytes, *sections])
    except (OSError, ValueError):  # ValueError: something marshal cannot write
        return


def write_folders(root: Path, index: Index, folders: dict[str, Any]) -> None:
    """Keep new folder listings (a folder listed again in a run where nothing else changed, now
    trusted): a part of the journal saying so, or the index written again whole when its
    journal is full or cannot follow it."""
    cross = index.cross
    if index.journal is not None and not index.journal.full and isinstance(cross, tuple):
        part = {
            b"at": (),
            b"statuses": b"",
            b"keys": b"",
            b"entries": (),
            b"cross": (cross[0], (), ()),
            b"folders": folders,
        }
        append(root, index, part)
        return
    try:
        keys, entries = index.keys(), index.entries()
    except Damaged:
        return
    head = {name: getattr(index, name) for name in HEAD_FIELDS}
    write(root, {**head, "folders": folders}, keys, tuple(entries))
