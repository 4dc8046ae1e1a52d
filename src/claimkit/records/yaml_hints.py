"""YAML syntax errors in a contributor's words: what the usual slip was and how to fix it.

The YAML reader names the grammar rule a file broke ("mapping values are not allowed in this
context"); a contributor needs the slip behind it. The usual ones: a tab, a colon inside an
unquoted value, a line indented more or less than its neighbours, a value that starts with a
character YAML reserves, a quote never closed, a line with no `key: value` shape.
"""

from __future__ import annotations

import re

_KEY_LINE = re.compile(r"^(\s*)(?:- +)?[^\s:#][^:#]*:(?:\s|$)")
_RESERVED_START = "@`%"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def hint(problem: str, lines: list[str], line_index: int) -> str:
    """The slip and its fix for a YAML error at a line (0-based), or "" when none is known."""
    line = lines[line_index] if 0 <= line_index < len(lines) else ""
    if "tab" in problem or "\t" in line[: _indent(line) + 1]:
        return "the line is indented with a tab; YAML indents with spaces only: use spaces"
    if "mapping values are not allowed" in problem:
        previous = next((lines[i] for i in range(line_index - 1, -1, -1) if lines[i].strip()), "")
        key = _KEY_LINE.match(line)
        if key and line.count(": ") + line.rstrip().endswith(":") > 1:
            return (
                "a colon and a space inside a value start a new key; put the whole value in "
                'double quotes, such as name: "Fees: mooring and berths"'
            )
        if previous and _indent(line) > _indent(previous):
            return (
                "this line is indented further than the line above; keys of one mapping start "
                "in the same column"
            )
        return 'a colon inside a value; put the value in double quotes ("...")'
    if "cannot start any token" in problem:
        value = line.split(":", 1)[1].strip() if ":" in line else line.strip()
        if value[:1] in _RESERVED_START:
            return f"a value cannot start with {value[0]!r}; put it in double quotes"
        return "a character YAML reserves; put the value in double quotes"
    if "quoted scalar" in problem or "end of stream" in problem:
        return "a quote is opened and never closed; close it at the end of the value"
    if "could not find expected ':'" in problem:
        return (
            "a line without `key: value`: add the colon after the key, or, if the line continues "
            "the value above, indent it under that value"
        )
    if "did not find expected" in problem or "expected <block end>" in problem:
        return (
            "the indentation does not line up: keys of one mapping start in the same column, and "
            "list items (- ) sit under their key"
        )
    return ""
