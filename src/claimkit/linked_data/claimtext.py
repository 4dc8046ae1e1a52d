"""Claim pages written for the dumps straight from the records, without JSON-LD dicts: the
nodes `JsonLd.review` and `JsonLd.claim` make, as the plain writer writes them (JSON text,
N-Triples lines, Turtle blocks), in one pass.

A page this module does not handle (a stub of a record on the page itself, two nodes with one
subject, a rating value that is not a whole number) raises `Unusual`; `dumptext` then writes it
from the dicts.
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring

from claimkit.core.dates import jsonld_value
from claimkit.core.models import Appearance, Citation, Claim, Party, Review
from claimkit.linked_data.jsonld import Node
from claimkit.linked_data.stubtext import StubCache
from claimkit.linked_data.terms import SCHEMA, escape, json_number, turtle_term, value_datatype
from claimkit.linked_data.textpieces import (
    DATE_NT,
    DATE_TTL,
    INTEGER_NT,
    INTEGER_TTL,
    RDF_TYPE_NT,
    ObjectText,
    SubjectBlock,
    Unusual,
    compact_json,
    iri_object,
    join_blocks,
)


def _property(key: str) -> tuple[str, str, str]:
    """A schema.org property for the claim pages: JSON name (with the comma before it),
    N-Triples predicate and Turtle verb, as `nodetext.NodeTextWalker` writes them."""
    return "," + encode_basestring(key) + ":", f"<{SCHEMA}{key}> ", f"    schema:{key} "


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
    _HEADLINE,
    _IDENTIFIER,
    _IMAGE,
    _IN_LANGUAGE,
    _IS_BASED_ON,
    _IS_PART_OF,
    _ITEM_REVIEWED,
    _LICENSE,
    _MAIN_ENTITY_OF_PAGE,
    _MEMBER_OF,
    _NAME,
    _PUBLISHER,
    _RATING_EXPLANATION,
    _RATING_VALUE,
    _REVIEW_BODY,
    _REVIEW_RATING,
    _TEXT,
    _TRANSLATION_OF_WORK,
    _URL,
    _WORK_TRANSLATION,
    _WORST_RATING,
    _CONTENT_URL,
    _DESCRIPTION,
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
        "headline",
        "identifier",
        "image",
        "inLanguage",
        "isBasedOn",
        "isPartOf",
        "itemReviewed",
        "license",
        "mainEntityOfPage",
        "memberOf",
        "name",
        "publisher",
        "ratingExplanation",
        "ratingValue",
        "reviewBody",
        "reviewRating",
        "text",
        "translationOfWork",
        "url",
        "workTranslation",
        "worstRating",
        "contentUrl",
        "description",
    )
)


def _typed(type_name: str) -> tuple[str, str, str]:
    """The start of a node of this type: JSON after the @id, N-Triples and Turtle of rdf:type."""
    iri = SCHEMA + type_name
    return (
        ',"@type":' + encode_basestring(type_name),
        RDF_TYPE_NT + "<" + iri + ">",
        ("    a " + turtle_term(iri)),
    )


(
    _CLAIM_REVIEW,
    _CLAIM,
    _CREATIVE_WORK,
    _PERSON,
    _ORGANIZATION,
    _RATING,
    _CORRECTION_COMMENT,
    _IMAGE_OBJECT,
) = (
    _typed(name)
    for name in (
        "ClaimReview",
        "Claim",
        "CreativeWork",
        "Person",
        "Organization",
        "Rating",
        "CorrectionComment",
        "ImageObject",
    )
)


def _link(iri: str) -> ObjectText:
    """A link to a node by its IRI, as an object."""
    nt, ttl = iri_object(iri)
    return nt, ttl, '{"@id":' + encode_basestring(iri) + "}", ""


class _NodeText:
    """One node of a claim page written directly: its JSON text, and the N-Triples and Turtle
    of its own triples, in the order and form `nodetext.NodeTextWalker.walk` gives them."""

    __slots__ = ("js", "nt", "subject", "ttl")

    def __init__(self, subject: str, typed: tuple[str, str, str]) -> None:
        self.subject = subject
        self.js = ['{"@id":' + encode_basestring(subject) + typed[0]]
        self.nt = [typed[1]]
        self.ttl = [typed[2]]

    def text(self, prop: tuple[str, str, str], value: str) -> None:
        """A plain literal as the value."""
        if '"' in value or "\\" in value or not value.isprintable():
            literal = '"' + escape(value) + '"'
            json_text = encode_basestring(value)
        else:  # nothing to escape, in N-Triples, Turtle or JSON: the same quoted text
            literal = json_text = '"' + value + '"'
        self.js.append(prop[0] + json_text)
        self.nt.append(prop[1] + literal)
        self.ttl.append(prop[2] + literal)

    def date(self, prop: tuple[str, str, str], text: str) -> None:
        """A date as the value: a schema:Date for a full date, else a literal of its precision's
        datatype (a JSON-LD value object)."""
        literal = '"' + text + '"'  # digits, hyphens, colons, T, Z, +: nothing to escape
        value = jsonld_value(text)
        if type(value) is str:
            self.js.append(prop[0] + literal)
            self.nt.append(prop[1] + literal + DATE_NT)
            self.ttl.append(prop[2] + literal + DATE_TTL)
            return
        assert isinstance(value, dict)
        datatype = value_datatype(value["@type"])
        self.js.append(prop[0] + compact_json(value))
        self.nt.append(prop[1] + literal + "^^<" + datatype + ">")
        self.ttl.append(prop[2] + literal + "^^" + turtle_term(datatype))

    def iri(self, prop: tuple[str, str, str], iri: str) -> None:
        """An IRI as the value, in JSON a plain string (the property is typed @id)."""
        nt, ttl = iri_object(iri)
        self.js.append(prop[0] + encode_basestring(iri))
        self.nt.append(prop[1] + nt)
        self.ttl.append(prop[2] + ttl)

    def iris(self, prop: tuple[str, str, str], iris: list[str]) -> None:
        """IRIs as the value: one as a plain string, more as a list (not empty)."""
        if len(iris) == 1:
            self.iri(prop, iris[0])
            return
        objects = dict(iri_object(iri) for iri in iris)
        self.js.append(prop[0] + "[" + ",".join([encode_basestring(i) for i in iris]) + "]")
        self.nt.extend([prop[1] + nt for nt in objects])
        self.ttl.append(prop[2] + ", ".join(sorted(objects.values())))

    def integer(self, prop: tuple[str, str, str], value: int) -> None:
        """An xsd:integer as the value."""
        literal = '"' + str(value) + '"'
        self.js.append(prop[0] + int.__repr__(value))
        self.nt.append(prop[1] + literal + INTEGER_NT)
        self.ttl.append(prop[2] + literal + INTEGER_TTL)

    def link(self, prop: tuple[str, str, str], obj: ObjectText) -> None:
        """A node as the value."""
        self.js.append(prop[0] + obj[2])
        self.nt.append(prop[1] + obj[0])
        self.ttl.append(prop[2] + obj[1])

    def links(self, prop: tuple[str, str, str], objs: list[ObjectText]) -> None:
        """A list of nodes as the value (not empty)."""
        objects = {obj[0]: obj[1] for obj in objs}
        self.js.append(prop[0] + "[" + ",".join([obj[2] for obj in objs]) + "]")
        self.nt.extend([prop[1] + nt for nt in objects])
        self.ttl.append(prop[2] + ", ".join(sorted(objects.values())))

    def done(self, out: list[SubjectBlock]) -> ObjectText:
        """Adds the node's block to `out`; returns the node as an object."""
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
        nt, ttl = iri_object(subject)
        return nt, ttl, "".join(self.js) + "}", ""


