"""The pieces record pages share: sections, cited sources and appearances with their archive
copies, lists of claims, and the parts of a review (byline, picture, licence, translations,
sources, corrections)."""

from __future__ import annotations

from claimkit.core.models import (
    Appearance,
    Citation,
    Claim,
    License,
    ReviewBase,
    Translation,
    WorkType,
)
from claimkit.site.html import esc, inline, link, relative, safe_href
from claimkit.site.pages import (
    UNREVIEWED,
    Context,
    Verdict,
    badge,
    scale_place,
    unreviewed_note,
    verdict_block,
)

# Lists on a record page stop here and link to the full, paginated listing.
INLINE_LIMIT = 20

# What each sort of work is called in a sentence.
WORK_TYPES: dict[WorkType, str] = {
    WorkType.WEB_PAGE: "Web page",
    WorkType.NEWS_ARTICLE: "News article",
    WorkType.SOCIAL_MEDIA_POST: "Social media post",
    WorkType.VIDEO: "Video",
    WorkType.IMAGE: "Image",
    WorkType.AUDIO: "Audio",
    WorkType.BROADCAST: "Broadcast",
    WorkType.PRINT: "Print",
    WorkType.MESSAGING: "Message in a messaging app",
    WorkType.SPEECH: "Speech",
}


# Pagefind's mark for a part of a page its index leaves out (filters in it still count).
NOT_INDEXED = "data-pagefind-ignore"


def section(title: str, body: str, *, indexed: bool = False) -> str:
    """A titled part of a page; left out of the search index (which holds what a reader looks
    for: the claim, who made it, the verdict and the review's words) unless `indexed`."""
    if not body:
        return ""
    # An indexed part's heading is not: it is the same on every page.
    ignore, heading = ("", f" {NOT_INDEXED}") if indexed else (f" {NOT_INDEXED}", "")
    return f'<section class="ck-section"{ignore}><h2{heading}>{inline(title)}</h2>{body}</section>'


def out_link(text: str, url: str | None) -> str:
    """A link out to the web, or the text alone when the URL is not an http(s) one."""
    return link(text, safe_href(url, web_only=True), external=True)


def archive_links(urls: list[str]) -> str:
    """Links to a page's copies in web archives: "archived copy", or "archived copies 1, 2"."""
    safe = [href for href in (safe_href(u, web_only=True) for u in urls) if href]
    if not safe:
        return ""
    if len(safe) == 1:
        return link("archived copy", safe[0], external=True)
    numbered = ", ".join(link(str(n), href, external=True) for n, href in enumerate(safe, 1))
    return f"archived copies {numbered}"


def time_range(start: str | None, end: str | None) -> str:
    """The part of a video or audio that matters, in words; empty when none is given."""
    if start and end:
        return f"from {inline(start)} to {inline(end)}"
    if start:
        return f"from {inline(start)}"
    if end:
        return f"up to {inline(end)}"
    return ""


