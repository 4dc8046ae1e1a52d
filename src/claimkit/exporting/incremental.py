"""`claimkit export` with the cache: after a change to a few records, only the pages whose text
can have changed are made again; the rest of the dumps is copied from the last export's.

What a page's text depends on, and so what decides that it is copied, is said in `pageindex`.
A run validates the records without models (the warm validation cache answers for the files
that did not change), takes each record's key and references from the validation index, reads
and checks again only the records of the pages to make again and the records those name, and
makes those pages from a catalog of these alone (`linked_data.reuse`); the website and dataset
nodes and the feed's head are made from the dates kept per page.

The last dumps are used only when their status (size, times, inode) is the one noted, checked
again under the build lock: dumps changed by anyone else mean a full export. The index is
written after the new dumps are in place, under the lock, by a rename: a killed run leaves the
old index, whose statuses then no longer match.

Whenever the conditions are not met (no index for these records and this folder, other code,
other settings, the dumps changed, many pages to make again, a record that cannot be read), the
export is a full one, and the reason is said on stderr.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from claimkit.core.catalog import Catalog
from claimkit.core.collector import collector_off
from claimkit.core.models import Record, Site
from claimkit.core.progress import current
from claimkit.exporting import pageindex
from claimkit.exporting.pageindex import ALWAYS, NO_KEY, Kept, Now, Plan
from claimkit.linked_data.dumpfolder import export_dumps, export_with, is_plain_folder
from claimkit.linked_data.dumptext import PageTextWriter, page_keys
from claimkit.linked_data.export import page_ranges, part_heads, part_lasts
from claimkit.linked_data.jsonld import DUMP_NAMES, record_dates
from claimkit.linked_data.parts import Layout, catalog_layout, dated_groups, layout
from claimkit.linked_data.reuse import Old, write_reusing
from claimkit.records.discover import RecordFile, absolute, root_of
from claimkit.validation import cache, indexfile
from claimkit.validation.facts import ref_key
from claimkit.validation.filecheck import check_file
from claimkit.validation.result import Result
from claimkit.validation.run import complete, validate_paths
from claimkit.validation.survey import RootSurvey, survey


class RecordsInvalid(Exception):
    """The records have errors: nothing was exported."""

    def __init__(self, result: Result) -> None:
        super().__init__("the records have errors")
        self.result = result


class DumpsChanged(Exception):
    """The last dumps changed before they could be read."""


@dataclass
class Exported:
    """What an export wrote: the dumps, the number of claims, and how."""

    written: list[Path]
    claims: int
    how: str


def export_records(
    records: Path, target: Path, *, use_cache: bool, say: Callable[[str], None]
) -> Exported:
    """Validate the records and write their dumps into `target`: with `use_cache`, only the
    pages that can have changed since the last export into `target` are made again (see the
    module's docstring); else, or when that cannot be told, a full export. RecordsInvalid when
    the records have errors; OutputError when `target` is unsafe."""
    root = root_of(records)
    what = pageindex.name_for("export", target)
    if use_cache:
        kept, why = _usable(root, what, target)
        if kept is not None:
            done, why = _incremental(root, target, what, kept)
            if done is not None:
                return done
        say(f"claimkit: a full export: {why}")
        cache.forget_kept(root, what)
    return _full(records, root, target, what, use_cache)


def _usable(root: Path, what: str, target: Path) -> tuple[Kept | None, str]:
    """The last export's index when its dumps are still in `target`, else why not."""
    if not is_plain_folder(target):
        return None, f"{target} is the data of a built folder"
    data = cache.read_kept(root, what)
    if not data or data.get(b"target") != str(absolute(target)):
        return None, f"the cache holds no earlier export of these records into {target}"
    if data.get(b"code") != pageindex.code():
        return None, "claimkit's code changed since the last export"
    kept = Kept.parse(data)
    if kept is None:
        return None, "the export index is damaged"
    if kept.dumps != pageindex.statuses(target, kept.cut):
        return None, f"the dumps in {target} are not the ones the last export wrote"
    return kept, ""


def _full(records: Path, root: Path, target: Path, what: str, use_cache: bool) -> Exported:
    """Validate, make the catalog and write every page; with the cache, note where each page
    lies for the next run."""
    result = validate_paths([records], use_cache=use_cache)
    if result.errors or not result.catalogs:
        raise RecordsInvalid(result)
    catalog = result.catalogs[0]
    # Into a built folder's data the next export is a full one anyway: nothing to note.
    sizes: list[int] | None = [] if use_cache and is_plain_folder(target) else None

    def note() -> None:
        if sizes is not None:
            with collector_off():
                note_full(root, what, target, catalog, sizes)

    written = export_dumps(catalog, target, sizes, note)
    return Exported(written, len(catalog.claims), "full")


def note_full(
    root: Path, what: str, folder: Path, catalog: Catalog, sizes: list[int], site: object = None
) -> None:
    """The index of dumps written in full into `folder`: each page's key from the validation
    index (`site`: what the settings are noted as; by default the validation index's digest)."""
    index = indexfile.read(root)
    if index is None:
        return
    try:
        digest, slots = index.site, index.slots()
    finally:
        index.close()
    if digest is None or not slots:
        return
    keys = {ref_key(str(entry[0]), str(entry[1])): key for _status, key, entry in slots.values()}
    groups = dated_groups(catalog)
    names: list[str] = []
    packed: list[bytes] = []
    page_dates: list[tuple[str, ...]] = []
    for kind, ident in page_keys(catalog):
        name = ref_key(kind, ident)
        names.append(name)
        packed.append(NO_KEY if (kind, ident) in ALWAYS else keys.get(name, NO_KEY))
        group = groups.get(kind)
        page_dates.append(tuple(record_dates(group[ident])) if group is not None else ())
    cut = catalog_layout(catalog)
    heads = part_heads(catalog, cut, part_lasts(catalog, page_keys(catalog), cut))
    ranges = page_ranges([[len(head) for head in part] for part in heads], sizes, cut)
    noted = digest if site is None else site
    pageindex.save(root, what, folder, noted, names, packed, ranges, page_dates, heads, cut)


def _incremental(root: Path, target: Path, what: str, kept: Kept) -> tuple[Exported | None, str]:
    """The export made from the last one's dumps, or None and why it cannot be."""
    with collector_off():
        with survey([root], models=False) as found:
            result = complete(found)
            if result.errors or not found.roots:
                raise RecordsInvalid(result)
            look = found.roots[0]
        if look.site_digest != kept.site:
            return None, "the site settings changed since the last export"
        discovery, statuses = look.discovery, look.statuses
        if statuses is None:
            return None, "the validation cache is not up to date"
        rels = [
            r for r, kind in zip(discovery.rels, discovery.kinds, strict=True) if kind != "site"
        ]
        now, why = pageindex.current(root, look.site_digest, zip(rels, statuses, strict=True))
        if now is None:
            return None, why
        return _write_changed(root, target, what, kept, look, now)


def _site(look: RootSurvey) -> Site | None:
    """The site settings' model, read again."""
    site_items = [f for f in look.discovery.files if f.kind == "site"]
    for item, raw in zip(site_items, look.site_raws, strict=True):
        model = check_file(item, None, raw).model
        if isinstance(model, Site):
            return model
    return None


def _subset(look: RootSurvey, now: Now, names: set[str], site: Site) -> Catalog | str:
    """A catalog of the named records alone, each read and checked again; or what failed."""
    discovery = look.discovery
    records: list[tuple[str, Record, str]] = [("site", site, f"{discovery.root.name}/site.yaml")]
    for name in sorted(names):
        kind = name.partition(":")[0]
        rel = now.rels.get(name)
        if rel is None:
            return f"the record {name} is not among the files"
        item = RecordFile(f"{discovery.root}/{rel}", discovery.prefix + rel, kind, discovery.root)
        model = check_file(item, site).model
        if model is None:
            return f"the record {name} could not be read again"
        records.append((kind, model, f"{discovery.root.name}/{rel}"))
    return Catalog.build(records)


def dates_of(catalog: Catalog) -> Callable[[str], tuple[str, ...]]:
    """The dates of a claim, media or article record of `catalog`, by its name ("kind:id")."""
    groups = dated_groups(catalog)

    def dates_of(name: str) -> tuple[str, ...]:
        kind, _, ident = name.partition(":")
        return tuple(record_dates(groups[kind][ident]))

    return dates_of


def write_planned(
    plan: Plan, catalog: Catalog, last: str | None, old: Path, kept: Kept
) -> tuple[Callable[[Path], list[Path]], array[int], Layout, list[list[bytes]]]:
    """A writer of the planned dumps into a folder, for `export_with`, the list it fills with
    the new ranges, where the new dumps are cut and their parts' heads. It checks the old dumps'
    status first (it runs under the lock)."""
    writer = PageTextWriter(catalog)
    ranges: array[int] = array("q")
    made = len(plan.again) + len(ALWAYS)
    cut = layout(plan.names)
    lasts = plan.part_lasts(cut)
    heads = part_heads(catalog, cut, lasts)

    def write(folder: Path) -> list[Path]:
        if pageindex.statuses(old, kept.cut) != kept.dumps:
            raise DumpsChanged("the dumps changed while this export was made")
        title = f"write the dumps ({made} pages made again, the rest copied)"
        with current().stage(title, len(plan.pages), "pages") as stage:
            was = Old(old, kept.cut, kept.ranges, kept.firsts)
            ranges.extend(
                write_reusing(writer, plan.pages, plan.reuse, was, folder, cut, lasts, last)
            )
            stage.advance(len(plan.pages))
        return [folder / name for name in cut.all_files(DUMP_NAMES)]

    return write, ranges, cut, heads


def _write_changed(
    root: Path, target: Path, what: str, kept: Kept, look: RootSurvey, now: Now
) -> tuple[Exported | None, str]:
    site = _site(look)
    if site is None:
        return None, "the site settings could not be read"
    planned, why = pageindex.plan(kept, now, site.publisher)
    if planned is None:
        return None, why
    subset = _subset(look, now, planned.needed, site)
    if isinstance(subset, str):
        return None, subset
    last = planned.last(dates_of(subset))
    write, ranges, cut, heads = write_planned(planned, subset, last, target, kept)

    def note() -> None:
        pageindex.save(
            root, what, target, look.site_digest, planned.names, planned.keys, ranges,
            planned.page_dates(), heads, cut,
        )  # fmt: skip

    try:
        written = export_with(target, write, note)
    except DumpsChanged as exc:
        return None, str(exc)
    except KeyError as exc:  # a page named a record not loaded: the references missed one
        return None, f"a page needs a record it does not name ({exc})"
    claims = sum(1 for kind, _ in planned.pages if kind == "claim")
    return Exported(written, claims, f"{len(planned.again) + len(ALWAYS)} pages made again"), ""
