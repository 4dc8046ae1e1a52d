"""The export index: where each page lies in the last dumps written, and the keys of what its
text depended on, kept in the cache beside the validation index (`cache.write_kept`); and the
plan of a run: which pages to make again, which to copy.

What the text of a record's page in the dumps (its triples, its JSON-LD nodes, its feed item)
depends on, and so what its key covers:

- its record's bytes and place: the record's key in the validation cache (`cache.key`, which
  also covers claimkit's version and code under core, records and validation, the libraries
  that read records and the site settings);
- the records it names (`Record.references`, kept by validation as each file's reference
  lines): the people, organizations, topics and articles whose stubs it shows, the claims its
  translations point at (their own review's place), the media's claims. A page shows nothing
  of the records that name it;
- the site settings and the site publisher's organization record, which every own review and
  the feed name: a change to either is a full export;
- the code that writes the dumps (`code()`: linked_data and this package).

What depends on every record is made again on every run: the website and dataset nodes and the
feed's head (the data's last change: the latest of the dates each claim, media and article
gives, kept per page and taken in the dumps' order), and the order of the pages (by kind, then
id, from the validation index without reading the records).
"""

from __future__ import annotations

import hashlib
import os
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache as memoized
from pathlib import Path
from typing import Any

from claimkit.core import dates
from claimkit.core.catalog import Catalog
from claimkit.linked_data.dumptext import PageKey
from claimkit.linked_data.export import PIECE_FILES
from claimkit.linked_data.parts import Layout, latest_by_part
from claimkit.records import filestatus
from claimkit.records.discover import absolute
from claimkit.validation import cache, indexfile
from claimkit.validation.facts import ref_key
from claimkit.validation.survey import read_record

# The order of the kinds' pages in the dumps (dumptext.page_keys).
KIND_ORDER = {"claim": 0, "media": 1, "article": 2, "person": 3, "organization": 4, "topic": 5}
# The kinds whose dates count towards the data's last change (JsonLd.last_modified).
DATED = frozenset({"claim", "media", "article"})
# The pages every run makes again (their text depends on every record or on the settings).
ALWAYS: tuple[PageKey, ...] = (("website", ""), ("dataset", ""))
# More pages than this to make again (and more than this share of them): a full export, on
# every core, is as quick.
MAX_PAGES = 2000
MAX_SHARE = 0.05
NO_KEY = bytes(20)
_KEY = len(NO_KEY)


@memoized
def code() -> bytes:
    """A digest of the code that writes the dumps (the validation cache's key covers the rest
    of claimkit: core, records, validation)."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent.parent
    for name in ("linked_data", "exporting"):
        for module in sorted((package / name).glob("*.py")):
            digest.update(f"{name}/{module.name}\n".encode())
            digest.update(module.read_bytes())
    return digest.digest()


def name_for(what: str, folder: Path) -> str:
    """The cache's name for the export index of `what` ("export", "build") into `folder`."""
    return f"{what}-" + hashlib.blake2b(str(absolute(folder)).encode(), digest_size=8).hexdigest()


def statuses(folder: Path, cut: Layout) -> tuple[bytes, ...] | None:
    """The status of each dump in `folder` (its parts as `cut` says), or None when one is
    missing: a record file's status (`filestatus.status_of`) but for the time of the last
    change to the file's inode (ctime), which a new hard link to it changes: a build links its
    dumps into its site after writing them, and an unchanged part into the next dumps. Any
    change to the bytes changes the modification time (or the size or the file)."""
    out: list[bytes] = []
    for name in cut.all_files(PIECE_FILES):
        try:
            info = (folder / name).lstat()
        except OSError:
            return None
        out.append(filestatus.status_of(info, ctime=False))
    return tuple(out)


