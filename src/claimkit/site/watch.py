"""When `claimkit serve` looks at its sources again: as soon as the file system says something
in them changed (watchdog's observer: inotify on Linux, FSEvents on macOS), after a short pause
that lets an editor finish its save (a temporary file written, then renamed over the record),
and every few seconds whatever it says (a notice can be lost: inotify's queue overflows, a
network file system sends none). What changed is still found by comparing the files' times
and sizes (`serve.snapshot`): a notice says when to look, and where (the files it names, or
everything when a folder came, went or moved)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

# Seconds between looks when no notice came.
LOOK_EVERY = 5.0
# Seconds to wait after a notice for the rest of a save's notices.
SETTLE = 0.05


class _Notice(FileSystemEventHandler):
    def __init__(self, seen: threading.Event) -> None:
        self.seen = seen
        self.lock = threading.Lock()
        self.paths: set[str] | None = set()  # the files named since the last look; None: all

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):  # reading changes nothing
            return
        with self.lock:
            if event.is_directory and event.event_type != "modified":
                self.paths = None  # a folder came, went or moved: what is in it is not named
            elif not event.is_directory and self.paths is not None:
                for path in (event.src_path, getattr(event, "dest_path", "")):
                    if path:
                        self.paths.add(path if isinstance(path, str) else path.decode())
        self.seen.set()

    def take(self) -> set[str] | None:
        """The files named since the last call (None: look at everything)."""
        with self.lock:
            paths, self.paths = self.paths, set()
        return paths


class Watch:
    """The file system's notices of changes under some folders (a context manager)."""

    def __init__(self, folders: list[Path], log: TextIO) -> None:
        self.folders, self.log = folders, log
        self.seen = threading.Event()
        self.notice = _Notice(self.seen)
        self.observer: Any = None

    def __enter__(self) -> Watch:
        observer = Observer()
        try:
            for folder in self.folders:
                if folder.is_dir():
                    observer.schedule(self.notice, str(folder), recursive=True)
            observer.start()
        except OSError as exc:  # e.g. the system's limit on watches reached
            self.log.write(
                f"claimkit serve: the file system's change notices are not available ({exc}); "
                f"looking for changes every {LOOK_EVERY:g} s\n"
            )
            self.log.flush()
            return self
        self.observer = observer
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join()
            self.observer = None

    def wait(self, timeout: float) -> bool:
        """Wait for a notice, at most `timeout` seconds; whether one came (then after the
        save's other notices had time to come too)."""
        if not self.seen.wait(timeout):
            return False
        time.sleep(SETTLE)  # the rest of the save's notices are part of this change
        self.seen.clear()
        return True

    def named(self) -> set[str] | None:
        """The files the notices named since the last call: where to look (None: everywhere,
        as when a folder came, went or moved)."""
        return self.notice.take()
