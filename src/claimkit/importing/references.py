"""What a ClaimReview refers to: people, organizations, topics, articles, claimants, citations.

Each reading resolves a reference against the descriptions found, turns the description into
the data of a record and hands it to the entity registry, which says which record (an
existing one or a new one) it is. Claimants and relayers become a person, an organization or
an unnamed source; where something appeared becomes an article record when the JSON-LD
describes one fully, else a citation.
"""

from __future__ import annotations

import re
from typing import Any

from claimkit.core.models import ArticleType
from claimkit.importing.entities import Entities, Proposal, claimkit_iri
from claimkit.importing.nodes import Found, node_types
from claimkit.importing.values import (
    MAX_LONG_TEXT,
    as_list,
    clean_date,
    clean_language,
    clean_text,
    clean_url,
    clean_urls,
    put_given,
)

ARTICLE_TYPES = {t.value for t in ArticleType}
TOPIC_TYPES = {"Place": "Place", "Country": "Country", "Event": "Event", "Thing": "Thing"}
ORG_KINDS = {
    "NewsMediaOrganization": "news-outlet",
    "GovernmentOrganization": "government-body",
    "PoliticalParty": "political-party",
    "Corporation": "company",
    "NGO": "nonprofit",
}
ORG_TYPES = {"Organization", *ORG_KINDS}
# The IRIs a claimkit site gives a claimant or relayer it does not name (its own, not a record).
_UNNAMED_FRAGMENT = re.compile(r"#(?:claimant|relay-[0-9]+-by)$")


def _iri(node: dict[str, Any]) -> str | None:
    ident = node.get("@id")
    return ident if isinstance(ident, str) else None


