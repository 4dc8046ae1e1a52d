"""Which rendered pages a build can take from the published build instead of rendering them.

Every build leaves, in its generation beside `site/` and `data/`, a page index (`pages.json`):
a digest of each staged page's source (its Markdown, JSON-LD, HTML body and metadata, as the
staging wrote it), each record page's key and the place of its stub in `pages.stubs`, and the
key of what turns a source into HTML: the generated mkdocs.yml (the
site's name, address, language, navigation), the theme override, the code of claimkit's hook
and the versions of mkdocs, Material and the libraries they render with.

An incremental build (`claimkit build --incremental`, and every rebuild of `claimkit serve`)
stages a stub for each record page whose key (site/page_keys.py) did not change, which mkdocs
keeps among its files without reading or rendering it (hook.py's `TakenFile`), and every other
page as a full build does; then it compares: when the key is the published build's,
a generated page out of the navigation whose source has the same digest comes out of the theme
as the same bytes (its frame depends only on the key and its folder, see hook.py), so mkdocs
does not render it (the hook skips it) and the new generation takes the published file by a
hard link. Every other page (the navigation's pages, lists, guides, the desk's own pages, new
and changed pages, the sitemap, 404.html, assets) is rendered and written as in a full build:
the result is the full build's bytes. When the key differs, or there is no index to compare
with, the build renders everything and says why.

A hard link shares the file with the published generation: nothing may write into it. mkdocs
writes only the pages it renders, each to a new file of the new generation (its site folder
starts empty), and claimkit links the reused pages in after mkdocs has finished.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Collection
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from mkdocs.structure.files import File

from claimkit.site.bundle import BUNDLE_DIR

# The page index, in a generation's folder beside site/ and data/.
INDEX = "pages.json"
# The stubs of the record pages (bundle.stub_of), in a generation's folder beside the index.
STUBS = "pages.stubs"
# Beside the staged mkdocs.yml: the pages claimkit's hook does not render when their frame is
# their folder's (one per line), and those it must not render (staged as stubs).
REUSE_LIST = "reuse.txt"
STUB_LIST = "stubs.txt"
# Beside them: the published site the stubs' pages are taken from (one line), for the hook to
# link them in while mkdocs renders the other pages (`Linker`).
TAKEN_FROM = "taken-from.txt"
# Written by the hook beside them in an incremental build: the pages it renders whatever their
# digest (their frame is not their folder's, or they are not claimkit's; one per line).
FRAMED_LIST = "framed.txt"
# Beside them in a preview's patch (patch.py): the pages not staged at all, which links from
# the staged pages' Markdown still resolve to.
ABSENT_LIST = "absent.txt"
FORMAT = 3
# The libraries whose versions can change what the theme makes of a page.
RENDERERS = ("mkdocs", "mkdocs-material", "jinja2", "markupsafe", "markdown", "pymdown-extensions")
# claimkit's own code that turns a staged source into the page's HTML.
_HERE = Path(__file__).parent
RENDER_CODE = (_HERE / "hook.py", _HERE / "skeleton.py", _HERE / "reuse.py")


def _digest_files(paths: list[Path], root: Path | None = None) -> str:
    h = hashlib.blake2b(digest_size=16)
    for path in paths:
        name = path.relative_to(root).as_posix() if root else path.name
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _versions() -> str:
    found = []
    for name in RENDERERS:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return ",".join(found)


def render_key(config_text: str, theme_dir: Path, stage: Path) -> dict[str, str]:
    """What turns a staged source into HTML, in parts (each part names a reason to render
    everything again when it changed). The staging folder's name, which the config holds in
    its paths, is not part of it: it changes with every build."""
    theme = sorted(p for p in theme_dir.rglob("*") if p.is_file())
    where = json.dumps(str(stage.resolve()))[1:-1]
    config_text = config_text.replace(where, "<staging>")
    config = hashlib.blake2b(config_text.encode("utf-8"), digest_size=16).hexdigest()
    return {
        "config": config,
        "theme": _digest_files(theme, theme_dir),
        "code": _digest_files(list(RENDER_CODE)) + "/" + _versions(),
    }


# Why everything is rendered, by the part of the key that changed.
CHANGED = {
    "config": "the site's settings or navigation (the generated mkdocs.yml) changed",
    "theme": "the theme changed",
    "code": "claimkit's rendering code or the versions of mkdocs and its libraries changed",
}


@dataclass
class PageIndex:
    """A build's page index: its render key; each page's source digest; each record page's
    key (site/page_keys.py), the place of its stub in the generation's stub file and the
    records it shows that its key is not made of (`Page.shows`)."""

    key: dict[str, str]
    pages: dict[str, str] = field(default_factory=dict)
    deps: dict[str, str] = field(default_factory=dict)
    stubs: dict[str, tuple[int, int]] = field(default_factory=dict)
    shows: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Where each page staged by this build has its stub (the bundle's stub file, offset,
    # length); not part of the index's file.
    places: dict[str, tuple[Path, int, int]] = field(default_factory=dict)
    # The stubs' bytes of pages not staged by this build (a preview's patch takes them from the
    # last build's index in memory), and, once `write` has run, of every page in `deps`.
    texts: dict[str, bytes] = field(default_factory=dict)

    def read_staged(self, work: Path) -> None:
        """Note each page staged in `work`: its digest and where its stub lies, from the
        bundles' indexes (staging writes both beside the page's place in its bundle)."""
        for index in sorted((work / BUNDLE_DIR).glob("*.idx")):
            stub_file = index.with_suffix(".stub")
            for entry in json.loads(index.read_text(encoding="utf-8")):
                self.pages[entry[0]] = entry[3]
                self.places[entry[0]] = (stub_file, entry[4], entry[5])
                if entry[6]:
                    self.shows[entry[0]] = tuple(entry[6])

    def stub(self, src: str) -> bytes:
        """The stub of a page this build staged (read from its bundle's stub file), or of one
        it holds in memory."""
        place = self.places.get(src)
        if place is None:
            return self.texts[src]
        stub_file, at, length = place
        with stub_file.open("rb") as stubs:
            stubs.seek(at)
            return stubs.read(length)

    def write(self, generation: Path, *, search_fresh: bool) -> None:
        """Write the index, and the stubs of the record pages `read_staged` noted, into a
        (staged) generation's folder; `search_fresh` says whether the site's search index was
        made for these pages (False: kept from an earlier build, by `claimkit serve`)."""
        found: dict[str, bytes] = {}
        files: dict[Path, bytes] = {}
        for src in self.deps:
            place = self.places.get(src)
            if place is None:
                found[src] = self.texts[src]
                continue
            stub_file, at, length = place
            if stub_file not in files:
                files[stub_file] = stub_file.read_bytes()
            found[src] = files[stub_file][at : at + length]
        self.texts = found
        stubs: dict[str, tuple[int, int]] = {}
        offset = 0
        with (generation / STUBS).open("wb") as out:
            for src in sorted(found):  # in one order, however the pages were staged
                out.write(found[src])
                stubs[src] = (offset, len(found[src]))
                offset += len(found[src])
        data = {
            "format": FORMAT,
            "key": self.key,
            "pages": self.pages,
            "deps": self.deps,
            "stubs": stubs,
            "shows": {src: list(self.shows[src]) for src in self.deps if src in self.shows},
            "search_fresh": search_fresh,
        }
        text = json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"
        (generation / INDEX).write_text(text, encoding="utf-8")

    @classmethod
    def read(cls, generation: Path) -> PageIndex | None:
        """The index a generation holds, or None when it has none or it cannot be read."""
        try:
            data = json.loads((generation / INDEX).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return None
            key, pages, deps, stubs = data["key"], data["pages"], data["deps"], data["stubs"]
            texts = [*key.values(), *pages.values(), *deps.values()]
            places = {src: (int(at), int(length)) for src, (at, length) in stubs.items()}
            shows = {src: tuple(names) for src, names in data["shows"].items()}
            texts += [name for names in shows.values() for name in names]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if not all(isinstance(v, str) for v in texts):
            return None
        return cls(dict(key), dict(pages), dict(deps), places, shows)

    def changed(self, new_key: dict[str, str]) -> str:
        """Why no page of this build can be taken by a build with `new_key` ("" if pages can)."""
        for part, reason in CHANGED.items():
            if self.key.get(part) != new_key.get(part):
                return reason
        return ""


def published_index(published: Path | None, key: dict[str, str]) -> tuple[PageIndex | None, str]:
    """The published generation's page index when its pages can be compared with those of a
    build with this render key; else None and why."""
    if published is None:
        return None, "there is no published build to start from"
    old = PageIndex.read(published)
    if old is None:
        return None, "the published build has no page index to compare with"
    why = old.changed(key)
    return (None, why) if why else (old, "")


def kept_pages(
    published: Path, old: PageIndex, deps: dict[str, str]
) -> dict[str, tuple[bytes, str, tuple[str, ...]]]:
    """The record pages whose key (`deps`: source path -> page key) is the one they had in the
    published build, whose HTML is there: each one's stub, source digest and the records it
    shows, for staging."""
    site = f"{published}/site/"
    wanted = [
        src
        for src, key in deps.items()
        if old.deps.get(src) == key and src in old.stubs and src in old.pages
    ]
    if not wanted:
        return {}
    kept: dict[str, tuple[bytes, str, tuple[str, ...]]] = {}
    data = (published / STUBS).read_bytes()
    for src in wanted:
        at, length = old.stubs[src]
        if at + length <= len(data) and os.path.isfile(site + dest_uri(src)):  # noqa: PTH113
            kept[src] = (data[at : at + length], old.pages[src], old.shows.get(src, ()))
    return kept


def reusable(
    published: Path, old: PageIndex, new: PageIndex, kept: Collection[str] = ()
) -> set[str]:
    """The pages whose HTML the new build can take from the published generation: its page
    with the same source digest is there (`kept_pages` looked already for those in `kept`)."""
    site = f"{published}/site/"
    return {
        src
        for src, page in new.pages.items()
        if old.pages.get(src) == page and (src in kept or os.path.isfile(site + dest_uri(src)))  # noqa: PTH113
    }


def dest_uri(src_uri: str) -> str:
    """Where mkdocs writes the page of a source path under directory URLs (as claimkit's
    mkdocs.yml sets them): `claims/x.md` -> `claims/x/index.html`, `index.md` and
    `topics/index.md` -> `.../index.html`. mkdocs' own `File` says the same (a test holds them
    equal) but takes a hundred times longer, for every page of a site."""
    stem = src_uri.removesuffix(".md")
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return f"{folder}/index.html" if folder else "index.html"
    return f"{stem}/index.html"


def sources_at(path: str) -> tuple[str, ...]:
    """The source paths whose page is at this site path (`dest_uri`, the other way)."""
    if path == "index.html":
        return ("index.md", "README.md")
    if not path.endswith("/index.html"):
        return ()
    folder = path.removesuffix("/index.html")
    return (f"{folder}.md", f"{folder}/index.md", f"{folder}/README.md")


def write_list(path: Path, sources: Collection[str]) -> None:
    """Write one of the lists of source paths beside mkdocs.yml (`REUSE_LIST`, ...), sorted."""
    path.write_text("".join(f"{src}\n" for src in sorted(sources)), encoding="utf-8")


def listed(path: Path) -> frozenset[str]:
    """The source paths a list beside mkdocs.yml names (none when it is not there)."""
    if not path.is_file():
        return frozenset()
    return frozenset(path.read_text(encoding="utf-8").splitlines())


def mkdocs_dest_uri(src_uri: str) -> str:
    """`dest_uri` as mkdocs works it out (the reference the test compares with)."""
    return File(src_uri, src_dir=None, dest_dir="", use_directory_urls=True).dest_uri


def link_reused(old_site: Path, new_site: Path, reuse: set[str]) -> int:
    """Hard-link each reused page mkdocs did not render from the published site into the new
    one; return how many. A page mkdocs rendered after all (the hook renders any page whose
    frame it cannot vouch for) is left as written. (Here and in `kept_pages` and `reusable`
    paths are strings: a pathlib object per page costs more than the file system's call, on
    every page of a site.)"""
    linked = 0
    made: set[str] = set()
    old, new = f"{old_site}/", f"{new_site}/"
    for src in sorted(reuse):
        dest = dest_uri(src)
        target = new + dest
        folder = os.path.dirname(target)  # noqa: PTH120
        if folder not in made:
            os.makedirs(folder, exist_ok=True)  # noqa: PTH103
            made.add(folder)
        try:
            os.link(old + dest, target)
        except FileExistsError:
            continue  # rendered
        linked += 1
    return linked


class Linker:
    """`link_reused` for pages mkdocs never renders (those staged as stubs), in a thread of its
    own while mkdocs renders the others: making tens of thousands of folders and links is
    mostly time in the kernel, which the thread spends beside mkdocs' rendering instead of
    after it. mkdocs writes only the pages it renders, into other folders' files, so the two
    never write the same file. Start it only after mkdocs has emptied its site folder (its
    files are known by then: the hook's `on_env`), and after any fork."""

    def __init__(self, old_site: Path, new_site: Path, sources: set[str]) -> None:
        self.linked = 0
        self.error: OSError | None = None
        self._thread = threading.Thread(
            target=self._run, args=(old_site, new_site, sources), daemon=True
        )

    def _run(self, old_site: Path, new_site: Path, sources: set[str]) -> None:
        try:
            self.linked = link_reused(old_site, new_site, sources)
        except OSError as exc:
            self.error = exc

    def start(self) -> None:
        """Start linking."""
        self._thread.start()

    def wait(self) -> int:
        """Wait for the links; how many were made (an error making one is raised here)."""
        if self._thread.ident is None:  # never started: the build failed before
            return 0
        self._thread.join()
        if self.error is not None:
            raise self.error
        return self.linked
