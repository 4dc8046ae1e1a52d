"""The data dumps: JSON-LD, Turtle, N-Triples, and a schema.org DataFeed of every ClaimReview."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimkit.catalog import Catalog
from claimkit.jsonld import CONTEXT, JsonLd, Node
from claimkit.triples import TURTLE_PREFIXES, Triple, node_triples, ntriples_lines, turtle_block


def dumps_json(document: Any) -> str:
    """Stable, compact JSON text: the same data always gives the same bytes.

    No indentation: with it, Python's json falls back to its pure-Python encoder, ten times
    slower on large dumps.
    """
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def _write_list(path: Path, head: dict[str, Any], key: str, items: list[Any]) -> None:
    """A JSON object whose list `key` comes last, one item per line: readable and diffable."""
    opening = dumps_json(head)[:-2]  # the object without its closing brace
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(opening + ("," if head else "") + json.dumps(key) + ":[\n")
        for n, item in enumerate(items):
            out.write(
                ("," if n else "")
                + json.dumps(item, ensure_ascii=False, separators=(",", ":"))
                + "\n"
            )
        out.write("]}\n")


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


def feed(catalog: Catalog) -> Node:
    """A schema.org DataFeed with one DataFeedItem per ClaimReview the site publishes."""
    ld = JsonLd(catalog)
    items = []
    for claim in catalog.claims.values():
        review = catalog.own_review(claim)
        node = ld.own_review_node(claim)
        if review is None or node is None:
            continue
        items.append(
            {
                "@type": "DataFeedItem",
                "dateCreated": review.datePublished.isoformat(),
                "dateModified": review.dateModified.isoformat(),
                "item": node,
            }
        )
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
        "dataFeedElement": items,
    }


def write_dumps(catalog: Catalog, folder: Path) -> list[Path]:
    """Write claims.jsonld, claims.ttl, claims.nt and feed.json into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    graph: list[Node] = []
    with (
        (folder / "claims.nt").open("w", encoding="utf-8", newline="\n") as nt,
        (folder / "claims.ttl").open("w", encoding="utf-8", newline="\n") as ttl,
    ):
        ttl.write(TURTLE_PREFIXES)
        for unit in units(catalog):
            triples = list(unit.triples())
            nt.writelines(ntriples_lines(triples))
            ttl.write(turtle_block(triples))
            graph.extend(unit.nodes)
    _write_list(folder / "claims.jsonld", {"@context": CONTEXT}, "@graph", graph)
    data_feed = feed(catalog)
    items = data_feed.pop("dataFeedElement")
    _write_list(folder / "feed.json", data_feed, "dataFeedElement", items)
    return [folder / name for name in ("claims.jsonld", "claims.ttl", "claims.nt", "feed.json")]
