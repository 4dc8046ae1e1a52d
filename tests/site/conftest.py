"""Fixtures for site tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from site_helpers import REPO


@pytest.fixture
def records_copy(tmp_path: Path) -> Path:
    """A copy of the bundled records that a test may change."""
    target = tmp_path / "records"
    shutil.copytree(REPO / "records", target)
    return target
