"""The page of a media record: a video, image or audio, where it was shared, and its media
reviews with what each found in plain words."""

from __future__ import annotations

from claimkit.core.models import Media, MediaAuthenticity, MediaReview, MediaType
from claimkit.site.html import esc, inline, paragraphs
from claimkit.site.pages import UNREVIEWED, Page, Verdict, verdict_block
from claimkit.site.record_parts import (
    NOT_INDEXED,
    RecordParts,
    out_link,
    section,
    time_range,
)

# What each authenticity category means, in schema.org's words made short: the label readers
# see first, then the definition.
AUTHENTICITY: dict[MediaAuthenticity, tuple[str, str]] = {
    MediaAuthenticity.ORIGINAL: (
        "Original",
        "Unaltered, and shown in its original context.",
    ),
    MediaAuthenticity.DECONTEXTUALIZED: (
        "Missing context",
        "Unaltered, but shown with a context that misrepresents it.",
    ),
    MediaAuthenticity.EDITED_OR_CROPPED: (
        "Edited or cropped",
        "Edited or cropped in a way that misrepresents it.",
    ),
    MediaAuthenticity.TRANSFORMED: (
        "Transformed",
        "Parts of it were changed or made up, deepfakes included.",
    ),
    MediaAuthenticity.STAGED: (
        "Staged",
        "Made with actors or staging to deceive.",
    ),
    MediaAuthenticity.SATIRE_OR_PARODY: (
        "Satire or parody",
        "Satire or parody that is being taken as true.",
    ),
}
# The class of each category, as verdict badges show it.
AUTHENTICITY_CLASS: dict[MediaAuthenticity, str] = {
    MediaAuthenticity.ORIGINAL: "true",
    MediaAuthenticity.DECONTEXTUALIZED: "false",
    MediaAuthenticity.EDITED_OR_CROPPED: "false",
    MediaAuthenticity.TRANSFORMED: "false",
    MediaAuthenticity.STAGED: "false",
    MediaAuthenticity.SATIRE_OR_PARODY: "mixture",
}
MEDIA_TYPES: dict[MediaType, str] = {
    MediaType.VIDEO: "Video",
    MediaType.IMAGE: "Image",
    MediaType.AUDIO: "Audio",
}


def authenticity_badge(category: MediaAuthenticity) -> str:
    """What a media review found, as a badge with the category in words."""
    label, _ = AUTHENTICITY[category]
    return (
        f'<span class="ck-badge ck-{AUTHENTICITY_CLASS[category]}">'
        f'<span class="ck-verdict">{esc(label)}</span></span>'
    )


def media_lede(parts: RecordParts, media: Media) -> str:
    """The large finding that leads a media page: the category of the site's own review in
    words, with what it means (else another fact-checker's, named; else Not reviewed)."""
    c = parts.c
    own = [r for r in media.reviews if c.is_own_review(r)]
    review = own[0] if own else (media.reviews[0] if media.reviews else None)
    if review is None:
        return verdict_block(UNREVIEWED, "We have not reviewed this media.", "", "Our finding")
    label, meaning = AUTHENTICITY[review.mediaAuthenticityCategory]
    verdict = Verdict(label, AUTHENTICITY_CLASS[review.mediaAuthenticityCategory])
    if own:
        heading = "Our finding"
    else:
        org = c.organizations.get(review.publisher or "")
        heading = f"What {org.name if org else 'another fact-checker'} found"
    place = f"Media review category: {review.mediaAuthenticityCategory.value} (schema.org)"
    return verdict_block(verdict, place, meaning, heading)


