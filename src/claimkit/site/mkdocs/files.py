"""The files claimkit adds to mkdocs' own (hook.py's `on_files`): each generated page as a file
of the docs folder whose text is a slice of a bundle (`BundledFile`), and each page an
incremental build takes from the published build as a file mkdocs keeps among its files but
neither reads nor renders (`TakenFile`)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path, PurePath
from types import SimpleNamespace
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import (
    File,
    Files,
    InclusionLevel,
    file_sort_key,
    set_exclusions,
)
from mkdocs.utils.meta import get_data

from claimkit.site.mkdocs.reuse import dest_uri


def as_read(data: bytes) -> str:
    """A page's text as mkdocs reads a Markdown file: UTF-8, any byte order mark dropped,
    newlines as \n."""
    text = data.decode("utf-8-sig")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# A source path that is plain: segments none of which is empty or a dot segment.
_PLAIN_SOURCE = re.compile(r"[^/]+(?:/[^/]+)*")
# An address URL-quoting leaves as it is.
_URL_SAFE = re.compile(r"[A-Za-z0-9._~/-]*")


def _plain(uri: str) -> bool:
    """Whether a source path is plain (`_PLAIN_SOURCE`, no dot segments)."""
    return bool(_PLAIN_SOURCE.fullmatch(uri)) and not any(
        part in (".", "..") for part in uri.split("/")
    )


def sort_key(file: File) -> tuple[tuple[str, ...], bool, str]:
    """The key mkdocs sorts its files by (`file_sort_key`: a folder's index first, folders
    after files), from the source path split at its slashes instead of parsed as a path
    (which took 1.8 s for 149,000 pages); `file_sort_key` is the reference a test holds it to."""
    uri = file.src_uri
    if not _plain(uri):
        return file_sort_key(file)  # type: ignore[no-any-return]
    parts = uri.split("/")
    return tuple(parts[:-1]), file.name != "index", parts[-1]


class BundledFile(File):
    """A Markdown file of the docs folder whose text is a slice of a bundle."""

    def __init__(
        self, config: MkDocsConfig, src_uri: str, bundle: Path, offset: int, length: int
    ) -> None:
        if _plain(src_uri):
            # What File's constructor sets, without parsing the path (a plain one is its own
            # normal form): a hundred thousand pages' paths took a second. Held to File's by a
            # test.
            self.src_uri = src_uri
            self.src_dir = None
            self.dest_dir = config.site_dir
            self.use_directory_urls = config.use_directory_urls
            self.inclusion = InclusionLevel.UNDEFINED
        else:
            super().__init__(
                src_uri,
                src_dir=None,
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
        self.generated_by = "claimkit"
        self.bundle = (bundle, offset, length)

    @property
    def content_bytes(self) -> bytes:
        """The page's bytes, read from its slice of the bundle each time they are asked for."""
        bundle, offset, length = self.bundle
        with bundle.open("rb") as source:
            source.seek(offset)
            return source.read(length)

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        raise AttributeError("a bundled page's text is read-only")

    @property
    def content_string(self) -> str:
        """The page's text, read from the bundle each time it is asked for."""
        return as_read(self.content_bytes)

    @content_string.setter
    def content_string(self, value: str) -> None:
        raise AttributeError("a bundled page's text is read-only")


class TakenFile(BundledFile):
    """A page an incremental build takes from the published build (staged as its stub): in
    mkdocs' files, so that links to it resolve and the sitemap lists it (`on_template_context`),
    but not a documentation page: mkdocs does not read, render or copy it."""

    def __init__(
        self, config: MkDocsConfig, src_uri: str, bundle: Path, offset: int, length: int
    ) -> None:
        super().__init__(config, src_uri, bundle, offset, length)
        # Where and at which address mkdocs puts a page (it works them out from whether the
        # file is a documentation page, which this one does not say it is); a plain address
        # is its own URL-quoted form.
        self.dest_uri = dest_uri(src_uri)
        if config.use_directory_urls and _URL_SAFE.fullmatch(self.dest_uri):
            folder, _, name = self.dest_uri.rpartition("/")
            self.url = f"{folder or '.'}/" if name == "index.html" else self.dest_uri

    def is_documentation_page(self) -> bool:
        """Not one mkdocs reads or renders."""
        return False

    def copy_file(self, dirty: bool = False) -> None:
        """Nothing to copy: claimkit links the page's HTML in after mkdocs."""

    def sitemap_entry(self, site: Joiner, build_date: str, text: str) -> SimpleNamespace:
        """What the sitemap template reads of the page, as mkdocs' Page would give it: its
        canonical URL (from the site's address as mkdocs joins them), the build's date, and the
        metadata the template looks at (a review's language versions), from the page's text
        (its stub)."""
        canonical, abs_url = site(self.url)
        alternates = alternates_of(text)
        meta: dict[str, Any] = {"ck_alternates": alternates} if alternates is not None else {}
        return SimpleNamespace(
            is_link=False,
            canonical_url=canonical,
            abs_url=abs_url,
            update_date=build_date,
            meta=meta,
        )


def alternates_of(text: str) -> Any:
    """The language versions a page's front matter lists for the sitemap (`ck_alternates`),
    None when it lists none (only then is the front matter read)."""
    if "\nck_alternates:" not in text:
        return None
    return get_data(text)[1]["ck_alternates"]


