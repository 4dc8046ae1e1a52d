"""The record kinds that stand alone: organizations, people, topics, and articles."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum

from pydantic import model_validator

from claimkit.core.model_base import (
    ARCHIVE_URL,
    ARCHIVED_AT,
    DateText,
    Language,
    LongText,
    Record,
    Ref,
    Reference,
    Slug,
    Text,
    Url,
    described,
    fold_archive,
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
    logo: Url | None = described(
        "Its logo, as a picture's URL.", "https://kyivindependent.com/logo.png", default=None
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
    image: Url | None = described(
        "A picture of them, as its URL.", "https://example.org/peskov.jpg", default=None
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
    dateCreated: DateText | None = described(
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
    archivedAt: list[Url] = ARCHIVED_AT
    archiveUrl: Url | None = ARCHIVE_URL
    publisher: Slug = described(
        "The id of the organization that published it.", "stars-and-stripes"
    )
    authors: list[Slug] = described(
        "The ids of the people who wrote it.", ["david-choi"], default=[]
    )
    datePublished: DateText = described("When it was published.", "2024-10-17")
    dateModified: DateText | None = described(
        "When it was last updated.", "2024-10-18T08:00:00+09:00", default=None
    )
    inLanguage: Language | None = described(
        "Its language as a BCP 47 tag, or `unknown`. Left out: the site's language for the "
        "site publisher's own articles, none for anyone else's.",
        "en",
        default=None,
    )
    description: LongText | None = described(
        "A short summary in our own words.",
        "Reports that North Korean soldiers deserted.",
        default=None,
    )
    image: Image | None = described(
        "The main picture.", {"caption": "Kim Jong Un with troops", "credit": "KCNA"}, default=None
    )
    about: list[Slug] = described("The ids of the topics it is about.", ["north-korea"], default=[])

    @model_validator(mode="after")
    def _old_archive(self) -> Article:
        fold_archive(self)
        return self

    def references(self) -> Iterator[Ref]:
        """The records this article names: its publisher, authors and topics."""
        yield ("publisher",), "organization", self.publisher
        for i, author in enumerate(self.authors):
            yield ("authors", i), "person", author
        for i, topic in enumerate(self.about):
            yield ("about", i), "topic", topic
