"""What every JSON-LD node maker shares: the terms' types, small value helpers, the stubs of
records, and the nodes of who said something and where it appeared.

Decisions on the schema.org types a record's parts are published with (issue 14):

- A typed appearance (`Appearance.type`) is the schema.org CreativeWork that fits: WORK_TYPES.
  A broadcast has no CreativeWork type of its own (BroadcastEvent is an Event, and a Claim's
  appearance is a CreativeWork): it is a CreativeWork whose `publication` is a BroadcastEvent.
  Print is an Article (what claims appear in on paper); a speech a plain CreativeWork.
- Where a post or video was published (its platform) is its `publisher`, beside any publisher
  the record names: schema.org's publisher is "the publisher of the creative work", the
  platform the post was published on.
- A time range (startTime, endTime) sits on the media object itself, as MediaReview's
  documentation does, as a time of day from the start ("00:01:30"), schema:Time's form.
- A collective is an Organization node of its own with its name (schema.org allows a Person or
  an Organization as an author, and a group is no one person); an unnamed source stays a Person.
- A picture with alt text is an ImageObject whose `contentUrl` is the file and whose
  `description` is the alt text (`caption` is kept for a caption as published).
"""

from __future__ import annotations

from typing import Any

from claimkit.core import dates
from claimkit.core.catalog import Catalog
from claimkit.core.models import (
    Appearance,
    Citation,
    OrganizationKind,
    Party,
    Picture,
    Platform,
    ScaleLabel,
    WorkType,
)
from claimkit.core.urls import Urls
from claimkit.linked_data.parts import Layout

CONTEXT = "https://schema.org"
# In the official schema.org context these terms are typed `@id`: a plain string is an IRI.
IRI_TERMS = frozenset(
    {
        "url",
        "sameAs",
        "image",
        "isBasedOn",
        "archivedAt",
        "license",
        "logo",
        "embedUrl",
        "originalMediaLink",
        "sdLicense",
    }
)
# ... and these are typed schema:Date (a date of another precision is a value object).
DATE_TERMS = frozenset({"datePublished", "dateModified", "dateCreated"})

Node = dict[str, Any]

ORG_TYPES = {
    OrganizationKind.NEWS_OUTLET: "NewsMediaOrganization",
    OrganizationKind.BROADCASTER: "NewsMediaOrganization",
    OrganizationKind.NEWS_AGENCY: "NewsMediaOrganization",
    OrganizationKind.GOVERNMENT_BODY: "GovernmentOrganization",
    OrganizationKind.MILITARY: "GovernmentOrganization",
    OrganizationKind.INTELLIGENCE_AGENCY: "GovernmentOrganization",
    OrganizationKind.POLITICAL_PARTY: "PoliticalParty",
    OrganizationKind.COMPANY: "Corporation",
    OrganizationKind.NONPROFIT: "NGO",
}

# The schema.org type of each sort of work a claim or media appears in (see the docstring).
WORK_TYPES = {
    WorkType.WEB_PAGE: "WebPage",
    WorkType.NEWS_ARTICLE: "NewsArticle",
    WorkType.SOCIAL_MEDIA_POST: "SocialMediaPosting",
    WorkType.VIDEO: "VideoObject",
    WorkType.IMAGE: "ImageObject",
    WorkType.AUDIO: "AudioObject",
    WorkType.BROADCAST: "CreativeWork",
    WorkType.PRINT: "Article",
    WorkType.MESSAGING: "Message",
    WorkType.SPEECH: "CreativeWork",
}


def date_value(text: str | None) -> str | Node | None:
    """A date as JSON-LD: a plain string for a full date (the schema.org context types the date
    properties schema:Date), a value object with its datatype for the other precisions."""
    return dates.jsonld_value(text) if text else None


def clean(node: Node) -> Node:
    """Drop empty values so that a missing field gives no triple."""
    # `v or ...`: a true value is kept at once, the rest compared as before.
    return {k: v for k, v in node.items() if v or v not in (None, [], "")}


def ref(iri: str) -> Node:
    """A link to a node by its IRI."""
    return {"@id": iri}


def one_or_list(values: list[Any]) -> Any:
    """One value as itself, more as a list (the same triples; one value reads as before)."""
    return values[0] if len(values) == 1 else values


def clock(offset: str | None) -> str | None:
    """A point in a video or audio ([h:]mm:ss) as schema:Time writes it: hh:mm:ss, with the
    fraction of a second kept."""
    if offset is None:
        return None
    parts = offset.split(":")
    while len(parts) < 3:
        parts.insert(0, "0")
    hours, minutes, seconds = parts
    whole, _, fraction = seconds.partition(".")
    text = f"{int(hours):02d}:{int(minutes):02d}:{int(whole):02d}"
    return f"{text}.{fraction}" if fraction else text


