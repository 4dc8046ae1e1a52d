"""The data model: one pydantic model per record kind, the single source of the JSON Schemas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from claimkit.core.kinds import FOLDER_OF_KIND as FOLDER_OF_KIND
from claimkit.core.kinds import KIND_FOLDERS as KIND_FOLDERS
from claimkit.core.kinds import SITE_FILE_STEM as SITE_FILE_STEM
from claimkit.core.kinds import SLUG_PATTERN as SLUG_PATTERN

# Characters a URL must percent-encode are refused, so every URL is also a valid IRI.
URL_PATTERN = r'^https?://[^\s/?#<>"{}|\\^`]+[^\s<>"{}|\\^`]*$'

Slug = Annotated[
    str,
    Field(
        pattern=SLUG_PATTERN,
        min_length=1,
        max_length=80,
        description="A record id: lowercase letters, digits and single hyphens.",
        examples=["kyiv-independent"],
    ),
]
Url = Annotated[
    str,
    Field(
        pattern=URL_PATTERN,
        max_length=2000,
        description="An absolute http or https URL.",
        examples=["https://example.org/page"],
    ),
]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
LongText = Annotated[str, Field(min_length=1, max_length=20000)]


# A reference from one record to another: where it sits, the kind it names, and the id.
Ref = tuple[tuple[str | int, ...], str, str]


class Record(BaseModel):
    """Base of every record: strict about unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def references(self) -> Iterator[Ref]:
        """Every id this record names, with its path in the record and the kind it must be."""
        return iter(())


class Reference(Record):
    """Base for objects nested in a record."""


def _field(description: str, example: Any, **kwargs: Any) -> Any:
    return Field(description=description, examples=[example], **kwargs)


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

    id: Slug = _field("The organization's id; equals the file name.", "kyiv-independent")
    name: Text = _field("The organization's name as it calls itself.", "The Kyiv Independent")
    alternateName: list[Text] = _field(
        "Other names and abbreviations it is known by.", ["Kyiv Independent"], default=[]
    )
    kind: OrganizationKind = _field("What sort of organization it is.", "news-outlet")
    url: Url | None = _field("Its official website.", "https://kyivindependent.com/", default=None)
    sameAs: list[Url] = _field(
        "Pages that identify it elsewhere, such as Wikidata.",
        ["https://www.wikidata.org/wiki/Q108790371"],
        default=[],
    )
    country: Text | None = _field("The country it is based in, in words.", "Ukraine", default=None)
    description: LongText | None = _field(
        "One or two sentences on who they are.",
        "An English-language Ukrainian news outlet.",
        default=None,
    )


class Person(Record):
    """A person who made, relayed, wrote or reviewed a claim."""

    id: Slug = _field("The person's id; equals the file name.", "dmitry-peskov")
    name: Text = _field("The person's name as commonly written in English.", "Dmitry Peskov")
    jobTitle: Text | None = _field(
        "Their role at the time of the claims.", "Kremlin spokesman", default=None
    )
    affiliation: Slug | None = _field(
        "The id of the organization they speak or work for.", "kremlin", default=None
    )
    url: Url | None = _field(
        "An official page about them.", "https://example.org/peskov", default=None
    )
    sameAs: list[Url] = _field(
        "Pages that identify them elsewhere, such as Wikidata.",
        ["https://www.wikidata.org/wiki/Q4150883"],
        default=[],
    )
    description: LongText | None = _field(
        "One or two sentences on who they are.",
        "Press secretary of the Russian president.",
        default=None,
    )

    def references(self) -> Iterator[Ref]:
        if self.affiliation:
            yield ("affiliation",), "organization", self.affiliation


class TopicType(StrEnum):
    PLACE = "Place"
    COUNTRY = "Country"
    EVENT = "Event"
    THING = "Thing"


