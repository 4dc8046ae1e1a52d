"""MediaReviews into media records: the video, image or audio reviewed, and each review of it.

A MediaReview's itemReviewed (a MediaReviewItem) becomes a media record: what it is said to
show (`name`), its description, author, dateCreated and language, its file (`contentUrl`,
`embedUrl` and the part that matters, from the appearance a claimkit site marks `#media-file`,
or an appearance of another publisher that gives a file and no page), every other place it
appeared, the claims about it (`subjectOf`, the claims of this publication) and its topics;
its sort (video, image, audio) comes from the appearances' schema.org type. The review keeps
its authenticity category, original media link and context, and the parts every review has
(review_parts). Nothing is filled in but what the model requires, noted.
"""

from __future__ import annotations

from typing import Any

from claimkit.claimreview.read import Located
from claimkit.core.models import Media, MediaReview, Site
from claimkit.importing.entities import claimkit_iri
from claimkit.importing.model_needs import required
from claimkit.importing.nodes import Found, ReviewOrClaim, node_types
from claimkit.importing.notes import UNUSABLE, Note, Skip, filled
from claimkit.importing.references import ReferenceReader, node_iri
from claimkit.importing.review_parts import ReviewParts
from claimkit.importing.values import (
    MAX_LONG_TEXT,
    as_list,
    clean_language,
    clean_text,
    clean_url,
    put_given,
)
from claimkit.importing.works import offset

MEDIA_SORTS = {"VideoObject": "video", "ImageObject": "image", "AudioObject": "audio"}
CATEGORIES = {
    "OriginalMediaContent",
    "DecontextualizedContent",
    "EditedOrCroppedContent",
    "TransformedContent",
    "StagedContent",
    "SatireOrParodyContent",
}


class MediaReader(ReviewParts):
    """Reads MediaReview nodes into media records and their reviews."""

    def __init__(self, found: Found, refs: ReferenceReader, notes: list[Note], site: Site) -> None:
        super().__init__(found, refs, notes, site)

    def review(self, item: ReviewOrClaim) -> dict[str, Any]:
        """A media record's review from a MediaReview; Skip when it cannot be one."""
        node = item.node.value
        category = _category(node.get("mediaAuthenticityCategory"))
        if category is None:
            raise Skip(
                UNUSABLE,
                "the MediaReview has no mediaAuthenticityCategory of schema.org's six "
                "(OriginalMediaContent, DecontextualizedContent, ...)",
            )
        publisher = self.publisher(node)
        own = publisher == self.site.publisher
        rating = self.found.resolve(node.get("reviewRating")) or {}
        review: dict[str, Any] = {"mediaAuthenticityCategory": category}
        put_given(review, "headline", self.headline(node))
        self.put_texts(review, node, rating, MediaReview, own)
        put_given(review, "originalMediaLink", clean_url(node.get("originalMediaLink")))
        put_given(
            review,
            "originalMediaContextDescription",
            clean_text(node.get("originalMediaContextDescription"), MAX_LONG_TEXT),
        )
        review["datePublished"] = self.published(item)
        put_given(review, "authors", self.refs.people(node.get("author")))
        if not own:
            review["publisher"] = publisher
            put_given(review, "url", clean_url(node.get("url")))
        self.put_common(item, review, own)
        return review

    def media(self, item: ReviewOrClaim, review: dict[str, Any]) -> dict[str, Any]:
        """The media record's fields (without its id and reviews) from the MediaReviewItem."""
        node = item.node.value
        media_node = self.found.resolve(node.get("itemReviewed")) or {}
        data: dict[str, Any] = {}
        appearances: list[dict[str, Any]] = []
        sorts: list[str] = []
        for value in as_list(media_node.get("mediaItemAppearance")):
            part = self.found.resolve(value)
            if part is None:
                continue
            sorts += [MEDIA_SORTS[t] for t in sorted(node_types(part)) if t in MEDIA_SORTS]
            if (node_iri(part) or "").endswith("#media-file") or (
                not part.get("url") and "contentUrl" not in data and _file_of(part)
            ):
                data.update(_file_of(part))
                continue
            found = self.works.appearance(part, typed=False)
            if found and found not in appearances:
                appearances.append(found)
        if not sorts:
            raise Skip(
                UNUSABLE,
                "the MediaReview does not say whether it reviews a video, an image or an "
                "audio: none of its mediaItemAppearance is a VideoObject, ImageObject or "
                "AudioObject",
            )
        data["type"] = sorts[0]
        data["name"] = clean_text(media_node.get("name")) or self._stand_in_name(item, review)
        put_given(data, "description", clean_text(media_node.get("description"), MAX_LONG_TEXT))
        author = media_node.get("author")
        put_given(data, "author", self.refs.party(author) if author else None)
        put_given(
            data, "dateCreated", self.date(item.node, media_node.get("dateCreated"), "dateCreated")
        )
        if not appearances and required(Media, "appearances"):
            appearances.append(self._review_page(item.node, node))
        put_given(data, "appearances", appearances)
        claims = [c for v in as_list(media_node.get("subjectOf")) if (c := self._claim(v))]
        put_given(data, "claims", claims)
        put_given(data, "topics", self.refs.topics(media_node.get("about")))
        put_given(data, "inLanguage", clean_language(media_node.get("inLanguage")))
        return data

    def _stand_in_name(self, item: ReviewOrClaim, review: dict[str, Any]) -> str:
        name = review.get("headline") or clean_text(item.node.value.get("claimReviewed"))
        if name is None:
            raise Skip(
                UNUSABLE, "the MediaReview's itemReviewed has no name, nor the review a headline"
            )
        self.notes.append(
            filled(
                item.node,
                "the media reviewed has no name, which a media record needs: the review's "
                f"headline '{name[:60]}' stands in for it",
            )
        )
        return str(name)

    def _review_page(self, where: Located, node: dict[str, Any]) -> dict[str, Any]:
        page = clean_url(node.get("url"))
        if page is None:
            raise Skip(
                UNUSABLE,
                "the media has no appearance and its review no url: a media record needs to "
                "say where the media appeared",
            )
        self.notes.append(
            filled(
                where,
                "the media gives no appearance and a media record needs one: the review's "
                "page, which shows it, is cited as where it appeared",
            )
        )
        return {"url": page}

    def _claim(self, value: Any) -> str | None:
        """A claim of this publication the media is the subject of (a claimkit IRI here)."""
        parsed = claimkit_iri(clean_url(value))
        if parsed is not None and parsed.kind == "claim" and parsed.base == self.site.url:
            return parsed.ident
        return None


def _file_of(part: dict[str, Any]) -> dict[str, Any]:
    """The media file an appearance gives: contentUrl, embedUrl and the part that matters."""
    found: dict[str, Any] = {}
    put_given(found, "contentUrl", clean_url(part.get("contentUrl")))
    put_given(found, "embedUrl", clean_url(part.get("embedUrl")))
    put_given(found, "startTime", offset(part.get("startTime")))
    put_given(found, "endTime", offset(part.get("endTime")))
    return found


def _category(value: Any) -> str | None:
    """An authenticity category from its IRI or its name."""
    text = clean_url(value) or clean_text(value)
    if text is None:
        return None
    name = text.rstrip("/").rsplit("/", 1)[-1].removeprefix("schema:")
    return name if name in CATEGORIES else None
