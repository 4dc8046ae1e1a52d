"""Laying imported records out as `claimkit fmt` would, and checking each on its own.

Before anything is written, every new record is given its canonical text and checked as
`claimkit validate` checks one file (schema, model, the record's own rules); a record that
fails keeps the first problem, for the report. Many records are laid out on several cores.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pydantic

from claimkit.core.diagnostics import Severity
from claimkit.core.lifetime import ends_with_this_process
from claimkit.core.machine import usable_cpus
from claimkit.core.models import FOLDER_OF_KIND, KIND_MODELS, Site
from claimkit.core.progress import Stage
from claimkit.records.canonical import canonical_data, same_data
from claimkit.records.fastwrite import format_new_yaml
from claimkit.records.load import LoadError, parse_text
from claimkit.validation.record_checks import model_checks
from claimkit.validation.schema import schema_comment
from claimkit.validation.schema_check import check_schema

PARALLEL_MIN = 1000  # records to lay out before a second core is worth its start-up


class NewRecord(NamedTuple):
    """The data of a record the import would write."""

    kind: str
    ident: str
    data: dict[str, Any]


@dataclass
class LaidOut:
    """A record's text and the records it refers to; or why it cannot be written."""

    text: str
    problem: str | None
    refs: list[tuple[str, str]] = field(default_factory=list)


class RecordLayout:
    """Lays out and checks new records for one publication."""

    def __init__(self, records: Path, schema_dir: Path, site: Site) -> None:
        self.records = records
        self.schema_dir = schema_dir
        self.site = site

    def lay_out_all(self, new: list[NewRecord], stage: Stage) -> list[LaidOut]:
        """Lay out and check every record, in order, on every core when there are many."""
        workers = min(usable_cpus(), 4)
        results: list[LaidOut] = []
        if len(new) < PARALLEL_MIN or workers < 2:
            for record in new:
                results.append(self.lay_out_one(*record))
                stage.advance()
            return results
        global _WORKER
        _WORKER = self
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(workers, initializer=ends_with_this_process()) as pool:
                for result in pool.imap(_lay_out_in_worker, new, chunksize=64):
                    results.append(result)
                    stage.advance()
        finally:
            _WORKER = None
        return results

    def lay_out_one(self, kind: str, ident: str, data: dict[str, Any]) -> LaidOut:
        """The record's canonical text and references, or the first problem `claimkit
        validate` would report."""
        folder = self.records / FOLDER_OF_KIND[kind]
        display = f"{FOLDER_OF_KIND[kind]}/{ident}.yaml"
        model_class = KIND_MODELS[kind]
        head = [schema_comment(folder, self.schema_dir, kind)]
        try:
            text = format_new_yaml(data, model_class, head)
            doc = parse_text(text, display)
        except LoadError as exc:
            return LaidOut("", exc.diagnostic.message)
        if not same_data(doc.data, canonical_data(data, model_class)):
            return LaidOut("", "the record could not be written as YAML without changing it")
        problems = check_schema(doc, kind)
        if problems:
            return LaidOut("", f"{problems[0].message} [{problems[0].code}]")
        try:
            model = model_class.model_validate(doc.data)
        except pydantic.ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"])
            return LaidOut("", f"{where}: {error['msg']} [schema-invalid]")
        # Warnings (a picture with no alt) are the record as its source gave it: validate says so.
        checks = [c for c in model_checks(doc, model, self.site) if c.severity is Severity.ERROR]
        if checks:
            return LaidOut("", f"{checks[0].message} [{checks[0].code}]")
        return LaidOut(text, None, [(k, i) for _, k, i in model.references()])


_WORKER: RecordLayout | None = None  # the layout a forked worker lays records out with


def _lay_out_in_worker(record: NewRecord) -> LaidOut:
    assert _WORKER is not None
    return _WORKER.lay_out_one(*record)
