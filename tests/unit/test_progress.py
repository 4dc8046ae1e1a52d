"""Progress on stderr: one line per stage in CI and pipes, a bar on a terminal after a second."""

from __future__ import annotations

import io

import pytest

from claimkit.core.progress import QUIET, Progress, current, is_live, use


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_one_line_per_stage_when_not_a_terminal() -> None:
    out, clock = io.StringIO(), _Clock()
    progress = Progress(out, clock=clock)
    with progress.stage("validate", 3, "files") as stage:
        for _ in range(3):
            clock.now += 1.0
            stage.advance()
    with progress.stage("write", 1, "records") as stage:
        clock.now += 1.25
        stage.advance()
    with progress.stage("index", 1, "records") as stage:
        stage.advance()  # under a second: not worth a line
    assert out.getvalue() == "validate: 3 files in 3.0 s\nwrite: 1 record in 1.2 s\n"


def test_a_bar_appears_on_a_terminal_only_after_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    out, clock = _Terminal(), _Clock()
    progress = Progress(out, clock=clock)
    assert progress.live
    with progress.stage("lay out", 4, "records") as stage:
        stage.advance()
        assert out.getvalue() == ""  # under a second: nothing drawn yet
        clock.now += 1.5
        stage.advance()
        assert out.getvalue() == "\rlay out [############............] 2/4 records 2 s"
        clock.now += 0.01
        stage.advance()  # redrawn at most ten times a second
        assert out.getvalue().count("\r") == 1
        clock.now += 0.2
        stage.advance()
    text = out.getvalue()
    assert "4/4 records" in text
    assert text.endswith("\rlay out: 4 records in 1.7 s\n")  # the bar cleared, then the line


def test_no_bars_in_ci_or_dumb_terminals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert not is_live(_Terminal())
    monkeypatch.delenv("CI")
    monkeypatch.setenv("TERM", "dumb")
    assert not is_live(_Terminal())
    monkeypatch.setenv("TERM", "xterm")
    assert is_live(_Terminal()) and not is_live(io.StringIO())


def test_library_code_reports_to_the_progress_a_command_set() -> None:
    out, clock = io.StringIO(), _Clock()
    assert current() is QUIET
    with use(Progress(out, clock=clock)), current().stage("check files", 2, "files") as stage:
        clock.now += 2
        stage.advance(2)
    assert current() is QUIET
    assert out.getvalue() == "check files: 2 files in 2.0 s\n"


def test_quiet_reports_nothing() -> None:
    out = io.StringIO()
    with Progress(out, quiet=True).stage("read", 2, "files") as stage:
        stage.advance(2)
    assert out.getvalue() == ""
