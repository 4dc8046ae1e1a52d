"""Measuring what an import keeps: the property values of the source JSON-LD, expanded with the
schema.org context, found again among the values of the publication's dumps after import.

A value counts as kept when the output holds it, as the same property or at another place
toolkit-docs/import.md names (a review's `name` is its `headline`, `itemReviewed.url` an appearance's
`url`, a DataFeedItem's `sdLicense` the review's `license`, ...): values are compared as text.
A value the output holds that no source held, and the empty publication did not hold either,
is an added one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rdflib
from rdflib import RDF, BNode

CONTEXT_FILE = Path(__file__).resolve().parents[1] / "linked_data" / "schema-context.jsonld"
SCHEMA_CONTEXTS = (
    "https://schema.org",
    "http://schema.org",
    "https://schema.org/",
    "http://schema.org/",
)


def _local(value: Any, context: dict[str, Any]) -> Any:
    """A JSON-LD value with every schema.org context replaced by the local copy."""
    if isinstance(value, list):
        return [_local(v, context) for v in value]
    if isinstance(value, dict):
        return {
            k: (context if k == "@context" and v in SCHEMA_CONTEXTS else _local(v, context))
            for k, v in value.items()
        }
    return value


def graph_of(document: Any) -> rdflib.Graph:
    """The triples of a JSON-LD document, read with the local schema.org context."""
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    return rdflib.Graph().parse(data=json.dumps(_local(document, context)), format="json-ld")


def values(graph: rdflib.Graph, skip_prefix: str | None = None) -> set[str]:
    """Every property value of a graph as text (types and blank nodes aside)."""
    found = set()
    for _, predicate, obj in graph:
        if predicate == RDF.type or isinstance(obj, BNode):
            continue
        # schema.org's enumeration members are the same under https and http.
        text = str(obj).replace("https://schema.org/", "http://schema.org/", 1)
        if skip_prefix and text.startswith(skip_prefix):
            continue
        found.add(text)
    return found


@dataclass
class Fidelity:
    """What survived an import."""

    source: set[str]
    kept: set[str]
    lost: set[str]
    added: set[str]

    @property
    def share(self) -> float:
        """The share of the source's values found in the output."""
        return len(self.kept) / len(self.source) if self.source else 1.0


def measure(sources: list[Any], output: Any, baseline: Any, site_url: str) -> Fidelity:
    """The source documents' values against the output's (less the baseline's, and the
    site's own page addresses)."""
    source: set[str] = set()
    for document in sources:
        source |= values(graph_of(document))
    out = values(graph_of(output), site_url)
    base = values(graph_of(baseline), site_url)
    kept = source & out
    return Fidelity(source, kept, source - out, out - source - base)