class ReferenceReader:
    """Reads the things a review or claim refers to into the entity registry (as record
    ids) and into the parts of a record that cite them."""

    def __init__(self, found: Found, entities: Entities) -> None:
        self.found = found
        self.entities = entities

    # People and organizations.
    def organization(self, value: Any, *, reviewer: bool = False) -> str | None:
        """The id of the organization a value describes or refers to; None without a name.
        An organization of no more precise type is a fact-checker when it published a
        review."""
        node = self.found.resolve(value)
        if node is None:
            return None
        name = clean_text(node.get("name")) or clean_text(node.get("legalName"))
        if name is None:
            return None
        types = node_types(node)
        kind = next((ORG_KINDS[t] for t in sorted(types) if t in ORG_KINDS), None)
        data: dict[str, Any] = {"name": name}
        put_given(
            data,
            "alternateName",
            [t for v in as_list(node.get("alternateName")) if (t := clean_text(v))],
        )
        data["kind"] = kind or ("fact-checker" if reviewer else "other")
        return self._resolve_party("organization", data, node)

    def person(self, node: dict[str, Any]) -> str | None:
        """The id of the person a node describes; None without a name."""
        name = clean_text(node.get("name"))
        if name is None:
            return None
        data: dict[str, Any] = {"name": name}
        put_given(data, "jobTitle", clean_text(node.get("jobTitle")))
        affiliation = node.get("affiliation") or node.get("worksFor")
        put_given(data, "affiliation", self.organization(affiliation) if affiliation else None)
        return self._resolve_party("person", data, node)

    def person_ref(self, value: Any) -> str | None:
        """The id of the person a value describes or refers to; None for an organization."""
        node = self.found.resolve(value)
        if node is None or node_types(node) & ORG_TYPES:
            return None
        return self.person(node)

    def people(self, value: Any) -> list[str]:
        """The ids of the people among an author value (one author or an array)."""
        return [p for a in as_list(value) if (p := self.person_ref(a))]

    def _resolve_party(self, kind: str, data: dict[str, Any], node: dict[str, Any]) -> str:
        """What people and organizations share: their links and description, then the record
        they are (an existing one, or a new one)."""
        iri = _iri(node)
        url = _own_url(clean_url(node.get("url")), iri, kind)
        put_given(data, "url", url)
        put_given(data, "sameAs", clean_urls(node.get("sameAs")))
        put_given(data, "description", clean_text(node.get("description"), MAX_LONG_TEXT))
        urls = [u for u in [url, *data.get("sameAs", [])] if u]
        return self.entities.resolve(Proposal(kind, data, iri, urls, data["name"]))

    def organization_name(self, ident: str) -> str:
        """The name of an organization record of this import or the publication."""
        entity = self.entities.get("organization", ident)
        return str(entity.data.get("name", ident)) if entity else ident

    def party(self, value: Any) -> dict[str, Any] | None:
        """A claimant or relayer: a person, an organization, or an unnamed source."""
        node = self.found.resolve(value)
        if node is None:
            text = clean_text(value)
            return {"unnamed": text} if text else None
        if _UNNAMED_FRAGMENT.search(_iri(node) or ""):
            name = clean_text(node.get("name"))
            if name is None:
                return None
            party: dict[str, Any] = {"unnamed": name}
            if node.get("affiliation"):
                put_given(party, "affiliation", self.organization(node["affiliation"]))
            return party
        if node_types(node) & ORG_TYPES:
            ident = self.organization(node)
            return {"organization": ident} if ident else None
        ident = self.person(node) if clean_text(node.get("name")) else None
        return {"person": ident} if ident else None

    def first_party(self, value: Any) -> dict[str, Any] | None:
        """The first author in an author value that is a party (those after it are not
        read)."""
        return next((p for a in as_list(value) if (p := self.party(a))), None)

    # Topics.
    def topic(self, value: Any) -> str | None:
        """The id of the topic (a place, country, event or thing) a value describes."""
        node = self.found.resolve(value)
        if node is None:
            return None
        name = clean_text(node.get("name"))
        if name is None:
            return None
        types = node_types(node)
        kind = next((TOPIC_TYPES[t] for t in sorted(types) if t in TOPIC_TYPES), None)
        data: dict[str, Any] = {"name": name}
        if kind and kind != "Thing":
            data["type"] = kind
        put_given(data, "sameAs", clean_urls(node.get("sameAs")))
        put_given(data, "description", clean_text(node.get("description"), MAX_LONG_TEXT))
        return self.entities.resolve(
            Proposal("topic", data, _iri(node), list(data.get("sameAs", [])), name)
        )

    def topics(self, value: Any) -> list[str]:
        """The ids of the topics an `about` value names."""
        return [t for v in as_list(value) if (t := self.topic(v))]

    # Where things appeared.
    def citation(self, value: Any) -> dict[str, Any] | None:
        """Where something appeared: an article record when the JSON-LD describes one fully,
        else a citation by name, url, date and publisher."""
        node = self.found.resolve(value)
        if node is None:
            url = clean_url(value)
            return {"url": url} if url else None
        headline = clean_text(node.get("headline")) or clean_text(node.get("name"))
        url = clean_url(node.get("url")) or clean_url(node.get("@id"))
        publisher = self.organization(node["publisher"]) if node.get("publisher") else None
        date = clean_date(node.get("datePublished"))
        if node_types(node) & ARTICLE_TYPES and headline and url and publisher and date:
            ident = self._article(node, headline, url, publisher, date)
            if ident:
                return {"article": ident}
        citation: dict[str, Any] = {}
        put_given(citation, "name", headline)
        put_given(citation, "publisher", publisher)
        put_given(citation, "url", clean_url(node.get("url")) if node.get("url") else None)
        put_given(citation, "archivedAt", clean_urls(node.get("archivedAt")))
        put_given(citation, "date", date)
        if not {"name", "url"} & citation.keys():
            return None
        return citation

    def _article(
        self, node: dict[str, Any], headline: str, url: str, publisher: str, date: str
    ) -> str | None:
        types = node_types(node) & ARTICLE_TYPES
        kind = (
            sorted(types)[0]
            if len(types) == 1
            else next((t.value for t in ArticleType if t.value in types), "NewsArticle")
        )
        data: dict[str, Any] = {}
        if kind != ArticleType.NEWS_ARTICLE.value:
            data["type"] = kind
        data["headline"] = headline
        data["url"] = url
        put_given(data, "archivedAt", clean_urls(node.get("archivedAt")))
        data["publisher"] = publisher
        put_given(data, "authors", self.people(node.get("author")))
        data["datePublished"] = date
        put_given(data, "dateModified", clean_date(node.get("dateModified")))
        put_given(data, "inLanguage", clean_language(node.get("inLanguage")))
        if data.get("inLanguage") == "en":
            del data["inLanguage"]
        put_given(data, "description", clean_text(node.get("description"), MAX_LONG_TEXT))
        put_given(data, "image", self._image(node.get("image")))
        put_given(data, "about", self.topics(node.get("about")))
        return self.entities.resolve(Proposal("article", data, _iri(node), [url], headline))

    def _image(self, value: Any) -> dict[str, Any] | None:
        node = self.found.resolve(value)
        if node is None:
            return None
        caption = clean_text(node.get("caption"))
        if caption is None:
            return None
        image: dict[str, Any] = {}
        put_given(image, "url", clean_url(node.get("contentUrl")) or clean_url(node.get("url")))
        image["caption"] = caption
        put_given(image, "credit", clean_text(node.get("creditText")))
        put_given(image, "dateCreated", clean_date(node.get("dateCreated")))
        return image


def _own_url(url: str | None, iri: str | None, kind: str) -> str | None:
    """None when the url is only the thing's claimkit page (the site gives that itself)."""
    parsed = claimkit_iri(iri)
    if url and iri and parsed and parsed.kind == kind and url == iri.split("#")[0]:
        return None
    return url
