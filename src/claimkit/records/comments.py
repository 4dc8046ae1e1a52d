"""Comments of a YAML record: found in its text (never inside a scalar) and tied to the entry
they belong to, so that the canonical layout (records.canonical) writes them back in place."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from claimkit.core.diagnostics import Position
from claimkit.records.load import JsonPath

# Line breaks as libyaml counts lines, so that comment lines match the parser's positions.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_Scanner: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Comments:
    """Comments of one file: at its top, before an entry, at the end of a line, at its end."""

    head: list[str] = field(default_factory=list)
    before: dict[JsonPath, list[str]] = field(default_factory=dict)
    eol: dict[JsonPath, str] = field(default_factory=dict)
    end: list[str] = field(default_factory=list)


def _scalar_spans(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) line and column of every scalar's text, where a # is not a comment."""
    spans = []
    scanner = _Scanner(text)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if isinstance(token, yaml.ScalarToken):
                start = (token.start_mark.line, token.start_mark.column)
                if token.style in ("|", ">"):
                    start = (token.start_mark.line + 1, 0)  # the header line may hold a comment
                spans.append((start, (token.end_mark.line, token.end_mark.column)))
    finally:
        scanner.dispose()
    return spans


def find_comments(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """(line, column, text, on a line of its own) of every comment, 1-based."""
    spans = _scalar_spans(text)
    for number, line in enumerate(_BREAK.split(text)):
        for column, ch in enumerate(line):
            if ch != "#" or (column and line[column - 1] not in " \t"):
                continue
            if any(start <= (number, column) < end for start, end in spans):
                continue
            own_line = line[:column].strip() in ("", "---")
            yield number + 1, column + 1, line[column:].rstrip(), own_line
            break


def attach_comments(
    text: str, positions: dict[JsonPath, Position], keys: dict[JsonPath, Position]
) -> Comments:
    """Tie each comment to an entry: whole-line comments to the entry after them, others to
    the last value or key that starts before them on their line."""
    entries = sorted(
        (pos.line, pos.column, len(path), path)
        for path, pos in [
            *((p, q) for p, q in keys.items() if p),
            *((p, q) for p, q in positions.items() if p and isinstance(p[-1], int)),
        ]
    )
    nodes = sorted(
        (pos.line, pos.column, len(path), path)
        for path, pos in [*keys.items(), *positions.items()]
        if path
    )
    entry_at = [(line, column) for line, column, _, _ in entries]
    node_at = [(line, column, depth) for line, column, depth, _ in nodes]
    out = Comments()
    for line, column, comment, own_line in find_comments(text):
        if not own_line:
            i = bisect.bisect_right(node_at, (line, column, math.inf)) - 1
            if i >= 0 and nodes[i][0] == line:
                path = nodes[i][3]
                if path in out.eol:
                    out.before.setdefault(path, []).append(comment)
                else:
                    out.eol[path] = comment
                continue
        j = bisect.bisect_right(entry_at, (line, column))
        if j == 0:
            out.head.append(comment)  # the top of the file, the schema line first, stays on top
        elif j < len(entries):
            out.before.setdefault(entries[j][3], []).append(comment)
        else:
            out.end.append(comment)
    return out
