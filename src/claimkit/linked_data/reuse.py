"""The dumps written again from the last export's bytes: each page whose text is known not to
have changed is copied from the dumps in place (a run of neighbouring pages in one copy, in the
kernel where it can), the others made again; the heads made again.

What may be copied is the caller's to say (`exporting.incremental` keys each page on what its
text depends on); this module only puts the pieces together, byte for byte as `export.write_dumps`
writes them. Where each page lies in a dump is given as eight numbers a page, (start, length) for
each file in PIECE_FILES order: the ranges `export.page_ranges` gives for a full export and this
module returns for the dumps it writes, to be the next run's.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from claimkit.linked_data.dumptext import PageKey, PageTextWriter
from claimkit.linked_data.export import (
    DUMP_TAILS,
    PIECE_FILES,
    SPOOL_BUFFER,
    _copy,
    dump_heads,
)

# A page's place in the four dumps: (start, length) for each file in PIECE_FILES order.
Ranges = tuple[int, int, int, int, int, int, int, int]


class _Target:
    """One dump being written: bytes made here, and ranges of the old dump copied in runs.

    A JSON line starts with a comma but for the file's first: a range copied from the old dump
    starts with its comma unless it began the old file's lines (`old_first`), and one is
    dropped or added where that differs in the new file."""

    def __init__(self, path: Path, source: int, old_first: int, json: bool) -> None:
        self.file: BinaryIO = path.open("wb", buffering=SPOOL_BUFFER)
        self.source = source
        self.old_first = old_first
        self.json = json
        self.first = json  # no JSON line written yet
        self.pos = 0  # bytes written, runs not yet copied aside
        self.run = (0, 0)  # the range of the old dump still to copy, at self.pos

    def at(self) -> int:
        """Where the next byte goes in the new dump."""
        return self.pos + self.run[1] - self.run[0]

    def flush_run(self) -> None:
        start, end = self.run
        if end > start:
            self.file.flush()  # what was written here goes first
            _copy(self.source, start, end - start, self.file.fileno())
            self.pos += end - start
        self.run = (0, 0)

    def write(self, data: bytes) -> None:
        if data:
            self.flush_run()
            self.file.write(data)
            self.pos += len(data)

    def lines(self, texts: list[str]) -> tuple[int, int]:
        """Write JSON lines; their range in the new dump."""
        start = self.at()
        for text in texts:
            line = ("," + text + "\n").encode()
            self.write(line[1:] if self.first else line)
            self.first = False
        return start, self.at() - start

    def copy(self, start: int, length: int) -> tuple[int, int]:
        """Copy a page's bytes from the old dump; their range in the new dump."""
        if not length:
            return self.at(), 0
        if self.run[1] == start and self.run[1] > self.run[0]:
            new_start = self.at()
            self.run = (self.run[0], start + length)
            return new_start, length
        self.flush_run()
        if self.json:
            comma = start != self.old_first
            if self.first:
                self.first = False
                if comma:
                    start, length = start + 1, length - 1
            elif not comma:
                self.write(b",")
                self.run = (start, start + length)
                return self.pos - 1, length + 1
        self.run = (start, start + length)
        return self.pos, length

    def close(self, tail: bytes) -> None:
        self.write(tail)
        self.flush_run()
        self.file.close()


def write_reusing(
    writer: PageTextWriter,
    pages: list[PageKey],
    kept: list[Ranges | None],
    old: Path,
    old_firsts: list[int],
    new: Path,
    last: str | None,
) -> list[int]:
    """Write the four dumps of `pages` into `new`: each page whose `kept` ranges are given
    copied from the dumps in `old` (whose pages' text starts at `old_firsts`, in PIECE_FILES
    order), the others made by `writer`, whose catalog need hold only those pages' records and
    the records they refer to; `last` is the data's last change (JsonLd.last_modified). Returns
    where each page lies in the new dumps, eight numbers a page."""
    new.mkdir(parents=True, exist_ok=True)
    writer.ld.known_last = (last,)
    sources = [os.open(old / name, os.O_RDONLY) for name in PIECE_FILES]
    targets: list[_Target] = []
    try:
        for index, name in enumerate(PIECE_FILES):
            targets.append(_Target(new / name, sources[index], old_firsts[index], index >= 2))
        for target, head in zip(targets, dump_heads(writer.catalog, (last,)), strict=True):
            target.write(head)
        nt, ttl, graph, feed = targets
        out: list[int] = []
        for key, ranges in zip(pages, kept, strict=True):
            if ranges is not None:
                for index, target in enumerate(targets):
                    out += target.copy(ranges[2 * index], ranges[2 * index + 1])
                continue
            nt_text, ttl_text, texts, item = writer.unit(key)
            for target, text in ((nt, nt_text), (ttl, ttl_text)):
                start = target.at()
                data = text.encode()
                target.write(data)
                out += (start, len(data))
            out += graph.lines(texts)
            out += feed.lines([item] if item is not None else [])
        for target, tail in zip(targets, DUMP_TAILS, strict=True):
            target.close(tail)
    finally:
        for target in targets:
            target.file.close()
        for fd in sources:
            os.close(fd)
    return out
