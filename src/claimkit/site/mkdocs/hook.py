"""claimkit's mkdocs hook (named under `hooks:` in the generated mkdocs.yml).

claimkit stages its pages' Markdown files in a few bundles (`pages/*.md` beside mkdocs.yml,
each with an index, `pages/*.idx`) rather than one file per page, which would be tens of
thousands of files to create and delete; the hook adds each page to mkdocs' files (`on_files`)
as a file of the docs folder whose text mkdocs reads from its bundle, in the order mkdocs
itself would have found them on disk.

A generated page's Markdown ends with the page's JSON-LD and HTML body, after a marker
(`pages.HEAD_MARK`). Before Python-Markdown sees the file, the hook cuts that tail off, so the
Markdown it parses is only the title and a one-line summary. When the page is rendered, the hook
reads the tail again from the file and hands it to the theme (`main.html`) as two strings,
`ck_head` and `ck_body`, which the theme prints as they are: no template is compiled per page,
and nothing of the tail is held in memory between the two steps.

The tail is escaped HTML written by claimkit (record text is escaped, the JSON-LD has `<`, `>`
and `&` as `\\u003c`-style sequences), so the markers cannot occur inside it.

Rendering the pages through the theme is most of an mkdocs build, and mkdocs does it on one core.
Once every page has been read (`on_env`), the hook forks a second process that renders pages
from the end of mkdocs' list while mkdocs renders them from the start; a shared counter says who
renders which page, so each page is rendered and written exactly once, by either process, with
the same context it would have had in one process. Where mkdocs reaches a page the second
process has taken, the theme renders nothing for it (`ck_skip`), so mkdocs writes nothing; the
search index and every other plugin event still see every page in mkdocs' order. The build waits
for the second process before mkdocs finishes (`on_post_build`) and fails if it failed.
`CLAIMKIT_RENDER_JOBS=1` keeps it all in one process.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from mkdocs.commands.build import _build_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_date

from claimkit.core.lifetime import ends_with_this_process
from claimkit.core.machine import usable_cpus
from claimkit.site.bundle import BUNDLE_DIR, split_source
from claimkit.site.mkdocs.files import (
    LinkedFile,
    SparseFiles,
    TakenFile,
    bundled_files,
    set_inclusions,
    sitemap_entries,
    sort_key,
)
from claimkit.site.mkdocs.reuse import (
    ABSENT_LIST,
    FRAMED_LIST,
    REUSE_LIST,
    STUB_LIST,
    TAKEN_FROM,
    Linker,
    listed,
    write_list,
)
from claimkit.site.mkdocs.skeleton import Filler


def on_files(files: Files, config: MkDocsConfig, **_kwargs: Any) -> Files:
    """Add the bundled pages to the files mkdocs found in the docs folder, in its order."""
    if not config.config_file_path:
        return files
    here = Path(config.config_file_path).parent
    _state.reuse, _state.stubs = listed(here / REUSE_LIST), listed(here / STUB_LIST)
    if (here / REUSE_LIST).is_file():  # an incremental build: it wants the framed pages
        _state.framed_to = here / FRAMED_LIST
    taken_from = here / TAKEN_FROM
    if _state.stubs and taken_from.is_file():
        old_site = Path(taken_from.read_text(encoding="utf-8").strip())
        _state.linker = Linker(old_site, Path(config.site_dir), set(_state.stubs))
    folder = Path(config.config_file_path).parent / BUNDLE_DIR
    if not folder.is_dir():
        return files
    ours = bundled_files(config, folder, _state.stubs)
    set_inclusions(ours, config)
    docs = [
        f if f.is_documentation_page() else LinkedFile.of(f)
        for f in files
        if f.src_dir == config.docs_dir
    ]
    others = [f for f in files if f.src_dir != config.docs_dir]
    clash = {f.src_uri for f in docs} & {f.src_uri for f in ours}
    if clash:
        raise PluginError(f"claimkit: {sorted(clash)[0]} is both in docs/ and generated")
    found = sorted([*docs, *ours], key=sort_key) + others
    absent = listed(here / ABSENT_LIST)
    _state.files = SparseFiles(found, absent, config) if absent else Files(found)
    return _state.files


def _stub_rendered(page: Page) -> PluginError:
    return PluginError(
        f"claimkit: {page.file.src_uri} was taken from the published build, but its frame is "
        "not its folder's; build without --incremental"
    )


def _ours(page: Page) -> bool:
    meta = getattr(page, "meta", None)
    return isinstance(meta, dict) and meta.get("ck") is True


def on_page_markdown(markdown: str, page: Page, **_kwargs: Any) -> str:
    """Give Python-Markdown only the page's Markdown, not its JSON-LD and body; where claimkit
    made the Markdown's HTML already, have the page take it instead of running Python-Markdown."""
    if not _ours(page):
        return markdown
    parts = split_source(markdown)
    if parts is None:
        return markdown
    if parts.content:
        anchor, _, content = parts.content.partition("\n")
        # mkdocs calls page.render(config, files) next; the page takes claimkit's HTML instead.
        page.render = functools.partial(_render_made, page, anchor, content)  # type: ignore[method-assign]
    return parts.markdown


