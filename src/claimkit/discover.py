"""Finding record files and their kinds under a records folder."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from claimkit.diagnostics import Diagnostic
from claimkit.load import RECORD_SUFFIXES
from claimkit.models import KIND_FOLDERS, SITE_FILE_STEM, SLUG_PATTERN

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
        if self._file is None:
            self._file = Path(self.location)
        return self._file

    @property
    def stem(self) -> str:
        return self.file.stem


@dataclass
class Discovery:
    files: list[RecordFile]
    problems: list[Diagnostic]


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


def kind_of(root: Path, file: Path) -> str | None:
    rel = file.relative_to(root)
    if len(rel.parts) == 1 and rel.stem == SITE_FILE_STEM and rel.suffix in RECORD_SUFFIXES:
        return "site"
    if len(rel.parts) >= 2:
        return KIND_FOLDERS.get(rel.parts[0])
    return None


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


def walk(root: Path) -> Discovery:
    """Every record file under `root`, sorted, whatever the file system's order.

    Works on strings rather than Path objects: it runs once per file of a large collection.
    """
    root = absolute(root)
    top = str(root)
    real_root = root.resolve()
    prefix = display_path(root)
    prefix = "" if prefix == "." else prefix + "/"
    files: list[RecordFile] = []
    problems: list[Diagnostic] = []
    seen: dict[str, str] = {}
    pending = [top]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue
        rel_folder = folder[len(top) + 1 :]
        kind_here = KIND_FOLDERS.get(rel_folder.split("/", 1)[0]) if rel_folder else None
        subfolders = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(entry.path)
                continue
            if name.lower() in _IGNORED_NAMES:
                continue
            full = entry.path
            display = f"{prefix}{rel_folder}/{name}" if rel_folder else prefix + name
            if entry.is_symlink() and not _link_inside(Path(full), real_root):
                problems.append(
                    Diagnostic.make(
                        display,
                        None,
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
                        Diagnostic.make(
                            display,
                            None,
                            "file-extension",
                            f"'{name}' is not a record file; records end in .yaml, .yml or .json",
                        )
                    )
                continue
            if kind not in (None, "site") and not _SLUG.match(stem):
                problems.append(
                    Diagnostic.make(
                        display,
                        None,
                        "file-name",
                        f"the file name {stem!r} is not a record id: use lowercase letters, digits "
                        "and single hyphens (ASCII only), as in 'north-korea'",
                    )
                )
                continue
            # NFKC leaves ASCII as it is, and casefold() of ASCII is lower(): the common case
            # skips the Unicode tables.
            folded = (
                full.lower() if full.isascii() else unicodedata.normalize("NFKC", full).casefold()
            )
            if folded in seen:
                problems.append(
                    Diagnostic.make(
                        display,
                        None,
                        "file-name-collision",
                        f"this name differs from {seen[folded]} only in case or Unicode form; "
                        "the two would be one file on macOS and Windows: keep one",
                    )
                )
                continue
            seen[folded] = display
            files.append(RecordFile(full, display, kind, root))
        pending.extend(reversed(subfolders))
    return Discovery(files, problems)
