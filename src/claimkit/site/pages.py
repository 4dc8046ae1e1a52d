"""Pages from the catalog, written to a staging folder before the site build.

A generated page is a small Markdown file: front matter, the title and a one-line summary (all
that Python-Markdown parses and the search index holds), then the page's JSON-LD and its HTML
body, which claimkit's mkdocs hook (`mkdocs_hook.py`) cuts off before Python-Markdown and hands
to the theme. Python-Markdown never parses the generated HTML, which would cost more than the
rest of the build (measured: about 60% of a 2,000-claim build). The files are written a few
hundred to a bundle (`write_pages`), which the hook reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimkit.core.catalog import Catalog, party_key
from claimkit.core.dates import first_day, sort_key
from claimkit.core.models import Claim, Party, ReviewBase
from claimkit.core.urls import Urls
from claimkit.linked_data.jsonld import JsonLd, Node
from claimkit.site import page_html
from claimkit.site.bundle import join_source, source_digest, stub_of
from claimkit.site.dates import DateWords, locale_for
from claimkit.site.html import esc, inline, lang_attr, relative, script_json, yaml_quote

PAGE_SIZE = 100


@dataclass
class Page:
    """One page: its site path (a folder, `claims/x/`), title, summary, JSON-LD and HTML body."""

    path: str
    title: str
    description: str
    jsonld: Node
    body: str
    searchable: bool = True
    extra_meta: dict[str, Any] = field(default_factory=dict)
    # Only hand-written docs pages are Markdown; record text is always escaped HTML.
    body_is_markdown: bool = False
    # A line of plain text shown under the title and indexed for search.
    summary: str = ""
    # More elements for the page's <head> after its JSON-LD (escaped HTML).
    head_extra: str = ""
    # The `lang` attribute of the title's heading, when the title is in another language than
    # the site's (as html.lang_attr writes it).
    title_lang: str = ""
    # Records ("claim:x") whose content the page shows, chosen by what its key already holds
    # (a claim's related claims, chosen among the claims sharing its topics and articles): an
    # incremental build keys the page on these records' keys too (site/page_keys.py).
    shows: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        """The Markdown file that becomes this page under directory URLs."""
        return "index.md" if self.path == "" else self.path.rstrip("/") + ".md"

    def markdown(self) -> str:
        """The page's Markdown file: front matter, the title and summary (or, for a page from
        docs/, its Markdown), then the JSON-LD and the HTML body for claimkit's mkdocs hook."""
        meta = [
            "---",
            f"title: {yaml_quote(esc(self.title))}",
            f"description: {yaml_quote(esc(self.description))}",
            "ck: true",
        ]
        if not self.searchable:
            meta += ["search:", "  exclude: true"]
        for key, value in self.extra_meta.items():
            if isinstance(value, list):  # a list of rows of text, as a YAML flow sequence
                rows = ("[" + ", ".join(yaml_quote(str(v)) for v in row) + "]" for row in value)
                meta.append(f"{key}: [{', '.join(rows)}]")
            else:
                meta.append(f"{key}: {yaml_quote(str(value))}")
        meta.append("---")
        made = None
        if self.body_is_markdown:
            text = "\n".join(meta) + f"\n\n# {self.title}\n\n{self.body}\n"
            body = ""
        else:
            text = "\n".join(meta) + "\n\n" + page_html.markdown(self.title, self.summary)
            made = page_html.content(self.title, self.summary, self.title_lang)
            body = self.body
        head = f'<script type="application/ld+json">{script_json(self.jsonld)}</script>'
        head += self.head_extra
        return join_source(text, head, body, made)


@dataclass(frozen=True)
class Verdict:
    """A claim's verdict as readers see it: the label, its place on the scale, its class."""

    label: str
    rating_class: str
    value: int | None = None
    best: int | None = None
    worst: int | None = None

    @property
    def slug(self) -> str:
        """The label as it appears in the verdict's listing URL, `claims/verdict/<slug>/`."""
        return slugify(self.label)


UNREVIEWED = Verdict("Not reviewed", "unreviewed")
# What "Not reviewed" means, wherever a claim is shown with it.
UNREVIEWED_MEANING = (
    "Not reviewed: we record this claim as it was reported, but have not checked it, so it "
    "carries no verdict."
)


