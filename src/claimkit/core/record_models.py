"""The record kinds of the data model: organizations, people, topics, articles, and claims."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, model_validator

from claimkit.core.model_base import (
    LanguageTag,
    LongText,
    RatingClass,
    Record,
    Ref,
    Reference,
    Slug,
    Text,
    Url,
    described,
)


class OrganizationKind(StrEnum):
    NEWS_OUTLET = "news-outlet"
    BROADCASTER = "broadcaster"
    NEWS_AGENCY = "news-agency"
    FACT_CHECKER = "fact-checker"
    GOVERNMENT_BODY = "government-body"
    MILITARY = "military"
    INTELLIGENCE_AGENCY = "intelligence-agency"
    INTERNATIONAL_ORGANIZATION = "international-organization"
    POLITICAL_PARTY = "political-party"
    COMPANY = "company"
    NONPROFIT = "nonprofit"
    OTHER = "other"


class Organization(Record):
    """An organization: a news outlet, a government body, a fact-checker, ..."""

    id: Slug = described("The organization's id; equals the file name.", "kyiv-independent")
    name: Text = described("The organization's name as it calls itself.", "The Kyiv Independent")
    alternateName: list[Text] = described(
        "Other names and abbreviations it is known by.", ["Kyiv Independent"], default=[]
    )
    kind: OrganizationKind = described("What sort of organization it is.", "news-outlet")
    url: Url | None = described(
        "Its official website.", "https://kyivindependent.com/", default=None
    )
    sameAs: list[Url] = described(
        "Pages that identify it elsewhere, such as Wikidata.",
        ["https://www.wikidata.org/wiki/Q108790371"],
        default=[],
    )
    country: Text | None = described(
        "The country it is based in, in words.", "Ukraine", default=None
    )
    description: LongText | None = described(
        "One or two sentences on who they are.",
        "An English-language Ukrainian news outlet.",
        default=None,
    )


class Person(Record):
    """A person who made, relayed, wrote or reviewed a claim."""

    id: Slug = described("The person's id; equals the file name.", "dmitry-peskov")
    name: Text = described("The person's name as commonly written in English.", "Dmitry Peskov")
    jobTitle: Text | None = described(
        "Their role at the time of the claims.", "Kremlin spokesman", default=None
    )
    affiliation: Slug | None = described(
        "The id of the organization they speak or work for.", "kremlin", default=None
    )
    url: Url | None = described(
        "An official page about them.", "https://example.org/peskov", default=None
    )
    sameAs: list[Url] = described(
        "Pages that identify them elsewhere, such as Wikidata.",
        ["https://www.wikidata.org/wiki/Q4150883"],
        default=[],
    )
    description: LongText | None = described(
        "One or two sentences on who they are.",
        "Press secretary of the Russian president.",
        default=None,
    )

    def references(self) -> Iterator[Ref]:
        """The records this person names: the organization they belong to."""
        if self.affiliation:
            yield ("affiliation",), "organization", self.affiliation


class TopicType(StrEnum):
    PLACE = "Place"
    COUNTRY = "Country"
    EVENT = "Event"
    THING = "Thing"


class Topic(Record):
    """Something claims are about: a country, an event, a subject."""

    id: Slug = described("The topic's id; equals the file name.", "north-korea")
    name: Text = described("The topic's name.", "North Korea")
    type: TopicType = described(
        "What sort of thing the topic is.", "Country", default=TopicType.THING
    )
    sameAs: list[Url] = described(
        "Pages that identify it elsewhere, such as Wikidata.",
        ["https://www.wikidata.org/wiki/Q423"],
        default=[],
    )
    description: LongText | None = described(
        "A sentence on what the topic covers.", "Claims about North Korea.", default=None
    )


class ArticleType(StrEnum):
    NEWS_ARTICLE = "NewsArticle"
    ARTICLE = "Article"
    REPORTAGE = "ReportageNewsArticle"
    BLOG_POSTING = "BlogPosting"
    VIDEO = "VideoObject"
    AUDIO = "AudioObject"
    SOCIAL_MEDIA_POSTING = "SocialMediaPosting"
    WEB_PAGE = "WebPage"


class Image(Reference):
    """A picture shown with an article."""

    url: Url | None = described(
        "The picture's URL, where known.", "https://example.org/photo.jpg", default=None
    )
    caption: Text = described("The caption as published.", "Kim Jong Un poses with troops.")
    credit: Text | None = described("Who the picture is credited to.", "KCNA", default=None)
    dateCreated: dt.date | None = described(
        "When the picture was taken or released.", "2024-03-07", default=None
    )


class Article(Record):
    """A piece of media in which claims appear: a news article, a video, a post."""

    id: Slug = described("The article's id; equals the file name.", "stripes-north-korean-troops")
    type: ArticleType = described(
        "The schema.org type of the piece.", "NewsArticle", default=ArticleType.NEWS_ARTICLE
    )
    headline: Text = described(
        "The headline as published.", "North Korean troops desert posts in Russia"
    )
    url: Url = described("Where the piece is published.", "https://www.stripes.com/theaters/x.html")
    archiveUrl: Url | None = described(
        "A copy in a web archive.",
        "https://web.archive.org/web/2024/https://example.org/",
        default=None,
    )
    publisher: Slug = described(
        "The id of the organization that published it.", "stars-and-stripes"
    )
    authors: list[Slug] = described(
        "The ids of the people who wrote it.", ["david-choi"], default=[]
    )
    datePublished: dt.date = described("The day it was published.", "2024-10-17")
    dateModified: dt.date | None = described(
        "The day it was last updated.", "2024-10-18", default=None
    )
    inLanguage: LanguageTag = described("Its language as a BCP 47 tag.", "en", default="en")
    description: LongText | None = described(
        "A short summary in our own words.",
        "Reports that North Korean soldiers deserted.",
        default=None,
    )
    image: Image | None = described(
        "The main picture.", {"caption": "Kim Jong Un with troops", "credit": "KCNA"}, default=None
    )
    about: list[Slug] = described("The ids of the topics it is about.", ["north-korea"], default=[])

    def references(self) -> Iterator[Ref]:
        """The records this article names: its publisher, authors and topics."""
        yield ("publisher",), "organization", self.publisher
        for i, author in enumerate(self.authors):
            yield ("authors", i), "person", author
        for i, topic in enumerate(self.about):
            yield ("about", i), "topic", topic


class Party(Reference):
    """Who made or relayed a claim: a person, an organization, or an unnamed source in words."""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": ["person"]},
                {"required": ["organization"]},
                {"required": ["unnamed"]},
            ]
        }
    )

    person: Slug | None = described("The id of a person.", "volodymyr-zelenskyy", default=None)
    organization: Slug | None = described("The id of an organization.", "suspilne", default=None)
    unnamed: Text | None = described(
        "An unnamed source, described as the reporting describes it.",
        "unnamed Ukrainian intelligence officials",
        default=None,
    )
    affiliation: Slug | None = described(
        "For an unnamed source: the id of the organization it is said to belong to.",
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
        given = [v for v in (self.person, self.organization, self.unnamed) if v is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of person, organization or unnamed")
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
    archiveUrl: Url | None = described(
        "A copy in a web archive.",
        "https://web.archive.org/web/2024/https://example.org/",
        default=None,
    )
    date: dt.date | None = described("When it was published or said.", "2024-10-10", default=None)

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
        return self


class Relay(Reference):
    """One link in the chain of who passed a claim on; each link cites the one before it."""

    by: Party = described("Who relayed the claim.", {"organization": "kyiv-independent"})
    date: dt.date | None = described("When they relayed it.", "2024-10-15", default=None)
    source: Citation | None = described(
        "Where they relayed it.",
        {"name": "Kyiv Independent report", "date": "2024-10-15"},
        default=None,
    )


class Correction(Reference):
    """A change made to a review after it was published."""

    date: dt.date = described("When the correction was made.", "2024-11-02")
    text: Text = described("What changed and why.", "The rating changed from Unverified to False.")


class Review(Record):
    """A review of a claim with a verdict: ours, or another fact-checker's brought in by import."""

    rating: Text = described(
        "The verdict: a label from the site's scale (or, for another fact-checker's review, "
        "their own label).",
        "False",
    )
    summary: LongText = described(
        "A short review text shown on the page: what was checked and what was found.",
        "Both governments later confirmed the deployment.",
    )
    explanation: LongText = described(
        "Why the claim gets this rating, in a sentence or two.",
        "Russia's General Staff and North Korea both later acknowledged the troops.",
    )
    datePublished: dt.date = described("When the review was published.", "2025-05-02")
    authors: list[Slug] = described(
        "The ids of the people who wrote it.", ["desk-editor"], default=[]
    )
    publisher: Slug | None = described(
        "The id of the organization that published the review; the site's publisher if left out.",
        "factcheck-desk",
        default=None,
    )
    url: Url | None = described(
        "For another fact-checker's review: its page.",
        "https://example.org/fact-check/1",
        default=None,
    )
    ratingValue: float | None = described(
        "For another fact-checker's review: their numeric rating.", 1, default=None
    )
    bestRating: float | None = described(
        "For another fact-checker's review: their best rating.", 5, default=None
    )
    worstRating: float | None = described(
        "For another fact-checker's review: their worst rating.", 1, default=None
    )
    ratingClass: RatingClass | None = described(
        "For another fact-checker's review: the normalised class of their label.",
        "false",
        default=None,
    )
    inLanguage: LanguageTag | None = described(
        "The review's language, if not the site's.", "en", default=None
    )
    corrections: list[Correction] = described(
        "Changes made after publication, oldest first.",
        [{"date": "2025-05-03", "text": "Added the KCNA statement."}],
        default=[],
    )
    sources: list[Citation] = described(
        "What the review relies on.",
        [{"name": "KCNA statement", "publisher": "kcna", "date": "2025-04-28"}],
        default=[],
    )

    @property
    def dateModified(self) -> dt.date:
        """The review's last change: its publication or its latest correction."""
        return max([self.datePublished, *(c.date for c in self.corrections)])

    def references(self) -> Iterator[Ref]:
        """The records this review names: its authors, publisher and sources."""
        for i, author in enumerate(self.authors):
            yield ("authors", i), "person", author
        if self.publisher:
            yield ("publisher",), "organization", self.publisher
        for i, source in enumerate(self.sources):
            yield from _nested(("sources", i), source)


