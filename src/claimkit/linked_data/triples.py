"""The RDF triples of our JSON-LD documents, and N-Triples and Turtle written directly."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from claimkit.linked_data.jsonld import DATE_TERMS, IRI_TERMS, Node

SCHEMA = "http://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA_DATE = SCHEMA + "Date"

# An object is ("iri", value) or ("lit", lexical form, datatype IRI or "").
Obj = tuple[str, str, str]
Triple = tuple[str, str, Obj]

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_LOCAL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


def _same_page(iri: str, page: str) -> bool:
    return iri.split("#", 1)[0] == page


def _double(value: float) -> str:
    """The canonical xsd:double form JSON-LD gives a non-integer number, e.g. 4.5E0."""
    mantissa, exponent = f"{value:.15E}".split("E")
    mantissa = mantissa.rstrip("0")
    if mantissa.endswith("."):
        mantissa += "0"
    return f"{mantissa}E{int(exponent)}"


def node_triples(node: Node, page: str | None = None) -> Iterator[Triple]:
    """The triples of one node and of the nodes it owns.

    A nested node with an @id on another page (a person, an article...) contributes only the
    link to it: its own page describes it, so its triples come from there.
    """
    subject = node["@id"]
    page = page or subject.split("#", 1)[0]
    types = node.get("@type", [])
    for kind in [types] if isinstance(types, str) else types:
        yield subject, RDF_TYPE, ("iri", SCHEMA + kind, "")
    for key, value in node.items():
        if key.startswith("@"):
            continue
        predicate = SCHEMA + key
        for item in value if isinstance(value, list) else [value]:
            yield from _object(subject, predicate, key, item, page)


def _object(subject: str, predicate: str, key: str, item: Any, page: str) -> Iterator[Triple]:
    if isinstance(item, dict):
        iri = item["@id"]
        yield subject, predicate, ("iri", iri, "")
        if len(item) > 1 and _same_page(iri, page):
            yield from node_triples(item, page)
    elif isinstance(item, bool):
        yield subject, predicate, ("lit", "true" if item else "false", XSD + "boolean")
    elif isinstance(item, int):
        yield subject, predicate, ("lit", str(item), XSD + "integer")
    elif isinstance(item, float):
        yield subject, predicate, ("lit", _double(item), XSD + "double")
    elif key in IRI_TERMS:
        yield subject, predicate, ("iri", str(item), "")
    elif key in DATE_TERMS:
        yield subject, predicate, ("lit", str(item), SCHEMA_DATE)
    else:
        yield subject, predicate, ("lit", str(item), "")


def _escape(text: str) -> str:
    if not _NEEDS_ESCAPE.search(text):
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(0), f"\\u{ord(m.group(0)):04X}"), text)


def _nt_object(obj: Obj) -> str:
    if obj[0] == "iri":
        return f"<{obj[1]}>"
    literal = f'"{_escape(obj[1])}"'
    return f"{literal}^^<{obj[2]}>" if obj[2] else literal


def ntriples_lines(triples: Iterable[Triple]) -> list[str]:
    """N-Triples lines, sorted and without duplicates."""
    return sorted({f"<{s}> <{p}> {_nt_object(o)} .\n" for s, p, o in triples})


TURTLE_PREFIXES = (
    "@prefix schema: <http://schema.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"
)


def _ttl_term(iri: str) -> str:
    if iri.startswith(SCHEMA) and _LOCAL_NAME.match(iri[len(SCHEMA) :]):
        return "schema:" + iri[len(SCHEMA) :]
    if iri.startswith(XSD) and _LOCAL_NAME.match(iri[len(XSD) :]):
        return "xsd:" + iri[len(XSD) :]
    return f"<{iri}>"


def _ttl_object(obj: Obj) -> str:
    if obj[0] == "iri":
        return _ttl_term(obj[1])
    literal = f'"{_escape(obj[1])}"'
    return f"{literal}^^{_ttl_term(obj[2])}" if obj[2] else literal


def turtle_block(triples: Iterable[Triple]) -> str:
    """Turtle for a group of triples: one block per subject, predicates sorted, `a` first."""
    by_subject: dict[str, dict[str, set[str]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, {}).setdefault(p, set()).add(_ttl_object(o))
    out: list[str] = []
    for subject in sorted(by_subject):
        predicates = by_subject[subject]
        parts = []
        for predicate in sorted(predicates, key=lambda p: (p != RDF_TYPE, p)):
            verb = "a" if predicate == RDF_TYPE else _ttl_term(predicate)
            parts.append(f"    {verb} {', '.join(sorted(predicates[predicate]))}")
        out.append(f"<{subject}>\n" + " ;\n".join(parts) + " .\n\n")
    return "".join(out)
