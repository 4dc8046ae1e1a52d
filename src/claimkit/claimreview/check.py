"""`claimkit check`: ClaimReview JSON-LD in files and pages, against the rules of who reads it."""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimkit.claimreview.read import (
    HTML_SUFFIXES,
    Doc,
    Found,
    Input,
    Located,
    Page,
    gather,
    http_url,
    iri_of,
    is_schema_org,
    read_page,
    type_names,
)
from claimkit.claimreview.rules import FEED_URL_SOURCE, Rules
from claimkit.core.diagnostics import Diagnostic, Findings
from claimkit.core.review_rules import METHODOLOGY_FILE, RELAXABLE
from claimkit.records.discover import display_path

DEFAULT_SITE = Path("build/site")
DEFAULT_FEED = Path("build/data/feed.json")

# The codes only `claimkit check` reports (it also uses path-not-found, file-unreadable and
# file-not-utf8).
CHECK_CODES = frozenset(
    {
        "jsonld-syntax",
        "jsonld-too-deep",
        "jsonld-context",
        "input-too-large",
        "html-unreadable",
        "no-claimreview",
        "claimreview-multiple",
        "claimreview-missing-claimreviewed",
        "claimreview-missing-rating",
        "claimreview-missing-url",
        "claimreview-url-invalid",
        "claimreview-url-relative",
        "claimreview-url-offsite",
        "claimreview-missing-author",
        "author-missing-name",
        "author-missing-url",
        "claimreviewed-too-long",
        "claimreviewed-contains-verdict",
        "claimreview-missing-date",
        "rating-label-sentence",
        "rating-missing-alternatename",
        "rating-missing-value",
        "rating-value-not-numeric",
        "rating-missing-scale",
        "rating-scale-invalid",
        "rating-out-of-range",
        "claim-missing-item-reviewed",
        "claim-missing-author",
        "claim-missing-date",
        "claim-missing-appearance",
        "mediareview-missing-category",
        "mediareview-category-invalid",
        "mediareview-missing-item",
    }
)


@dataclass
class CheckResult(Findings):
    """What a check run found: diagnostics, files read and ClaimReviews checked."""

    files: int = 0
    reviews: int = 0
    # Problems not reported because the checked site's methodology relaxes their rule, by code.
    relaxed: dict[str, int] = field(default_factory=dict)


@dataclass
class Survey:
    """What a page's JSON-LD holds: its ClaimReviews, nodes by @id, and a DataFeed's url."""

    found: list[Found] = field(default_factory=list)
    index: dict[str, Located] = field(default_factory=dict)
    feed_url: str | None = None


def survey(docs: list[Doc]) -> Survey:
    """Find every ClaimReview and MediaReview in the documents, whatever shape the publisher
    gave them."""
    result = Survey()
    units = itertools.count(1)

    def visit(node: Located, unit: int, context: bool, collect: bool) -> None:
        value = node.value
        if isinstance(value, list):
            for item in node.each():
                visit(item, unit, context, collect)
            return
        if not isinstance(value, dict):
            return
        if "@context" in value:
            context = is_schema_org(value["@context"])
        ident = value.get("@id")
        if isinstance(ident, str) and set(value) - {"@id", "@context"}:
            result.index.setdefault(ident, node)
        types = type_names(value.get("@type"))
        if ("ClaimReview" in types or "MediaReview" in types) and collect:
            media = "ClaimReview" not in types
            result.found.append(Found(node, unit, context, media))
            collect = False  # a review's own parts hold no further review to count
        if "DataFeed" in types and result.feed_url is None:
            result.feed_url = http_url(iri_of(value.get("url")))
        if "DataFeedItem" in types:
            unit = next(units)
        for key in value:
            child = node.get(key)
            if key == "@context" or child is None:
                continue
            if key == "dataFeedElement" and "DataFeed" in types:
                for element in child.each():
                    visit(element, next(units), context, collect)
            else:
                visit(child, unit, context, collect)

    for doc in docs:
        visit(Located(doc, (), doc.data), 0, False, True)
    return result


def page_url_option(value: str) -> str:
    """argparse type for --page-url: an absolute http(s) URL."""
    url = http_url(value)
    if url is None:
        raise argparse.ArgumentTypeError(f"'{value}' is not an absolute http(s) URL")
    return url


