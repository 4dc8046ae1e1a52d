"""Any JSON-LD node of ours written in one pass: its JSON text, and the N-Triples lines and
Turtle block of it and of the nodes it owns, as `triples.node_triples`, `ntriples_lines`,
`turtle_block` and json.dumps write them.

The fast dump writer uses it for every page but the claim pages `claimtext` writes from the
records (and for those too when `claimtext` gives up on one).
"""

from __future__ import annotations

from json.encoder import encode_basestring
from typing import Any

from claimkit.linked_data.jsonld import DATE_TERMS, IRI_TERMS, Node
from claimkit.linked_data.terms import SCHEMA, escape, turtle_term, value_datatype, xsd_double
from claimkit.linked_data.textpieces import (
    BOOLEAN_NT,
    BOOLEAN_TTL,
    DATE_NT,
    DATE_TTL,
    DOUBLE_NT,
    DOUBLE_TTL,
    INTEGER_NT,
    INTEGER_TTL,
    RDF_TYPE_NT,
    SHORTENED,
    ObjectText,
    SubjectBlock,
    Unusual,
    compact_json,
    json_float,
)

# What a string value of a property is.
_PLAIN, _IRI, _DATE, _TYPE, _KEYWORD = range(5)


class NodeTextWalker:
    """Writes JSON-LD nodes as text; the stubs it meets are written from `stubs` (id(stub) ->
    its text, see `stubtext.StubCache`)."""

    def __init__(self, stubs: dict[int, ObjectText]) -> None:
        self.stubs = stubs
        self._keys: dict[str, tuple[str, str, str, int]] = {}
        self._type_objects: dict[str, tuple[str, str]] = {}

    def _key(self, key: str) -> tuple[str, str, str, int]:
        """For a property: its JSON name with the colon, its N-Triples predicate with the space
        after it, its Turtle verb with the indent before and the space after it, and what a
        string value of it is (_PLAIN, _IRI, _DATE, _TYPE or _KEYWORD)."""
        info = self._keys.get(key)
        if info is None:
            name = encode_basestring(key) + ":"
            if key == "@type":
                info = (name, RDF_TYPE_NT, "    a ", _TYPE)
            elif key[:1] == "@":
                info = (name, "", "", _KEYWORD)
            else:
                verb = turtle_term(SCHEMA + key)
                if not verb.startswith("schema:"):
                    # Sorting Turtle lines as text would then not sort them by predicate.
                    raise Unusual(key)
                code = _IRI if key in IRI_TERMS else _DATE if key in DATE_TERMS else _PLAIN
                info = (name, f"<{SCHEMA}{key}> ", "    " + verb + " ", code)
            self._keys[key] = info
        return info

    def walk(self, node: Node, page: str, out: list[SubjectBlock]) -> str:
        """The node's JSON text; adds the block of it and of each node it owns on `page` to
        `out`. Raises Unusual for a node it does not handle."""
        subject = node["@id"]
        nt_parts: list[str] = []  # predicate and object of each triple
        ttl_parts: list[str] = []  # one line per predicate
        json_parts: list[str] = []
        keys = self._keys
        stubs = self.stubs
        for key, value in node.items():
            info = keys.get(key)
            if info is None:
                info = self._key(key)
            name, predicate, verb, code = info
            kind = type(value)
            if kind is str:
                if code == _PLAIN:
                    if '"' in value or "\\" in value or not value.isprintable():
                        literal = '"' + escape(value) + '"'
                    else:  # the same quoted text in JSON
                        literal = '"' + value + '"'
                        nt_parts.append(predicate + literal)
                        ttl_parts.append(verb + literal)
                        json_parts.append(name + literal)
                        continue
                    nt_parts.append(predicate + literal)
                    ttl_parts.append(verb + literal)
                elif code == _IRI:
                    nt = "<" + value + ">"
                    nt_parts.append(predicate + nt)
                    ttl_parts.append(
                        verb + (turtle_term(value) if value.startswith(SHORTENED) else nt)
                    )
                elif code == _DATE:
                    literal = '"' + escape(value) + '"'
                    nt_parts.append(predicate + literal + DATE_NT)
                    ttl_parts.append(verb + literal + DATE_TTL)
                elif code == _TYPE:
                    nt, ttl = self._type_object(value)
                    nt_parts.append(predicate + nt)
                    ttl_parts.append(verb + ttl)
                json_parts.append(name + encode_basestring(value))
                continue
            if kind is dict:
                stub = stubs.get(id(value))
                if stub is not None and stub[3] != page:
                    nt_parts.append(predicate + stub[0])
                    ttl_parts.append(verb + stub[1])
                    json_parts.append(name + stub[2])
                    continue
            if code == _TYPE:
                pairs = dict(self._type_object(t) for t in value)
                if pairs:
                    nt_parts.extend([predicate + nt for nt in pairs])
                    ttl_parts.append(verb + ", ".join(sorted(pairs.values())))
                json_parts.append(name + compact_json(value))
            elif code == _KEYWORD:
                json_parts.append(name + compact_json(value))
            elif kind is list:
                objects: dict[str, str] = {}
                texts: list[str] = []
                for item in value:
                    if type(item) is dict:
                        stub = stubs.get(id(item))
                        if stub is not None and stub[3] != page:
                            objects[stub[0]] = stub[1]
                            texts.append(stub[2])
                            continue
                    texts.append(self._object(code, item, page, out, objects))
                json_parts.append(name + "[" + ",".join(texts) + "]")
                if objects:
                    nt_parts.extend([predicate + nt for nt in objects])
                    ttl_parts.append(verb + ", ".join(sorted(objects.values())))
            else:
                objects = {}
                json_parts.append(name + self._object(code, value, page, out, objects))
                for nt, ttl in objects.items():
                    nt_parts.append(predicate + nt)
                    ttl_parts.append(verb + ttl)
        if nt_parts:
            head = "<" + subject + "> "
            nt_parts.sort()
            ttl_parts.sort()
            out.append(
                (
                    subject,
                    head + (" .\n" + head).join(nt_parts) + " .\n",
                    "<" + subject + ">\n" + " ;\n".join(ttl_parts) + " .\n\n",
                )
            )
        return "{" + ",".join(json_parts) + "}"

    def _object(
        self,
        code: int,
        item: Any,
        page: str,
        out: list[SubjectBlock],
        objects: dict[str, str],
    ) -> str:
        """One object of a property whose strings are `code`: puts its N-Triples and Turtle
        forms in `objects`, returns its JSON text."""
        kind = type(item)
        if kind is str:
            if code == _IRI:
                nt = "<" + item + ">"
                objects[nt] = nt if not item.startswith(SHORTENED) else turtle_term(item)
            else:
                literal = '"' + escape(item) + '"'
                if code == _DATE:
                    objects[literal + DATE_NT] = literal + DATE_TTL
                else:
                    objects[literal] = literal
            return encode_basestring(item)
        if kind is dict:
            stub = self.stubs.get(id(item))
            if stub is not None and stub[3] != page:
                objects[stub[0]] = stub[1]
                return stub[2]
            if "@language" in item:  # text in a language of its own
                literal = '"' + escape(item["@value"]) + '"@' + item["@language"]
                objects[literal] = literal
                return compact_json(item)
            if "@value" in item:  # a typed literal: a date of some precision
                datatype = value_datatype(item["@type"])
                literal = '"' + escape(item["@value"]) + '"^^'
                objects[literal + "<" + datatype + ">"] = literal + turtle_term(datatype)
                return compact_json(item)
            iri = item["@id"]
            nt = "<" + iri + ">"
            objects[nt] = nt if not iri.startswith(SHORTENED) else turtle_term(iri)
            if len(item) > 1 and iri.split("#", 1)[0] == page:
                return self.walk(item, page, out)
            return compact_json(item)
        if kind is bool:
            literal = '"true"' if item else '"false"'
            objects[literal + BOOLEAN_NT] = literal + BOOLEAN_TTL
            return "true" if item else "false"
        if kind is int:
            literal = '"' + str(item) + '"'
            objects[literal + INTEGER_NT] = literal + INTEGER_TTL
            return int.__repr__(item)
        if kind is float:
            literal = '"' + xsd_double(item) + '"'
            objects[literal + DOUBLE_NT] = literal + DOUBLE_TTL
            return json_float(item)
        # Anything else (JsonLd makes none today): the plain code's way.
        raise Unusual(repr(item))

    def _type_object(self, kind: str) -> tuple[str, str]:
        pair = self._type_objects.get(kind)
        if pair is None:
            iri = SCHEMA + kind
            pair = self._type_objects[kind] = ("<" + iri + ">", turtle_term(iri))
        return pair
