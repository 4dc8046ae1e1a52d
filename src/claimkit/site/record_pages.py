"""One page per record: claims, articles, people, organizations and topics."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator

from claimkit.core.catalog import party_key
from claimkit.core.dates import first_day, sort_key
from claimkit.core.models import (
    Article,
    Citation,
    Claim,
    Organization,
    Person,
    Review,
    Topic,
)
from claimkit.site.html import esc, inline, link, paragraphs, relative, safe_href
from claimkit.site.media_pages import media_page
from claimkit.site.pages import Context, Page, badge, unreviewed_note
from claimkit.site.pictures.chain import ChainStep, attribution_chain
from claimkit.site.pictures.tally import TallyBar, tally
from claimkit.site.pictures.timeline import TimelinePoint, timeline_figure
from claimkit.site.record_parts import NOT_INDEXED, RecordParts, out_link, section

RELATED_LIMIT = 5
# The claims of a topic or an article that are candidates for a claim's related claims: the
# first this many in the catalog's list (site/page_keys.py keys a claim's page on them).
RELATED_CANDIDATES = 200


def _place_key(citation: Citation) -> tuple[str | None, ...]:
    """What makes two cited places the same place: the article, or the name, URL and publisher
    (a relay's source often leaves out the date its appearance gives)."""
    if citation.article:
        return (citation.article,)
    return (citation.name, citation.url, citation.publisher)


class RecordPages(RecordParts):
    """Makes the page of each record, from the pieces those pages share."""

    def verdict_tally(self, svg_id: str, title: str, ids: list[str]) -> str:
        """A chart of how many of these claims got each verdict, leaving out the verdicts none
        got."""
        counts: dict[str, int] = {}
        for ident in ids:
            label = self.ctx.verdict(self.c.claims[ident]).label
            counts[label] = counts.get(label, 0) + 1
        bars = [
            TallyBar(v.label, counts.get(v.label, 0), v.rating_class)
            for v in self.ctx.verdicts()
            if counts.get(v.label)
        ]
        return tally(svg_id, title, bars)

    # Claims.
    def claim(self, claim: Claim) -> Page:
        """A claim's page, verdict first: the verdict in words and on the scale; the claim, who
        made it and when; where it appeared (each place once, with its archived copies); the
        site's review; how the claim travelled; then other fact-checkers' verdicts, the media
        about it, its topics and related claims."""
        ctx, c = self.ctx, self.c
        here = ctx.page_path("claim", claim.id)
        verdict = ctx.verdict(claim)
        review = c.own_review(claim)
        made = f" on {ctx.dates.html(claim.dateMade)}" if claim.dateMade else ""
        quote = (
            f'<blockquote class="ck-quote"{ctx.lang(claim.quoteLanguage or ctx.claim_language(claim))}>'
            f"{paragraphs(claim.quote)}</blockquote>"
            if claim.quote
            else ""
        )
        parts = [
            self.lede(verdict, facet=True),
            f'<div class="ck-claim"{self.language_facet(claim, review)}>{quote}'
            f'<p class="ck-claimant">Made by {ctx.claimants(here, claim)}{made}.</p></div>',
            section("Where it appeared", self.places(here, claim)),
        ]
        if review is not None:
            parts.append(section("Our review", self.review(here, review), indexed=True))
        parts.append(section("How the claim travelled", self.chain(here, claim)))
        others = [r for r in claim.reviews if not c.is_own_review(r)]
        if others:
            parts.append(
                section(
                    "Other fact-checkers",
                    "<ul>" + "".join(self.external(here, r) for r in others) + "</ul>",
                )
            )
        parts.append(
            section("Media about this claim", self.media_list(here, ctx.media_of(claim.id)))
        )
        parts.append(section("Topics", self.topics(here, claim.topics)))
        related = self.related(claim)
        parts.append(section("Related claims", self.claim_list(here, related)))
        parts.append(self.edit_link("claim", claim.id))
        description = f"{verdict.label}: {claim.claimReviewed}" if review else claim.claimReviewed
        alternates = self.alternates(review)
        language = ctx.review_language(review) if review is not None else None
        if alternates and language:
            # Each language version names every other and itself (hreflang in the sitemap).
            alternates.insert(0, (language, ctx.urls.page("claim", claim.id)))
        return Page(
            here,
            claim.claimReviewed,
            description,
            ctx.ld.claim_page(claim),
            "".join(parts),
            # No summary line: the verdict block and the claimants follow the title at once.
            # Its language versions: hreflang alternates in the sitemap (theme's sitemap.xml).
            extra_meta={"ck_alternates": alternates} if alternates else {},
            # The claim as worded is the review's text (ClaimReview's claimReviewed).
            title_lang=ctx.lang(ctx.review_language(review)) if review else "",
            shows=tuple(f"claim:{ident}" for ident in related),
        )

    def places(self, here: str, claim: Claim) -> str:
        """Where a claim appeared, each place once: the first known appearance first, then the
        other appearances, then the places relays passed it on that are not among them."""
        listed = list(claim.appearances)
        first = claim.firstAppearance
        if first is not None:
            listed = [first, *(a for a in listed if a != first)]
        rows: list[str] = []
        seen: set[tuple[str | None, ...]] = set()
        for n, appearance in enumerate(listed):
            key = _place_key(appearance)
            if key in seen:
                continue
            seen.add(key)
            mark = "<strong>First known:</strong> " if first is not None and n == 0 else ""
            rows.append(f'<li class="ck-appearance">{mark}{self.appearance(here, appearance)}</li>')
        for relay in claim.relays:
            if relay.source is None or _place_key(relay.source) in seen:
                continue
            seen.add(_place_key(relay.source))
            rows.append(
                f'<li class="ck-appearance">Relayed by {self.ctx.party(here, relay.by)}: '
                f"{self.citation(here, relay.source)}</li>"
            )
        return f'<ul class="ck-appearances">{"".join(rows)}</ul>' if rows else ""

    def review(self, here: str, review: Review) -> str:
        """A review as HTML: its headline, picture, summary and explanation (marked with their
        language when it is not the site's), who published it and when, its licence, its other
        language versions, its sources and its corrections."""
        lang = self.ctx.lang(self.ctx.review_language(review))
        body = [
            f'<p class="ck-headline"{lang}><strong>{inline(review.headline)}</strong></p>'
            if review.headline
            else "",
            self.picture(review),
            f'<div class="ck-summary"{lang}>{paragraphs(review.summary)}</div>'
            if review.summary
            else "",
            f'<h3 {NOT_INDEXED}>Why this verdict</h3><div class="ck-explanation"{lang}>'
            f"{paragraphs(review.explanation)}</div>"
            if review.explanation
            else "",
            # Who published it, its licence, versions and sources: not what readers search for.
            f"<div {NOT_INDEXED}>",
            self.byline(here, review),
            self.licence(review.license),
            self.translations(here, review),
            self.sources(here, review),
            "</div>",
        ]
        return "".join(body)

    def external(self, here: str, review: Review) -> str:
        """Another fact-checker's review as a list item: who, their verdict (in their language)
        linked to their review, and its date."""
        org = self.c.organizations.get(review.publisher or "")
        name = org.name if org else "Another fact-checker"
        href = relative(here, self.ctx.page_path("organization", org.id)) if org else None
        lang = self.ctx.lang(self.ctx.review_language(review))
        label = f"rated it “<span{lang}>{inline(review.rating)}</span>”"
        url = safe_href(review.url, web_only=True)
        rated = f'<a href="{esc(url)}" rel="noopener nofollow">{label}</a>' if url else label
        return f"<li>{link(name, href)} {rated}, {self.ctx.dates.html(review.datePublished)}.</li>"

    def media_list(self, here: str, ids: list[str]) -> str:
        """A list of these media records, linked to their pages; empty for none."""
        items = "".join(
            f"<li>{link(self.c.media[i].name, relative(here, self.ctx.page_path('media', i)))}</li>"
            for i in ids
            if i in self.c.media
        )
        return f'<ul class="ck-media-list">{items}</ul>' if items else ""

    def chain(self, here: str, claim: Claim) -> str:
        """How a claim travelled: a figure from its claimants through each relay to the articles
        it appeared in; its one text alternative is the picture's own description."""
        c = self.c
        claimants = c.claimant_names(claim) or "an unknown source"
        keys = [party_key(p) for p in claim.claimants]
        steps = [
            ChainStep(
                claimants,
                "made the claim",
                self.ctx.dates.words(claim.dateMade) if claim.dateMade else None,
                None,
                self._party_href(here, keys[0]) if len(keys) == 1 else None,
            )
        ]
        previous = claimants
        for relay in claim.relays:
            name = c.party_name(relay.by)
            steps.append(
                ChainStep(
                    name,
                    "relayed it",
                    self.ctx.dates.words(relay.date) if relay.date else None,
                    f"citing {previous}",
                    self._party_href(here, party_key(relay.by)),
                )
            )
            previous = name
        for appearance in claim.appearances:
            if appearance.article and appearance.article in c.articles:
                article = c.articles[appearance.article]
                publisher = c.organizations.get(article.publisher)
                steps.append(
                    ChainStep(
                        article.headline,
                        "appeared in",
                        self.ctx.dates.words(article.datePublished),
                        publisher.name if publisher else None,
                        relative(here, self.ctx.page_path("article", article.id)),
                    )
                )
        svg = attribution_chain(
            f"chain-{claim.id}", f"How “{claim.claimReviewed}” travelled", steps
        )
        return f'<figure class="ck-figure ck-figure--chain">{svg}</figure>'

    def _party_href(self, here: str, key: tuple[str, str] | None) -> str | None:
        return relative(here, self.ctx.page_path(*key)) if key else None

    def related(self, claim: Claim) -> list[str]:
        """Claims that share a topic or an article with this one, most shared first."""
        c = self.c
        score: Counter[str] = Counter()  # counts in C: a claim has hundreds of candidates
        for topic in claim.topics:
            score.update(c.claims_on_topic.get(topic, [])[:RELATED_CANDIDATES])
        for _, kind, ident in claim.references():
            if kind == "article":
                sharing = c.claims_in_article.get(ident, [])[:RELATED_CANDIDATES]
                score.update(sharing)
                score.update(sharing)  # an article shared counts twice
        score.pop(claim.id, None)
        # The first few by score, then id: the ids of each score, highest first, in id order.
        chosen: list[str] = []
        for points in sorted(set(score.values()), reverse=True):
            tied = [other for other, got in score.items() if got == points]
            chosen += heapq.nsmallest(RELATED_LIMIT - len(chosen), tied)
            if len(chosen) == RELATED_LIMIT:
                break
        return chosen

    # Articles.
    def article(self, article: Article) -> Page:
        """An article's page: who published and wrote it and when, its description, and the
        claims it reports with their verdicts."""
        ctx, c = self.ctx, self.c
        here = ctx.page_path("article", article.id)
        publisher = c.organizations[article.publisher]
        authors = ", ".join(
            link(c.people[a].name, relative(here, ctx.page_path("person", a)))
            for a in article.authors
        )
        facts = [
            f"<dt>Published by</dt><dd>{link(publisher.name, relative(here, ctx.page_path('organization', publisher.id)))}</dd>",
            f"<dt>Written by</dt><dd>{authors or 'not named'}</dd>",
            f"<dt>Published</dt><dd>{self.ctx.dates.html(article.datePublished)}</dd>",
            f"<dt>Original</dt><dd>{out_link(article.url, article.url)}</dd>",
        ]
        if article.dateModified:
            facts.append(f"<dt>Updated</dt><dd>{self.ctx.dates.html(article.dateModified)}</dd>")
        copies = [u for u in article.archivedAt if safe_href(u, web_only=True)]
        if copies:
            label = "Archived copy" if len(copies) == 1 else "Archived copies"
            items = "<br>".join(out_link(u, u) for u in copies)
            facts.append(f"<dt>{label}</dt><dd>{items}</dd>")
        parts = [f'<dl class="ck-facts" {NOT_INDEXED}>{"".join(facts)}</dl>']
        if article.description:
            parts.append(paragraphs(article.description))
        image = article.image
        if image is not None and safe_href(image.url, web_only=True):
            # A link, not the picture: the site loads nothing from other hosts.
            credit = f" ({inline(image.credit)})" if image.credit else ""
            parts.append(
                f'<p class="ck-image-note">Picture: {out_link(image.caption, image.url)}{credit}</p>'
            )
        ids = c.claims_in_article.get(article.id, [])
        annotated = []
        shown = [ctx.verdict(c.claims[ident]) for ident in ids]
        for ident in ids:
            claim = c.claims[ident]
            verdict = ctx.verdict(claim)
            review = c.own_review(claim)
            why = (
                f'<div class="ck-why"{ctx.lang(ctx.review_language(review))}>'
                f"{paragraphs(review.summary)}</div>"
                if review and review.summary
                else ""
            )
            annotated.append(
                f'<li class="ck-annotation">{badge(verdict, small=True)} '
                f"{link(claim.claimReviewed, relative(here, ctx.page_path('claim', ident)))}"
                f"{why}</li>"
            )
        parts.append(
            section(
                f"The claims it reports ({len(ids)})",
                f'<ol class="ck-reading">{"".join(annotated)}</ol>{unreviewed_note(shown)}',
            )
        )
        parts.append(self.edit_link("article", article.id))
        return Page(
            here,
            article.headline,
            f"Claims reported in “{article.headline}”",
            ctx.ld.article_page(article),
            "".join(parts),
            # Out of the search index: an article's page lists the claims it reports, each found
            # on its own page. There are about a fifth as many articles as claims, and every page
            # in the index costs each query's first download about 6 bytes (Pagefind's list of
            # pages is loaded whole): at 100,000 claims, leaving them out keeps the first
            # results of a query under 1 MB (toolkit-docs/performance.md).
            searchable=False,
            # The headline is the article's own, in its language.
            title_lang=ctx.lang(
                c.language(article.inLanguage, article.publisher == c.site.publisher)
            ),
        )

    # People and organizations.
    def party(self, kind: str, record: Person | Organization) -> Page:
        """The page of a person or organization: what is known of them, the verdicts on their
        claims, and the claims they made, relayed and reviewed."""
        ctx, c = self.ctx, self.c
        here = ctx.page_path(kind, record.id)
        key = (kind, record.id)
        made = ctx.newest_first(c.claims_made.get(key, []))
        relayed = ctx.newest_first(c.claims_relayed.get(key, []))
        reviewed = ctx.newest_first(c.reviews_by.get(key, []))
        facts = []
        if isinstance(record, Person):
            if record.jobTitle:
                facts.append(f"<dt>Role</dt><dd>{inline(record.jobTitle)}</dd>")
            if record.affiliation and record.affiliation in c.organizations:
                org = c.organizations[record.affiliation]
                facts.append(
                    f"<dt>Affiliation</dt><dd>{link(org.name, relative(here, ctx.page_path('organization', org.id)))}</dd>"
                )
        else:
            facts.append(f"<dt>Kind</dt><dd>{inline(record.kind.value.replace('-', ' '))}</dd>")
        if record.url:
            facts.append(f"<dt>Website</dt><dd>{out_link(record.url, record.url)}</dd>")
        for same in record.sameAs:
            facts.append(f"<dt>Elsewhere</dt><dd>{out_link(same, same)}</dd>")
        picture = record.image if isinstance(record, Person) else record.logo
        if safe_href(picture, web_only=True):
            # A link, not the picture: a page loads nothing from other hosts.
            word = "Picture" if isinstance(record, Person) else "Logo"
            facts.append(f"<dt>{word}</dt><dd>{out_link(picture or '', picture)}</dd>")
        parts = [
            f'<dl class="ck-facts" {NOT_INDEXED}>{"".join(facts)}</dl>' if facts else "",
        ]
        if record.description:
            parts.append(paragraphs(record.description))
        if made:
            parts.append(
                section(
                    "Verdicts on their claims",
                    f'<figure class="ck-figure">{self.verdict_tally(f"tally-{kind}-{record.id}", f"Verdicts on claims by {record.name}", made)}</figure>',
                )
            )
        facet = relative(here, f"claims/claimant/{kind}-{record.id}/")
        parts.append(section(f"Claims made ({len(made)})", self.claim_list(here, made, facet)))
        parts.append(section(f"Claims relayed ({len(relayed)})", self.claim_list(here, relayed)))
        parts.append(section(f"Reviews written ({len(reviewed)})", self.claim_list(here, reviewed)))
        parts.append(self.edit_link(kind, record.id))
        node = ctx.ld.person(record) if isinstance(record, Person) else ctx.ld.organization(record)
        return Page(
            here,
            record.name,
            f"Claims made and relayed by {record.name}",
            {"@context": "https://schema.org", **node},
            "".join(parts),
        )

    # Topics.
    def topic(self, topic: Topic) -> Page:
        """A topic's page: its description, a timeline of its dated claims, and its claims,
        newest first."""
        ctx, c = self.ctx, self.c
        here = ctx.page_path("topic", topic.id)
        ids = ctx.newest_first(c.claims_on_topic.get(topic.id, []))
        points = []
        for ident in ids:
            claim = c.claims[ident]
            if claim.dateMade is None:
                continue
            verdict = ctx.verdict(claim)
            points.append(
                TimelinePoint(
                    claim.dateMade,
                    claim.claimReviewed,
                    None if verdict.rating_class == "unreviewed" else verdict.label,
                    verdict.rating_class,
                    relative(here, ctx.page_path("claim", ident)),
                )
            )
        points.sort(key=lambda p: (first_day(p.date), sort_key(p.date), p.label))
        parts = [paragraphs(topic.description) if topic.description else ""]
        for same in topic.sameAs:
            parts.append(f"<p>Elsewhere: {out_link(same, same)}</p>")
        if points:
            svg = timeline_figure(
                f"timeline-{topic.id}", f"Claims about {topic.name} over time", points, ctx.dates
            )
            note = unreviewed_note(ctx.verdict(c.claims[i]) for i in ids)
            parts.append(section("Timeline", f'<figure class="ck-figure">{svg}</figure>{note}'))
        facet = relative(here, f"claims/topic/{topic.id}/")
        parts.append(section(f"Claims ({len(ids)})", self.claim_list(here, ids, facet)))
        media = ctx.media_on(topic.id)
        parts.append(section(f"Media ({len(media)})", self.media_list(here, media)))
        parts.append(self.edit_link("topic", topic.id))
        return Page(
            here,
            topic.name,
            f"Claims about {topic.name}",
            {"@context": "https://schema.org", **ctx.ld.topic(topic)},
            "".join(parts),
        )


RecordKey = tuple[str, str]


def record_keys(ctx: Context) -> list[RecordKey]:
    """Every record that gets a page, as (kind, id)."""
    c = ctx.catalog
    return [
        *(("claim", i) for i in c.claims),
        *(("article", i) for i in c.articles),
        *(("person", i) for i in c.people),
        *(("organization", i) for i in c.organizations),
        *(("topic", i) for i in c.topics),
        *(("media", i) for i in c.media),
    ]


def record_pages(ctx: Context, keys: list[RecordKey] | None = None) -> Iterator[Page]:
    """The pages of the given records (default: all)."""
    pages = RecordPages(ctx)
    c = ctx.catalog
    for kind, ident in record_keys(ctx) if keys is None else keys:
        if kind == "claim":
            yield pages.claim(c.claims[ident])
        elif kind == "article":
            yield pages.article(c.articles[ident])
        elif kind == "person":
            yield pages.party("person", c.people[ident])
        elif kind == "organization":
            yield pages.party("organization", c.organizations[ident])
        elif kind == "media":
            yield media_page(pages, c.media[ident])
        else:
            yield pages.topic(c.topics[ident])
