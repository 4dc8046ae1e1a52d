"""`build` and `export` never write or remove through a symbolic link (issue 19, case 1).

A pull request can commit a link named `build` (or links inside it); each test plants real
links to a folder outside the output, runs the real command, and checks that the command
refused with a coded message (no traceback) and that every file outside is as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "examples" / "base" / "records"
CLAIMKIT = Path(sys.executable).with_name("claimkit")


def _tree(folder: Path) -> dict[str, str]:
    """Every path under `folder` with its bytes' hash (links and folders by what they are)."""
    seen: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            seen[rel] = "link:" + os.readlink(path)
        elif path.is_dir():
            seen[rel] = "dir"
        else:
            seen[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return seen


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the output, with files a hostile link would aim at."""
    folder = tmp_path / "outside"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "precious.txt").write_text("keep me\n")
    (folder / "site").mkdir()
    (folder / "site" / "index.html").write_text("not claimkit's\n")
    (folder / "secret.txt").write_text("do not truncate\n")
    return folder


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    records = tmp_path / "records"
    if not records.exists():
        shutil.copytree(BASE, records)
    return subprocess.run(
        [str(CLAIMKIT), *args, "--records", str(records)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )


def _build(tmp_path: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return _run(tmp_path, "build", "--output", str(out), "--docs", str(tmp_path / "no-docs"))


def _refused(done: subprocess.CompletedProcess[str], code: str, path: Path) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert f"[{code}]" in done.stderr, done.stderr
    assert str(path) in done.stderr, done.stderr


def test_build_refuses_an_output_folder_that_is_a_link(tmp_path: Path, outside: Path) -> None:
    before = _tree(outside)
    out = tmp_path / "build"
    out.symlink_to(outside, target_is_directory=True)
    _refused(_build(tmp_path, out), "output-symlink", out)
    assert _tree(outside) == before
    assert out.is_symlink()


def test_a_lock_link_truncates_nothing(tmp_path: Path, outside: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / ".lock").symlink_to(outside / "secret.txt")
    before = _tree(outside)
    _refused(_build(tmp_path, out), "output-symlink", out / ".lock")
    assert _tree(outside) == before


@pytest.mark.parametrize("name", ["site", "data", "current", ".staging-4242", ".gen-1-2"])
def test_build_refuses_a_link_it_would_write_or_remove(
    tmp_path: Path, outside: Path, name: str
) -> None:
    out = tmp_path / "build"
    assert _build(tmp_path, out).returncode == 0
    published = _tree(out)
    target = outside / "data"
    (out / name).unlink(missing_ok=True)
    (out / name).symlink_to(target, target_is_directory=True)
    before = _tree(outside)
    _refused(_build(tmp_path, out), "output-symlink", out / name)
    assert _tree(outside) == before
    published[name] = "link:" + str(target)
    assert _tree(out).keys() >= {k for k in published if "/" not in k}


def test_build_refuses_an_output_that_is_a_file(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.write_text("a file\n")
    _refused(_build(tmp_path, out), "output-not-owned", out)
    assert out.read_text() == "a file\n"


def test_export_refuses_links(tmp_path: Path, outside: Path) -> None:
    before = _tree(outside)
    data = tmp_path / "dumps"
    data.symlink_to(outside / "data", target_is_directory=True)
    _refused(_run(tmp_path, "export", "--output", str(data)), "output-symlink", data)
    out = tmp_path / "build"
    out.symlink_to(outside, target_is_directory=True)
    done = _run(tmp_path, "export", "--output", str(out / "data"))
    _refused(done, "output-symlink", out)
    assert _tree(outside) == before


def test_export_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.md").write_text("mine\n")
    _refused(_run(tmp_path, "export", "--output", str(folder)), "output-not-owned", folder)
    assert (folder / "todo.md").read_text() == "mine\n"


def test_build_then_export_publish_site_and_data_together(tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert _build(tmp_path, out).returncode == 0
    site = _tree(out / "site")
    done = _run(tmp_path, "export", "--output", str(out / "data"))
    assert done.returncode == 0, done.stderr
    assert _tree(out / "site") == site
    assert sorted(p.name for p in (out / "data").iterdir()) == sorted(
        ["claims.jsonld", "claims.ttl", "claims.nt", "feed.json"]
    )
    generations = [p.name for p in out.iterdir() if p.name.startswith(".gen-")]
    assert generations == [os.readlink(out / "current")]


def test_the_repository_ignores_build_as_a_link_or_file(tmp_path: Path) -> None:
    """`git add -A` must not pick up a `build` that is a link or a file."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(REPO / ".gitignore", repo / ".gitignore")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "build").symlink_to("/tmp")
    ignored = subprocess.run(
        ["git", "-C", str(repo), "check-ignore", "-q", "build"], check=False
    ).returncode
    assert ignored == 0, ".gitignore does not ignore a link named build"


def test_a_build_folder_of_an_earlier_version_is_taken_over(tmp_path: Path) -> None:
    """Before generations, `site` and `data` were folders: the first build replaces them."""
    out = tmp_path / "build"
    for name in ("site", "data"):
        (out / name).mkdir(parents=True)
        (out / name / "old.txt").write_text("old\n")
    (out / ".lock").write_text("")
    assert _build(tmp_path, out).returncode == 0
    assert os.readlink(out / "site") == "current/site"
    assert os.readlink(out / "data") == "current/data"
    assert (out / "site" / "index.html").is_file() and (out / "data" / "feed.json").is_file()
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".lock", "current", "data", "site", os.readlink(out / "current")]
    )