def _render_made(page: Page, anchor: str, content: str, _config: object, _files: object) -> None:
    """What mkdocs' Page.render sets, from the HTML claimkit made of the page's Markdown (a
    heading with this anchor, maybe a paragraph): the same values Python-Markdown's run gives."""
    start = content.index(">") + 1
    name = content[start : content.index("</h1>", start)]
    page.content = content
    page.toc = get_toc([{"level": 1, "id": anchor, "name": name, "children": []}])
    page._title_from_render = name
    page.present_anchor_ids = {anchor}
    page.links_to_anchors = {}


# Below this many pages, one process renders them all.
PARALLEL_MIN_PAGES = 32


class _Split:
    """Pages `[0, front)` are the parent's, `[back, n)` the child's; each process claims the
    next page from its end under the lock, until the two ends meet."""

    def __init__(self, pages: list[Page]) -> None:
        ctx = multiprocessing.get_context("fork")
        self.lock = ctx.Lock()
        self.ends = ctx.RawArray("q", [0, len(pages)])
        self.index = {page.file.src_uri: i for i, page in enumerate(pages)}
        self.pid = 0

    def parent_takes(self, page: Page) -> bool:
        i = self.index.get(page.file.src_uri)
        if i is None:
            return True
        with self.lock:
            if i < self.ends[1]:
                self.ends[0] = i + 1
                return True
            return False

    def child_takes(self) -> int | None:
        with self.lock:
            if self.ends[1] > self.ends[0]:
                self.ends[1] -= 1
                return int(self.ends[1])
            return None


@dataclass
class BuildState:
    """What the hook knows during one mkdocs build (a new one at each build's start)."""

    nav: Navigation | None = None
    in_nav: set[int] = field(default_factory=set)  # id() of the pages in the navigation
    nav_urls: list[str] = field(default_factory=list)
    env: jinja2.Environment | None = None
    split: _Split | None = None  # the second rendering process, while it runs
    child: bool = False  # this process is the second one
    filler: Filler = field(default_factory=Filler)
    made: tuple[Page, str] | None = None  # the page just made from its skeleton
    # The parts of Material's page frame (blocks of its base.html: the navigation and table of
    # contents, the footer, the scripts and styles) that come out the same for every generated
    # page outside the navigation in one folder (`claims/`): the links in them are relative, and
    # from any page of a folder a link out of that page's own folder is the same. Rendered for
    # the first such page of the folder, then reused, per process.
    frames: dict[tuple[str, str], str] = field(default_factory=dict)
    # The generated pages an incremental build takes from the published build (reuse.py): not
    # rendered here when their frame is their folder's (else rendered, and the build keeps that).
    reuse: frozenset[str] = frozenset()
    # The pages taken from the published build: in the sitemap, then out of mkdocs' files, so
    # that mkdocs does not go through them to render nothing (`on_post_template`).
    taken: list[File] = field(default_factory=list)
    files: Files | None = None
    # Those staged as stubs (reuse.py): never rendered; a stub whose frame is not its folder's
    # fails the build, as the page taken for it could differ from what rendering it gives.
    stubs: frozenset[str] = frozenset()
    # Links the stubs' pages from the published site while mkdocs renders (`reuse.Linker`),
    # from the end of `on_env` (after any fork) to `on_post_build`.
    linker: Linker | None = None
    # Where an incremental build wants the pages written that are rendered whatever their
    # digest (`reuse.FRAMED_LIST`), if it does.
    framed_to: Path | None = None


