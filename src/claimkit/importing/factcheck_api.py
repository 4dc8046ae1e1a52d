"""The Google Fact Check Tools API's JSON (`claims:search`), read as ClaimReview markup.

Researchers and newsrooms keep the API's responses as their export of other fact-checkers'
work: `{"claims": [{"text", "claimant", "claimDate", "claimReview": [{"publisher": {"name",
"site"}, "url", "title", "reviewDate", "textualRating", "languageCode"}]}], "nextPageToken"}`.
Each claim review becomes the ClaimReview node it stands for (toolkit-docs/import.md has the table),
in place, so that the report points at the line of the review in the file. Nothing is added:
the claimant is the API's text (a collective or an unnamed source by its words, since the API
does not say whether it is a person or an organization), and a claim review with no field
the mapping needs is left for import to skip with its reason.
"""

from __future__ import annotations

from typing import Any

from claimkit.claimreview.read import Doc

_TOP_KEYS = {"claims", "nextPageToken"}
_CLAIM_KEYS = {"text", "claimant", "claimDate", "claimReview"}
_REVIEW_KEYS = {"publisher", "url", "title", "reviewDate", "textualRating", "languageCode"}


def is_api_response(data: Any) -> bool:
    """Whether a document is a `claims:search` response: `claims` (and perhaps a
    `nextPageToken`), no JSON-LD."""
    return (
        isinstance(data, dict) and isinstance(data.get("claims"), list) and set(data) <= _TOP_KEYS
    )


def _publisher(value: Any) -> dict[str, Any] | None:
    """The API's publisher (`name`, `site`: a host) as an Organization; the site is its
    address, `https://<site>/`."""
    if not isinstance(value, dict):
        return None
    node: dict[str, Any] = {"@type": "Organization"}
    if isinstance(value.get("name"), str):
        node["name"] = value["name"]
    site = value.get("site")
    if isinstance(site, str) and site.strip() and "/" not in site.strip():
        node["url"] = f"https://{site.strip()}/"
    return node if len(node) > 1 else None


def _review(claim: dict[str, Any], review: dict[str, Any]) -> dict[str, Any]:
    """One claim review of the API as a ClaimReview node: only what the API gave."""
    node: dict[str, Any] = {"@type": "ClaimReview"}
    item: dict[str, Any] = {"@type": "Claim"}
    for source, target, key in (
        (claim, item, "claimant"),
        (claim, item, "claimDate"),
        (claim, node, "text"),
        (review, node, "url"),
        (review, node, "title"),
        (review, node, "reviewDate"),
        (review, node, "languageCode"),
    ):
        value = source.get(key)
        if value is not None:
            target[_TERMS[key]] = value
    # Fields the mapping does not know stay, under a name no schema.org term has, for the
    # report to list as not kept.
    for source, target, known in ((claim, item, _CLAIM_KEYS), (review, node, _REVIEW_KEYS)):
        for key in sorted(set(source) - known):
            target[f"factCheckApi:{key}"] = source[key]
    if (publisher := _publisher(review.get("publisher"))) is not None:
        node["publisher"] = publisher
    if review.get("textualRating") is not None:
        node["reviewRating"] = {"@type": "Rating", "alternateName": review["textualRating"]}
    node["itemReviewed"] = item
    return node


_TERMS = {
    "claimant": "author",
    "claimDate": "datePublished",
    "text": "claimReviewed",
    "url": "url",
    "title": "headline",
    "reviewDate": "datePublished",
    "languageCode": "inLanguage",
}


def as_jsonld(data: dict[str, Any]) -> dict[str, Any]:
    """A `claims:search` response as JSON-LD: each claim review a ClaimReview node at the
    path it has in the response (`claims[i].claimReview[j]`)."""
    claims: list[dict[str, Any]] = []
    for claim in data["claims"]:
        reviews = claim.get("claimReview") if isinstance(claim, dict) else None
        if not isinstance(reviews, list):
            claims.append({})
            continue
        claims.append(
            {"claimReview": [_review(claim, r) if isinstance(r, dict) else {} for r in reviews]}
        )
    return {"@context": "https://schema.org", "claims": claims}


def read_api_responses(docs: list[Doc]) -> None:
    """Every `claims:search` response among the documents read as JSON-LD, in place."""
    for doc in docs:
        if is_api_response(doc.data):
            doc.data = as_jsonld(doc.data)