class SparseFiles(Files):
    """mkdocs' files of a preview's patch (patch.py), which holds only the pages it staged: a
    link from their Markdown to a page it did not stage (`absent`) still finds that page, as a
    file of its own made when asked for (its address is all a link reads of it)."""

    def __init__(self, files: list[File], absent: frozenset[str], config: MkDocsConfig) -> None:
        super().__init__(files)
        self._absent = absent
        self._config = config

    def get_file_from_path(self, path: str) -> File | None:
        """The file at this source path, or the absent page there."""
        found = super().get_file_from_path(path)
        uri = PurePath(path).as_posix()
        if found is None and uri in self._absent:
            found = File(uri, None, self._config.site_dir, self._config.use_directory_urls)
        return found


class LinkedFile(File):
    """A file of the staged docs folder that mkdocs publishes as it is (the dumps, a desk's
    pictures): hard-linked into the site instead of copied. The staged docs folder is the
    build's own (each file in it written or copied there by this build, and removed before the
    site is published), so the site's file shares its bytes with nothing else."""

    @classmethod
    def of(cls, file: File) -> LinkedFile:
        """The docs folder's `file` as a linked file."""
        assert file.src_dir is not None
        return cls(
            file.src_uri,
            file.src_dir,
            file.dest_dir,
            file.use_directory_urls,
            inclusion=file.inclusion,
        )

    def copy_file(self, dirty: bool = False) -> None:
        """Link the file into the site (copy it where a link cannot be made)."""
        target = self.abs_dest_path
        os.makedirs(os.path.dirname(target), exist_ok=True)  # noqa: PTH103, PTH120
        try:
            os.link(self.abs_src_path or "", target)
        except OSError:
            super().copy_file(dirty)


# A pattern of the pages left out of the navigation that names a folder at the top of the
# docs (claimkit's mkdocs.yml lists its record folders so).
_TOP_FOLDER = re.compile(r"/[A-Za-z0-9_][A-Za-z0-9_.-]*/")


def set_inclusions(files: list[File], config: MkDocsConfig) -> None:
    """Give each file in a folder what mkdocs' `set_exclusions` gives it, found once per top
    folder (matching each of 149,000 pages' paths against the patterns took a second): when
    nothing is excluded or a draft by the settings and every pattern of the pages left out of
    the navigation names a top folder, a path with no part starting with a dot is matched by
    what its top folder is matched by (mkdocs' own patterns: any part starting with a dot, the
    top folder `templates`). Other files are left to mkdocs. Held to `set_exclusions` by a
    test."""
    if config.get("exclude_docs") or config.get("draft_docs"):
        return
    nav_exclude = config.get("not_in_nav")
    patterns = nav_exclude.patterns if nav_exclude else []
    if not all(getattr(p, "pattern", None) and _TOP_FOLDER.fullmatch(p.pattern) for p in patterns):
        return
    by_folder: dict[str, InclusionLevel] = {}
    for file in files:
        uri = file.src_uri
        top, slash, _rest = uri.partition("/")
        if not slash or not _plain(uri) or "/." in f"/{uri}":
            continue
        level = by_folder.get(top)
        if level is None:
            probe = File(f"{top}/page.md", None, config.site_dir, config.use_directory_urls)
            set_exclusions([probe], config)
            level = by_folder[top] = probe.inclusion
        file.inclusion = level


def bundled_files(
    config: MkDocsConfig, folder: Path, taken: frozenset[str] = frozenset()
) -> list[File]:
    """The pages of every bundle in `folder`; those in `taken` as taken files."""
    found: list[File] = []
    for index in sorted(folder.glob("*.idx")):
        bundle = index.with_suffix(".md")
        for src_uri, offset, length, *_digest in json.loads(index.read_text(encoding="utf-8")):
            kind = TakenFile if src_uri in taken else BundledFile
            found.append(kind(config, src_uri, bundle, offset, length))
    return found


# A page's URL that is a plain relative path: no segment starts with a dot (so none is a dot
# segment), no query, fragment or scheme.
_PLAIN = re.compile(r"(?:[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*/)*(?:[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*)?")


def joined(site_url: str | None, url: str) -> tuple[str | None, str | None]:
    """A page's canonical URL and its path, from the site's address and the page's URL, as
    mkdocs works them out (`urljoin`): the reference `Joiner` is held to."""
    if not site_url:
        return None, None
    canonical = urljoin(site_url if site_url.endswith("/") else site_url + "/", url)
    return canonical, urlsplit(canonical).path


class Joiner:
    """`joined` for many pages of one site: a plain relative URL is appended to the site's
    address (what `urljoin` gives it) instead of parsed, which took most of the time of
    listing tens of thousands of pages in the sitemap."""

    def __init__(self, site_url: str | None) -> None:
        self.site_url = site_url
        self.base = self.path = None
        if site_url:
            base = site_url if site_url.endswith("/") else site_url + "/"
            parts = urlsplit(base)
            if parts.scheme and parts.netloc and not parts.query and not parts.fragment:
                self.base, self.path = base, parts.path

    def __call__(self, url: str) -> tuple[str | None, str | None]:
        """The canonical URL and path of the page at `url` (`joined`)."""
        if self.base is None or self.path is None or not _PLAIN.fullmatch(url):
            return joined(self.site_url, url)
        return self.base + url, self.path + url


def sitemap_entries(taken: list[TakenFile], site_url: str | None, build_date: str) -> None:
    """Give each taken page its `sitemap_entry` as its page, each bundle read once (not once
    per page: there are tens of thousands)."""
    bundles: dict[Path, bytes] = {}
    site = Joiner(site_url)
    for file in taken:
        bundle, offset, length = file.bundle
        data = bundles.get(bundle)
        if data is None:
            data = bundles[bundle] = bundle.read_bytes()
        text = as_read(data[offset : offset + length])
        file.page = file.sitemap_entry(site, build_date, text)  # type: ignore[assignment]