class NodeBase:
    """The catalog, its URLs, the rating scale, and the nodes that pages share."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.urls = Urls(catalog.site.url)
        self._scale: dict[str, ScaleLabel | None] = {}
        self._bounds: tuple[int, int] | None = None
        # The data's last change when it is known without looking at every record (a catalog
        # of some of the records, made to write a few pages again): see JsonLd.last_modified.
        self.known_last: tuple[str | None] | None = None
        # Where the dumps are cut into parts, when the catalog is not all of the records' (see
        # JsonLd.dump_parts).
        self.dump_layout: Layout | None = None

    # The site's rating scale, looked up once per catalog.
    def scale_entry(self, label: str) -> ScaleLabel | None:
        """The site's scale entry for a rating label, or None for a label off the scale."""
        if label not in self._scale:
            self._scale[label] = self.catalog.scale_label(label)
        return self._scale[label]

    def rating_bounds(self) -> tuple[int, int]:
        """(best, worst): the values at the two ends of the site's rating scale."""
        if self._bounds is None:
            self._bounds = (self.catalog.best_rating, self.catalog.worst_rating)
        return self._bounds

    # Records as referenced from other pages: the same few values the full node gives.
    def organization_stub(self, ident: str) -> Node:
        """An organization as other pages refer to it: @id, type, name, url and logo."""
        org = self.catalog.organizations[ident]
        node = {
            "@id": self.urls.thing("organization", ident),
            "@type": ORG_TYPES.get(org.kind, "Organization"),
            "name": org.name,
            "url": org.url or self.urls.page("organization", ident),
        }
        if org.logo:  # what readers of a review show beside its publisher
            node["logo"] = org.logo
        return node

    def person_stub(self, ident: str) -> Node:
        """A person as other pages refer to them: @id, type, name and url."""
        person = self.catalog.people[ident]
        return {
            "@id": self.urls.thing("person", ident),
            "@type": "Person",
            "name": person.name,
            "url": person.url or self.urls.page("person", ident),
        }

    def topic_stub(self, ident: str) -> Node:
        """A topic as other pages refer to it: @id, type and name."""
        topic = self.catalog.topics[ident]
        return {
            "@id": self.urls.thing("topic", ident),
            "@type": topic.type.value,
            "name": topic.name,
        }

    def article_stub(self, ident: str) -> Node:
        """An article as other pages refer to it: @id, type, headline and url."""
        article = self.catalog.articles[ident]
        return {
            "@id": self.urls.thing("article", ident),
            "@type": article.type.value,
            "headline": article.headline,
            "url": article.url,
        }

    def party(self, party: Party, iri: str) -> Node:
        """Who made or relayed a claim: the stub of a person or organization; a collective as an
        Organization node of its own at `iri`; an unnamed source as a Person node there."""
        if party.person:
            return self.person_stub(party.person)
        if party.organization:
            return self.organization_stub(party.organization)
        affiliation = self.organization_stub(party.affiliation) if party.affiliation else None
        if party.collective:
            # A collective ("social media users", "unnamed officials") is no one person: it is
            # published as an Organization, the only other type schema.org allows as a Claim's
            # author, named as the reporting names it; what it belongs to is its memberOf.
            return clean(
                {
                    "@id": iri,
                    "@type": "Organization",
                    "name": party.collective.name,
                    "memberOf": affiliation,
                }
            )
        return clean(
            {"@id": iri, "@type": "Person", "name": party.unnamed, "affiliation": affiliation}
        )

    def platform(self, platform: Platform, iri: str) -> Node:
        """Where a work was published: the platform's organization stub, or an Organization
        node of its own at `iri` with the platform's name."""
        if platform.organization:
            return self.organization_stub(platform.organization)
        return {"@id": iri, "@type": "Organization", "name": platform.name}

    def picture(self, picture: Picture | None, iri: str) -> Node | None:
        """A picture as an ImageObject at `iri`: the file, and its alt text (where it has one)
        as description."""
        if picture is None:
            return None
        return clean(
            {
                "@id": iri,
                "@type": "ImageObject",
                "contentUrl": ref(picture.url),
                "description": picture.alt,
            }
        )

    def citation(self, citation: Citation, iri: str, media_type: str | None = None) -> Node:
        """Where something appeared: the stub of an article record, or a node of its own at
        `iri`: a CreativeWork, or for a typed appearance the type WORK_TYPES gives it
        (`media_type` instead, for where a piece of media appeared)."""
        if citation.article:
            return self.article_stub(citation.article)
        publishers = [self.organization_stub(citation.publisher)] if citation.publisher else []
        if not isinstance(citation, Appearance):
            return clean(
                {
                    "@id": iri,
                    "@type": "CreativeWork",
                    "name": citation.name,
                    "url": citation.url,
                    "archivedAt": one_or_list(citation.archivedAt),
                    "datePublished": date_value(citation.date),
                    "publisher": one_or_list(publishers),
                }
            )
        kind = media_type or (WORK_TYPES[citation.type] if citation.type else "CreativeWork")
        if citation.platform:
            publishers.append(self.platform(citation.platform, iri + "-platform"))
        broadcast = citation.type == WorkType.BROADCAST and media_type is None
        return clean(
            {
                "@id": iri,
                "@type": kind,
                "name": citation.name,
                "url": citation.url,
                "archivedAt": one_or_list(citation.archivedAt),
                "datePublished": date_value(citation.date),
                "publisher": one_or_list(publishers),
                "author": self.party(citation.author, iri + "-author") if citation.author else None,
                "startTime": clock(citation.startTime),
                "endTime": clock(citation.endTime),
                "publication": {"@id": iri + "-broadcast", "@type": "BroadcastEvent"}
                if broadcast
                else None,
            }
        )