class Topic(Record):
    """Something claims are about: a country, an event, a subject."""

    id: Slug = _field("The topic's id; equals the file name.", "north-korea")
    name: Text = _field("The topic's name.", "North Korea")
    type: TopicType = _field("What sort of thing the topic is.", "Country", default=TopicType.THING)
    sameAs: list[Url] = _field(
        "Pages that identify it elsewhere, such as Wikidata.",
        ["https://www.wikidata.org/wiki/Q423"],
        default=[],
    )
    description: LongText | None = _field(
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

    url: Url | None = _field(
        "The picture's URL, where known.", "https://example.org/photo.jpg", default=None
    )
    caption: Text = _field("The caption as published.", "Kim Jong Un poses with troops.")
    credit: Text | None = _field("Who the picture is credited to.", "KCNA", default=None)
    dateCreated: dt.date | None = _field(
        "When the picture was taken or released.", "2024-03-07", default=None
    )


class Article(Record):
    """A piece of media in which claims appear: a news article, a video, a post."""

    id: Slug = _field("The article's id; equals the file name.", "stripes-north-korean-troops")
    type: ArticleType = _field(
        "The schema.org type of the piece.", "NewsArticle", default=ArticleType.NEWS_ARTICLE
    )
    headline: Text = _field(
        "The headline as published.", "North Korean troops desert posts in Russia"
    )
    url: Url = _field("Where the piece is published.", "https://www.stripes.com/theaters/x.html")
    archiveUrl: Url | None = _field(
        "A copy in a web archive.",
        "https://web.archive.org/web/2024/https://example.org/",
        default=None,
    )
    publisher: Slug = _field("The id of the organization that published it.", "stars-and-stripes")
    authors: list[Slug] = _field("The ids of the people who wrote it.", ["david-choi"], default=[])
    datePublished: dt.date = _field("The day it was published.", "2024-10-17")
    dateModified: dt.date | None = _field(
        "The day it was last updated.", "2024-10-18", default=None
    )
    inLanguage: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = _field(
        "Its language as a BCP 47 tag.", "en", default="en"
    )
    description: LongText | None = _field(
        "A short summary in our own words.",
        "Reports that North Korean soldiers deserted.",
        default=None,
    )
    image: Image | None = _field(
        "The main picture.", {"caption": "Kim Jong Un with troops", "credit": "KCNA"}, default=None
    )
    about: list[Slug] = _field("The ids of the topics it is about.", ["north-korea"], default=[])

    def references(self) -> Iterator[Ref]:
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

    person: Slug | None = _field("The id of a person.", "volodymyr-zelenskyy", default=None)
    organization: Slug | None = _field("The id of an organization.", "suspilne", default=None)
    unnamed: Text | None = _field(
        "An unnamed source, described as the reporting describes it.",
        "unnamed Ukrainian intelligence officials",
        default=None,
    )
    affiliation: Slug | None = _field(
        "For an unnamed source: the id of the organization it is said to belong to.",
        "ukraine-government",
        default=None,
    )

    def references(self) -> Iterator[Ref]:
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

    article: Slug | None = _field(
        "The id of an article record.", "stripes-north-korean-troops", default=None
    )
    name: Text | None = _field(
        "The source in words, when it has no article record.", "TASS press report", default=None
    )
    publisher: Slug | None = _field(
        "The id of the organization that published it.", "tass", default=None
    )
    url: Url | None = _field(
        "Its URL, only if you have seen it: never invent one.",
        "https://example.org/report",
        default=None,
    )
    archiveUrl: Url | None = _field(
        "A copy in a web archive.",
        "https://web.archive.org/web/2024/https://example.org/",
        default=None,
    )
    date: dt.date | None = _field("When it was published or said.", "2024-10-10", default=None)

    def references(self) -> Iterator[Ref]:
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

    by: Party = _field("Who relayed the claim.", {"organization": "kyiv-independent"})
    date: dt.date | None = _field("When they relayed it.", "2024-10-15", default=None)
    source: Citation | None = _field(
        "Where they relayed it.",
        {"name": "Kyiv Independent report", "date": "2024-10-15"},
        default=None,
    )


class Correction(Reference):
    """A change made to a review after it was published."""

    date: dt.date = _field("When the correction was made.", "2024-11-02")
    text: Text = _field("What changed and why.", "The rating changed from Unverified to False.")


class RatingClass(StrEnum):
    TRUE = "true"
    FALSE = "false"
    MIXTURE = "mixture"
    OTHER = "other"


class Review(Record):
    """A review of a claim with a verdict: ours, or another fact-checker's brought in by import."""

    rating: Text = _field(
        "The verdict: a label from the site's scale (or, for another fact-checker's review, "
        "their own label).",
        "False",
    )
    summary: LongText = _field(
        "A short review text shown on the page: what was checked and what was found.",
        "Both governments later confirmed the deployment.",
    )
    explanation: LongText = _field(
        "Why the claim gets this rating, in a sentence or two.",
        "Russia's General Staff and North Korea both later acknowledged the troops.",
    )
    datePublished: dt.date = _field("When the review was published.", "2025-05-02")
    authors: list[Slug] = _field("The ids of the people who wrote it.", ["desk-editor"], default=[])
    publisher: Slug | None = _field(
        "The id of the organization that published the review; the site's publisher if left out.",
        "factcheck-desk",
        default=None,
    )
    url: Url | None = _field(
        "For another fact-checker's review: its page.",
        "https://example.org/fact-check/1",
        default=None,
    )
    ratingValue: float | None = _field(
        "For another fact-checker's review: their numeric rating.", 1, default=None
    )
    bestRating: float | None = _field(
        "For another fact-checker's review: their best rating.", 5, default=None
    )
    worstRating: float | None = _field(
        "For another fact-checker's review: their worst rating.", 1, default=None
    )
    ratingClass: RatingClass | None = _field(
        "For another fact-checker's review: the normalised class of their label.",
        "false",
        default=None,
    )
    inLanguage: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] | None = _field(
        "The review's language, if not the site's.", "en", default=None
    )
    corrections: list[Correction] = _field(
        "Changes made after publication, oldest first.",
        [{"date": "2025-05-03", "text": "Added the KCNA statement."}],
        default=[],
    )
    sources: list[Citation] = _field(
        "What the review relies on.",
        [{"name": "KCNA statement", "publisher": "kcna", "date": "2025-04-28"}],
        default=[],
    )

    @property
    def dateModified(self) -> dt.date:
        """The review's last change: its publication or its latest correction."""
        return max([self.datePublished, *(c.date for c in self.corrections)])

    def references(self) -> Iterator[Ref]:
        for i, author in enumerate(self.authors):
            yield ("authors", i), "person", author
        if self.publisher:
            yield ("publisher",), "organization", self.publisher
        for i, source in enumerate(self.sources):
            yield from _nested(("sources", i), source)


