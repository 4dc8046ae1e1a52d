"""A file's status on disk (size, times, inode, mode), packed, and when it can be trusted.

As git's index does, a run keeps each file's status so that a file unchanged since the last run
is neither read nor hashed again; a status taken too close to the run's start is not trusted.
"""

from __future__ import annotations

import os
import struct
import time

# A status is trusted only when the file's modification and change times are older than the
# start of the run that hashed it by at least this much: more than the timestamp granularity of
# any file system records sit on (FAT's is 2 s) and than a small clock difference.
RACY_MARGIN_NS = 3_000_000_000

STATUS = struct.Struct("<QqqQQQ")
# Stands for "no status" in the index's array of statuses: no file has mode 0.
NO_STATUS = bytes(STATUS.size)


def status_of(info: os.stat_result, *, ctime: bool = True) -> bytes:
    """A file's status, packed: one object per file keeps the index quick to load (with
    `ctime=False`, 0 in place of the inode's change time)."""
    return STATUS.pack(
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns if ctime else 0,
        info.st_ino,
        info.st_dev,
        info.st_mode,
    )


def racy_threshold() -> int:
    """Statuses with a time at or after this are not trusted on the next run; take it before
    the first file is looked at."""
    return time.time_ns() - RACY_MARGIN_NS


def trusted(status: bytes, threshold: int) -> bytes | None:
    """The status to keep for a file hashed in a run that started at `threshold`, or None when
    the file may have changed again within the same clock tick (it is then hashed next time)."""
    _size, mtime, ctime, _ino, _dev, _mode = STATUS.unpack(status)
    if mtime >= threshold or ctime >= threshold:
        return None
    return status
