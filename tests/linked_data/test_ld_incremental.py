"""The incremental export gives the bytes of a full one: random edits, additions and deletions on
a generated publication, each followed by an export with the cache (pages copied from the last
export's dumps) and one without (every page made), compared byte for byte.

The seed is printed (pytest -s shows it; a failure's output shows it too); set
CLAIMKIT_INCREMENTAL_SEED to run one again.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from ld_support import RECORDS, V2_RECORDS, add_external_review, dump_files

from claimkit.core import output
from claimkit.exporting.builddumps import build_dumps
from claimkit.exporting.incremental import RecordsInvalid, export_records
from claimkit.linked_data import parts
from claimkit.validation.run import validate_paths
from random_edits import Editor, copy_tree, generate, seeded, set_field

CLAIMS = 300


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("incremental-source"), CLAIMS)


@pytest.fixture(params=["one part", "parts"])
def cut(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The dumps in one part, or (the publication being small) in about 60 parts."""
    if request.param == "parts":
        monkeypatch.setattr(parts, "SPLIT_MIN", 40)
        monkeypatch.setattr(parts, "PART_PAGES", 8)
    return str(request.param)


def _dumps(folder: Path) -> dict[str, bytes]:
    return dump_files(folder)


def test_incremental_export_is_byte_identical_to_a_full_one(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], cut: str
) -> None:
    seed, rng = seeded("incremental export")
    records = tmp_path / "records"
    copy_tree(generated, records)
    editor = Editor(records, rng)
    notes: list[str] = []
    out, full = tmp_path / "out", tmp_path / "full"
    first = export_records(records, out, use_cache=True, say=notes.append)
    assert first.how == "full"
    incremental = 0
    for step in range(14):
        change = editor.several() if step % 5 == 4 else editor.one()
        notes.clear()
        try:
            done = export_records(records, out, use_cache=True, say=notes.append)
        except RecordsInvalid as exc:
            problems = [f"{d.path}: {d.code} {d.message}" for d in exc.result.diagnostics]
            raise AssertionError(f"seed {seed}, step {step}: {change}: {problems[:3]}") from exc
        reference = export_records(records, full, use_cache=False, say=notes.append)
        assert done.claims == reference.claims
        assert _dumps(out) == _dumps(full), f"seed {seed}, step {step}: {change} ({done.how})"
        incremental += done.how != "full"
    assert incremental >= 10, f"seed {seed}: only {incremental} incremental exports"
    capsys.readouterr()


def test_what_cannot_be_told_is_a_full_export_with_its_reason(
    generated: Path, tmp_path: Path
) -> None:
    records = tmp_path / "records"
    copy_tree(generated, records)
    out, full = tmp_path / "out", tmp_path / "full"
    notes: list[str] = []

    def export() -> str:
        notes.clear()
        how = export_records(records, out, use_cache=True, say=notes.append).how
        export_records(records, full, use_cache=False, say=lambda _: None)
        assert _dumps(out) == _dumps(full)
        return how

    assert export() == "full"
    assert "no earlier export" in notes[0]
    assert export() == "2 pages made again"  # nothing changed: the website and dataset nodes
    assert notes == []
    # The site publisher's organization: named by every own review.
    set_field(records / "organizations" / "synthetic-fact-desk.yaml", "name", "Renamed Desk")
    assert export() == "full"
    assert "site publisher's record" in notes[0]
    # The site settings.
    set_field(records / "site.yaml", "title", "Another Desk")
    assert export() == "full"
    assert "site settings changed" in notes[0]
    # The dumps changed by someone else.
    with (out / "claims.nt").open("ab") as handle:
        handle.write(b"# appended\n")
    assert export() == "full"
    assert "not the ones the last export wrote" in notes[0]
    # A dump removed.
    (out / "feed.json").unlink()
    assert export() == "full"
    assert "not the ones the last export wrote" in notes[0]
    assert export() == "2 pages made again"


def test_no_cache_is_a_full_export_that_keeps_nothing(generated: Path, tmp_path: Path) -> None:
    records = tmp_path / "records"
    copy_tree(generated, records)
    notes: list[str] = []
    export_records(records, tmp_path / "out", use_cache=False, say=notes.append)
    assert notes == []
    export_records(records, tmp_path / "out", use_cache=True, say=notes.append)
    assert "no earlier export" in notes[0]


