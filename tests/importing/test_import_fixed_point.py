"""An external source, imported, exported and imported again, is a fixed point (issue 15, item
5b): the second import into the same publication writes nothing, and into an empty one gives
records whose dumps are the first dumps, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

from import_helpers import FIXTURES, REPO, assert_clean, files, run_import

from claimkit.linked_data.export import write_dumps
from claimkit.validation.run import validate_paths

DUMPS = ("claims.jsonld", "claims.ttl", "claims.nt", "feed.json")
SOURCES = (FIXTURES / "fidelity", FIXTURES / "single-object.jsonld", FIXTURES / "page.html")


def _dumps(records: Path, folder: Path) -> dict[str, bytes]:
    result = validate_paths([records], use_cache=False)
    assert result.errors == 0, result.diagnostics
    write_dumps(result.catalogs[0], folder)
    return {name: (folder / name).read_bytes() for name in DUMPS}


def _empty(root: Path) -> Path:
    records = root / "records"
    (records / "organizations").mkdir(parents=True)
    shutil.copy(REPO / "records" / "site.yaml", records / "site.yaml")
    name = "example-fact-desk.yaml"
    shutil.copy(REPO / "records" / "organizations" / name, records / "organizations" / name)
    return records


def test_external_source_import_dumps_import_is_a_fixed_point(tmp_path: Path) -> None:
    first = _empty(tmp_path / "first")
    run = run_import(*map(str, SOURCES), "--records", str(first))
    assert run.code == 0 and run.report["written"]
    dumps = _dumps(first, tmp_path / "dumps-1")

    # Into the same publication: every claim is already there, unchanged; nothing is written.
    before = files(first)
    again = run_import(str(tmp_path / "dumps-1" / "claims.jsonld"), "--records", str(first))
    assert again.code == 0
    assert again.report["written"] == []
    assert again.report["unchanged_claims"] == sum(
        1 for w in run.report["written"] if w["kind"] in ("claim", "media")
    )
    assert files(first) == before

    # Into an empty publication: the same records, so the same dumps.
    second = _empty(tmp_path / "second")
    run2 = run_import(str(tmp_path / "dumps-1" / "claims.jsonld"), "--records", str(second))
    assert run2.code == 0
    assert_clean(second)
    assert _dumps(second, tmp_path / "dumps-2") == dumps