def newest_first(dates: Mapping[str, str | None]) -> list[str]:
    """Ids by their dates, newest first, whatever each date's precision: by the first day a
    date may mean, then (on one first day) the better known date first, then by id; those
    without a date last, by id."""
    dated = sorted(i for i, d in dates.items() if d)
    # A stable sort keeps the id order among equal dates, in reverse too.
    dated.sort(key=lambda i: (first_day(dates[i] or ""), sort_key(dates[i] or "")), reverse=True)
    return dated + sorted(i for i, d in dates.items() if not d)


def slugify(text: str) -> str:
    """Text as a slug for ids and URLs: lower case, each run of characters other than letters
    and digits made one hyphen; `x` if nothing is left."""
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in out.split("-") if part) or "x"


class Context:
    """What every page renderer needs: the catalog, its URLs and its JSON-LD."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.urls = Urls(catalog.site.url)
        self.ld = JsonLd(catalog)
        # Dates for readers, in the site's language.
        self.dates = DateWords(catalog.site.language)
        self._verdicts: dict[str, Verdict] = {}
        self._by_rating: dict[str, Verdict] = {}
        self._language_names: dict[str, str] = {}
        self._media: dict[tuple[str, str], list[str]] | None = None
        self._order: list[str] | None = None
        self._rank: dict[str, int] | None = None
        # The pages an incremental build takes from the published build (their sources): the
        # makers leave them out (site/page_keys.py).
        self.kept: frozenset[str] = frozenset()

    def page_path(self, kind: str, ident: str) -> str:
        """A record page's path below the site root, as a folder: `claims/<id>/`."""
        return self.urls.page_path(kind, ident)

    def verdict(self, claim: Claim) -> Verdict:
        """The verdict a claim is shown with: the rating of the site publisher's own review,
        placed on the scale if it is on it, else Not reviewed; worked out once per claim."""
        known = self._verdicts.get(claim.id)
        if known is None:
            known = self._verdicts[claim.id] = self._verdict(claim)
        return known

    def _verdict(self, claim: Claim) -> Verdict:
        review = self.catalog.own_review(claim)
        if review is None:
            return UNREVIEWED
        known = self._by_rating.get(review.rating)
        if known is None:  # the same for every claim rated so
            known = self._by_rating[review.rating] = self._rated(review.rating)
        return known

    def _rated(self, rating: str) -> Verdict:
        on_scale = self.catalog.scale_label(rating)
        if on_scale:
            return Verdict(
                rating,
                on_scale.ratingClass.value,
                on_scale.value,
                self.catalog.best_rating,
                self.catalog.worst_rating,
            )
        off = self.catalog.off_scale_label(rating)
        return Verdict(rating, off.ratingClass.value if off else "other")

    def verdicts(self) -> list[Verdict]:
        """Every verdict of the scale, best first, then those off the scale, then unreviewed."""
        scale = self.catalog.site.scale
        best, worst = self.catalog.best_rating, self.catalog.worst_rating
        on = [
            Verdict(s.label, s.ratingClass.value, s.value, best, worst)
            for s in sorted(scale.labels, key=lambda s: -s.value)
        ]
        off = [Verdict(s.label, s.ratingClass.value) for s in scale.offScale]
        return [*on, *off, UNREVIEWED]

    def party_link(self, from_page: str, key: tuple[str, str] | None, name: str) -> str:
        """A party's name as HTML, a link from the page at `from_page` to the party's own page
        when it has one (an unnamed source or a collective has none)."""
        if key is None:
            return inline(name)
        href = relative(from_page, self.page_path(*key))
        return f'<a href="{esc(href)}">{inline(name)}</a>'

    def party(self, from_page: str, party: Party) -> str:
        """A party as HTML: its name, linked to its page when it has one."""
        return self.party_link(from_page, party_key(party), self.catalog.party_name(party))

    def claimants(self, from_page: str, claim: Claim) -> str:
        """Every claimant of a claim as HTML, each linked to its page when it has one, joined
        as a sentence joins names ("A, B and C")."""
        names = [self.party(from_page, p) for p in claim.claimants if self.catalog.party_name(p)]
        if len(names) <= 2:
            return " and ".join(names) or "an unknown source"
        return ", ".join(names[:-1]) + " and " + names[-1]

    # Languages: the language of a record's own text, as the published data says it.
    def claim_language(self, claim: Claim) -> str | None:
        """The language a claim was made in (its quote's), or None when not known."""
        return self.catalog.language(claim.inLanguage, True)

    def review_language(self, review: ReviewBase) -> str | None:
        """The language of a review's text (headline, summary, explanation, and the claim as
        the review words it), or None when not known."""
        return self.catalog.language(review.inLanguage, self.catalog.is_own_review(review))

    def language_name(self, tag: str) -> str:
        """A language's name in the site's language ("Ukrainian" for `uk` on an English site),
        or the tag itself when Babel knows no name for it."""
        known = self._language_names.get(tag)
        if known is None:
            locale, site = locale_for(tag), locale_for(self.catalog.site.language)
            name = locale.get_display_name(site or "en") if locale is not None else None
            known = self._language_names[tag] = name or tag
        return known

    def lang(self, language: str | None) -> str:
        """The `lang` attribute for text in this language on a page in the site's language."""
        return lang_attr(language, self.catalog.site.language)

    def claim_order(self) -> list[str]:
        """Every claim's id, newest first by the date it was made (undated last); worked out
        once."""
        if self._order is None:
            self._order = newest_first({i: c.dateMade for i, c in self.catalog.claims.items()})
        return self._order

    def newest_first(self, ids: Iterable[str]) -> list[str]:
        """These claims in list order: newest first by the date made, undated last."""
        if self._rank is None:
            self._rank = {ident: n for n, ident in enumerate(self.claim_order())}
        return sorted(ids, key=self._rank.__getitem__)

    def media_of(self, claim_id: str) -> list[str]:
        """The ids of the media records that name this claim, in id order."""
        return self._media_index().get(("claim", claim_id), [])

    def media_on(self, topic_id: str) -> list[str]:
        """The ids of the media records about this topic, in id order."""
        return self._media_index().get(("topic", topic_id), [])

    def _media_index(self) -> dict[tuple[str, str], list[str]]:
        if self._media is None:
            found: dict[tuple[str, str], list[str]] = {}
            for ident, media in self.catalog.media.items():
                named = [("claim", c) for c in media.claims] + [("topic", t) for t in media.topics]
                for key in dict.fromkeys(named):
                    found.setdefault(key, []).append(ident)
            self._media = found
        return self._media