def _build_data(records: Path, out: Path, notes: list[str]) -> None:
    """What `claimkit build` does with the dumps: validate, write them into a staged
    generation (from the published one's where it can), publish."""
    result = validate_paths([records])
    assert not result.errors
    with output.locked(out):
        stage = output.staging(out)
        build_dumps(records, out, result.catalogs[0], stage / "data", notes.append)
        (stage / "site").mkdir()
        output.publish(out, stage)


def test_build_dumps_from_the_published_ones_are_byte_identical(
    generated: Path, tmp_path: Path, cut: str
) -> None:
    seed, rng = seeded("incremental build dumps")
    records = tmp_path / "records"
    copy_tree(generated, records)
    editor = Editor(records, rng)
    out, full = tmp_path / "build", tmp_path / "full"
    notes: list[str] = []
    _build_data(records, out, notes)
    assert notes == []  # the first build: nothing to start from, nothing to say
    for step in range(8):
        change = editor.one()
        notes.clear()
        _build_data(records, out, notes)
        export_records(records, full, use_cache=False, say=lambda _: None)
        assert notes == [], f"seed {seed}, step {step}: {change}: {notes}"
        assert _dumps(out / "data") == _dumps(full), f"seed {seed}, step {step}: {change}"
    # An export into the built folder's data writes a generation of its own: the next build's
    # dumps are made in full.
    export_records(records, out / "data", use_cache=True, say=notes.append)
    notes.clear()
    _build_data(records, out, notes)
    assert notes == ["dumps in full: the published dumps are not the ones the last build wrote"]
    assert _dumps(out / "data") == _dumps(full)


def test_a_first_line_that_comes_or_goes_keeps_the_json_files_whole(
    generated: Path, tmp_path: Path, cut: str
) -> None:
    """The first line of claims.jsonld's graph and of the feed has no comma: a page copied from
    the old dumps loses it when it becomes first, and gains one when another comes first."""
    records = tmp_path / "records"
    copy_tree(generated, records)
    out, full = tmp_path / "out", tmp_path / "full"
    notes: list[str] = []

    def same() -> None:
        how = export_records(records, out, use_cache=True, say=notes.append).how
        export_records(records, full, use_cache=False, say=lambda _: None)
        assert how != "full", notes
        assert _dumps(out) == _dumps(full)

    export_records(records, out, use_cache=True, say=notes.append)
    claims = sorted((records / "claims").glob("*.yaml"))
    text = claims[0].read_text(encoding="utf-8")
    first = records / "claims" / "aaa-first-claim.yaml"
    first.write_text(
        re.sub(r'^id: "[^"]*"$', 'id: "aaa-first-claim"', text, count=1, flags=re.M), "utf-8"
    )
    same()  # a new first line
    first.unlink()
    same()  # the old first line is first again
    claims[0].unlink()
    same()  # the first claim's lines go: the second's are first
    claims[1].unlink()
    claims[2].unlink()
    same()


def test_every_record_of_every_shape_edited_in_turn(tmp_path: Path) -> None:
    """The bundled records with model v2's shapes (media and MediaReviews, translations,
    collectives) and another fact-checker's review: each record's name, headline or claim
    changed in turn, the pages that show it made again."""
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    shutil.copytree(V2_RECORDS, records, dirs_exist_ok=True)
    add_external_review(records)
    out, full = tmp_path / "out", tmp_path / "full"
    notes: list[str] = []
    export_records(records, out, use_cache=True, say=notes.append)
    edited = 0
    for path in sorted(records.rglob("*.yaml")):
        if path.name == "site.yaml":
            continue
        text = path.read_text(encoding="utf-8")
        # The value on the line, or a block scalar (">-") with its indented lines.
        found = re.search(
            r"^(name|headline|claimReviewed): (?:[>|][-+]?\n(?: .*\n)*|.*\n)", text, flags=re.M
        )
        if found is None:
            continue
        new = f'{found.group(1)}: "Changed {path.stem}"\n'
        path.write_text(text[: found.start()] + new + text[found.end() :], encoding="utf-8")
        notes.clear()
        done = export_records(records, out, use_cache=True, say=notes.append)
        export_records(records, full, use_cache=False, say=lambda _: None)
        assert _dumps(out) == _dumps(full), f"{path.name} ({done.how}, {notes})"
        edited += done.how != "full"
    assert edited >= 40
