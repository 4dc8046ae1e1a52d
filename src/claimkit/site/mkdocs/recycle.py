"""A preview's new site made in the folders of the site before last (`claimkit serve`).

Under directory URLs every page is a folder of its own (`claims/x/index.html`), and making tens
of thousands of folders is most of the time an incremental build spends on the pages it takes
from the published build (about 100 us a folder on an ext4 disk, against 8 us a hard link). A
preview keeps the generation it replaced last as a spare (`output.spare`); its next build moves
that generation's site into its staging folder in one rename and makes it the new site there:

- each file mkdocs wrote for this build (the pages it rendered, the sitemap, 404.html, the
  theme's files, the dumps) takes the place of the spare's file at the same path;
- each page taken from the published build is left as it is when it is the published page
  already (the same file: an unchanged page is one file, hard-linked from generation to
  generation), else replaced by a hard link to the published page;
- everything else of the spare (pages gone since, files of its own) is removed, and folders
  left empty with them.

So the result holds exactly the files a build that links every taken page into new folders
writes, with the same bytes (the incremental site test compares both with a full build). A
symbolic link found in the spare is removed, never followed. The spare is in the staging
folder from the start: a failed or killed build leaves the published site as it was, and the
spare's remains go with the staging folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Collection
from pathlib import Path

from claimkit.site.mkdocs.reuse import dest_uri


def files_under(root: str | Path) -> set[str]:
    """The files under `root`, as paths relative to it (links and all, no folders)."""
    found: set[str] = set()
    for here, _dirs, names in os.walk(root):
        rel = os.path.relpath(here, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        found.update(prefix + name for name in names)
    return found


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether the two paths are one file (hard links to it; a link is not followed)."""
    try:
        first, second = os.lstat(a), os.lstat(b)
    except OSError:
        return False
    return (first.st_ino, first.st_dev) == (second.st_ino, second.st_dev)


def assemble(
    spare_site: Path,
    rendered: Path,
    published_site: Path,
    taken: Collection[str],
    keep: Collection[str] = (),
    also: Collection[str] = (),
) -> int:
    """Make `spare_site` (already moved into the staging folder) the new site: mkdocs' output
    in `rendered` (moved in and removed), the pages whose source paths are in `taken` linked
    from `published_site` unless mkdocs rendered them, and the files at the site's paths in
    `also`, the folders in `keep` (relative paths, such as the search index kept) left as they
    are; return how many pages are the published ones."""
    spare, made, old = str(spare_site), str(rendered), str(published_site)
    written = files_under(made)
    pages = {dest_uri(src) for src in taken} - written
    linked = len(pages)
    pages.update(name for name in also if name not in written and os.path.lexists(f"{old}/{name}"))
    kept = tuple(f"{k.rstrip('/')}/" for k in keep)
    emptied: set[str] = set()  # folders something was removed from
    device = os.lstat(spare).st_dev
    # The spare's files: each one is a taken page (kept when it is the published file), a file
    # mkdocs wrote (replaced below), in a folder kept, or not part of the new site. A file's
    # inode and kind come with its folder's listing; only the published page is looked at.
    folders = [(spare, "")]
    while folders:
        here, prefix = folders.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                key = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if f"{key}/" not in kept:  # a kept folder is left as it is
                        folders.append((entry.path, f"{key}/"))
                    continue
                if key in written and not entry.is_symlink():
                    continue
                if key in pages and not entry.is_symlink():
                    try:
                        published = os.lstat(f"{old}/{key}")
                    except OSError:
                        published = None
                    if published is not None and (published.st_ino, published.st_dev) == (
                        entry.inode(),
                        device,
                    ):
                        pages.discard(key)  # already the published page
                        continue
                os.unlink(entry.path)  # noqa: PTH108 - a link is removed, not followed
                emptied.add(here)
    for key in sorted(pages):
        target = f"{spare}/{key}"
        os.makedirs(os.path.dirname(target), exist_ok=True)  # noqa: PTH103, PTH120
        os.link(f"{old}/{key}", target)
    _move_in(made, spare, written)
    _remove_emptied(spare, emptied)
    shutil.rmtree(made)
    return linked


def _move_in(made: str, spare: str, written: Collection[str]) -> None:
    """Put each file mkdocs wrote in place of the spare's file at its path."""
    for key in sorted(written):
        target = f"{spare}/{key}"
        os.makedirs(os.path.dirname(target), exist_ok=True)  # noqa: PTH103, PTH120
        if os.path.isdir(target) and not os.path.islink(target):  # noqa: PTH112, PTH114
            shutil.rmtree(target)
        os.replace(f"{made}/{key}", target)  # noqa: PTH105


def _remove_emptied(spare: str, emptied: Collection[str]) -> None:
    """Remove folders left empty (pages gone, files removed), deepest first, and their
    parents."""
    for folder in sorted(emptied, key=len, reverse=True):
        while folder.startswith(f"{spare}/") and os.path.isdir(folder):  # noqa: PTH112
            if os.listdir(folder):  # noqa: PTH208
                break
            os.rmdir(folder)  # noqa: PTH106
            folder = os.path.dirname(folder)  # noqa: PTH120


def assemble_known(
    spare_site: Path,
    rendered: Path,
    published_site: Path,
    differ: Collection[str],
    taken: Callable[[str], bool],
) -> None:
    """`assemble` for a spare whose differences from the published site are known: `differ`,
    the site paths where the published site may differ from it (what the build that made the
    published site wrote). Only those paths and the files mkdocs wrote are looked at, not the
    whole site: each written file takes its place; each other path becomes the published file
    (a hard link) where it is a file this build takes from the published build (`taken`: an
    unchanged page, the sitemap), else goes (a file of the desk's folder removed since)."""
    spare, made, old = str(spare_site), str(rendered), str(published_site)
    written = files_under(made)
    emptied: set[str] = set()
    for key in sorted(set(differ) - written):
        target = f"{spare}/{key}"
        if os.path.lexists(target):
            if os.path.isdir(target) and not os.path.islink(target):  # noqa: PTH112, PTH114
                shutil.rmtree(target)
            else:
                os.unlink(target)  # noqa: PTH108 - a link is removed, not followed
            emptied.add(os.path.dirname(target))  # noqa: PTH120
        source = f"{old}/{key}"
        if taken(key) and os.path.isfile(source) and not os.path.islink(source):  # noqa: PTH113, PTH114
            os.makedirs(os.path.dirname(target), exist_ok=True)  # noqa: PTH103, PTH120
            os.link(source, target)
    _move_in(made, spare, written)
    _remove_emptied(spare, emptied)
    shutil.rmtree(made)
