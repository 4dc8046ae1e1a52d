"""The key of what a record's page says: an incremental build makes again only the record pages
whose key changed, and takes the others' Markdown and HTML from the published build.

A record's page (staging.py, record_pages.py, media_pages.py) shows, besides its own record:

- the records it names (`Record.references`: claimants, relays, the articles it appeared in,
  its topics, the organizations whose reviews it carries, the site publisher's for a review
  that names none, its translations, a media record's claims), and what those name in turn (an article's publisher and authors on a claim's
  travel picture, a claimant's name on a media page);
- the records that name it (a person's claims, a topic's claims and media, an article's
  claims, a claim's media and translations), and what those name (the claims' verdicts come
  from their own records, their claimants from the records they name);
- for a claim, which claims share a topic or an article with it among which its related
  claims are chosen (the ids of the first `RELATED_CANDIDATES` of the catalog's list of each:
  the choice depends on nothing else), the related claims it shows (`Page.shows`, which the
  page index keeps: their records' keys are added to the page's key when the pages are
  compared, see `PageKeys.shown`), and the claims that share a translation with it (its
  language versions).

So a page's key covers the record's key in the validation cache (its bytes, its path,
claimkit's record code and the site settings, see `validation.cache.key`), the keys of the
records one step away in either direction and of those two steps away along the paths above,
which records those are (a claim added to a topic changes the key of the topic's page and of
its claims' pages), a digest of claimkit's page code and the settings the pages read. Lists,
guides and the desk's own pages depend on every record and are always made again.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache as memoized
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from claimkit.core.catalog import Catalog
from claimkit.core.urls import Urls
from claimkit.exporting.pageindex import Now
from claimkit.site.record_pages import RELATED_CANDIDATES

T = TypeVar("T")

# Claims' neighbours whose other claims a claim's page shows (related claims, translations).
SHARED = ("topic:", "article:", "claim:")
_MISSING = b"-"
# The records with reviews.
REVIEWED = ("claim:", "media:")
_SITE_CODE = Path(__file__).parent
_LINKED_DATA = _SITE_CODE.parent / "linked_data"


@memoized
def code() -> bytes:
    """A digest of the code that makes the pages' Markdown, JSON-LD and HTML (the site and
    linked_data packages) and of the date library's version (the validation cache's key covers
    the code that reads records)."""
    h = hashlib.blake2b(digest_size=16)
    for folder in (_SITE_CODE, _LINKED_DATA):
        for path in sorted(folder.rglob("*.py")):
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    h.update(f"babel={metadata.version('babel')}".encode())
    return h.digest()


def page_keys(now: Now, catalog: Catalog) -> dict[str, str]:
    """Each record's page key ("claim:x" -> hex digest), from the records' keys and references
    the validation index holds (`pageindex.records_now`), without the records a page shows
    beyond those (`PageKeys.shown`)."""
    key = dict(zip(now.names, now.keys, strict=True))
    forward = {
        name: refs.split("\n") if refs else []
        for name, refs in zip(now.names, now.refs, strict=True)
    }
    # A review that names no publisher is the site publisher's: each claim and media record
    # names that organization, written or not (its page lists the reviews it wrote).
    publisher = f"organization:{catalog.site.publisher}"
    for name, named in forward.items():
        if name.startswith(REVIEWED) and publisher not in named:
            named.append(publisher)
    backward: defaultdict[str, list[str]] = defaultdict(list)
    for name in now.names:  # in the index's order: each list comes out the same every run
        for other in forward[name]:
            backward[other].append(name)
    base = hashlib.blake2b(
        code() + catalog.site.model_dump_json().encode(), digest_size=16
    ).digest()

    def digest(names: Iterable[str], extra: dict[str, bytes] | None = None) -> bytes:
        h = hashlib.blake2b(digest_size=16)
        for other in names:
            h.update(other.encode() + b"=" + key.get(other, _MISSING))
            if extra is not None:
                h.update(extra.get(other, _MISSING))
            h.update(b";")
        return h.digest()

    sharing: dict[str, bytes] = {}
    # A claim's related claims are chosen among the first claims of each of its topics and
    # articles in the catalog's lists (record_pages.related); its translations among all.
    lists = {
        **{f"topic:{t}": ids for t, ids in catalog.claims_on_topic.items()},
        **{f"article:{a}": ids for a, ids in catalog.claims_in_article.items()},
    }

    def shared(other: str) -> bytes:
        known = sharing.get(other)
        if known is None:
            listed = lists.get(other)
            if listed is None:
                known = digest(backward.get(other, []))
            else:  # which claims: what they say is in the keys of those the page shows
                known = hashlib.blake2b(
                    "\n".join(listed[:RELATED_CANDIDATES]).encode(), digest_size=16
                ).digest()
            sharing[other] = known
        return known

    # Each record's step ahead (what it names, with their keys), and for each record the
    # records that name it with theirs, and with what those name: worked out once each.
    ahead = {name: digest(named) for name, named in forward.items()}
    found: dict[str, str] = {}
    for name in now.names:
        named, naming = forward[name], backward.get(name, [])
        h = hashlib.blake2b(base + key[name], digest_size=16)
        h.update(b"F" + digest(named, ahead))  # what it names, and what those name
        h.update(b"B" + digest(naming, ahead))  # what names it, and what those name
        if name.startswith("claim:"):
            for other in named:
                if other.startswith(SHARED):  # the claims that share it
                    h.update(b"S" + other.encode() + shared(other))
        found[name] = h.hexdigest()
    return found


# The lists of one record's claims, paginated: `claims/topic/<id>/`, `claims/claimant/<kind>-<id>/`
# and their `page-N/`. Each shows what the record's own page shows of its claims (their
# verdicts, claimants and dates), so it has the record's page key.
_FACET = re.compile(
    r"claims/(?:topic/(?P<topic>[^/]+)|claimant/(?P<kind>person|organization)-(?P<id>[^/]+))(?:/page-[0-9]+)?\.md"
)


def facet_owner(source: str) -> str | None:
    """The record ("topic:x") whose claims the list page at `source` lists, if it is one."""
    found = _FACET.fullmatch(source)
    if found is None:
        return None
    if found["topic"]:
        return f"topic:{found['topic']}"
    return f"{found['kind']}:{found['id']}"


@dataclass(frozen=True)
class PageKeys:
    """The record pages' keys: by record ("claim:x") and by page source ("claims/x.md")."""

    by_name: dict[str, str]
    pages: dict[str, str]
    # Each record's key in the validation index.
    records: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def of(cls, now: Now, catalog: Catalog) -> PageKeys:
        """The keys of every record's page (`page_keys`)."""
        urls = Urls(catalog.site.url)
        found = page_keys(now, catalog)
        pages = {
            urls.page_path(*name.split(":", 1)).rstrip("/") + ".md": key
            for name, key in found.items()
        }
        return cls(found, pages, dict(zip(now.names, now.keys, strict=True)))

    def shown(self, source: str, shows: Iterable[str]) -> str:
        """The key of the record page at `source` that shows the records `shows` besides those
        its key is made of (`Page.shows`): the page's key, with theirs when there are any."""
        key = self.pages[source]
        h = None
        for name in shows:
            h = h or hashlib.blake2b(key.encode(), digest_size=16)
            h.update(b";" + name.encode() + b"=" + self.records.get(name, _MISSING))
        return key if h is None else h.hexdigest()

    def shown_all(self, shows: dict[str, tuple[str, ...]]) -> dict[str, str]:
        """`shown` for each record page with records it shows (source path -> those records)."""
        return {src: self.shown(src, names) for src, names in shows.items() if src in self.pages}

    def facets(self, sources: Iterable[str]) -> dict[str, str]:
        """The keys of the lists of a record's claims among `sources`: their record's key."""
        found = {}
        for source in sources:
            owner = facet_owner(source)
            if owner is not None and owner in self.by_name:
                found[source] = self.by_name[owner]
        return found


def whole_facets(keep: dict[str, T], published: Iterable[str]) -> dict[str, T]:
    """`keep` without the lists of a record's claims that it does not hold whole (every page of
    the list as the published build paginated it): such a list is made again, all its pages."""
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for source in published:
        owner = facet_owner(source)
        if owner is not None:
            groups[owner].append(source)
    partial = {
        source
        for sources in groups.values()
        if not all(s in keep for s in sources)
        for source in sources
    }
    return {source: value for source, value in keep.items() if source not in partial}
