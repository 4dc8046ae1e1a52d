"""`claimkit check` on what claimkit itself publishes from the bundled records: no errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from check_helpers import check

from claimkit.linked_data.jsonld import JsonLd
from claimkit.validation.run import validate_paths

REPO = Path(__file__).resolve().parents[2]
RECORDS = REPO / "records"
SITE_URL = "https://factdesk.example.org/"


def test_exported_feed_has_no_errors(tmp_path: Path) -> None:
    out = tmp_path / "data"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimkit",
            "export",
            "--records",
            str(RECORDS),
            "--output",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    run = check(out / "feed.json")
    errors = [d for d in run.report["diagnostics"] if d["severity"] == "error"]
    assert errors == []
    assert run.exit_code == 0
    reviews = len(json.loads((out / "feed.json").read_text(encoding="utf-8"))["dataFeedElement"])
    assert run.report["summary"].startswith(f"1 file, {reviews} ClaimReviews: 0 errors")


def test_claim_pages_have_no_errors(tmp_path: Path) -> None:
    catalog = validate_paths([RECORDS]).catalogs[0]
    files = []
    for kind, ident, document in JsonLd(catalog).record_pages():
        if kind == "claim" and document.get("@type") == "ClaimReview":
            file = tmp_path / f"{ident}.jsonld"
            file.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
            files.append(file)
    assert files
    run = check(*files, "--page-url", SITE_URL)
    errors = [d for d in run.report["diagnostics"] if d["severity"] == "error"]
    assert errors == []
    assert run.exit_code == 0
    assert run.report["summary"].startswith(f"{len(files)} files, {len(files)} ClaimReviews: 0 e")
