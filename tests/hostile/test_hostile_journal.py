"""The validate cache's journal (what each run changed, appended beside the index) is safe
against a killed run: a part cut short anywhere is not read (the index is as the run before left
it), the next run writes over it, and every run reports what a run without the cache reports."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_helpers import CLAIMKIT, run_cli

from claimkit.records import filestatus
from claimkit.validation import indexfile

REPO = Path(__file__).resolve().parents[2]


def _generate(root: Path, claims: int) -> Path:
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "generate.py"),
            str(claims),
            str(root / "records"),
        ],
        check=True,
        capture_output=True,
    )
    return root


def _edit(path: Path, n: int) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('claimReviewed: "', f'claimReviewed: "Edit {n}: ', 1), "utf-8")


def _state(index: indexfile.Index) -> tuple[object, ...]:
    """What the index says of the files: statuses, problems of their own, the invalid ones,
    the problems across records."""
    return index.statuses, index.owned, index.invalid, index.cross


def _same_as_cold(root: Path) -> None:
    cold = run_cli(root, "validate", "--no-cache", "--format", "json", "records")
    warm = run_cli(root, "validate", "--format", "json", "records")
    assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)


def test_a_journal_cut_anywhere_leaves_the_old_index_or_the_new(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every status trusted at once: with the 3 s margin, a status the runs before the cuts left
    # untrusted (files written just before) became trusted in whichever run came 3 s after the
    # writes, and the state compared changed with the machine's speed, not the journal.
    monkeypatch.setattr(filestatus, "RACY_MARGIN_NS", 0)
    root = _generate(tmp_path / "pub", 20)
    claims = sorted((root / "records" / "claims").glob("*.yaml"))
    run_cli(root, "validate", "records")
    _edit(claims[0], 1)
    run_cli(root, "validate", "records")
    records = (root / "records").resolve()
    first = indexfile.read(records)
    assert first is not None and first.journal is not None and len(first.journal.parts) == 1
    first_state, first_end = _state(first), first.journal.end
    first.close()
    # The second part: a record broken (its own problems, and the checks across records).
    claims[1].write_text("id: [\n", encoding="utf-8")
    run_cli(root, "validate", "records")
    (journal_file,) = private_cache.glob("validate-*.journal")
    whole = journal_file.read_bytes()
    assert len(whole) > first_end
    both = indexfile.read(records)
    assert both is not None and both.journal is not None and len(both.journal.parts) == 2
    both_state = _state(both)
    both.close()
    assert both_state != first_state
    cuts = sorted({*range(first_end, len(whole), 7), first_end + 1, len(whole) - 1, 3, 0})
    for cut in cuts:
        journal_file.write_bytes(whole[:cut])
        index = indexfile.read(records)
        assert index is not None
        # Cut inside the second part: the first alone; inside the first or the head: none.
        if cut >= first_end:
            assert _state(index) == first_state
        parts = index.journal.parts if index.journal is not None else []
        assert len(parts) == (1 if cut >= first_end else 0)
        index.close()
        _same_as_cold(root)
        # The run after the cut wrote its own part over the cut one: the journal reads whole.
        again = indexfile.read(records)
        assert again is not None
        assert _state(again) == both_state
        again.close()
    journal_file.write_bytes(whole + b"\x00garbage after the last part")
    _same_as_cold(root)
    journal_file.write_bytes(whole[:first_end] + b"\xff" * (len(whole) - first_end))
    _same_as_cold(root)


def test_validate_runs_killed_at_any_moment_leave_a_cache_that_answers_right(
    tmp_path: Path, private_cache: Path
) -> None:
    """Real runs, killed (SIGKILL) at random moments after a change; the next whole run, from
    the cache, reports what a run without it reports."""
    root = _generate(tmp_path / "pub", 150)
    claims = sorted((root / "records" / "claims").glob("*.yaml"))
    env = {**os.environ, "CLAIMKIT_CACHE_DIR": str(private_cache)}
    command = [str(CLAIMKIT), "validate", "--format", "json", "records"]
    rng = random.Random(20261204)
    started = time.monotonic()
    subprocess.run(command, cwd=root, env=env, capture_output=True, check=False)
    took = time.monotonic() - started
    for n in range(12):
        path = rng.choice(claims)
        if rng.random() < 0.25:
            path.write_text("id: [\n", encoding="utf-8")
        else:
            _edit(path, n)
        proc = subprocess.Popen(
            command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.0, took * 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _same_as_cold(root)


def test_runs_at_the_same_time_leave_a_cache_that_answers_right(
    tmp_path: Path, private_cache: Path
) -> None:
    """Two runs at once, each after its own change, append to the same journal (one after
    the other, under its lock); whichever part is last, the next run reports what a run
    without the cache reports."""
    root = _generate(tmp_path / "pub", 60)
    claims = sorted((root / "records" / "claims").glob("*.yaml"))
    env = {**os.environ, "CLAIMKIT_CACHE_DIR": str(private_cache)}
    command = [str(CLAIMKIT), "validate", "--format", "json", "records"]
    subprocess.run(command, cwd=root, env=env, capture_output=True, check=False)
    for n in range(6):
        _edit(claims[n], n)
        first = subprocess.Popen(
            command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        claims[n + 10].write_text("id: [\n" if n % 2 else "id: x\n", encoding="utf-8")
        second = subprocess.Popen(
            command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        first.wait()
        second.wait()
        _same_as_cold(root)
