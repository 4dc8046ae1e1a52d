"""The dumps in parts: a large publication's four dumps are each split into numbered files
(`claims-0001.nt`, `claims-0002.nt`, ...), so that a change to one record writes again the part
that holds it (and the first, which describes the data as a whole) instead of gigabytes, and so
that no file outgrows what static hosts and downloads handle well.

Every format is split at the same pages, in the dumps' order (website and dataset, then the
records by kind and id): part N of the N-Triples, Turtle, JSON-LD and feed files holds the same
pages, and each part is a whole document of its format (Turtle with its prefixes, JSON-LD with
its context, a DataFeed of the part's items). Where a part ends is said by the pages' names
alone: a part ends before each record page whose name's CRC-32 is a multiple of PART_PAGES. A
record added or removed moves no other part's bounds (unless it is such a page itself), and a
full export and one made from the last dumps cut at the same pages.

Publications of fewer than SPLIT_MIN pages keep one part: the four files named as they always
were (`claims.nt`, `claims.ttl`, `claims.jsonld`, `feed.json`).
"""

from __future__ import annotations

import bisect
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from claimkit.core import dates
from claimkit.core.catalog import Catalog
from claimkit.core.models import Article, Claim, Media

# Which page: ("website", ""), ("dataset", ""), or (record kind, record id).
PageKey = tuple[str, str]

# The pages of a part, on average (its size varies: about 7 KB of N-Triples a claim page).
PART_PAGES = 2048
# Publications with fewer pages than this have their dumps in one part.
SPLIT_MIN = 8192
# The pages before the records' (the website's and the dataset's): never the first of a part.
LEADING = 2


def file_name(base: str, part: int, parts: int) -> str:
    """The name of part `part` (from 0) of the dump `base` ("claims.nt") cut in `parts`."""
    if parts == 1:
        return base
    stem, _, extension = base.partition(".")
    return f"{stem}-{part + 1:04d}.{extension}"


@dataclass(frozen=True)
class Layout:
    """Where the dumps' pages are cut: the first page of each part, and the number of pages."""

    bounds: tuple[int, ...]
    pages: int

    @property
    def parts(self) -> int:
        """How many parts."""
        return len(self.bounds)

    def span(self, part: int) -> tuple[int, int]:
        """The first page of `part` and the page after its last."""
        end = self.bounds[part + 1] if part + 1 < len(self.bounds) else self.pages
        return self.bounds[part], end

    def part_of(self, page: int) -> int:
        """The part that holds the page at `page`."""
        return bisect.bisect_right(self.bounds, page) - 1

    def files(self, bases: Sequence[str], part: int) -> list[str]:
        """The names of `part`'s files, one for each of `bases`."""
        return [file_name(base, part, self.parts) for base in bases]

    def all_files(self, bases: Sequence[str]) -> list[str]:
        """Every file's name: each part's, in the order of `bases`, part after part."""
        return [name for part in range(self.parts) for name in self.files(bases, part)]


def page_keys(catalog: Catalog) -> list[PageKey]:
    """Every page of the dumps, in their order (that of `export.units()`)."""
    out: list[PageKey] = [("website", ""), ("dataset", "")]
    for kind, group in (
        ("claim", catalog.claims),
        ("media", catalog.media),
        ("article", catalog.articles),
        ("person", catalog.people),
        ("organization", catalog.organizations),
        ("topic", catalog.topics),
    ):
        out.extend((kind, ident) for ident in group)
    return out


def dated_groups(catalog: Catalog) -> dict[str, Mapping[str, Claim | Media | Article]]:
    """The records whose dates count towards the data's last change, by kind."""
    return {"claim": catalog.claims, "media": catalog.media, "article": catalog.articles}


def catalog_layout(catalog: Catalog) -> Layout:
    """The parts of the dumps of every page of `catalog`."""
    return layout([f"{kind}:{ident}" for kind, ident in page_keys(catalog)])


def layout(names: Sequence[str]) -> Layout:
    """The parts of the dumps of the pages named `names` ("kind:id", in the dumps' order)."""
    count = len(names)
    bounds = [0]
    if count >= SPLIT_MIN:
        for at in range(LEADING + 1, count):
            if zlib.crc32(names[at].encode()) % PART_PAGES == 0:
                bounds.append(at)
    return Layout(tuple(bounds), count)


def latest_by_part(cut: Layout, page_dates: Sequence[Sequence[str]]) -> list[tuple[str | None]]:
    """Each part's last change: the latest of the dates its pages count (`page_dates`, one
    sequence a page in the dumps' order, empty for a page whose dates do not count)."""
    out: list[tuple[str | None]] = []
    for part in range(cut.parts):
        start, end = cut.span(part)
        out.append((dates.latest([day for got in page_dates[start:end] for day in got]),))
    return out


def said(names: Sequence[str]) -> str:
    """The dumps' files for a message: each name when they are one part, else the first and
    last of the parts' files and how many."""
    if len(names) <= 4:
        return ", ".join(names)
    return f"{len(names) // 4} parts of each dump ({names[0]} ... {names[-1]})"