class Claim(Record):
    """A claim as reported, who made it, who relayed it, where it appeared, and its reviews."""

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
    claimant: Party = described(
        "Who made the claim.", {"unnamed": "an unidentified Western diplomat"}
    )
    dateMade: dt.date | None = described(
        "When the claim was first made.", "2024-10-14", default=None
    )
    relays: list[Relay] = described(
        "Who passed the claim on, in order; each cites the one before.",
        [{"by": {"organization": "kyiv-independent"}, "date": "2024-10-14"}],
        default=[],
    )
    appearances: list[Citation] = described(
        "Where the claim appeared.",
        [{"article": "stripes-north-korean-troops"}],
        min_length=1,
    )
    firstAppearance: Citation | None = described(
        "Where the claim first appeared, if known.",
        {"name": "Kyiv Independent report", "date": "2024-10-14"},
        default=None,
    )
    topics: list[Slug] = described(
        "The ids of the topics the claim is about.", ["north-korea"], default=[]
    )
    inLanguage: LanguageTag = described(
        "The language the claim was made in, as a BCP 47 tag.", "en", default="en"
    )
    reviews: list[Review] = described(
        "Reviews of the claim: normally one by the site's publisher.", [], default=[]
    )

    def references(self) -> Iterator[Ref]:
        """The records this claim names: its claimant, relays, appearances, topics and reviews."""
        yield from _nested(("claimant",), self.claimant)
        for i, relay in enumerate(self.relays):
            yield from _nested(("relays", i, "by"), relay.by)
            if relay.source:
                yield from _nested(("relays", i, "source"), relay.source)
        for i, appearance in enumerate(self.appearances):
            yield from _nested(("appearances", i), appearance)
        if self.firstAppearance:
            yield from _nested(("firstAppearance",), self.firstAppearance)
        for i, topic in enumerate(self.topics):
            yield ("topics", i), "topic", topic
        for i, review in enumerate(self.reviews):
            yield from _nested(("reviews", i), review)


def _nested(prefix: tuple[str | int, ...], part: Record) -> Iterator[Ref]:
    for path, kind, ident in part.references():
        yield prefix + path, kind, ident