_state = BuildState()


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory, by template and a digest of its source (Jinja's
    bucket key), so a changed template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Give the bucket the code kept for its template and source, if any."""
        kept = self.compiled.get(bucket.key + bucket.checksum)
        if kept is not None:
            bucket.bytecode_from_string(kept)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep a template just compiled."""
        self.compiled[bucket.key + bucket.checksum] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def on_page_context(context: dict[str, Any], page: Page, **_kwargs: Any) -> dict[str, Any]:
    """Hand the theme the page's JSON-LD element and HTML body, read again from its file; or,
    for a page the second process renders, tell the theme to render nothing; or, for a page made
    from its folder's skeleton (skeleton.py), make it and have the theme render nothing."""
    state = _state
    if state.split is not None and not state.child and not state.split.parent_takes(page):
        context["ck_skip"] = True
        return context
    if not _ours(page):
        return context
    same_frame = _same_frame(page)
    if same_frame and page.file.src_uri in state.reuse:
        context["ck_skip"] = True
        return context
    if page.file.src_uri in state.stubs:
        raise _stub_rendered(page)
    folder = page.url.rstrip("/").rpartition("/")[0]
    if same_frame:
        context["ck_memo"] = _Memo(state.frames, folder)
    parts = split_source(page.file.content_string)
    if parts is not None:
        context["ck_head"] = parts.head
        context["ck_body"] = parts.body
    if same_frame and state.env is not None and os.environ.get("CLAIMKIT_RENDER_FILL") != "0":
        made = state.filler.page(state.env, page, context, folder)
        if made is not None:
            state.made = (page, made)
            context["ck_skip"] = True
    return context


def on_post_template(output_content: str, template_name: str, **_kwargs: Any) -> str:
    """Once the sitemap lists every page, the pages taken from the published build leave
    mkdocs' files: the build's loop over the pages does not reach them (their HTML is linked in
    after the build); the taken files' sitemap stand-ins go (mkdocs' check of links to anchors
    skips a file without a page, as it would find the same anchors on the published page)."""
    if template_name == "sitemap.xml" and _state.files is not None:
        for file in _state.files:
            if isinstance(file, TakenFile):
                file.page = None  # its stand-in was for the sitemap alone
        for file in _state.taken:
            _state.files.remove(file)
        _state.taken, _state.files = [], None
    return output_content


def on_template_context(
    context: dict[str, Any], template_name: str, config: MkDocsConfig, **_kwargs: Any
) -> dict[str, Any]:
    """The sitemap lists the pages taken from the published build too, each where mkdocs would
    have listed it (the files' order), as it would have."""
    files = _state.files
    if template_name != "sitemap.xml" or files is None:
        return context
    taken = [f for f in files if isinstance(f, TakenFile)]
    if not taken:
        return context
    sitemap_entries(taken, config.site_url, get_build_date())
    context["pages"] = [
        f
        for f in files
        if isinstance(f, TakenFile) or (f.is_documentation_page() and f.inclusion.is_included())  # type: ignore[no-untyped-call]
    ]
    return context


def on_post_page(output: str, page: Page, **_kwargs: Any) -> str:
    """A page made from its skeleton is what was made; a page the theme rendered may be a check
    of a skeleton."""
    made, _state.made = _state.made, None
    if made is not None and made[0] is page:
        return made[1]
    if output.strip():
        _state.filler.rendered(page, output)
    return output


def _jobs() -> int:
    wanted = os.environ.get("CLAIMKIT_RENDER_JOBS", "")
    if wanted.strip().isdigit():
        return max(1, int(wanted))
    return min(2, usable_cpus())


def on_pre_build(**_kwargs: Any) -> None:
    """A build starts: stop a second process left from a build that failed; forget the last."""
    global _state
    _stop_child()
    _state = BuildState()


def on_nav(nav: Navigation, **_kwargs: Any) -> Navigation:
    """Note which pages are in the navigation (their frame differs from the others')."""
    _state.nav = nav
    _state.in_nav = {id(page) for page in nav.pages}
    _state.nav_urls = [page.url for page in nav.pages]
    return nav


class _Memo:
    """`{% call ck_memo("block") %}{{ super() }}{% endcall %}`: the block as rendered for the
    first page in the same folder."""

    def __init__(self, frames: dict[tuple[str, str], str], folder: str) -> None:
        self.frames = frames
        self.folder = folder

    def __call__(self, block: str, caller: Any) -> str:
        key = (block, self.folder)
        text = self.frames.get(key)
        if text is None:
            text = self.frames[key] = str(caller())
        return text


