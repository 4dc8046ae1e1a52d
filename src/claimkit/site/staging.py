"""The staging folder: hand-written docs, generated pages, data files and mkdocs.yml together."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import re
import shutil
import stat
from collections.abc import Mapping
from pathlib import Path

from claimkit.core.catalog import Catalog
from claimkit.core.collector import collector_off, frozen_for_forks
from claimkit.core.dates import first_day
from claimkit.core.lifetime import ends_with_this_process
from claimkit.core.machine import usable_cpus
from claimkit.core.review_rules import METHODOLOGY_FILE
from claimkit.site.bundle import BUNDLE_DIR
from claimkit.site.guide_pages import guide_pages
from claimkit.site.list_pages import Lists, list_pages
from claimkit.site.pages import Context, Page, write_pages, write_sources
from claimkit.site.record_pages import RecordKey, record_keys, record_pages

# A record page taken from the published build: its stub's bytes, its page's digest and the
# records it shows (`Page.shows`).
Kept = tuple[bytes, str, tuple[str, ...]]

_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)

NAV = [
    ("Home", "index.md"),
    ("Claims", "claims.md"),
    ("Articles", "articles.md"),
    ("People", "people.md"),
    ("Organizations", "organizations.md"),
    ("Topics", "topics.md"),
    ("How we rate claims", "methodology.md"),
    ("Data", "data.md"),
]
# In the navigation after Topics when the publication has media records.
MEDIA_NAV = ("Media", "media.md")
# The desk's own pages from docs/ (as `claimkit init` writes them), in the navigation after the
# generated ones when they exist; the schema reference comes last.
DESK_NAV = [
    ("About", "about.md"),
    ("How we work", "how-we-work.md"),
    ("Corrections", "corrections.md"),
    ("Contributing", "contributing.md"),
]
REFERENCE_NAV = ("Schema reference", "reference/schema.md")


def desk_nav(docs: Path | None) -> list[tuple[str, str]]:
    """The desk's pages present in `docs`, then the schema reference."""
    mine = [(title, name) for title, name in DESK_NAV if docs and (docs / name).is_file()]
    return [*mine, REFERENCE_NAV]


def nav(catalog: Catalog) -> list[tuple[str, str]]:
    """The navigation's pages: the media index only when there are media records."""
    if not catalog.media:
        return list(NAV)
    at = NAV.index(("Topics", "topics.md")) + 1
    return [*NAV[:at], MEDIA_NAV, *NAV[at:]]


def _hand_written(ctx: Context, source: Path, rel: str) -> Page | None:
    """A page from docs/: its first heading is its title; its body is kept as written."""
    text = source.read_text(encoding="utf-8")
    if text.startswith("---"):
        return None  # pages with their own front matter are copied as they are
    match = _H1.search(text)
    title = match.group(1) if match else Path(rel).stem.replace("-", " ").capitalize()
    body = text[match.end() :].lstrip("\n") if match else text
    path = "" if rel == "index.md" else rel.removesuffix(".md").removesuffix("/index") + "/"
    return Page(path, title, title, ctx.ld.web_page(path, title), body, body_is_markdown=True)


# Record pages are written by worker processes when there are this many or more.
PARALLEL_PAGES = 2000
# Record pages per bundle (and per task of a worker), and the tasks a worker does before a new
# one takes its place.
CHUNK_PAGES = 500
WORKER_CHUNKS = 10
_SHARED: dict[str, object] = {}


def _write_records(chunk: tuple[int, list[RecordKey]]) -> list[str]:
    ctx, pages_out = _SHARED["ctx"], _SHARED["pages"]
    assert isinstance(ctx, Context) and isinstance(pages_out, Path)
    return _write_chunk(ctx, pages_out, chunk)


def _generated_pages(
    ctx: Context,
    pages_out: Path,
    sizes: Mapping[str, int],
    keep: Mapping[str, Kept] | None = None,
    lists: Lists | None = None,
    with_kept: bool = True,
) -> list[str]:
    """Write the record pages, on every core for a large collection (forked workers share the
    catalog without copying it), and meanwhile the lists and guides here; return their source
    paths. A record page in `keep` is not made: its stub from the published build is staged
    (unless `with_kept` is False: a preview's patch stages nothing for it)."""
    keys = record_keys(ctx)
    kept: list[str] = []
    if keep:
        keys = [
            (kind, ident)
            for kind, ident in keys
            if ctx.page_path(kind, ident).rstrip("/") + ".md" not in keep
        ]
        kept = stage_kept(keep, pages_out) if with_kept else sorted(keep)
    workers = min(usable_cpus(), 4)
    chunks = list(enumerate(keys[i : i + CHUNK_PAGES] for i in range(0, len(keys), CHUNK_PAGES)))

    def others() -> list[str]:
        return write_pages(list_pages(ctx, lists), pages_out, "lists") + write_pages(
            guide_pages(ctx, sizes), pages_out, "guides"
        )

    if len(keys) < PARALLEL_PAGES or workers < 2:
        records = [source for chunk in chunks for source in _write_chunk(ctx, pages_out, chunk)]
        return kept + records + others()
    _SHARED.update(ctx=ctx, pages=pages_out)
    try:
        # A worker copies the parent's memory pages it touches (reference counts are writes):
        # a new worker every few thousand pages keeps that from growing to the whole catalog
        # in each worker (at 100,000 claims the workers' copies were over 1 GB more at the end).
        context = multiprocessing.get_context("fork")
        with (
            frozen_for_forks(),
            context.Pool(
                workers,
                initializer=ends_with_this_process(),
                maxtasksperchild=WORKER_CHUNKS,
            ) as pool,
        ):
            pending = pool.map_async(_write_records, chunks, chunksize=1)
            rest = others()
            records = [source for sources in pending.get() for source in sources]
            return kept + records + rest
    finally:
        _SHARED.clear()