_BADGES: dict[tuple[Verdict, bool, bool], str] = {}


def badge(verdict: Verdict, *, small: bool = False) -> str:
    """The verdict as a badge: the label in words, its place on the scale as text and as cells
    (made once per verdict and size: a large build shows tens of thousands)."""
    key = (verdict, small, verdict is UNREVIEWED)
    known = _BADGES.get(key)
    if known is None:
        known = _BADGES[key] = _badge(verdict, small)
    return known


def _badge(verdict: Verdict, small: bool) -> str:
    size = " ck-badge--small" if small else ""
    if verdict.value is not None and verdict.best is not None and verdict.worst is not None:
        steps = verdict.best - verdict.worst + 1
        place = verdict.value - verdict.worst + 1
        # A cell per step reads at a glance on a short scale; a long one gets the words alone.
        cells = "".join(
            f'<span class="ck-cell{" ck-cell--on" if i < place else ""}"></span>'
            for i in range(steps if steps <= 12 else 0)
        )
        scale = (
            f'<span class="ck-scale" aria-hidden="true">{cells}</span>'
            f'<span class="ck-hidden">, </span><span class="ck-place">{place} of {steps}</span>'
        )
    elif verdict is UNREVIEWED:
        scale = ""
    else:
        scale = '<span class="ck-hidden">, </span><span class="ck-place">not on the scale</span>'
    return (
        f'<span class="ck-badge ck-{esc(verdict.rating_class)}{size}">'
        f'<span class="ck-verdict">{inline(verdict.label)}</span>{scale}</span>'
    )


def unreviewed_note(verdicts: Iterable[Verdict]) -> str:
    """A note saying what "Not reviewed" means, when one of these verdicts is it; else empty."""
    if any(v is UNREVIEWED for v in verdicts):
        return f'<p class="ck-note">{esc(UNREVIEWED_MEANING)}</p>'
    return ""


