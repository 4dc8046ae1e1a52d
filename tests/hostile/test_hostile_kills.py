"""Fault injection: `build`, `export` and `import`, each killed with SIGKILL at 20 random
moments, leave the complete old state or the complete new one, never a mix (issue 19).

For each command, state A (before) and state B (after a run that finished) are recorded as
file trees hashed byte by byte. Then the command is started from A again and again and killed
at a random moment between its start and a little after the time a whole run takes. After each
kill, what a reader sees must be A or B:

- build: `site` and `data` together (the pair, not each alone);
- export: the site (unchanged) and the data;
- import: the records as validation reads them. Killed in the instant it links the records
  into place, an import may leave some; its staging folder then says so, and the next import
  takes them out again (`recover`), so the state after that must be A.

The moments come from a seeded generator; the seed is in every failure message
(`CLAIMKIT_KILL_SEED` replays a run).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import BASE, CLAIMKIT, REPO, assert_session_ends

from claimkit.importing.writing import recover

KILLS = 20
SEED = int(os.environ.get("CLAIMKIT_KILL_SEED") or time.time_ns() % 1_000_000)
CLAIM = "claims/harbour-to-close.yaml"


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` (links followed at the top only) by path, with its hash."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _copy(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True)


def _run(args: list[str], cwd: Path) -> float:
    start = time.monotonic()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return time.monotonic() - start


def _fingerprint(folders: list[Path]) -> list[tuple[str, int, int]]:
    """The entries of `folders` (not below) with their times and sizes."""
    seen = []
    for folder in folders:
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    seen.append((entry.path, info.st_mtime_ns, info.st_size))
    return sorted(seen)


def _writing(
    args: list[str], cwd: Path, watched: list[Path]
) -> tuple[subprocess.Popen[bytes], float]:
    """Start the command and return once it first changes something in the `watched` folders
    (or has ended), with the time that took."""
    before = _fingerprint(watched)
    start = time.monotonic()
    proc = subprocess.Popen(
        args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    while proc.poll() is None and _fingerprint(watched) == before:
        pass
    return proc, time.monotonic() - start


def _write_window(args: list[str], cwd: Path, watched: list[Path]) -> float:
    """Run the command to the end; how long it goes on changing the `watched` folders after
    its first change there (the time it writes and publishes)."""
    proc, _first = _writing(args, cwd, watched)
    began = time.monotonic()
    last = began
    seen = _fingerprint(watched)
    while proc.poll() is None:
        now = _fingerprint(watched)
        if now != seen:
            seen, last = now, time.monotonic()
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    if _fingerprint(watched) != seen:  # a last change just before the end
        last = time.monotonic()
    return last - began


def _kill_at_random_moments(
    args: list[str],
    cwd: Path,
    watched: list[Path],
    window: float,
    reset: Callable[[], None],
    seen: Callable[[], str],
) -> dict[str, int]:
    """Start the command `KILLS` times from state A and kill it at a random moment of the time
    it writes: from its first change in the `watched` folders to a little after its last (as a
    whole run showed). Anchored at the first change, the moments do not depend on how long
    the command took to start. `seen` names what was left ("A" or "B") or fails."""
    rng = random.Random(SEED)
    counts = {"A": 0, "B": 0}
    for n in range(KILLS):
        reset()
        moment = rng.uniform(0.0, window * 1.2 + 0.01)
        proc, first = _writing(args, cwd, watched)
        time.sleep(moment)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        try:
            # What it had started (workers, the render process, the indexer) ended with it, so
            # what it left can be looked at (and the folder reset) at once.
            assert_session_ends(proc.pid)
            counts[seen()] += 1
        except AssertionError as exc:
            raise AssertionError(
                f"kill {n + 1}, {moment * 1000:.1f} ms after the first write at {first:.2f} s "
                f"(seed {SEED}; a whole run wrote for {window * 1000:.1f} ms): {exc}"
            ) from None
    return counts


def _change_claim(records: Path) -> None:
    claim = records / CLAIM
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text.replace("claimReviewed: ", "claimReviewed: Changed, ", 1), "utf-8")


@pytest.fixture
def publication(tmp_path: Path) -> Path:
    records = tmp_path / "records"
    shutil.copytree(BASE / "records", records)
    assert (records / CLAIM).is_file()
    return records


# A preview's build (`claimkit serve`'s options): incremental, the generation before last kept,
# and the new site made in that one's folders (site/mkdocs/recycle.py).
_PREVIEW_BUILD = """
import sys
from pathlib import Path
from claimkit.site.build import Options, build
build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]),
      options=Options(incremental=True, clean=False))
