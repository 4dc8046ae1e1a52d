"""The data dumps: JSON-LD, Turtle, N-Triples, and a schema.org DataFeed of every ClaimReview."""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimkit.catalog import Catalog
from claimkit.dumptext import Item, Writer, items
from claimkit.jsonld import CONTEXT, JsonLd, Node
from claimkit.triples import TURTLE_PREFIXES, Triple, node_triples


def dumps_json(document: Any) -> str:
    """Stable, compact JSON text: the same data always gives the same bytes.

    No indentation: with it, Python's json falls back to its pure-Python encoder, ten times
    slower on large dumps.
    """
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


class _JsonList:
    """A JSON object whose list `key` comes last, written one item per line as items come:
    readable, diffable, and never held in memory whole."""

    def __init__(self, path: Path, head: dict[str, Any], key: str) -> None:
        self.path, self.head, self.key = path, head, key
        self.count = 0

    def __enter__(self) -> _JsonList:
        self.out = self.path.open("w", encoding="utf-8", newline="\n")
        opening = dumps_json(self.head)[:-2]  # the object without its closing brace
        self.out.write(opening + ("," if self.head else "") + json.dumps(self.key) + ":[\n")
        return self

    def add(self, item: Any) -> None:
        text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
        self.out.write(("," if self.count else "") + text + "\n")
        self.count += 1

    def __exit__(self, *exc: object) -> None:
        self.out.write("]}\n")
        self.out.close()


@dataclass
class Unit:
    """One page's worth of data: the documents whose triples belong together in the dumps."""

    key: str
    nodes: list[Node]

    def triples(self) -> Iterator[Triple]:
        for node in self.nodes:
            yield from node_triples(node)


def units(catalog: Catalog) -> Iterator[Unit]:
    """Every record page (with other fact-checkers' reviews of a claim), the site and the data."""
    ld = JsonLd(catalog)
    yield Unit(ld.urls.website, [ld.website()])
    yield Unit(ld.urls.at("data/"), [ld.dataset()])
    for kind, ident, document in ld.record_pages():
        node = {k: v for k, v in document.items() if k != "@context"}
        extra = ld.external_reviews(catalog.claims[ident]) if kind == "claim" else []
        yield Unit(ld.urls.page(kind, ident), [node, *extra])


def feed_items(catalog: Catalog) -> Iterator[Node]:
    """One DataFeedItem per ClaimReview the site publishes, made as they are written."""
    ld = JsonLd(catalog)
    for claim in catalog.claims.values():
        review = catalog.own_review(claim)
        node = ld.own_review_node(claim)
        if review is None or node is None:
            continue
        yield {
            "@type": "DataFeedItem",
            "dateCreated": review.datePublished.isoformat(),
            "dateModified": review.dateModified.isoformat(),
            "item": node,
        }


def feed_head(catalog: Catalog) -> Node:
    """The DataFeed without its items."""
    ld = JsonLd(catalog)
    last = ld.last_modified()
    return {
        "@context": CONTEXT,
        "@id": ld.urls.at("data/feed.json"),
        "@type": "DataFeed",
        "name": f"{catalog.site.title}: fact-checks",
        "url": ld.urls.at("data/feed.json"),
        "license": catalog.site.license.url,
        "publisher": ld.organization_stub(catalog.site.publisher),
        **({"dateModified": last.isoformat()} if last else {}),
    }


def feed(catalog: Catalog) -> Node:
    """A schema.org DataFeed with one DataFeedItem per ClaimReview the site publishes."""
    return {**feed_head(catalog), "dataFeedElement": list(feed_items(catalog))}


# Below this many pages the dumps are written in this process; above, on every core.
PARALLEL_MIN = 2000
# Pages per piece of work handed to a worker: big enough to keep the pipe busy, small enough to
# keep the memory of the pieces in flight small and the cores evenly loaded.
CHUNK = 500
DUMP_NAMES = ("claims.jsonld", "claims.ttl", "claims.nt", "feed.json")

# The writer and the work items of the catalog being written, for forked workers to inherit.
_job: tuple[Writer, list[Item]] | None = None

# One piece of the dumps: N-Triples, Turtle, JSON-LD lines and feed lines, each as UTF-8. Every
# JSON line starts with a comma; the writer drops the comma of the first line of each file.
Piece = tuple[bytes, bytes, bytes, bytes]


def _piece(writer: Writer, work: list[Item]) -> Piece:
    nt: list[str] = []
    ttl: list[str] = []
    graph: list[str] = []
    feed_lines: list[str] = []
    for nt_text, ttl_text, texts, item in writer.chunk(work):
        nt.append(nt_text)
        ttl.append(ttl_text)
        graph.extend("," + text + "\n" for text in texts)
        if item is not None:
            feed_lines.append("," + item + "\n")
    return (
        "".join(nt).encode(),
        "".join(ttl).encode(),
        "".join(graph).encode(),
        "".join(feed_lines).encode(),
    )


def _forked_piece(bounds: tuple[int, int]) -> Piece:
    assert _job is not None
    writer, work = _job
    return _piece(writer, work[bounds[0] : bounds[1]])


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _pieces(catalog: Catalog, workers: int | None) -> Iterator[Piece]:
    """The dumps' text in order, piece by piece; made by `workers` forked processes (default:
    one per core, at most 4) when there are enough pages to be worth it."""
    global _job
    writer = Writer(catalog)
    work = items(catalog)
    count = min(_cpus(), 4) if workers is None else workers
    if count < 2 or len(work) < PARALLEL_MIN:
        for start in range(0, len(work), CHUNK):
            yield _piece(writer, work[start : start + CHUNK])
        return
    bounds = [(start, min(start + CHUNK, len(work))) for start in range(0, len(work), CHUNK)]
    # Objects made before the fork stay out of the workers' garbage collections, which would
    # otherwise touch, and so copy, every page of the catalog in every worker.
    gc.freeze()
    _job = (writer, work)
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            yield from pool.imap(_forked_piece, bounds)
    finally:
        _job = None
        gc.unfreeze()


def write_dumps(catalog: Catalog, folder: Path, workers: int | None = None) -> list[Path]:
    """Write claims.jsonld, claims.ttl, claims.nt and feed.json into `folder`, streaming: no
    dump is held in memory whole. `workers`: processes to use (default: one per core)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (
        (folder / "claims.nt").open("wb") as nt,
        (folder / "claims.ttl").open("wb") as ttl,
        (folder / "claims.jsonld").open("wb") as graph,
        (folder / "feed.json").open("wb") as feed_file,
    ):
        ttl.write(TURTLE_PREFIXES.encode())
        graph.write(_list_head({"@context": CONTEXT}, "@graph"))
        feed_file.write(_list_head(feed_head(catalog), "dataFeedElement"))
        first_node = first_item = True
        for nt_bytes, ttl_bytes, graph_bytes, feed_bytes in _pieces(catalog, workers):
            nt.write(nt_bytes)
            ttl.write(ttl_bytes)
            if graph_bytes:
                graph.write(graph_bytes[1:] if first_node else graph_bytes)
                first_node = False
            if feed_bytes:
                feed_file.write(feed_bytes[1:] if first_item else feed_bytes)
                first_item = False
        graph.write(b"]}\n")
        feed_file.write(b"]}\n")
    return [folder / name for name in DUMP_NAMES]


def _list_head(head: dict[str, Any], key: str) -> bytes:
    """The opening of a _JsonList: the object without its closing brace, then the list key."""
    opening = dumps_json(head)[:-2]
    return (opening + ("," if head else "") + json.dumps(key) + ":[\n").encode()