class Claim(Record):
    """A claim as reported, who made it, who relayed it, where it appeared, and its reviews."""

    id: Slug = _field("The claim's id; equals the file name.", "north-korea-sent-10000-troops")
    claimReviewed: Annotated[str, Field(min_length=1, max_length=300)] = _field(
        "The claim in short, neutral words, with no verdict; aim under 75 characters.",
        "North Korea has sent 10,000 soldiers to Russia",
    )
    quote: LongText | None = _field(
        "The claim word for word, where there is a quote.",
        "This is no longer just about transferring weapons.",
        default=None,
    )
    claimant: Party = _field("Who made the claim.", {"unnamed": "an unidentified Western diplomat"})
    dateMade: dt.date | None = _field("When the claim was first made.", "2024-10-14", default=None)
    relays: list[Relay] = _field(
        "Who passed the claim on, in order; each cites the one before.",
        [{"by": {"organization": "kyiv-independent"}, "date": "2024-10-14"}],
        default=[],
    )
    appearances: list[Citation] = _field(
        "Where the claim appeared.",
        [{"article": "stripes-north-korean-troops"}],
        min_length=1,
    )
    firstAppearance: Citation | None = _field(
        "Where the claim first appeared, if known.",
        {"name": "Kyiv Independent report", "date": "2024-10-14"},
        default=None,
    )
    topics: list[Slug] = _field(
        "The ids of the topics the claim is about.", ["north-korea"], default=[]
    )
    inLanguage: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = _field(
        "The language the claim was made in, as a BCP 47 tag.", "en", default="en"
    )
    reviews: list[Review] = _field(
        "Reviews of the claim: normally one by the site's publisher.", [], default=[]
    )

    def references(self) -> Iterator[Ref]:
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


