"""A preview's patch: a rebuild that hands mkdocs only the pages it staged, and makes the new
site from the last one's files without looking at the others (`claimkit serve`).

An incremental build (reuse.py) stages a stub for every record page it takes from the published
build and lets mkdocs go through all of them (149,047 pages at 100,000 claims: reading the
stubs, mkdocs' files, navigation and sitemap, then a walk of every folder of the site to
assemble it), however few pages changed. A preview knows more than a build started afresh: the
published generation is the one its last build made, and that build's page index (with its
stubs), the pages it rendered whatever their digest (`reuse.FRAMED_LIST`: the navigation's
pages, the desk's own) and the site paths it wrote are still in memory (`SiteMemo`). When the
published generation is that one and nothing but pages' contents changed (the same render key,
the same pages, the same build date, no claim's language versions changed), the rebuild:

- takes the kept record pages' stubs from memory and stages nothing for them;
- hands mkdocs only the staged pages (the lists, guides, the desk's pages and the changed
  record pages) with the reuse list as an incremental build writes it, so mkdocs renders
  exactly the pages an incremental build renders, with the same navigation and settings; a
  link from a staged page's Markdown to a page not staged finds it (`files.SparseFiles`);
- keeps the published sitemap (the same pages, date and language versions give the same
  sitemap; mkdocs' own, listing only the staged pages, is dropped);
- makes the new site in the spare generation's folders (recycle.py) by looking only at the
  paths the last build wrote and those mkdocs writes now, when the spare is the generation the
  last build replaced and that build was a patch too (`recycle.assemble_known`); else by the
  walk of the whole spare site;
- writes the page index and stubs from memory.

The result is the site an incremental build makes, byte for byte (the incremental site test
compares both with a full build after random edits). Any other case is an incremental build,
and says why it could not patch.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from claimkit.site.bundle import BUNDLE_DIR
from claimkit.site.mkdocs import recycle
from claimkit.site.mkdocs.files import alternates_of, as_read
from claimkit.site.mkdocs.reuse import PageIndex, link_reused, sources_at
from claimkit.site.staging import Kept, stage_kept

# The sitemap mkdocs writes (and its compressed copy, when a theme makes one): a patch keeps
# the published ones.
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")


@dataclass
class SiteMemo:
    """What a preview's last build leaves for its next one: the generation it published (by
    name), that generation's page index with every stub's bytes, the pages it rendered whatever
    their digest, the build date it gave mkdocs, the generation it replaced (the next build's
    spare) and the site paths where the two differ (None: not known, the last build was not a
    patch)."""

    generation: str = ""
    index: PageIndex | None = None
    framed: frozenset[str] = frozenset()
    epoch: str = ""
    before: str = ""
    differ: frozenset[str] | None = None

    def take(self) -> SiteMemo:
        """What the memo holds, the memo emptied (a build that fails leaves it empty: the next
        one starts from what is on disk)."""
        held = dataclasses.replace(self)
        self.keep(SiteMemo())
        return held

    def keep(self, last: SiteMemo) -> None:
        """Hold what `last` holds."""
        for held in dataclasses.fields(self):
            setattr(self, held.name, getattr(last, held.name))

    def last_index(
        self, published: Path | None, key: Mapping[str, str], epoch: str
    ) -> PageIndex | None:
        """The last build's page index when the published generation is that build's and its
        render key and build date are this build's; else None."""
        if self.index is None or published is None or published.name != self.generation:
            return None
        if dict(self.index.key) != dict(key) or self.epoch != epoch:
            return None
        return self.index


def kept_from(old: PageIndex, deps: Mapping[str, str]) -> dict[str, Kept]:
    """The record pages whose key (`deps`) is the one they had in the last build, from its
    index in memory: their stubs, digests and the records they show (`reuse.kept_pages` reads
    them from the published generation's files)."""
    return {
        src: (old.texts[src], old.pages[src], old.shows.get(src, ()))
        for src, key in deps.items()
        if old.deps.get(src) == key and src in old.texts and src in old.pages
    }


def why_not(
    index: PageIndex, old: PageIndex, keep: Mapping[str, Kept], framed: frozenset[str]
) -> str:
    """Why this build (its staged pages in `index`, the pages it keeps in `keep`) cannot be a
    patch of the last (`old`, whose framed pages are `framed`); "" when it can."""
    staged = index.pages.keys()
    if len(staged) + len(keep) != len(old.pages) or not all(s in old.pages for s in staged):
        return "pages came or went"
    if any(s in framed for s in keep):
        return "a page kept is one the theme frames on its own"
    for src, digest in index.pages.items():
        if digest == old.pages[src] or src not in old.texts:
            continue
        new = as_read(index.stub(src))
        if alternates_of(new) != alternates_of(as_read(old.texts[src])):
            return "a claim's language versions changed (the sitemap lists them)"
    return ""


def with_kept(index: PageIndex, keep: Mapping[str, Kept]) -> None:
    """Add the kept pages to this build's index (their digests, stubs and the records they
    show), as staging their stubs would have."""
    for src, (stub, digest, shows) in keep.items():
        index.pages[src] = digest
        index.texts[src] = stub
        if shows:
            index.shows[src] = shows


def settle(
    index: PageIndex,
    last: PageIndex | None,
    memo: SiteMemo | None,
    keep: Mapping[str, Kept],
    work: Path,
    say: Callable[[str], None],
) -> bool:
    """Whether the build patches the last one: its kept pages then join the index from
    memory; else (say why) their stubs are staged after all."""
    if last is None or memo is None:
        return False
    why = why_not(index, last, keep, memo.framed)
    if not why:
        with_kept(index, keep)
        say(f"handing mkdocs only the {len(index.pages) - len(keep)} pages staged (a patch)")
        return True
    say(f"handing mkdocs every page: {why}")
    stage_kept(keep, work / BUNDLE_DIR)
    index.read_staged(work)
    return False


def drop_sitemaps(made: Path) -> None:
    """Remove the sitemap mkdocs wrote for the staged pages alone."""
    for name in SITEMAPS:
        if os.path.lexists(made / name):
            (made / name).unlink()


def assemble(
    last: SiteMemo,
    made: Path,
    recycled: Path | None,
    spare: Path | None,
    published_site: Path,
    reused: set[str],
    kept_folders: list[str],
) -> frozenset[str]:
    """Make the patched site from mkdocs' output in `made` (the staged pages it rendered, the
    theme's files, 404.html, the docs folder's files), the published site for everything
    else: in the spare site moved to `recycled` when there is one (by the known differences
    when the spare is the generation `last` replaced and `last` knows them, else by a walk), in
    `made` itself otherwise. Return the site paths mkdocs wrote (where the new site may differ
    from the published one)."""
    drop_sitemaps(made)
    written = frozenset(recycle.files_under(made))
    if recycled is None:
        link_reused(published_site, made, reused)
        for name in SITEMAPS:
            if os.path.lexists(published_site / name):
                os.link(published_site / name, made / name)
    elif last.differ is not None and spare is not None and spare.name == last.before:

        def taken(path: str) -> bool:
            return path in SITEMAPS or any(src in reused for src in sources_at(path))

        recycle.assemble_known(recycled, made, published_site, last.differ, taken)
    else:
        recycle.assemble(recycled, made, published_site, reused, kept_folders, also=SITEMAPS)
    return written
