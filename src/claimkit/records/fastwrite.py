"""A fast writer of the canonical layout for a new record: plain data, no comments to keep.

`canonical.format_yaml` builds a ruamel.yaml tree and lets ruamel.yaml emit it; that costs
about 10 ms for a claim, most of an import's time. This writer makes the same text directly,
with the same decisions (key order, quoting, folding, block styles: it calls the helpers
`canonical` decides them with), for the data an import writes: mappings with plain keys,
lists, strings, ints, finite floats, booleans and null. On anything it is not sure of it gives
up (returns None) and the caller uses `format_yaml`, the reference: a key that needs quotes,
a list directly inside a list, a float that is not finite, a value of another type (a date
object, a subclass of str), a block scalar ruamel.yaml would not write as a block, an empty
record. tests/unit/test_fastwrite.py checks on generated records of every kind that its text
is byte for byte the reference's.
"""

from __future__ import annotations

import io
import math
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.emitter import Emitter

from claimkit.records.canonical import (
    _LINE_BREAKS,
    INDENT,
    WIDTH,
    Comments,
    _can_be_literal,
    _can_fold,
    _Field,
    _fields,
    fold_points,
    format_yaml,
    full_date,
    needs_quotes,
    ordered_keys,
)

_NO_FIELD = _Field(0, None, False)
_MAX_KEY = 100  # ruamel.yaml writes keys of 128 characters or more as explicit `? ` keys


# The emitter the reference writes with reads YAML 1.2; it decides whether a block is allowed.
class _Analyzer(Emitter):
    """ruamel.yaml's check of which styles a text allows, with the reference's YAML 1.2 rules."""

    use_version = None


_ANALYZER = _Analyzer(io.StringIO(), allow_unicode=True)
# ruamel.yaml's escapes in double-quoted text (Emitter.ESCAPE_REPLACEMENTS).
_ESCAPES = {
    "\0": "0",
    "\x07": "a",
    "\x08": "b",
    "\x09": "t",
    "\x0a": "n",
    "\x0b": "v",
    "\x0c": "f",
    "\x0d": "r",
    "\x1b": "e",
    '"': '"',
    "\\": "\\",
    "\x85": "N",
    "\xa0": "_",
    "\u2028": "L",
    "\u2029": "P",
}


class _Unsure(Exception):
    """The writer meets something it does not lay out exactly as ruamel.yaml would."""


def _unescaped(ch: str) -> bool:
    """Whether ruamel.yaml writes the character as it is inside double quotes."""
    if ch in '"\\\x85\u2028\u2029\ufeff':
        return False
    return (
        "\x20" <= ch <= "\x7e"
        or "\xa0" <= ch <= "\ud7ff"
        or "\ue000" <= ch <= "\ufffd"
        or "\U00010000" <= ch <= "\U0010ffff"
    )


def double_quoted(text: str) -> str:
    """The text in double quotes, escaped as ruamel.yaml escapes it (never split: width is huge)."""
    if all(_unescaped(ch) for ch in text):
        return '"' + text + '"'
    parts = ['"']
    for ch in text:
        if _unescaped(ch):
            parts.append(ch)
        elif ch in _ESCAPES:
            parts.append("\\" + _ESCAPES[ch])
        elif ch <= "\xff":
            parts.append(f"\\x{ord(ch):02X}")
        elif ch <= "\uffff":
            parts.append(f"\\u{ord(ch):04X}")
        else:
            parts.append(f"\\U{ord(ch):08X}")
    parts.append('"')
    return "".join(parts)


def _block_allowed(text: str) -> bool:
    return bool(_ANALYZER.analyze_scalar(text).allow_block)


def _folded(text: str, block_column: int) -> str:
    """`>-` and its lines, broken where the reference's representer breaks them."""
    # No check of ruamel.yaml's analysis is needed: text `_can_fold` accepts has no line break,
    # no trailing space and only printable characters, all a block needs.
    pad = " " * block_column
    lines: list[str] = []
    start = 0
    for point in fold_points(text, block_column):
        # ruamel.yaml folds only between characters that are not whitespace of any kind.
        if text[point - 1].isspace() or text[point + 1].isspace():
            continue
        lines.append(text[start:point])
        start = point + 1
    lines.append(text[start:])
    return ">-\n" + "".join(pad + line + "\n" for line in lines)


