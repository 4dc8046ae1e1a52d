"""Writing an import's records: every new file at once, then the publication validated.

Files are created, never replaced; if one cannot be written, or the publication with the new
files does not validate, every file this import created is removed again and the result says
why: an import writes all of its records or none.
"""

from __future__ import annotations

from pathlib import Path

from claimkit.core.diagnostics import Diagnostic, Severity
from claimkit.core.progress import QUIET, Progress
from claimkit.importing.result import ImportResult
from claimkit.validation.run import validate_paths


def write_records(result: ImportResult, records: Path, progress: Progress = QUIET) -> None:
    """Create every file of `result.written` (never replacing one), then validate the
    publication at `records`; on any failure, remove what this import created, empty
    `result.written` and add the reason to the diagnostics."""
    created: list[Path] = []
    try:
        with progress.stage("write", len(result.written), "records") as stage:
            for record in result.written:
                record.path.parent.mkdir(parents=True, exist_ok=True)
                with record.path.open("x", encoding="utf-8", newline="\n") as handle:
                    handle.write(record.text)
                created.append(record.path)
                stage.advance()
    except OSError as exc:
        _undo(result, created)
        result.diagnostics.append(
            Diagnostic.make(
                str(getattr(exc, "filename", None) or records),
                None,
                "import-write-failed",
                f"could not write a record ({exc.strerror or exc}); nothing was imported",
            )
        )
        return
    with progress.stage("validate", unit=""):
        check = validate_paths([records], models=False)
    if check.errors:
        _undo(result, created)
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


def _undo(result: ImportResult, created: list[Path]) -> None:
    for path in reversed(created):
        path.unlink(missing_ok=True)
    result.written = []
