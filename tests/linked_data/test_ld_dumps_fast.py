"""write_dumps (one pass per page, pieces made on several cores) writes the bytes of the plain
code: export.units() through triples.node_triples, ntriples_lines, turtle_block and json.dumps.

The plain writer (ld_support.plain_dumps) is write_dumps as it was before the fast path; the
fast path must agree with it byte for byte on the bundled records, on a claim with another
fact-checker's review (whose page the fast path leaves to the plain code) and on a generated
publication, in one process and with forked workers. test_ld_dumps_property holds them equal on
random catalogs.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ld_support import REPO, Publication, assert_same_dumps, load_catalog, plain_dumps

from claimkit.core.catalog import Catalog
from claimkit.linked_data import dumptext, export
from claimkit.linked_data.export import write_dumps
from collector_watch import passes_inside


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    root = tmp_path_factory.mktemp("generated") / "records"
    script = REPO / "benchmarks" / "generate.py"
    subprocess.run([sys.executable, str(script), "300", str(root)], check=True)
    return load_catalog(root)


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked workers even for small publications, and small pieces, so that several pieces
    from each worker meet in every file."""
    monkeypatch.setattr(export, "PARALLEL_MIN", 1)
    monkeypatch.setattr(export, "CHUNK", 7)


def test_fast_dumps_equal_plain_dumps(publication: Publication, tmp_path: Path) -> None:
    plain_dumps(publication.catalog, tmp_path / "plain")
    assert_same_dumps(tmp_path / "plain", publication.dumps)


@pytest.mark.usefixtures("forked")
def test_forked_dumps_equal_plain_dumps(publication: Publication, tmp_path: Path) -> None:
    plain_dumps(publication.catalog, tmp_path / "plain")
    write_dumps(publication.catalog, tmp_path / "forked", workers=2)
    assert_same_dumps(tmp_path / "plain", tmp_path / "forked")


def test_generated_publication(generated: Catalog, tmp_path: Path) -> None:
    plain_dumps(generated, tmp_path / "plain")
    write_dumps(generated, tmp_path / "fast", workers=1)
    assert_same_dumps(tmp_path / "plain", tmp_path / "fast")


@pytest.mark.usefixtures("forked")
def test_generated_publication_forked(generated: Catalog, tmp_path: Path) -> None:
    plain_dumps(generated, tmp_path / "plain")
    write_dumps(generated, tmp_path / "forked", workers=2)
    assert_same_dumps(tmp_path / "plain", tmp_path / "forked")


def test_the_plain_code_writes_pages_the_fast_path_does_not_handle(
    with_external_review: Publication,
) -> None:
    """A claim with another fact-checker's review describes its claim in two nodes: that page
    goes to the plain code; every other page takes the fast path."""
    writer = dumptext.PageTextWriter(with_external_review.catalog)
    general = 0
    original = writer._general

    def counting(*args: Any) -> Any:
        nonlocal general
        general += 1
        return original(*args)

    writer._general = counting  # type: ignore[method-assign, assignment]
    for item in dumptext.page_keys(with_external_review.catalog):
        writer.unit(item)
    assert general == 1


@pytest.mark.usefixtures("forked")
def test_forked_dumps_without_copy_file_range(
    bundled: Publication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the kernel cannot copy between files, the pieces are read and written instead."""

    def refuse(*args: object) -> int:
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(os, "copy_file_range", refuse)  # the os module export uses
    write_dumps(bundled.catalog, tmp_path / "forked", workers=2)
    assert_same_dumps(bundled.dumps, tmp_path / "forked")


def test_no_garbage_collection_while_the_dumps_are_made(generated: Catalog, tmp_path: Path) -> None:
    """From the first page key to the last byte the cyclic collector stays off: at 100,000
    claims its first full pass after validation, over the catalog's millions of objects, cost
    more than making the keys (core.collector)."""
    target = tmp_path / "dumps"
    inside = passes_inside(
        ["page_keys", "unit", "_write_piece"], lambda: write_dumps(generated, target, workers=1)
    )
    assert inside == set()
    assert gc.isenabled()
