"""The claim and media records: what was said or shown, by whom, where, and its reviews."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, model_validator

from claimkit.core.model_base import (
    DateText,
    Language,
    LanguageTag,
    LongText,
    Offset,
    Record,
    Ref,
    Slug,
    Text,
    Url,
    described,
    nested,
)
from claimkit.core.part_models import Appearance, Party, Relay
from claimkit.core.review_models import MediaReview, Review


class Claim(Record):
    """A claim as reported, who made it, who relayed it, where it appeared, and its reviews."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["claimants"]}, {"required": ["claimant"]}]}
    )

    id: Slug = described("The claim's id; equals the file name.", "north-korea-sent-10000-troops")
    claimReviewed: Annotated[str, Field(min_length=1, max_length=300)] = described(
        "The claim in short, neutral words, with no verdict; aim under 75 characters.",
        "North Korea has sent 10,000 soldiers to Russia",
    )
    quote: LongText | None = described(
        "The claim word for word, where there is a quote.",
        "This is no longer just about transferring weapons.",
        default=None,
    )
    quoteLanguage: LanguageTag | None = described(
        "The quote's language when it is not the claim's, such as the English words a report "
        "gives for a claim made in Russian.",
        "en",
        default=None,
    )
    claimants: list[Party] = described(
        "Who made the claim: one or more people, organizations, collectives or unnamed sources.",
        [{"collective": {"name": "social media users", "kind": "social-media-users"}}],
        default=[],
    )
    claimant: Party | None = described(
        "Old layout: the one who made the claim. Write it in claimants (`claimkit migrate` does).",
        {"unnamed": "an unidentified Western diplomat"},
        default=None,
        json_schema_extra={"deprecated": True},
    )
    dateMade: DateText | None = described(
        "When the claim was first made, as precisely as known.", "2024-10-14", default=None
    )
    relays: list[Relay] = described(
        "Who passed the claim on, in order; each cites the one before.",
        [{"by": {"organization": "kyiv-independent"}, "date": "2024-10-14"}],
        default=[],
    )
    appearances: list[Appearance] = described(
        "Where the claim appeared: posts, videos, pages, broadcasts, or article records.",
        [
            {"article": "stripes-north-korean-troops"},
            {
                "type": "social-media-post",
                "platform": {"name": "Telegram"},
                "url": "https://t.me/example/123",
                "archivedAt": ["https://web.archive.org/web/2024/https://t.me/example/123"],
                "date": "2024-10-14T09:30:00+03:00",
            },
        ],
        min_length=1,
    )
    firstAppearance: Appearance | None = described(
        "Where the claim first appeared, if known.",
        {"name": "Kyiv Independent report", "date": "2024-10-14"},
        default=None,
    )
    topics: list[Slug] = described(
        "The ids of the topics the claim is about.", ["north-korea"], default=[]
    )
    inLanguage: Language | None = described(
        "The language the claim was made in, as a BCP 47 tag, or `unknown`; the site's language "
        "if left out.",
        "uk",
        default=None,
    )
    reviews: list[Review] = described(
        "Reviews of the claim: normally one by the site's publisher.", [], default=[]
    )

    @model_validator(mode="after")
    def _old_claimant(self) -> Claim:
        if self.claimant is not None and self.claimants:
            raise ValueError("give claimants or the old claimant, not both")
        if self.claimant is not None:
            self.__dict__["claimants"] = [self.claimant]
        elif not self.claimants:
            raise ValueError("give at least one claimant in claimants")
        return self

    def references(self) -> Iterator[Ref]:
        """The records this claim names: its claimants, relays, appearances, topics and
        reviews."""
        field = "claimant" if self.claimant is not None else "claimants"
        for i, party in enumerate(self.claimants):
            yield from nested((field,) if field == "claimant" else (field, i), party)
        for i, relay in enumerate(self.relays):
            yield from nested(("relays", i, "by"), relay.by)
            if relay.source:
                yield from nested(("relays", i, "source"), relay.source)
        for i, appearance in enumerate(self.appearances):
            yield from nested(("appearances", i), appearance)
        if self.firstAppearance:
            yield from nested(("firstAppearance",), self.firstAppearance)
        for i, topic in enumerate(self.topics):
            yield ("topics", i), "topic", topic
        for i, review in enumerate(self.reviews):
            yield from nested(("reviews", i), review)


class MediaType(StrEnum):
    VIDEO = "video"
    IMAGE = "image"
    AUDIO = "audio"


class Media(Record):
    """A piece of media that was shared (a video, an image, an audio clip) and its reviews."""

    id: Slug = described("The media record's id; equals the file name.", "parade-video-2019")
    type: MediaType = described("What sort of media it is.", "video")
    name: Text = described(
        "What the media is said to show, in short neutral words.",
        "Video said to show North Korean troops arriving in Kursk",
    )
    description: LongText | None = described(
        "What the media shows, in a sentence or two.",
        "A 40-second clip of soldiers leaving a train.",
        default=None,
    )
    contentUrl: Url | None = described(
        "The media file itself, where known.", "https://example.org/clip.mp4", default=None
    )
    embedUrl: Url | None = described(
        "A player page for the media.", "https://www.youtube.com/embed/abc123", default=None
    )
    startTime: Offset | None = described(
        "For a video or audio: where the reviewed part starts.", "0:10", default=None
    )
    endTime: Offset | None = described(
        "For a video or audio: where the reviewed part ends.", "0:40", default=None
    )
    author: Party | None = described(
        "Who made or first shared it, where known.",
        {"collective": {"name": "social media users", "kind": "social-media-users"}},
        default=None,
    )
    dateCreated: DateText | None = described(
        "When the media was made, as precisely as known.", "2019-04", default=None
    )
    appearances: list[Appearance] = described(
        "Where the media was shared: posts and pages, with archive copies.",
        [
            {
                "type": "social-media-post",
                "platform": {"name": "X"},
                "url": "https://x.com/example/status/1",
                "archivedAt": ["https://archive.ph/abcde"],
                "date": "2024-10-20",
            }
        ],
        min_length=1,
    )
    claims: list[Slug] = described(
        "The ids of claim records about this media (a claim about a video).",
        ["north-korea-sent-10000-soldiers-to-russia"],
        default=[],
    )
    topics: list[Slug] = described(
        "The ids of the topics the media is about.", ["north-korea"], default=[]
    )
    inLanguage: Language | None = described(
        "The language spoken or written in the media, or `unknown`; none published if left out.",
        "ru",
        default=None,
    )
    reviews: list[MediaReview] = described(
        "Reviews of the media: normally one by the site's publisher.", [], default=[]
    )

    def references(self) -> Iterator[Ref]:
        """The records this media names: its author, appearances, claims, topics and reviews."""
        if self.author:
            yield from nested(("author",), self.author)
        for i, appearance in enumerate(self.appearances):
            yield from nested(("appearances", i), appearance)
        for i, claim in enumerate(self.claims):
            yield ("claims", i), "claim", claim
        for i, topic in enumerate(self.topics):
            yield ("topics", i), "topic", topic
        for i, review in enumerate(self.reviews):
            yield from nested(("reviews", i), review)
