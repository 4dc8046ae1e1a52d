"""An interrupted import leaves all of its records or none, never an empty one (issue 19,
case 4): a full disk, Ctrl-C and kill -9, each caught as it happens to a real process.

The import here is of 250 ClaimReviews by 250 people (500 records), so that writing takes long
enough to be interrupted in the middle.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from import_helpers import FIXTURES, REPO

from claimkit.importing.writing import recover

# Real processes interrupted at real moments, each preceded by a full import: `make test` runs
# them, `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

COUNT = 250


def feed(folder: Path, count: int = COUNT) -> Path:
    """A JSON-LD file of `count` ClaimReviews, each by a different person."""
    one = json.loads((FIXTURES / "single-object.jsonld").read_text(encoding="utf-8"))
    reviews = []
    for n in range(count):
        review = copy.deepcopy(one)
        review["@id"] = f"https://checks.example.com/2024/10/check-{n}#review"
        review["url"] = f"https://checks.example.com/2024/10/check-{n}"
        review["claimReviewed"] = f"Claim number {n} about North Korean soldiers in Kursk"
        author = review["itemReviewed"]["author"]
        author["name"] = f"Alex Sample {n}"
        author["sameAs"] = f"https://social.example.net/@alexsample{n}"
        review["itemReviewed"]["appearance"]["url"] = f"https://social.example.net/@a{n}/1"
        reviews.append(review)
    path = folder / "feed.jsonld"
    path.write_text(json.dumps(reviews), encoding="utf-8")
    return path


def tree(records: Path) -> dict[str, str]:
    """Every file under `records` (dot-folders too) with its bytes' hash."""
    return {
        p.relative_to(records).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(records.rglob("*"))
        if p.is_file()
    }


def visible(records: Path) -> dict[str, str]:
    """The records as validation sees them: dot-folders left out."""
    return {k: v for k, v in tree(records).items() if not k.startswith(".")}


def start(source: Path, records: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimkit",
            "import",
            str(source),
            "--records",
            str(records),
            "--schema",
            str(REPO / "schema"),
            "--quiet",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@dataclass
class States:
    """The import's source, and the publication's files before it and after it."""

    source: Path
    before: dict[str, str]
    after: dict[str, str]


@pytest.fixture
def states(empty: Path, tmp_path: Path) -> States:
    """The publication before (`empty`) and the complete state after an import."""
    source = feed(tmp_path)
    before = tree(empty)
    # The complete import is made at the same path as the interrupted one will be: records
    # name their schema by a path relative to their folder, so a copy elsewhere would differ
    # from an interrupted import that finished before the signal came (seen on a busy machine).
    kept = tmp_path / "before" / "records"
    shutil.copytree(empty, kept)
    run = start(source, empty)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, out.decode() + err.decode()
    after = tree(empty)
    assert len(after) > len(before) + COUNT
    done = tmp_path / "done" / "records"
    shutil.copytree(empty, done)  # the complete state, for the test that recovers a kill
    shutil.rmtree(empty)
    shutil.copytree(kept, empty)
    assert tree(empty) == before
    return States(source, before, after)


def _staging_appeared(records: Path) -> bool:
    return any(records.glob(".import-*"))


def _placed(records: Path) -> bool:
    return (records / "people").is_dir()


def _watch(proc: subprocess.Popen[bytes], records: Path, moment: str) -> None:
    """Wait for `moment`: the staging folder appears, or the first record is in place."""
    test = _staging_appeared if moment == "staging" else _placed
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline and not test(records):
        pass


def _none_or_all(records: Path, states: States, what: str) -> str:
    seen = visible(records)
    assert not any(len(b) == 0 for k, b in _sizes(records).items()), f"{what}: an empty file"
    if seen == states.before:
        return "none"
    assert seen == states.after, f"{what}: {len(seen)} files, neither none nor all"
    return "all"


def _sizes(records: Path) -> dict[str, bytes]:
    return {str(p): b"x" * min(p.stat().st_size, 1) for p in records.rglob("*") if p.is_file()}


@pytest.mark.parametrize("moment", ["staging", "placed"])
def test_ctrl_c_leaves_none_or_all(empty: Path, states: States, moment: str) -> None:
    source = states.source
    proc = start(source, empty)
    _watch(proc, empty, moment)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err.decode()
    _none_or_all(empty, states, f"Ctrl-C at {moment}")
    if proc.returncode == 130:  # interrupted, not finished: nothing may stay
        assert tree(empty) == states.before, "an interrupted import left files"


@pytest.mark.parametrize("moment", ["staging", "placed"])
def test_kill_9_leaves_none_or_all_after_the_next_import(
    empty: Path, states: States, moment: str
) -> None:
    source = states.source
    proc = start(source, empty)
    _watch(proc, empty, moment)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    left = visible(empty)
    if left not in (states.before, states.after):
        # Killed while putting records in place: the staging folder says so, and the next
        # import takes them out again.
        assert _staging_appeared(empty), "part of an import, without its staging folder"
    recover(empty)
    _none_or_all(empty, states, f"kill -9 at {moment}")
    assert not [p for p in empty.iterdir() if p.name.startswith(".")]


def test_the_next_import_removes_what_a_killed_one_linked(empty: Path, states: States) -> None:
    """The state a kill in the middle of putting records in place leaves, made exactly: a
    staging folder with every record, and some of them linked into place."""
    stage = empty / ".import-999999"
    done = states.source.parent / "done" / "records"
    for rel in states.after:
        if rel not in states.before:
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(done / rel, stage / rel)
    linked = sorted(stage.rglob("*.yaml"))[:10]
    for path in linked:
        target = empty / path.relative_to(stage)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, target)
    edited = empty / linked[0].relative_to(stage)
    edited.unlink()
    edited.write_text("id: kept\n", encoding="utf-8")  # changed by hand since: kept
    removed = recover(empty)
    assert len(removed) == 9
    assert edited.read_text(encoding="utf-8") == "id: kept\n"
    assert not stage.exists()


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` at `folder` (as root); skipped where it cannot be mounted, except in
    CI, which runs as root and must run this test."""
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"CI must be able to mount a tmpfs: {done.stderr.decode()}")
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_leaves_nothing_and_says_so(
    empty: Path, states: States, tmp_path: Path
) -> None:
    source = states.source
    with small_disk(tmp_path / "disk", "1m") as disk:
        records = disk / "records"
        shutil.copytree(empty, records)
        # Leave room for about half of the records.
        free = shutil.disk_usage(disk).free
        (disk / "filler").write_bytes(b"\0" * max(free - 400 * 4096, 0))
        before = tree(records)
        proc = start(source, records)
        out, err = proc.communicate(timeout=300)
        text = out.decode() + err.decode()
        assert "Traceback" not in text
        assert proc.returncode == 1
        assert "No space left on device" in text and "nothing was imported" in text
        assert tree(records) == before
        assert not [p for p in records.rglob("*") if p.is_file() and p.stat().st_size == 0]
        assert not [p.name for p in records.iterdir() if p.name.startswith(".")]
