"""The data dumps: JSON-LD, Turtle, N-Triples, and a schema.org DataFeed of the site's
ClaimReviews and MediaReviews.

What the dumps hold is said by `units()` (the JSON-LD nodes of every page) with
`triples.node_triples`, `ntriples_lines` and `turtle_block`, and by `feed_head()` and
`feed_items()`; `graph.build_graph` and the tests read them there. `write_dumps` writes the same
bytes faster: `dumptext.PageTextWriter` makes each page's text for all four files in one pass;
with PARALLEL_MIN pages or more and more than one core, forked workers write the dumps'
parts (see `parts`) straight into their files, or, for dumps in one part, make pieces of CHUNK
pages into spool files, which this process copies into the dumps in order.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any, BinaryIO

from claimkit.core.catalog import Catalog
from claimkit.core.collector import collector_off, frozen_for_forks
from claimkit.core.lifetime import ends_with_this_process
from claimkit.core.machine import usable_cpus
from claimkit.core.models import ReviewBase
from claimkit.core.progress import Stage, current
from claimkit.linked_data.dumptext import PageKey, PageTextWriter, page_keys
from claimkit.linked_data.jsonld import CONTEXT, DUMP_NAMES, JsonLd, Node, record_dates
from claimkit.linked_data.ldbase import date_value
from claimkit.linked_data.parts import Layout, dated_groups, latest_by_part
from claimkit.linked_data.triples import TURTLE_PREFIXES, Triple, node_triples


def dumps_json(document: Any) -> str:
    """Stable, compact JSON text: the same data always gives the same bytes.

    No indentation: with it, Python's json falls back to its pure-Python encoder, ten times
    slower on large dumps.
    """
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


@dataclass
class Unit:
    """One page's worth of data: the documents whose triples belong together in the dumps."""

    key: str
    nodes: list[Node]

    def triples(self) -> Iterator[Triple]:
        """The triples of every node of the page."""
        for node in self.nodes:
            yield from node_triples(node)


def units(catalog: Catalog) -> Iterator[Unit]:
    """Every record page (with other fact-checkers' reviews of a claim or media record), the
    site and the data."""
    ld = JsonLd(catalog)
    yield Unit(ld.urls.website, [ld.website()])
    yield Unit(ld.urls.at("data/"), [ld.dataset()])
    for kind, ident, document in ld.record_pages():
        node = {k: v for k, v in document.items() if k != "@context"}
        extra: list[Node] = []
        if kind == "claim":
            extra = ld.external_reviews(catalog.claims[ident])
        elif kind == "media":
            extra = ld.external_media_reviews(catalog.media[ident])
        yield Unit(ld.urls.page(kind, ident), [node, *extra])


def feed_item(ld: JsonLd, review: ReviewBase, node: Node, page: str) -> Node:
    """The DataFeedItem of one of the site's reviews, in the shape aggregators read (Data
    Commons' feed): `item` a list, the review's page as `url`, who publishes the data
    (`sdPublisher`, the site's publisher) and under which licence (`sdLicense`, the review's)."""
    return {
        "@type": "DataFeedItem",
        "dateCreated": date_value(review.datePublished),
        "dateModified": date_value(review.lastModified),
        "item": [node],
        "url": page,
        "sdPublisher": ld.organization_stub(ld.catalog.site.publisher),
        "sdLicense": ld.license_url(review),
    }


def feed_items(catalog: Catalog) -> Iterator[Node]:
    """One DataFeedItem per ClaimReview and MediaReview the site publishes (its own reviews),
    made as they are written: the claims' first, then the media records'."""
    ld = JsonLd(catalog)
    for claim in catalog.claims.values():
        review = catalog.own_review(claim)
        node = ld.own_review_node(claim)
        if review is not None and node is not None:
            yield feed_item(ld, review, node, ld.urls.page("claim", claim.id))
    for media in catalog.media.values():
        own = next((r for r in media.reviews if catalog.is_own_review(r)), None)
        media_node = ld.own_media_review_node(media)
        if own is not None and media_node is not None:
            yield feed_item(ld, own, media_node, ld.urls.page("media", media.id))


def feed_head(
    catalog: Catalog, known: tuple[str | None] | None = None, name: str = "feed.json"
) -> Node:
    """The DataFeed without its items; `known` holds the last change of the data it holds when
    the caller knows it (a catalog of some of the records, see JsonLd.known_last, or a part of
    the dumps: the latest date of its pages); `name` the feed's file (a part's, see `parts`)."""
    ld = JsonLd(catalog)
    ld.known_last = known
    last = ld.last_modified()
    return {
        "@context": CONTEXT,
        "@id": ld.urls.at(f"data/{name}"),
        "@type": "DataFeed",
        "name": f"{catalog.site.title}: fact-checks",
        "url": ld.urls.at(f"data/{name}"),
        "license": catalog.site.license.url,
        "publisher": ld.organization_stub(catalog.site.publisher),
        **({"dateModified": date_value(last)} if last else {}),
    }


