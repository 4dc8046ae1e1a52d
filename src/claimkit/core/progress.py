"""Progress of long commands, on stderr: a live bar on a terminal, one line per stage in CI.

Only stages that take more than a second are shown. On a terminal such a stage's bar appears
after one second and is redrawn at most ten times a second; when it ends, and in CI or a pipe
(no bars), it leaves one line such as `check files: 132,012 files in 7.2 s`.

Library code reports through `current()`, the Progress a command set with `use()`: nothing is
shown unless a command asked for it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TextIO

SHOW_AFTER = 1.0  # seconds a stage runs before its bar appears
REDRAW_EVERY = 0.1
WIDTH = 24


def is_live(out: TextIO) -> bool:
    """Whether to draw bars: a terminal that is not a CI runner's."""
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


class Stage:
    """One stage: counts items done out of a known total (or an unknown one)."""

    def __init__(self, progress: Progress, name: str, total: int | None, unit: str) -> None:
        self.progress = progress
        self.name = name
        self.total = total
        self.unit = unit
        self.done = 0
        self.started = progress.clock()
        self.drawn_at: float | None = None

    def advance(self, count: int = 1) -> None:
        """Count items as done, and redraw the bar if it is due."""
        self.done += count
        if self.progress.live:
            now = self.progress.clock()
            if now - self.started >= SHOW_AFTER and (
                self.drawn_at is None or now - self.drawn_at >= REDRAW_EVERY
            ):
                self.drawn_at = now
                self.progress.draw(self._bar(now))

    def _bar(self, now: float) -> str:
        elapsed = f"{now - self.started:.0f} s"
        if self.total:
            share = min(self.done / self.total, 1.0)
            filled = round(share * WIDTH)
            return (
                f"{self.name} [{'#' * filled}{'.' * (WIDTH - filled)}] "
                f"{self.done:,}/{self.total:,} {self.unit} {elapsed}"
            )
        return f"{self.name}: {self.done:,} {self.unit} {elapsed}"

    def seconds(self) -> float:
        """How long the stage has run so far."""
        return self.progress.clock() - self.started

    def summary(self) -> str:
        """The line left when the stage ends, e.g. `check files: 132,012 files in 7.2 s`."""
        seconds = self.seconds()
        unit = self.unit[:-1] if self.done == 1 and self.unit.endswith("s") else self.unit
        count = f"{self.done:,} {unit} in " if unit else ""
        return f"{self.name}: {count}{seconds:.1f} s"


class Progress:
    """Reports stages on `out`; `quiet` reports nothing."""

    def __init__(
        self,
        out: TextIO | None = None,
        *,
        quiet: bool = False,
        live: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.out = out if out is not None else sys.stderr
        self.quiet = quiet
        self.live = (not quiet) and (is_live(self.out) if live is None else live)
        self.clock = clock
        self._bar_width = 0

    @contextmanager
    def stage(self, name: str, total: int | None = None, unit: str = "") -> Iterator[Stage]:
        """Run a stage inside this block; if it took long enough to be shown, leave its summary
        line at the end."""
        stage = Stage(self, name, total, unit)
        try:
            yield stage
        finally:
            self.clear()
            if not self.quiet and (stage.drawn_at is not None or stage.seconds() >= SHOW_AFTER):
                self.out.write(stage.summary() + "\n")
                self.out.flush()

    def draw(self, text: str) -> None:
        """Draw a bar over the previous one, on the same line."""
        pad = max(self._bar_width - len(text), 0)
        self.out.write("\r" + text + " " * pad)
        self.out.flush()
        self._bar_width = len(text)

    def clear(self) -> None:
        """Blank out the bar on screen, if one is drawn."""
        if self._bar_width:
            self.out.write("\r" + " " * self._bar_width + "\r")
            self._bar_width = 0


QUIET = Progress(quiet=True)
_CURRENT: ContextVar[Progress] = ContextVar("claimkit_progress", default=QUIET)


def current() -> Progress:
    """The Progress the running command reports to (QUIET unless one was set)."""
    return _CURRENT.get()


@contextmanager
def use(progress: Progress) -> Iterator[Progress]:
    """Report the stages run inside this block to `progress`."""
    token = _CURRENT.set(progress)
    try:
        yield progress
    finally:
        _CURRENT.reset(token)
