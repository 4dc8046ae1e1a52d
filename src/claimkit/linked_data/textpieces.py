"""Pieces of the dumps' text shared by the fast writers (`stubtext`, `nodetext`, `claimtext`,
`dumptext`): how a node is written as the object of a triple, the datatype suffixes of typed
literals, a page's subject blocks put together, and the signal to leave a page to the plain
code.
"""

from __future__ import annotations

import json
import math
from typing import Any

from claimkit.linked_data.terms import RDF_TYPE, SCHEMA, SCHEMA_DATE, XSD, turtle_term

# A node as the object of a triple: (N-Triples, Turtle, JSON text, and for the stub of a
# record the page that describes it, else "").
ObjectText = tuple[str, str, str, str]

# One subject of a page: (its IRI, its N-Triples lines, its Turtle block).
SubjectBlock = tuple[str, str, str]

# What follows the quoted lexical form of a typed literal, in N-Triples and in Turtle.
BOOLEAN_NT = f"^^<{XSD}boolean>"
INTEGER_NT = f"^^<{XSD}integer>"
DOUBLE_NT = f"^^<{XSD}double>"
DATE_NT = f"^^<{SCHEMA_DATE}>"
BOOLEAN_TTL = "^^" + turtle_term(XSD + "boolean")
INTEGER_TTL = "^^" + turtle_term(XSD + "integer")
DOUBLE_TTL = "^^" + turtle_term(XSD + "double")
DATE_TTL = "^^" + turtle_term(SCHEMA_DATE)

SHORTENED = (SCHEMA, XSD)  # IRIs that Turtle may write as prefixed names
RDF_TYPE_NT = f"<{RDF_TYPE}> "  # rdf:type in N-Triples, with the space after it


class Unusual(Exception):
    """A node the fast path does not handle; the plain code writes its page."""


def compact_json(value: Any) -> str:
    """JSON text as the dumps write it: compact, not limited to ASCII."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_float(value: float) -> str:
    """A float's JSON text, as json.dumps writes it."""
    return float.__repr__(value) if math.isfinite(value) else compact_json(value)


def iri_object(iri: str) -> tuple[str, str]:
    """An IRI as the object of a triple: (N-Triples, Turtle)."""
    nt = "<" + iri + ">"
    return nt, (turtle_term(iri) if iri.startswith(SHORTENED) else nt)


def join_blocks(blocks: list[SubjectBlock]) -> tuple[str, str]:
    """A page's N-Triples and Turtle from the blocks of its subjects (each subject once).

    The plain writer sorts N-Triples lines as text: "<subject> ...", so subject by subject, each
    followed by ">". It sorts Turtle blocks by subject. `blocks` is sorted in place.
    """
    if len(blocks) == 1:
        return blocks[0][1], blocks[0][2]
    blocks.sort(key=lambda block: block[0] + ">")
    nt = "".join([block[1] for block in blocks])
    blocks.sort()
    return nt, "".join([block[2] for block in blocks])
