"""`claimkit export` with the cache: after a change to a few records, only the pages whose text
can have changed are made again; the rest of the dumps is copied from the last export's.

What the text of a record's page in the dumps (its triples, its JSON-LD nodes, its feed item)
depends on, and so what its key covers:

- its record's bytes and place: the record's key in the validation cache (`cache.key`, which
  also covers claimkit's version, the libraries that read records and the site settings);
- the records it names (`Record.references`, kept by validation as each file's reference
  lines): the people, organizations, topics and articles whose stubs it shows, the claims its
  translations point at (their own review's place), the media's claims;
- the site settings (language, licence, publisher, rating scale, URL) and the site
  publisher's organization record, which every own review names: a change to either is a
  full export;
- the code that writes the dumps (a digest of `linked_data` and this package).

What depends on every record is made again on every run: the website and dataset nodes and
the feed's head (the data's last change: the latest of the dates each claim, media and article
record gives, kept per page), and the order of the pages (by kind, then id; from the
validation index, without reading the records).

A page whose record and the records it names all have the key they had is copied from the
dumps in place, at the ranges the last export noted (`linked_data.reuse`). Those dumps are used
only when their status (size, times, inode) is the one noted: a dump changed by anyone else
means a full export. The index is written after the new dumps are in place, by a rename; a
killed run leaves the old index, whose statuses then no longer match.

Whenever the conditions are not met (no index for these records and this folder, other code,
other settings, the dumps changed, many pages to make again, a record that cannot be read),
the export is a full one, and the reason is said on stderr.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache as memoized
from pathlib import Path
from typing import Any

from claimkit.core import dates
from claimkit.core.catalog import Catalog
from claimkit.core.collector import collector_off
from claimkit.core.models import Article, Claim, Media, Record, Site
from claimkit.core.progress import current
from claimkit.linked_data.dumpfolder import export_dumps, export_with, is_plain_folder
from claimkit.linked_data.dumptext import PageKey, PageTextWriter, page_keys
from claimkit.linked_data.export import DUMP_NAMES, PIECE_FILES, dump_heads, page_ranges
from claimkit.linked_data.jsonld import record_dates
from claimkit.linked_data.reuse import Ranges, write_reusing
from claimkit.records import filestatus
from claimkit.records.discover import RecordFile, absolute, root_of
from claimkit.validation import cache
from claimkit.validation.facts import ref_key
from claimkit.validation.filecheck import check_file
from claimkit.validation.result import Result
from claimkit.validation.run import complete, validate_paths
from claimkit.validation.survey import RootSurvey, read_record, survey

# The order of the kinds' pages in the dumps (dumptext.page_keys).
KIND_ORDER = {"claim": 0, "media": 1, "article": 2, "person": 3, "organization": 4, "topic": 5}
# The kinds whose dates count towards the data's last change (JsonLd.last_modified).
DATED = ("claim", "media", "article")
# More pages than this to make again (and more than this share of them): a full export, on
# every core, is as quick.
MAX_PAGES = 2000
MAX_SHARE = 0.05
_NO_KEY = bytes(20)
# The pages every run makes again (their text depends on every record or on the settings).
ALWAYS = (("website", ""), ("dataset", ""))


class RecordsInvalid(Exception):
    """The records have errors: nothing was exported."""

    def __init__(self, result: Result) -> None:
        super().__init__("the records have errors")
        self.result = result


class _Changed(Exception):
    """The last export's dumps changed before they could be read."""


@dataclass
class Exported:
    """What an export wrote: the dumps, the number of claims, and how."""

    written: list[Path]
    claims: int
    how: str


