"""The output folder of `build` and `export`: never through a symbolic link, one lock, and
everything published by one atomic step.

A built folder (`build/` by default) holds:

- `.lock`, the lock file every build and export takes (opened without following a link and
  without truncating anything);
- `.gen-<token>/site` and `.gen-<token>/data`, one generation: a site and its dumps together;
- `current`, a symbolic link to the generation being published (`current -> .gen-<token>`);
- `site -> current/site` and `data -> current/data`, made once, which never change.

A build stages a generation in `.staging-<pid>/` and publishes it by renaming a new `current`
link over the old one: a single `rename()`, so a reader (or a kill) sees the old site and
data or the new site and data, never one of each. The only links claimkit follows are these
three, each checked to say exactly what claimkit writes; any other link, anywhere claimkit
writes or removes, stops the run with a coded error before anything is touched.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import shutil
import stat
import time
from collections.abc import Iterator
from pathlib import Path

LOCK = ".lock"
CURRENT = "current"
PUBLISHED = ("site", "data")
_GENERATION = re.compile(r"\.gen-[0-9]+-[0-9]+")
# Left behind by killed runs, removed under the lock; the last two by builds before generations.
STALE = (".staging-*", ".gen-*", ".current-*", ".link-*", ".site-old-*", ".data-old-*")


class OutputError(Exception):
    """The output folder cannot be used safely; nothing was written or removed."""

    def __init__(self, code: str, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message} [{code}]")
        self.code = code
        self.path = path
        self.message = message

    def __reduce__(self) -> tuple[type[OutputError], tuple[str, Path, str]]:
        # Made again from its fields (the default gives only the text to __init__): raised in a
        # forked build, it is raised again in the parent (core/forked.py).
        return (OutputError, (self.code, self.path, self.message))


def _kind(path: Path) -> str:
    """'missing', 'link', 'dir', 'file' or 'other', without following a link."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return "missing"
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else "other"


def _refuse_link(path: Path) -> None:
    target = path.readlink()
    raise OutputError(
        "output-symlink",
        path,
        f"is a symbolic link (to {target}); claimkit writes only into folders it made: "
        "remove the link",
    )


def _unwritable(path: Path, exc: OSError) -> OutputError:
    return OutputError(
        "output-unwritable",
        path,
        f"cannot be written ({exc.strerror or exc}); check its permissions",
    )


def check_folder(out: Path) -> None:
    """Make `out` if it is missing; refuse it when it is a link, not a folder, or not ours."""
    kind = _kind(out)
    if kind == "missing":
        try:
            out.mkdir(parents=True)
        except FileExistsError:
            pass
        except OSError as exc:
            raise _unwritable(out, exc) from None
        kind = _kind(out)
    if kind == "link":
        _refuse_link(out)
    if kind != "dir":
        raise OutputError("output-not-owned", out, "is not a folder; remove it or choose another")
    if out.lstat().st_uid != os.geteuid():
        raise OutputError("output-not-owned", out, "belongs to another user; choose another folder")


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Check `out` and hold its lock: one build or export at a time per output folder."""
    check_folder(out)
    path = out / LOCK
    kind = _kind(path)
    if kind == "link":
        _refuse_link(path)
    if kind not in ("missing", "file"):
        raise OutputError("output-not-owned", path, "is not a regular file; remove it")
    # Never through a link, never truncating, never waiting on a named pipe.
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            _refuse_link(path)
        raise _unwritable(path, exc) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OutputError("output-not-owned", path, "is not a regular file; remove it")
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def remove(path: Path) -> None:
    """Remove a file or folder claimkit made, refusing (untouched) when it is a link."""
    kind = _kind(path)
    if kind == "link":
        _refuse_link(path)
    if kind == "dir":
        shutil.rmtree(path)  # does not follow links inside
    elif kind != "missing":
        path.unlink()


def clean_stale(out: Path, keep: Path | None = None) -> None:
    """Remove what killed runs left behind (called with the lock held): staging folders and
    every generation but the published one (and `keep`)."""
    published = _published(out)
    for pattern in STALE:
        for stale in sorted(out.glob(pattern)):
            if stale.name not in (published, keep.name if keep else None):
                remove(stale)


def kind(path: Path) -> str:
    """What is at `path`, its link not followed: "missing", "link", "dir", "file" or "other"."""
    return _kind(path)


def spare(out: Path) -> Path | None:
    """The newest generation but the published one (a preview keeps the one it replaced last,
    whose folders its next build reuses), or None (lock held)."""
    published = _published(out)
    found = [
        (int(g.name.rsplit("-", 1)[1]), g)
        for g in out.glob(".gen-*")
        if _GENERATION.fullmatch(g.name) and g.name != published and _kind(g) == "dir"
    ]
    return max(found)[1] if found else None


def staging(out: Path, name: str = "staging") -> Path:
    """A new, empty staging folder in `out` for this process (lock held)."""
    stage = out / f".{name}-{os.getpid()}"
    remove(stage)
    try:
        stage.mkdir()
    except OSError as exc:
        raise _unwritable(out, exc) from None
    return stage


def _published(out: Path) -> str | None:
    """The generation `current` points to, checked to be one claimkit made; None if none."""
    link = out / CURRENT
    kind = _kind(link)
    if kind == "missing":
        return None
    if kind != "link":
        raise OutputError("output-not-owned", link, "is not the link claimkit makes; remove it")
    target = str(link.readlink())
    if not _GENERATION.fullmatch(target):
        _refuse_link(link)
    if _kind(out / target) != "dir":
        raise OutputError("output-not-owned", link, f"points to {target}, which is not a folder")
    return target


def current(out: Path) -> Path | None:
    """The published generation's folder, or None when nothing is published yet."""
    name = _published(out)
    return out / name if name else None