def feed(catalog: Catalog) -> Node:
    """A schema.org DataFeed with one DataFeedItem per ClaimReview and MediaReview the site
    publishes."""
    return {**feed_head(catalog), "dataFeedElement": list(feed_items(catalog))}


# Below this many pages the dumps are written in this process; above, on every core.
PARALLEL_MIN = 2000
# Pages per piece of work handed to a worker: big enough that handing it over costs little,
# small enough that the cores stay evenly loaded to the end.
CHUNK = 500

# The writer, the pages and the output folder of the dumps being written, for forked workers
# to inherit.
_job: tuple[PageTextWriter, list[PageKey], Path] | None = None
# In a worker: its spool files, one per dump, where it appends the pieces it makes.
_spool: list[BinaryIO] = []

# The write buffer of a worker's spool files and of the dumps written in one process.
SPOOL_BUFFER = 1 << 20
# The files, in the order of a piece.
PIECE_FILES = ("claims.nt", "claims.ttl", "claims.jsonld", "feed.json")
# Where a worker put a piece: its process id, (offset, length) in each of its spool files, and
# the sizes of its pages when asked for (see _write_piece).
Spooled = tuple[int, list[tuple[int, int]], list[int]]
# Whether the workers are to count the sizes of their pages.
_want_sizes = False


def _write_piece(
    writer: PageTextWriter,
    work: list[PageKey],
    files: list[BinaryIO],
    first: list[bool],
    sizes: list[int] | None = None,
) -> None:
    """Write the text of `work` to the four files (in PIECE_FILES order), page by page. A JSON
    line starts with a comma unless first[i] says it is the file's first line. Each page's text
    is encoded on its own: one page with a non-ASCII letter does not widen a whole piece.

    With `sizes`, each page's size in each file is added to it (four numbers a page, in
    PIECE_FILES order), counted as if every JSON line had its comma (see `page_ranges`)."""
    nt, ttl, graph, feed_file = files
    for nt_text, ttl_text, texts, item in writer.chunk(work):
        nt_bytes, ttl_bytes = nt_text.encode(), ttl_text.encode()
        nt.write(nt_bytes)
        ttl.write(ttl_bytes)
        graph_size = feed_size = 0
        for text in texts:
            line = ("," + text + "\n").encode()
            graph_size += len(line)
            graph.write(line[1:] if first[2] else line)
            first[2] = False
        if item is not None:
            line = ("," + item + "\n").encode()
            feed_size = len(line)
            feed_file.write(line[1:] if first[3] else line)
            first[3] = False
        if sizes is not None:
            sizes += (len(nt_bytes), len(ttl_bytes), graph_size, feed_size)


def page_ranges(heads: list[list[int]], sizes: list[int], cut: Layout) -> list[int]:
    """Where each page's text lies in each dump of its part: (start, length) for each file in
    PIECE_FILES order, eight numbers a page, from the lengths of each part's heads and the sizes
    `_write_piece` counts. A JSON file's first line has no comma: the first page with text there
    is one byte shorter, and every page after it in the part starts one byte earlier."""
    out: list[int] = []
    for part in range(cut.parts):
        at = list(heads[part])
        comma = [0, 0, 1, 1]  # 1 until a JSON file's first line is written
        start, end = cut.span(part)
        for page in range(4 * start, 4 * end, 4):
            for index in range(4):
                size = sizes[page + index]
                if size and comma[index]:
                    size -= 1
                    comma[index] = 0
                out += (at[index], size)
                at[index] += size
    return out


def _spool_path(folder: Path, name: str, pid: int) -> Path:
    return folder / f".{name}.{pid}.part"


def _forked_piece(bounds: tuple[int, int]) -> Spooled:
    """In a worker: make a piece and append it to this worker's spool files. The parent copies
    it from there into the dumps, so the text never goes through a pipe."""
    assert _job is not None
    writer, work, folder = _job
    if not _spool:
        pid = os.getpid()
        _spool.extend(
            _spool_path(folder, name, pid).open("wb", buffering=SPOOL_BUFFER)
            for name in PIECE_FILES
        )
    starts = [spool.tell() for spool in _spool]
    sizes: list[int] | None = [] if _want_sizes else None
    _write_piece(writer, work[bounds[0] : bounds[1]], _spool, [False] * 4, sizes)
    for spool in _spool:
        spool.flush()
    where = [(start, spool.tell() - start) for start, spool in zip(starts, _spool, strict=True)]
    return os.getpid(), where, sizes or []


