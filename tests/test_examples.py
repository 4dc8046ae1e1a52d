"""The example publications: base and positive cases validate cleanly, negative cases fail as stated."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import claimkit.records
import claimkit.validation
from claimkit.core.diagnostics import CODES, Severity
from harness import (
    EXAMPLES,
    EXPECTED,
    build_publication,
    case_dirs,
    expected_diagnostics,
    matches,
    validate_in_process,
)

NEGATIVE = case_dirs("negative")
POSITIVE = case_dirs("positive")

# The modules behind `claimkit validate`; CODES also holds codes of other commands (`check`).
VALIDATOR_MODULES = tuple(
    importlib.import_module(info.name)
    for package in (claimkit.records, claimkit.validation)
    for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}.")
)

# Codes that no folder of record files can produce, and the test that covers each instead.
COVERED_ELSEWHERE = {
    "path-not-found": "test_cli.py::test_missing_path_is_a_usage_error",
    "schema-range": "unit/test_schema_check.py::test_range_keywords_map_to_schema_range",
    "schema-invalid": "unit/test_filecheck.py::test_a_model_error_is_schema_invalid_at_the_value",
}


def _ids(cases: list[Path]) -> list[str]:
    return [case.name for case in cases]


def _assert_clean(root: Path) -> None:
    run = validate_in_process(root)
    assert "Traceback" not in run.stdout + run.stderr
    assert run.diagnostics == [], run.stdout
    assert run.exit_code == 0
    assert run.report["summary"].endswith("0 errors, 0 warnings")


def test_base_is_valid(tmp_path: Path) -> None:
    _assert_clean(build_publication(None, tmp_path / "pub"))


@pytest.mark.parametrize("case", POSITIVE, ids=_ids(POSITIVE))
def test_positive_case(case: Path, tmp_path: Path) -> None:
    _assert_clean(build_publication(case, tmp_path / "pub"))


@pytest.mark.parametrize("case", NEGATIVE, ids=_ids(NEGATIVE))
def test_negative_case(case: Path, tmp_path: Path) -> None:
    expected = expected_diagnostics(case)
    run = validate_in_process(build_publication(case, tmp_path / "pub"))
    assert "Traceback" not in run.stdout + run.stderr
    found = run.diagnostics
    missing = [e for e in expected if not any(matches(e, f) for f in found)]
    assert not missing, f"missing {missing}\nreported {found}"
    errors = any(CODES[e["code"]].severity is Severity.ERROR for e in expected)
    assert run.exit_code == (1 if errors else 0)


def validator_codes() -> set[str]:
    """Every code that the validator's modules name in their source."""
    source = "\n".join(inspect.getsource(module) for module in VALIDATOR_MODULES)
    return {code for code in CODES if f'"{code}"' in source}


def test_every_validator_code_has_a_case() -> None:
    codes = validator_codes()
    assert len(codes) >= 41
    covered = {e["code"] for case in NEGATIVE for e in expected_diagnostics(case)}
    assert covered <= set(CODES)
    assert codes - covered == set(COVERED_ELSEWHERE)


def test_every_case_folder_is_complete() -> None:
    assert len(NEGATIVE) >= 40
    for case in NEGATIVE:
        assert (case / EXPECTED).is_file(), case.name
    for case in POSITIVE:
        assert not (case / EXPECTED).exists(), case.name
    assert (EXAMPLES / "base" / "records" / "site.yaml").is_file()
