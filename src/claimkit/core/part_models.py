"""The parts records share: who said something, where it appeared or was relayed, corrections
and translations."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum

from pydantic import ConfigDict, model_validator

from claimkit.core.model_base import (
    ARCHIVE_URL,
    ARCHIVED_AT,
    DateText,
    LanguageTag,
    Offset,
    Ref,
    Reference,
    Slug,
    Text,
    Url,
    described,
    fold_archive,
    nested,
)


class CollectiveKind(StrEnum):
    SOCIAL_MEDIA_USERS = "social-media-users"
    ANONYMOUS_SOURCES = "anonymous-sources"
    OFFICIALS = "officials"
    MULTIPLE_SOURCES = "multiple-sources"
    MEDIA_OUTLETS = "media-outlets"
    WEBSITES = "websites"
    OTHER = "other"


class Collective(Reference):
    """A group that made a claim and is no record of its own: "social media users", "unnamed
    intelligence officials", "several sources"."""

    name: Text = described("The group as the reporting describes it.", "social media users")
    kind: CollectiveKind = described("What sort of group it is.", "social-media-users")


class Party(Reference):
    """Who made or relayed a claim: a person, an organization, a collective, or an unnamed
    source in words."""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": ["person"]},
                {"required": ["organization"]},
                {"required": ["collective"]},
                {"required": ["unnamed"]},
            ]
        }
    )

    person: Slug | None = described("The id of a person.", "volodymyr-zelenskyy", default=None)
    organization: Slug | None = described("The id of an organization.", "suspilne", default=None)
    collective: Collective | None = described(
        "A group, described by its name and kind, that is no person or organization record.",
        {"name": "unnamed Ukrainian intelligence officials", "kind": "anonymous-sources"},
        default=None,
    )
    unnamed: Text | None = described(
        "One unnamed source, described as the reporting describes it.",
        "an unidentified Western diplomat",
        default=None,
    )
    affiliation: Slug | None = described(
        "For an unnamed source or a collective: the id of the organization it is said to "
        "belong to.",
        "ukraine-government",
        default=None,
    )

    def references(self) -> Iterator[Ref]:
        """The records this party names: the person or organization, and an affiliation."""
        if self.person:
            yield ("person",), "person", self.person
        if self.organization:
            yield ("organization",), "organization", self.organization
        if self.affiliation:
            yield ("affiliation",), "organization", self.affiliation

    @model_validator(mode="after")
    def _exactly_one(self) -> Party:
        forms = (self.person, self.organization, self.collective, self.unnamed)
        if sum(v is not None for v in forms) != 1:
            raise ValueError("give exactly one of person, organization, collective or unnamed")
        return self


class Platform(Reference):
    """Where a post or video was published: a platform with an organization record, or its
    name."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["organization"]}, {"required": ["name"]}]}
    )

    organization: Slug | None = described(
        "The id of the platform's organization record.", "telegram", default=None
    )
    name: Text | None = described("The platform's name.", "Telegram", default=None)

    def references(self) -> Iterator[Ref]:
        """The records this platform names: its organization."""
        if self.organization:
            yield ("organization",), "organization", self.organization

    @model_validator(mode="after")
    def _exactly_one(self) -> Platform:
        if (self.organization is None) == (self.name is None):
            raise ValueError("give exactly one of organization or name")
        return self


class Citation(Reference):
    """Where something was published or said: a record, a URL, or a source named in words."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [{"required": ["article"]}, {"required": ["url"]}, {"required": ["name"]}]
        }
    )

    article: Slug | None = described(
        "The id of an article record.", "stripes-north-korean-troops", default=None
    )
    name: Text | None = described(
        "The source in words, when it has no article record.", "TASS press report", default=None
    )
    publisher: Slug | None = described(
        "The id of the organization that published it.", "tass", default=None
    )
    url: Url | None = described(
        "Its URL, only if you have seen it: never invent one.",
        "https://example.org/report",
        default=None,
    )
    archivedAt: list[Url] = ARCHIVED_AT
    archiveUrl: Url | None = ARCHIVE_URL
    date: DateText | None = described(
        "When it was published or said, as precisely as known.", "2024-10-10", default=None
    )

    def references(self) -> Iterator[Ref]:
        """The records this citation names: the article or the publisher."""
        if self.article:
            yield ("article",), "article", self.article
        if self.publisher:
            yield ("publisher",), "organization", self.publisher

    @model_validator(mode="after")
    def _something(self) -> Citation:
        if self.article is None and self.url is None and self.name is None:
            raise ValueError("give an article, a url or a name")
        fold_archive(self)
        return self


class WorkType(StrEnum):
    WEB_PAGE = "web-page"
    NEWS_ARTICLE = "news-article"
    SOCIAL_MEDIA_POST = "social-media-post"
    VIDEO = "video"
    IMAGE = "image"
    AUDIO = "audio"
    BROADCAST = "broadcast"
    PRINT = "print"
    MESSAGING = "messaging"
    SPEECH = "speech"


class Appearance(Citation):
    """A work a claim or a piece of media appeared in: a post, a video, a page, a broadcast, ...
    or an article record."""

    type: WorkType | None = described(
        "What sort of work it is (left out: a creative work of no stated sort).",
        "social-media-post",
        default=None,
    )
    platform: Platform | None = described(
        "Where it was published, for posts, videos and messages.",
        {"name": "Telegram"},
        default=None,
    )
    author: Party | None = described(
        "Who published it, when that is not the claimant.",
        {"collective": {"name": "Telegram channels", "kind": "social-media-users"}},
        default=None,
    )
    startTime: Offset | None = described(
        "For a video or audio: where the part that matters starts.", "0:45", default=None
    )
    endTime: Offset | None = described(
        "For a video or audio: where the part that matters ends.", "1:30", default=None
    )

    def references(self) -> Iterator[Ref]:
        """The records this appearance names: its article, publisher, platform and author."""
        yield from super().references()
        if self.platform:
            yield from nested(("platform",), self.platform)
        if self.author:
            yield from nested(("author",), self.author)


class Relay(Reference):
    """One link in the chain of who passed a claim on; each link cites the one before it."""

    by: Party = described("Who relayed the claim.", {"organization": "kyiv-independent"})
    date: DateText | None = described("When they relayed it.", "2024-10-15", default=None)
    source: Citation | None = described(
        "Where they relayed it.",
        {"name": "Kyiv Independent report", "date": "2024-10-15"},
        default=None,
    )


class Correction(Reference):
    """A change made to a review after it was published."""

    date: DateText = described("When the correction was made.", "2024-11-02")
    text: Text = described("What changed and why.", "The rating changed from Unverified to False.")


class Translation(Reference):
    """Another version of a review in another language: a claim record here, or a page
    elsewhere."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["claim"]}, {"required": ["url"]}]}
    )

    claim: Slug | None = described(
        "The id of the claim record whose review is the other version.",
        "north-korea-sent-10000-soldiers-to-russia-uk",
        default=None,
    )
    url: Url | None = described(
        "The other version's page, when it is not a record here.",
        "https://example.org/uk/fact-check/1",
        default=None,
    )
    inLanguage: LanguageTag | None = described(
        "The other version's language (for a claim record, its own review's language is used).",
        "uk",
        default=None,
    )

    def references(self) -> Iterator[Ref]:
        """The records this translation names: the other claim."""
        if self.claim:
            yield ("claim",), "claim", self.claim

    @model_validator(mode="after")
    def _exactly_one(self) -> Translation:
        if (self.claim is None) == (self.url is None):
            raise ValueError("give exactly one of claim or url")
        return self
