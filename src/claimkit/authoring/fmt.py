"""`claimkit fmt`: rewrite record files in the canonical layout, or list those it would change."""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from claimkit.core.diagnostics import Diagnostic
from claimkit.records.canonical import FormatError, format_text
from claimkit.records.discover import RecordFile, display_path, kind_of, not_found, root_of, walk
from claimkit.records.load import RECORD_SUFFIXES, LoadError, decode, load_file


@dataclass
class FmtResult:
    """What a fmt run found: the files it would change or changed, and those it refused (a
    migrate run finds the same)."""

    checked: int = 0
    changed: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)  # with --diff: each change, unified


def targets(paths: Sequence[Path], problems: list[Diagnostic]) -> list[RecordFile]:
    """The record files under `paths`, each once, sorted; a problem for each path that is no
    record."""
    found: dict[str, RecordFile] = {}
    for path in paths:
        if not path.exists():
            problems.append(not_found(path))
            continue
        root = root_of(path)
        if path.is_dir():
            inside = path.absolute()
            for item in walk(root).files:
                if inside == item.file.parent or inside in item.file.parents:
                    found.setdefault(item.display, item)
            continue
        file = path.absolute()
        display = display_path(path)
        if file.suffix not in RECORD_SUFFIXES:
            problems.append(
                Diagnostic.make(
                    display,
                    None,
                    "file-extension",
                    f"'{file.name}' is not a record file; records end in .yaml, .yml or .json",
                )
            )
            continue
        found.setdefault(display, RecordFile(file, display, kind_of(root, file), root))
    return sorted(found.values(), key=lambda item: item.display)


def write_atomic(file: Path, text: str) -> None:
    """Replace the file's text in one step, so an interrupted run leaves it whole."""
    file = file.resolve()  # a symbolic link stays a link: its target is rewritten
    mode = file.stat().st_mode & 0o777
    handle, temp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        Path(temp).chmod(mode)
        Path(temp).replace(file)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def unified_diff(display: str, old: str, new: str) -> str:
    """The change as a unified diff (a/PATH to b/PATH), as git and patch read it."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{display}",
        tofile=f"b/{display}",
    )
    text = "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )
    return text or f"# {display}: only its line ends or byte order mark change\n"


def format_paths(paths: Sequence[Path], *, check: bool, diff: bool = False) -> FmtResult:
    """Lay out every record under `paths`; with `check`, only find the ones that would change;
    with `diff`, keep each change as a unified diff."""
    result = FmtResult()
    for item in targets(paths, result.problems):
        if item.kind is None:
            result.problems.append(
                Diagnostic.make(
                    item.display,
                    None,
                    "file-kind",
                    "fmt orders a record's fields by its kind, which comes from its folder: "
                    "records live in records/<kind>/ where kind is one of claims, articles, "
                    "media, people, organizations, topics (or records/site.yaml); move the file",
                )
            )
            continue
        try:
            raw, text = read_record(item)
            new_text = format_text(
                text, item.display, item.kind, is_json=item.file.suffix == ".json"
            )
        except FormatError as exc:
            result.problems.append(exc.diagnostic)
            continue
        except Exception as exc:  # a bug here or in a library: report it, leave the file be
            result.problems.append(
                Diagnostic.make(
                    item.display,
                    None,
                    "file-unreadable",
                    f"claimkit fmt failed on this file ({type(exc).__name__}: {exc}) and left "
                    "it as it is; check it with `claimkit validate`, and please report this",
                )
            )
            continue
        result.checked += 1
        if new_text.encode("utf-8") != raw:
            if not check:
                try:
                    write_atomic(item.file, new_text)
                except OSError as exc:
                    result.checked -= 1
                    result.problems.append(
                        Diagnostic.make(
                            item.display,
                            None,
                            "file-unreadable",
                            f"cannot write the file: {exc.strerror}; check its permissions",
                        )
                    )
                    continue
            result.changed.append(item.display)
            if diff:
                result.diffs.append(unified_diff(item.display, text, new_text))
    return result


def read_record(item: RecordFile) -> tuple[bytes, str]:
    """The file's bytes and text, once the loader has accepted it (size, encoding, syntax)."""
    try:
        load_file(item.file, item.display)
        raw = item.file.read_bytes()
        return raw, decode(raw, item.display)
    except LoadError as exc:
        raise FormatError(exc.diagnostic) from None
    except OSError as exc:
        raise FormatError(
            Diagnostic.make(
                item.display, None, "file-unreadable", f"cannot read the file: {exc.strerror}"
            )
        ) from None


def plural(n: int, word: str) -> str:
    """A count with its word, in the plural unless the count is one."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def run(paths: Sequence[Path], *, check: bool, out: TextIO, diff: bool = False) -> int:
    """Run `claimkit fmt`, print what it did (with `diff`, each change as a unified diff
    first), and return the exit code."""
    result = format_paths(paths, check=check, diff=diff)
    for change in result.diffs:
        out.write(change)
    return report_rewrites(
        result, check, out, ("reformatted", "would reformat", "already formatted", "fmt")
    )


def report_rewrites(
    result: FmtResult, check: bool, out: TextIO, words: tuple[str, str, str, str]
) -> int:
    """Print what a command that rewrites records did (fmt, migrate) and return its exit code.

    `words`: the past tense ("reformatted"), the would-form ("would reformat"), what an
    untouched file is ("already formatted"), and the command's name.
    """
    done, would, untouched, command = words
    for d in sorted(result.problems, key=Diagnostic.sort_key):
        out.write(
            f"{d.path}:{d.position.line}:{d.position.column}: {d.severity.value}: "
            f"{d.message} [{d.code}]\n"
        )
    for display in result.changed:
        out.write(f"{would if check else done} {display}\n")
    unchanged = result.checked - len(result.changed)
    verb = f"would be {done}" if check else done
    summary = f"{plural(len(result.changed), 'file')} {verb}, {unchanged} {untouched}"
    if result.problems:
        summary += f", {plural(len(result.problems), 'file')} refused"
    if check and result.changed:
        summary += f"; run `claimkit {command}` to rewrite them"
    out.write(summary + "\n")
    if any(d.code == "path-not-found" for d in result.problems):
        return 2
    return 1 if result.problems or (check and result.changed) else 0
