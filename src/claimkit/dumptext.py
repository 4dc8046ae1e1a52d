"""The text of the data dumps, made in one pass per page: N-Triples, Turtle and JSON-LD lines.

`export.units()` with `triples.node_triples`, `ntriples_lines` and `turtle_block` say what the
dumps hold; this module writes the same bytes faster. It walks each page's JSON-LD nodes once and
from that walk writes the node's JSON text, its N-Triples lines and its Turtle block, with the
pieces that repeat (predicates, types, the stubs of the people, organizations, topics and
articles a page refers to) made once per catalog. The tests compare the two, byte for byte.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from json.encoder import encode_basestring
from typing import Any

from claimkit.catalog import Catalog
from claimkit.jsonld import DATE_TERMS, IRI_TERMS, JsonLd, Node
from claimkit.triples import (
    RDF_TYPE,
    SCHEMA,
    SCHEMA_DATE,
    XSD,
    _double,
    _escape,
    _nt_object,
    _ttl_object,
    _ttl_term,
)
from claimkit.triples import _object as _triple_objects

# What one work item stands for: ("website", ""), ("dataset", ""), or (kind, record id).
Item = tuple[str, str]

_BOOLEAN_NT = f"^^<{XSD}boolean>"
_INTEGER_NT = f"^^<{XSD}integer>"
_DOUBLE_NT = f"^^<{XSD}double>"
_DATE_NT = f"^^<{SCHEMA_DATE}>"
_BOOLEAN_TTL = "^^" + _ttl_term(XSD + "boolean")
_INTEGER_TTL = "^^" + _ttl_term(XSD + "integer")
_DOUBLE_TTL = "^^" + _ttl_term(XSD + "double")
_DATE_TTL = "^^" + _ttl_term(SCHEMA_DATE)
_SHORTENED = (SCHEMA, XSD)  # IRIs that Turtle may write as prefixed names
_RDF_TYPE_NT = f"<{RDF_TYPE}> "


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_float(value: float) -> str:
    return float.__repr__(value) if math.isfinite(value) else _dumps(value)


class StubCache(JsonLd):
    """JsonLd whose stubs are made once per record and shared: the dumps never change a node,
    and the JSON text of each stub is kept beside it (by the stub's identity)."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self._stubs: dict[tuple[str, str], Node] = {}
        self.stub_json: dict[int, str] = {}

    def _stub(self, kind: str, ident: str) -> Node | None:
        return self._stubs.get((kind, ident))

    def _keep(self, kind: str, ident: str, node: Node) -> Node:
        self._stubs[(kind, ident)] = node
        self.stub_json[id(node)] = _dumps(node)
        return node

    def organization_stub(self, ident: str) -> Node:
        node = self._stubs.get(("organization", ident))
        return (
            node
            if node is not None
            else self._keep("organization", ident, super().organization_stub(ident))
        )

    def person_stub(self, ident: str) -> Node:
        node = self._stubs.get(("person", ident))
        return node if node is not None else self._keep("person", ident, super().person_stub(ident))

    def topic_stub(self, ident: str) -> Node:
        node = self._stubs.get(("topic", ident))
        return node if node is not None else self._keep("topic", ident, super().topic_stub(ident))

    def article_stub(self, ident: str) -> Node:
        node = self._stubs.get(("article", ident))
        return (
            node if node is not None else self._keep("article", ident, super().article_stub(ident))
        )


def items(catalog: Catalog) -> list[Item]:
    """The work items, in the order of `export.units()`."""
    out: list[Item] = [("website", ""), ("dataset", "")]
    for kind, group in (
        ("claim", catalog.claims),
        ("article", catalog.articles),
        ("person", catalog.people),
        ("organization", catalog.organizations),
        ("topic", catalog.topics),
    ):
        out.extend((kind, ident) for ident in group)
    return out


class Writer:
    """Makes the dumps' text for work items of one catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.ld = StubCache(catalog)
        self.stub_json = self.ld.stub_json
        self._key_json: dict[str, str] = {}
        self._pred_nt: dict[str, str] = {}
        self._pred_ttl: dict[str, str] = {}
        self._type_objects: dict[str, tuple[str, str]] = {}

    # The nodes of one page, as export.units() makes them.
    def nodes(self, item: Item) -> tuple[list[Node], Node | None]:
        """The unit's nodes, and the review node that goes in the feed (if any)."""
        kind, ident = item
        ld, catalog = self.ld, self.catalog
        if kind == "claim":
            claim = catalog.claims[ident]
            review = ld.own_review_node(claim)
            if review is None:
                node = {**ld.claim(claim), "mainEntityOfPage": {"@id": ld.urls.page(kind, ident)}}
            else:
                node = review
            return [node, *ld.external_reviews(claim)], review
        if kind == "article":
            page = ld.article_page(catalog.articles[ident])
            del page["@context"]
            return [page], None
        if kind == "person":
            return [ld.person(catalog.people[ident])], None
        if kind == "organization":
            return [ld.organization(catalog.organizations[ident])], None
        if kind == "topic":
            return [ld.topic(catalog.topics[ident])], None
        if kind == "website":
            return [ld.website()], None
        return [ld.dataset()], None

    def feed_item(self, claim_id: str, node_json: str) -> str:
        review = self.catalog.own_review(self.catalog.claims[claim_id])
        assert review is not None
        return (
            '{"@type":"DataFeedItem","dateCreated":'
            + _dumps(review.datePublished.isoformat())
            + ',"dateModified":'
            + _dumps(review.dateModified.isoformat())
            + ',"item":'
            + node_json
            + "}"
        )

    # One pass over a node: its JSON text, and its triples grouped by subject and predicate.
    def _walk(self, node: Node, page: str, graph: dict[str, dict[str, dict[str, str]]]) -> str:
        """The node's JSON text; its triples go into graph[subject][predicate key] as a map
        from the N-Triples form of each object to its Turtle form."""
        subject = node["@id"]
        predicates = graph.get(subject)
        if predicates is None:
            predicates = graph[subject] = {}
        key_json = self._key_json
        parts: list[str] = []
        for key, value in node.items():
            name = key_json.get(key)
            if name is None:
                name = key_json[key] = encode_basestring(key) + ":"
            if key[:1] == "@":
                if key == "@type":
                    objects = predicates.setdefault("@type", {})
                    for kind in [value] if isinstance(value, str) else value:
                        nt, ttl = self._type_object(kind)
                        objects[nt] = ttl
                parts.append(
                    name + (encode_basestring(value) if type(value) is str else _dumps(value))
                )
                continue
            objects = predicates.setdefault(key, {})
            if isinstance(value, list):
                texts = [self._object(key, item, page, graph, objects) for item in value]
                parts.append(name + "[" + ",".join(texts) + "]")
            else:
                parts.append(name + self._object(key, value, page, graph, objects))
        return "{" + ",".join(parts) + "}"

    def _object(
        self,
        key: str,
        item: Any,
        page: str,
        graph: dict[str, dict[str, dict[str, str]]],
        objects: dict[str, str],
    ) -> str:
        """One object of `key`: records its triple in `objects`, returns its JSON text."""
        kind = type(item)
        if kind is dict:
            iri = item["@id"]
            nt = "<" + iri + ">"
            objects[nt] = nt if not iri.startswith(_SHORTENED) else _ttl_term(iri)
            if len(item) > 1 and iri.split("#", 1)[0] == page:
                return self._walk(item, page, graph)
            known = self.stub_json.get(id(item))
            return known if known is not None else self._json(item)
        if kind is str:
            if key in IRI_TERMS:
                nt = "<" + item + ">"
                objects[nt] = nt if not item.startswith(_SHORTENED) else _ttl_term(item)
            else:
                literal = '"' + _escape(item) + '"'
                if key in DATE_TERMS:
                    objects[literal + _DATE_NT] = literal + _DATE_TTL
                else:
                    objects[literal] = literal
            return encode_basestring(item)
        if kind is bool:
            literal = '"true"' if item else '"false"'
            objects[literal + _BOOLEAN_NT] = literal + _BOOLEAN_TTL
            return "true" if item else "false"
        if kind is int:
            literal = '"' + str(item) + '"'
            objects[literal + _INTEGER_NT] = literal + _INTEGER_TTL
            return int.__repr__(item)
        if kind is float:
            literal = '"' + _double(item) + '"'
            objects[literal + _DOUBLE_NT] = literal + _DOUBLE_TTL
            return _json_float(item)
        return self._other(key, item, page, graph, objects)

    def _other(
        self,
        key: str,
        item: Any,
        page: str,
        graph: dict[str, dict[str, dict[str, str]]],
        objects: dict[str, str],
    ) -> str:
        """Anything but a plain dict, str, bool, int or float: as triples.py does."""
        if isinstance(item, dict):
            return self._object(key, dict(item), page, graph, objects)
        for _, _, obj in _triple_objects("", "", key, item, page):
            objects[_nt_object(obj)] = _ttl_object(obj)
        return _dumps(item)

    def _json(self, value: Any) -> str:
        known = self.stub_json.get(id(value))
        return known if known is not None else _dumps(value)

    def _type_object(self, kind: str) -> tuple[str, str]:
        pair = self._type_objects.get(kind)
        if pair is None:
            iri = SCHEMA + kind
            pair = self._type_objects[kind] = ("<" + iri + ">", _ttl_term(iri))
        return pair

    def _predicate_nt(self, key: str) -> str:
        text = self._pred_nt.get(key)
        if text is None:
            text = self._pred_nt[key] = _RDF_TYPE_NT if key == "@type" else f"<{SCHEMA}{key}> "
        return text

    def _predicate_ttl(self, key: str) -> str:
        text = self._pred_ttl.get(key)
        if text is None:
            verb = "a" if key == "@type" else _ttl_term(SCHEMA + key)
            text = self._pred_ttl[key] = "    " + verb + " "
        return text

    def unit(self, item: Item) -> tuple[str, str, list[str], str | None]:
        """(N-Triples, Turtle, JSON text of each node, feed item JSON or None) of one page."""
        nodes, review = self.nodes(item)
        graph: dict[str, dict[str, dict[str, str]]] = {}
        texts = [self._walk(node, node["@id"].split("#", 1)[0], graph) for node in nodes]
        feed = self.feed_item(item[1], texts[0]) if review is not None else None
        lines: list[str] = []
        blocks: list[str] = []
        pred_nt, pred_ttl = self._predicate_nt, self._predicate_ttl
        for subject in sorted(graph):
            predicates = graph[subject]
            head = "<" + subject + "> "
            parts: list[str] = []
            keys = sorted(predicates)
            if "@type" in predicates and keys[0] != "@type":  # rdf:type comes first
                keys.remove("@type")
                keys.insert(0, "@type")
            for key in keys:
                objects = predicates[key]
                if not objects:
                    continue
                prefix = head + pred_nt(key)
                lines.extend([prefix + nt + " .\n" for nt in objects])
                parts.append(pred_ttl(key) + ", ".join(sorted(objects.values())))
            if parts:
                blocks.append("<" + subject + ">\n" + " ;\n".join(parts) + " .\n\n")
        lines.sort()
        return "".join(lines), "".join(blocks), texts, feed

    def chunk(self, work: list[Item]) -> Iterator[tuple[str, str, list[str], str | None]]:
        for item in work:
            yield self.unit(item)
