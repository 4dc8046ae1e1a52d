"""The generations of a built site a build makes, keeps from or leaves for the next one: the
published search index kept, the spare generation whose folders a preview's next build recycles
(site/mkdocs/recycle.py)."""

from __future__ import annotations

from pathlib import Path

from claimkit.core import output
from claimkit.site.mkdocs import patch, recycle
from claimkit.site.search import INDEX_DIR
from claimkit.site.search_merge import ENTRY

# The site's folder of the dumps (`data/claims.nt`, ...): links to the data folder's files.
DUMPS_FOLDER = "data"


def keep_search(published: Path | None, site: Path) -> bool:
    """Give the new site the published site's search index (hard links; a recycled site may
    hold it already); whether there was one to keep."""
    old = published / "site" / INDEX_DIR if published is not None else None
    if old is None or not old.is_dir():
        return False
    if not (site / INDEX_DIR).is_dir():
        output.link_tree(old, site / INDEX_DIR)
    return True


def recycled(spare: Path | None, stage: Path) -> Path | None:
    """The spare generation's site moved into the staging folder (one rename), for the new
    site to be made in its folders (recycle.py), and the rest of the spare removed (so that the
    generation this build replaces is the next spare); None when there is none."""
    if spare is None or output.kind(spare / "site") != "dir":
        return None
    recycled = stage / "recycled"
    (spare / "site").rename(recycled)
    output.remove(spare)
    return recycled


def prepare_spare(out: Path, memo: patch.SiteMemo | None) -> None:
    """After a preview's build that was not a patch (site/mkdocs/patch.py): a copy of the
    published site made of hard links, as the spare generation the next build makes its site
    in, which then differs from the published site nowhere that build does not write (the
    patch's assembly looks only there, instead of at every file of the site). Lock held; in a
    preview, while its reader looks at the new site."""
    published = output.current(out)
    if memo is None or memo.differ is not None or published is None:
        return
    if published.name != memo.generation:
        return
    output.clean_stale(out)  # the spare it replaces: removed here, not by the next build
    copy = output.spare_copy(out)
    if copy is None:
        return
    output.remove(copy / "site" / DUMPS_FOLDER)  # the dumps' links: written by every build
    memo.before, memo.differ = copy.name, frozenset()


def search_to_keep(recycled: Path, published_site: Path, keep_search: bool) -> list[str]:
    """The recycled site's search index when it is the published one the build keeps (the
    same files: its entry file is the published entry file); else it is removed, and the
    build indexes the site or links the published index in."""
    entry = f"{INDEX_DIR}/{ENTRY}"
    if keep_search and recycle.same_file(recycled / entry, published_site / entry):
        return [INDEX_DIR]
    output.remove(recycled / INDEX_DIR)
    return []
