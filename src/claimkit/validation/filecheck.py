"""Checking one record file on its own: read it, check its schema and model, sum up its facts."""

from __future__ import annotations

from dataclasses import dataclass

import pydantic

from claimkit.core.diagnostics import Diagnostic
from claimkit.core.limits import MAX_PROBLEMS_PER_FILE
from claimkit.core.models import KIND_MODELS, Record, Site
from claimkit.records.discover import RecordFile
from claimkit.records.load import Document, LoadError, load_file, parse_bytes
from claimkit.validation.facts import FileFacts, ref_key
from claimkit.validation.plain_checks import plain_refs
from claimkit.validation.record_checks import id_checks, model_checks, scan
from claimkit.validation.schema_check import PLACEHOLDER, check_schema, fast_validator, field_name


@dataclass
class Checked:
    """A file checked in full: its facts, and its document and model when it has them."""

    facts: FileFacts
    doc: Document | None = None
    model: Record | None = None


def _model(doc: Document, kind: str) -> tuple[Record | None, list[Diagnostic]]:
    try:
        return KIND_MODELS[kind].model_validate(doc.data), []
    except pydantic.ValidationError as exc:
        # The schema accepted the record; only a check the schema cannot express fails here.
        return None, [
            Diagnostic.make(
                doc.path,
                doc.position(tuple(e["loc"])),
                "schema-date" if e["type"] == "date" else "schema-invalid",
                f"{field_name(tuple(e['loc']))}: {e['msg']}",
            )
            for e in exc.errors()[:MAX_PROBLEMS_PER_FILE]
            if not (isinstance(e.get("input"), str) and PLACEHOLDER.search(e["input"]))
        ]


def _suffix(name: str) -> str:
    """The file's suffix (.yaml): the walk only yields names with one."""
    dot = name.rfind(".")
    return name[dot:] if dot > name.rfind("/") else ""


def _schema_valid(doc: Document, kind: str) -> bool:
    """Whether jsonschema-rs passes the record (False also for values it cannot take)."""
    try:
        return bool(fast_validator(kind).is_valid(doc.data))
    except (ValueError, OverflowError):
        return False


def check_file(
    item: RecordFile, site: Site | None, raw: bytes | None = None, *, plain: bool = False
) -> Checked:
    """Every problem one file has on its own, given the site settings.

    `raw` is the file's bytes when the caller has read them already (a regular file of at most
    MAX_BYTES); otherwise the file is read here. With `plain`, a record the schema accepts is
    first checked on its data alone (`plain_checks`), without its model; the model is built
    only when that cannot show the record clean, and the facts are the same either way (the
    result then has no model).
    """
    facts = FileFacts(item.display, item.kind)
    try:
        if raw is None:
            doc = load_file(item.file, item.display)
        else:
            doc = parse_bytes(raw, item.display, _suffix(str(item.location)))
    except LoadError as exc:
        facts.diagnostics.append(exc.diagnostic)
        return Checked(facts)
    if item.kind is None:
        facts.diagnostics.append(
            Diagnostic.make(
                item.display,
                None,
                "file-kind",
                "records live in records/<kind>/ where kind is one of claims, articles, media, "
                "people, organizations, topics (or records/site.yaml); move the file",
            )
        )
        return Checked(facts, doc)
    ident = doc.data.get("id")
    facts.ident = "site" if item.kind == "site" else ident if isinstance(ident, str) else None
    schema_valid = _schema_valid(doc, item.kind)
    if plain and schema_valid:
        shown = plain_refs(doc, item.kind, site)
        if shown is not None:
            return Checked(_plain_facts(facts, doc, item, *shown), doc)
    problems = [] if schema_valid else check_schema(doc, item.kind)
    model: Record | None = None
    if not problems:
        model, problems = _model(doc, item.kind)
    if item.kind != "site":
        problems.extend(_id_problems(doc, item))
    placeholders, facts.latest_date = scan(doc)
    problems.extend(placeholders)
    if model is not None:
        problems.extend(model_checks(doc, model, site))
        # Ids are slugs (the schema passed): no line break can be part of one.
        facts.ref_lines = "\n".join(
            sorted({ref_key(kind, ident) for _, kind, ident in model.references()})
        )
        facts.valid = True
    facts.diagnostics = problems
    return Checked(facts, doc, model)


def _plain_facts(
    facts: FileFacts, doc: Document, item: RecordFile, ref_lines: str, latest: str | None
) -> FileFacts:
    """The facts of a record `plain_refs` showed clean: what the model path finds besides the
    model's checks (the id against the file's name; no placeholder is left), in its order."""
    facts.latest_date = latest
    facts.ref_lines = ref_lines
    facts.valid = True
    facts.diagnostics = _id_problems(doc, item)
    return facts


def _id_problems(doc: Document, item: RecordFile) -> list[Diagnostic]:
    """The record's id against its file's name."""
    name = str(item.location).rpartition("/")[2]
    suffix = _suffix(name)
    return list(id_checks(doc, str(item.kind), name[: len(name) - len(suffix)], suffix))
