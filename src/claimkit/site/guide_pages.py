"""Guide pages: the methodology (rating scale), the data page, the schema reference and the
search page."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from claimkit.core.dates import DATE_PATTERN
from claimkit.core.models import FOLDER_OF_KIND, KIND_MODELS, URL_PATTERN
from claimkit.core.review_rules import RULE_NAMES
from claimkit.linked_data.jsonld import DUMP_FILES, DUMP_NAMES
from claimkit.site.html import esc, inline, link, paragraphs, safe_href
from claimkit.site.pages import UNREVIEWED_MEANING, Context, Page, badge
from claimkit.validation.schema import kind_schema, schema_file_name


def methodology(ctx: Context) -> Page:
    """The page on how claims are rated: every verdict the site gives, with its value on the
    scale, its class and when it is given."""
    rows = []
    for verdict in ctx.verdicts():
        if verdict.label == "Not reviewed":
            continue
        label = ctx.catalog.scale_label(verdict.label) or ctx.catalog.off_scale_label(verdict.label)
        description = label.description if label else ""
        value = str(verdict.value) if verdict.value is not None else "—"
        rows.append(
            f'<tr><td data-label="Verdict">{badge(verdict)}</td>'
            f'<td data-label="Value">{esc(value)}</td>'
            f'<td data-label="Class">{inline(verdict.rating_class)}</td>'
            f'<td data-label="When it is given">{inline(description)}</td></tr>'
        )
    c = ctx.catalog
    body = (
        f"<p>Every review on this site gives one verdict from the scale below. Verdicts on the "
        f"scale run from {c.worst_rating} (worst) to {c.best_rating} (best); the published data "
        f"gives each review's place on the scale as <code>ratingValue</code> with "
        f"<code>worstRating</code> and <code>bestRating</code>, and the verdict itself as "
        f"<code>alternateName</code>. Verdicts off the scale carry no number.</p>"
        '<table><thead><tr><th scope="col">Verdict</th><th scope="col">Value</th>'
        '<th scope="col">Class</th><th scope="col">When it is given</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        "<p>The class groups verdicts the way fact-check aggregators do (true, false, mixture, "
        "other), so that reviews from different publishers can be compared.</p>"
        f"<p>{esc(UNREVIEWED_MEANING)}</p>"
        f"{_relaxed(ctx)}"
    )
    path = "methodology/"
    return Page(
        path,
        "How we rate claims",
        "The rating scale.",
        ctx.ld.web_page(path, "How we rate claims"),
        body,
    )


def _relaxed(ctx: Context) -> str:
    """The rules of the published markup this publication departs from, with its reasons."""
    methodology = ctx.catalog.site.methodology
    if methodology is None or not methodology.allow:
        return ""
    items = "".join(
        f"<li><code>{esc(a.rule)}</code> ({esc(RULE_NAMES[a.rule])}): {inline(a.reason)}</li>"
        for a in methodology.allow
    )
    return (
        "<h2>Where our data departs from the guidelines</h2>"
        "<p>Fact-check listings and data tools (Google's Fact Check Explorer and Fact Check "
        "Tools API, Data Commons) read the ClaimReview data of every review. Where our practice "
        "differs from their guidelines, we say so here:</p>"
        f"<ul>{items}</ul>"
    )


def data_page(ctx: Context, sizes: Mapping[str, int]) -> Page:
    """The page that offers the dumps for download, with their sizes in `sizes` (by file name),
    and says how to query them. A large publication's dumps are in parts (linked_data.parts):
    each format's item links every part."""
    site = ctx.catalog.site
    cut = ctx.ld.dump_parts()
    items = []
    for index, (name, media_type, title) in enumerate(DUMP_FILES):
        names = [cut.files(DUMP_NAMES, part)[index] for part in range(cut.parts)]
        if cut.parts == 1:
            size = f", {sizes[name] / 1024:,.0f} KB" if name in sizes else ""
            items.append(
                f'<li><a href="{esc(name)}" download>{esc(name)}</a>: {esc(title)} '
                f"(<code>{esc(media_type)}</code>{size})</li>"
            )
            continue
        total = sum(sizes.get(part, 0) for part in names)
        links = ", ".join(
            f'<a href="{esc(part)}" download>{esc(part)}</a>'
            + (f" ({sizes[part] / 1024:,.0f} KB)" if part in sizes else "")
            for part in names
        )
        items.append(
            f"<li>{esc(title)} (<code>{esc(media_type)}</code>), in {cut.parts} parts"
            + (f" ({total / 1024 / 1024:,.0f} MB in all)" if total else "")
            + f": {links}</li>"
        )
    if cut.parts == 1:
        parts_note = ""
        feed_name, nt_name = "feed.json", "claims.nt"
    else:
        parts_note = (
            f"<p>The data is large, so each file is cut into {cut.parts} parts at the same "
            "records: part 1 of each format holds the same records, and each part is a whole "
            "file of its format (N-Triples parts can simply be joined). The "
            "<code>Dataset</code> in this page's JSON-LD lists every part.</p>"
        )
        feed_name, nt_name = "feed-0001.json", "claims-0001.nt"
    body = (
        f"<p>Everything on this site is published as linked data with schema.org terms, under "
        f"{link(site.license.name, safe_href(site.license.url, web_only=True), external=True)}.</p>"
        f"<ul>{''.join(items)}</ul>{parts_note}"
        f"<p><code>{feed_name}</code> is a schema.org <code>DataFeed</code> holding one "
        "<code>DataFeedItem</code> per <code>ClaimReview</code>, the form fact-check aggregators "
        "ingest. Every page also carries its own JSON-LD in its <code>&lt;head&gt;</code>. The "
        "Turtle and N-Triples files hold the same triples as the JSON-LD file, with schema.org "
        "terms in the <code>http://schema.org/</code> namespace.</p>"
        "<h2>Querying the data</h2>"
        "<p>The N-Triples file loads unchanged into any triple store. For example, with "
        f"Oxigraph: <code>oxigraph load --location store --file {nt_name}</code>"
        + (", and each other part the same way" if cut.parts > 1 else "")
        + ", then <code>oxigraph serve --location store</code> answers SPARQL queries on "
        "<code>http://localhost:7878/query</code>; Apache Jena Fuseki loads the same file.</p>"
    )
    path = "data/"
    return Page(
        path, "Data", f"Download {site.title}'s claims and reviews.", ctx.ld.data_page(), body
    )