class ScaleLabel(Reference):
    """One verdict on the site's numeric rating scale."""

    label: Text = _field("The verdict as shown to readers.", "False")
    value: int = _field("Its place on the scale; higher is more accurate.", 1)
    ratingClass: RatingClass = _field("The normalised class of the label.", "false")
    description: LongText = _field(
        "When a claim gets this verdict.", "The claim is contradicted by reliable evidence."
    )


class OffScaleLabel(Reference):
    """A verdict outside the numeric scale, such as Unverified."""

    label: Text = _field("The verdict as shown to readers.", "Unverified")
    ratingClass: RatingClass = _field("The normalised class of the label.", "other")
    description: LongText = _field(
        "When a claim gets this verdict.", "No evidence was found either way."
    )


class RatingScale(Reference):
    """The site's ordered verdicts."""

    labels: list[ScaleLabel] = _field(
        "The verdicts on the numeric scale, from worst to best.",
        [
            {"label": "False", "value": 1, "ratingClass": "false", "description": "Wrong."},
            {"label": "True", "value": 2, "ratingClass": "true", "description": "Right."},
        ],
        min_length=2,
    )
    offScale: list[OffScaleLabel] = _field(
        "Verdicts with no place on the numeric scale.",
        [{"label": "Unverified", "ratingClass": "other", "description": "Not established."}],
        default=[],
    )


class License(Reference):
    """The licence the data is published under."""

    name: Text = _field("The licence's name.", "CC BY 4.0")
    url: Url = _field("The licence's text.", "https://creativecommons.org/licenses/by/4.0/")


class Repository(Reference):
    """Where the records' source lives, for "edit this record" links."""

    url: Url = _field("The repository's web address.", "https://github.com/example/factchecks")
    branch: Text = _field("The branch records are edited on.", "main", default="main")
    editPath: Text = _field(
        "The path of the edit view under the repository URL.", "edit", default="edit"
    )


class Site(Record):
    """Site settings: who publishes, where, under which licence, and the rating scale."""

    title: Text = _field("The site's title.", "Example Fact Desk")
    url: Url = _field(
        "The site's address; every page URL starts with it.", "https://factcheck.example.org/"
    )
    description: LongText = _field(
        "What the site is, in a sentence or two.", "Fact-checks of claims about the war in Ukraine."
    )
    notice: LongText | None = _field(
        "A notice shown on every page, such as a note that the publisher is fictional.",
        "This is a demonstration site.",
        default=None,
    )
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = _field(
        "The site's language as a BCP 47 tag.", "en", default="en"
    )
    publisher: Slug = _field(
        "The id of the organization that publishes the site.", "factcheck-desk"
    )
    license: License = _field(
        "The licence of the data.",
        {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    )
    repository: Repository | None = _field(
        "Where the records are edited.",
        {"url": "https://github.com/example/factchecks"},
        default=None,
    )

    def references(self) -> Iterator[Ref]:
        yield ("publisher",), "organization", self.publisher

    scale: RatingScale = _field(
        "The site's rating scale.",
        {
            "labels": [
                {"label": "False", "value": 1, "ratingClass": "false", "description": "Wrong."},
                {"label": "True", "value": 2, "ratingClass": "true", "description": "Right."},
            ]
        },
    )


def _nested(prefix: tuple[str | int, ...], part: Record) -> Iterator[Ref]:
    for path, kind, ident in part.references():
        yield prefix + path, kind, ident


KIND_MODELS: dict[str, type[Record]] = {
    "site": Site,
    "organization": Organization,
    "person": Person,
    "topic": Topic,
    "article": Article,
    "claim": Claim,
}

RecordKind = Literal["site", "organization", "person", "topic", "article", "claim"]