class RecordParts:
    """The pieces record pages share, for one catalog."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.c = ctx.catalog

    def lede(self, verdict: Verdict, *, facet: bool = False) -> str:
        """The large verdict that leads a claim's page: the label, its place on the scale in
        words (with the scale's ends) and what the label means, as the site's scale says; with
        `facet`, the label is the page's verdict for search (its filter and result line)."""
        c = self.c
        scale = sorted(c.site.scale.labels, key=lambda s: s.value)
        ends = (scale[0].label, scale[-1].label) if scale else None
        found = None
        if verdict is not UNREVIEWED:
            found = c.scale_label(verdict.label) or c.off_scale_label(verdict.label)
        meaning = found.description if found else ""
        return verdict_block(verdict, scale_place(verdict, ends), meaning, facet=facet)

    def language_facet(self, claim: Claim, review: ReviewBase | None) -> str:
        """The attributes that give a claim's page its language for search's language filter:
        the language of the page's text (its own review's, else the claim's), by name in the
        site's language; empty when it is not known."""
        ctx = self.ctx
        tag = ctx.review_language(review) if review is not None else ctx.claim_language(claim)
        if not tag:
            return ""
        return (
            ' data-pagefind-filter="language[data-ck-language]"'
            f' data-ck-language="{esc(ctx.language_name(tag))}"'
        )

    def citation(self, here: str, citation: Citation) -> str:
        """A cited source as HTML: an article on the site with its publisher and date, else a
        link to the source with its publisher and date, as far as they are known; and its
        archived copies."""
        c = self.c
        if citation.article and citation.article in c.articles:
            article = c.articles[citation.article]
            href = relative(here, self.ctx.page_path("article", article.id))
            publisher = c.organizations.get(article.publisher)
            by = f", {inline(publisher.name)}" if publisher else ""
            parts = [
                f"{link(article.headline, href)}{by}, {self.ctx.dates.html(article.datePublished)}"
            ]
            archives = [*article.archivedAt, *citation.archivedAt]
        else:
            parts = [out_link(citation.name or citation.url or "", citation.url)]
            if safe_href(citation.url, web_only=True) is None:
                # Said, so that the publisher's link after it is not taken for the source's.
                parts[0] += ' <span class="ck-nolink">(no link)</span>'
            if citation.publisher and citation.publisher in c.organizations:
                org = c.organizations[citation.publisher]
                href = relative(here, self.ctx.page_path("organization", org.id))
                parts.append(link(org.name, href))
            if citation.date:
                parts.append(self.ctx.dates.html(citation.date))
            archives = citation.archivedAt
        copies = archive_links(list(dict.fromkeys(archives)))
        if copies:
            parts.append(copies)
        return ", ".join(parts)

    def appearance(self, here: str, appearance: Appearance) -> str:
        """Where a claim or media appeared, as HTML: the sort of work in words, the platform,
        the author, the date, the part of a video or audio, the link and the archived copies."""
        c = self.c
        words: list[str] = []
        if appearance.type is not None:
            words.append(f'<span class="ck-work-type">{WORK_TYPES[appearance.type]}</span>')
        platform = appearance.platform
        if platform is not None:
            org = c.organizations.get(platform.organization or "")
            if org is not None:
                href = relative(here, self.ctx.page_path("organization", org.id))
                words.append(f"on {link(org.name, href)}")
            elif platform.name:
                words.append(f"on {inline(platform.name)}")
        if appearance.author is not None and c.party_name(appearance.author):
            words.append(f"by {self.ctx.party(here, appearance.author)}")
        span = time_range(appearance.startTime, appearance.endTime)
        if span:
            words.append(span)
        head = " ".join(words)
        where = self.citation(here, appearance)
        return f"{head}: {where}" if head else where

    def appearances(self, here: str, appearances: list[Appearance]) -> str:
        """Appearances as a list."""
        items = "".join(
            f'<li class="ck-appearance">{self.appearance(here, a)}</li>' for a in appearances
        )
        return f'<ul class="ck-appearances">{items}</ul>' if items else ""

    def claim_list(self, here: str, ids: list[str], more_href: str | None = None) -> str:
        """A list of these claims with their verdicts and dates: the first INLINE_LIMIT, and a
        link to all of them at `more_href` if there are more; empty for no claims."""
        if not ids:
            return ""
        rows = []
        shown = [self.ctx.verdict(self.c.claims[ident]) for ident in ids[:INLINE_LIMIT]]
        for ident, verdict in zip(ids[:INLINE_LIMIT], shown, strict=True):
            claim = self.c.claims[ident]
            href = relative(here, self.ctx.page_path("claim", ident))
            rows.append(
                f"<li>{badge(verdict, small=True)} "
                f"{link(claim.claimReviewed, href)} {self.ctx.dates.html(claim.dateMade)}</li>"
            )
        more = ""
        if len(ids) > INLINE_LIMIT and more_href:
            more = f'<p><a href="{esc(more_href)}">All {len(ids)} claims</a></p>'
        return f'<ul class="ck-claims">{"".join(rows)}</ul>{more}{unreviewed_note(shown)}'

    def topics(self, here: str, ids: list[str]) -> str:
        """Links to these topics' pages, in a paragraph, each a value of the page's topic filter
        for search; empty for none."""
        # Each topic is a value of the search's topic filter for the page.
        names = ", ".join(
            f'<span data-pagefind-filter="topic">'
            f"{link(self.c.topics[t].name, relative(here, self.ctx.page_path('topic', t)))}</span>"
            for t in ids
            if t in self.c.topics
        )
        return f"<p>{names}</p>" if names else ""

    def edit_link(self, kind: str, ident: str) -> str:
        """A link to edit the record's file in the site's repository; empty when the site names
        no repository."""
        repo = self.c.site.repository
        source = self.c.sources.get((kind, ident))
        if repo is None or source is None:
            return ""
        href = f"{repo.url.rstrip('/')}/{repo.editPath}/{repo.branch}/{source}"
        return f'<p class="ck-edit" {NOT_INDEXED}>{out_link("Edit this record", href)}</p>'

    # The parts of a review.
    def byline(self, here: str, review: ReviewBase) -> str:
        """Who published a review and when: its authors and publisher, its publication, its last
        change and its identifier."""
        c = self.c
        authors = ", ".join(
            link(c.people[a].name, relative(here, self.ctx.page_path("person", a)))
            for a in review.authors
            if a in c.people
        )
        publisher = c.organizations.get(review.publisher or c.site.publisher)
        name = inline(publisher.name) if publisher else "another fact-checker"
        by = authors or name
        text = f"Reviewed by {by} for {name}, published {self.ctx.dates.html(review.datePublished)}"
        if review.lastModified != review.datePublished:
            text += f", last updated {self.ctx.dates.html(review.lastModified)}"
        text += "."
        if review.identifier:
            text += f' Reference: <span class="ck-identifier">{inline(review.identifier)}</span>.'
        return f'<p class="ck-byline">{text}</p>'

    def picture(self, review: ReviewBase) -> str:
        """A link to a review's picture, named by its text alternative; empty when it has none
        (or its URL is not an http(s) one). A link, not the picture: a page loads nothing from
        other hosts, so the site works offline from its folder."""
        image = review.image
        href = safe_href(image.url, web_only=True) if image else None
        if image is None or href is None:
            return ""
        return f'<p class="ck-image-note">Picture: {out_link(image.alt or "the picture", href)}</p>'

    def licence(self, license_: License | None) -> str:
        """A review's licence, when it is not the site's; empty otherwise."""
        site = self.c.site.license
        if license_ is None or (license_.name, license_.url) == (site.name, site.url):
            return ""
        href = safe_href(license_.url, web_only=True)
        text = inline(license_.name or license_.url)  # a licence known only by its URL
        name = f'<a href="{esc(href)}" rel="license noopener nofollow">{text}</a>' if href else text
        return f'<p class="ck-licence">This review is published under {name}.</p>'

    def translation_target(self, translation: Translation) -> tuple[str, str | None, str] | None:
        """Where a translation is, its language (None when not known) and a name for it:
        the page of a claim record here, or a URL elsewhere; None for a claim that is not here."""
        if translation.claim is not None:
            other = self.c.claims.get(translation.claim)
            if other is None:
                return None
            # The other claim's own review says its language; without one, the translation.
            review = self.c.own_review(other)
            language = self.ctx.review_language(review) if review else translation.inLanguage
            return self.ctx.urls.page("claim", other.id), language, other.claimReviewed
        if translation.url is None:
            return None
        return translation.url, translation.inLanguage, translation.url

    def translations(self, here: str, review: ReviewBase) -> str:
        """The review's other language versions, and the one it translates, as links with their
        languages (hreflang where the language is known)."""
        rows = []
        listed = [("Translated from", review.translationOf)] if review.translationOf else []
        listed += [("In another language", t) for t in review.translations]
        for label, translation in listed:
            target = self.translation_target(translation)
            if target is None:
                continue
            url, language, name = target
            href = safe_href(url, web_only=True)
            if href and href.startswith(self.ctx.urls.base):
                href = relative(here, href[len(self.ctx.urls.base) :])
            lang = f' hreflang="{esc(language)}"' if language else ""
            # A claim record's name is its claim as its review words it, in that language.
            text = (
                f"<span{self.ctx.lang(language)}>{inline(name)}</span>"
                if translation.claim is not None and self.ctx.lang(language)
                else inline(name)
            )
            anchor = f'<a href="{esc(href)}"{lang}>{text}</a>' if href else text
            said = f" ({inline(language)})" if language else " (language not stated)"
            rows.append(f"<li>{label}: {anchor}{said}</li>")
        if not rows:
            return ""
        return f'<ul class="ck-translations">{"".join(rows)}</ul>'

    def alternates(self, review: ReviewBase | None) -> list[tuple[str, str]]:
        """A review's versions in other languages whose language is known, as (language, URL)
        pairs: the sitemap's hreflang alternates of the page (not its <head>, where Material's
        script would fetch `sitemap.xml` beside each, from other hosts too)."""
        if review is None:
            return []
        found: dict[str, str] = {}
        listed = [review.translationOf] if review.translationOf else []
        for translation in [*listed, *review.translations]:
            target = self.translation_target(translation)
            if target is None or target[1] is None:
                continue
            href = safe_href(target[0], web_only=True)
            if href:
                found.setdefault(href, target[1])
        return [(language, href) for href, language in found.items()]

    def sources(self, here: str, review: ReviewBase) -> str:
        """A review's sources and corrections, each under its heading."""
        body = []
        if review.sources:
            items = "".join(f"<li>{self.citation(here, s)}</li>" for s in review.sources)
            body.append(f"<h3>Sources</h3><ul>{items}</ul>")
        if review.corrections:
            items = "".join(
                f"<li>{self.ctx.dates.html(corr.date)}: {inline(corr.text)}</li>"
                for corr in review.corrections
            )
            body.append(f'<h3>Corrections</h3><ul class="ck-corrections">{items}</ul>')
        return "".join(body)
