"""`claimkit import`: ClaimReview markup from files, folders and URLs into records.

The pipeline: read every source (check_input, fetch) -> find the ClaimReviews and Claims in
their JSON-LD (nodes) -> turn them into claim drafts and the entities they refer to
(drafts, entities) -> settle ids against the publication's records -> lay
each record out as `claimkit fmt` would and check it on its own -> write all the new files,
then validate the whole publication, and take every new file back out if that fails.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pydantic

from claimkit.claimreview.read import Doc, Located, gather, page_from_text, read_page
from claimkit.core.catalog import Catalog
from claimkit.core.diagnostics import Diagnostic, Severity
from claimkit.core.ids import candidate_ids
from claimkit.core.limits import MAX_IMPORT_BYTES
from claimkit.core.machine import usable_cpus
from claimkit.core.models import FOLDER_OF_KIND, KIND_MODELS, Record
from claimkit.core.progress import QUIET, Progress, Stage
from claimkit.core.report import as_dict, text_line
from claimkit.importing.drafts import ClaimDraft, DraftBuilder
from claimkit.importing.entities import Entities, Entity, OnConflict, Refused
from claimkit.importing.fetch import FetchError, fetch
from claimkit.importing.mapping import MappingError, RatingMapping, load_mapping
from claimkit.importing.nodes import Found, find
from claimkit.importing.notes import Skip
from claimkit.importing.review_rating import Unplaced
from claimkit.records.canonical import Comments, canonical_data, format_yaml, same_data
from claimkit.records.load import LoadError, parse_text
from claimkit.validation.record_checks import model_checks, reserved
from claimkit.validation.run import validate_paths
from claimkit.validation.schema import schema_comment
from claimkit.validation.schema_check import check_schema

DEFAULT_SCHEMA_DIR = Path("schema")
PARALLEL_MIN = 1000  # records to lay out before a second core is worth its start-up


@dataclass
class Written:
    """A record the import writes (or, on a dry run, would write)."""

    kind: str
    ident: str
    path: Path
    text: str


@dataclass
class LaidOut:
    """A record's text and the records it refers to; or why it cannot be written."""

    text: str
    problem: str | None
    refs: list[tuple[str, str]] = field(default_factory=list)


_WORKER: Importer | None = None  # the import a forked worker lays records out for


def _lay_out_job(job: tuple[str, str, dict[str, Any]]) -> LaidOut:
    assert _WORKER is not None
    return _WORKER.lay_out_one(*job)


@dataclass
class ImportResult:
    """What an import did, for the report."""

    sources: int = 0
    reviews_found: int = 0
    claims_found: int = 0
    written: list[Written] = field(default_factory=list)
    own_reviews: int = 0
    external_reviews: int = 0
    unchanged: int = 0
    reused: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    miscased: dict[str, str] = field(default_factory=dict)
    other_types: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    def count(self, kind: str) -> int:
        return sum(1 for w in self.written if w.kind == kind)


def _is_url(source: str) -> bool:
    return "://" in source and not Path(source).exists()


def read_sources(
    sources: Sequence[str],
    timeout: float,
    max_bytes: int = MAX_IMPORT_BYTES,
    progress: Progress = QUIET,
) -> tuple[list[Doc], list[Diagnostic], int]:
    """Every JSON-LD document in the sources, in the order given, the reading problems, and
    how many files and pages were read."""
    docs: list[Doc] = []
    problems: list[Diagnostic] = []
    read = 0
    with progress.stage("read", unit="files") as stage:
        for source in sources:
            read += _read_source(source, timeout, max_bytes, docs, problems, stage)
    return docs, problems, read


def _read_source(
    source: str,
    timeout: float,
    max_bytes: int,
    docs: list[Doc],
    problems: list[Diagnostic],
    stage: Stage,
) -> int:
    """Read one source (a URL, a file or a folder) into `docs`; how many files or pages."""
    if not _is_url(source):
        inputs, missing = gather([Path(source)])
        problems.extend(missing)
        for item in inputs:
            page = read_page(item, None, max_bytes, "import")
            docs.extend(page.docs)
            problems.extend(page.problems)
            stage.advance()
        return len(inputs)
    try:
        fetched = fetch(source, timeout=timeout, max_bytes=max_bytes)
    except FetchError as exc:
        problems.append(exc.diagnostic)
        return 0
    page = page_from_text(
        source,
        fetched.text,
        is_html=fetched.is_html,
        page_url=fetched.url,
        url_source="the URL it was fetched from",
    )
    docs.extend(page.docs)
    problems.extend(page.problems)
    stage.advance()
    return 1


