"""The text of the data dumps, made in one pass per page: N-Triples, Turtle and JSON-LD lines.

`export.units()` with `triples.node_triples`, `ntriples_lines` and `turtle_block` say what the
dumps hold; this module writes the same bytes faster. It walks each page's JSON-LD nodes once and
from that walk writes the node's JSON text, its N-Triples lines and its Turtle block, with the
pieces that repeat (predicates, types, the stubs of the people, organizations, topics and
articles a page refers to) made once per catalog. The tests compare the two, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring
from typing import Any

from claimkit.core.catalog import Catalog
from claimkit.core.models import Citation, Claim, Party, Review
from claimkit.linked_data.jsonld import DATE_TERMS, IRI_TERMS, JsonLd, Node, _number
from claimkit.linked_data.triples import (
    RDF_TYPE,
    SCHEMA,
    SCHEMA_DATE,
    XSD,
    _double,
    _escape,
    _ttl_term,
    node_triples,
    ntriples_lines,
    turtle_block,
)

# A node as a value: (N-Triples, Turtle, JSON text, and for a stub the page it belongs to).
Obj = tuple[str, str, str, str]

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
# What a string value of a property is.
_PLAIN, _IRI, _DATE, _TYPE, _KEYWORD = range(5)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_float(value: float) -> str:
    return float.__repr__(value) if math.isfinite(value) else _dumps(value)


def _property(key: str) -> tuple[str, str, str]:
    """A schema.org property for the claim pages: JSON name (with the comma before it),
    N-Triples predicate and Turtle verb, as Writer._key makes them."""
    return "," + encode_basestring(key) + ":", f"<{SCHEMA}{key}> ", f"    schema:{key} "


def _literal(text: str) -> str:
    """A plain literal, quoted and escaped for N-Triples and Turtle alike."""
    if '"' in text or "\\" in text or not text.isprintable():
        return '"' + _escape(text) + '"'
    return '"' + text + '"'


def _iri_object(iri: str) -> tuple[str, str]:
    nt = "<" + iri + ">"
    return nt, (_ttl_term(iri) if iri.startswith(_SHORTENED) else nt)


(
    _ABOUT,
    _ALTERNATE_NAME,
    _APPEARANCE,
    _ARCHIVED_AT,
    _AFFILIATION,
    _AUTHOR,
    _BEST_RATING,
    _CITATION,
    _CLAIM_REVIEWED,
    _CORRECTION,
    _DATE_MODIFIED,
    _DATE_PUBLISHED,
    _FIRST_APPEARANCE,
    _IN_LANGUAGE,
    _IS_BASED_ON,
    _IS_PART_OF,
    _ITEM_REVIEWED,
    _MAIN_ENTITY_OF_PAGE,
    _NAME,
    _PUBLISHER,
    _RATING_EXPLANATION,
    _RATING_VALUE,
    _REVIEW_BODY,
    _REVIEW_RATING,
    _TEXT,
    _URL,
    _WORST_RATING,
) = (
    _property(key)
    for key in (
        "about",
        "alternateName",
        "appearance",
        "archivedAt",
        "affiliation",
        "author",
        "bestRating",
        "citation",
        "claimReviewed",
        "correction",
        "dateModified",
        "datePublished",
        "firstAppearance",
        "inLanguage",
        "isBasedOn",
        "isPartOf",
        "itemReviewed",
        "mainEntityOfPage",
        "name",
        "publisher",
        "ratingExplanation",
        "ratingValue",
        "reviewBody",
        "reviewRating",
        "text",
        "url",
        "worstRating",
    )
)


def _typed(type_name: str) -> tuple[str, str, str]:
    """The start of a node of this type: JSON after the @id, N-Triples and Turtle of rdf:type."""
    iri = SCHEMA + type_name
    return (
        ',"@type":' + encode_basestring(type_name),
        _RDF_TYPE_NT + "<" + iri + ">",
        ("    a " + _ttl_term(iri)),
    )


_CLAIM_REVIEW, _CLAIM, _CREATIVE_WORK, _PERSON, _RATING, _CORRECTION_COMMENT = (
    _typed(name)
    for name in ("ClaimReview", "Claim", "CreativeWork", "Person", "Rating", "CorrectionComment")
)


class _Unusual(Exception):
    """A node the fast path does not handle; the general code writes its page."""


class _NodeText:
    """One node of a claim page written directly: its JSON text, and the N-Triples and Turtle
    of its own triples, in the order and form Writer._walk gives them."""

    __slots__ = ("js", "nt", "subject", "ttl")

    def __init__(self, subject: str, typed: tuple[str, str, str]) -> None:
        self.subject = subject
        self.js = ['{"@id":' + encode_basestring(subject) + typed[0]]
        self.nt = [typed[1]]
        self.ttl = [typed[2]]

    def text(self, prop: tuple[str, str, str], value: str) -> None:
        if '"' in value or "\\" in value or not value.isprintable():
            literal = '"' + _escape(value) + '"'
            json_text = encode_basestring(value)
        else:  # nothing to escape, in N-Triples, Turtle or JSON: the same quoted text
            literal = json_text = '"' + value + '"'
        self.js.append(prop[0] + json_text)
        self.nt.append(prop[1] + literal)
        self.ttl.append(prop[2] + literal)

    def date(self, prop: tuple[str, str, str], day: dt.date) -> None:
        literal = '"' + day.isoformat() + '"'  # digits and hyphens: nothing to escape
        self.js.append(prop[0] + literal)
        self.nt.append(prop[1] + literal + _DATE_NT)
        self.ttl.append(prop[2] + literal + _DATE_TTL)

    def iri(self, prop: tuple[str, str, str], iri: str) -> None:
        nt, ttl = _iri_object(iri)
        self.js.append(prop[0] + encode_basestring(iri))
        self.nt.append(prop[1] + nt)
        self.ttl.append(prop[2] + ttl)

    def integer(self, prop: tuple[str, str, str], value: int) -> None:
        literal = '"' + str(value) + '"'
        self.js.append(prop[0] + int.__repr__(value))
        self.nt.append(prop[1] + literal + _INTEGER_NT)
        self.ttl.append(prop[2] + literal + _INTEGER_TTL)

    def link(self, prop: tuple[str, str, str], obj: Obj) -> None:
        """A node as the value: obj is (N-Triples, Turtle, JSON) of it."""
        self.js.append(prop[0] + obj[2])
        self.nt.append(prop[1] + obj[0])
        self.ttl.append(prop[2] + obj[1])

    def links(self, prop: tuple[str, str, str], objs: list[Obj]) -> None:
        """A list of nodes as the value (not empty)."""
        objects = {obj[0]: obj[1] for obj in objs}
        self.js.append(prop[0] + "[" + ",".join([obj[2] for obj in objs]) + "]")
        self.nt.extend([prop[1] + nt for nt in objects])
        self.ttl.append(prop[2] + ", ".join(sorted(objects.values())))

    def done(self, out: list[tuple[str, str, str]]) -> Obj:
        """Adds the node's block to `out`; returns (N-Triples, Turtle, JSON) of the node as a
        value."""
        subject = self.subject
        head = "<" + subject + "> "
        self.nt.sort()
        self.ttl.sort()
        out.append(
            (
                subject,
                head + (" .\n" + head).join(self.nt) + " .\n",
                "<" + subject + ">\n" + " ;\n".join(self.ttl) + " .\n\n",
            )
        )
        nt, ttl = _iri_object(subject)
        return nt, ttl, "".join(self.js) + "}", ""


class StubCache(JsonLd):
    """JsonLd whose stubs are made once per record and shared: the dumps never change a node,
    and the JSON text of each stub is kept beside it (by the stub's identity)."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self._organizations: dict[str, Node] = {}
        self._people: dict[str, Node] = {}
        self._topics: dict[str, Node] = {}
        self._articles: dict[str, Node] = {}
        # id(stub) -> (its page, its IRI in N-Triples, in Turtle, its JSON text)
        self.stubs: dict[int, tuple[str, str, str, str]] = {}

    def _keep(self, cache: dict[str, Node], ident: str, node: Node) -> Node:
        cache[ident] = node
        iri = node["@id"]
        self.stubs[id(node)] = (iri.split("#", 1)[0], "<" + iri + ">", _ttl_term(iri), _dumps(node))
        return node

    def organization_stub(self, ident: str) -> Node:
        node = self._organizations.get(ident)
        if node is None:
            node = self._keep(self._organizations, ident, super().organization_stub(ident))
        return node

    def person_stub(self, ident: str) -> Node:
        node = self._people.get(ident)
        if node is None:
            node = self._keep(self._people, ident, super().person_stub(ident))
        return node

    def topic_stub(self, ident: str) -> Node:
        node = self._topics.get(ident)
        if node is None:
            node = self._keep(self._topics, ident, super().topic_stub(ident))
        return node

    def article_stub(self, ident: str) -> Node:
        node = self._articles.get(ident)
        if node is None:
            node = self._keep(self._articles, ident, super().article_stub(ident))
        return node


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
        self.stubs = self.ld.stubs
        self._keys: dict[str, tuple[str, str, str, int]] = {}
        self._organization_objs: dict[str, Obj] = {}
        self._person_objs: dict[str, Obj] = {}
        self._topic_objs: dict[str, Obj] = {}
        self._article_objs: dict[str, Obj] = {}
        self._type_objects: dict[str, tuple[str, str]] = {}

    # The nodes of one page, as export.units() makes them.
    def nodes(self, item: Item) -> tuple[list[Node], Review | None]:
        """The unit's nodes, and the review whose node (the first) goes in the feed, if any."""
        kind, ident = item
        ld, catalog = self.ld, self.catalog
        if kind == "claim":
            claim = catalog.claims[ident]
            index, review = next(
                ((i, r) for i, r in enumerate(claim.reviews) if catalog.is_own_review(r)),
                (0, None),
            )
            if review is None:
                node = {**ld.claim(claim), "mainEntityOfPage": {"@id": ld.urls.page(kind, ident)}}
            else:
                node = ld.review(claim, review, index)
            if len(claim.reviews) > (review is not None):
                return [node, *ld.external_reviews(claim)], review
            return [node], review
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

    def feed_item(self, review: Review, node_json: str) -> str:
        """The DataFeedItem of a review, as export.feed_items() makes it (ISO dates need no
        escaping in JSON)."""
        return (
            '{"@type":"DataFeedItem","dateCreated":"'
            + review.datePublished.isoformat()
            + '","dateModified":"'
            + review.dateModified.isoformat()
            + '","item":'
            + node_json
            + "}"
        )

    # One pass over a node: its JSON text, its N-Triples lines and its Turtle block.
    def _key(self, key: str) -> tuple[str, str, str, int]:
        """For a property: its JSON name with the colon, its N-Triples predicate with the space
        after it, its Turtle verb with the indent before and the space after it, and what a
        string value of it is (_PLAIN, _IRI, _DATE, _TYPE or _KEYWORD)."""
        info = self._keys.get(key)
        if info is None:
            name = encode_basestring(key) + ":"
            if key == "@type":
                info = (name, _RDF_TYPE_NT, "    a ", _TYPE)
            elif key[:1] == "@":
                info = (name, "", "", _KEYWORD)
            else:
                verb = _ttl_term(SCHEMA + key)
                if not verb.startswith("schema:"):
                    # Sorting Turtle lines as text would then not sort them by predicate.
                    raise _Unusual(key)
                code = _IRI if key in IRI_TERMS else _DATE if key in DATE_TERMS else _PLAIN
                info = (name, f"<{SCHEMA}{key}> ", "    " + verb + " ", code)
            self._keys[key] = info
        return info

    def _walk(self, node: Node, page: str, out: list[tuple[str, str, str]]) -> str:
        """The node's JSON text; adds (subject, N-Triples lines, Turtle block) of it and of the
        nodes it owns to `out`."""
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
                        literal = '"' + _escape(value) + '"'
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
                        verb + (_ttl_term(value) if value.startswith(_SHORTENED) else nt)
                    )
                elif code == _DATE:
                    literal = '"' + _escape(value) + '"'
                    nt_parts.append(predicate + literal + _DATE_NT)
                    ttl_parts.append(verb + literal + _DATE_TTL)
                elif code == _TYPE:
                    nt, ttl = self._type_object(value)
                    nt_parts.append(predicate + nt)
                    ttl_parts.append(verb + ttl)
                json_parts.append(name + encode_basestring(value))
                continue
            if kind is dict:
                stub = stubs.get(id(value))
                if stub is not None and stub[0] != page:
                    nt_parts.append(predicate + stub[1])
                    ttl_parts.append(verb + stub[2])
                    json_parts.append(name + stub[3])
                    continue
            if code == _TYPE:
                pairs = dict(self._type_object(t) for t in value)
                if pairs:
                    nt_parts.extend([predicate + nt for nt in pairs])
                    ttl_parts.append(verb + ", ".join(sorted(pairs.values())))
                json_parts.append(name + _dumps(value))
            elif code == _KEYWORD:
                json_parts.append(name + _dumps(value))
            elif kind is list:
                objects: dict[str, str] = {}
                texts: list[str] = []
                for item in value:
                    if type(item) is dict:
                        stub = stubs.get(id(item))
                        if stub is not None and stub[0] != page:
                            objects[stub[1]] = stub[2]
                            texts.append(stub[3])
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
        out: list[tuple[str, str, str]],
        objects: dict[str, str],
    ) -> str:
        """One object of a property whose strings are `code`: puts its N-Triples and Turtle
        forms in `objects`, returns its JSON text."""
        kind = type(item)
        if kind is str:
            if code == _IRI:
                nt = "<" + item + ">"
                objects[nt] = nt if not item.startswith(_SHORTENED) else _ttl_term(item)
            else:
                literal = '"' + _escape(item) + '"'
                if code == _DATE:
                    objects[literal + _DATE_NT] = literal + _DATE_TTL
                else:
                    objects[literal] = literal
            return encode_basestring(item)
        if kind is dict:
            stub = self.stubs.get(id(item))
            if stub is not None and stub[0] != page:
                objects[stub[1]] = stub[2]
                return stub[3]
            iri = item["@id"]
            nt = "<" + iri + ">"
            objects[nt] = nt if not iri.startswith(_SHORTENED) else _ttl_term(iri)
            if len(item) > 1 and iri.split("#", 1)[0] == page:
                return self._walk(item, page, out)
            return _dumps(item)
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
        # Anything else (JsonLd makes none today): the general code's way.
        raise _Unusual(repr(item))

    def _type_object(self, kind: str) -> tuple[str, str]:
        pair = self._type_objects.get(kind)
        if pair is None:
            iri = SCHEMA + kind
            pair = self._type_objects[kind] = ("<" + iri + ">", _ttl_term(iri))
        return pair

    # Claim pages written directly, without dicts: the same nodes as JsonLd.review/claim.
    def _stub(
        self, cache: dict[str, Obj], make: Callable[[str], Node], ident: str, page: str
    ) -> Obj:
        """(N-Triples, Turtle, JSON, page) of the stub of a record, made once."""
        obj = cache.get(ident)
        if obj is None:
            stub = self.stubs[id(make(ident))]
            obj = cache[ident] = (stub[1], stub[2], stub[3], stub[0])
        if obj[3] == page:
            raise _Unusual(page)  # a stub on the page itself: its triples would belong here
        return obj

    def _organization(self, ident: str, page: str) -> Obj:
        return self._stub(self._organization_objs, self.ld.organization_stub, ident, page)

    def _person(self, ident: str, page: str) -> Obj:
        return self._stub(self._person_objs, self.ld.person_stub, ident, page)

    def _topic(self, ident: str, page: str) -> Obj:
        return self._stub(self._topic_objs, self.ld.topic_stub, ident, page)

    def _article(self, ident: str, page: str) -> Obj:
        return self._stub(self._article_objs, self.ld.article_stub, ident, page)

    def _claim_unit(
        self, claim: Claim, review: Review | None, index: int
    ) -> tuple[str, str, list[str], str | None]:
        page = self.ld.urls.page("claim", claim.id)
        out: list[tuple[str, str, str]] = []
        if review is None:
            text = self._claim_text(claim, page, out, main_entity=True)[2]
            feed = None
        else:
            text = self._review_text(claim, review, index, page, out)[2]
            feed = self.feed_item(review, text)
        if len({block[0] for block in out}) < len(out):
            raise _Unusual(page)
        out.sort(key=lambda block: block[0] + ">")
        nt = "".join([block[1] for block in out])
        out.sort()
        return nt, "".join([block[2] for block in out]), [text], feed

    def _review_text(
        self, claim: Claim, review: Review, index: int, page: str, out: list[tuple[str, str, str]]
    ) -> Obj:
        ld, site = self.ld, self.catalog.site
        iri = ld.urls.review(claim.id, index)
        node = _NodeText(iri, _CLAIM_REVIEW)
        node.iri(_URL, page)
        if claim.claimReviewed:
            node.text(_CLAIM_REVIEWED, claim.claimReviewed)
        node.date(_DATE_PUBLISHED, review.datePublished)
        node.date(_DATE_MODIFIED, review.dateModified)
        publisher = self._organization(review.publisher or site.publisher, page)
        node.links(_AUTHOR, [publisher, *(self._person(a, page) for a in review.authors)])
        node.link(_PUBLISHER, publisher)
        language = review.inLanguage or site.language
        if language:
            node.text(_IN_LANGUAGE, language)
        node.link(_REVIEW_RATING, self._rating_text(review, iri + "-rating", out))
        if review.summary:
            node.text(_REVIEW_BODY, review.summary)
        node.link(_ITEM_REVIEWED, self._claim_text(claim, page, out, main_entity=False))
        if review.sources:
            node.links(
                _CITATION,
                [
                    self._citation_text(source, f"{iri}-source-{i}", page, out)
                    for i, source in enumerate(review.sources, start=1)
                ],
            )
        if review.corrections:
            corrections = []
            for i, correction in enumerate(review.corrections, start=1):
                comment = _NodeText(f"{iri}-correction-{i}", _CORRECTION_COMMENT)
                comment.text(_TEXT, correction.text)
                comment.date(_DATE_PUBLISHED, correction.date)
                corrections.append(comment.done(out))
            node.links(_CORRECTION, corrections)
        return node.done(out)

    def _rating_text(self, review: Review, iri: str, out: list[tuple[str, str, str]]) -> Obj:
        """The rating of one of the site's own reviews: its label's place on the scale."""
        scale = self.ld.scale_entry(review.rating)
        node = _NodeText(iri, _RATING)
        if review.rating:
            node.text(_ALTERNATE_NAME, review.rating)
        if scale is not None:
            best, worst = self.ld.rating_bounds()
            for prop, value in (
                (_RATING_VALUE, scale.value),
                (_BEST_RATING, best),
                (_WORST_RATING, worst),
            ):
                number = _number(value)
                if type(number) is not int:
                    raise _Unusual(repr(value))
                node.integer(prop, number)
        if review.explanation:
            node.text(_RATING_EXPLANATION, review.explanation)
        return node.done(out)

    def _claim_text(
        self, claim: Claim, page: str, out: list[tuple[str, str, str]], main_entity: bool
    ) -> Obj:
        node = _NodeText(page + "#claim", _CLAIM)
        if claim.claimReviewed:
            node.text(_NAME, claim.claimReviewed)
        if claim.quote:
            node.text(_TEXT, claim.quote)
        node.link(_AUTHOR, self._party_text(claim.claimant, page + "#claimant", page, out))
        if claim.dateMade:
            node.date(_DATE_PUBLISHED, claim.dateMade)
        if claim.inLanguage:
            node.text(_IN_LANGUAGE, claim.inLanguage)
        appearances = [
            self._citation_text(citation, f"{page}#appearance-{i}", page, out)
            for i, citation in enumerate(claim.appearances, start=1)
        ]
        previous: str | None = None
        for i, relay in enumerate(claim.relays, start=1):
            iri = f"{page}#relay-{i}"
            hop = _NodeText(iri, _CREATIVE_WORK)
            hop.link(_AUTHOR, self._party_text(relay.by, f"{iri}-by", page, out))
            if relay.date:
                hop.date(_DATE_PUBLISHED, relay.date)
            if relay.source:
                hop.link(_IS_PART_OF, self._citation_text(relay.source, f"{iri}-source", page, out))
            if previous:
                hop.iri(_IS_BASED_ON, previous)
            appearances.append(hop.done(out))
            previous = iri
        if appearances:
            node.links(_APPEARANCE, appearances)
        if claim.firstAppearance:
            node.link(
                _FIRST_APPEARANCE,
                self._citation_text(claim.firstAppearance, page + "#first-appearance", page, out),
            )
        if claim.topics:
            node.links(_ABOUT, [self._topic(t, page) for t in claim.topics])
        if main_entity:
            nt, ttl = _iri_object(page)
            node.link(
                _MAIN_ENTITY_OF_PAGE, (nt, ttl, '{"@id":' + encode_basestring(page) + "}", "")
            )
        return node.done(out)

    def _party_text(
        self, party: Party, iri: str, page: str, out: list[tuple[str, str, str]]
    ) -> Obj:
        if party.person:
            return self._person(party.person, page)
        if party.organization:
            return self._organization(party.organization, page)
        node = _NodeText(iri, _PERSON)
        if party.unnamed:
            node.text(_NAME, party.unnamed)
        if party.affiliation:
            node.link(_AFFILIATION, self._organization(party.affiliation, page))
        return node.done(out)

    def _citation_text(
        self, citation: Citation, iri: str, page: str, out: list[tuple[str, str, str]]
    ) -> Obj:
        if citation.article:
            return self._article(citation.article, page)
        node = _NodeText(iri, _CREATIVE_WORK)
        if citation.name:
            node.text(_NAME, citation.name)
        if citation.url:
            node.iri(_URL, citation.url)
        if citation.archiveUrl:
            node.iri(_ARCHIVED_AT, citation.archiveUrl)
        if citation.date:
            node.date(_DATE_PUBLISHED, citation.date)
        if citation.publisher:
            node.link(_PUBLISHER, self._organization(citation.publisher, page))
        return node.done(out)

    def unit(self, item: Item) -> tuple[str, str, list[str], str | None]:
        """(N-Triples, Turtle, JSON text of each node, feed item JSON or None) of one page."""
        if item[0] == "claim":
            claim = self.catalog.claims[item[1]]
            own = self.catalog.is_own_review
            if all(own(r) for r in claim.reviews):  # no other fact-checker's review
                index, review = next(
                    ((i, r) for i, r in enumerate(claim.reviews) if own(r)), (0, None)
                )
                try:
                    return self._claim_unit(claim, review, index)
                except _Unusual:
                    pass
        nodes, review = self.nodes(item)
        out: list[tuple[str, str, str]] = []
        try:
            texts = [self._walk(node, node["@id"].split("#", 1)[0], out) for node in nodes]
        except _Unusual:
            out = []
        subjects = {subject for subject, _, _ in out}
        if len(subjects) < len(out) or not out:
            # A subject described twice (a claim with other fact-checkers' reviews, whose
            # nodes each hold the claim), or an unusual value: the general code, slower.
            return self._general(nodes, review)
        feed = self.feed_item(review, texts[0]) if review is not None else None
        if len(out) == 1:
            return out[0][1], out[0][2], texts, feed
        # N-Triples lines sort by "<subject> ...": subject by subject, each followed by ">".
        out.sort(key=lambda block: block[0] + ">")
        nt = "".join([block[1] for block in out])
        out.sort()
        return nt, "".join([block[2] for block in out]), texts, feed

    def _general(
        self, nodes: list[Node], review: Review | None
    ) -> tuple[str, str, list[str], str | None]:
        triples = [t for node in nodes for t in node_triples(node)]
        texts = [_dumps(node) for node in nodes]
        feed = self.feed_item(review, texts[0]) if review is not None else None
        return "".join(ntriples_lines(triples)), turtle_block(triples), texts, feed

    def chunk(self, work: list[Item]) -> Iterator[tuple[str, str, list[str], str | None]]:
        for item in work:
            yield self.unit(item)