"""


@pytest.mark.parametrize(
    "incremental", [False, True, "recycled"], ids=["full", "incremental", "recycled"]
)
def test_killed_builds_leave_the_old_site_and_data_or_the_new(
    publication: Path, tmp_path: Path, incremental: bool | str
) -> None:
    # An incremental build shares the published build's unchanged pages by hard links, and a
    # preview's makes its site in the folders of the generation before last: killed at any
    # moment each must leave the published files as they were, like every other.
    out = tmp_path / "build"
    args = [str(CLAIMKIT), "build", "--records", str(publication), "--output", str(out)]
    args += ["--docs", str(tmp_path / "no-docs")]
    _run(args, tmp_path)
    if incremental == "recycled":
        args = [sys.executable, "-c", _PREVIEW_BUILD, str(publication), str(out)]
        args += [str(tmp_path / "no-docs")]
        _run(args, tmp_path)  # the first generation is now the one before last: a spare
        assert len(list(out.glob(".gen-*"))) == 2
    elif incremental:
        args += ["--incremental"]
    pristine = tmp_path / "pristine"
    _copy(out, pristine)
    state_a = (tree(out / "site"), tree(out / "data"))
    _change_claim(publication)
    watched = [out, out / "site", out / "data"]
    window = _write_window(args, tmp_path, watched)
    state_b = (tree(out / "site"), tree(out / "data"))
    assert state_a[0] != state_b[0] and state_a[1] != state_b[1]

    def seen() -> str:
        now = (tree(out / "site"), tree(out / "data"))
        if now == state_a:
            return "A"
        assert now == state_b, "the site and data are neither the old pair nor the new"
        return "B"

    counts = _kill_at_random_moments(
        args, tmp_path, watched, window, lambda: _copy(pristine, out), seen
    )
    _run(args, tmp_path)  # a later build cleans up after the killed ones
    assert (tree(out / "site"), tree(out / "data")) == state_b
    current = os.readlink(out / "current")
    left = sorted(p.name for p in out.iterdir() if p.name != current)
    assert [n for n in left if not n.startswith(".gen-")] == sorted(
        [".lock", "current", "site", "data"]
    ), counts
    # A preview's build leaves the generation it replaced (the next one's spare) and what is
    # left of the spare it used, for the preview to remove after serving the new site.
    others = [n for n in left if n.startswith(".gen-")]
    assert len(others) <= (2 if incremental == "recycled" else 0), (others, counts)


def test_killed_exports_leave_the_old_dumps_or_the_new(publication: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build = [str(CLAIMKIT), "build", "--records", str(publication), "--output", str(out)]
    _run([*build, "--docs", str(tmp_path / "no-docs")], tmp_path)
    pristine = tmp_path / "pristine"
    _copy(out, pristine)
    state_a = (tree(out / "site"), tree(out / "data"))
    _change_claim(publication)
    args = [str(CLAIMKIT), "export", "--records", str(publication), "--output", str(out / "data")]
    watched = [out, out / "data"]
    window = _write_window(args, tmp_path, watched)
    state_b = (tree(out / "site"), tree(out / "data"))
    assert state_a[0] == state_b[0] and state_a[1] != state_b[1]
    for name in ("claims.jsonld", "feed.json"):
        json.loads((out / "data" / name).read_text(encoding="utf-8"))

    def seen() -> str:
        now = (tree(out / "site"), tree(out / "data"))
        if now == state_a:
            return "A"
        assert now == state_b, "the dumps are neither the old ones nor the new ones"
        return "B"

    _kill_at_random_moments(args, tmp_path, watched, window, lambda: _copy(pristine, out), seen)


def test_killed_imports_leave_none_or_all_of_their_records(
    publication: Path, tmp_path: Path
) -> None:
    fixtures = REPO / "tests" / "importing" / "fixtures"
    args = [sys.executable, "-m", "claimkit", "import", str(fixtures / "datafeed.json")]
    args += [str(fixtures / "graph.jsonld"), "--records", str(publication)]
    args += ["--schema", str(REPO / "schema"), "--quiet"]
    pristine = tmp_path / "pristine"
    _copy(publication, pristine)

    def visible() -> dict[str, str]:
        return {k: v for k, v in tree(publication).items() if not k.startswith(".")}

    state_a = visible()
    folders = [publication, *(p for p in publication.iterdir() if p.is_dir())]
    window = _write_window(args, tmp_path, folders)
    state_b = visible()
    assert len(state_b) > len(state_a)

    def seen() -> str:
        now = visible()
        # Looked at before any recovery, which takes a part-published import's files out again.
        empty = [k for k in now if (publication / k).stat().st_size == 0]
        assert not empty, f"empty records: {empty}"
        if now not in (state_a, state_b):
            assert any(publication.glob(".import-*")), "part of an import, without its staging"
            recover(publication)
            assert visible() == state_a, "the next import did not take the part out again"
        return "A" if visible() == state_a else "B"

    _kill_at_random_moments(
        args, tmp_path, folders, window, lambda: _copy(pristine, publication), seen
    )


def test_killed_incremental_exports_leave_the_old_dumps_or_the_new_and_a_true_cache(
    publication: Path, tmp_path: Path
) -> None:
    """An export into a folder of its own copies the pages that did not change from the dumps
    there, by the ranges its index in the cache notes. Killed at any moment, it leaves the old
    dumps or the new; and the next export, whatever the kill left of the index, gives the bytes
    a full export gives (the index never serves ranges of other dumps)."""
    out = tmp_path / "dumps"
    args = [str(CLAIMKIT), "export", "--records", str(publication), "--output", str(out)]
    claim = publication / CLAIM
    original = claim.read_text(encoding="utf-8")
    _run(args, tmp_path)
    state_a = tree(out)
    _change_claim(publication)
    reference = tmp_path / "reference"
    _run([*args[:-1], str(reference), "--no-cache"], tmp_path)
    watched = [tmp_path, out, Path(os.environ["CLAIMKIT_CACHE_DIR"])]
    window = _write_window(args, tmp_path, watched)
    state_b = tree(out)
    assert state_b == tree(reference) and state_b != state_a

    def reset() -> None:
        claim.write_text(original, encoding="utf-8")
        _run(args, tmp_path)
        assert tree(out) == state_a, "the export after a killed one differs from a full one"
        _change_claim(publication)

    def seen() -> str:
        now = tree(out)
        if now == state_a:
            return "A"
        assert now == state_b, "the dumps are neither the old ones nor the new ones"
        return "B"

    _kill_at_random_moments(args, tmp_path, watched, window, reset, seen)
    _run(args, tmp_path)
    assert tree(out) == state_b