def _diagnostic(where: Located, code: str, message: str) -> Diagnostic:
    return Diagnostic.make(where.doc.display or "<input>", where.position, code, message)


class Importer:
    """One import into one publication."""

    def __init__(
        self,
        records: Path,
        catalog: Catalog,
        *,
        on_conflict: OnConflict,
        mapping: RatingMapping,
        schema_dir: Path,
    ) -> None:
        self.records = records
        self.catalog = catalog
        self.on_conflict = on_conflict
        self.entities = Entities(catalog, on_conflict)
        self.mapping = mapping
        self.schema_dir = schema_dir
        self.result = ImportResult()

    def run(self, found: Found, progress: Progress = QUIET) -> None:
        builder = DraftBuilder(found, self.catalog.site, self.entities, self.mapping)
        self.result.reviews_found = sum(1 for i in found.to_import if i.kind == "review")
        self.result.claims_found = sum(1 for i in found.to_import if i.kind == "claim")
        with progress.stage("convert", len(found.to_import), "items") as stage:
            self._convert(found, builder, stage)
        for skipped in found.skipped:
            self._warn(skipped.where, "import-other-type", skipped.reason)
        for note in builder.notes:
            self._warn(note.where, note.code, note.message)
        self.result.unplaced = sorted(
            builder.unplaced.values(), key=lambda u: (u.publisher, u.label)
        )
        self.result.miscased = dict(sorted(found.miscased.items()))
        self.result.other_types = dict(sorted(found.other_types.items()))
        claims = self._settle_claims(builder.claims)
        self._lay_out(claims, progress)

    def _convert(self, found: Found, builder: DraftBuilder, stage: Stage) -> None:
        for item in found.to_import:
            stage.advance()
            if item.context is False:
                self._warn(
                    item.node,
                    "import-context",
                    "its @context is not schema.org, so its terms are not schema.org's: skipped",
                )
                continue
            try:
                builder.add(item)
            except Skip as exc:
                self._warn(item.node, exc.code, str(exc))
            except Refused as exc:
                self._warn(item.node, "import-conflict", str(exc))

    def _warn(self, where: Located, code: str, message: str) -> None:
        self.result.diagnostics.append(_diagnostic(where, code, message))

    # Claims against the publication's records.
    def _settle_claims(
        self, drafts: dict[str, ClaimDraft]
    ) -> list[tuple[ClaimDraft, dict[str, Any]]]:
        settled: list[tuple[ClaimDraft, dict[str, Any]]] = []
        taken = set(self.catalog.claims)
        for draft in drafts.values():
            data = dict(draft.data)
            reviews = draft.ordered_reviews()
            if reviews:
                data["reviews"] = reviews
            existing = self.catalog.claims.get(draft.ident)
            if existing is not None:
                if self._same(existing, "claim", data):
                    self.result.unchanged += 1
                    continue
                if self.on_conflict == "skip":
                    self._warn(
                        draft.sources[0],
                        "import-conflict",
                        f"a different claim has the id '{draft.ident}' already "
                        f"(claims/{draft.ident}); use --on-conflict rename to import this one "
                        "under a new id",
                    )
                    continue
                ident = next(
                    c
                    for c in candidate_ids(draft.ident)
                    if c not in taken and c not in drafts and not reserved("claim", c)
                )
                self._warn(
                    draft.sources[0],
                    "import-conflict",
                    f"a different claim has the id '{draft.ident}' already: imported as '{ident}'",
                )
                data["id"] = ident
            taken.add(data["id"])
            settled.append((draft, data))
        return settled

    @staticmethod
    def _same(existing: Record, kind: str, data: dict[str, Any]) -> bool:
        try:
            return KIND_MODELS[kind].model_validate(data) == existing
        except pydantic.ValidationError:
            return False

    # Laying records out and checking them before anything is written.
    def _lay_out(self, claims: list[tuple[ClaimDraft, dict[str, Any]]], progress: Progress) -> None:
        entities = {(e.kind, e.ident): e for e in self.entities.new()}
        jobs = [(e.kind, e.ident, e.data) for e in entities.values()]
        jobs += [("claim", data["id"], data) for _, data in claims]
        with progress.stage("lay out", len(jobs), "records") as stage:
            texts = self._texts(jobs, stage)
        laid_out = dict(zip([(k, i) for k, i, _ in jobs], texts, strict=True))
        failed = {key: out.problem for key, out in laid_out.items() if out.problem}
        kept: list[tuple[ClaimDraft, dict[str, Any], str]] = []
        used: set[tuple[str, str]] = set()
        reused: set[tuple[str, str]] = set()
        for draft, data in claims:
            out = laid_out[("claim", data["id"])]
            needs = self._needs(out.refs, entities, laid_out)
            broken = sorted(k for k in needs if k in failed)
            problem = out.problem
            if not problem and broken:
                kind, ident = broken[0]
                problem = (
                    f"the {kind} '{ident}' it refers to cannot be written: {failed[broken[0]]}"
                )
            if problem:
                self._warn(draft.sources[0], "import-unusable", problem)
                continue
            kept.append((draft, data, out.text))
            used |= needs
            reused |= {k for k in out.refs if k not in entities}
        self.result.reused = len(reused)
        order = list(FOLDER_OF_KIND)
        for key in sorted(used, key=lambda k: (order.index(k[0]), k[1])):
            self.result.written.append(self._written(key[0], key[1], laid_out[key].text))
        for _, data, text in sorted(kept, key=lambda k: str(k[1]["id"])):
            self.result.written.append(self._written("claim", data["id"], text))
            for review in data.get("reviews", []):
                if review.get("publisher") in (None, self.catalog.site.publisher):
                    self.result.own_reviews += 1
                else:
                    self.result.external_reviews += 1

    def _written(self, kind: str, ident: str, text: str) -> Written:
        return Written(kind, ident, self.records / FOLDER_OF_KIND[kind] / f"{ident}.yaml", text)

    @staticmethod
    def _needs(
        refs: list[tuple[str, str]],
        entities: dict[tuple[str, str], Entity],
        laid_out: dict[tuple[str, str], LaidOut],
    ) -> set[tuple[str, str]]:
        """The new entities a record needs, following people's and articles' own references."""
        needed: set[tuple[str, str]] = set()
        stack = [k for k in refs if k in entities]
        while stack:
            key = stack.pop()
            if key not in needed:
                needed.add(key)
                stack.extend(k for k in laid_out[key].refs if k in entities)
        return needed

    def _texts(self, jobs: list[tuple[str, str, dict[str, Any]]], stage: Stage) -> list[LaidOut]:
        """Lay out and check every record, on every core when there are many."""
        workers = min(usable_cpus(), 4)
        results: list[LaidOut] = []
        if len(jobs) < PARALLEL_MIN or workers < 2:
            for job in jobs:
                results.append(self.lay_out_one(*job))
                stage.advance()
            return results
        global _WORKER
        _WORKER = self
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(workers) as pool:
                for result in pool.imap(_lay_out_job, jobs, chunksize=64):
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
        comments = Comments(head=[schema_comment(folder, self.schema_dir, kind)])
        try:
            text = format_yaml(data, model_class, comments)
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
        checks = list(model_checks(doc, model, self.catalog.site))
        if checks:
            return LaidOut("", f"{checks[0].message} [{checks[0].code}]")
        return LaidOut(text, None, [(k, i) for _, k, i in model.references()])

    # Writing.
    def write(self, progress: Progress = QUIET) -> None:
        """Create every new file (never replacing one), then validate the publication; on any
        failure, remove what this import created."""
        created: list[Path] = []
        try:
            with progress.stage("write", len(self.result.written), "records") as stage:
                for record in self.result.written:
                    record.path.parent.mkdir(parents=True, exist_ok=True)
                    with record.path.open("x", encoding="utf-8", newline="\n") as handle:
                        handle.write(record.text)
                    created.append(record.path)
                    stage.advance()
        except OSError as exc:
            self._undo(created)
            self.result.diagnostics.append(
                Diagnostic.make(
                    str(getattr(exc, "filename", None) or self.records),
                    None,
                    "import-write-failed",
                    f"could not write a record ({exc.strerror or exc}); nothing was imported",
                )
            )
            return
        with progress.stage("validate", unit=""):
            check = validate_paths([self.records], models=False)
        if check.errors:
            self._undo(created)
            for d in check.diagnostics:
                if d.severity is Severity.ERROR:
                    self.result.diagnostics.append(
                        Diagnostic.make(
                            d.path,
                            d.position,
                            "import-write-failed",
                            f"the imported records would not validate ({d.message} [{d.code}]); "
                            "nothing was imported: please report this",
                        )
                    )

    def _undo(self, created: list[Path]) -> None:
        for path in reversed(created):
            path.unlink(missing_ok=True)
        self.result.written = []


