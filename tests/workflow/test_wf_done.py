"""The issue's acceptance: from a fresh copy, `new` then filling placeholders validates; the
GitHub format points at lines."""

from __future__ import annotations

import re
from pathlib import Path

from workflow_helpers import copy_publication, run

GITHUB = re.compile(r"^::(error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),col=\d+,title=")


def test_new_claim_then_filled_placeholders_validates(tmp_path: Path) -> None:
    pub = copy_publication(tmp_path / "pub")
    done = run(
        pub,
        "new",
        "claim",
        "--claim",
        "Russia is hiding North Korean troops",
        "--claimant-person",
        "dmitry-peskov",
    )
    assert done.returncode == 0, done.stderr
    path = done.stdout.strip()
    assert path == "records/claims/russia-is-hiding-north-korean-troops.yaml"

    before = run(pub, "validate", path)
    assert before.returncode == 1
    assert "appearances[0].article still holds the placeholder" in before.stdout

    record = pub / path
    text = record.read_text(encoding="utf-8")
    assert text.count("<TODO") == 1
    text = text.replace(
        '"<TODO: appearances[0].article>"', "stripes-2024-10-17-north-korean-troops"
    )
    record.write_text(text, encoding="utf-8")

    after = run(pub, "validate")
    assert after.returncode == 0, after.stdout
    assert after.stdout.endswith(": 0 errors, 0 warnings\n")
    assert run(pub, "fmt", "--check", path).returncode == 0


def test_github_format_points_at_the_line(tmp_path: Path) -> None:
    pub = copy_publication(tmp_path / "pub")
    bad = pub / "records/people/david-choi.yaml"
    text = bad.read_text(encoding="utf-8")
    bad.write_text(text.replace("affiliation: stars-and-stripes", "affiliation: no-such-outlet"))
    line = next(i for i, row in enumerate(bad.read_text().splitlines(), 1) if "no-such" in row)
    done = run(pub, "validate", "--format", "github")
    assert done.returncode == 1
    errors = [GITHUB.match(row) for row in done.stdout.splitlines() if row.startswith("::error")]
    assert errors and all(errors), done.stdout
    assert [(m["file"], int(m["line"])) for m in errors if m] == [
        ("records/people/david-choi.yaml", line)
    ]
    assert done.stdout.splitlines()[0].startswith(
        f"::error file=records/people/david-choi.yaml,line={line},"
    )
