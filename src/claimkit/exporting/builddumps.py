"""The dumps of `claimkit build`: made from the published generation's dumps when the build's
export index says which pages can be copied (the rules of `pageindex`, as for `claimkit
export`), else in full; the index noted for the next build.

A build has the whole catalog already, so the pages made again are made from it. The records'
keys come from the validation index the build's validation just wrote, each file's status
taken again to check it (`pageindex.current`); the settings are compared as the site model
(which is all the pages' text reads of them). Runs under the build lock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from claimkit.core import output
from claimkit.core.catalog import Catalog
from claimkit.core.collector import collector_off
from claimkit.exporting import pageindex
from claimkit.exporting.incremental import DumpsChanged, dates_of, note_full, write_planned
from claimkit.exporting.pageindex import Kept, Now
from claimkit.linked_data.export import write_dumps
from claimkit.records.discover import root_of
from claimkit.validation import cache

# Why the first build's dumps are made in full (not said: nothing else could be).
FIRST = "no published build to start from"


def _site_key(catalog: Catalog) -> bytes:
    return hashlib.blake2b(catalog.site.model_dump_json().encode(), digest_size=16).digest()


def build_dumps(
    records: Path,
    out: Path,
    catalog: Catalog,
    folder: Path,
    say: Callable[[str], None],
    now: tuple[Now | None, str] | None = None,
) -> list[Path]:
    """Write the dumps of `catalog` into `folder` (the staged generation's data), copying what
    can be copied from the published generation's dumps in `out`; `now` is
    `pageindex.records_now` for the catalog when the caller has it already."""
    root = root_of(records)
    what = pageindex.name_for("build", out)
    site = _site_key(catalog)
    with collector_off():
        why, written = _incremental(root, out, what, catalog, folder, site, now)
    if why:
        if why != FIRST:
            say(f"dumps in full: {why}")
        cache.forget_kept(root, what)
        sizes: list[int] = []
        written = write_dumps(catalog, folder, sizes=sizes)
        with collector_off():
            note_full(root, what, folder, catalog, sizes, site)
    return written


def _incremental(
    root: Path,
    out: Path,
    what: str,
    catalog: Catalog,
    folder: Path,
    site: bytes,
    known: tuple[Now | None, str] | None,
) -> tuple[str, list[Path]]:
    """Write the dumps from the published ones: "" and the files written, else why not."""
    published = output.current(out)
    if published is None:
        return FIRST, []
    old = published / "data"
    data = cache.read_kept(root, what)
    if not data:
        return "the cache holds no earlier build of these records", []
    if data.get(b"code") != pageindex.code():
        return "claimkit's code changed since the last build", []
    kept = Kept.parse(data)
    if kept is None:
        return "the build's export index is damaged", []
    if kept.site != site:
        return "the site settings changed since the last build", []
    if kept.dumps != pageindex.statuses(old, kept.cut):
        return "the published dumps are not the ones the last build wrote", []
    now, why = known or pageindex.records_now(root, catalog)
    if now is None:
        return why, []
    planned, why = pageindex.plan(kept, now, catalog.site.publisher)
    if planned is None:
        return why, []
    last = planned.last(dates_of(catalog))
    write, ranges, cut, heads = write_planned(planned, catalog, last, old, kept)
    try:
        written = write(folder)
    except DumpsChanged as exc:
        return str(exc), []
    pageindex.save(
        root, what, folder, site, planned.names, planned.keys, ranges, planned.page_dates(),
        heads, cut,
    )  # fmt: skip
    return "", written
