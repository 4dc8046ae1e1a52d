"""Running `claimkit import` the way a user does, and reading what it wrote."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from claimkit.authoring.fmt import format_paths
from claimkit.cli import main
from claimkit.validation.run import validate_paths

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Run:
    code: int
    report: dict[str, Any]


def run_import(*args: str) -> Run:
    """`claimkit import ... --format json` in this process; the JSON report parsed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["import", *args, "--format", "json", "--schema", str(REPO / "schema")])
    return Run(code, json.loads(out.getvalue()))


def problems(run: Run) -> list[dict[str, Any]]:
    """The diagnostics but the notes of values filled in or left out (import-filled)."""
    return [d for d in run.report["diagnostics"] if d["code"] != "import-filled"]


def codes(run: Run) -> list[str]:
    """The codes of the diagnostics but the import-filled notes."""
    return [d["code"] for d in problems(run)]


def notes(run: Run) -> list[str]:
    """The messages of the import-filled notes."""
    return [d["message"] for d in run.report["diagnostics"] if d["code"] == "import-filled"]


def record(records: Path, folder: str, ident: str) -> dict[str, Any]:
    data = yaml.safe_load((records / folder / f"{ident}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def files(records: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(records)): p.read_bytes()
        for p in sorted(records.rglob("*.yaml"))
        if p.is_file()
    }


# Guidance warnings that say truthfully what another publisher's markup lacked (a claim's
# date, a numeric rating, ...): `validate` reports them on the records as `check` does on the
# markup the records publish (core.review_rules); import makes none of it up.
SOURCE_GAPS = frozenset(
    {
        "claim-missing-date",
        "claim-missing-appearance",
        "rating-missing-value",
        "rating-missing-scale",
        "claimreviewed-too-long",
        "claimreviewed-contains-verdict",
        "rating-label-sentence",
    }
)


def assert_clean(records: Path) -> None:
    """The publication validates with no errors, and no warnings but those that say what the
    source markup lacked, and is laid out as fmt would."""
    result = validate_paths([records], models=False, use_cache=False)
    assert result.errors == 0, result.diagnostics
    assert [d for d in result.diagnostics if d.code not in SOURCE_GAPS] == [], result.diagnostics
    assert format_paths([records], check=True).changed == [], "fmt --check would change files"


def claims_by_claim_text(records: Path) -> dict[str, dict[str, Any]]:
    found = {}
    for path in (records / "claims").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[data["claimReviewed"]] = data
    return found
