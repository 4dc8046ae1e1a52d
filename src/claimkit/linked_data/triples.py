"""The RDF triples of our JSON-LD documents, and N-Triples and Turtle written directly."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from claimkit.linked_data.jsonld import DATE_TERMS, IRI_TERMS, Node
from claimkit.linked_data.terms import (
    RDF_TYPE,
    SCHEMA,
    SCHEMA_DATE,
    XSD,
    escape,
    turtle_term,
    value_datatype,
    xsd_double,
)

# The object of a triple: ("iri", IRI, "") or ("lit", lexical form, datatype IRI or "", or
# "@tag" for a literal with a language tag).
ObjectTerm = tuple[str, str, str]
Triple = tuple[str, str, ObjectTerm]


def _same_page(iri: str, page: str) -> bool:
    return iri.split("#", 1)[0] == page


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
    if isinstance(item, dict) and "@language" in item:  # text in a language of its own
        yield subject, predicate, ("lit", str(item["@value"]), "@" + item["@language"])
    elif isinstance(item, dict) and "@value" in item:  # a typed literal: a date of some precision
        yield subject, predicate, ("lit", str(item["@value"]), value_datatype(item["@type"]))
    elif isinstance(item, dict):
        iri = item["@id"]
        yield subject, predicate, ("iri", iri, "")
        if len(item) > 1 and _same_page(iri, page):
            yield from node_triples(item, page)
    elif isinstance(item, bool):
        yield subject, predicate, ("lit", "true" if item else "false", XSD + "boolean")
    elif isinstance(item, int):
        yield subject, predicate, ("lit", str(item), XSD + "integer")
    elif isinstance(item, float):
        yield subject, predicate, ("lit", xsd_double(item), XSD + "double")
    elif key in IRI_TERMS:
        yield subject, predicate, ("iri", str(item), "")
    elif key in DATE_TERMS:
        yield subject, predicate, ("lit", str(item), SCHEMA_DATE)
    else:
        yield subject, predicate, ("lit", str(item), "")


def _nt_object(obj: ObjectTerm) -> str:
    if obj[0] == "iri":
        return f"<{obj[1]}>"
    literal = f'"{escape(obj[1])}"'
    if obj[2].startswith("@"):
        return literal + obj[2]
    return f"{literal}^^<{obj[2]}>" if obj[2] else literal


def ntriples_lines(triples: Iterable[Triple]) -> list[str]:
    """N-Triples lines, sorted and without duplicates."""
    return sorted({f"<{s}> <{p}> {_nt_object(o)} .\n" for s, p, o in triples})


TURTLE_PREFIXES = (
    "@prefix schema: <http://schema.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"
)


def _ttl_object(obj: ObjectTerm) -> str:
    if obj[0] == "iri":
        return turtle_term(obj[1])
    literal = f'"{escape(obj[1])}"'
    if obj[2].startswith("@"):
        return literal + obj[2]
    return f"{literal}^^{turtle_term(obj[2])}" if obj[2] else literal


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
            verb = "a" if predicate == RDF_TYPE else turtle_term(predicate)
            parts.append(f"    {verb} {', '.join(sorted(predicates[predicate]))}")
        out.append(f"<{subject}>\n" + " ;\n".join(parts) + " .\n\n")
    return "".join(out)