def _type_of(prop: Mapping[str, Any]) -> str:
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[-1]
    kind = prop.get("type")
    if kind == "array":
        return f"list of {_type_of(prop.get('items', {}))}"
    if "enum" in prop:
        return "one of " + ", ".join(str(v) for v in prop["enum"])
    if prop.get("format") == "date" or prop.get("pattern") == DATE_PATTERN:
        return "date (YYYY, YYYY-MM, YYYY-MM-DD or a date-time with its zone)"
    if prop.get("pattern") == URL_PATTERN:
        return "URL"
    return str(kind or "value")


def _properties_table(schema: Mapping[str, Any]) -> str:
    required = set(schema.get("required", []))
    rows = []
    for name, prop in schema.get("properties", {}).items():
        example = json.dumps((prop.get("examples") or [""])[0], ensure_ascii=False)
        note = " (required)" if name in required else ""
        if prop.get("deprecated"):
            note += " (old layout)"
        rows.append(
            f'<tr><td data-label="Property"><code>{esc(name)}</code>{note}</td>'
            f'<td data-label="Type">{esc(_type_of(prop))}</td>'
            f'<td data-label="Description">{esc(prop.get("description", ""))}</td>'
            f'<td data-label="Example"><code>{esc(example)}</code></td></tr>'
        )
    return (
        '<table><thead><tr><th scope="col">Property</th><th scope="col">Type</th>'
        '<th scope="col">Description</th><th scope="col">Example</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def schema_reference(ctx: Context) -> Page:
    """The page that describes every record kind's properties, and the parts used inside records,
    from the JSON Schemas."""
    parts = [
        "<p>Each kind of record has a JSON Schema (Draft 2020-12), generated from claimkit's data "
        "model. Start a record file with a <code># yaml-language-server: $schema=...</code> line "
        "pointing at its schema and editors check it as you type.</p>"
    ]
    defs: dict[str, Any] = {}
    for kind in KIND_MODELS:
        schema = kind_schema(kind)
        where = (
            "records/site.yaml"
            if kind == "site"
            else f"records/{FOLDER_OF_KIND[kind]}/&lt;id&gt;.yaml"
        )
        parts.append(
            f'<h2 id="{esc(kind)}">{esc(kind.capitalize())}</h2>'
            f"<p>{esc(schema.get('description', ''))} File: <code>{where}</code>; schema: "
            f"<code>schema/{esc(schema_file_name(kind))}</code>.</p>{_properties_table(schema)}"
        )
        defs.update(schema.get("$defs", {}))
    parts.append('<h2 id="parts">Parts used inside records</h2>')
    for name in sorted(defs):
        sub = defs[name]
        if "properties" in sub:
            parts.append(
                f'<h3 id="{esc(name.lower())}">{esc(name)}</h3>'
                f"{paragraphs(sub.get('description', ''))}{_properties_table(sub)}"
            )
    path = "reference/schema/"
    return Page(
        path,
        "Schema reference",
        "Every record kind and property.",
        ctx.ld.web_page(path, "Schema reference"),
        "".join(parts),
    )


def _select(name: str, label: str, anyone: str, values: list[str]) -> str:
    options = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)
    return (
        f'<div class="ck-search__{name}"><label for="ck-search-{name}">{label}</label>'
        f'<select id="ck-search-{name}" name="{name}"><option value="">{anyone}</option>'
        f"{options}</select></div>"
    )


