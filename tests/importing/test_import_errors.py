"""Bad input to `claimkit import`: a coded error with a position, never a traceback, and never
a half-written publication."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from import_helpers import FIXTURES, REPO, codes, files, problems, run_import


def test_missing_source_is_a_usage_error(empty: Path, tmp_path: Path) -> None:
    run = run_import(str(tmp_path / "nope.json"), "--records", str(empty))
    assert run.code == 2
    assert codes(run) == ["path-not-found"]


def test_broken_json_is_reported_at_its_position_and_the_rest_imported(
    empty: Path, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "broken.jsonld").write_text('{"@type": "ClaimReview",\n  "url": }\n', encoding="utf-8")
    (src / "good.jsonld").write_bytes((FIXTURES / "single-object.jsonld").read_bytes())
    run = run_import(str(src), "--records", str(empty))
    assert run.code == 1
    (problem,) = problems(run)
    assert problem["code"] == "jsonld-syntax"
    assert (problem["path"].endswith("broken.jsonld"), problem["line"], problem["column"]) == (
        True,
        2,
        10,
    )
    assert sum(1 for w in run.report["written"] if w["kind"] == "claim") == 1


def test_a_publication_with_errors_is_not_imported_into(empty: Path) -> None:
    (empty / "site.yaml").write_text("title: no url\n", encoding="utf-8")
    before = files(empty)
    run = run_import(str(FIXTURES / "single-object.jsonld"), "--records", str(empty))
    assert run.code == 1
    assert codes(run)[-1] == "import-records-invalid"
    assert files(empty) == before


def test_invalid_mapping_file_points_at_each_problem(empty: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "ratings.yaml"
    mapping.write_text(
        "scale:\n  Pants on Fire: Bogus\nclasses:\n  Meh: sort of\nlabels: {}\n", encoding="utf-8"
    )
    before = files(empty)
    run = run_import(str(FIXTURES), "--records", str(empty), "--ratings", str(mapping))
    assert run.code == 1
    found = [(d["code"], d["line"]) for d in run.report["diagnostics"]]
    assert found == [("mapping-invalid", 2), ("mapping-invalid", 4), ("mapping-invalid", 5)]
    assert "'Bogus' is not a label of the site's scale" in run.report["diagnostics"][0]["message"]
    assert files(empty) == before


def test_a_failed_write_takes_every_new_file_back_out(empty: Path) -> None:
    # A folder where a record must go: the write fails part way through.
    (empty / "people" / "alex-sample.yaml").mkdir(parents=True)
    before = files(empty)
    run = run_import(str(FIXTURES / "single-object.jsonld"), "--records", str(empty))
    assert run.code == 1
    assert "import-write-failed" in codes(run)
    assert run.report["written"] == []
    assert files(empty) == before
    assert not (empty / "claims").exists() or not list((empty / "claims").iterdir())


def test_garbage_input_gives_codes_not_tracebacks(empty: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (src / "deep.json").write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    (src / "scalar.jsonld").write_text("42", encoding="utf-8")
    (src / "empty.html").write_text("", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimkit",
            "import",
            str(src),
            "--records",
            str(empty),
            "--schema",
            str(REPO / "schema"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "[file-not-utf8]" in done.stdout and "[jsonld-too-deep]" in done.stdout
    assert not (empty / "claims").exists()


def test_a_reader_that_goes_away_gets_no_traceback(empty: Path) -> None:
    """`claimkit import ... | head -1`: the report stops quietly when nobody reads it."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimkit",
            "import",
            str(FIXTURES),
            "--records",
            str(empty),
            "--schema",
            str(REPO / "schema"),
            "--dry-run",
            "--quiet",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before anything is read: every write fails
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in stderr and stderr == ""