def _same_frame(page: Page) -> bool:
    """A page whose frame is the same as every other such page's in its folder: out of the
    navigation, no page of the navigation inside its own folder, without previous or next page,
    nothing hidden, no heading but its title."""
    if _state.nav is None or id(page) in _state.in_nav:
        return False
    url = page.url
    if not url.endswith("/") or any(other.startswith(url) for other in _state.nav_urls):
        return False
    if page.meta.get("hide") or page.previous_page is not None or page.next_page is not None:
        return False
    toc = list(page.toc or [])
    return len(toc) <= 1 and all(item.level == 1 and not item.children for item in toc)


def _render_in_child(
    split: _Split,
    pages: list[Page],
    env: jinja2.Environment,
    config: MkDocsConfig,
    ends_with_parent: Callable[[], None],
) -> None:
    """The second process: render and write pages from the end of the list, then exit."""
    status = 1
    try:
        ends_with_parent()
        _state.child = True
        nav = _state.nav
        assert nav is not None
        while (i := split.child_takes()) is not None:
            page = pages[i]
            excluded = page.file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
            _build_page(page, config, pages, nav, env, excluded=excluded)  # type: ignore[arg-type]
        status = 0
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        os._exit(status)


def on_config(config: MkDocsConfig, **_kwargs: Any) -> MkDocsConfig:
    """The site's name comes HTML-escaped (the theme prints it as it is in most places): mark
    it as markup, so that the few places that escape it (the logo's title) do not escape it
    twice (`Smith &amp;amp; Jones`)."""
    config["site_name"] = markupsafe.Markup(config["site_name"])  # noqa: S704 - escaped by config.py
    return config


@event_priority(-100)
def on_env(
    env: jinja2.Environment, config: MkDocsConfig, files: Files, **_kwargs: Any
) -> jinja2.Environment:
    """Every page has been read: start the second process that renders pages from the end."""
    _state.env = env
    # The theme's templates compiled once per process, not once per build (a preview builds
    # again and again; compiling Material's templates took about half a second each time).
    env.bytecode_cache = _COMPILED
    pages = [f.page for f in files.documentation_pages(inclusion=InclusionLevel.is_included)]
    pages_read = []
    framed: list[str] = []
    for page in pages:
        if page is None:
            continue
        reused = page.file.src_uri in _state.reuse
        wanted = reused or _state.framed_to is not None
        same_frame = wanted and _ours(page) and _same_frame(page)
        if same_frame and reused:
            _state.taken.append(page.file)
        else:
            if page.file.src_uri in _state.stubs:
                raise _stub_rendered(page)
            pages_read.append(page)
            if not same_frame:
                framed.append(page.file.src_uri)
    if _state.framed_to is not None:
        write_list(_state.framed_to, framed)
    if _jobs() >= 2 and len(pages_read) >= PARALLEL_MIN_PAGES and _state.nav is not None:
        split = _Split(pages_read)
        sys.stdout.flush()
        sys.stderr.flush()
        ends_with_parent = ends_with_this_process()
        pid = os.fork()
        if pid == 0:
            _render_in_child(split, pages_read, env, config, ends_with_parent)
        split.pid = pid
        _state.split = split
    if _state.linker is not None:  # no thread may run while this process forks
        _state.linker.start()
    return env


def _stop_child() -> None:
    split, _state.split = _state.split, None
    if split is not None and split.pid:
        with contextlib.suppress(OSError):
            os.kill(split.pid, signal.SIGTERM)
        with contextlib.suppress(OSError):
            os.waitpid(split.pid, 0)


@event_priority(100)
def on_post_build(**_kwargs: Any) -> None:
    """Wait for the second process; its failure is the build's. Then let go of what the build
    held (its files and pages, skeletons, frames): the search indexer runs next, and a preview
    builds again in this process."""
    global _state
    split, _state.split = _state.split, None
    linker = _state.linker
    _state = BuildState()
    if linker is not None:
        try:
            linker.wait()
        except OSError as exc:
            raise PluginError(
                f"claimkit: could not link a page of the published build: {exc}"
            ) from exc
    if split is None or not split.pid:
        return
    _pid, status = os.waitpid(split.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise PluginError("claimkit: the second process rendering pages failed (see above)")


def on_build_error(**_kwargs: Any) -> None:
    """The build failed: stop the second process, wait for the links to the published build."""
    _stop_child()
    linker, _state.linker = _state.linker, None
    if linker is not None:
        with contextlib.suppress(OSError):
            linker.wait()
