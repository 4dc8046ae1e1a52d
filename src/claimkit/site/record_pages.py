"""One page per record: claims, articles, people, organizations and topics."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator

from claimkit.core.catalog import party_key
from claimkit.core.models import Article, Citation, Claim, Organization, Person, Review, Topic
from claimkit.site.html import esc, inline, link, paragraphs, relative, safe_href
from claimkit.site.pages import Context, Page, badge
from claimkit.site.pictures.chain import ChainStep, attribution_chain
from claimkit.site.pictures.tally import TallyBar, tally
from claimkit.site.pictures.timeline import TimelinePoint, timeline

# Lists on a record page stop here and link to the full, paginated listing.
INLINE_LIMIT = 20
RELATED_LIMIT = 5


def section(title: str, body: str) -> str:
    """A titled part of a page, left out of the search index to keep the index small."""
    if not body:
        return ""
    return (
        f'<section class="ck-section" data-search-exclude><h2>{inline(title)}</h2>{body}</section>'
    )


def _date(value: object) -> str:
    return f"<time>{esc(str(value))}</time>" if value else "date unknown"


class RecordPages:
    """Makes the page of each record, from the pieces those pages share."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.c = ctx.catalog

    # Shared pieces.
    def citation(self, here: str, citation: Citation) -> str:
        """A cited source as HTML: an article on the site with its publisher and date, else a
        link to the source with its publisher, date and archived copy, as far as they are known."""
        c = self.c
        if citation.article and citation.article in c.articles:
            article = c.articles[citation.article]
            href = relative(here, self.ctx.page_path("article", article.id))
            publisher = c.organizations.get(article.publisher)
            by = f", {inline(publisher.name)}" if publisher else ""
            return f"{link(article.headline, href)}{by}, {_date(article.datePublished)}"
        parts = [
            link(
                citation.name or citation.url or "",
                safe_href(citation.url or "", web_only=True),
                external=True,
            )
        ]
        if citation.publisher and citation.publisher in c.organizations:
            org = c.organizations[citation.publisher]
            href = relative(here, self.ctx.page_path("organization", org.id))
            parts.append(link(org.name, href))
        if citation.date:
            parts.append(_date(citation.date))
        if citation.archiveUrl and safe_href(citation.archiveUrl, web_only=True):
            parts.append(link("archived copy", citation.archiveUrl, external=True))
        return ", ".join(parts)

    def claim_list(self, here: str, ids: list[str], more_href: str | None = None) -> str:
        """A list of these claims with their verdicts and dates: the first INLINE_LIMIT, and a
        link to all of them at `more_href` if there are more; empty for no claims."""
        if not ids:
            return ""
        rows = []
        for ident in ids[:INLINE_LIMIT]:
            claim = self.c.claims[ident]
            href = relative(here, self.ctx.page_path("claim", ident))
            rows.append(
                f"<li>{badge(self.ctx.verdict(claim), small=True)} "
                f"{link(claim.claimReviewed, href)} {_date(claim.dateMade)}</li>"
            )
        more = ""
        if len(ids) > INLINE_LIMIT and more_href:
            more = f'<p><a href="{esc(more_href)}">All {len(ids)} claims</a></p>'
        return f'<ul class="ck-claims">{"".join(rows)}</ul>{more}'

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

    def edit_link(self, kind: str, ident: str) -> str:
        """A link to edit the record's file in the site's repository; empty when the site names
        no repository."""
        repo = self.c.site.repository
        source = self.c.sources.get((kind, ident))
        if repo is None or source is None:
            return ""
        href = f"{repo.url.rstrip('/')}/{repo.editPath}/{repo.branch}/{source}"
        return (
            f'<p class="ck-edit" data-search-exclude>'
            f"{link('Edit this record', safe_href(href, web_only=True), external=True)}</p>"
        )

    # Claims.
    def claim(self, claim: Claim) -> Page:
        """A claim's page: its verdict and the site's review, how it travelled, where it
        appeared, other fact-checkers' verdicts, its topics and related claims."""
        ctx, c = self.ctx, self.c
        here = ctx.page_path("claim", claim.id)
        verdict = ctx.verdict(claim)
        claimant = claim.claimant
        who = ctx.party_link(here, party_key(claimant), c.party_name(claimant))
        made = f" on {_date(claim.dateMade)}" if claim.dateMade else ""
        head = (
            f'<div class="ck-lede">{badge(verdict)}'
            f'<p class="ck-claimant">Claimed by {who}{made}.</p></div>'
        )
        quote = (
            f'<blockquote class="ck-quote">{paragraphs(claim.quote)}</blockquote>'
            if claim.quote
            else ""
        )
        review = c.own_review(claim)
        parts = [head, quote]
        if review is not None:
            parts.append(section("The verdict", self.review(here, review)))
        parts.append(section("How the claim travelled", self.chain(here, claim)))
        parts.append(
            section(
                "Where it appeared",
                "<ul>"
                + "".join(f"<li>{self.citation(here, a)}</li>" for a in claim.appearances)
                + "</ul>"
                + (
                    f"<p>First appeared: {self.citation(here, claim.firstAppearance)}</p>"
                    if claim.firstAppearance
                    else ""
                ),
            )
        )
        others = [r for r in claim.reviews if not c.is_own_review(r)]
        if others:
            parts.append(
                section(
                    "Other fact-checkers",
                    "<ul>" + "".join(self.external(here, r) for r in others) + "</ul>",
                )
            )
        if claim.topics:
            topics = ", ".join(
                link(c.topics[t].name, relative(here, ctx.page_path("topic", t)))
                for t in claim.topics
            )
            parts.append(section("Topics", f"<p>{topics}</p>"))
        parts.append(section("Related claims", self.claim_list(here, self.related(claim))))
        parts.append(self.edit_link("claim", claim.id))
        description = f"{verdict.label}: {claim.claimReviewed}" if review else claim.claimReviewed
        when = f" on {claim.dateMade}" if claim.dateMade else ""
        summary = f"{verdict.label}. Claimed by {c.party_name(claimant)}{when}."
        return Page(
            here,
            claim.claimReviewed,
            description,
            ctx.ld.claim_page(claim),
            "".join(parts),
            summary=summary,
        )

    def review(self, here: str, review: Review) -> str:
        """A review as HTML: its summary and explanation, who published it and when, its sources
        and its corrections."""
        c = self.c
        authors = ", ".join(
            link(c.people[a].name, relative(here, self.ctx.page_path("person", a)))
            for a in review.authors
        )
        publisher = c.organizations[review.publisher or c.site.publisher]
        by = authors or inline(publisher.name)
        body = [
            f'<div class="ck-summary">{paragraphs(review.summary)}</div>',
            f"<h3>Why this verdict</h3>{paragraphs(review.explanation)}",
            f'<p class="ck-byline">Reviewed by {by} for {inline(publisher.name)}, published '
            f"{_date(review.datePublished)}"
            + (f", updated {_date(review.dateModified)}" if review.corrections else "")
            + ".</p>",
        ]
        if review.sources:
            items = "".join(f"<li>{self.citation(here, s)}</li>" for s in review.sources)
            body.append(f"<h3>Sources</h3><ul>{items}</ul>")
        if review.corrections:
            items = "".join(
                f"<li>{_date(corr.date)}: {inline(corr.text)}</li>" for corr in review.corrections
            )
            body.append(f'<h3>Corrections</h3><ul class="ck-corrections">{items}</ul>')
        return "".join(body)

    def external(self, here: str, review: Review) -> str:
        """Another fact-checker's review as a list item: who, their verdict linked to their
        review, and its date."""
        org = self.c.organizations.get(review.publisher or "")
        name = org.name if org else "Another fact-checker"
        href = relative(here, self.ctx.page_path("organization", org.id)) if org else None
        rated = link(
            f"rated it “{review.rating}”", safe_href(review.url or "", web_only=True), external=True
        )
        return f"<li>{link(name, href)} {rated}, {_date(review.datePublished)}.</li>"

    def chain(self, here: str, claim: Claim) -> str:
        """How a claim travelled: a figure from its claimant through each relay to the articles
        it appeared in, then the relays as a list."""
        c = self.c
        steps = [
            ChainStep(
                c.party_name(claim.claimant),
                "made the claim",
                str(claim.dateMade) if claim.dateMade else None,
                None,
                self._party_href(here, party_key(claim.claimant)),
            )
        ]
        previous = c.party_name(claim.claimant)
        for relay in claim.relays:
            name = c.party_name(relay.by)
            steps.append(
                ChainStep(
                    name,
                    "relayed it",
                    str(relay.date) if relay.date else None,
                    f"citing {previous}",
                    self._party_href(here, party_key(relay.by)),
                )
            )
            previous = name
        for appearance in claim.appearances:
            if appearance.article and appearance.article in c.articles:
                article = c.articles[appearance.article]
                steps.append(
                    ChainStep(
                        article.headline,
                        "appeared in",
                        str(article.datePublished),
                        c.organizations[article.publisher].name,
                        relative(here, self.ctx.page_path("article", article.id)),
                    )
                )
        svg = attribution_chain(
            f"chain-{claim.id}", f"How “{claim.claimReviewed}” travelled", steps
        )
        rows = []
        prev = c.party_name(claim.claimant)
        for relay in claim.relays:
            name = self.ctx.party_link(here, party_key(relay.by), c.party_name(relay.by))
            where = f" in {self.citation(here, relay.source)}" if relay.source else ""
            rows.append(
                f"<li>{name} relayed it, citing {inline(prev)}, on {_date(relay.date)}{where}.</li>"
            )
            prev = c.party_name(relay.by)
        listing = (
            f"<ol>{''.join(rows)}</ol>" if rows else "<p>No one is recorded as relaying it.</p>"
        )
        return f'<figure class="ck-figure">{svg}</figure>{listing}'

    def _party_href(self, here: str, key: tuple[str, str] | None) -> str | None:
        return relative(here, self.ctx.page_path(*key)) if key else None

    def related(self, claim: Claim) -> list[str]:
        """Claims that share a topic or an article with this one, most shared first."""
        c = self.c
        score: Counter[str] = Counter()  # counts in C: a claim has hundreds of candidates
        for topic in claim.topics:
            score.update(c.claims_on_topic.get(topic, [])[:200])
        for _, kind, ident in claim.references():
            if kind == "article":
                sharing = c.claims_in_article.get(ident, [])[:200]
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
            f"<dt>Published</dt><dd>{_date(article.datePublished)}</dd>",
            f"<dt>Original</dt><dd>{link(article.url, safe_href(article.url, web_only=True), external=True)}</dd>",
        ]
        if article.archiveUrl:
            facts.append(
                f"<dt>Archived copy</dt><dd>{link(article.archiveUrl, safe_href(article.archiveUrl, web_only=True), external=True)}</dd>"
            )
        parts = [f'<dl class="ck-facts" data-search-exclude>{"".join(facts)}</dl>']
        if article.description:
            parts.append(paragraphs(article.description))
        if article.image:
            credit = f" ({inline(article.image.credit)})" if article.image.credit else ""
            parts.append(
                f'<p class="ck-image-note">Picture: {inline(article.image.caption)}{credit}</p>'
            )
        ids = c.claims_in_article.get(article.id, [])
        annotated = []
        for ident in ids:
            claim = c.claims[ident]
            verdict = ctx.verdict(claim)
            review = c.own_review(claim)
            why = f'<div class="ck-why">{paragraphs(review.summary)}</div>' if review else ""
            annotated.append(
                f'<li class="ck-annotation">{badge(verdict, small=True)} '
                f"{link(claim.claimReviewed, relative(here, ctx.page_path('claim', ident)))}"
                f"{why}</li>"
            )
        parts.append(
            section(
                f"The claims it reports ({len(ids)})",
                f'<ol class="ck-reading">{"".join(annotated)}</ol>',
            )
        )
        parts.append(self.edit_link("article", article.id))
        return Page(
            here,
            article.headline,
            f"Claims reported in “{article.headline}”",
            ctx.ld.article_page(article),
            "".join(parts),
        )

    # People and organizations.
    def party(self, kind: str, record: Person | Organization) -> Page:
        """The page of a person or organization: what is known of them, the verdicts on their
        claims, and the claims they made, relayed and reviewed."""
        ctx, c = self.ctx, self.c
        here = ctx.page_path(kind, record.id)
        key = (kind, record.id)
        made = c.claims_made.get(key, [])
        relayed = c.claims_relayed.get(key, [])
        reviewed = c.reviews_by.get(key, [])
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
            facts.append(
                f"<dt>Website</dt><dd>{link(record.url, safe_href(record.url, web_only=True), external=True)}</dd>"
            )
        for same in record.sameAs:
            facts.append(
                f"<dt>Elsewhere</dt><dd>{link(same, safe_href(same, web_only=True), external=True)}</dd>"
            )
        parts = [f'<dl class="ck-facts" data-search-exclude>{"".join(facts)}</dl>' if facts else ""]
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
        """A topic's page: its description, a timeline of its dated claims, and its claims."""
        ctx, c = self.ctx, self.c
        here = ctx.page_path("topic", topic.id)
        ids = c.claims_on_topic.get(topic.id, [])
        points = []
        for ident in ids:
            claim = c.claims[ident]
            if claim.dateMade is None:
                continue
            verdict = ctx.verdict(claim)
            points.append(
                TimelinePoint(
                    str(claim.dateMade),
                    claim.claimReviewed,
                    None if verdict.rating_class == "unreviewed" else verdict.label,
                    verdict.rating_class,
                    relative(here, ctx.page_path("claim", ident)),
                )
            )
        points.sort(key=lambda p: (p.date, p.label))
        parts = [paragraphs(topic.description) if topic.description else ""]
        for same in topic.sameAs:
            parts.append(
                f"<p>Elsewhere: {link(same, safe_href(same, web_only=True), external=True)}</p>"
            )
        if points:
            svg = timeline(f"timeline-{topic.id}", f"Claims about {topic.name} over time", points)
            parts.append(section("Timeline", f'<figure class="ck-figure">{svg}</figure>'))
        facet = relative(here, f"claims/topic/{topic.id}/")
        parts.append(section(f"Claims ({len(ids)})", self.claim_list(here, ids, facet)))
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
        else:
            yield pages.topic(c.topics[ident])
