"""Publications for the linked-data tests: the bundled records, a copy with an external review,
and a copy with records in every shape model v2 added (v2_records/: collectives, several
claimants, typed appearances with archive lists, dates of every precision, review extras,
translations, media records with MediaReviews)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ld_support import RECORDS, V2_RECORDS, Publication, add_external_review, load_catalog

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


@pytest.fixture(scope="session")
def with_v2_fields(tmp_path_factory: pytest.TempPathFactory) -> Publication:
    records = tmp_path_factory.mktemp("v2") / "records"
    shutil.copytree(RECORDS, records)
    shutil.copytree(V2_RECORDS, records, dirs_exist_ok=True)
    return _publication("v2-fields", records, tmp_path_factory)


@pytest.fixture(params=["bundled", "with_external_review", "with_v2_fields"])
def publication(request: pytest.FixtureRequest) -> Publication:
    """Each test that takes it runs on every publication."""
    value = request.getfixturevalue(request.param)
    assert isinstance(value, Publication)
    return value