def import_sources(
    sources: Sequence[str],
    records: Path,
    *,
    on_conflict: OnConflict = "skip",
    ratings: Path | None = None,
    dry_run: bool = False,
    timeout: float = 20.0,
    max_bytes: int = MAX_IMPORT_BYTES,
    schema_dir: Path = DEFAULT_SCHEMA_DIR,
    progress: Progress = QUIET,
) -> ImportResult:
    """Import the sources into the publication at `records`."""
    with progress.stage("load the records", unit=""):
        checked = validate_paths([records])
    if checked.errors or not checked.catalogs:
        result = ImportResult(dry_run=dry_run)
        result.diagnostics = [d for d in checked.diagnostics if d.severity is Severity.ERROR][:20]
        result.diagnostics.append(
            Diagnostic.make(
                str(records),
                None,
                "import-records-invalid",
                f"the records have {checked.errors} error(s); fix them (claimkit validate) "
                "before importing into them",
            )
        )
        return result
    catalog = checked.catalogs[0]
    mapping = RatingMapping()
    if ratings is not None:
        try:
            mapping = load_mapping(ratings, str(ratings), catalog.site)
        except MappingError as exc:
            result = ImportResult(dry_run=dry_run)
            result.diagnostics = exc.diagnostics
            return result
    docs, problems, read = read_sources(sources, timeout, max_bytes, progress)
    importer = Importer(
        records, catalog, on_conflict=on_conflict, mapping=mapping, schema_dir=schema_dir
    )
    importer.result.sources = read
    importer.result.dry_run = dry_run
    importer.result.diagnostics.extend(problems)
    importer.run(find(docs), progress)
    if not dry_run and importer.result.written:
        importer.write(progress)
    importer.result.diagnostics.sort(key=Diagnostic.sort_key)
    return importer.result


