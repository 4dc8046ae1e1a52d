"""One rule set, two inputs: every publication that validates cleanly builds markup that
`claimkit check` finds clean, and every rule `check` applies has a record-level twin in
`validate` with the same code, or a reason the built markup cannot break it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from check_helpers import Run, check

import claimkit.validation.review_checks
from claimkit.claimreview.check import CHECK_CODES
from claimkit.core.review_rules import MARKUP_RULES, RELAXABLE
from harness import build_publication, case_dirs, validate_in_process

POSITIVE = case_dirs("positive")
# Codes about reading files rather than about a ClaimReview, which no record can cause.
READING = {
    "input-too-large",
    "html-unreadable",
    "jsonld-syntax",
    "jsonld-too-deep",
    "no-claimreview",
}
# MediaReview rules: the model's enum and required fields hold a media record to them.
MEDIA = {"mediareview-missing-category", "mediareview-category-invalid", "mediareview-missing-item"}


def _build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimkit", "build", "--records", "records", "--output", "build"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _validates_builds_and_checks_clean(root: Path) -> Run:
    """Validate, build and check the publication at `root`, each clean; the check's run."""
    assert validate_in_process(root).diagnostics == []
    built = _build(root)
    assert built.returncode == 0, built.stdout + built.stderr
    run = check(root / "build" / "site")
    assert run.report["diagnostics"] == [], run.report
    assert run.report["summary"].endswith(": 0 errors, 0 warnings")
    return run


# Each case is a real mkdocs build (a few seconds): the base runs in the quick loop, the rest
# with the slow tests.
CASES = [
    pytest.param(None, id="base"),
    *(pytest.param(c, id=c.name, marks=pytest.mark.slow) for c in POSITIVE),
]


@pytest.mark.parametrize("case", CASES)
def test_a_clean_publication_publishes_clean_markup(case: Path | None, tmp_path: Path) -> None:
    _validates_builds_and_checks_clean(build_publication(case, tmp_path / "pub"))


def test_every_check_rule_has_a_twin_or_a_reason() -> None:
    assert set(MARKUP_RULES) | READING | MEDIA == set(CHECK_CODES)
    source = Path(claimkit.validation.review_checks.__file__).read_text(encoding="utf-8")
    twins = {code for code, how in MARKUP_RULES.items() if how == "record"}
    record_checks = Path(claimkit.validation.review_checks.__file__).with_name("record_checks.py")
    source += record_checks.read_text(encoding="utf-8")
    assert {code for code in twins if f'"{code}"' not in source} == set()
    assert set(RELAXABLE) <= twins


def test_a_relaxed_rule_is_reported_without_the_methodology(tmp_path: Path) -> None:
    """The methodology is what keeps the check quiet: without it, the same site warns."""
    case = next(c for c in POSITIVE if c.name == "methodology-allows-unrated")
    root = build_publication(case, tmp_path / "pub")
    assert _build(root).returncode == 0
    site = root / "build" / "site"
    assert check(site).report["diagnostics"] == []
    (site / "data" / "methodology.json").write_text('{"allow": []}\n', encoding="utf-8")
    codes = {d["code"] for d in check(site).report["diagnostics"]}
    assert codes == {"rating-missing-value"}


def test_the_bundled_publication_is_clean_in_validate_and_check(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[2]
    root = tmp_path / "pub"
    root.mkdir()
    (root / "records").symlink_to(repo / "records", target_is_directory=True)
    run = _validates_builds_and_checks_clean(root)
    assert "rating-missing-value" in run.stderr  # what the methodology allows, said aside