@memoized
def _code() -> bytes:
    """A digest of the code that writes the dumps (the validation cache's key covers the rest
    of claimkit: core, records, validation)."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent.parent
    for name in ("linked_data", "exporting"):
        for module in sorted((package / name).glob("*.py")):
            digest.update(f"{name}/{module.name}\n".encode())
            digest.update(module.read_bytes())
    return digest.digest()


def _what(target: Path) -> str:
    """The name of the export index of the dumps in `target` (one per records root and folder)."""
    return "export-" + hashlib.blake2b(str(absolute(target)).encode(), digest_size=8).hexdigest()


def _statuses(target: Path) -> tuple[bytes, ...] | None:
    """The status of each dump in `target`, or None when one is missing or not a plain file."""
    out: list[bytes] = []
    for name in PIECE_FILES:
        try:
            info = (target / name).lstat()
        except OSError:
            return None
        out.append(filestatus.status_of(info))
    return tuple(out)


def export_records(
    records: Path, target: Path, *, use_cache: bool, say: Callable[[str], None]
) -> Exported:
    """Validate the records and write their dumps into `target`: with `use_cache`, only the
    pages that can have changed since the last export into `target` are made again (see the
    module's docstring); else, or when that cannot be told, a full export. RecordsInvalid when
    the records have errors; OutputError when `target` is unsafe."""
    root = root_of(records)
    what = _what(target)
    if use_cache:
        kept, why = _usable(root, what, target)
        if kept is not None:
            done, why = _incremental(root, target, kept)
            if done is not None:
                return done
        say(f"claimkit: a full export: {why}")
        cache.forget_kept(root, what)
    return _full(records, root, target, what, use_cache)


def _usable(root: Path, what: str, target: Path) -> tuple[dict[bytes, Any] | None, str]:
    """The last export's index when its dumps are still in `target`, else why not."""
    if not is_plain_folder(target):
        return None, f"{target} is the data of a built folder"
    kept = cache.read_kept(root, what)
    if not kept:
        return None, f"the cache holds no earlier export of these records into {target}"
    if kept.get(b"code") != _code():
        return None, "claimkit's code changed since the last export"
    if kept.get(b"target") != str(absolute(target)):
        return None, f"the cache holds no earlier export of these records into {target}"
    if kept.get(b"dumps") != _statuses(target):
        return None, f"the dumps in {target} are not the ones the last export wrote"
    return kept, ""


def _validated(records: Path, use_cache: bool) -> Catalog:

    result = validate_paths([records], use_cache=use_cache)
    if result.errors or not result.catalogs:
        raise RecordsInvalid(result)
    return result.catalogs[0]


def _full(records: Path, root: Path, target: Path, what: str, use_cache: bool) -> Exported:
    """Validate, make the catalog and write every page; with the cache, note where each page
    lies for the next run."""
    catalog = _validated(records, use_cache)
    sizes: list[int] | None = [] if use_cache else None

    def note() -> None:
        if sizes is not None:
            with collector_off():
                _note_full(root, target, what, catalog, sizes)

    written = export_dumps(catalog, target, sizes, note)
    return Exported(written, len(catalog.claims), "full")


def _note_full(root: Path, target: Path, what: str, catalog: Catalog, sizes: list[int]) -> None:
    """The export index of a full export: each page's key from the validation index."""
    index = cache.read(root)
    if index is None:
        return
    try:
        site, slots = index.site, index.slots()
    finally:
        index.close()
    if site is None or not slots:
        return
    keys: dict[str, bytes] = {}
    for _status, key, entry in slots.values():
        keys[ref_key(str(entry[0]), str(entry[1]))] = key
    pages = page_keys(catalog)
    names: list[str] = []
    packed: list[bytes] = []
    page_dates: list[tuple[str, ...]] = []
    groups: dict[str, dict[str, Claim] | dict[str, Media] | dict[str, Article]] = {
        "claim": catalog.claims,
        "media": catalog.media,
        "article": catalog.articles,
    }
    for kind, ident in pages:
        name = ref_key(kind, ident)
        names.append(name)
        packed.append(keys.get(name, _NO_KEY) if (kind, ident) not in ALWAYS else _NO_KEY)
        group = groups.get(kind)
        page_dates.append(tuple(record_dates(group[ident])) if group is not None else ())
    heads = dump_heads(catalog)
    ranges = page_ranges([len(head) for head in heads], sizes)
    _save(root, target, what, site, names, packed, ranges, page_dates, heads)


def _save(
    root: Path,
    target: Path,
    what: str,
    site: bytes,
    names: list[str],
    keys: list[bytes],
    ranges: list[int],
    page_dates: list[tuple[str, ...]],
    heads: list[bytes],
) -> None:
    statuses = _statuses(target)
    if statuses is None:
        return
    cache.write_kept(
        root,
        what,
        {
            b"code": _code(),
            b"target": str(absolute(target)),
            b"site": site,
            b"dumps": statuses,
            b"firsts": tuple(len(head) for head in heads),
            b"pages": tuple(names),
            b"keys": b"".join(keys),
            b"ranges": array("q", ranges).tobytes(),
            b"dates": tuple(page_dates),
        },
    )


@dataclass
class _Now:
    """The records as they are: each page's name, key and the names of the records it names,
    and where each record's file is."""

    names: list[str]
    keys: list[bytes]
    refs: list[str]
    rels: dict[str, str]


def _current(look: RootSurvey) -> tuple[_Now | None, str]:
    """Each record's key and references from the validation index just written, in the dumps'
    order; a file whose status differs from the one the index notes is hashed again, and must
    hash to the index's key. None (and why) when the index cannot say."""
    index = cache.read(look.root)
    if index is None:
        return None, "the validation cache could not be read"
    try:
        site, slots = index.site, index.slots()
    finally:
        index.close()
    statuses = look.statuses
    if site != look.site_digest or site is None or not slots or statuses is None:
        return None, "the validation cache is not up to date"
    discovery = look.discovery
    top = f"{discovery.root}/"
    rels = [
        rel for rel, kind in zip(discovery.rels, discovery.kinds, strict=True) if kind != "site"
    ]
    found: list[tuple[int, str, str, bytes, str, str]] = []
    for rel, status in zip(rels, statuses, strict=True):
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
    return (
        _Now(
            names=names,
            keys=[key for _, _, _, key, _, _ in found],
            refs=[refs for _, _, _, _, refs, _ in found],
            rels={name: item[5] for name, item in zip(names, found, strict=True)},
        ),
        "",
    )


def _load(look: RootSurvey, rel: str, kind: str, site: Site | None) -> Record | None:
    """One record file read and checked on its own; its model, or None."""

    discovery = look.discovery
    item = RecordFile(f"{discovery.root}/{rel}", discovery.prefix + rel, kind, discovery.root)
    return check_file(item, site).model


def _incremental(root: Path, target: Path, kept: dict[bytes, Any]) -> tuple[Exported | None, str]:
    """The export made from the last one's dumps, or None and why it cannot be."""
    with collector_off():
        with survey([root], models=False) as found:
            result = complete(found)
            if result.errors or not found.roots:
                raise RecordsInvalid(result)
            look = found.roots[0]
        if look.site_digest != kept.get(b"site"):
            return None, "the site settings changed since the last export"
        now, why = _current(look)
        if now is None:
            return None, why
        return _write_changed(root, target, kept, look, now)


def _write_changed(
    root: Path, target: Path, kept: dict[bytes, Any], look: RootSurvey, now: _Now
) -> tuple[Exported | None, str]:
    old_names, old_keys = kept.get(b"pages"), kept.get(b"keys")
    old_ranges, old_dates, firsts = kept.get(b"ranges"), kept.get(b"dates"), kept.get(b"firsts")
    if not (
        isinstance(old_names, tuple)
        and isinstance(old_keys, bytes)
        and isinstance(old_ranges, bytes)
        and isinstance(old_dates, tuple)
        and isinstance(firsts, tuple)
        and len(firsts) == 4
        and len(old_names) == len(old_dates) == len(old_keys) // 20 == len(old_ranges) // 64
    ):
        return None, "the export index is damaged"
    where = {name: at for at, name in enumerate(old_names)}
    changed: set[str] = set()
    for name, key in zip(now.names, now.keys, strict=True):
        at = where.get(name)
        if at is None or old_keys[at * 20 : at * 20 + 20] != key:
            changed.add(name)
    site_items = [f for f in look.discovery.files if f.kind == "site"]
    site = None
    for item, raw in zip(site_items, look.site_raws, strict=True):
        model = check_file(item, None, raw).model
        if isinstance(model, Site):
            site = model
            break
    if site is None:
        return None, "the site settings could not be read"
    publisher = ref_key("organization", site.publisher)
    if publisher in changed:
        return None, f"the site publisher's record ({site.publisher}) changed"
    again = [
        at
        for at, (name, refs) in enumerate(zip(now.names, now.refs, strict=True))
        if name in changed or (refs and not changed.isdisjoint(refs.split("\n")))
    ]
    total = len(now.names) + len(ALWAYS)
    if len(again) > MAX_PAGES and len(again) > MAX_SHARE * total:
        return None, f"{len(again)} of {total} pages to make again"
    # The records those pages show: theirs, the ones they name, the site publisher's.
    needed = {publisher}
    for at in again:
        needed.add(now.names[at])
        if now.refs[at]:
            needed.update(now.refs[at].split("\n"))
    models: dict[str, Record] = {}
    for name in sorted(needed):
        kind = name.partition(":")[0]
        rel = now.rels.get(name)
        model = _load(look, rel, kind, site) if rel is not None else None
        if model is None:
            return None, f"the record {name} could not be read again"
        models[name] = model
    sources = [("site", site, f"{root.name}/site.yaml")] + [
        (name.partition(":")[0], model, f"{root.name}/{now.rels[name]}")
        for name, model in models.items()
    ]
    subset = Catalog.build(sources)
    # The pages in order, each with its ranges in the old dumps or None to make it again.
    again_names = {now.names[at] for at in again}
    pages: list[PageKey] = list(ALWAYS)
    reuse: list[Ranges | None] = [None, None]
    names: list[str] = [ref_key(kind, ident) for kind, ident in ALWAYS]
    keys: list[bytes] = [_NO_KEY, _NO_KEY]
    page_dates: list[tuple[str, ...]] = [(), ()]
    ranges = array("q")
    ranges.frombytes(old_ranges)
    found_dates: list[str] = []
    for name, key in zip(now.names, now.keys, strict=True):
        kind, _, ident = name.partition(":")
        pages.append((kind, ident))
        names.append(name)
        keys.append(key)
        if name in again_names:
            reuse.append(None)
            model = models[name]
            got = tuple(record_dates(model)) if isinstance(model, Claim | Media | Article) else ()
        else:
            at = where[name]
            reuse.append(tuple(ranges[at * 8 : at * 8 + 8]))  # type: ignore[arg-type]
            got = old_dates[at]
        page_dates.append(got)
        if kind in DATED:
            found_dates.extend(got)
    last = dates.latest(found_dates)
    writer = PageTextWriter(subset)
    new_ranges: list[int] = []
    made = len(again) + len(ALWAYS)

    def write(folder: Path) -> None:
        # Under the lock: another export may have replaced the dumps since they were looked at.
        if _statuses(target) != kept.get(b"dumps"):
            raise _Changed("the dumps changed while this export was made")
        with current().stage(
            f"write the dumps ({made} pages made again, the rest copied)", len(pages), "pages"
        ) as stage:
            new_ranges.extend(
                write_reusing(writer, pages, reuse, target, list(firsts), folder, last)
            )
            stage.advance(len(pages))

    def note() -> None:
        heads = dump_heads(subset, (last,))
        site = look.site_digest or b""
        _save(root, target, _what(target), site, names, keys, new_ranges, page_dates, heads)

    try:
        written = export_with(target, write, note)
    except _Changed as exc:
        return None, str(exc)
    except KeyError as exc:  # a page named a record not loaded: the references missed one
        return None, f"a page needs a record it does not name ({exc})"
    claims = sum(1 for kind, _ in pages if kind == "claim")
    return Exported(written, claims, f"{made} pages made again"), ""


__all__ = ["DUMP_NAMES", "Exported", "RecordsInvalid", "export_records"]
