"""What a command starts ends with it, even when the command is killed outright (SIGKILL).

A `claimkit build` of a publication large enough for every pool (3000 claims) is started in a
session of its own and killed while a child of one kind is at work: the validation, dump or page
workers, the second render process, or the Pagefind indexer. Every process that ran then must
be killed with it (SIGKILL), not go on to the end of its piece of work, and within a few seconds
no process of the build's session may be left. A pool that replaces its workers forks the new
ones from a thread of its own (see core.lifetime): a second test kills a pool's parent once the
replacements work, and checks that a pool that replaces workers still closes as usual.

Before, the pool workers went on with the piece they had (writing pages into the killed build's
staging folder) and Pagefind indexed the whole site; the render process ended on SIGTERM.

To learn how each child ended, the test adopts the orphans of its descendants while it runs
(Linux' PR_SET_CHILD_SUBREAPER) and waits for them itself.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile_helpers import PYTHON, REPO, Proc, assert_session_ends, processes

from claimkit.core.machine import usable_cpus

CLAIMS = 3000  # over every pool's threshold (validation 1000 records, dumps and pages 2000)
BUSY = 0.05  # seconds of processor time a child has used when the build is killed: at work
WITHIN = 5.0  # seconds the children may take to end after the build
PR_SET_CHILD_SUBREAPER = 36  # from <linux/prctl.h>


@dataclass(frozen=True)
class Moment:
    """Kill the build while a child of this kind is at work, one started after a line of the
    build's output."""

    after: str  # a pattern the line must match, "" for the build's start
    program: str | None  # the child's name; None for a process the build forked itself
    pools: bool = True  # pool workers or the render process: only with two cores or more


MOMENTS = {
    "validation workers": Moment("", None),
    "dump workers": Moment(r"^validated \d+ records", None),
    "page workers": Moment(r"^wrote the dumps", None),
    "render process": Moment(r"^wrote \d+ pages$", None),
    "indexer": Moment("", "pagefind", pools=False),
}


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("orphans") / "records"
    generate = [PYTHON, str(REPO / "benchmarks" / "generate.py"), str(CLAIMS), str(out)]
    subprocess.run(generate, check=True, capture_output=True, timeout=120)
    return out