def _literal(text: str, block_column: int) -> str:
    """`|` (one final line break) or `|-` (none) and the text's lines."""
    if not text.strip("\n") or not _block_allowed(text):
        raise _Unsure
    body = text[:-1] if text.endswith("\n") else text
    header = "|\n" if text.endswith("\n") else "|-\n"
    pad = " " * block_column
    return header + "".join((pad + line if line else "") + "\n" for line in body.split("\n"))


def _scalar(value: Any, is_date: bool, value_column: int, block_column: int) -> str:
    """The scalar as the reference writes it after `key: ` or `- `, line break included."""
    kind = type(value)
    if kind is str:
        return _text(value, is_date, value_column, block_column)
    if value is None:
        return "null\n"
    if kind is bool:
        return "true\n" if value else "false\n"
    if kind is int:
        return f"{value}\n"
    if kind is float and math.isfinite(value):
        return repr(value).lower() + "\n"
    raise _Unsure


def _text(value: str, is_date: bool, value_column: int, block_column: int) -> str:
    if is_date and full_date(value) is not None:
        return value + "\n"  # the reference writes a date object: plain
    if any(ch in value for ch in _LINE_BREAKS):
        if _can_be_literal(value):
            return _literal(value, block_column)
        return double_quoted(value) + "\n"
    if value_column + len(value) > WIDTH and _can_fold(value):
        # Too long however it is written, so whether it needs quotes does not matter here.
        return _folded(value, block_column)
    quoted = needs_quotes(value)
    length = len(value) + (2 if quoted else 0)
    if value_column + length > WIDTH and _can_fold(value):
        return _folded(value, block_column)
    return (double_quoted(value) if quoted else value) + "\n"


def _key(key: Any) -> str:
    if type(key) is not str or len(key) > _MAX_KEY or needs_quotes(key):
        raise _Unsure
    return key


class _Writer:
    """Appends the lines of a record to `out`, as `canonical._Builder` and ruamel.yaml would."""

    def __init__(self) -> None:
        self.out: list[str] = []
        # The reference hands empty lists and mappings to ruamel.yaml as they are, so one met
        # twice is written with an anchor and an alias: such data is left to it.
        self.empties: set[int] = set()

    def empty(self, item: Any) -> str:
        """`{}` or `[]`, once for each object."""
        if id(item) in self.empties:
            raise _Unsure
        self.empties.add(id(item))
        return "{}" if type(item) is dict else "[]"

    def mapping(
        self, value: dict[str, Any], model: type[BaseModel] | None, column: int, first: str
    ) -> None:
        """Keys at `column`; the first key's line starts with `first` (a dash, or indent)."""
        known = _fields(model)
        pad = " " * column
        lead = first
        for key in ordered_keys(value, model):
            spec = known.get(key, _NO_FIELD)
            item = value[key]
            written = _key(key)
            self.out.append(lead + written + ":")
            lead = pad
            kind = type(item)
            if kind is dict and item:
                self.out.append("\n")
                self.mapping(item, spec.model, column + INDENT, " " * (column + INDENT))
            elif kind is list and item:
                self.out.append("\n")
                self.sequence(item, spec, column + INDENT)
            elif kind is dict or kind is list:
                self.out.append(" " + self.empty(item) + "\n")
            else:
                self.out.append(
                    " " + _scalar(item, spec.is_date, column + len(written) + 2, column + INDENT)
                )

    def sequence(self, value: list[Any], spec: _Field, column: int) -> None:
        """A list whose dashes are at `column`."""
        dash = " " * column + "- "
        for item in value:
            kind = type(item)
            if kind is dict and item:
                self.mapping(item, spec.model, column + INDENT, dash)
            elif kind is list and item:
                raise _Unsure  # ruamel.yaml puts a list in a list at its own columns
            elif kind is dict or kind is list:
                self.out.append(dash + self.empty(item) + "\n")
            else:
                self.out.append(dash + _scalar(item, spec.is_date, column + 2, column + INDENT))


def fast_yaml(data: dict[str, Any], model: type[BaseModel] | None, head: list[str]) -> str | None:
    """The canonical text of a new record with `head` comments, or None when unsure."""
    if type(data) is not dict or not data:
        return None
    writer = _Writer()
    try:
        writer.mapping(data, model, 0, "")
    except (_Unsure, RecursionError):
        return None
    return "".join(c + "\n" for c in head) + "".join(writer.out)


def format_new_yaml(data: dict[str, Any], model: type[BaseModel] | None, head: list[str]) -> str:
    """The canonical text of a new record: the fast writer's, or the reference's when unsure."""
    text = fast_yaml(data, model, head)
    if text is None:
        text = format_yaml(data, model, Comments(head=list(head)))
    return text