def copy_range(source: int, offset: int, length: int, target: int) -> None:
    """Append `length` bytes at `offset` of file `source` to file `target`, in the kernel where
    it can."""
    in_kernel = getattr(os, "copy_file_range", None)  # Linux
    while length > 0:
        try:
            if in_kernel is None:
                raise OSError("no copy_file_range")
            done = in_kernel(source, target, length, offset)
        except OSError:
            done = os.write(target, os.pread(source, min(length, 1 << 24), offset))
        if done <= 0:
            raise OSError(f"could not copy the dumps' text ({length} bytes left)")
        offset += done
        length -= done


class _Dumps:
    """The dumps of one part after another, each written in order: bytes from this process or
    ranges of a worker's spool files. Each JSON file drops the comma before its first line."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[BinaryIO] = []
        self.first = [False, False, True, True]
        self.sources: dict[int, list[int]] = {}

    def start(self, names: list[str], heads: list[bytes]) -> None:
        """Open the files of the next part (`names` in PIECE_FILES order) and write their
        heads."""
        self.files = [(self.folder / name).open("wb", buffering=SPOOL_BUFFER) for name in names]
        self.first = [False, False, True, True]
        for file, head in zip(self.files, heads, strict=True):
            file.write(head)

    def end(self) -> None:
        """Write the tails of the part's files and close them."""
        for file, tail in zip(self.files, DUMP_TAILS, strict=True):
            file.write(tail)
            file.close()
        self.files = []

    def add_spooled(self, spooled: Spooled) -> None:
        """Append a piece a worker wrote to its spool files, copied from there."""
        pid, where, _sizes = spooled
        sources = self.sources.get(pid)
        if sources is None:
            sources = self.sources[pid] = [
                os.open(_spool_path(self.folder, name, pid), os.O_RDONLY) for name in PIECE_FILES
            ]
        for index, (offset, length) in enumerate(where):
            if length and self.first[index]:
                offset, length = offset + 1, length - 1
                self.first[index] = False
            target = self.files[index]
            target.flush()  # what this process wrote goes first
            copy_range(sources[index], offset, length, target.fileno())

    def close(self) -> None:
        """Close the dumps and the spool files, and remove the spool files."""
        for file in self.files:
            file.close()
        for sources in self.sources.values():
            for fd in sources:
                os.close(fd)
        for path in self.folder.glob(".*.part"):
            if path.name.startswith(tuple(f".{name}." for name in PIECE_FILES)):
                path.unlink(missing_ok=True)


def write_dumps(
    catalog: Catalog,
    folder: Path,
    workers: int | None = None,
    sizes: list[int] | None = None,
) -> list[Path]:
    """Write claims.jsonld, claims.ttl, claims.nt and feed.json (each in parts for a large
    publication, see `parts`) into `folder`, streaming: no dump is held in memory whole. With
    enough records the text is made by `workers` forked processes (default: one per core, at
    most 4), piece by piece, and put together in order. With `sizes`, each page's size in each
    file is added to it (see `_write_piece`). Returns the files, part after part."""
    # Nothing made here holds a reference cycle: no cyclic collection from the first page key
    # to the last byte (see core.collector).
    with collector_off():
        folder.mkdir(parents=True, exist_ok=True)
        count = min(usable_cpus(), 4) if workers is None else workers
        writer = PageTextWriter(catalog)
        work = page_keys(catalog)
        cut = writer.ld.dump_parts()
        heads = part_heads(catalog, cut, part_lasts(catalog, work, cut))
        dumps = _Dumps(folder)
        try:
            with current().stage("write the dumps", len(work), "pages") as stage:
                _write_all(writer, work, cut, heads, dumps, count, stage, sizes)
        finally:
            dumps.close()
    return [folder / name for name in cut.all_files(DUMP_NAMES)]


