"""JSON-LD of media records: the MediaReviewItem (the media and where it appeared) and each
MediaReview of it.

A media record's page carries the site's own MediaReview of it, or the MediaReviewItem when the
site has not reviewed it; other fact-checkers' MediaReviews are in the dumps only, as with
claims. The media's own file (contentUrl, embedUrl, time range) and each appearance are the
item's `mediaItemAppearance`, typed as the media is (VideoObject, ImageObject, AudioObject):
MediaReview's documentation asks for MediaObjects there, so an appearance's own work type is
not published on this page. The authenticity category is the schema.org enumeration member's
IRI, http://schema.org/DecontextualizedContent and so on.
"""

from __future__ import annotations

from claimkit.core.models import Media, MediaReview, MediaType
from claimkit.linked_data.ldbase import Node, clean, clock, date_value, ref
from claimkit.linked_data.reviewparts import ReviewParts
from claimkit.linked_data.terms import SCHEMA

MEDIA_TYPES = {
    MediaType.VIDEO: "VideoObject",
    MediaType.IMAGE: "ImageObject",
    MediaType.AUDIO: "AudioObject",
}


class MediaNodes(ReviewParts):
    """The nodes of media records."""

    def media_item(self, media: Media) -> Node:
        """The media as a MediaReviewItem: what it is said to show, who made it, and every
        place it appeared."""
        page = self.urls.page("media", media.id)
        kind = MEDIA_TYPES[media.type]
        appearances: list[Node] = []
        if media.contentUrl or media.embedUrl or media.startTime or media.endTime:
            appearances.append(
                clean(
                    {
                        "@id": page + "#media-file",
                        "@type": kind,
                        "contentUrl": ref(media.contentUrl) if media.contentUrl else None,
                        "embedUrl": media.embedUrl,
                        "startTime": clock(media.startTime),
                        "endTime": clock(media.endTime),
                    }
                )
            )
        appearances += [
            self.citation(appearance, f"{page}#appearance-{i}", kind)
            for i, appearance in enumerate(media.appearances, start=1)
        ]
        return clean(
            {
                "@id": self.urls.thing("media", media.id),
                "@type": "MediaReviewItem",
                "name": media.name,
                "description": media.description,
                "author": self.party(media.author, page + "#media-author")
                if media.author
                else None,
                "dateCreated": date_value(media.dateCreated),
                "inLanguage": self.catalog.language(media.inLanguage, False),
                "mediaItemAppearance": appearances,
                "about": [self.topic_stub(t) for t in media.topics],
                # A claim about this media (a claim about a video): the media is its subject.
                "subjectOf": [ref(self.urls.thing("claim", c)) for c in media.claims],
            }
        )

    def media_review(self, media: Media, review: MediaReview, index: int) -> Node:
        """The MediaReview node of one review of a media record (`index`: its place in
        media.reviews)."""
        iri = self.urls.review(media.id, index, "media")
        own = self.catalog.is_own_review(review)
        publisher = review.publisher or self.catalog.site.publisher
        return clean(
            {
                "@id": iri,
                "@type": "MediaReview",
                "url": self.urls.page("media", media.id) if own else review.url,
                "headline": review.headline,
                "datePublished": date_value(review.datePublished),
                "dateModified": date_value(review.lastModified),
                "author": [
                    self.organization_stub(publisher),
                    *(self.person_stub(a) for a in review.authors),
                ],
                "publisher": self.organization_stub(publisher),
                "inLanguage": self.catalog.language(review.inLanguage, own),
                "mediaAuthenticityCategory": ref(SCHEMA + review.mediaAuthenticityCategory.value),
                "originalMediaLink": review.originalMediaLink,
                "originalMediaContextDescription": review.originalMediaContextDescription,
                # ratingExplanation is schema.org's "why this conclusion" of a fact-check.
                "reviewRating": {
                    "@id": iri + "-rating",
                    "@type": "Rating",
                    "ratingExplanation": review.explanation,
                }
                if review.explanation
                else None,
                "reviewBody": review.summary,
                "itemReviewed": self.media_item(media),
                **self.review_common(review, iri),
            }
        )

    def own_media_review_node(self, media: Media) -> Node | None:
        """The MediaReview node of the site publisher's review of a media record, if any."""
        for index, review in enumerate(media.reviews):
            if self.catalog.is_own_review(review):
                return self.media_review(media, review, index)
        return None

    def external_media_reviews(self, media: Media) -> list[Node]:
        """The MediaReview nodes of other fact-checkers' reviews of a media record."""
        return [
            self.media_review(media, review, index)
            for index, review in enumerate(media.reviews)
            if not self.catalog.is_own_review(review)
        ]

    def media_node(self, media: Media) -> Node:
        """A media page's node: the site's own MediaReview, or the MediaReviewItem itself."""
        node = self.own_media_review_node(media)
        if node is None:
            node = {
                **self.media_item(media),
                "mainEntityOfPage": ref(self.urls.page("media", media.id)),
            }
        return node
