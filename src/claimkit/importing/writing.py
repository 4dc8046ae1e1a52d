"""Writing an import's records: all of them or none, whatever interrupts it.

Every record is first written whole into a staging folder inside the records folder
(`.import-<pid>/`, which validation skips as it skips every dot-folder). Only when all are
written are they put in place, each by a hard link (which never replaces a file) made in one
quick pass; then the publication is validated, and the staged names are removed. A failure to
write (a full disk), a failed validation or Ctrl-C at any point removes what this import put
in place and the staging folder. A process killed outright (kill -9) leaves its staging folder:
the next import finds it and removes it together with every record linked from it, so
nothing of a killed import stays.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

from claimkit.core.diagnostics import Diagnostic, Severity
from claimkit.core.progress import QUIET, Progress
from claimkit.importing.result import ImportResult
from claimkit.validation.run import validate_paths

STAGING = ".import-"
DONE = ".imported-"  # a staging folder whose records are all in place and checked


def recover(records: Path) -> list[str]:
    """Undo what imports killed while putting records in place left: every record that is
    still the same file as one in a staging folder is removed, then the folder. Returns the
    records removed (as paths relative to `records`)."""
    removed: list[str] = []
    for stage in sorted(records.glob(f"{STAGING}*")):
        if stage.is_symlink() or not stage.is_dir():
            continue
        for staged in sorted(stage.rglob("*")):
            if staged.is_symlink() or not staged.is_file():
                continue
            rel = staged.relative_to(stage)
            placed = records / rel
            if placed.is_file() and not placed.is_symlink() and staged.samefile(placed):
                placed.unlink()
                removed.append(rel.as_posix())
        shutil.rmtree(stage, ignore_errors=True)
    for done in records.glob(f"{DONE}*"):
        if done.is_dir() and not done.is_symlink():
            shutil.rmtree(done, ignore_errors=True)
    return removed


def _write_staged(result: ImportResult, stage: Path, progress: Progress) -> None:
    with progress.stage("write", len(result.written), "records") as bar:
        for record in result.written:
            staged = stage / record.path.relative_to(stage.parent)
            staged.parent.mkdir(parents=True, exist_ok=True)
            with staged.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(record.text)
            bar.advance()


def write_records(result: ImportResult, records: Path, progress: Progress = QUIET) -> None:
    """Write every file of `result.written` (never replacing one), then validate the
    publication at `records`; on any failure, remove what this import created, empty
    `result.written` and add the reason to the diagnostics."""
    stage = records / f"{STAGING}{os.getpid()}"
    placed: list[Path] = []
    try:
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir()
        _write_staged(result, stage, progress)
        with _no_interrupt():
            for record in result.written:
                staged = stage / record.path.relative_to(records)
                if not record.path.parent.is_dir():
                    record.path.parent.mkdir(parents=True)
                    placed.append(record.path.parent)
                os.link(staged, record.path)  # fails, never replacing a file, if one is there
                placed.append(record.path)
    except OSError as exc:
        _undo(result, placed, stage)
        result.diagnostics.append(
            Diagnostic.make(
                str(getattr(exc, "filename", None) or records),
                None,
                "import-write-failed",
                f"could not write a record ({exc.strerror or exc}); nothing was imported",
            )
        )
        return
    except BaseException:  # Ctrl-C: nothing stays
        _undo(result, placed, stage)
        raise
    try:
        with progress.stage("validate", unit=""):
            check = validate_paths([records], models=False)
    except BaseException:
        _undo(result, placed, stage)
        raise
    if check.errors:
        _undo(result, placed, stage)
        for d in check.diagnostics:
            if d.severity is Severity.ERROR:
                result.diagnostics.append(
                    Diagnostic.make(
                        d.path,
                        d.position,
                        "import-write-failed",
                        f"the imported records would not validate ({d.message} [{d.code}]); "
                        "nothing was imported: please report this",
                    )
                )
        return
    done = stage.with_name(f"{DONE}{os.getpid()}")
    stage.rename(done)  # from here a killed import has finished: recover() keeps its records
    shutil.rmtree(done, ignore_errors=True)


@contextlib.contextmanager
def _no_interrupt() -> Iterator[None]:
    """Ctrl-C waits until the block is done (putting records in place, or taking them out)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _undo(result: ImportResult, placed: list[Path], stage: Path) -> None:
    with _no_interrupt():
        for path in reversed(placed):
            if path.is_dir() and not path.is_symlink():
                with contextlib.suppress(OSError):
                    path.rmdir()  # a kind's folder this import made
            else:
                path.unlink(missing_ok=True)
        shutil.rmtree(stage, ignore_errors=True)
    result.written = []
