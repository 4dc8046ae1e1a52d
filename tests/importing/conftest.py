"""Fixtures for the import tests: an empty publication to import into, and a runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from import_helpers import REPO


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    """A publication with only its site settings and its publisher: nothing imported yet."""
    records = tmp_path / "records"
    (records / "organizations").mkdir(parents=True)
    shutil.copy(REPO / "records" / "site.yaml", records / "site.yaml")
    shutil.copy(
        REPO / "records" / "organizations" / "example-fact-desk.yaml",
        records / "organizations" / "example-fact-desk.yaml",
    )
    return records


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A copy of the bundled records."""
    records = tmp_path / "bundled" / "records"
    shutil.copytree(REPO / "records", records)
    return records
