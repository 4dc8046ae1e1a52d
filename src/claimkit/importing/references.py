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

from claimkit.importing.collectives import collective_kind
from claimkit.importing.entities import Entities, Proposal, claimkit_iri, url_key
from claimkit.importing.nodes import Found, node_types
from claimkit.importing.values import (
    MAX_LONG_TEXT,
    as_list,
    clean_text,
    clean_url,
    clean_urls,
    put_given,
)

TOPIC_TYPES = {"Place": "Place", "Country": "Country", "Event": "Event", "Thing": "Thing"}
ORG_KINDS = {
    "NewsMediaOrganization": "news-outlet",
    "GovernmentOrganization": "government-body",
    "PoliticalParty": "political-party",
    "Corporation": "company",
    "NGO": "nonprofit",
}
ORG_TYPES = {"Organization", *ORG_KINDS}
# The IRIs a claimkit site gives a party it publishes as a node of a page rather than a record:
# a claimant or relayer it does not name, an appearance's author, a media item's author.
PART_PARTY = re.compile(
    r"#(?:claimant(?:-[0-9]+)?|relay-[0-9]+-by|(?:first-)?appearance(?:-[0-9]+)?-author"
    r"|media-author)$"
)


def node_iri(node: dict[str, Any]) -> str | None:
    """A node's @id, if it has one."""
    ident = node.get("@id")
    return ident if isinstance(ident, str) else None


class ReferenceReader:
    """Reads the things a review or claim refers to into the entity registry (as record
    ids) and into the parts of a record that cite them."""

    def __init__(self, found: Found, entities: Entities) -> None:
        self.found = found
        self.entities = entities

    # People and organizations.
    def organization(
        self, value: Any, *, reviewer: bool = False, skip: frozenset[str] = frozenset()
    ) -> str | None:
        """The id of the organization a value describes or refers to; None without a name.
        An organization of no more precise type is a fact-checker when it published a
        review. URLs in `skip` (the claim's own posts) are no links of the organization."""
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
        return self._resolve_party("organization", data, node, skip)

    def person(self, node: dict[str, Any], skip: frozenset[str] = frozenset()) -> str | None:
        """The id of the person a node describes; None without a name."""
        name = clean_text(node.get("name"))
        if name is None:
            return None
        data: dict[str, Any] = {"name": name}
        put_given(data, "jobTitle", clean_text(node.get("jobTitle")))
        affiliation = node.get("affiliation") or node.get("worksFor")
        put_given(data, "affiliation", self.organization(affiliation) if affiliation else None)
        return self._resolve_party("person", data, node, skip)

    def person_ref(self, value: Any) -> str | None:
        """The id of the person a value describes or refers to; None for an organization."""
        node = self.found.resolve(value)
        if node is None or node_types(node) & ORG_TYPES:
            return None
        return self.person(node)

    def people(self, value: Any) -> list[str]:
        """The ids of the people among an author value (one author or an array)."""
        return [p for a in as_list(value) if (p := self.person_ref(a))]

    def _resolve_party(
        self, kind: str, data: dict[str, Any], node: dict[str, Any], skip: frozenset[str]
    ) -> str:
        """What people and organizations share: their links, picture and description, then
        the record they are (an existing one, or a new one)."""
        iri = node_iri(node)
        url = _own_url(clean_url(node.get("url")), iri, kind)
        if url and url_key(url) in skip:
            url = None
        put_given(data, "url", url)
        if kind == "organization":
            put_given(data, "logo", clean_url(node.get("logo")))
        else:
            put_given(data, "image", clean_url(node.get("image")))
        same_as = [u for u in clean_urls(node.get("sameAs")) if url_key(u) not in skip]
        put_given(data, "sameAs", same_as)
        put_given(data, "description", clean_text(node.get("description"), MAX_LONG_TEXT))
        urls = [u for u in [url, *same_as] if u]
        return self.entities.resolve(Proposal(kind, data, iri, urls, data["name"], url))

    def organization_name(self, ident: str) -> str:
        """The name of an organization record of this import or the publication."""
        entity = self.entities.get("organization", ident)
        return str(entity.data.get("name", ident)) if entity else ident

    def party(self, value: Any, skip: frozenset[str] = frozenset()) -> dict[str, Any] | None:
        """A claimant or relayer: a person, an organization, a collective (a group such as
        "social media users") or an unnamed source. URLs in `skip` (the claim's own posts)
        are not taken as the party's own links."""
        node = self.found.resolve(value)
        if node is None:
            text = clean_text(value)
            if text is None:
                return None
            kind = collective_kind(text)
            return {"collective": {"name": text, "kind": kind}} if kind else {"unnamed": text}
        name = clean_text(node.get("name"))
        if PART_PARTY.search(node_iri(node) or ""):
            # A claimkit site's own node: an Organization is a collective, a Person unnamed.
            if name is None:
                return None
            organization = node_types(node) & ORG_TYPES
            belongs = node.get("memberOf") if organization else node.get("affiliation")
            party: dict[str, Any] = (
                {"collective": {"name": name, "kind": collective_kind(name) or "other"}}
                if organization
                else {"unnamed": name}
            )
            put_given(party, "affiliation", self.organization(belongs) if belongs else None)
            return party
        if name and (kind := collective_kind(name)) and not self._has_links(node, skip):
            return {"collective": {"name": name, "kind": kind}}
        if node_types(node) & ORG_TYPES:
            ident = self.organization(node, skip=skip)
            return {"organization": ident} if ident else None
        ident = self.person(node, skip) if name else None
        return {"person": ident} if ident else None

    def _has_links(self, node: dict[str, Any], skip: frozenset[str]) -> bool:
        """Whether a node gives a url or sameAs of its own (a record, not a group)."""
        links = [clean_url(node.get("url")), *clean_urls(node.get("sameAs"))]
        return any(u and url_key(u) not in skip for u in links)

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
            Proposal("topic", data, node_iri(node), list(data.get("sameAs", [])), name)
        )

    def topics(self, value: Any) -> list[str]:
        """The ids of the topics an `about` value names."""
        return [t for v in as_list(value) if (t := self.topic(v))]

    def article(self, data: dict[str, Any], iri: str | None, url: str, headline: str) -> str:
        """The id of the article record the data describes, found or new."""
        return self.entities.resolve(Proposal("article", data, iri, [url], headline, url))


def _own_url(url: str | None, iri: str | None, kind: str) -> str | None:
    """None when the url is only the thing's claimkit page (the site gives that itself)."""
    parsed = claimkit_iri(iri)
    if url and iri and parsed and parsed.kind == kind and url == iri.split("#")[0]:
        return None
    return url
