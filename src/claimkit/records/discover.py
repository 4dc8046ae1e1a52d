"""Finding record files and their kinds under a records folder."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from claimkit.core.diagnostics import Diagnostic
from claimkit.core.kinds import KIND_FOLDERS, RECORD_SUFFIXES, SITE_FILE_STEM, SLUG_PATTERN
from claimkit.records.filestatus import status_of, trusted

_SLUG = re.compile(SLUG_PATTERN.replace("$", r"\Z"))

# Files that may sit in a kind folder without being records.
_IGNORED_NAMES = {"readme.md", "readme", ".gitkeep", ".keep"}


@dataclass(slots=True, unsafe_hash=True)
class RecordFile:
    """One file found under a records root, with the kind its place implies.

    `location` is the path as a string; the Path object is made only when asked for, since
    making one for each of 100,000 files costs seconds (and so would a frozen dataclass: slots
    make these five times quicker to create). Treat it as read-only.
    """

    location: str | Path
    display: str
    kind: str | None
    root: Path
    _file: Path | None = field(default=None, init=False, repr=False, compare=False, hash=False)

    @property
    def file(self) -> Path:
        """The file as a Path, made on first use."""
        if self._file is None:
            self._file = Path(self.location)
        return self._file

    @property
    def stem(self) -> str:
        """The file's name without its extension, which a record's id must equal."""
        return self.file.stem


# A folder's listing as a walk keeps it: the names of its record files, sorted; the problems of
# its other names (name, code, message; in a collision's message "\0" stands for where the
# records root is shown); the names of its subfolders.
Listing = tuple[tuple[str, ...], tuple[tuple[str, str, str], ...], tuple[str, ...]]
# The listings kept, by folder under the root ("" for the root), with the folder's status.
Folders = dict[str, tuple[bytes, Listing]]


class Discovery:
    """The record files under a root: as paths under it (`rels`, with their `kinds`), and as
    RecordFile objects when asked for (`files`; making 100,000 of them takes a while)."""

    def __init__(self, root: Path, prefix: str) -> None:
        self.root = root
        self.prefix = prefix  # how the root is shown, with a final "/", or ""
        self.rels: list[str] = []
        self.kinds: list[str | None] = []
        self.problems: list[Diagnostic] = []
        self.folders: Folders = {}
        self._files: list[RecordFile] | None = None

    @property
    def files(self) -> list[RecordFile]:
        """The record files as RecordFile objects, made on first use and kept."""
        if self._files is None:
            top, prefix, root = f"{self.root}/", self.prefix, self.root
            self._files = [
                RecordFile(top + rel, prefix + rel, kind, root)
                for rel, kind in zip(self.rels, self.kinds, strict=True)
            ]
        return self._files


def absolute(path: Path) -> Path:
    """An absolute path that keeps symbolic links as they are (unlike Path.resolve)."""
    return Path(os.path.abspath(path))  # resolve() would follow links


def display_path(file: Path) -> str:
    """The path as shown in messages: relative to the working folder when below it.

    Symbolic links are not followed: a record is named by where it sits, not where it points.
    """
    full = absolute(file)
    try:
        return full.relative_to(absolute(Path.cwd())).as_posix()
    except ValueError:
        return full.as_posix()


def not_found(path: Path) -> Diagnostic:
    """The problem of a path given on the command line that does not exist."""
    return Diagnostic.make(display_path(path), None, "path-not-found", "no such file or folder")


def kind_of(root: Path, file: Path) -> str | None:
    """The kind a file's place under the root implies: the site settings right under it, else the
    kind its top folder names; None for neither."""
    rel = file.relative_to(root)
    if len(rel.parts) == 1 and rel.stem == SITE_FILE_STEM and rel.suffix in RECORD_SUFFIXES:
        return "site"
    if len(rel.parts) >= 2:
        return KIND_FOLDERS.get(rel.parts[0])
    return None


def kind_of_name(name: str) -> str | None:
    """The kind of a record file right under the records root: only the site settings."""
    stem, dot, suffix = name.rpartition(".")
    return "site" if dot and stem == SITE_FILE_STEM and f".{suffix}" in RECORD_SUFFIXES else None


def _is_root(folder: Path) -> bool:
    return any((folder / name).is_dir() for name in KIND_FOLDERS) or any(
        (folder / f"{SITE_FILE_STEM}{suffix}").is_file() for suffix in RECORD_SUFFIXES
    )


def root_of(path: Path) -> Path:
    """The records root a file or folder belongs to: the folder that holds the kind folders."""
    path = absolute(path)
    if path.is_dir():
        if path.name not in KIND_FOLDERS and _is_root(path):
            return path
        candidates = [path, *path.parents]
    else:
        if path.stem == SITE_FILE_STEM and path.parent.name not in KIND_FOLDERS:
            return path.parent
        candidates = list(path.parents)
    for folder in candidates:
        if folder.name in KIND_FOLDERS:
            return folder.parent
    return path if path.is_dir() else path.parent


def _link_inside(link: Path, root: Path) -> bool:
    """Whether a symbolic link ends inside `root`; a loop or a dangling link counts as inside,
    so that reading it reports why it cannot be read."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return True
    try:
        target.relative_to(root)
    except ValueError:
        return False
    return True


class _FoldedFolders(Exception):
    """Two folders whose paths differ only in case or Unicode form: their files' names must be
    compared with each other, so folders cannot be listed (or kept) one by one."""


