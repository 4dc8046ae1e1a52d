"""The MediaReview rules: what a review of a piece of media must say (schema.org's
mediaAuthenticityCategory, one of six) and what it reviews (the media, with where it appeared)."""

from __future__ import annotations

from collections.abc import Callable

from claimkit.claimreview.read import Located, iri_of

# schema.org's MediaManipulationRatingEnumeration.
CATEGORIES = (
    "OriginalMediaContent",
    "DecontextualizedContent",
    "EditedOrCroppedContent",
    "TransformedContent",
    "StagedContent",
    "SatireOrParodyContent",
)
_PREFIXES = ("https://schema.org/", "http://schema.org/", "schema:")

Report = Callable[[Located, str, str], None]
Resolve = Callable[[Located], Located]


def category_name(value: object) -> str | None:
    """The category a value names: a full schema.org IRI, `schema:X`, an {"@id": ...}
    reference, or the bare name; None when it is not text."""
    text = iri_of(value)
    if text is None:
        return None
    text = text.strip()
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def check_media_review(
    node: Located, schema_context: bool, resolve: Resolve, report: Report
) -> None:
    """Check one MediaReview: its @context, its category, and the media item it reviews."""
    if not schema_context:
        report(
            node,
            "jsonld-context",
            "the MediaReview's @context is missing or is not schema.org; add "
            '"@context": "https://schema.org"',
        )
    found = node.get("mediaAuthenticityCategory")
    if found is None:
        report(
            node,
            "mediareview-missing-category",
            "the MediaReview has no mediaAuthenticityCategory; add one of: "
            + ", ".join(CATEGORIES),
        )
    else:
        name = category_name(found.value)
        if name not in CATEGORIES:
            shown = f"'{name}'" if name else "not a category"
            report(
                found,
                "mediareview-category-invalid",
                f"mediaAuthenticityCategory is {shown}; write one of schema.org's: "
                + ", ".join(CATEGORIES),
            )
    item = node.get("itemReviewed")
    if item is None:
        report(
            node,
            "mediareview-missing-item",
            "the MediaReview has no itemReviewed; add the MediaReviewItem with its "
            "mediaItemAppearance (the post, video or image, with its url)",
        )
        return
    media = resolve(item.each()[0])
    value = media.value
    if not isinstance(value, dict) or not _gives_media(media, resolve):
        report(
            media,
            "mediareview-missing-item",
            "itemReviewed gives no media; add a mediaItemAppearance (such as a VideoObject or "
            "ImageObject with its url or contentUrl), or the media's own contentUrl",
        )


def _gives_media(item: Located, resolve: Resolve) -> bool:
    """Whether a reviewed item says where the media is: an appearance, a contentUrl or a url."""
    for key in ("contentUrl", "url"):
        found = item.get(key)
        if found is not None and (iri_of(found.value) or "").strip():
            return True
    appearances = item.get("mediaItemAppearance")
    if appearances is None:
        return False
    for each in appearances.each():
        appearance = resolve(each).value
        if isinstance(appearance, str) and appearance.strip():
            return True
        if isinstance(appearance, dict) and any(
            (iri_of(appearance.get(k)) or "").strip() for k in ("url", "contentUrl", "@id")
        ):
            return True
    return False
