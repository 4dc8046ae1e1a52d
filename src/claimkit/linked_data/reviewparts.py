"""What a ClaimReview and a MediaReview node share: sources, corrections, picture, identifier,
licence and translations."""

from __future__ import annotations

from claimkit.core.models import ReviewBase, Translation
from claimkit.linked_data.ldbase import Node, NodeBase, date_value, ref


class ReviewParts(NodeBase):
    """The review properties every kind of review publishes the same way."""

    def translation_target(self, translation: Translation) -> str:
        """The IRI a translation points at: its URL, or for a claim record here the site's own
        ClaimReview of that claim (the page's review), else the claim's page."""
        if translation.url:
            return translation.url
        ident = translation.claim or ""
        claim = self.catalog.claims.get(ident)
        if claim is not None:
            for index, review in enumerate(claim.reviews):
                if self.catalog.is_own_review(review):
                    return self.urls.review(ident, index)
        return self.urls.page("claim", ident)

    def license_url(self, review: ReviewBase) -> str | None:
        """The review's licence: its own, else the site's for the site's own reviews (another
        fact-checker's review is not ours to license)."""
        if review.license:
            return review.license.url
        return self.catalog.site.license.url if self.catalog.is_own_review(review) else None

    def review_common(self, review: ReviewBase, iri: str) -> Node:
        """The properties a review node ends with: its sources, corrections, picture,
        identifier, licence and translations (empty ones are dropped by the caller)."""
        return {
            "citation": [
                self.citation(s, f"{iri}-source-{i}") for i, s in enumerate(review.sources, start=1)
            ],
            "correction": [
                {
                    "@id": f"{iri}-correction-{i}",
                    "@type": "CorrectionComment",
                    "text": c.text,
                    "datePublished": date_value(c.date),
                }
                for i, c in enumerate(review.corrections, start=1)
            ],
            "image": self.picture(review.image, iri + "-image"),
            "identifier": review.identifier,
            "license": self.license_url(review),
            # Translations are links to other pages' reviews: each describes itself there.
            "workTranslation": [ref(self.translation_target(t)) for t in review.translations],
            "translationOfWork": ref(self.translation_target(review.translationOf))
            if review.translationOf
            else None,
        }