def _write_all(
    writer: PageTextWriter,
    work: list[PageKey],
    cut: Layout,
    heads: list[list[bytes]],
    dumps: _Dumps,
    count: int,
    stage: Stage,
    sizes: list[int] | None = None,
) -> None:
    """Every page into the dumps of its part, in order: here, or in `count` forked workers
    (each writing whole parts when there are several, else pieces of the one part that this
    process puts together)."""
    global _job, _want_sizes
    if count < 2 or len(work) < PARALLEL_MIN:
        for part in range(cut.parts):
            start, end = cut.span(part)
            dumps.start(cut.files(PIECE_FILES, part), heads[part])
            _write_piece(writer, work[start:end], dumps.files, dumps.first, sizes)
            dumps.end()
            stage.advance(end - start)
        return
    if cut.parts > 1:
        _write_parts(writer, work, cut, heads, dumps.folder, count, stage, sizes)
        return
    # The one part in pieces of at most CHUNK pages.
    bounds = [(i, min(i + CHUNK, len(work))) for i in range(0, len(work), CHUNK)]
    _job = (writer, work, dumps.folder)
    _want_sizes = sizes is not None
    dumps.start(cut.files(PIECE_FILES, 0), heads[0])
    for file in dumps.files:  # nothing buffered for a worker to write again
        file.flush()
    try:
        with _workers(count) as pool:
            for (start, end), spooled in zip(bounds, pool.imap(_forked_piece, bounds), strict=True):
                dumps.add_spooled(spooled)
                if sizes is not None:
                    sizes += spooled[2]
                stage.advance(end - start)
        dumps.end()
    finally:
        _job, _want_sizes = None, False


@contextlib.contextmanager
def _workers(count: int) -> Iterator[Pool]:
    """`count` forked workers that end with this process; the catalog stays out of their
    collections (see core.collector)."""
    with (
        frozen_for_forks(),
        multiprocessing.get_context("fork").Pool(
            count, initializer=ends_with_this_process()
        ) as pool,
    ):
        yield pool


# What forked workers writing whole parts need besides `_job`: the cut and each part's heads.
_parts: tuple[Layout, list[list[bytes]]] | None = None


def _forked_part(part: int) -> list[int]:
    """In a worker: write the files of `part` into the dumps' folder; its pages' sizes when
    asked for."""
    assert _job is not None and _parts is not None
    writer, work, folder = _job
    cut, heads = _parts
    start, end = cut.span(part)
    files = _Dumps(folder)
    sizes: list[int] | None = [] if _want_sizes else None
    try:
        files.start(cut.files(PIECE_FILES, part), heads[part])
        _write_piece(writer, work[start:end], files.files, files.first, sizes)
        files.end()
    finally:
        for file in files.files:
            file.close()
    return sizes or []


def _write_parts(
    writer: PageTextWriter,
    work: list[PageKey],
    cut: Layout,
    heads: list[list[bytes]],
    folder: Path,
    count: int,
    stage: Stage,
    sizes: list[int] | None,
) -> None:
    """Every part written by one of `count` forked workers, straight into its files: nothing
    goes through this process."""
    global _job, _parts, _want_sizes
    _job, _parts, _want_sizes = (writer, work, folder), (cut, heads), sizes is not None
    try:
        with _workers(count) as pool:
            for part, made in enumerate(pool.imap(_forked_part, range(cut.parts))):
                if sizes is not None:
                    sizes += made
                start, end = cut.span(part)
                stage.advance(end - start)
    finally:
        _job, _parts, _want_sizes = None, None, False


def part_lasts(catalog: Catalog, work: list[PageKey], cut: Layout) -> list[tuple[str | None]]:
    """The last change of each part's data: the latest date its claims, media and articles give
    (for dumps in one part, the data's: JsonLd.last_modified)."""
    if cut.parts == 1:
        return [(JsonLd(catalog).last_modified(),)]
    groups = dated_groups(catalog)
    return latest_by_part(
        cut,
        [record_dates(groups[kind][ident]) if kind in groups else () for kind, ident in work],
    )


def part_heads(catalog: Catalog, cut: Layout, lasts: list[tuple[str | None]]) -> list[list[bytes]]:
    """The heads of each part's files (PIECE_FILES order), its feed's last change `lasts`."""
    return [
        dump_heads(catalog, lasts[part], cut.files(PIECE_FILES, part)[3])
        for part in range(cut.parts)
    ]


# What the dumps end with, in PIECE_FILES order.
DUMP_TAILS = (b"", b"", b"]}\n", b"]}\n")


def dump_heads(
    catalog: Catalog, last: tuple[str | None] | None = None, feed_name: str = "feed.json"
) -> list[bytes]:
    """What the dumps start with, in PIECE_FILES order: nothing, the Turtle prefixes, the
    JSON-LD document's opening and the feed's (`last`: its data's last change when known, see
    `feed_head`; `feed_name`: its file's)."""
    return [
        b"",
        TURTLE_PREFIXES.encode(),
        _list_head({"@context": CONTEXT}, "@graph"),
        _list_head(feed_head(catalog, last, feed_name), "dataFeedElement"),
    ]


def _list_head(head: dict[str, Any], key: str) -> bytes:
    """The opening of a JSON object whose list `key` comes last, one item per line: the object
    without its closing brace, then the key."""
    opening = dumps_json(head)[:-2]
    return (opening + ("," if head else "") + json.dumps(key) + ":[\n").encode()
