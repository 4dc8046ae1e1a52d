"""`claimkit build`: validate, write the dumps, stage the pages, build with mkdocs, index for
search, swap in."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimkit.core import output
from claimkit.core.catalog import Catalog
from claimkit.core.collector import collector_off, frozen_for_forks
from claimkit.core.diagnostics import Diagnostic
from claimkit.core.forked import Forked, ForkedError
from claimkit.core.site_versions import version_warnings
from claimkit.exporting import pageindex
from claimkit.exporting.builddumps import build_dumps
from claimkit.linked_data.parts import said
from claimkit.records.discover import root_of
from claimkit.site import generations
from claimkit.site.list_pages import Lists
from claimkit.site.mkdocs import patch, reuse
from claimkit.site.mkdocs.assembly import assemble_site, tell_mkdocs
from claimkit.site.mkdocs.config import mkdocs_config, run_mkdocs, stage_theme
from claimkit.site.page_keys import KeyMemo, PageKeys, whole_facets
from claimkit.site.pages import Context
from claimkit.site.search import SearchIndexError, index_site
from claimkit.site.staging import Kept, desk_nav, nav, source_date, stage_docs
from claimkit.validation.catalogs import ModelMemo
from claimkit.validation.run import validate_paths

Progress = Callable[[str], None]
# A build's steps, in the order they run (each a key of BuildResult.timings; BuildError.step
# names the one that failed).
STEPS = ("validate", "dumps", "pages", "mkdocs", "search", "swap")


class BuildError(Exception):
    """A build step failed; the previous output was left as it was."""

    def __init__(
        self,
        step: str,
        message: str,
        diagnostics: list[Diagnostic] | None = None,
        counts: tuple[int, int] = (0, 0),
    ):
        super().__init__(f"{step}: {message}")
        self.step = step
        self.message = message
        self.diagnostics = diagnostics or []
        self.counts = counts  # files read and valid records, when validation failed

    def __reduce__(self) -> tuple[type[BuildError], tuple[object, ...]]:
        # Made again from its fields (the default gives only the message to __init__): a build
        # done in a child process raises it in the parent (core/forked.py).
        return (BuildError, (self.step, self.message, self.diagnostics, self.counts))


@dataclass
class BuildResult:
    """What a build made: the site and data folders, the pages written and the claims published,
    and the seconds each step took."""

    site: Path
    data: Path
    pages: int
    claims: int
    timings: dict[str, float] = field(default_factory=dict)
    # Pages taken from the published build unrendered (an incremental build), and whether the
    # search index was kept from an earlier build instead of made for these pages.
    reused: int = 0
    search_kept: bool = False

    def steps(self) -> str:
        """The seconds each step took, in the order they ran: `validate 2.6 s, dumps 2.5 s, ...`
        (`swap`: putting the new site and data in place)."""
        return ", ".join(
            f"{name} {self.timings[name]:.1f} s" for name in STEPS if name in self.timings
        )


@contextlib.contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def _mkdocs_build(config_file: Path) -> None:
    run_mkdocs(config_file)


@dataclass(frozen=True)
class Options:
    """How a build may use the published build: `incremental` takes the HTML of the pages
    whose sources did not change from it (site/mkdocs/reuse.py), byte for byte what rendering
    them gives; `search=False` keeps its search index instead of indexing the pages again (a
    preview's choice: the index then lags behind the pages)."""

    incremental: bool = False
    search: bool = True
    # False: the previous generation is left for the caller to remove (`clean_stale`), so
    # that a preview can show the new site before the old one's files are deleted.
    clean: bool = True
    # The models of the last catalog, for a process that builds again and again (a preview):
    # a model is made only for a record that changed (validation.catalogs.ModelMemo).
    models: ModelMemo | None = None
    # The record pages' keys of the last build, for such a process: worked out again only
    # where a change reaches (site/page_keys.py).
    page_keys: KeyMemo | None = None
    # What the last build published, for such a process: a rebuild that only changes pages'
    # contents hands mkdocs only the pages it stages (site/mkdocs/patch.py).
    site: patch.SiteMemo | None = None

    @classmethod
    def preview(cls) -> Options:
        """A preview's options: incremental, the search index kept, the generation before last
        kept for the next build's folders, and every memo of the last build kept."""
        return cls(
            incremental=True,
            search=False,
            clean=False,
            models=ModelMemo(),
            page_keys=KeyMemo(),
            site=patch.SiteMemo(),
        )


def build(
    records: Path,
    out: Path,
    docs: Path | None = None,
    progress: Progress | None = None,
    options: Options | None = None,
) -> BuildResult:
    """Build the site and the dumps into `out`/site and `out`/data, all or nothing."""
    try:
        with output.locked(out):
            output.check_published(out)
            return _build(records, out, docs, progress, options or Options())
    except output.OutputError as exc:
        raise BuildError("output", str(exc)) from None


def clean_stale(out: Path, keep: Path | None = None) -> None:
    """Remove staging folders and generations that killed builds left behind, but `keep`
    (lock held)."""
    output.clean_stale(out, keep)


def _build(
    records: Path, out: Path, docs: Path | None, progress: Progress | None, options: Options
) -> BuildResult:
    say = progress or (lambda _message: None)
    start = time.perf_counter()
    if options.models is None and options.site is None:
        staged = _staged_in_child(records, out, docs, say, options)
    else:  # a preview: its memos of this build live on in this process, for the next one
        staged = _stage(records, out, docs, say, options)
    generation = _search_and_publish(staged, out, say, options)
    if options.site is not None and options.incremental and staged.memo is not None:
        index, framed, epoch, before, changed = staged.memo
        options.site.keep(patch.SiteMemo(generation.name, index, framed, epoch, before, changed))
    staged.timings["total"] = time.perf_counter() - start
    return BuildResult(
        out / "site",
        out / "data",
        staged.pages,
        staged.claims,
        staged.timings,
        staged.reused,
        staged.search_kept,
    )


@dataclass
class _Staged:
    """What the steps up to the search index made: the staging folder (the site, the data and
    mkdocs' work folder), the pages written, the claims, each step's seconds, the pages taken
    unrendered from the published build, whether its search index was kept; and for a preview,
    what its memo keeps of this build (site/mkdocs/patch.py's SiteMemo but the generation)."""

    stage: Path
    pages: int
    claims: int
    timings: dict[str, float]
    reused: int
    search_kept: bool
    memo: tuple[reuse.PageIndex, frozenset[str], str, str, frozenset[str] | None] | None


def _stage(records: Path, out: Path, docs: Path | None, say: Progress, options: Options) -> _Staged:
    """Validate, write the dumps, stage the pages and build them with mkdocs into a staging
    folder (removed again when a step fails: BuildError)."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    result = validate_paths([records], memo=options.models)
    if result.errors or not result.catalogs:
        raise BuildError(
            "validate",
            f"the records have {result.errors} error(s)",
            result.diagnostics,
            (result.files, result.records),
        )
    catalog: Catalog = result.catalogs[0]
    claims = len(catalog.claims)
    memo = options.site.take() if options.site is not None and options.incremental else None
    timings["validate"] = time.perf_counter() - start
    say(f"validated {result.records} records")
    for line in version_warnings():
        say(line)

    # A preview's build makes its site in the folders of the generation before last (recycle.py).
    spare = output.spare(out) if options.incremental and not options.clean else None
    clean_stale(out, keep=spare)
    stage = output.staging(out)
    work = stage / "work"  # what mkdocs reads; removed before the site and data are published
    # No cyclic collection while the pages are made from the catalog (core.collector: a pass
    # over it costs more than the work); the one pass is after, when the catalog is let go.
    collecting = contextlib.ExitStack()
    dumps: _DumpsBeside | None = None
    try:
        collecting.enter_context(collector_off())
        step = time.perf_counter()
        # Each record's key and references, from the validation index: for the dumps and pages
        # an incremental build can copy or take from the published build.
        now = pageindex.records_now(root_of(records), catalog, result.statuses)
        # A preview writes its dumps in a process of its own while it works out which pages
        # to make (the second core is idle then); other builds, here and now.
        dumps = (
            _DumpsBeside(records, out, catalog, stage / "data", now)
            if options.models is not None
            else None
        )
        written = build_dumps(records, out, catalog, stage / "data", say, now) if not dumps else []
        timings["dumps"] = time.perf_counter() - step

        step = time.perf_counter()
        docs_out = work / "docs"
        extra_nav = desk_nav(docs)
        stage_theme(work / "theme")
        config_file = work / "mkdocs.yml"
        config_text = mkdocs_config(
            catalog, docs_out, stage / "site", work / "theme", nav(catalog) + extra_nav
        )
        config_file.write_text(config_text, encoding="utf-8")
        index = reuse.PageIndex(reuse.render_key(config_text, work / "theme", stage))
        published = output.current(out)
        keys = _page_keys(now, catalog, say if options.incremental else None, options.page_keys)
        ctx = Context(catalog)
        epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(source_date(catalog, ctx))
        lists = Lists(ctx)
        list_keys = lists.keyed_pages(keys.by_name)
        index.deps.update(keys.pages)
        index.deps.update(list_keys)
        last = memo.last_index(published, index.key, epoch) if memo is not None else None
        old, keep = (
            _taken(published, index, {**keys.pages, **list_keys}, keys, say, last)
            if options.incremental
            else (None, {})
        )
        waited = time.perf_counter()
        if dumps is not None:  # the time waited for it is the dumps' (not the pages')
            written = dumps.wait(say)
        waited = time.perf_counter() - waited
        timings["dumps"] += waited
        say(f"wrote the dumps ({said([p.name for p in written])})")
        (docs_out / generations.DUMPS_FOLDER).mkdir(parents=True)
        for dump in written:  # the staged dumps: mkdocs links them into the site
            output.link_or_copy(dump, docs_out / generations.DUMPS_FOLDER / dump.name)
        sizes = {p.name: p.stat().st_size for p in written}
        pages = stage_docs(
            catalog, docs, docs_out, sizes, keep=keep, ctx=ctx, lists=lists, with_kept=not last
        )
        index.read_staged(work)
        patching = patch.settle(index, last, memo, keep, work, say)
        index.deps.update(keys.facets(index.pages))
        index.deps.update(keys.shown_all(index.shows))
        reused = reuse.reusable(published, old, index, keep) if old and published else set()
        recycled: Path | None = None
        if options.incremental:
            recycled = (
                generations.recycled(spare, stage) if keep and published is not None else None
            )
            if recycled is not None:
                say("making the site in the folders of the one before last")
            # Without a spare or a patch, the hook links the kept pages into new folders.
            linking = published is not None and keep and recycled is None and not patching
            taken_from = published / "site" if linking and published is not None else None
            tell_mkdocs(work, reused, keep, patching, taken_from)
        timings["pages"] = time.perf_counter() - step - waited
        say(
            f"wrote {pages} pages"
            + (f" ({len(keep)} taken from the published build)" if keep else "")
        )

        step = time.perf_counter()
        keep_search = not options.search
        # mkdocs needs nothing more from the records: their memory goes back before it starts
        # (and before its second process is forked, which would count it again).
        del catalog, result, ctx, lists
        collecting.close()
        if options.models is None:  # a preview keeps its models: a pass would find little
            gc.collect()
        # What lives on (a preview's models, kept for its next build) is left out of mkdocs'
        # collections, and shared with the process it forks to render.
        with _env("SOURCE_DATE_EPOCH", epoch), frozen_for_forks():
            _mkdocs_build(config_file)
        framed = reuse.listed(work / reuse.FRAMED_LIST)  # the hook's
        published_site = published / "site" if published is not None else None
        kept_folders = (
            generations.search_to_keep(recycled, published_site, keep_search)
            if recycled is not None and published_site is not None
            else []
        )
        # How many pages were taken unchanged; where a patch's site differs from the published.
        linked, changed = assemble_site(
            stage / "site",
            published_site,
            recycled,
            patching=memo if patching else None,
            spare=spare,
            reused=reused,
            keep=keep,
            staged=index.pages,
            pages=pages,
            kept_folders=kept_folders,
        )
        timings["mkdocs"] = time.perf_counter() - step
        say(
            f"built the site with mkdocs (rendered {pages - linked}, "
            f"took {linked} unchanged from the published build)"
            if options.incremental
            else "built the site with mkdocs"
        )

        step = time.perf_counter()
        kept = keep_search and generations.keep_search(published, stage / "site")
        if kept:
            say("kept the search index of an earlier build: it may not find what changed since")
            timings["search"] = time.perf_counter() - step
        index.write(stage, search_fresh=not kept)
    except BuildError:
        if dumps is not None:
            dumps.stop()
        shutil.rmtree(stage, ignore_errors=True)
        raise
    except BaseException as exc:
        if dumps is not None:
            dumps.stop()
        if not isinstance(exc, Exception):
            raise
        shutil.rmtree(stage, ignore_errors=True)
        raise BuildError("build", f"{type(exc).__name__}: {exc}") from exc
    finally:
        collecting.close()
    before = published.name if published is not None else ""
    return _Staged(
        stage, pages, claims, timings, linked, kept, (index, framed, epoch, before, changed)
    )


def _staged_in_child(
    records: Path, out: Path, docs: Path | None, say: Progress, options: Options
) -> _Staged:
    """`_stage` in a forked process (core/forked.py): the memory the steps up to the search
    index take (the catalog, the pages, mkdocs) goes back to the system when it ends, before
    Pagefind starts (at 10,000 claims 0.25 GB of this process' heap that freeing alone did not
    give back)."""

    def work(tell: Progress) -> _Staged:
        staged = _stage(records, out, docs, tell, options)
        staged.memo = None  # the preview's memo: not this build's, and not worth the pickling
        return staged

    try:
        return Forked(work).wait(say)
    except ForkedError as exc:
        # A process that died (killed, out of memory) removed nothing: its staging folder goes
        # now, as its own start removed what earlier ones left.
        clean_stale(out)
        raise BuildError("build", f"the build's process {exc}") from None


def _search_and_publish(staged: _Staged, out: Path, say: Progress, options: Options) -> Path:
    """Index the staged site for search (unless the published index was kept), then swap the
    staged site and data in; the staging folder removed when either fails."""
    stage, work = staged.stage, staged.stage / "work"
    step = time.perf_counter()
    try:
        if not staged.search_kept:
            try:
                indexed = index_site(stage / "site", work / "search")
            except SearchIndexError as exc:
                raise BuildError("search", str(exc)) from exc
            say(f"indexed {indexed} pages for search in {time.perf_counter() - step:.2f} s")
            staged.timings["search"] = time.perf_counter() - step
        if not (stage / "site").is_dir() or not (stage / "data").is_dir():
            raise BuildError("build", "the staged site or data went missing before publishing")
        output.remove(work)
    except BuildError:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    except Exception as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise BuildError("build", f"{type(exc).__name__}: {exc}") from exc

    step = time.perf_counter()
    try:
        generation = output.publish(out, stage, clean=options.clean)
    except (OSError, output.OutputError) as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise BuildError("swap", f"could not put the new site in place: {exc}") from exc
    staged.timings["swap"] = time.perf_counter() - step
    return generation


def _page_keys(
    records_now: tuple[pageindex.Now | None, str],
    catalog: Catalog,
    say: Progress | None,
    memo: KeyMemo | None,
) -> PageKeys:
    """The record pages' keys (site/page_keys.py), from the validation index the build's
    validation just wrote; none (and, when `say` is given, why) when the index cannot say."""
    now, why = records_now
    if now is None:
        if say is not None:
            say(f"making every page: {why}")
        return PageKeys({}, {})
    return PageKeys.of(now, catalog, memo)


def _taken(
    published: Path | None,
    index: reuse.PageIndex,
    keyed: dict[str, str],
    keys: PageKeys,
    say: Progress,
    last: reuse.PageIndex | None = None,
) -> tuple[reuse.PageIndex | None, dict[str, Kept]]:
    """The published build's page index, when this build's pages can be compared with its
    (else say why), and the pages to take from it (the record pages and list pages `keyed`,
    the lists of a record's claims as it paginated them): their stubs, digests and the records
    they show, by source path. `last`: that index as the preview's last build left it in
    memory, stubs and all (patch.py)."""
    old, why = (last, "") if last is not None else reuse.published_index(published, index.key)
    if old is None or published is None:
        say(f"rendering every page: {why}")
        return None, {}
    wanted = {**keyed, **keys.shown_all(old.shows), **keys.facets(old.pages)}
    found = patch.kept_from(old, wanted) if last else reuse.kept_pages(published, old, wanted)
    return old, whole_facets(found, old.pages)


class _DumpsBeside:
    """`build_dumps` in a forked process (started at once), for a build that goes on meanwhile;
    `wait` gives what it wrote, and what it said, or raises as `build_dumps` would have."""

    def __init__(
        self,
        records: Path,
        out: Path,
        catalog: Catalog,
        folder: Path,
        now: tuple[pageindex.Now | None, str],
    ) -> None:
        def work(tell: Progress) -> list[Path]:
            return build_dumps(records, out, catalog, folder, tell, now)

        self._forked = Forked(work)

    def wait(self, say: Progress) -> list[Path]:
        """The dumps written (what the process said, said again here); BuildError when it
        failed or ended without an answer."""
        try:
            return self._forked.wait(say)
        except ForkedError as exc:
            raise BuildError("build", f"the dumps' process {exc}") from None
        except BuildError:
            raise
        except Exception as exc:  # the build's own report of a failed step
            raise BuildError("build", f"{type(exc).__name__}: {exc}") from exc

    def stop(self) -> None:
        """End the process, if it still runs (the build failed elsewhere)."""
        self._forked.stop()
