"""The catalog as an rdflib graph, built from the same triples as the data dumps."""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from claimkit.core.catalog import Catalog
from claimkit.linked_data.export import units
from claimkit.linked_data.terms import SCHEMA
from claimkit.linked_data.triples import ObjectTerm

# http, as in the official schema.org JSON-LD context: not rdflib's https `SDO` namespace.
SCHEMA_NS = Namespace(SCHEMA)


def rdf_object(obj: ObjectTerm) -> Node:
    """An rdflib term for one of our objects: an IRI, or a literal (plain if no datatype)."""
    kind, value, datatype = obj
    if kind == "iri":
        return URIRef(value)
    if datatype.startswith("@"):
        return Literal(value, lang=datatype[1:])
    return Literal(value, datatype=URIRef(datatype)) if datatype else Literal(value)


def build_graph(catalog: Catalog) -> Graph:
    """Every triple of the dumps (claims.nt, claims.ttl) in one rdflib graph."""
    graph = Graph()
    graph.bind("schema", SCHEMA_NS, override=True, replace=True)
    for unit in units(catalog):
        for subject, predicate, obj in unit.triples():
            graph.add((URIRef(subject), URIRef(predicate), rdf_object(obj)))
    return graph
