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
from array import array
from pathlib import Path
from typing import BinaryIO

from claimkit.linked_data.dumptext import PageKey, PageTextWriter
from claimkit.linked_data.export import (
    DUMP_TAILS,
    PIECE_FILES,
    SPOOL_BUFFER,
    copy_range,
    dump_heads,
)


class _Target:
    """One dump being written: bytes made here, and runs of pages copied from the old dump.

    A JSON line starts with a comma but for the file's first: a run copied from the old dump
    starts with its comma unless it began the old file's lines (`old_first`), and one is
    dropped or added where that differs in the new file."""

    def __init__(self, path: Path, source: int, old_first: int, json: bool) -> None:
        self.file: BinaryIO = path.open("wb", buffering=SPOOL_BUFFER)
        self.source = source
        self.old_first = old_first
        self.json = json
        self.first = json  # no JSON line written yet
        self.pos = 0  # bytes written

    def write(self, data: bytes) -> None:
        self.file.write(data)
        self.pos += len(data)

    def lines(self, texts: list[str]) -> tuple[int, int]:
        """Write JSON lines; their range in the new dump."""
        start = self.pos
        for text in texts:
            line = ("," + text + "\n").encode()
            self.write(line[1:] if self.first else line)
            self.first = False
        return start, self.pos - start

    def copy_run(self, old: array[int], first: int, last: int, index: int, out: array[int],
                 at: int) -> None:  # fmt: skip
        """Copy the text of the old dump's pages `first` to `last` (one run of bytes there) and
        put their ranges in the new dump into `out`, from page `at` on."""
        starts = old[8 * first + 2 * index : 8 * last + 2 * index + 1 : 8]
        sizes = old[8 * first + 2 * index + 1 : 8 * last + 2 * index + 2 : 8]
        begin, end = starts[0], starts[-1] + sizes[-1]
        here = self.pos
        skip = extra = 0
        if end > begin and self.json:
            comma = begin != self.old_first
            if self.first and comma:
                skip = 1  # the run's first line is the new file's first: no comma
            elif not self.first and not comma:
                extra = 1  # the old file's first line is no longer first: a comma
            self.first = False
        if extra:
            self.write(b",")
        if end > begin + skip:
            self.file.flush()  # what was written here goes first
            copy_range(self.source, begin + skip, end - begin - skip, self.file.fileno())
            self.pos += end - begin - skip
        shift = here + extra - begin - skip
        new_starts = array("q", [start + shift for start in starts])
        if skip or extra:
            # The pages at the run's first byte: the first with text loses or gains the comma.
            for k, start in enumerate(starts):
                if start != begin:
                    break
                new_starts[k] = here
                if sizes[k]:
                    sizes[k] += extra - skip
                    break
        base = 8 * at + 2 * index
        count = last - first + 1
        out[base : base + 8 * count : 8] = new_starts
        out[base + 1 : base + 1 + 8 * count : 8] = sizes

    def close(self, tail: bytes) -> None:
        self.write(tail)
        self.file.close()


def write_reusing(
    writer: PageTextWriter,
    pages: list[PageKey],
    kept: list[int | None],
    old_ranges: array[int],
    old: Path,
    old_firsts: list[int],
    new: Path,
    last: str | None,
) -> array[int]:
    """Write the four dumps of `pages` into `new`: each page whose place `kept` gives among the
    pages of the dumps in `old` (whose ranges are `old_ranges`, and whose pages' text starts at
    `old_firsts`, in PIECE_FILES order) copied from there, neighbours there in one run; the
    others made by `writer`, whose catalog need hold only those pages' records and the records
    they refer to; `last` is the data's last change (JsonLd.last_modified). Returns where each
    page lies in the new dumps, eight numbers a page."""
    new.mkdir(parents=True, exist_ok=True)
    writer.ld.known_last = (last,)
    sources = [os.open(old / name, os.O_RDONLY) for name in PIECE_FILES]
    targets: list[_Target] = []
    out = array("q", bytes(64 * len(pages)))
    try:
        for index, name in enumerate(PIECE_FILES):
            targets.append(_Target(new / name, sources[index], old_firsts[index], index >= 2))
        for target, head in zip(targets, dump_heads(writer.catalog, (last,)), strict=True):
            target.write(head)
        nt, ttl, graph, feed = targets
        at, count = 0, len(pages)
        while at < count:
            first = kept[at]
            if first is not None:
                end = at
                while end + 1 < count and kept[end + 1] == first + (end + 1 - at):
                    end += 1
                for index, target in enumerate(targets):
                    target.copy_run(old_ranges, first, first + end - at, index, out, at)
                at = end + 1
                continue
            nt_text, ttl_text, texts, item = writer.unit(pages[at])
            made: list[int] = []
            for target, text in ((nt, nt_text), (ttl, ttl_text)):
                data = text.encode()
                made += (target.pos, len(data))
                target.write(data)
            made += graph.lines(texts)
            made += feed.lines([item] if item is not None else [])
            out[8 * at : 8 * at + 8] = array("q", made)
            at += 1
        for target, tail in zip(targets, DUMP_TAILS, strict=True):
            target.close(tail)
    finally:
        for target in targets:
            target.file.close()
        for fd in sources:
            os.close(fd)
    return out
