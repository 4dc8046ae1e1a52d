"""Reporters: diagnostics as text, JSON or GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TextIO

from claimkit.core.diagnostics import Diagnostic, Severity

# What validate, build and export count: a file that fails its checks is read but is no record.
VALID_RECORD = "valid record"


def summary_line(files: int, records: int, errors: int, warnings: int, noun: str = "record") -> str:
    """The closing line of a report, e.g. `3 files, 40 records: 1 error, 0 warnings`."""

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"{plural(files, 'file')}, {plural(records, noun)}: "
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    )


def text_line(d: Diagnostic) -> str:
    """One diagnostic as `path:line:col: severity: message [code]`."""
    return (
        f"{d.path}:{d.position.line}:{d.position.column}: {d.severity.value}: "
        f"{d.message} [{d.code}]"
    )


def as_dict(d: Diagnostic) -> dict[str, str | int]:
    """One diagnostic as the JSON reports write it."""
    return {
        "path": d.path,
        "line": d.position.line,
        "column": d.position.column,
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message,
    }


def _text(diagnostics: Sequence[Diagnostic], summary: str, out: TextIO) -> None:
    for d in diagnostics:
        out.write(text_line(d) + "\n")
    out.write(summary + "\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(diagnostics: Sequence[Diagnostic], summary: str, out: TextIO) -> None:
    for d in diagnostics:
        command = "error" if d.severity is Severity.ERROR else "warning"
        out.write(
            f"::{command} file={_escape_property(d.path)},line={d.position.line},"
            f"col={d.position.column},title={_escape_property(d.code)}::"
            f"{_escape_data(d.message)}\n"
        )
    out.write(summary + "\n")


def _json(diagnostics: Sequence[Diagnostic], summary: str, out: TextIO) -> None:
    """One JSON object: a diagnostic per line (compact, so the C encoder writes it), then the
    summary."""
    out.write('{"diagnostics": [')
    for i, d in enumerate(diagnostics):
        out.write(("," if i else "") + "\n  " + json.dumps(as_dict(d), ensure_ascii=False))
    out.write(("\n" if diagnostics else "") + "], " + f'"summary": {json.dumps(summary)}}}\n')


Reporter = Callable[[Sequence[Diagnostic], str, TextIO], None]
REPORTERS: dict[str, Reporter] = {"text": _text, "json": _json, "github": _github}