def media_review(parts: RecordParts, here: str, review: MediaReview, *, lede: bool = True) -> str:
    """A media review as HTML: what it found in words, its headline, picture, summary and
    explanation (marked with their language when it is not the site's), the original media and
    its context, who published it and when, its licence, translations, sources and
    corrections. Without `lede`, the finding's badge is left out (the page leads with it)."""
    ctx = parts.ctx
    lang = ctx.lang(ctx.review_language(review))
    label, meaning = AUTHENTICITY[review.mediaAuthenticityCategory]
    body = [
        f'<div class="ck-finding">{authenticity_badge(review.mediaAuthenticityCategory)}'
        f'<p class="ck-authenticity">{esc(label)}: {esc(meaning)}</p></div>'
        if lede
        else "",
        f'<p class="ck-headline"{lang}><strong>{inline(review.headline)}</strong></p>'
        if review.headline
        else "",
        parts.picture(review),
        f'<div class="ck-summary"{lang}>{paragraphs(review.summary)}</div>'
        if review.summary
        else "",
    ]
    if review.explanation:
        body.append(
            f'<h3>Why this finding</h3><div class="ck-explanation"{lang}>'
            f"{paragraphs(review.explanation)}</div>"
        )
    if review.originalMediaLink or review.originalMediaContextDescription:
        original = []
        if review.originalMediaLink:
            original.append(
                f"<p>Original: {out_link(review.originalMediaLink, review.originalMediaLink)}</p>"
            )
        if review.originalMediaContextDescription:
            original.append(
                f'<div class="ck-original-context"{lang}>'
                f"{paragraphs(review.originalMediaContextDescription)}</div>"
            )
        body.append(f"<h3>The original</h3>{''.join(original)}")
    body += [
        f"<div {NOT_INDEXED}>",
        parts.byline(here, review),
        parts.licence(review.license),
        parts.translations(here, review),
        parts.sources(here, review),
        "</div>",
    ]
    return "".join(body)


def media_page(parts: RecordParts, media: Media) -> Page:
    """A media record's page: what it is, who made it and when, where it was shared, the
    reviews of it, the claims about it and its topics."""
    ctx, c = parts.ctx, parts.c
    here = ctx.page_path("media", media.id)
    facts = [f"<dt>Type</dt><dd>{MEDIA_TYPES[media.type]}</dd>"]
    if media.author is not None and c.party_name(media.author):
        facts.append(f"<dt>Made or first shared by</dt><dd>{ctx.party(here, media.author)}</dd>")
    if media.dateCreated:
        facts.append(f"<dt>Made</dt><dd>{ctx.dates.html(media.dateCreated)}</dd>")
    if media.contentUrl:
        facts.append(f"<dt>The file</dt><dd>{out_link(media.contentUrl, media.contentUrl)}</dd>")
    if media.embedUrl:
        facts.append(f"<dt>Player</dt><dd>{out_link(media.embedUrl, media.embedUrl)}</dd>")
    span = time_range(media.startTime, media.endTime)
    if span:
        facts.append(f"<dt>Part reviewed</dt><dd>{span}</dd>")
    body = [
        media_lede(parts, media),
        f'<dl class="ck-facts" {NOT_INDEXED}>{"".join(facts)}</dl>',
    ]
    if media.description:
        body.append(paragraphs(media.description))
    own = [r for r in media.reviews if c.is_own_review(r)]
    others = [r for r in media.reviews if not c.is_own_review(r)]
    for n, review in enumerate(own):
        body.append(
            section("What we found", media_review(parts, here, review, lede=n > 0), indexed=True)
        )
    for n, review in enumerate(others):
        org = c.organizations.get(review.publisher or "")
        who = org.name if org else "another fact-checker"
        leads = n == 0 and not own  # the page leads with its finding
        body.append(section(f"What {who} found", media_review(parts, here, review, lede=not leads)))
    body.append(section("Where it was shared", parts.appearances(here, media.appearances)))
    claims = [i for i in dict.fromkeys(media.claims) if i in c.claims]
    body.append(section("Claims about this media", parts.claim_list(here, claims)))
    body.append(section("Topics", parts.topics(here, media.topics)))
    body.append(parts.edit_link("media", media.id))
    first = own[0] if own else (others[0] if others else None)
    found = AUTHENTICITY[first.mediaAuthenticityCategory][0] if first else "Not reviewed"
    return Page(
        here,
        media.name,
        f"{found}: {media.name}",
        ctx.ld.media_page(media),
        "".join(body),
        # No summary line: the finding leads the page, and the facts follow it.
    )