def _fold(text: str) -> str:
    # NFKC leaves ASCII as it is, and casefold() of ASCII is lower(): the common case skips the
    # Unicode tables.
    return text.lower() if text.isascii() else unicodedata.normalize("NFKC", text).casefold()


def _list(
    folder: str, rel_folder: str, real_root: Path, seen: dict[str, str], fold_prefix: str
) -> tuple[Listing, bool] | None:
    """One folder's listing (see Listing), and whether it holds a symbolic link; None when it
    cannot be listed. `seen` holds the folded paths met so far (from `fold_prefix`, the folded
    path of the folder, or "" when each folder has its own), with their shown names."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return None
    kind_here = KIND_FOLDERS.get(rel_folder.split("/", 1)[0]) if rel_folder else None
    base = f"{rel_folder}/" if rel_folder else ""
    names: list[str] = []
    problems: list[tuple[str, str, str]] = []
    subfolders: list[str] = []
    has_link = False
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            subfolders.append(name)
            continue
        if name.lower() in _IGNORED_NAMES:
            continue
        if entry.is_symlink():
            has_link = True
            if not _link_inside(Path(entry.path), real_root):
                problems.append(
                    (
                        name,
                        "file-symlink",
                        "the record is a symbolic link to a file outside the records folder; "
                        "copy the file in instead",
                    )
                )
                continue
        dot = name.rfind(".")  # names starting with a dot were skipped above
        stem, suffix = (name[:dot], name[dot:]) if dot > 0 else (name, "")
        kind = kind_here
        if not rel_folder and stem == SITE_FILE_STEM and suffix in RECORD_SUFFIXES:
            kind = "site"
        if suffix not in RECORD_SUFFIXES:
            if kind is not None or rel_folder:
                problems.append(
                    (
                        name,
                        "file-extension",
                        f"'{name}' is not a record file; records end in .yaml, .yml or .json",
                    )
                )
            continue
        if kind not in (None, "site") and not _SLUG.match(stem):
            problems.append(
                (
                    name,
                    "file-name",
                    f"the file name {stem!r} is not a record id: use lowercase letters, digits "
                    "and single hyphens (ASCII only), as in 'north-korea'",
                )
            )
            continue
        folded = fold_prefix + _fold(name)
        if folded in seen:
            problems.append(
                (
                    name,
                    "file-name-collision",
                    f"this name differs from {seen[folded]} only in case or Unicode form; "
                    "the two would be one file on macOS and Windows: keep one",
                )
            )
            continue
        seen[folded] = "\0" + base + name  # the shown name once the prefix is known
        names.append(name)
    return (tuple(names), tuple(problems), tuple(subfolders)), has_link


def walk(root: Path, known: Folders | None = None, threshold: int | None = None) -> Discovery:
    """Every record file under `root`, sorted, whatever the file system's order.

    With a `threshold` (see filestatus.racy_threshold), the listing of each folder is kept in
    Discovery.folders with the folder's status, and a folder whose status is the one `known`
    holds is not listed again: a file added, removed or renamed changes its folder's times. A
    status within the racy window, or of a folder holding a symbolic link (its target may change
    without the folder), is not kept. Works on strings rather than Path objects: it runs once
    per file of a large collection.
    """
    if threshold is not None:
        try:
            return _walk(root, known or {}, threshold)
        except _FoldedFolders:
            pass
    return _walk(root, None, None)


def _walk(root: Path, known: Folders | None, threshold: int | None) -> Discovery:
    root = absolute(root)
    top = str(root)
    real_root = root.resolve()
    prefix = display_path(root)
    prefix = "" if prefix == "." else prefix + "/"
    found = Discovery(root, prefix)
    rels, kinds, problems = found.rels, found.kinds, found.problems
    shared: dict[str, str] = {}  # one for all folders when they are not kept one by one
    folded_folders: set[str] = set()
    pending = [""]
    while pending:
        rel_folder = pending.pop()
        folder = f"{top}/{rel_folder}" if rel_folder else top
        listing: Listing | None = None
        status = None
        if known is not None and threshold is not None:
            folded = _fold(rel_folder)
            if folded in folded_folders:
                raise _FoldedFolders
            folded_folders.add(folded)
            try:
                status = status_of(os.stat(folder))
            except OSError:
                status = None
            kept = known.get(rel_folder)
            if status is not None and kept is not None and kept[0] == status:
                listing = kept[1]
        if listing is None:
            if known is None:
                fold_prefix = _fold(folder) + "/"
                got = _list(folder, rel_folder, real_root, shared, fold_prefix)
            else:
                got = _list(folder, rel_folder, real_root, {}, "")
            if got is None:
                continue
            listing, has_link = got
            if status is not None and (has_link or not trusted(status, threshold or 0)):
                status = None
        if status is not None:
            found.folders[rel_folder] = (status, listing)
        names, its_problems, subfolders = listing
        base = f"{rel_folder}/" if rel_folder else ""
        if rel_folder:
            rels.extend([base + name for name in names])
            kinds.extend([KIND_FOLDERS.get(rel_folder.split("/", 1)[0])] * len(names))
        else:
            rels.extend(names)
            kinds.extend(kind_of_name(name) for name in names)
        for name, code, message in its_problems:
            if code == "file-name-collision":
                message = message.replace("\0", prefix)
            problems.append(Diagnostic.make(prefix + base + name, None, code, message))
        pending.extend(base + name for name in reversed(subfolders))
    return found
