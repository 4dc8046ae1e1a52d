"""Index pages: home, the claims index with its facets (verdict, topic, claimant), and lists."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence

from claimkit.site.html import esc, inline, link, paragraphs, relative
from claimkit.site.pages import (
    PAGE_SIZE,
    UNREVIEWED,
    UNREVIEWED_MEANING,
    Context,
    Page,
    Verdict,
    badge,
    newest_first,
    unreviewed_note,
)
from claimkit.site.pictures.tally import TallyBar, tally

LATEST = 10


def _pagination(base: str, items: Sequence[str]) -> Iterator[tuple[int, int, str, Sequence[str]]]:
    """The pages a list of `items` at `base` is cut into: each one's number, the number of
    pages, its path (the first at `base`, the rest at `base`page-N/) and its items."""
    total = max(1, -(-len(items) // PAGE_SIZE))
    for number in range(1, total + 1):
        path = base if number == 1 else f"{base}page-{number}/"
        yield number, total, path, items[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]


def paginate(
    ctx: Context,
    base: str,
    title: str,
    description: str,
    items: Sequence[str],
    render: Callable[[str, Sequence[str]], str],
    intro: str = "",
) -> Iterator[Page]:
    """Pages of at most PAGE_SIZE items: the first at `base`, the rest at `base`page-N/; none
    of those an incremental build takes from the published build (`Lists.keyed_pages`)."""
    for number, total, path, chunk in _pagination(base, items):
        if ctx.kept and f"{path.rstrip('/')}.md" in ctx.kept:
            continue
        nav = _pager(path, base, number, total)
        heading = title if number == 1 else f"{title} (page {number} of {total})"
        # Only the first page of a list is worth finding by search, and by its title alone: its
        # items are pages of their own, which the index holds.
        body = f"<div data-pagefind-ignore>{intro if number == 1 else ''}{render(path, chunk)}{nav}</div>"
        yield Page(
            path,
            heading,
            description,
            ctx.ld.web_page(path, heading, "CollectionPage"),
            body,
            searchable=number == 1 and base.count("/") <= 1,
        )


def _pager(here: str, base: str, number: int, total: int) -> str:
    if total == 1:
        return ""

    def href(n: int) -> str:
        return relative(here, base if n == 1 else f"{base}page-{n}/")

    links = []
    if number > 1:
        links.append(f'<a href="{esc(href(number - 1))}" rel="prev">Previous</a>')
    links.append(f"<span>Page {number} of {total}</span>")
    if number < total:
        links.append(f'<a href="{esc(href(number + 1))}" rel="next">Next</a>')
    return f'<nav class="ck-pager" aria-label="Pages">{" ".join(links)}</nav>'


class Lists:
    """The home page and the list pages, with every claim's verdict and the claims' order: newest
    first, undated last."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.c = ctx.catalog
        # Newest first (a month before the days in it: its date is known less well), in id
        # order within a date; claims without a date last.
        self.claim_order = ctx.claim_order()
        self.rank = {ident: n for n, ident in enumerate(self.claim_order)}
        self.by_verdict: dict[str, list[str]] = {}
        self.verdict_of: dict[str, Verdict] = {}
        for ident in self.claim_order:
            verdict = ctx.verdict(self.c.claims[ident])
            self.verdict_of[ident] = verdict
            self.by_verdict.setdefault(verdict.label, []).append(ident)

    def verdict_lists(self) -> Iterator[tuple[Verdict, str, list[str]]]:
        """The lists of the claims of each verdict that has any: the verdict, the list's path
        and its claims, in order."""
        for verdict in self.ctx.verdicts():
            ids = self.by_verdict.get(verdict.label, [])
            if ids:
                yield verdict, f"claims/verdict/{verdict.slug}/", ids

    def keyed_pages(self, claim_keys: Mapping[str, str]) -> dict[str, str]:
        """A key for each page of the lists of all claims and of each verdict (but the first of
        all claims, whose links count every verdict, topic and claimant): its place in its list
        and the page key of each claim in its rows (site/page_keys.py: a row shows what the
        claim's page shows of the claim, its claimants and verdict), by source path. An
        incremental build takes a page whose key is unchanged from the published build. None
        without the claims' keys."""
        if not claim_keys:
            return {}
        found: dict[str, str] = {}
        lists = [("claims/", self.claim_order)] + [(b, ids) for _, b, ids in self.verdict_lists()]
        for base, ids in lists:
            for number, total, path, chunk in _pagination(base, ids):
                if base == "claims/" and number == 1:
                    continue
                h = hashlib.blake2b(f"{path}\0{number}\0{total}".encode(), digest_size=16)
                for ident in chunk:
                    key = claim_keys.get(f"claim:{ident}", "-")
                    h.update(f"{ident}={key};".encode())
                found[f"{path.rstrip('/')}.md"] = h.hexdigest()
        return found

    def ordered(self, ids: Sequence[str]) -> list[str]:
        """These claims in list order: newest first, undated last."""
        return sorted(ids, key=self.rank.__getitem__)

    def claim_table(
        self, here: str, ids: Sequence[str], reviewed: Mapping[str, str] | None = None
    ) -> str:
        """A table of these claims with their verdicts, claimants and dates (the date each was
        made, or with `reviewed` the date of its review), linked from the page at `here`; a line
        saying there are none if the list is empty. On narrow screens each row is a block of its
        cells, each named by its column (the theme's CSS, from `data-label`)."""
        if not ids:
            return "<p>No claims yet.</p>"
        when = "Reviewed" if reviewed is not None else "Date"
        rows = []
        for ident in ids:
            claim = self.c.claims[ident]
            who = self.ctx.claimants(here, claim)
            href = relative(here, self.ctx.page_path("claim", ident))
            day = reviewed.get(ident) if reviewed is not None else claim.dateMade
            date = self.ctx.dates.html(day, "unknown")
            rows.append(
                f'<tr><td data-label="Verdict">{badge(self.verdict_of[ident], small=True)}</td>'
                f'<td data-label="Claim">{link(claim.claimReviewed, href)}</td>'
                f'<td data-label="Claimant">{who}</td><td data-label="{when}">{date}</td></tr>'
            )
        note = unreviewed_note(self.verdict_of[i] for i in ids)
        return (
            '<table><thead><tr><th scope="col">Verdict</th>'
            '<th scope="col">Claim</th><th scope="col">Claimant</th>'
            f'<th scope="col">{when}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>' + note
        )

    def facets(self, here: str) -> str:
        """Links to the claims of each verdict, of the 30 topics and 30 claimants with the most
        claims, and to all topics, people and organizations."""
        verdicts = " ".join(
            f'<a class="ck-chip" href="{esc(relative(here, f"claims/verdict/{v.slug}/"))}">'
            f"{inline(v.label)} ({len(self.by_verdict[v.label])})</a>"
            for v in self.ctx.verdicts()
            if v.label in self.by_verdict
        )
        topics = sorted(self.c.claims_on_topic.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        topic_links = " ".join(
            f'<a class="ck-chip" href="{esc(relative(here, f"claims/topic/{t}/"))}">'
            f"{inline(self.c.topics[t].name)} ({len(ids)})</a>"
            for t, ids in topics[:30]
        )
        claimants = sorted(self.c.claims_made.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        claimant_links = " ".join(
            f'<a class="ck-chip" href="{esc(relative(here, f"claims/claimant/{k[0]}-{k[1]}/"))}">'
            f"{inline(self._name(k))} ({len(ids)})</a>"
            for k, ids in claimants[:30]
        )
        return (
            '<div class="ck-facets">'
            f"<p><strong>By verdict:</strong> {verdicts or 'no reviews yet'}</p>"
            f"<p><strong>By topic:</strong> {topic_links} "
            f'<a href="{esc(relative(here, "topics/"))}">all topics</a></p>'
            f"<p><strong>By claimant:</strong> {claimant_links} "
            f'<a href="{esc(relative(here, "people/"))}">all people</a>, '
            f'<a href="{esc(relative(here, "organizations/"))}">all organizations</a></p>'
            "</div>"
        )

    def _name(self, key: tuple[str, str]) -> str:
        kind, ident = key
        return self.c.people[ident].name if kind == "person" else self.c.organizations[ident].name

    def verdict_tally(self) -> str:
        """A chart of the claims by verdict (its text alternative names every count), and what
        "Not reviewed" means when there are such claims."""
        bars = [
            TallyBar(v.label, len(self.by_verdict.get(v.label, [])), v.rating_class)
            for v in self.ctx.verdicts()
        ]
        figure = tally("tally-site", "Claims by verdict", bars)
        note = unreviewed_note([UNREVIEWED] if UNREVIEWED.label in self.by_verdict else [])
        return f'<figure class="ck-figure">{figure}</figure>{note}'

    def home(self) -> Page:
        """The home page: the site's notice and description, the latest reviews and the claims by
        verdict."""
        site = self.c.site
        reviewed = {
            ident: review.datePublished
            for ident, claim in self.c.claims.items()
            if (review := self.c.own_review(claim)) is not None
        }
        latest = newest_first(reviewed)[:LATEST]
        notice = (
            f'<div class="ck-notice" role="note">{paragraphs(site.notice)}</div>'
            if site.notice
            else ""
        )
        body = (
            notice
            + paragraphs(site.description)
            # The lists are of pages the search index holds on their own.
            + "<div data-pagefind-ignore>"
            + f"<h2>Latest reviews</h2>{self.claim_table('', latest, reviewed)}"
            + f'<p><a href="claims/">All {len(self.c.claims)} claims</a> · '
            '<a href="methodology/">How we rate claims</a> · <a href="data/">Download the data</a></p>'
            + "<h2>Claims by verdict</h2>"
            + (self.verdict_tally() if self.c.claims else "<p>No claims yet.</p>")
            + "</div>"
        )
        return Page("", site.title, site.description, self.ctx.ld.home_page(), body)

    def pages(self) -> Iterator[Page]:
        """Every list page: home, all claims, the claims of each verdict, topic and claimant, and
        the index of each other kind."""
        c, ctx = self.c, self.ctx
        yield self.home()
        yield from paginate(
            ctx,
            "claims/",
            "Claims",
            "Every claim with its verdict, claimant and date.",
            self.claim_order,
            self.claim_table,
            self.facets("claims/"),
        )
        for verdict, base, ids in self.verdict_lists():
            unrated = verdict is UNREVIEWED
            yield from paginate(
                ctx,
                base,
                "Claims not reviewed" if unrated else f"Claims rated {verdict.label}",
                UNREVIEWED_MEANING if unrated else f"Claims with the verdict {verdict.label}.",
                ids,
                self.claim_table,
            )
        for topic, ids in c.claims_on_topic.items():
            if f"claims/topic/{topic}.md" in ctx.kept:
                continue  # taken from the published build (page_keys.facet_owner)
            name = c.topics[topic].name
            yield from paginate(
                ctx,
                f"claims/topic/{topic}/",
                f"Claims about {name}",
                f"Claims about {name}.",
                self.ordered(ids),
                self.claim_table,
            )
        for key, ids in c.claims_made.items():
            if f"claims/claimant/{key[0]}-{key[1]}.md" in ctx.kept:
                continue
            name = self._name(key)
            yield from paginate(
                ctx,
                f"claims/claimant/{key[0]}-{key[1]}/",
                f"Claims made by {name}",
                f"Claims made by {name}.",
                self.ordered(ids),
                self.claim_table,
            )
        yield from self.record_index(
            "article", "articles/", "Articles", lambda i: c.articles[i].headline
        )
        yield from self.record_index("person", "people/", "People", lambda i: c.people[i].name)
        yield from self.record_index(
            "organization", "organizations/", "Organizations", lambda i: c.organizations[i].name
        )
        yield from self.record_index("topic", "topics/", "Topics", lambda i: c.topics[i].name)
        yield from self.record_index("media", "media/", "Media", lambda i: c.media[i].name)

    def record_index(
        self, kind: str, base: str, title: str, name: Callable[[str], str]
    ) -> Iterator[Page]:
        """The pages that list every record of a kind by `name`, in alphabetical order whatever
        the case."""
        groups: dict[str, list[str]] = {
            "article": list(self.c.articles),
            "person": list(self.c.people),
            "organization": list(self.c.organizations),
            "topic": list(self.c.topics),
            "media": list(self.c.media),
        }
        ids = sorted(groups[kind], key=lambda i: (name(i).casefold(), i))

        def render(here: str, chunk: Sequence[str]) -> str:
            items = "".join(
                f"<li>{link(name(i), relative(here, self.ctx.page_path(kind, i)))}</li>"
                for i in chunk
            )
            if not items:  # a new publication: say so rather than show an empty list
                return f"<p>No {esc(title.lower())} yet.</p>"
            return f'<ul class="ck-index">{items}</ul>'

        yield from paginate(self.ctx, base, title, f"{title} in {self.c.site.title}.", ids, render)


def list_pages(ctx: Context, lists: Lists | None = None) -> Iterator[Page]:
    """The home page and every list page of the site (from `lists`, if the caller has them for
    `ctx` already)."""
    yield from (lists or Lists(ctx)).pages()
