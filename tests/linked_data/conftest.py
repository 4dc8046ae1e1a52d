"""Publications for the linked-data tests: the bundled records, and a copy with an external review."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ld_support import RECORDS, Publication, add_external_review, load_catalog

from claimkit.linked_data.export import write_dumps


def _publication(name: str, root: Path, factory: pytest.TempPathFactory) -> Publication:
    catalog = load_catalog(root)
    dumps = factory.mktemp(f"{name}-data")
    write_dumps(catalog, dumps)
    return Publication(name, catalog, dumps)


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Publication:
    return _publication("bundled", RECORDS, tmp_path_factory)


@pytest.fixture(scope="session")
def with_external_review(tmp_path_factory: pytest.TempPathFactory) -> Publication:
    records = tmp_path_factory.mktemp("external") / "records"
    shutil.copytree(RECORDS, records)
    add_external_review(records)
    return _publication("external-review", records, tmp_path_factory)


@pytest.fixture(params=["bundled", "with_external_review"])
def publication(request: pytest.FixtureRequest) -> Publication:
    """Each test that takes it runs on both publications."""
    value = request.getfixturevalue(request.param)
    assert isinstance(value, Publication)
    return value