def search_page(ctx: Context) -> Page:
    """The search page: a form (words, and the verdict, topic and language filters, whose
    choices are those the claims have) and the list its script fills with results from the
    Pagefind index (`pagefind/`, written by the build), in the browser, from this site alone."""
    c = ctx.catalog
    verdicts = {ctx.verdict(claim).label for claim in c.claims.values()}
    languages = set()
    for claim in c.claims.values():
        review = c.own_review(claim)
        tag = ctx.review_language(review) if review else ctx.claim_language(claim)
        if tag:
            languages.add(ctx.language_name(tag))
    topics = sorted({t.name for t in c.topics.values()}, key=str.casefold)
    body = (
        '<form class="ck-search" id="ck-search" role="search" aria-label="Search the site">'
        '<div class="ck-search__words"><label for="ck-search-q">Words to find</label>'
        '<input id="ck-search-q" name="q" type="search" autocomplete="off" autocapitalize="off"'
        ' spellcheck="false"></div>'
        + _select(
            "verdict",
            "Verdict",
            "Any verdict",
            [v.label for v in ctx.verdicts() if v.label in verdicts],
        )
        + _select("topic", "Topic", "Any topic", topics)
        + _select("language", "Language", "Any language", sorted(languages, key=str.casefold))
        + '<button class="md-button md-button--primary" type="submit">Search</button></form>'
        '<p class="ck-search__status" id="ck-search-status" role="status"></p>'
        '<ol class="ck-search-results" id="ck-search-results"></ol>'
        '<p id="ck-search-more-wrap" hidden><button class="md-button" id="ck-search-more"'
        ' type="button">More results</button></p>'
        "<noscript><p>Search runs in your browser and needs JavaScript. Without it, the "
        '<a href="../claims/">list of claims</a> can be narrowed by verdict, topic and claimant.</p>'
        "</noscript>"
        '<script type="module" src="../assets/claimkit-search.js"></script>'
    )
    path = "search/"
    return Page(
        path,
        "Search",
        "Search the claims, reviews and pages of this site.",
        ctx.ld.web_page(path, "Search"),
        body,
        searchable=False,
        summary="The claims, who made them, their verdicts and our reviews, by their words.",
    )


def guide_pages(ctx: Context, sizes: Mapping[str, int]) -> Iterator[Page]:
    """The methodology, data, schema reference and search pages."""
    yield methodology(ctx)
    yield data_page(ctx, sizes)
    yield schema_reference(ctx)
    yield search_page(ctx)
