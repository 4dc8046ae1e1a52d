"""Where a claim or a piece of media appeared, and what a review cites: works, as records hold
them.

A work becomes an article record when it is a claimkit site's article or when the JSON-LD
describes an article fully (headline, url, publisher, date); else an appearance described in
place: its sort (a post, a video, a broadcast, ... from its schema.org type), name, url (only
its `url`: an @id names the node, it is no address anybody opened), archive copies, date at its
precision, publisher, platform, author, and the part of a video or audio that matters. A source
a review cites is a citation: name, url, archive copies, date and publisher.

How a claimkit site publishes a typed appearance (linked_data.ldbase) is read back exactly:
the platform is its second publisher (or its only one, for a post, video or message), a node
`...-platform` a platform known by name, a CreativeWork with a BroadcastEvent publication a
broadcast, schema:Time `00:01:30` the offset `1:30`.
"""

from __future__ import annotations

import re
from typing import Any

from claimkit.core.models import ArticleType, WorkType
from claimkit.importing.entities import claimkit_iri
from claimkit.importing.nodes import Found, node_types
from claimkit.importing.references import ReferenceReader, node_iri
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
# The parts of a claim's or media's page a claimkit site describes in place: never articles.
_PART = re.compile(r"#(?:appearance-[0-9]+|first-appearance|relay-[0-9]+-source|.*-source-[0-9]+)$")
_PLATFORM = re.compile(r"-platform$")
# schema.org types of works, most precise first, and the sort of work each is.
WORK_SORTS: dict[str, WorkType] = {
    "SocialMediaPosting": WorkType.SOCIAL_MEDIA_POST,
    "DiscussionForumPosting": WorkType.SOCIAL_MEDIA_POST,
    "BlogPosting": WorkType.WEB_PAGE,
    "VideoObject": WorkType.VIDEO,
    "Clip": WorkType.VIDEO,
    "ImageObject": WorkType.IMAGE,
    "Photograph": WorkType.IMAGE,
    "AudioObject": WorkType.AUDIO,
    "PodcastEpisode": WorkType.AUDIO,
    "Message": WorkType.MESSAGING,
    "EmailMessage": WorkType.MESSAGING,
    "BroadcastEvent": WorkType.BROADCAST,
    "TVEpisode": WorkType.BROADCAST,
    "RadioEpisode": WorkType.BROADCAST,
    "NewsArticle": WorkType.NEWS_ARTICLE,
    "ReportageNewsArticle": WorkType.NEWS_ARTICLE,
    "AnalysisNewsArticle": WorkType.NEWS_ARTICLE,
    "WebPage": WorkType.WEB_PAGE,
}
# Sorts of work whose only publisher is the platform they were published on.
_ON_PLATFORM = {
    WorkType.SOCIAL_MEDIA_POST,
    WorkType.VIDEO,
    WorkType.MESSAGING,
    WorkType.IMAGE,
    WorkType.AUDIO,
}


def offset(clock: Any) -> str | None:
    """schema:Time (`hh:mm:ss`, as a claimkit site writes a point in a video) as a record's
    offset (`[h:]mm:ss`): `00:01:30` is `1:30`, `01:02:03` is `1:02:03`."""
    text = clean_text(clock)
    match = re.fullmatch(
        r"(?:([0-9]{1,2}):)?([0-9]{1,2}):([0-5][0-9](?:\.[0-9]{1,3})?)", text or ""
    )
    if match is None:
        return None
    hours, minutes, seconds = int(match[1] or 0), int(match[2]), match[3]
    if minutes > 59:
        return None
    return f"{hours}:{minutes:02d}:{seconds}" if hours else f"{minutes}:{seconds}"


