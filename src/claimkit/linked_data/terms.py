"""How values are written as RDF terms: the vocabularies' IRIs, escaped literals, xsd:double
forms, Turtle's prefixed names, and the JSON-LD number a rating becomes.

The plain writers (`jsonld`, `triples`) and the fast one (`dumptext` and the modules it uses)
write terms with these functions, so the two agree byte for byte by construction.
"""

from __future__ import annotations

import re

SCHEMA = "http://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA_DATE = SCHEMA + "Date"

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_LOCAL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


def value_datatype(json_type: str) -> str:
    """The datatype IRI of a JSON-LD value object's @type under the schema.org context: an
    absolute IRI as it is (xsd:gYear), a bare term from schema.org's vocabulary (DateTime)."""
    return json_type if ":" in json_type else SCHEMA + json_type


def json_number(value: float) -> int | float:
    """A number as JSON-LD gives it: an int when it is whole (xsd:integer), else the float
    (xsd:double)."""
    return int(value) if float(value).is_integer() else value


def xsd_double(value: float) -> str:
    """The canonical xsd:double form JSON-LD gives a non-integer number, e.g. 4.5E0."""
    mantissa, exponent = f"{value:.15E}".split("E")
    mantissa = mantissa.rstrip("0")
    if mantissa.endswith("."):
        mantissa += "0"
    return f"{mantissa}E{int(exponent)}"


def escape(text: str) -> str:
    """The text of a literal between its quotes, as N-Triples and Turtle both write it: quote,
    backslash and control characters escaped."""
    if not _NEEDS_ESCAPE.search(text):
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(0), f"\\u{ord(m.group(0)):04X}"), text)


def turtle_term(iri: str) -> str:
    """An IRI in Turtle: a prefixed name (schema:, xsd:) where its local part allows, else
    <iri>."""
    if iri.startswith(SCHEMA) and _LOCAL_NAME.match(iri[len(SCHEMA) :]):
        return "schema:" + iri[len(SCHEMA) :]
    if iri.startswith(XSD) and _LOCAL_NAME.match(iri[len(XSD) :]):
        return "xsd:" + iri[len(XSD) :]
    return f"<{iri}>"
