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

import bisect
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
    return KeyGraph(now, catalog).found


def _digest(
    key: dict[str, bytes], names: Iterable[str], extra: dict[str, bytes] | None = None
) -> bytes:
    """A digest of records by their names and keys (and their `extra` digests)."""
    h = hashlib.blake2b(digest_size=16)
    for other in names:
        h.update(other.encode() + b"=" + key.get(other, _MISSING))
        if extra is not None:
            h.update(extra.get(other, _MISSING))
        h.update(b";")
    return h.digest()


@dataclass
class KeyMemo:
    """The page keys a process (`claimkit serve`) worked out last, for the next build's."""

    graph: KeyGraph | None = None


class KeyGraph:
    """The records as the page keys see them (what each names and what names it, with their
    keys) and each record's page key; `patched` works out the next keys from these for the
    records that changed, and gives the keys a full working-out would (a test holds them
    equal)."""

    def __init__(self, now: Now, catalog: Catalog) -> None:
        self.names = now.names
        self.keys = now.keys
        self.refs = now.refs
        self.key = dict(zip(now.names, now.keys, strict=True))
        self.publisher = f"organization:{catalog.site.publisher}"
        self.forward = {
            name: self._named(name, refs) for name, refs in zip(now.names, now.refs, strict=True)
        }
        backward: defaultdict[str, list[str]] = defaultdict(list)
        for name in now.names:  # in the index's order: each list comes out the same every run
            for other in self.forward[name]:
                backward[other].append(name)
        self.backward = backward
        self.base = _base(catalog)
        self.lists = _candidates(catalog)
        self.sharing: dict[str, bytes] = {}
        # Each record's step ahead (what it names, with their keys), worked out once each.
        self.ahead = {name: _digest(self.key, named) for name, named in self.forward.items()}
        self.found = {name: self._page_key(name) for name in now.names}
        self._paths: tuple[str, dict[str, str]] | None = None

    def paths(self, urls: Urls) -> dict[str, str]:
        """Each record's page source path ("claims/x.md"), by name."""
        if self._paths is None or self._paths[0] != urls.base:
            pages = {n: urls.page_path(*n.split(":", 1)).rstrip("/") + ".md" for n in self.names}
            self._paths = (urls.base, pages)
        return self._paths[1]

    def _named(self, name: str, refs: str) -> list[str]:
        """What a record names, by the index's references; a review that names no publisher is
        the site publisher's: each claim and media record names that organization, written or
        not (its page lists the reviews it wrote)."""
        named = refs.split("\n") if refs else []
        if name.startswith(REVIEWED) and self.publisher not in named:
            named.append(self.publisher)
        return named

    def _shared(self, other: str) -> bytes:
        """What a claim's page shows of the claims that share `other` with it: which claims are
        the candidates for its related claims (what they say is in the keys of those it shows),
        or for a claim's translations, those that name it with their keys."""
        known = self.sharing.get(other)
        if known is None:
            listed = self.lists.get(other)
            known = _digest(self.key, self.backward.get(other, [])) if listed is None else listed
            self.sharing[other] = known
        return known

    def _page_key(self, name: str) -> str:
        named, naming = self.forward[name], self.backward.get(name, [])
        h = hashlib.blake2b(self.base + self.key[name], digest_size=16)
        h.update(b"F" + _digest(self.key, named, self.ahead))  # what it names, what those name
        h.update(b"B" + _digest(self.key, naming, self.ahead))  # what names it, what those name
        if name.startswith("claim:"):
            for other in named:
                if other.startswith(SHARED):  # the claims that share it
                    h.update(b"S" + other.encode() + self._shared(other))
        return h.hexdigest()

    def patched(self, now: Now, catalog: Catalog) -> bool:
        """Become the graph of `now` and `catalog` by working out again only the keys a change
        can reach; False (and unchanged) when that is not worth it or cannot be done: the same
        records in the same order, the same code and settings, at most a sixteenth of them
        changed."""
        if now.names != self.names:
            return False
        if (
            _base(catalog) != self.base
            or f"organization:{catalog.site.publisher}" != self.publisher
        ):
            return False
        changed = [
            at
            for at, (key, refs) in enumerate(zip(now.keys, now.refs, strict=True))
            if key != self.keys[at] or refs != self.refs[at]
        ]
        lists = _candidates(catalog)
        moved = [o for o in lists.keys() | self.lists.keys() if lists.get(o) != self.lists.get(o)]
        if len(changed) + len(moved) > max(16, len(now.names) // 16):
            return False
        names = [now.names[at] for at in changed]
        reach = self._reach(names)  # in the graph as it was
        place = {name: at for at, name in enumerate(now.names)} if names else {}
        for at, name in enumerate(names):
            refs = now.refs[changed[at]]
            if refs != self.refs[changed[at]]:
                self._move(name, self._named(name, refs), place)
            self.key[name] = now.keys[changed[at]]
        reach |= self._reach(names)  # and as it is
        for other in moved:
            reach.update(self.backward.get(other, []))
        self.keys, self.refs, self.lists = now.keys, now.refs, lists
        for name in {n for c in names for n in (c, *self.backward.get(c, []))}:
            self.ahead[name] = _digest(self.key, self.forward[name])
        self.sharing = {}
        for name in reach:
            if name in self.found:
                self.found[name] = self._page_key(name)
        return True

    def _reach(self, changed: list[str]) -> set[str]:
        """The records whose page keys a change to the records `changed` can reach: each, what
        names it and what names those, what it names, what those that name it name, and the
        claims that share a translation with it."""
        forward, backward = self.forward, self.backward
        reach: set[str] = set()
        for name in changed:
            reach.add(name)
            naming = backward.get(name, [])
            reach.update(naming)
            for other in naming:
                reach.update(backward.get(other, []))
                reach.update(forward[other])
            for other in forward[name]:
                reach.add(other)
                if other.startswith(SHARED) and other not in self.lists:
                    reach.update(backward.get(other, []))
        return reach

    def _move(self, name: str, named: list[str], place: dict[str, int]) -> None:
        """`name` now names `named`: the lists of what names each record follow, each kept in
        the index's order."""
        for other in set(self.forward[name]) | set(named):
            naming = self.backward.get(other)
            if naming is not None and name in naming:
                naming[:] = [n for n in naming if n != name]
        for other in named:
            naming = self.backward.setdefault(other, [])
            naming.insert(bisect.bisect_right(naming, place[name], key=place.__getitem__), name)
        self.forward[name] = named


def _base(catalog: Catalog) -> bytes:
    """What every record page's key starts from: the page code and the site settings."""
    return hashlib.blake2b(
        code() + catalog.site.model_dump_json().encode(), digest_size=16
    ).digest()


def _candidates(catalog: Catalog) -> dict[str, bytes]:
    """For each topic and article with claims, a digest of the claims among which a claim's
    related claims are chosen: the first of the catalog's list of each (record_pages.related);
    the choice depends on nothing else."""
    lists = {
        **{f"topic:{t}": ids for t, ids in catalog.claims_on_topic.items()},
        **{f"article:{a}": ids for a, ids in catalog.claims_in_article.items()},
    }
    return {
        name: hashlib.blake2b("\n".join(ids[:RELATED_CANDIDATES]).encode(), digest_size=16).digest()
        for name, ids in lists.items()
    }


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
    # The keys `shown_all` gave, with the records they were for, by source path.
    _shown: dict[str, tuple[tuple[str, ...], str]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(cls, now: Now, catalog: Catalog, memo: KeyMemo | None = None) -> PageKeys:
        """The keys of every record's page (`page_keys`); with `memo`, worked out from the
        last keys it holds where they can be (`KeyGraph.patched`), and kept in it."""
        graph = memo.graph if memo is not None else None
        try:
            if graph is None or not graph.patched(now, catalog):
                graph = KeyGraph(now, catalog)
        except BaseException:
            if memo is not None:
                memo.graph = None  # it may be half patched
            raise
        if memo is not None:
            memo.graph = graph
        paths = graph.paths(Urls(catalog.site.url))
        found = dict(graph.found)
        pages = {paths[name]: key for name, key in found.items()}
        return cls(found, pages, dict(graph.key))

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
        """`shown` for each record page with records it shows (source path -> those records);
        a build asks for the published pages' and then for its own, mostly the same: each
        answer is kept for the next question."""
        found: dict[str, str] = {}
        known = self._shown
        for src, names in shows.items():
            if src not in self.pages:
                continue
            last = known.get(src)
            if last is None or last[0] != names:
                last = known[src] = (names, self.shown(src, names))
            found[src] = last[1]
        return found

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