def _check_published(out: Path) -> list[str]:
    """Check `site` and `data`: missing, or the links claimkit makes; the names that are
    folders of a build from before generations (to replace)."""
    legacy = []
    for name in PUBLISHED:
        path = out / name
        kind = _kind(path)
        if kind == "link":
            if str(path.readlink()) != f"{CURRENT}/{name}":
                _refuse_link(path)
        elif kind == "dir":
            legacy.append(name)
        elif kind != "missing":
            raise OutputError("output-not-owned", path, "is not a folder claimkit made; remove it")
    return legacy


def check_published(out: Path) -> None:
    """Refuse an output folder whose `current`, `site` or `data` is not what claimkit makes."""
    _published(out)
    _check_published(out)


def _link(out: Path, target: str, name: str) -> None:
    """Point the link `out/name` at `target` in one rename (a new link, renamed over)."""
    temp = out / f".link-{os.getpid()}-{name}"
    remove(temp)
    temp.symlink_to(target)
    temp.replace(out / name)


def exchange(new: Path, target: Path) -> None:
    """Put `new` where `target` is in one step (renameat2 RENAME_EXCHANGE), then remove what
    was there; without the exchange, the old tree goes aside for as short a time as renames take."""
    if _kind(target) == "missing":
        new.rename(target)
        return
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    at_fdcwd, rename_exchange = -100, 2
    exchanged = renameat2 is not None and (
        renameat2(at_fdcwd, bytes(new), at_fdcwd, bytes(target), rename_exchange) == 0
    )
    if exchanged:
        remove(new)  # `new` now holds the old tree
        return
    aside = target.with_name(f".{target.name}-old-{os.getpid()}")
    target.rename(aside)
    try:
        new.rename(target)
    except OSError:
        aside.rename(target)
        raise
    remove(aside)


def publish(out: Path, stage: Path, *, clean: bool = True) -> Path:
    """Publish the staged `site/` and `data/` in `stage` as the output's new generation, by one
    rename of the `current` link (lock held); return the generation's folder.

    Before the rename nothing readers see has changed; after it, both have. Removing the
    previous generation afterwards (unless `clean` is False: the caller removes it later, with
    `clean_stale` under the lock) may fail without undoing the publication.
    """
    old = _published(out)
    legacy = _check_published(out)
    generation = out / f".gen-{os.getpid()}-{time.time_ns()}"
    stage.rename(generation)
    if old is None and legacy:
        # The layout of builds before generations: real `site` and `data` folders. They are
        # replaced once, each by one exchange (between the two, the new site and the old data).
        _link(out, generation.name, CURRENT)
        for name in legacy:
            link = out / f".link-{os.getpid()}-{name}"
            remove(link)
            link.symlink_to(f"{CURRENT}/{name}")
            exchange(link, out / name)
    else:
        for name in PUBLISHED:
            if _kind(out / name) == "missing":
                _link(out, f"{CURRENT}/{name}", name)
        _link(out, generation.name, CURRENT)
    if clean:
        with contextlib.suppress(OSError, OutputError):
            clean_stale(out)
    return generation


def spare_copy(out: Path) -> Path | None:
    """A new generation beside the published one whose site is a copy of the published site
    made of hard links (no bytes copied), for a preview to make its next site in (`spare`);
    None when nothing is published (lock held). Its name is newer than every generation's: it
    is the spare from now on."""
    published = current(out)
    if published is None or _kind(published / "site") != "dir":
        return None
    generation = out / f".gen-{os.getpid()}-{time.time_ns()}"
    generation.mkdir()
    try:
        link_tree(published / "site", generation / "site")
    except BaseException:
        remove(generation)
        raise
    return generation


def copy_site(generation: Path, stage: Path) -> None:
    """Give `stage` the site of the published `generation` by hard links (no bytes copied),
    with the generation's own files beside it (the site's page index)."""
    source = generation / "site"
    if _kind(source) == "dir":
        link_tree(source, stage / "site")
    for entry in generation.iterdir():
        if _kind(entry) == "file":
            os.link(entry, stage / entry.name)


def link_tree(source: Path, target: Path) -> None:
    """Make `target` a copy of the folder `source` whose files are hard links to its files (no
    bytes copied; links inside it copied as links)."""
    shutil.copytree(source, target, symlinks=True, copy_function=os.link)


def link_or_copy(source: Path, target: Path) -> None:
    """Make `target` a hard link to the file `source`, or a copy of it where a link cannot be
    made (another file system)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
