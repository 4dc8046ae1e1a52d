"""Validation of a set of record files: load, JSON Schema, then the checks across records."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pydantic

from claimkit.catalog import Catalog
from claimkit.crosscheck import Loaded, cross_check
from claimkit.diagnostics import Diagnostic, Severity
from claimkit.discover import RecordFile, display_path, root_of, walk
from claimkit.load import LoadError, load_file
from claimkit.models import KIND_MODELS, Record
from claimkit.schema_check import check_schema, field_name


@dataclass
class Result:
    """What a validation run found, over the files it was asked about."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    records: int = 0
    catalogs: list[Catalog] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)


def today() -> dt.date:
    """Today, or the date in CLAIMKIT_TODAY (for reproducible tests)."""
    fixed = os.environ.get("CLAIMKIT_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def _model(
    item: RecordFile, doc_data: dict[str, object], path: str
) -> tuple[Record | None, list[Diagnostic]]:
    assert item.kind is not None
    try:
        return KIND_MODELS[item.kind].model_validate(doc_data), []
    except pydantic.ValidationError as exc:
        # The schema accepted the record; only a check the schema cannot express fails here.
        problems = [
            Diagnostic.make(
                path, None, "schema-invalid", f"{field_name(tuple(e['loc']))}: {e['msg']}"
            )
            for e in exc.errors()
        ]
        return None, problems


def load_and_check(files: list[RecordFile]) -> tuple[list[Loaded], list[Diagnostic]]:
    """Read every file and check it against its kind's schema."""
    loaded: list[Loaded] = []
    problems: list[Diagnostic] = []
    for item in files:
        try:
            doc = load_file(item.file, item.display)
        except LoadError as exc:
            problems.append(exc.diagnostic)
            continue
        if item.kind is None:
            problems.append(
                Diagnostic.make(
                    item.display,
                    None,
                    "file-kind",
                    "records live in records/<kind>/ where kind is one of claims, articles, "
                    "people, organizations, topics (or records/site.yaml); move the file",
                )
            )
            continue
        schema_problems = check_schema(doc, item.kind)
        model: Record | None = None
        if not schema_problems:
            model, schema_problems = _model(item, doc.data, item.display)
        problems.extend(schema_problems)
        loaded.append(Loaded(item, doc, model))
    return loaded, problems


def validate_root(root: Path, selected: set[str] | None, on: dt.date) -> Result:
    """Validate every record under one records root; report on the selected files only."""
    discovery = walk(root)
    loaded, problems = load_and_check(discovery.files)
    problems = discovery.problems + problems + cross_check(loaded, on)
    if selected is not None:
        problems = [p for p in problems if p.path in selected]
    chosen = [f for f in discovery.files if selected is None or f.display in selected]
    result = Result(
        diagnostics=problems,
        files=len(chosen)
        + sum(1 for p in discovery.problems if selected is None or p.path in selected),
        records=sum(
            1
            for item in loaded
            if item.model is not None and (selected is None or item.file.display in selected)
        ),
    )
    all_problems_free = not any(p.severity is Severity.ERROR for p in problems) and all(
        item.model is not None for item in loaded
    )
    if all_problems_free and selected is None:
        result.catalogs.append(
            Catalog.build(
                [
                    (item.kind, item.model, item.file.display)
                    for item in loaded
                    if item.model and item.kind
                ]
            )
        )
    return result


def validate_paths(paths: Sequence[Path], on: dt.date | None = None) -> Result:
    """Validate the given files and folders, each with its whole records root as context."""
    on = on or today()
    total = Result()
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        total.diagnostics.append(
            Diagnostic.make(display_path(path), None, "path-not-found", "no such file or folder")
        )
    groups: dict[Path, set[str] | None] = {}
    for path in paths:
        if not path.exists():
            continue
        root = root_of(path)
        if path.is_dir() and path.absolute() == root:
            groups[root] = None
            continue
        if root in groups and groups[root] is None:
            continue
        chosen = groups.setdefault(root, set())
        assert chosen is not None
        if path.is_dir():
            chosen.update(f.display for f in walk(root).files if path.absolute() in f.file.parents)
        else:
            chosen.add(display_path(path))
    for root in sorted(groups):
        part = validate_root(root, groups[root], on)
        total.diagnostics.extend(part.diagnostics)
        total.files += part.files
        total.records += part.records
        total.catalogs.extend(part.catalogs)
    total.diagnostics.sort(key=Diagnostic.sort_key)
    return total