def check_page(page: Page, explicit: bool) -> tuple[list[Diagnostic], int]:
    """The diagnostics of one read page and how many ClaimReviews it carries."""
    found = survey(page.docs)
    page_url, source = page.page_url, page.url_source
    if page_url is None and found.feed_url:
        page_url, source = found.feed_url, FEED_URL_SOURCE
    rules = Rules(page, found.found, found.index, page_url, source)
    count = rules.check(page.is_html or page.page_url is not None)
    diagnostics = page.problems + rules.diagnostics
    if explicit and count == 0 and not page.problems:
        where = "none of its JSON-LD scripts holds a" if page.is_html else "its JSON-LD holds no"
        diagnostics.append(
            Diagnostic.make(
                page.path,
                None,
                "no-claimreview",
                f"the file was named to be checked, but {where} ClaimReview; "
                'add one with "@type": "ClaimReview", or leave the file out',
            )
        )
    return diagnostics, count


def methodology_of(folder: Path) -> tuple[Path, frozenset[str]] | None:
    """The methodology file of a site built by claimkit in `folder`, and the rules it relaxes
    (only those a methodology may relax); None when the folder has none."""
    file = folder / METHODOLOGY_FILE
    if not file.is_file():
        return None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    allow = data.get("allow") if isinstance(data, dict) else None
    rules = {a["rule"] for a in allow or [] if isinstance(a, dict) and a.get("rule") in RELAXABLE}
    return file.resolve(), frozenset(rules)


def relaxed_note(relaxed: dict[str, int]) -> str:
    """The line that says which problems a site's methodology kept out of the report."""
    counts = ", ".join(f"{n} {code}" for code, n in sorted(relaxed.items()))
    return f"not reported, as the site's methodology ({METHODOLOGY_FILE}) allows: {counts}"


def check_paths(paths: Sequence[Path], page_url: str | None = None) -> CheckResult:
    """Check the files and folders given; with none, what the build produced.

    In a folder holding a claimkit site's methodology file, the rules that methodology relaxes
    are not reported for the files under it; CheckResult.relaxed counts them.
    """
    result = CheckResult()
    if paths:
        inputs, problems = gather(paths)
        folders = [p for p in paths if p.is_dir()]
    else:
        inputs, problems = _default_inputs()
        folders = [DEFAULT_SITE] if DEFAULT_SITE.is_dir() else []
    methodologies = [(f.resolve(), m) for f in folders if (m := methodology_of(f))]
    result.diagnostics.extend(problems)
    for item in inputs:
        resolved = item.file.resolve()
        relaxed: frozenset[str] = frozenset()
        for folder, (file, rules) in methodologies:
            if resolved == file:
                break
            if resolved.is_relative_to(folder):
                relaxed |= rules
        else:
            diagnostics, count = check_page(read_page(item, page_url), item.explicit)
            for d in diagnostics:
                if d.code in relaxed:
                    result.relaxed[d.code] = result.relaxed.get(d.code, 0) + 1
                else:
                    result.diagnostics.append(d)
            result.files += 1
            result.reviews += count
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def _default_inputs() -> tuple[list[Input], list[Diagnostic]]:
    """Every page of build/site/ if it exists, else build/data/feed.json (or its parts,
    feed-0001.json and on, for a publication whose dumps are cut in parts)."""
    if DEFAULT_SITE.is_dir():
        inputs, problems = gather([DEFAULT_SITE])
        return [i for i in inputs if i.file.suffix.lower() in HTML_SUFFIXES], problems
    feeds = (
        [DEFAULT_FEED]
        if DEFAULT_FEED.is_file()
        else sorted(DEFAULT_FEED.parent.glob("feed-[0-9][0-9][0-9][0-9]*.json"))
    )
    if feeds:
        return [Input(feed, display_path(feed), explicit=True) for feed in feeds], []
    return [], [
        Diagnostic.make(
            display_path(DEFAULT_FEED),
            None,
            "path-not-found",
            f"nothing to check: neither {DEFAULT_SITE}/ nor {DEFAULT_FEED} exists; build the "
            "site first, or name the files or folders to check",
        )
    ]
