"""The cache index's journal: what each run changed since the index was last written whole.

A run that checked a few files of an unchanged list appends one part here (the files' numbers,
statuses, keys and results, and what changed in the problems across records) instead of writing
the index again whole; the index is written whole now and then, which starts the journal again.

The journal starts with the id of the index it follows (a random id in the index's head): a
journal left beside an index written whole since is not read. Each part is its length, a hash of
its bytes, then its bytes (marshal), appended under an exclusive lock. A run killed while
appending leaves a part cut short, whose hash does not match: a reader stops before it (it sees
the index as the run before left it), and the next run to append writes over it.
"""

from __future__ import annotations

import fcntl
import hashlib
import marshal
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_MAGIC = b"claimkit-journal\n"
_LENGTH = struct.Struct("<Q")
_SUM_BYTES = 32
_ID_BYTES = 16
_HEAD = len(_MAGIC) + _ID_BYTES

# The index is written whole again when its journal has this many parts, or this many bytes
# and a quarter of the index's (a part can hold a folder's listing of 100,000 names).
MAX_PARTS = 64
MAX_BYTES = 8 << 20


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_SUM_BYTES).digest()


@dataclass
class Journal:
    """The whole parts of a journal that follow the index with id `base`, and where they end."""

    base: bytes
    parts: list[dict[bytes, Any]] = field(default_factory=list)
    end: int = 0  # 0: nothing read (a new journal is started on the next append)
    index_bytes: int = 0  # the size of the index it follows

    @property
    def full(self) -> bool:
        """Whether the next run should write the index whole instead of appending."""
        return len(self.parts) >= MAX_PARTS or self.end >= max(MAX_BYTES, self.index_bytes // 4)


def read(path: Path, base: bytes, index_bytes: int) -> Journal:
    """The journal's whole parts when it follows the index with id `base` (of `index_bytes`);
    none otherwise (a missing, foreign or damaged journal is never an error)."""
    journal = Journal(base, index_bytes=index_bytes)
    try:
        raw = path.read_bytes()
    except OSError:
        return journal
    if len(raw) < _HEAD or raw[:_HEAD] != _MAGIC + base:
        return journal
    at = _HEAD
    while at + _LENGTH.size + _SUM_BYTES <= len(raw):
        (length,) = _LENGTH.unpack_from(raw, at)
        start = at + _LENGTH.size + _SUM_BYTES
        payload = raw[start : start + length]
        if len(payload) != length or _checksum(payload) != raw[at + _LENGTH.size : start]:
            break
        try:
            # Our own file, in the user's cache folder, whole as we wrote it (hash checked).
            part = marshal.loads(payload)  # noqa: S302
        except (EOFError, ValueError, TypeError):
            break
        if not isinstance(part, dict):
            break
        journal.parts.append(part)
        at = start + length
    journal.end = at
    return journal


def append(path: Path, journal: Journal, part: dict[bytes, Any]) -> None:
    """Add `part` after the parts `journal` holds (dropping whatever another run appended since:
    this run's part says what it found after those). A failure only costs speed next time."""
    try:
        payload = marshal.dumps(part)
        record = _LENGTH.pack(len(payload)) + _checksum(payload) + payload
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except (OSError, ValueError):  # ValueError: something marshal cannot write
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        end = journal.end
        if end == 0:
            os.ftruncate(fd, 0)
            os.pwrite(fd, _MAGIC + journal.base, 0)
            end = _HEAD
        elif os.pread(fd, _HEAD, 0) != _MAGIC + journal.base:
            return  # started again for another index since: this run's part follows no more
        else:
            os.ftruncate(fd, end)
        os.pwrite(fd, record, end)
    except OSError:
        return
    finally:
        os.close(fd)  # closing releases the lock


def new_id() -> bytes:
    """The id of an index written whole (its journal names it)."""
    return os.urandom(_ID_BYTES)