def scale_place(verdict: Verdict, scale: tuple[str, str] | None) -> str:
    """A verdict's place on the scale in words, readable without colour: "4 of 5 on our scale"
    (with the scale's ends, `scale`: its worst and best labels), "Off our scale", or what Not
    reviewed means."""
    if verdict is UNREVIEWED:
        return UNREVIEWED_MEANING
    if verdict.value is not None and verdict.best is not None and verdict.worst is not None:
        steps = verdict.best - verdict.worst + 1
        ends = f", from {scale[0]} (1) to {scale[1]} ({steps})" if scale else ""
        return f"{verdict.value - verdict.worst + 1} of {steps} on our scale{ends}"
    ends = f" of {scale[0]} to {scale[1]}" if scale else ""
    return f"Off our scale{ends}"


def verdict_block(
    verdict: Verdict,
    place: str,
    meaning: str,
    heading: str = "Our verdict",
    *,
    facet: bool = False,
) -> str:
    """The large verdict that leads a claim or media page: a heading, the label in words with
    its cells on the scale (for the eye only), its place on the scale in words (`place`) and
    what the label means (`meaning`), so that nothing depends on colour. Only the label is in
    the search index; with `facet` it is also the page's verdict filter and result line."""
    cells = ""
    if verdict.value is not None and verdict.best is not None and verdict.worst is not None:
        steps = verdict.best - verdict.worst + 1
        on = verdict.value - verdict.worst + 1
        if steps <= 12:
            cells = (
                '<span class="ck-scale" aria-hidden="true">'
                + "".join(
                    f'<span class="ck-cell{" ck-cell--on" if i < on else ""}"></span>'
                    for i in range(steps)
                )
                + "</span>"
            )
    ignore = " data-pagefind-ignore"  # words every page of this verdict shares
    said = f'<p class="ck-meaning"{ignore}>{inline(meaning)}</p>' if meaning else ""
    tags = ' data-pagefind-filter="verdict" data-pagefind-meta="verdict"' if facet else ""
    return (
        f'<div class="ck-lede ck-verdict-block ck-{esc(verdict.rating_class)}">'
        f'<p class="ck-verdict-heading"{ignore}>{inline(heading)}</p>'
        f'<p class="ck-verdict-line"><span class="ck-verdict"{tags}>{inline(verdict.label)}</span>'
        f"{cells}</p>"
        f'<p class="ck-place"{ignore}>{inline(place)}</p>{said}</div>'
    )


def write_pages(pages: Iterable[Page], folder: Path, name: str) -> list[str]:
    """Write the pages' Markdown files, one after the other, into one bundle `folder/<name>.md`,
    with its index `folder/<name>.idx` (JSON: each page's source path, offset and length in
    bytes, its bytes' digest, the place of its stub in `folder/<name>.stub` and the records it
    shows: what an incremental build compares and keeps), which claimkit's mkdocs hook reads; return the
    pages' source paths. One file per few hundred pages instead of one per page: creating and
    deleting files is most of the cost of staging on a busy disk."""
    return write_sources((_made(page) for page in pages), folder, name)


# A page for a bundle: source path, bytes, digest of the page's bytes, stub, the records it
# shows (`Page.shows`).
Staged = tuple[str, bytes, str, bytes, tuple[str, ...]]


def _made(page: Page) -> Staged:
    text = page.markdown()
    data = text.encode("utf-8")
    return page.source, data, source_digest(data), stub_of(text).encode("utf-8"), page.shows


def write_sources(sources: Iterable[Staged], folder: Path, name: str) -> list[str]:
    """Write page files (for a page taken from an earlier build the bytes are its stub and the
    digest its page's) as `write_pages` does; return their source paths."""
    folder.mkdir(parents=True, exist_ok=True)
    index: list[tuple[str, int, int, str, int, int, list[str]]] = []
    offset = stub_offset = 0
    with (
        (folder / f"{name}.md").open("wb") as bundle,
        (folder / f"{name}.stub").open("wb") as stubs,
    ):
        for source, data, digest, stub, shows in sources:
            bundle.write(data)
            stubs.write(stub)
            index.append((source, offset, len(data), digest, stub_offset, len(stub), list(shows)))
            offset += len(data)
            stub_offset += len(stub)
    (folder / f"{name}.idx").write_text(json.dumps(index), encoding="utf-8")
    return [entry[0] for entry in index]