@dataclass
class Kept:
    """The export index as read: each page's name ("kind:id"), key, ranges (in its part's
    files) and dates, where the dumps were cut (`cut`, see linked_data.parts), where the pages'
    text starts in each file of each part (`firsts`, four numbers a part), and what the dumps
    and settings were."""

    names: tuple[str, ...]
    keys: bytes
    ranges: array[int]
    dates: tuple[tuple[str, ...], ...]
    firsts: tuple[int, ...]
    dumps: Any
    site: Any
    cut: Layout
    where: dict[str, int] = field(default_factory=dict)

    @classmethod
    def parse(cls, data: dict[bytes, Any]) -> Kept | None:
        """The index from what the cache kept; None when its parts do not agree."""
        names, keys, ranges = data.get(b"pages"), data.get(b"keys"), data.get(b"ranges")
        page_dates, firsts = data.get(b"dates"), data.get(b"firsts")
        bounds = data.get(b"bounds")
        if not (
            isinstance(names, tuple)
            and isinstance(keys, bytes)
            and isinstance(ranges, bytes)
            and isinstance(page_dates, tuple)
            and isinstance(firsts, tuple)
            and isinstance(bounds, tuple)
            and bounds
            and bounds[0] == 0
            and list(bounds) == sorted(set(bounds))
            and bounds[-1] < max(len(names), 1)
            and len(firsts) == len(PIECE_FILES) * len(bounds)
            and len(names) == len(page_dates) == len(keys) // _KEY == len(ranges) // 64
        ):
            return None
        numbers = array("q")
        numbers.frombytes(ranges)
        cut = Layout(bounds, len(names))
        kept = cls(
            names, keys, numbers, page_dates, firsts, data.get(b"dumps"), data.get(b"site"), cut
        )
        kept.where = {name: at for at, name in enumerate(names)}
        return kept

    def key(self, at: int) -> bytes:
        """The key of the page at `at` (in the last dumps' order)."""
        return self.keys[at * _KEY : (at + 1) * _KEY]


def save(
    root: Path,
    what: str,
    folder: Path,
    site: Any,
    names: list[str],
    keys: list[bytes],
    ranges: array[int] | list[int],
    page_dates: list[tuple[str, ...]],
    heads: list[list[bytes]],
    cut: Layout,
) -> None:
    """Keep the index of the dumps just written into `folder`, cut as `cut` says, each part's
    files starting with `heads` (their statuses taken now)."""
    found = statuses(folder, cut)
    if found is None:
        return
    cache.write_kept(
        root,
        what,
        {
            b"code": code(),
            b"target": str(absolute(folder)),
            b"site": site,
            b"dumps": found,
            b"firsts": tuple(len(head) for part in heads for head in part),
            b"bounds": cut.bounds,
            b"pages": tuple(names),
            b"keys": b"".join(keys),
            b"ranges": (ranges if isinstance(ranges, array) else array("q", ranges)).tobytes(),
            b"dates": tuple(page_dates),
        },
    )


@dataclass
class Now:
    """The records as they are, in the dumps' order: each page's name, key and the names of
    the records it names, and where each record's file is."""

    names: list[str]
    keys: list[bytes]
    refs: list[str]
    rels: dict[str, str]


def records_now(
    root: Path, catalog: Catalog, seen: list[tuple[str, bytes | None]] | None = None
) -> tuple[Now | None, str]:
    """`current` for every record of the catalog (read from `root`): each one's key and
    references as the validation index just written notes them. `seen`: each record file's
    status as the validation that made the catalog took it (`Result.statuses`), else each
    file's status is taken now."""
    if seen is not None and len(seen) == sum(kind != "site" for kind, _ in catalog.sources):
        return current(root, None, seen)
    top = len(root.name) + 1
    folder = f"{root}/"
    files: list[tuple[str, bytes | None]] = []
    for (kind, _ident), source in catalog.sources.items():
        if kind == "site":
            continue
        rel = source[top:]
        try:  # a string path: a path object per record costs more than the call
            files.append((rel, filestatus.status_of(os.stat(folder + rel))))  # noqa: PTH116
        except OSError:
            files.append((rel, None))
    return current(root, None, files)


