"""`claimkit migrate`: rewrite records of the old layout in the layout of data model v2.

Two fields became lists: a claim's `claimant: X` is now `claimants: [X]`, and an `archiveUrl: U`
(on an article or any citation) is now `archivedAt: [U]`, merged with an `archivedAt` already
there. A file is rewritten through fmt's machinery (records.canonical), so it comes out in the
canonical layout with its comments kept, a comment on an old field moving with it; the result is
read back and compared with the migrated data before it is written, in one atomic step. A file
in the new layout is left untouched, so a second run changes nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from claimkit.authoring.fmt import FmtResult, read_record, report_rewrites, targets, write_atomic
from claimkit.core.diagnostics import Diagnostic
from claimkit.core.models import KIND_MODELS
from claimkit.records.canonical import (
    Comments,
    FormatError,
    attach_comments,
    format_json,
    format_yaml,
    same_data,
)
from claimkit.records.load import JsonPath, LoadError, parse_text
from claimkit.validation.part_checks import OLD_FIELDS, old_fields


@dataclass
class MigrateResult(FmtResult):
    """What a migrate run found: the files it migrated (or would), and those it refused."""


def _moved(path: JsonPath, old: JsonPath, new: JsonPath) -> JsonPath | None:
    """`path` with its prefix `old` replaced by `new`, or None when it does not start so."""
    if path[: len(old)] != old:
        return None
    return (*new, *path[len(old) :])


class _Folder:
    """Folds the old fields of one record's data into lists, moving its comments along."""

    def __init__(self, data: dict[str, Any], comments: Comments | None) -> None:
        self.data = data
        self.comments = comments

    def fold(self, path: JsonPath) -> bool:
        """Fold the old field at `path` into its list; False when the data is not in a shape to
        fold (a list field that is not a list), which validation then reports."""
        *parent_path, old = path
        parent: Any = self.data
        for part in parent_path:
            parent = parent[part]
        new = OLD_FIELDS[str(old)]
        existing = parent.get(new, [])
        if not isinstance(existing, list):
            return False
        value = parent.pop(old)
        index = next((i for i, v in enumerate(existing) if same_data(v, value)), None)
        base = tuple(parent_path)
        if index is None:
            parent[new] = [value, *existing]
            self._shift((*base, new))
            index = 0
        else:
            parent[new] = existing
        scalar = not isinstance(value, dict | list)
        self._rename((*base, old), (*base, new), index, bool(existing), scalar)
        return True

    def _shift(self, list_path: JsonPath) -> None:
        """Move the comments of a list's items one place down (an item went in at the top)."""
        if self.comments is None:
            return
        depth = len(list_path)

        def shifted(path: JsonPath) -> JsonPath:
            index = path[depth] if len(path) > depth and path[:depth] == list_path else None
            if isinstance(index, int):
                return (*list_path, index + 1, *path[depth + 1 :])
            return path

        self.comments.before = {shifted(p): c for p, c in self.comments.before.items()}
        self.comments.eol = {shifted(p): c for p, c in self.comments.eol.items()}

    def _rename(self, old: JsonPath, new: JsonPath, index: int, merged: bool, scalar: bool) -> None:
        """Comments on the old field go to the list (or, for a line's end and when the list was
        there already, to the item); comments inside its value go to the item."""
        if self.comments is None:
            return
        item = (*new, index)

        def target(path: JsonPath, at_end_of_line: bool) -> JsonPath:
            if path == old:
                return item if merged or (at_end_of_line and scalar) else new
            return _moved(path, old, item) or path

        before: dict[JsonPath, list[str]] = {}
        for path, lines in self.comments.before.items():
            before.setdefault(target(path, False), []).extend(lines)
        eol: dict[JsonPath, str] = {}
        for path, line in self.comments.eol.items():
            moved = target(path, True)
            if moved in eol:
                before.setdefault(moved, []).append(line)
            else:
                eol[moved] = line
        self.comments.before, self.comments.eol = before, eol


def migrate_text(text: str, display: str, kind: str, *, is_json: bool = False) -> str | None:
    """The record's text in the new layout, or None when it uses no old field; FormatError when
    it cannot be rewritten safely."""
    try:
        doc = parse_text(text, display, is_json=is_json)
    except LoadError as exc:
        raise FormatError(exc.diagnostic) from None
    if not isinstance(doc.data, dict):
        return None
    paths = [p for p in old_fields(doc.data) if p != ("claimant",) or kind == "claim"]
    if not paths:
        return None
    data = copy.deepcopy(doc.data)
    comments = None if is_json else attach_comments(text, doc.positions, doc.key_positions)
    folder = _Folder(data, comments)
    folded = [folder.fold(path) for path in paths]
    if not any(folded):
        return None
    model = KIND_MODELS.get(kind)
    result = (
        format_json(data, model) if is_json else format_yaml(data, model, comments or Comments())
    )
    try:
        again = parse_text(result, display, is_json=is_json).data
    except LoadError:
        again = None
    if again is None or not same_data(data, again):
        raise FormatError(
            Diagnostic.make(
                display,
                None,
                "yaml-syntax",
                "claimkit migrate could not rewrite this file without changing its data, so it "
                "was left as it is; please report this with the file attached",
            )
        )
    return result


def migrate_paths(paths: Sequence[Path], *, check: bool) -> MigrateResult:
    """Migrate every record under `paths`; with `check`, only find the ones that need it."""
    result = MigrateResult()
    for item in targets(paths, result.problems):
        if item.kind is None:
            continue  # no kind, no old layout to know: validate reports where it belongs
        try:
            _raw, text = read_record(item)
            new_text = migrate_text(
                text, item.display, item.kind, is_json=item.file.suffix == ".json"
            )
        except FormatError as exc:
            result.problems.append(exc.diagnostic)
            continue
        result.checked += 1
        if new_text is None:
            continue
        if not check:
            try:
                write_atomic(item.file, new_text)
            except OSError as exc:
                result.checked -= 1
                result.problems.append(
                    Diagnostic.make(
                        item.display,
                        None,
                        "file-unreadable",
                        f"cannot write the file: {exc.strerror}; check its permissions",
                    )
                )
                continue
        result.changed.append(item.display)
    return result


def run(paths: Sequence[Path], *, check: bool, out: TextIO) -> int:
    """Run `claimkit migrate`, print what it did, and return the exit code."""
    result = migrate_paths(paths, check=check)
    return report_rewrites(
        result, check, out, ("migrated", "would migrate", "already in the new layout", "migrate")
    )