class ClaimPageText:
    """Writes the claim pages of one catalog (those whose reviews are all the site's own, so
    that the page has one node)."""

    def __init__(self, ld: StubCache) -> None:
        self.ld = ld
        self.catalog = ld.catalog
        self.stubs = ld.stubs
        self._organizations: dict[str, ObjectText] = {}
        self._people: dict[str, ObjectText] = {}
        self._topics: dict[str, ObjectText] = {}
        self._articles: dict[str, ObjectText] = {}

    def page(self, claim: Claim, review: Review | None, index: int) -> tuple[str, str, str]:
        """(N-Triples, Turtle, JSON text of its node) of the claim's page, whose node is the
        review (claim.reviews[index]), or the claim itself if review is None. Raises Unusual for
        a page it does not handle."""
        page = self.ld.urls.page("claim", claim.id)
        out: list[SubjectBlock] = []
        if review is None:
            text = self._claim_text(claim, page, out, main_entity=True)[2]
        else:
            text = self._review_text(claim, review, index, page, out)[2]
        if len({block[0] for block in out}) < len(out):
            raise Unusual(page)
        nt, ttl = join_blocks(out)
        return nt, ttl, text

    def _stub(
        self, cache: dict[str, ObjectText], make: Callable[[str], Node], ident: str, page: str
    ) -> ObjectText:
        """The stub of a record as an object, looked up once."""
        obj = cache.get(ident)
        if obj is None:
            obj = cache[ident] = self.stubs[id(make(ident))]
        if obj[3] == page:
            raise Unusual(page)  # a stub on the page itself: its triples would belong here
        return obj

    def _organization(self, ident: str, page: str) -> ObjectText:
        return self._stub(self._organizations, self.ld.organization_stub, ident, page)

    def _person(self, ident: str, page: str) -> ObjectText:
        return self._stub(self._people, self.ld.person_stub, ident, page)

    def _topic(self, ident: str, page: str) -> ObjectText:
        return self._stub(self._topics, self.ld.topic_stub, ident, page)

    def _article(self, ident: str, page: str) -> ObjectText:
        return self._stub(self._articles, self.ld.article_stub, ident, page)

    def _review_text(
        self, claim: Claim, review: Review, index: int, page: str, out: list[SubjectBlock]
    ) -> ObjectText:
        ld, site = self.ld, self.catalog.site
        iri = ld.urls.review(claim.id, index)
        node = _NodeText(iri, _CLAIM_REVIEW)
        node.iri(_URL, page)
        if claim.claimReviewed:
            node.text(_CLAIM_REVIEWED, claim.claimReviewed)
        if review.headline:
            node.text(_HEADLINE, review.headline)
        node.date(_DATE_PUBLISHED, review.datePublished)
        node.date(_DATE_MODIFIED, review.lastModified)
        publisher = self._organization(review.publisher or site.publisher, page)
        node.links(_AUTHOR, [publisher, *(self._person(a, page) for a in review.authors)])
        node.link(_PUBLISHER, publisher)
        # Every review on this path is the site's own.
        language = self.catalog.language(review.inLanguage, True)
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
        if review.image:
            picture = _NodeText(iri + "-image", _IMAGE_OBJECT)
            picture.link(_CONTENT_URL, _link(review.image.url))
            if review.image.alt:
                picture.text(_DESCRIPTION, review.image.alt)
            node.link(_IMAGE, picture.done(out))
        if review.identifier:
            node.text(_IDENTIFIER, review.identifier)
        licence = ld.license_url(review)
        if licence:
            node.iri(_LICENSE, licence)
        if review.translations:
            node.links(
                _WORK_TRANSLATION,
                [_link(ld.translation_target(t)) for t in review.translations],
            )
        if review.translationOf:
            node.link(_TRANSLATION_OF_WORK, _link(ld.translation_target(review.translationOf)))
        return node.done(out)

    def _rating_text(self, review: Review, iri: str, out: list[SubjectBlock]) -> ObjectText:
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
                number = json_number(value)
                if type(number) is not int:
                    raise Unusual(repr(value))
                node.integer(prop, number)
        if review.explanation:
            node.text(_RATING_EXPLANATION, review.explanation)
        if review.ratingImage:
            node.iri(_IMAGE, review.ratingImage)
        return node.done(out)

    def _claim_text(
        self, claim: Claim, page: str, out: list[SubjectBlock], main_entity: bool
    ) -> ObjectText:
        node = _NodeText(page + "#claim", _CLAIM)
        if claim.claimReviewed:
            node.text(_NAME, claim.claimReviewed)
        if claim.quote:
            if claim.quoteLanguage and claim.quoteLanguage != self.catalog.language(
                claim.inLanguage, own=True
            ):
                raise Unusual(page)  # text with a language tag: the walker writes it
            node.text(_TEXT, claim.quote)
        claimants = [
            self._party_text(party, page + ("#claimant" if i == 1 else f"#claimant-{i}"), page, out)
            for i, party in enumerate(claim.claimants, start=1)
        ]
        if len(claimants) == 1:
            node.link(_AUTHOR, claimants[0])
        else:
            node.links(_AUTHOR, claimants)
        if claim.dateMade:
            node.date(_DATE_PUBLISHED, claim.dateMade)
        language = self.catalog.language(claim.inLanguage, True)  # a claim is always own
        if language:
            node.text(_IN_LANGUAGE, language)
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
            nt, ttl = iri_object(page)
            node.link(
                _MAIN_ENTITY_OF_PAGE, (nt, ttl, '{"@id":' + encode_basestring(page) + "}", "")
            )
        return node.done(out)

    def _party_text(self, party: Party, iri: str, page: str, out: list[SubjectBlock]) -> ObjectText:
        if party.person:
            return self._person(party.person, page)
        if party.organization:
            return self._organization(party.organization, page)
        if party.collective:  # an Organization of its own, as JsonLd.party says
            node = _NodeText(iri, _ORGANIZATION)
            node.text(_NAME, party.collective.name)
            if party.affiliation:
                node.link(_MEMBER_OF, self._organization(party.affiliation, page))
            return node.done(out)
        node = _NodeText(iri, _PERSON)
        if party.unnamed:
            node.text(_NAME, party.unnamed)
        if party.affiliation:
            node.link(_AFFILIATION, self._organization(party.affiliation, page))
        return node.done(out)

    def _citation_text(
        self, citation: Citation, iri: str, page: str, out: list[SubjectBlock]
    ) -> ObjectText:
        if citation.article:
            return self._article(citation.article, page)
        if isinstance(citation, Appearance) and (
            citation.type
            or citation.platform
            or citation.author
            or citation.startTime
            or citation.endTime
        ):
            raise Unusual(iri)  # a typed appearance: written from its JSON-LD node
        node = _NodeText(iri, _CREATIVE_WORK)
        if citation.name:
            node.text(_NAME, citation.name)
        if citation.url:
            node.iri(_URL, citation.url)
        if citation.archivedAt:
            node.iris(_ARCHIVED_AT, citation.archivedAt)
        if citation.date:
            node.date(_DATE_PUBLISHED, citation.date)
        if citation.publisher:
            node.link(_PUBLISHER, self._organization(citation.publisher, page))
        return node.done(out)