@contextlib.contextmanager
def _adopting_orphans() -> Iterator[None]:
    """Within the block, a process orphaned below this one becomes this one's child."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        pytest.skip("the kernel does not let the test adopt orphans")
    try:
        yield
    finally:
        libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


def _kill_when(proc: subprocess.Popen[str], moment: Moment, said: list[str]) -> list[Proc]:
    """Kill `proc` once a child of `moment`'s kind is at work; return the processes its session
    ran just before. (A step's line is printed once its pool has ended: a child at work after
    the line is one of the next step's.)"""
    name = Path(f"/proc/{proc.pid}/comm").read_text().strip()
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        session = [p for p in processes() if p.session == proc.pid and p.state != "Z"]
        if (not moment.after or any(re.search(moment.after, line) for line in said)) and any(
            p.parent == proc.pid and p.name == (moment.program or name) and p.cpu >= BUSY
            for p in session
        ):
            proc.send_signal(signal.SIGKILL)
            return [p for p in session if p.pid != proc.pid]
        time.sleep(0.005)
    raise AssertionError(f"the build ended (or took 120 s) before the child was at work: {said}")


def _how_they_ended(running: list[Proc]) -> dict[str, str]:
    """Wait (at most WITHIN seconds) for each of the `running` processes; how each ended."""
    ended: dict[str, str] = {}
    deadline = time.monotonic() + WITHIN
    waiting = list(running)
    while waiting:
        for proc in list(waiting):
            label = f"{proc.name} ({proc.pid})"
            try:
                pid, status = os.waitpid(proc.pid, os.WNOHANG)
            except ChildProcessError:  # it ended, and was waited for, before the kill
                waiting.remove(proc)
                continue
            if pid == 0 and time.monotonic() < deadline:
                continue
            if pid == 0:
                os.kill(proc.pid, signal.SIGKILL)
                os.waitpid(proc.pid, 0)
                ended[label] = f"still ran {WITHIN:.0f} s after the kill"
            elif os.WIFSIGNALED(status):
                ended[label] = signal.Signals(os.WTERMSIG(status)).name
            else:
                ended[label] = f"exit code {os.waitstatus_to_exitcode(status)}"
            waiting.remove(proc)
        time.sleep(0.01)
    return ended


def _clean_up(session: int) -> None:
    """Kill and wait for whatever is left of `session` (after a failure)."""
    for left in processes():
        if left.session == session:
            with contextlib.suppress(OSError):
                os.kill(left.pid, signal.SIGKILL)
            if left.parent == os.getpid():
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(left.pid, 0)


@pytest.mark.parametrize("moment", MOMENTS.values(), ids=MOMENTS.keys())
def test_a_killed_build_takes_what_it_started_with_it(
    records: Path, tmp_path: Path, moment: Moment
) -> None:
    if moment.pools and usable_cpus() < 2:
        pytest.skip("one core: the build starts no workers")
    args = [PYTHON, "-m", "claimkit", "build", "--records", str(records)]
    args += ["--output", str(tmp_path / "build"), "--docs", str(tmp_path / "no-docs")]
    # Validated afresh (no cache from another case), its steps printed line by line.
    env = {**os.environ, "CLAIMKIT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONUNBUFFERED": "1"}
    said: list[str] = []
    with _adopting_orphans():
        proc = subprocess.Popen(
            args,
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )

        def listen() -> None:  # the pipe stays open while any process of the build holds it
            assert proc.stdout is not None
            for line in proc.stdout:
                said.append(line.rstrip("\n"))

        threading.Thread(target=listen, daemon=True).start()
        try:
            running = _kill_when(proc, moment, said)
            proc.wait(timeout=30)
            assert proc.returncode == -signal.SIGKILL, said
            ended = _how_they_ended(running)
            assert ended, "no process of the build ran at the kill"
            not_killed = {k: v for k, v in ended.items() if v != "SIGKILL"}
            assert not not_killed, f"not killed with the build: {not_killed}"
            assert_session_ends(proc.pid, within=WITHIN)
        finally:
            with contextlib.suppress(OSError):
                proc.kill()
            _clean_up(proc.pid)


# A pool that replaces each worker after one task: the replacements are forked by the pool's
# own thread (see core.lifetime). The first two tasks are short, the others keep the
# replacements at work.
REPLACED = """
import multiprocessing, sys, time
from claimkit.core.lifetime import ends_with_this_process

def work(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return seconds

context = multiprocessing.get_context("fork")
with context.Pool(2, initializer=ends_with_this_process(), maxtasksperchild=1) as pool:
    print(*(p.pid for p in pool._pool), flush=True)
    print(pool.map(work, [float(s) for s in sys.argv[1:]], chunksize=1), flush=True)
"""


def test_a_pool_that_replaces_its_workers_ends_them_with_it(tmp_path: Path) -> None:
    # Closed as usual, the pool ends its replaced workers itself (a worker killed as its
    # thread ended, holding the pool's lock, left the pool waiting for ever).
    done = subprocess.run(
        [PYTHON, "-c", REPLACED, *["0.01"] * 8], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    with _adopting_orphans():
        proc = subprocess.Popen(
            [PYTHON, "-c", REPLACED, "0.1", "0.1", "60", "60", "60", "60"],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            assert proc.stdout is not None
            first = {int(pid) for pid in proc.stdout.readline().split()}
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                session = [p for p in processes() if p.session == proc.pid and p.state != "Z"]
                replaced = [p for p in session if p.parent == proc.pid and p.pid not in first]
                if len(replaced) == 2 and all(p.cpu >= BUSY for p in replaced):
                    break
                time.sleep(0.01)
            else:
                raise AssertionError("the pool did not replace its workers within 60 s")
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            ended = _how_they_ended([p for p in session if p.pid != proc.pid])
            assert ended and all(v == "SIGKILL" for v in ended.values()), ended
            assert_session_ends(proc.pid, within=WITHIN)
        finally:
            with contextlib.suppress(OSError):
                proc.kill()
            _clean_up(proc.pid)
