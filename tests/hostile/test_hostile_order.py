"""Reproducible builds whatever order the file system lists the records and docs in.

tests/site/test_build.py::test_two_builds_are_byte_identical varies the time zone, locale and
hash seed, on one copy of the records. Here the records and docs are copied twice, in opposite
and shuffled orders of creation and with different modification times, onto tmpfs (/dev/shm)
when there is one: tmpfs lists a folder in reverse order of creation, so the two copies are
listed in different orders (ext4 lists by a hash of the name, whatever the creation order).
The builds, in processes with different hash seeds, must be byte-identical.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_helpers import CLAIMKIT, REPO


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _copy(source: Path, dest: Path, order: str, seed: int) -> None:
    """Copy a tree file by file in the given order, with made-up modification times."""
    files = sorted(p for p in source.rglob("*") if p.is_file())
    if order == "reversed":
        files.reverse()
    elif order == "shuffled":
        random.Random(seed).shuffle(files)
    stamp = random.Random(seed + 1)
    for file in files:
        target = dest / file.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
        when = stamp.randrange(0, 2_000_000_000)
        os.utime(target, (when, when))


def _listings(folder: Path) -> dict[str, list[str]]:
    return {
        str(here.relative_to(folder)): os.listdir(here)
        for here in [folder, *sorted(p for p in folder.rglob("*") if p.is_dir())]
    }


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="claimkit-order-", dir=shm))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    else:  # pragma: no cover - no tmpfs: the listing order may then not differ
        yield tmp_path


def test_build_output_does_not_depend_on_file_system_order(scratch: Path, tmp_path: Path) -> None:
    trees = []
    listings = []
    for n, (order, seed) in enumerate((("sorted", 1), ("reversed", 2), ("shuffled", 3))):
        copy = scratch / f"copy{n}"
        _copy(REPO / "records", copy / "records", order, seed)
        _copy(REPO / "docs", copy / "docs", order, seed)
        listings.append(_listings(copy / "records"))
        out = tmp_path / f"out{n}"
        subprocess.run(
            [
                str(CLAIMKIT),
                "build",
                "--records",
                str(copy / "records"),
                "--docs",
                str(copy / "docs"),
                "--output",
                str(out),
            ],
            cwd=copy,
            env={**os.environ, "PYTHONHASHSEED": str(seed * 1000 + 7)},
            check=True,
            capture_output=True,
        )
        trees.append((_tree(out / "site"), _tree(out / "data")))
    if scratch != tmp_path:
        assert listings[0] != listings[1], "the copies were listed in the same order"
    assert len(trees[0][0]) > 50
    for n in (1, 2):
        for part, name in ((0, "site"), (1, "data")):
            differ = sorted(
                k
                for k in set(trees[0][part]) | set(trees[n][part])
                if trees[0][part].get(k) != trees[n][part].get(k)
            )
            assert not differ, f"copy {n}: {name} differs in {differ[:10]}"


def test_validate_output_does_not_depend_on_file_system_order(scratch: Path) -> None:
    """The same holds for `claimkit validate` on records with problems in several files."""
    outputs = []
    for n, (order, seed) in enumerate((("sorted", 1), ("reversed", 2))):
        copy = scratch / f"v{n}"
        _copy(REPO / "tests" / "examples" / "base" / "records", copy / "records", order, seed)
        for name in ("a", "b", "c"):
            (copy / "records" / "topics" / f"bad-{name}.yaml").write_text(
                f"id: Bad-{name}\nextra: 1\n", encoding="utf-8"
            )
        run = subprocess.run(
            [str(CLAIMKIT), "validate", "--no-cache", "--format", "json", "records"],
            cwd=copy,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 1
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]


def test_build_output_does_not_depend_on_the_working_folder(tmp_path: Path) -> None:
    """`claimkit build --records <path>` from the repository or from elsewhere: same bytes.

    (Record pages link to the record's source in the repository: that link must not take the
    build machine's absolute path when the working folder is not the repository's.)
    """
    repo = tmp_path / "repo"
    _copy(REPO / "records", repo / "records", "sorted", 1)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    trees = []
    for n, cwd in enumerate((repo, elsewhere)):
        out = tmp_path / f"out{n}"
        subprocess.run(
            [
                str(CLAIMKIT),
                "build",
                "--records",
                str(repo / "records"),
                "--docs",
                str(REPO / "docs"),
                "--output",
                str(out),
            ],
            cwd=cwd,
            check=True,
            capture_output=True,
        )
        trees.append(_tree(out / "site"))
    differ = sorted(k for k in set(trees[0]) | set(trees[1]) if trees[0].get(k) != trees[1].get(k))
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:5]}"
