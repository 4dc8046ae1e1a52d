"""The stubs of records (people, organizations, topics, articles) made once per catalog, with
their text as the object of a triple, for the fast dump writers."""

from __future__ import annotations

from claimkit.core.catalog import Catalog
from claimkit.linked_data.jsonld import JsonLd, Node
from claimkit.linked_data.terms import turtle_term
from claimkit.linked_data.textpieces import ObjectText, compact_json


class StubCache(JsonLd):
    """JsonLd whose stubs are made once per record and shared: the dumps never change a node,
    and the text of each stub is kept beside it (by the stub's identity)."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self._organizations: dict[str, Node] = {}
        self._people: dict[str, Node] = {}
        self._topics: dict[str, Node] = {}
        self._articles: dict[str, Node] = {}
        # id(stub) -> the stub as an object: N-Triples, Turtle, JSON text, the page of its record
        self.stubs: dict[int, ObjectText] = {}

    def _keep(self, cache: dict[str, Node], ident: str, node: Node) -> Node:
        cache[ident] = node
        iri = node["@id"]
        self.stubs[id(node)] = (
            "<" + iri + ">",
            turtle_term(iri),
            compact_json(node),
            iri.split("#", 1)[0],
        )
        return node

    def organization_stub(self, ident: str) -> Node:
        """The organization's stub, the same dict each time."""
        node = self._organizations.get(ident)
        if node is None:
            node = self._keep(self._organizations, ident, super().organization_stub(ident))
        return node

    def person_stub(self, ident: str) -> Node:
        """The person's stub, the same dict each time."""
        node = self._people.get(ident)
        if node is None:
            node = self._keep(self._people, ident, super().person_stub(ident))
        return node

    def topic_stub(self, ident: str) -> Node:
        """The topic's stub, the same dict each time."""
        node = self._topics.get(ident)
        if node is None:
            node = self._keep(self._topics, ident, super().topic_stub(ident))
        return node

    def article_stub(self, ident: str) -> Node:
        """The article's stub, the same dict each time."""
        node = self._articles.get(ident)
        if node is None:
            node = self._keep(self._articles, ident, super().article_stub(ident))
        return node
