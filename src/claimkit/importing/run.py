"""`claimkit import`: ClaimReview markup from files, folders and URLs into records.

The pipeline: read every source (sources, fetch) -> find the ClaimReviews and Claims in their
JSON-LD (nodes) -> turn them into claim drafts and the entities they refer to (drafts, with
claims, reviews and references; entities) -> settle ids against the publication's records ->
lay each record out as `claimkit fmt` would and check it on its own (layout) -> write all the
new files, then validate the whole publication, and take every new file back out if that
fails (writing). This module runs those steps in order and keeps what they found for the
report (result, report).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pydantic

from claimkit.claimreview.read import Located
from claimkit.core.catalog import Catalog
from claimkit.core.diagnostics import Diagnostic, Severity
from claimkit.core.ids import candidate_ids
from claimkit.core.limits import MAX_IMPORT_BYTES
from claimkit.core.models import FOLDER_OF_KIND, KIND_MODELS, Record
from claimkit.core.progress import QUIET, Progress, Stage
from claimkit.importing.addresses import AddressPolicy
from claimkit.importing.drafts import ClaimDraft, DraftBuilder
from claimkit.importing.entities import Entities, Entity, OnConflict, Refused
from claimkit.importing.layout import LaidOut, NewRecord, RecordLayout
from claimkit.importing.mapping import MappingError, RatingMapping, load_mapping
from claimkit.importing.nodes import Found, find
from claimkit.importing.notes import Skip
from claimkit.importing.properties import count_properties
from claimkit.importing.result import ImportResult, Written
from claimkit.importing.sources import read_sources
from claimkit.importing.writing import recover, write_records
from claimkit.validation.record_checks import reserved
from claimkit.validation.run import validate_paths

DEFAULT_SCHEMA_DIR = Path("schema")

RecordKey = tuple[str, str]  # (kind, id)


class SettledClaim(NamedTuple):
    """A claim draft with its final record data: its id settled, its reviews in order."""

    draft: ClaimDraft
    data: dict[str, Any]


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
        merge: bool = True,
    ) -> None:
        self.records = records
        self.catalog = catalog
        self.on_conflict = on_conflict
        self.entities = Entities(catalog, on_conflict, merge)
        self.mapping = mapping
        self.layout = RecordLayout(records, schema_dir, catalog.site)
        self.result = ImportResult()
        self.skipped: set[int] = set()  # the ids of the item objects not imported

    def run(self, found: Found, progress: Progress = QUIET) -> None:
        """Turn what was found into the records to write (`result.written`), and report
        what was skipped and filled in; writes nothing."""
        builder = DraftBuilder(found, self.catalog.site, self.entities, self.mapping)
        self.result.reviews_found = sum(1 for i in found.to_import if i.kind == "review")
        self.result.claims_found = sum(1 for i in found.to_import if i.kind == "claim")
        self.result.media_reviews_found = sum(1 for i in found.to_import if i.kind == "media")
        with progress.stage("convert", len(found.to_import), "items") as stage:
            self._convert(found, builder, stage)
        self._keep_findings(found, builder)
        claims = self._settle_claims(builder.claims)
        claims += self._settle_claims(builder.media, "media")
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
                self.skipped.add(id(item.node.value))
                continue
            try:
                builder.add(item)
            except Skip as exc:
                self._warn(item.node, exc.code, str(exc))
                self.skipped.add(id(item.node.value))
            except Refused as exc:
                self._warn(item.node, "import-conflict", str(exc))
                self.skipped.add(id(item.node.value))

    def _keep_findings(self, found: Found, builder: DraftBuilder) -> None:
        """What finding and converting noticed, for the report: skipped types, values filled
        in, labels with no class, type names in another case, types not imported."""
        for skipped in found.skipped:
            self._warn(skipped.where, "import-other-type", skipped.reason)
        for note in builder.notes:
            self._warn(note.where, note.code, note.message)
        self.result.merges = list(self.entities.merges)
        self.result.unplaced = sorted(
            builder.unplaced.values(), key=lambda u: (u.publisher, u.label)
        )
        self.result.miscased = dict(sorted(found.miscased.items()))
        self.result.other_types = dict(sorted(found.other_types.items()))

    def _warn(self, where: Located, code: str, message: str) -> None:
        self.result.diagnostics.append(_diagnostic(where, code, message))

    # Claims against the publication's records.
    def _settle_claims(
        self, drafts: dict[str, ClaimDraft], kind: str = "claim"
    ) -> list[SettledClaim]:
        """The claims (or media) to write: those the publication does not have already, each
        under a free id (`--on-conflict rename`) or left out (`skip`) when its id is taken."""
        settled: list[SettledClaim] = []
        have: dict[str, Record] = dict(
            self.catalog.claims if kind == "claim" else self.catalog.media
        )
        taken = set(have)
        folder = FOLDER_OF_KIND[kind]
        for draft in drafts.values():
            data = dict(draft.data)
            reviews = draft.ordered_reviews()
            if reviews:
                data["reviews"] = reviews
            existing = have.get(draft.ident)
            if existing is not None:
                if _same(existing, kind, data):
                    self.result.unchanged += 1
                    continue
                if self.on_conflict == "skip":
                    self._warn(
                        draft.sources[0],
                        "import-conflict",
                        f"a different {kind} record has the id '{draft.ident}' already "
                        f"({folder}/{draft.ident}); use --on-conflict rename to import this "
                        "one under a new id",
                    )
                    continue
                ident = next(
                    c
                    for c in candidate_ids(draft.ident)
                    if c not in taken and c not in drafts and not reserved(kind, c)
                )
                self._warn(
                    draft.sources[0],
                    "import-conflict",
                    f"a different {kind} record has the id '{draft.ident}' already: imported "
                    f"as '{ident}'",
                )
                data["id"] = ident
            taken.add(data["id"])
            settled.append(SettledClaim(draft, data))
        return settled

    # Laying records out and checking them before anything is written.
    def _lay_out(self, claims: list[SettledClaim], progress: Progress) -> None:
        """Lay out every new record, then keep the claims that can be written with what
        they need, and list them in `result.written`."""
        entities = {(e.kind, e.ident): e for e in self.entities.new()}
        new = [NewRecord(e.kind, e.ident, e.data) for e in entities.values()]
        new += [NewRecord(c.draft.kind, c.data["id"], c.data) for c in claims]
        with progress.stage("lay out", len(new), "records") as stage:
            texts = self.layout.lay_out_all(new, stage)
        laid_out = dict(zip([(r.kind, r.ident) for r in new], texts, strict=True))
        kept, used = self._writable(claims, entities, laid_out)
        self._list_written(kept, used, laid_out)

    def _writable(
        self,
        claims: list[SettledClaim],
        entities: dict[RecordKey, Entity],
        laid_out: dict[RecordKey, LaidOut],
    ) -> tuple[list[tuple[SettledClaim, str]], set[RecordKey]]:
        """The claims that can be written, with their text, and the new entities they need;
        a claim that fails its checks, or needs an entity that does, is reported and left
        out. Counts the existing records they refer to."""
        failed = {key: out.problem for key, out in laid_out.items() if out.problem}
        kept: list[tuple[SettledClaim, str]] = []
        used: set[RecordKey] = set()
        reused: set[RecordKey] = set()
        for claim in claims:
            out = laid_out[(claim.draft.kind, claim.data["id"])]
            needs = _needs(out.refs, entities, laid_out)
            broken = sorted(k for k in needs if k in failed)
            problem = out.problem
            if not problem and broken:
                kind, ident = broken[0]
                problem = (
                    f"the {kind} '{ident}' it refers to cannot be written: {failed[broken[0]]}"
                )
            if problem:
                self._warn(claim.draft.sources[0], "import-unusable", problem)
                continue
            kept.append((claim, out.text))
            used |= needs
            reused |= {k for k in out.refs if k not in entities}
        self.result.reused = len(reused)
        return kept, used

    def _list_written(
        self,
        kept: list[tuple[SettledClaim, str]],
        used: set[RecordKey],
        laid_out: dict[RecordKey, LaidOut],
    ) -> None:
        """Put the records to write in `result.written`: the entities by kind and id, then
        the claims by id; count the claims' reviews by the site's publisher and by others."""
        order = list(FOLDER_OF_KIND)
        for key in sorted(used, key=lambda k: (order.index(k[0]), k[1])):
            self.result.written.append(self._written(key[0], key[1], laid_out[key].text))
        for claim, text in sorted(kept, key=lambda k: (k[0].draft.kind, str(k[0].data["id"]))):
            self.result.written.append(self._written(claim.draft.kind, claim.data["id"], text))
            for review in claim.data.get("reviews", []):
                if review.get("publisher") in (None, self.catalog.site.publisher):
                    self.result.own_reviews += 1
                else:
                    self.result.external_reviews += 1

    def _written(self, kind: str, ident: str, text: str) -> Written:
        return Written(kind, ident, self.records / FOLDER_OF_KIND[kind] / f"{ident}.yaml", text)


def _same(existing: Record, kind: str, data: dict[str, Any]) -> bool:
    """Whether the data is the record the publication has already."""
    try:
        return KIND_MODELS[kind].model_validate(data) == existing
    except pydantic.ValidationError:
        return False


def _needs(
    refs: list[RecordKey],
    entities: dict[RecordKey, Entity],
    laid_out: dict[RecordKey, LaidOut],
) -> set[RecordKey]:
    """The new entities a record needs, following people's and articles' own references."""
    needed: set[RecordKey] = set()
    stack = [k for k in refs if k in entities]
    while stack:
        key = stack.pop()
        if key not in needed:
            needed.add(key)
            stack.extend(k for k in laid_out[key].refs if k in entities)
    return needed


def import_sources(
    sources: Sequence[str],
    records: Path,
    *,
    on_conflict: OnConflict = "skip",
    merge: bool = True,
    ratings: Path | None = None,
    dry_run: bool = False,
    timeout: float = 20.0,
    max_bytes: int = MAX_IMPORT_BYTES,
    schema_dir: Path = DEFAULT_SCHEMA_DIR,
    progress: Progress = QUIET,
    policy: AddressPolicy | None = None,
) -> ImportResult:
    """Import the sources into the publication at `records` (URLs fetched only from addresses
    `policy` allows: by default, public ones)."""
    undone = [] if dry_run else recover(records)
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
    docs, problems, read = read_sources(sources, timeout, max_bytes, progress, policy)
    importer = Importer(
        records,
        catalog,
        on_conflict=on_conflict,
        mapping=mapping,
        schema_dir=schema_dir,
        merge=merge,
    )
    importer.result.sources = read
    importer.result.dry_run = dry_run
    importer.result.diagnostics.extend(problems)
    importer.result.diagnostics.extend(
        Diagnostic.make(
            str(records / rel),
            None,
            "import-undone",
            "removed: a record of an earlier import that was killed before it finished",
        )
        for rel in undone
    )
    importer.run(find(docs), progress)
    importer.result.properties = count_properties(docs, importer.skipped)
    if not dry_run and importer.result.written:
        write_records(importer.result, records, progress)
    importer.result.diagnostics.sort(key=Diagnostic.sort_key)
    return importer.result