# The report.
def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def report_text(result: ImportResult, out: TextIO) -> None:
    for d in result.diagnostics:
        out.write(text_line(d) + "\n")
    verb = "would write" if result.dry_run else "wrote"
    out.write(
        f"Read {_plural(result.sources, 'file or page', 'files and pages')}: found "
        f"{_plural(result.reviews_found, 'ClaimReview')} and "
        f"{_plural(result.claims_found, 'Claim')} without a review.\n"
    )
    out.write(
        f"  {verb} {_plural(result.count('claim'), 'claim')} "
        f"({_plural(result.own_reviews, 'review')} by the site's publisher, "
        f"{_plural(result.external_reviews, 'review')} by other fact-checkers)\n"
    )
    kinds = [
        _plural(result.count(k), w, m)
        for k, w, m in (
            ("person", "person", "people"),
            ("organization", "organization", None),
            ("topic", "topic", None),
            ("article", "article", None),
        )
    ]
    out.write(f"  {verb} {', '.join(kinds)}\n")
    out.write(
        f"  referred to {_plural(result.reused, 'existing record')}; "
        f"{_plural(result.unchanged, 'claim')} already imported and unchanged\n"
    )
    skipped = sum(1 for d in result.diagnostics if d.code != "import-filled")
    if skipped:
        out.write(
            f"  {_plural(skipped, 'problem')} listed above: each says what was skipped and why\n"
        )
    if result.unplaced:
        out.write(
            "Rating labels with no clear class (recorded as ratingClass: other; place them "
            "under `classes:` in a --ratings file):\n"
        )
        for u in result.unplaced:
            langs = ", ".join(u.languages)
            out.write(f"  '{u.label}' from {u.publisher} ({langs})\n")
    if result.miscased:
        names = ", ".join(f"{k} as {v}" for k, v in result.miscased.items())
        out.write(f"Type names in another case were read as schema.org's: {names}\n")
    if result.other_types:
        names = ", ".join(f"{k} ({v})" for k, v in result.other_types.items())
        out.write(
            "Not imported on their own (people, organizations, topics and articles come in "
            f"when a claim refers to them): {names}\n"
        )
    for record in result.written if result.dry_run else []:
        out.write(f"  would write {record.path}\n")


def report_json(result: ImportResult, out: TextIO) -> None:
    payload = {
        "dry_run": result.dry_run,
        "sources": result.sources,
        "found": {"claimreviews": result.reviews_found, "claims": result.claims_found},
        "written": [{"kind": w.kind, "id": w.ident, "path": str(w.path)} for w in result.written],
        "reviews": {"own": result.own_reviews, "external": result.external_reviews},
        "unchanged_claims": result.unchanged,
        "existing_records_referred_to": result.reused,
        "unplaced_labels": [
            {"label": u.label, "publisher": u.publisher, "languages": list(u.languages)}
            for u in result.unplaced
        ],
        "miscased_types": result.miscased,
        "other_types": result.other_types,
        "diagnostics": [as_dict(d) for d in result.diagnostics],
    }
    out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