def current(
    root: Path, site_digest: bytes | None, files: Iterable[tuple[str, bytes | None]]
) -> tuple[Now | None, str]:
    """Each record's key and references from the validation index just written, for `files`
    (each file's path under the root and its status now); a file whose status differs from the
    one the index notes is hashed again, and must hash to the index's key. None (and why)
    when the index cannot say, or is not for the settings `site_digest` (None: for those it
    holds)."""
    index = indexfile.read(root)
    if index is None:
        return None, "the validation cache could not be read"
    try:
        site, slots = index.site, index.slots()
    finally:
        index.close()
    site_digest = site if site_digest is None else site_digest
    if site is None or site != site_digest or not slots:
        return None, "the validation cache is not up to date"
    top = f"{root}/"
    found: list[tuple[int, str, str, bytes, str, str]] = []
    for rel, status in files:
        slot = slots.get(rel)
        if slot is None:
            return None, f"the validation cache holds nothing for {rel}"
        kept_status, key, entry = slot
        if kept_status is None or kept_status != status:
            got = read_record(top + rel)
            if got is None or cache.key(site, rel, got[0]) != key:
                return None, f"the validation cache is not up to date for {rel}"
        kind, ident, valid, refs = entry[0], entry[1], entry[2], entry[3]
        if kind not in KIND_ORDER or not isinstance(ident, str) or not valid:
            return None, f"{rel} is not a record the dumps hold"
        found.append((KIND_ORDER[kind], ident, kind, key, refs, rel))
    found.sort()
    names = [ref_key(kind, ident) for _, ident, kind, _, _, _ in found]
    now = Now(
        names=names,
        keys=[item[3] for item in found],
        refs=[item[4] for item in found],
        rels={name: item[5] for name, item in zip(names, found, strict=True)},
    )
    return now, ""


@dataclass
class Plan:
    """A run's pages in order, each copied (its place among the last dumps' pages) or made
    again (None), with its name, key and dates (None until known for a page made again)."""

    pages: list[PageKey]
    names: list[str]
    keys: list[bytes]
    reuse: list[int | None]
    dates: list[tuple[str, ...] | None]
    again: set[str]  # the records whose pages are made again
    needed: set[str]  # those and the records they name, and the site publisher's

    def last(self, dates_of: Callable[[str], tuple[str, ...]]) -> str | None:
        """Fill in the dates of the pages made again (`dates_of` a record's name); the data's
        last change."""
        found: list[str] = []
        for at, (kind, _ident) in enumerate(self.pages):
            got = self.dates[at]
            if got is None:
                got = self.dates[at] = dates_of(self.names[at]) if kind in DATED else ()
            if kind in DATED:
                found.extend(got)
        return dates.latest(found)

    def part_lasts(self, cut: Layout) -> list[tuple[str | None]]:
        """Each part's last change (the latest of its pages' dates), once `last` has filled
        them in (a page of a kind whose dates do not count has none)."""
        return latest_by_part(cut, self.page_dates())

    def page_dates(self) -> list[tuple[str, ...]]:
        """Each page's dates, once `last` has filled them in."""
        return [got or () for got in self.dates]


def plan(kept: Kept, now: Now, publisher: str) -> tuple[Plan | None, str]:
    """Which pages to make again: those whose record is new or changed, or names one that is;
    None (and why) when it is quicker or only safe to make them all."""
    changed: set[str] = set()
    for name, key in zip(now.names, now.keys, strict=True):
        at = kept.where.get(name)
        if at is None or kept.key(at) != key:
            changed.add(name)
    owner = ref_key("organization", publisher)
    if owner in changed:
        return None, f"the site publisher's record ({publisher}) changed"
    if len(changed) <= 64:
        # A name found in a page's reference lines as text: a longer name that starts with a
        # changed one also counts, which only makes one page more again.
        again = {
            name
            for name, refs in zip(now.names, now.refs, strict=True)
            if name in changed or (refs and any(other in refs for other in changed))
        }
    else:
        again = {
            name
            for name, refs in zip(now.names, now.refs, strict=True)
            if name in changed or (refs and not changed.isdisjoint(refs.split("\n")))
        }
    total = len(now.names) + len(ALWAYS)
    if len(again) > MAX_PAGES and len(again) > MAX_SHARE * total:
        return None, f"{len(again)} of {total} pages to make again"
    needed = {owner}
    reuse: list[int | None] = [None] * len(ALWAYS)
    page_dates: list[tuple[str, ...] | None] = [()] * len(ALWAYS)
    out = Plan(
        pages=list(ALWAYS),
        names=[ref_key(kind, ident) for kind, ident in ALWAYS],
        keys=[NO_KEY] * len(ALWAYS),
        reuse=reuse,
        dates=page_dates,
        again=again,
        needed=needed,
    )
    for name, key, refs in zip(now.names, now.keys, now.refs, strict=True):
        kind, _, ident = name.partition(":")
        out.pages.append((kind, ident))
        out.names.append(name)
        out.keys.append(key)
        if name in again:
            out.reuse.append(None)
            out.dates.append(None)
            needed.add(name)
            if refs:
                needed.update(refs.split("\n"))
        else:
            at = kept.where[name]
            out.reuse.append(at)
            out.dates.append(kept.dates[at])
    return out, ""
