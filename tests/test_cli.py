"""The command line, in process and end to end through the installed `claimkit` entry point."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimkit import __version__
from harness import EXAMPLES, build_publication, validate_in_process

LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): "
    r"(?P<message>.+) \[(?P<code>[a-z0-9-]+)\]$"
)
SUMMARY = re.compile(r"^\d+ files?, \d+ valid records?: \d+ errors?, \d+ warnings?$")
GITHUB = re.compile(
    r"^::(?P<command>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),col=\d+,"
    r"title=(?P<code>[a-z0-9-]+)::.+$"
)


def claimkit_exe() -> str:
    beside = Path(sys.executable).with_name("claimkit")
    found = str(beside) if beside.exists() else shutil.which("claimkit")
    assert found, "the claimkit entry point is not installed"
    return found


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [claimkit_exe(), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in done.stdout + done.stderr
    return done


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A publication with one error (a rating off the scale) and one warning."""
    root = build_publication(EXAMPLES / "negative" / "rating-not-in-scale", tmp_path / "pub")
    (root / "records" / "people" / "dana-nobody.yaml").write_text(
        "id: dana-nobody\nname: Dana Nobody\n", encoding="utf-8"
    )
    return root


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return build_publication(None, tmp_path / "pub")


def test_text_format(broken: Path) -> None:
    done = run(broken, "validate", "records")
    assert done.returncode == 1
    *lines, summary = done.stdout.splitlines()
    assert SUMMARY.match(summary), summary
    assert summary.endswith("1 error, 1 warning")
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    shapes = {(m["path"], m["line"], m["column"], m["severity"], m["code"]) for m in parsed if m}
    assert shapes == {
        ("records/claims/port-budget-doubled.yaml", "19", "13", "error", "rating-not-in-scale"),
        ("records/people/dana-nobody.yaml", "1", "5", "warning", "record-unreferenced"),
    }


def test_default_path_is_records(broken: Path) -> None:
    assert run(broken, "validate").stdout == run(broken, "validate", "records").stdout


def test_github_format(broken: Path) -> None:
    done = run(broken, "validate", "--format", "github", "records")
    assert done.returncode == 1
    *lines, summary = done.stdout.splitlines()
    assert SUMMARY.match(summary)
    assert all(GITHUB.match(line) for line in lines), lines
    assert lines[0].startswith(
        "::error file=records/claims/port-budget-doubled.yaml,line=19,col=13,"
        "title=rating-not-in-scale::"
    )
    assert lines[1].startswith("::warning file=records/people/dana-nobody.yaml,line=1,")


def test_json_format(broken: Path) -> None:
    done = run(broken, "validate", "--format", "json", "records")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["summary"] == "15 files, 15 valid records: 1 error, 1 warning"
    assert [d["code"] for d in report["diagnostics"]] == [
        "rating-not-in-scale",
        "record-unreferenced",
    ]
    assert set(report["diagnostics"][0]) == {
        "path",
        "line",
        "column",
        "severity",
        "code",
        "message",
    }


def test_clean_publication_exits_0(clean: Path) -> None:
    done = run(clean, "validate", "records")
    assert done.returncode == 0
    assert done.stdout == "14 files, 14 valid records: 0 errors, 0 warnings\n"


def test_warnings_alone_exit_0(clean: Path) -> None:
    (clean / "records" / "topics" / "harbour-fees.yaml").write_text(
        "id: harbour-fees\nname: Harbour fees\n", encoding="utf-8"
    )
    done = run(clean, "validate", "records")
    assert done.returncode == 0
    assert "warning: " in done.stdout
    assert done.stdout.endswith("0 errors, 1 warning\n")


def test_bad_option_exits_2(clean: Path) -> None:
    done = run(clean, "validate", "--format", "xml", "records")
    assert done.returncode == 2
    assert "invalid choice" in done.stderr
    assert done.stdout == ""


def test_no_command_exits_2(clean: Path) -> None:
    done = run(clean)
    assert done.returncode == 2
    assert "usage:" in done.stderr


def test_missing_path_exits_2_end_to_end(clean: Path) -> None:
    done = run(clean, "validate", "no-such-folder")
    assert done.returncode == 2
    assert done.stdout.startswith("no-such-folder:1:1: error: ")
    assert "[path-not-found]" in done.stdout


def test_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "claimkit", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"claimkit {__version__}"


# In process: faster, and enough for how paths select what is reported.


def test_missing_path_is_a_usage_error(clean: Path) -> None:
    result = validate_in_process(clean, "records", "records/claims/nope.yaml")
    assert result.exit_code == 2
    codes = [(d["path"], d["line"], d["code"]) for d in result.diagnostics]
    assert codes == [("records/claims/nope.yaml", 1, "path-not-found")]


def test_a_file_reports_only_its_own_problems(broken: Path) -> None:
    one = validate_in_process(broken, "records/claims/port-budget-doubled.yaml")
    assert one.exit_code == 1
    assert [d["code"] for d in one.diagnostics] == ["rating-not-in-scale"]
    assert one.report["summary"] == "1 file, 1 valid record: 1 error, 0 warnings"
    other = validate_in_process(broken, "records/claims/harbour-to-close.yaml")
    assert (other.exit_code, other.diagnostics) == (0, [])


def test_a_kind_folder_reports_only_its_files(broken: Path) -> None:
    people = validate_in_process(broken, "records/people")
    assert people.exit_code == 0
    assert [d["code"] for d in people.diagnostics] == ["record-unreferenced"]
    assert people.report["summary"] == "4 files, 4 valid records: 0 errors, 1 warning"


def test_a_nested_folder_keeps_its_records_root(tmp_path: Path) -> None:
    root = build_publication(EXAMPLES / "positive" / "nested-subfolders", tmp_path / "pub")
    run_ = validate_in_process(root, "records/claims/2024")
    assert run_.diagnostics == [], run_.stdout
    assert run_.exit_code == 0


def test_site_missing_is_reported_where_the_site_file_belongs(tmp_path: Path) -> None:
    root = build_publication(EXAMPLES / "negative" / "site-missing", tmp_path / "pub")
    run_ = validate_in_process(root.parent, "pub/records")
    assert [(d["path"], d["code"]) for d in run_.diagnostics] == [
        ("pub/records/site.yaml", "site-missing")
    ]


def test_text_lines_keep_their_shape_when_values_hold_line_breaks(tmp_path: Path) -> None:
    root = build_publication(None, tmp_path / "pub")
    (root / "records" / "topics" / "harbour-fees.yaml").write_text(
        'id: "harbour-fees\\nsecond line"\nname: Harbour fees\n', encoding="utf-8"
    )
    done = run(root, "validate", "records")
    *lines, summary = done.stdout.splitlines()
    assert SUMMARY.match(summary)
    assert all(LINE.match(line) for line in lines), lines
