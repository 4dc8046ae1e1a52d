"""A fast reader for the plain layout most records are written in, line by line.

libyaml, driven event by event from Python, costs a few hundred microseconds for a claim of
2 KB; this reader takes a fraction of that for the layout `claimkit new` and `claimkit fmt`
write and people mostly keep to: block mappings and sequences, one scalar per line, double- or
single-quoted or plain, comments. It gives up (returns NOT_PLAIN) on anything else: anchors, tags, flow
collections other than [] and {}, block scalars, scalars over several lines, directives,
document markers, tabs, odd indentation, duplicate keys. The caller then reads the text with
libyaml, which explains any problem. Whatever it does return is exactly what libyaml reads
(tests/unit/test_fastyaml.py compares the two on generated and hand-made records).
"""

from __future__ import annotations

import re
from typing import Any

from claimkit.core.limits import MAX_DEPTH
from claimkit.records.scalars import resolve_plain

NOT_PLAIN: Any = object()  # returned when the text is not in the layout this reader knows

# Characters libyaml reads as line breaks or refuses, and tab and BOM: the reader leaves texts
# with any of them to libyaml.
_AWKWARD = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_DOUBLE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"(?: +#.*| *)\Z')
_SINGLE = re.compile(r"'([^']*(?:''[^']*)*)'(?: +#.*| *)\Z")
_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SIMPLE_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
# A plain scalar may not start with these (or with "-", "?", ":" before a space); some are
# allowed by YAML in places, but this reader leaves them all to libyaml.
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")


class _GiveUp(Exception):
    pass


def _unescape(match: re.Match[str]) -> str:
    hex_digits = match.group(1) or match.group(2) or match.group(3)
    if hex_digits is not None:
        code = int(hex_digits, 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            raise _GiveUp
        return chr(code)
    simple = _SIMPLE_ESCAPES.get(match.group(4))
    if simple is None:
        raise _GiveUp
    return simple


def _value(rest: str) -> Any:
    """The scalar (or empty collection) a line ends with; raises _GiveUp when unsure."""
    first = rest[0]
    if first == '"':
        found = _DOUBLE.match(rest)
        if found is None:
            raise _GiveUp
        text = found.group(1)
        return _ESCAPE.sub(_unescape, text) if "\\" in text else text
    if first == "'":
        found = _SINGLE.match(rest)
        if found is None:
            raise _GiveUp
        return found.group(1).replace("''", "'")
    if first in _NOT_PLAIN_START:
        if first == "-" and len(rest) > 1 and rest[1] != " ":
            pass  # a plain scalar such as -5 or -foo
        elif rest in ("[]", "{}"):
            return [] if first == "[" else {}
        else:
            raise _GiveUp
    cut = rest.find(" #")
    text = (rest if cut < 0 else rest[:cut]).rstrip(" ")
    if ": " in text or text.endswith(":"):
        raise _GiveUp
    return resolve_plain(text)


def parse(text: str) -> Any:
    """The top-level mapping of a record in the plain layout, or NOT_PLAIN."""
    if _AWKWARD.search(text) is not None:
        if "\t" in text or "\r" not in text:
            return NOT_PLAIN
        text = text.replace("\r\n", "\n")
        if _AWKWARD.search(text) is not None:
            return NOT_PLAIN
    try:
        return _parse(text)
    except (_GiveUp, RecursionError):
        return NOT_PLAIN


# Every line of a text, as (indentation, "- " or "", key or "", a double-quoted value without
# escapes with its quotes, the rest of the line when the value is anything else). The last alternative takes
# any line, so that each line gives exactly one match.
_LINES = re.compile(
    r"^( *)(- +)?(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +|$))?"
    r'(?:("[^"\\\n]*") *(?: #[^\n]*)?$|([^\n]*))',
    re.MULTILINE,
)
# Keys that YAML 1.2 reads as something other than text (the key pattern rules out numbers).
_NOT_TEXT_KEYS = frozenset(
    ("null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE")
)


def _parse(text: str) -> Any:
    lines = _LINES.findall(text)
    if len(lines) != text.count("\n") + 1:
        raise _GiveUp  # pragma: no cover - every line matches
    root: dict[str, Any] | None = None
    # Open collections, innermost last, each with the column of its keys or dashes.
    stack: list[tuple[int, Any]] = []
    # A key whose value is on the following lines: its mapping, the key and the key's column.
    pending: tuple[dict[str, Any], str, int] | None = None
    # After a scalar, no line may be indented deeper than this (it would continue the scalar).
    limit = -1
    for spaces, dash, key, quoted, rest in lines:
        indent = len(spaces)
        if not dash and not key:
            if quoted or (rest and rest[0] != "#"):
                raise _GiveUp  # a bare scalar, a document marker, a directive, a complex key...
            if rest and 0 <= limit < indent:
                raise _GiveUp  # a comment indented under a scalar
            continue
        if 0 <= limit < indent:
            raise _GiveUp
        if pending is not None:
            holder, held, column = pending
            pending = None
            if indent > column or (indent == column and dash):
                nested: Any = [] if dash else {}
                holder[held] = nested
                if len(stack) >= MAX_DEPTH:
                    raise _GiveUp
                stack.append((indent, nested))
            else:
                holder[held] = None
        elif root is None:
            if indent or dash:
                raise _GiveUp
            root = {}
            stack.append((0, root))
        if dash:
            while stack[-1][0] > indent:
                stack.pop()
                if not stack:
                    raise _GiveUp
            top_indent, sequence = stack[-1]
            if top_indent != indent or sequence.__class__ is not list:
                raise _GiveUp
            column = indent + len(dash)
            if not key:
                if quoted:
                    sequence.append(quoted[1:-1])
                elif rest and rest[0] != "#":
                    sequence.append(_value(rest))
                else:
                    raise _GiveUp  # "-" alone: its value is on the next lines
                limit = indent
                continue
            mapping: dict[str, Any] = {}
            sequence.append(mapping)
            if len(stack) >= MAX_DEPTH:
                raise _GiveUp
            stack.append((column, mapping))
        else:
            column = indent
            while stack[-1][0] > indent or (
                stack[-1][0] == indent and stack[-1][1].__class__ is list
            ):
                stack.pop()
                if not stack:
                    raise _GiveUp
            top_indent, mapping = stack[-1]
            if top_indent != indent:
                raise _GiveUp
        if key in mapping or key in _NOT_TEXT_KEYS or len(key) > 1000:
            raise _GiveUp
        if quoted:
            mapping[key] = quoted[1:-1]
        elif not rest or rest[0] == "#":
            pending = (mapping, key, column)
            limit = -1
            continue
        else:
            mapping[key] = _value(rest)
        limit = column
    if pending is not None:
        pending[0][pending[1]] = None
    return NOT_PLAIN if root is None else root
