"""The dumps written again from the last export's bytes: each page whose text is known not to
have changed is copied from the old dumps (a run of neighbouring pages of one old part in one
copy, in the kernel where it can), the others made again, the heads made again; a part that is
the old part of the same number, page for page, is hard-linked whole (see `parts`).

What may be copied is the caller's to say (`exporting.incremental` keys each page on what its
text depends on); this module only puts the pieces together, byte for byte as `export.write_dumps`
writes them. Where each page lies in a dump is given as eight numbers a page, (start, length) for
each file in PIECE_FILES order, within the page's part: the ranges `export.page_ranges` gives for a full export and this
module returns for the dumps it writes, to be the next run's.
"""

from __future__ import annotations

import os
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from claimkit.core import output
from claimkit.linked_data.dumptext import PageKey, PageTextWriter
from claimkit.linked_data.export import (
    DUMP_TAILS,
    PIECE_FILES,
    SPOOL_BUFFER,
    copy_range,
    dump_heads,
)
from claimkit.linked_data.parts import Layout


class _Target:
    """One dump being written: bytes made here, and runs of pages copied from an old dump.

    A JSON line starts with a comma but for the file's first: a run copied from an old dump
    starts with its comma unless it began that file's lines, and one is dropped or added where
    that differs in the new file."""

    def __init__(self, path: Path, json: bool) -> None:
        self.file: BinaryIO = path.open("wb", buffering=SPOOL_BUFFER)
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

    def copy_run(self, old: Old, first: int, last: int, index: int, out: array[int],
                 at: int) -> None:  # fmt: skip
        """Copy the text of the old dumps' pages `first` to `last` (one run of bytes in one
        part there) and put their ranges in the new dump into `out`, from page `at` on."""
        ranges = old.ranges
        starts = ranges[8 * first + 2 * index : 8 * last + 2 * index + 1 : 8]
        sizes = ranges[8 * first + 2 * index + 1 : 8 * last + 2 * index + 2 : 8]
        begin, end = starts[0], starts[-1] + sizes[-1]
        part = old.cut.part_of(first)
        here = self.pos
        skip = extra = 0
        if end > begin and self.json:
            comma = begin != old.firsts[4 * part + index]
            if self.first and comma:
                skip = 1  # the run's first line is the new file's first: no comma
            elif not self.first and not comma:
                extra = 1  # the old file's first line is no longer first: a comma
            self.first = False
        if extra:
            self.write(b",")
        if end > begin + skip:
            self.file.flush()  # what was written here goes first
            source = old.source(part, index)
            copy_range(source, begin + skip, end - begin - skip, self.file.fileno())
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


@dataclass
class Old:
    """The last dumps: their folder, where they were cut, where each page lay in its part
    (eight numbers a page), where each part's pages start in each file (four numbers a part,
    PIECE_FILES order); their files opened as runs are copied from them."""

    folder: Path
    cut: Layout
    ranges: array[int]
    firsts: tuple[int, ...]
    opened: dict[tuple[int, int], int] = field(default_factory=dict)

    def source(self, part: int, index: int) -> int:
        """The old part's file at `index` (PIECE_FILES order), opened for reading."""
        fd = self.opened.get((part, index))
        if fd is None:
            name = self.cut.files(PIECE_FILES, part)[index]
            fd = self.opened[part, index] = os.open(self.folder / name, os.O_RDONLY)
        return fd

    def whole_part(self, kept: list[int | None], start: int, end: int, part: int) -> bool:
        """Whether the new part `part`, the pages `start` to `end` (not included), is the old
        part of the same number, page for page, every page copied."""
        first = kept[start]
        if (
            first is None
            or part >= self.cut.parts
            or self.cut.span(part)
            != (
                first,
                first + end - start,
            )
        ):
            return False
        return all(kept[start + k] == first + k for k in range(end - start))

    def close(self) -> None:
        """Close the old files opened."""
        for fd in self.opened.values():
            os.close(fd)
        self.opened.clear()


def write_reusing(
    writer: PageTextWriter,
    pages: list[PageKey],
    kept: list[int | None],
    old: Old,
    new: Path,
    cut: Layout,
    lasts: list[tuple[str | None]],
    last: str | None,
) -> array[int]:
    """Write the dumps of `pages`, cut as `cut` says, into `new`: each page whose place `kept`
    gives among the pages of the `old` dumps copied from there, neighbours in one old part in
    one run, and a part that is the old one of the same number, page for page, linked whole;
    the others made by `writer`, whose catalog need hold only those pages' records and the
    records they refer to. `lasts` is each part's last change (its feed's head), `last` the
    data's (JsonLd.last_modified). Returns where each page lies in its part of the new dumps,
    eight numbers a page."""
    new.mkdir(parents=True, exist_ok=True)
    writer.ld.known_last = (last,)
    writer.ld.dump_layout = cut
    out = array("q", bytes(64 * len(pages)))
    same_names = (cut.parts == 1) == (old.cut.parts == 1)
    try:
        for part in range(cut.parts):
            start, end = cut.span(part)
            names = cut.files(PIECE_FILES, part)
            if same_names and old.whole_part(kept, start, end, part):
                for name in names:
                    output.link_or_copy(old.folder / name, new / name)
                first = kept[start]
                assert first is not None
                out[8 * start : 8 * end] = old.ranges[8 * first : 8 * (first + end - start)]
                continue
            heads = dump_heads(writer.catalog, lasts[part], names[3])
            _write_part(writer, pages, kept, old, [new / name for name in names], heads,
                        (start, end), out)  # fmt: skip
    finally:
        old.close()
    return out


def _write_part(
    writer: PageTextWriter,
    pages: list[PageKey],
    kept: list[int | None],
    old: Old,
    paths: list[Path],
    heads: list[bytes],
    span: tuple[int, int],
    out: array[int],
) -> None:
    """Write one part's files (`paths`, PIECE_FILES order), its pages `span`."""
    targets: list[_Target] = []
    try:
        for index, path in enumerate(paths):
            targets.append(_Target(path, index >= 2))
        for target, head in zip(targets, heads, strict=True):
            target.write(head)
        nt, ttl, graph, feed = targets
        at, count = span
        while at < count:
            first = kept[at]
            if first is not None:
                end = at
                part = old.cut.part_of(first)
                last_of_part = old.cut.span(part)[1] - 1
                while (
                    end + 1 < count
                    and kept[end + 1] == first + (end + 1 - at)
                    and first + (end + 1 - at) <= last_of_part
                ):
                    end += 1
                for index, target in enumerate(targets):
                    target.copy_run(old, first, first + end - at, index, out, at)
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
