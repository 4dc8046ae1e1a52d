"""`claimkit validate --changed`: which record files changed since a git commit."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from claimkit.core.models import SITE_FILE_STEM
from claimkit.records.load import RECORD_SUFFIXES

DEFAULT_BRANCHES = ("main", "origin/main")


class ChangedError(Exception):
    """A base that git does not know; the message says what to give instead."""


@dataclass(frozen=True)
class Selection:
    """What to validate, and one line saying why, for stderr."""

    paths: list[Path]
    note: str


def _git(*args: str) -> str | None:
    """git's output, or None when git is missing or the command fails."""
    try:
        done = subprocess.run(
            ["git", *args], capture_output=True, text=True, encoding="utf-8", timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _commit(ref: str) -> str | None:
    out = _git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    return out.strip() if out else None


def _base(base: str | None) -> tuple[str, str] | None:
    """(commit, how it was chosen), or None when there is nothing to compare with."""
    if base is not None:
        commit = _commit(base)
        if commit is None:
            hint = (
                f"; '{base}' is a path: write --changed=BASE, or put the paths before --changed"
                if Path(base).exists()
                else "; give a branch, a tag or a commit"
            )
            raise ChangedError(f"--changed: git knows no commit '{base}'{hint}")
        return commit, base
    for branch in DEFAULT_BRANCHES:
        out = _git("merge-base", "HEAD", branch)
        if out and out.strip():
            commit = out.strip()
            return commit, f"the merge base with {branch} ({commit[:12]})"
    commit = _commit("HEAD~1")
    if commit is not None:
        return commit, f"HEAD~1 ({commit[:12]}), as there is no main branch to compare with"
    return None


def _is_record(path: str) -> bool:
    return Path(path).suffix in RECORD_SUFFIXES


def _is_site(path: str) -> bool:
    return Path(path).stem == SITE_FILE_STEM and _is_record(path)


def _split_z(out: str) -> list[str]:
    return [part for part in out.split("\0") if part]


def select(paths: Sequence[Path], base: str | None) -> Selection:
    """The files under `paths` that changed since `base` (default: the merge base with main).

    Deleting or renaming a record, or changing the site settings, can break files that did not
    change; then every file under `paths` is selected. Without git, or without a commit to
    compare with, every file is selected too.
    """
    everything = list(paths)
    shown = ", ".join(p.as_posix() for p in paths)
    top = _git("rev-parse", "--show-toplevel")
    if top is None:
        return Selection(
            everything, f"claimkit: not in a git repository, so all of {shown} is checked"
        )
    found = _base(base)
    if found is None:
        return Selection(
            everything, f"claimkit: no earlier commit to compare with, so all of {shown} is checked"
        )
    commit, label = found
    specs = ["--", *(str(p) for p in paths)]
    # Every kind of change (no --diff-filter): added, copied, modified, deleted, a type
    # change (a file that became a link), unmerged, unknown. Renames are a deletion and an
    # addition, so a renamed record makes the whole folder be checked.
    diff = _git("diff", "--name-status", "-z", "--no-renames", commit, *specs)
    untracked = _git("ls-files", "--others", "--exclude-standard", "-z", "--full-name", *specs)
    if diff is None or untracked is None:
        return Selection(
            everything, f"claimkit: git could not list the changes, so all of {shown} is checked"
        )
    parts = _split_z(diff)
    changed: list[str] = []
    removed: list[str] = []
    for status, name in zip(parts[::2], parts[1::2], strict=False):
        (removed if status.startswith("D") else changed).append(name)
    changed += _split_z(untracked)
    root = Path(top.strip())
    broad = [name for name in removed if _is_record(name)] + [n for n in changed if _is_site(n)]
    if broad:
        why = "deleted" if broad[0] in removed else "changed"
        return Selection(
            everything,
            f"claimkit: {broad[0]} was {why} since {label}, which can break records that did "
            f"not change, so all of {shown} is checked",
        )
    # A link counts even when it leads nowhere or outside: validate says what is wrong with it.
    files = sorted({_relative(root / name) for name in changed if os.path.lexists(root / name)})
    if not files:
        return Selection([], f"claimkit: no record changed since {label}; nothing to check")
    listed = ", ".join(f.as_posix() for f in files)
    noun = "file" if len(files) == 1 else "files"
    return Selection(
        files, f"claimkit: checking {len(files)} {noun} changed since {label}: {listed}"
    )


def _relative(path: Path) -> Path:
    """The path relative to the working folder when it is below it, as validate shows paths."""
    try:
        return Path(os.path.relpath(path, Path.cwd()))
    except ValueError:  # another drive on Windows
        return path
