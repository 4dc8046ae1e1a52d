"""Helpers for the hostile-input tests: run the commands, and check what every run must satisfy.

Whatever a record or a page holds, a run of `claimkit validate` or `claimkit check`:

- returns an exit code (no exception escapes `claimkit.cli.main`);
- prints output that is valid UTF-8 (a CI log or a GitHub annotation must be writable);
- reports only diagnostics whose code is in `claimkit.core.diagnostics.CODES`, with the code's
  severity and a 1-based position;
- keeps to one line per diagnostic in the text and GitHub formats (record text cannot forge
  extra lines);
- exits 1 exactly when an error is reported.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimkit.core.diagnostics import CODES, Severity

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
BASE = TESTS / "examples" / "base"
PYTHON = sys.executable
CLAIMKIT = Path(sys.executable).with_name("claimkit")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict[str, Any]:
        report: dict[str, Any] = json.loads(self.stdout)
        return report

    @property
    def diagnostics(self) -> list[dict[str, Any]]:
        diagnostics: list[dict[str, Any]] = self.report["diagnostics"]
        return diagnostics

    @property
    def codes(self) -> set[str]:
        return {d["code"] for d in self.diagnostics}


def publication(dest: Path) -> Path:
    """A copy of tests/examples/base (a small valid publication); returns its root."""
    shutil.copytree(BASE, dest)
    return dest


def run_cli(cwd: Path, *argv: str) -> Run:
    """`claimkit <argv>` in-process in `cwd`; an exception escaping main fails the test."""
    from claimkit.cli import main

    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
    finally:
        os.chdir(here)
    return Run(code, out.getvalue(), err.getvalue())


def assert_writable(text: str) -> None:
    """Output must encode as strict UTF-8: with a strict stdout (any non-C locale), a lone
    surrogate in a message is a UnicodeEncodeError, and with surrogateescape it is a byte that
    makes the JSON report invalid UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise AssertionError(
            f"output is not valid UTF-8 ({exc.reason} at {exc.start}: "
            f"{text[max(0, exc.start - 60) : exc.end + 20]!r})"
        ) from None


def assert_coded_json(run: Run, *, allowed_exit: tuple[int, ...] = (0, 1)) -> list[dict[str, Any]]:
    """The checks every `--format json` run must pass; returns the diagnostics."""
    assert "Traceback" not in run.stderr, run.stderr
    assert run.exit_code in allowed_exit, (run.exit_code, run.stdout, run.stderr)
    assert_writable(run.stdout + run.stderr)
    report = run.report
    diagnostics: list[dict[str, Any]] = report["diagnostics"]
    for d in diagnostics:
        assert d["code"] in CODES, d
        assert d["severity"] == CODES[d["code"]].severity.value, d
        assert isinstance(d["line"], int) and d["line"] >= 1, d
        assert isinstance(d["column"], int) and d["column"] >= 1, d
        assert isinstance(d["path"], str) and d["path"], d
        assert isinstance(d["message"], str) and d["message"], d
    errors = sum(1 for d in diagnostics if d["severity"] == Severity.ERROR.value)
    if run.exit_code in (0, 1):
        assert run.exit_code == (1 if errors else 0), (run.exit_code, diagnostics)
    assert isinstance(report["summary"], str)
    return diagnostics


def assert_one_line_each(run: Run, count: int, fmt: str) -> None:
    """In the text and GitHub formats, one line per diagnostic and a summary line."""
    assert "Traceback" not in run.stderr, run.stderr
    assert_writable(run.stdout)
    lines = run.stdout.split("\n")
    assert lines[-1] == "", run.stdout[-200:]
    lines = lines[:-1]
    assert len(lines) == count + 1, (
        f"{fmt}: {count} diagnostic(s) printed as {len(lines) - 1} line(s); record text "
        f"broke a line:\n{run.stdout[:2000]}"
    )
    for line in lines[:-1]:
        if fmt == "github":
            assert line.startswith(("::error ", "::warning ")), line
        else:
            assert line.endswith("]"), line
            assert ": error: " in line or ": warning: " in line, line


def bounded_python(
    code: str, *args: str, cwd: Path, timeout: float, memory_mib: int = 1536
) -> tuple[int | None, str, str, float]:
    """Run Python code in a child limited in address space and time.

    Returns (exit code or None when killed at the timeout, stdout, stderr, peak RSS in MiB as
    the child reports it on its last line of stderr, or -1).
    """
    limit = memory_mib * 1024 * 1024
    wrapper = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
        "def _report():\n"
        "    rss = -1.0\n"  # VmHWM: ru_maxrss would count the parent's peak from before exec
        "    with open('/proc/self/status', encoding='ascii') as status:\n"
        "        for line in status:\n"
        "            if line.startswith('VmHWM:'):\n"
        "                rss = int(line.split()[1]) / 1024\n"
        "    sys.stderr.write(f'\\nPEAK-RSS-MIB {rss:.0f}\\n')\n"
        "import atexit; atexit.register(_report)\n" + code
    )
    proc = subprocess.Popen(
        [PYTHON, "-c", wrapper, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="backslashreplace",
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
    )
    try:
        out, err = proc.communicate(timeout=timeout)
        code_ = proc.returncode
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        code_ = None
    rss = -1.0
    for line in err.splitlines():
        if line.startswith("PEAK-RSS-MIB "):
            rss = float(line.split()[1])
    return code_, out, err, rss


VALIDATE_IN_CHILD = (
    "from claimkit.cli import main\n"
    "raise SystemExit(main(['validate', '--no-cache', '--format', 'json', *sys.argv[1:]]))\n"
)


@dataclass(frozen=True)
class Proc:
    """A process as /proc shows it."""

    pid: int
    state: str  # "Z" for a zombie: ended, not yet waited for
    parent: int
    session: int
    name: str  # the command's name (comm), at most 15 characters
    cpu: float  # seconds of processor time it has used


_TICK = 1 / os.sysconf("SC_CLK_TCK")


def processes() -> list[Proc]:
    """Every process, zombies included."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # state, parent, group, session, ...
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        cpu = (int(fields[11]) + int(fields[12])) * _TICK  # user and system time
        found.append(Proc(int(entry.name), fields[0], int(fields[1]), int(fields[3]), name, cpu))
    return found


def live_in_session(session: int) -> list[Proc]:
    """The processes of `session` that still run (zombies left out)."""
    return [p for p in processes() if p.session == session and p.state != "Z"]


def assert_session_ends(session: int, within: float = 5.0) -> None:
    """Once a command started in a session of its own (`start_new_session`) has been killed
    and waited for, nothing of its session runs `within` seconds later: what it had started
    (forked workers, a render process, the indexer) ends with it. Whatever is left is killed
    after the failure is noted, so that it writes no further."""
    deadline = time.monotonic() + within
    while (left := live_in_session(session)) and time.monotonic() < deadline:
        time.sleep(0.02)
    for proc in left:
        with contextlib.suppress(OSError):
            os.kill(proc.pid, signal.SIGKILL)
    assert not left, (
        f"{len(left)} process(es) the killed command had started still ran {within:.0f} s "
        f"after it: {', '.join(f'{p.pid} ({p.name})' for p in left)}"
    )
