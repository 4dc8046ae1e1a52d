"""Helpers for the linked-data tests: publications, JSON-LD read with a local context, and the
plain dump writer the fast one is held to.

Every JSON-LD document we publish says `"@context": "https://schema.org"`. The tests never fetch
it: `local()` puts schema-context.jsonld in its place, a copy of the official context's
definitions (schemaorg/schemaorg, data/releases/27.01/schemaorgcontext.jsonld) for every term
our code emits: `@vocab` http://schema.org/, the terms it types `@id`, and the terms it types
schema:Date.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rdflib
import yaml

from claimkit.core import dates
from claimkit.core.catalog import Catalog
from claimkit.linked_data.export import dumps_json, feed_head, feed_items, units
from claimkit.linked_data.jsonld import CONTEXT, record_dates
from claimkit.linked_data.parts import catalog_layout, page_keys
from claimkit.linked_data.triples import TURTLE_PREFIXES, ntriples_lines, turtle_block
from claimkit.validation.run import validate_paths
from harness import TODAY

HERE = Path(__file__).parent
REPO = HERE.parents[1]
RECORDS = REPO / "records"
CONTEXT_FILE = HERE / "schema-context.jsonld"
V2_RECORDS = HERE / "v2_records"
SCHEMA_CONTEXT = "https://schema.org"

# The review another fact-checker published, brought in as the bundled records' import would.
EXTERNAL_REVIEW: dict[str, Any] = {
    "rating": "Mostly correct",
    "summary": "Other fact-checkers' estimates of the deployment match the figure.",
    "explanation": "Western and South Korean officials later gave similar numbers.",
    "datePublished": "2025-06-01",
    "publisher": "kyiv-independent",
    "url": "https://example.org/check",
    "ratingValue": 4.5,
    "bestRating": 5,
    "worstRating": 1,
    "ratingClass": "true",
}
EXTERNAL_CLAIM = "north-korea-sent-10000-soldiers-to-russia"


@dataclass
class Publication:
    """A validated catalog and the folder its dumps were written to."""

    name: str
    catalog: Catalog
    dumps: Path


def local_context() -> dict[str, Any]:
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    assert isinstance(context, dict)
    return context


def local(document: dict[str, Any]) -> dict[str, Any]:
    """The document with our local copy of the schema.org context in place of the remote one."""
    assert document["@context"] == SCHEMA_CONTEXT
    return {**document, "@context": local_context()}


def parse_jsonld(document: dict[str, Any]) -> rdflib.Graph:
    return rdflib.Graph().parse(data=json.dumps(local(document)), format="json-ld")


def load_catalog(root: Path) -> Catalog:
    result = validate_paths([root], on=dt.date.fromisoformat(TODAY))
    # The v2 publication keeps one record in the old layout on purpose (read, with a warning).
    problems = [d for d in result.diagnostics if d.code != "layout-deprecated"]
    assert problems == [], [d.message for d in problems]
    assert len(result.catalogs) == 1
    return result.catalogs[0]


def add_external_review(records: Path) -> None:
    """Give one claim a second review, by another fact-checker with a fractional rating."""
    path = records / "claims" / f"{EXTERNAL_CLAIM}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["reviews"].append(EXTERNAL_REVIEW)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


DUMPS = ("claims.jsonld", "claims.ttl", "claims.nt", "feed.json")


def _json_list(path: Path, head: dict[str, Any], key: str, items: list[Any]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(dumps_json(head)[:-2] + ("," if head else "") + json.dumps(key) + ":[\n")
        for i, item in enumerate(items):
            text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
            out.write(("," if i else "") + text + "\n")
        out.write("]}\n")


def plain_dumps(catalog: Catalog, folder: Path) -> None:
    """The dumps as the plain code makes them: units() through node_triples, ntriples_lines,
    turtle_block and json.dumps, cut into the parts `parts.catalog_layout` says; each part's
    feed dated by the latest date of its claims, media and articles (the data's last change
    when there is one part)."""
    folder.mkdir(parents=True, exist_ok=True)
    cut = catalog_layout(catalog)
    every = list(units(catalog))
    items = {item["url"]: item for item in feed_items(catalog)}
    keys = page_keys(catalog)
    groups: dict[str, Any] = {"claim": catalog.claims, "media": catalog.media}
    groups["article"] = catalog.articles
    for part in range(cut.parts):
        start, end = cut.span(part)
        nt_name, ttl_name, graph_name, feed_name = cut.files(
            ("claims.nt", "claims.ttl", "claims.jsonld", "feed.json"), part
        )
        nodes: list[Any] = []
        found: list[str] = []
        with (
            (folder / nt_name).open("w", encoding="utf-8", newline="\n") as nt,
            (folder / ttl_name).open("w", encoding="utf-8", newline="\n") as ttl,
        ):
            ttl.write(TURTLE_PREFIXES)
            for unit, (kind, ident) in zip(every[start:end], keys[start:end], strict=True):
                triples = list(unit.triples())
                nt.writelines(ntriples_lines(triples))
                ttl.write(turtle_block(triples))
                nodes.extend(unit.nodes)
                if kind in groups:
                    found.extend(record_dates(groups[kind][ident]))
        _json_list(folder / graph_name, {"@context": CONTEXT}, "@graph", nodes)
        head = (
            feed_head(catalog)
            if cut.parts == 1
            else feed_head(catalog, (dates.latest(found),), feed_name)
        )
        part_items = [items[unit.key] for unit in every[start:end] if unit.key in items]
        _json_list(folder / feed_name, head, "dataFeedElement", part_items)


def dump_files(folder: Path) -> dict[str, bytes]:
    """Every file in `folder`, by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def assert_same_dumps(first: Path, second: Path) -> None:
    """The dumps in both folders are the same files of the same bytes (no spool file left)."""
    one, other = dump_files(first), dump_files(second)
    assert sorted(one) == sorted(other)
    for name, data in one.items():
        assert data == other[name], name