class WorkReader:
    """Reads works into article records, appearances and citations."""

    def __init__(self, found: Found, refs: ReferenceReader) -> None:
        self.found = found
        self.refs = refs

    def citation(self, value: Any) -> dict[str, Any] | None:
        """A source or relay: an article record, or a citation by name, url, date and
        publisher; None when it has neither name nor url."""
        node = self.found.resolve(value)
        if node is None:
            url = clean_url(value)
            return {"url": url} if url else None
        article = self._as_article(node)
        if article:
            return {"article": article}
        citation = self._described(node)
        put_given(citation, "publisher", self._publishers(node)[0])
        return citation if {"name", "url"} & citation.keys() else None

    def appearance(self, value: Any, *, typed: bool = True) -> dict[str, Any] | None:
        """Where a claim or media appeared: an article record, or a typed appearance (its
        sort left out when `typed` is false: a media's appearances are published with the
        media's type)."""
        node = self.found.resolve(value)
        if node is None:
            url = clean_url(value)
            return {"url": url} if url else None
        article = self._as_article(node)
        if article:
            return {"article": article}
        found = self._described(node)
        sort = _sort(node) if typed else None
        publisher, platform = self._publishers(node, sort)
        put_given(found, "publisher", publisher)
        put_given(found, "platform", platform)
        author = node.get("author")
        put_given(found, "author", self.refs.party(author) if author else None)
        put_given(found, "startTime", offset(node.get("startTime")))
        put_given(found, "endTime", offset(node.get("endTime")))
        put_given(found, "type", sort.value if sort else None)
        return found if {"name", "url"} & found.keys() else None

    def _described(self, node: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        put_given(found, "name", clean_text(node.get("name")) or clean_text(node.get("headline")))
        put_given(found, "url", clean_url(node.get("url")))
        put_given(found, "archivedAt", clean_urls(node.get("archivedAt")))
        date = (
            clean_date(node.get("datePublished"))
            or clean_date(node.get("dateCreated"))
            or clean_date(node.get("uploadDate"))
        )
        put_given(found, "date", date)
        return found

    def _publishers(
        self, node: dict[str, Any], sort: WorkType | None = None
    ) -> tuple[str | None, dict[str, Any] | None]:
        """The publisher's organization id and the platform of a work (see the module)."""
        values = [self.found.resolve(v) or v for v in as_list(node.get("publisher"))]
        platform: dict[str, Any] | None = None
        if values and isinstance(values[-1], dict):
            last = values[-1]
            named = clean_text(last.get("name"))
            if _PLATFORM.search(node_iri(last) or "") and named:
                platform = {"name": named}
                values = values[:-1]
            elif len(values) == 2 or (len(values) == 1 and sort in _ON_PLATFORM):
                if named and not _links(last) and not claimkit_iri(node_iri(last)):
                    platform = {"name": named}
                else:
                    ident = self.refs.organization(last)
                    platform = {"organization": ident} if ident else None
                values = values[:-1]
        publisher = self.refs.organization(values[0]) if values else None
        return publisher, platform

    def _as_article(self, node: dict[str, Any]) -> str | None:
        """The id of the article record a work is: a claimkit site's article, or a fully
        described article that is no part of a claimkit page; else None."""
        iri = node_iri(node) or ""
        parsed = claimkit_iri(iri)
        if _PART.search(iri) or not node_types(node) & ARTICLE_TYPES:
            return None
        if parsed is not None and parsed.kind != "article":
            return None
        headline = clean_text(node.get("headline")) or clean_text(node.get("name"))
        url = clean_url(node.get("url"))
        date = clean_date(node.get("datePublished"))
        if not (headline and url and date and node.get("publisher")):
            return None
        publisher = self.refs.organization(node["publisher"])
        return self._article(node, headline, url, publisher, date) if publisher else None

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
        put_given(data, "authors", self.refs.people(node.get("author")))
        data["datePublished"] = date
        put_given(data, "dateModified", clean_date(node.get("dateModified")))
        put_given(data, "inLanguage", clean_language(node.get("inLanguage")))
        put_given(data, "description", clean_text(node.get("description"), MAX_LONG_TEXT))
        put_given(data, "image", self._image(node.get("image")))
        put_given(data, "about", self.refs.topics(node.get("about")))
        return self.refs.article(data, node_iri(node), url, headline)

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


def _sort(node: dict[str, Any]) -> WorkType | None:
    """The sort of work a node's types say; a CreativeWork published as a BroadcastEvent is
    a broadcast, an Article of a claimkit page print."""
    types = node_types(node)
    for name, sort in WORK_SORTS.items():
        if name in types:
            return sort
    if "Article" in types:
        return WorkType.PRINT if _PART.search(node_iri(node) or "") else WorkType.NEWS_ARTICLE
    publication = node.get("publication")
    if isinstance(publication, dict) and "BroadcastEvent" in node_types(publication):
        return WorkType.BROADCAST
    return None


def _links(node: dict[str, Any]) -> bool:
    return bool(clean_url(node.get("url")) or clean_urls(node.get("sameAs")))
