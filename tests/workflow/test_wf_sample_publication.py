"""This repository is the toolkit and a sample publication: its settings' structure, workflows,
pins, schemas and pages are what `claimkit init --example` gives, apart from the records and
the desk's own texts."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from workflow_helpers import REPO, run

from claimkit.core.site_versions import TESTED_VERSIONS

FOLDERS = ["articles", "claims", "media", "organizations", "people", "topics"]


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init")
    done = run(
        root, "init", "pub", "--name", "Sample Desk", "--url", "https://s.example.org/", "--example"
    )
    assert done.returncode == 0, done.stderr
    return root / "pub"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_workflows_constraints_and_schemas_are_the_same(initialised: Path) -> None:
    for folder in (".github/workflows", "schema"):
        assert _files(REPO / folder) == _files(initialised / folder), folder
    assert (REPO / "constraints.txt").read_bytes() == (initialised / "constraints.txt").read_bytes()


def test_each_names_one_claimkit(initialised: Path) -> None:
    def requirements(path: Path) -> list[str]:
        lines = path.read_text(encoding="utf-8").splitlines()
        return [line for line in lines if line and not line.startswith("#")]

    assert requirements(REPO / "requirements.txt") == ["."]  # this checkout
    [pinned] = requirements(initialised / "requirements.txt")
    assert Requirement(pinned).name == "claimkit" and str(Requirement(pinned).specifier)


def _structure(value: Any) -> Any:
    """A settings value's shape: mappings by their keys, lists by their items' shapes."""
    if isinstance(value, dict):
        return {key: _structure(item) for key, item in value.items()}
    if isinstance(value, list):
        return sorted({repr(_structure(item)) for item in value})
    return type(value).__name__


def test_settings_have_the_same_structure(initialised: Path) -> None:
    def settings(root: Path) -> dict[str, Any]:
        data = yaml.safe_load((root / "records" / "site.yaml").read_text(encoding="utf-8"))
        assert isinstance(data, dict)
        return data

    mine, made = settings(REPO), settings(initialised)
    # The sample adds a notice (it is fictional) and a repository link; the rest is the same.
    assert set(mine) - set(made) == {"notice", "repository"}
    assert set(made) <= set(mine)
    for key in made:
        assert _structure(mine[key]) == _structure(made[key]), key
    assert mine["scale"] == made["scale"]
    for root, data in ((REPO, mine), (initialised, made)):
        assert (root / "records" / "organizations" / f"{data['publisher']}.yaml").is_file()


def test_the_same_record_folders_and_desk_pages(initialised: Path) -> None:
    for root in (REPO, initialised):
        assert sorted(p.name for p in (root / "records").iterdir() if p.is_dir()) == FOLDERS
    assert sorted(p.name for p in (REPO / "docs").iterdir()) == sorted(
        p.name for p in (initialised / "docs").iterdir()
    )


def _site_pages(root: Path) -> set[str]:
    """The built site's pages that are not a record's or a list's continuation."""
    site = root / "build" / "site"
    pages = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}
    return {
        page
        for page in pages
        if not (page.split("/")[0] in FOLDERS and page.count("/") >= 1) and "/page-" not in page
    }


def test_the_same_pages_apart_from_the_records(initialised: Path, tmp_path: Path) -> None:
    sample = tmp_path / "sample"
    for folder in ("records", "docs", "schema"):
        shutil.copytree(REPO / folder, sample / folder)
    for root in (sample, initialised):
        done = run(root, "build")
        assert done.returncode == 0, done.stderr
    assert _site_pages(sample) == _site_pages(initialised)
    assert {"about", "how-we-work", "corrections", "contributing", "."} <= _site_pages(sample)


def test_the_gitignore_ignores_build_whatever_it_is() -> None:
    lines = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/build" in lines and "/build/" not in lines


def test_tested_versions_are_inside_the_pins_of_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {Requirement(dep).name.lower(): Requirement(dep) for dep in project["dependencies"]}
    assert {"mkdocs", "mkdocs-material", "babel"} <= {name.lower() for name in TESTED_VERSIONS}
    for name, version in TESTED_VERSIONS.items():
        if name.lower() in pins:
            assert pins[name.lower()].specifier.contains(version), (name, version)


def test_upgrade_on_this_repository_changes_nothing(tmp_path: Path) -> None:
    """`claimkit init --upgrade .` is how this repository's pins are rewritten: they are
    current, and its requirement (this checkout) stays."""
    copy = tmp_path / "repo"
    for name in ("records", "schema"):
        shutil.copytree(REPO / name, copy / name)
    for name in ("requirements.txt", "constraints.txt", ".pre-commit-config.yaml"):
        shutil.copy2(REPO / name, copy / name)
    before = {
        p.relative_to(copy).as_posix(): p.read_bytes() for p in copy.rglob("*") if p.is_file()
    }
    done = run(copy, "init", "--upgrade", ".")
    assert done.returncode == 0, done.stderr
    after = {p.relative_to(copy).as_posix(): p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    assert after == before