def stage_kept(keep: Mapping[str, Kept], pages_out: Path) -> list[str]:
    """Stage the stubs of the record pages taken from the published build, in a bundle of
    their own; return their source paths."""
    taken = ((s, keep[s][0], keep[s][1], keep[s][0], keep[s][2]) for s in sorted(keep))
    return write_sources(taken, pages_out, "kept")


def _write_chunk(ctx: Context, pages_out: Path, chunk: tuple[int, list[RecordKey]]) -> list[str]:
    number, keys = chunk
    return write_pages(record_pages(ctx, keys), pages_out, f"records-{number:05d}")


def write_methodology(catalog: Catalog, target: Path) -> None:
    """Write the rules the publication's methodology relaxes, with its reasons, as JSON that
    `claimkit check` reads when it checks the built site (see core.review_rules)."""
    methodology = catalog.site.methodology
    allow = [
        {"rule": a.rule, "reason": a.reason} for a in (methodology.allow if methodology else [])
    ]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        json.dumps({"allow": allow}, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
        encoding="utf-8",
    )


def stage_docs(
    catalog: Catalog,
    docs_src: Path | None,
    docs_out: Path,
    sizes: Mapping[str, int],
    pages_out: Path | None = None,
    keep: Mapping[str, Kept] | None = None,
    ctx: Context | None = None,
    lists: Lists | None = None,
    with_kept: bool = True,
) -> int:
    """Write every page's Markdown into bundles in `pages_out` (by default `pages/` beside
    `docs_out`, where claimkit's mkdocs hook looks for them) and the other files from docs/ into
    `docs_out`; count the pages. The record pages in `keep` (source path -> the stub and digest
    of its page in the published build, see site/page_keys.py) are staged as those stubs.
    `ctx`: the pages' context, if the caller made one for the catalog already (and `lists`,
    the list pages' for it). `with_kept=False` stages nothing for the pages in `keep` (they
    are counted)."""
    ctx = ctx or Context(catalog)
    ctx.kept = frozenset(keep or ())
    pages_out = pages_out or docs_out.parent / BUNDLE_DIR
    write_methodology(catalog, docs_out / METHODOLOGY_FILE)
    with collector_off():  # see core.collector
        generated = _generated_pages(ctx, pages_out, sizes, keep, lists, with_kept)
    taken = set(generated)
    hand_written: list[Page] = []
    if docs_src and docs_src.is_dir():
        for source in sorted(docs_src.rglob("*")):
            rel = source.relative_to(docs_src).as_posix()
            target = docs_out / rel
            if any(part.startswith(".") for part in Path(rel).parts):
                continue
            if source.is_symlink():
                # A link could publish any file on the machine that builds the site.
                raise ValueError(
                    f"docs/{rel} is a symbolic link; put the file itself in docs/ instead"
                )
            if source.is_dir():
                continue
            if not stat.S_ISREG(source.lstat().st_mode):
                raise ValueError(f"docs/{rel} is not a regular file; remove it")
            page = _hand_written(ctx, source, rel) if source.suffix == ".md" else None
            if target.exists() or rel in taken or (page is not None and page.source in taken):
                raise FileExistsError(f"docs/{rel} has the same path as a generated page")
            if page is None:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
            else:
                hand_written.append(page)
                taken.add(page.source)
    generated += write_pages(hand_written, pages_out, "docs")
    return len(generated)


def source_date(catalog: Catalog, ctx: Context | None = None) -> int:
    """The build's date from the records (the latest date in them), as a Unix time (`ctx`: the
    pages' context for the catalog, which may know that date already)."""
    latest = (ctx or Context(catalog)).ld.last_modified()
    # The first day the latest date may mean (a month's first day, a date-time's own day).
    last = first_day(latest) if latest else dt.date(1970, 1, 1)
    return int(dt.datetime(last.year, last.month, last.day, tzinfo=dt.UTC).timestamp())
