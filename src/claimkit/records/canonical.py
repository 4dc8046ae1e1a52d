"""The canonical layout of a record file (key order, quoting, folded prose), keeping its data and
comments: what `claimkit fmt`, `claimkit new` and `claimkit import` write."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import math
import re
import typing
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import CommentMark
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
)
from ruamel.yaml.tokens import CommentToken

from claimkit.core.diagnostics import Diagnostic
from claimkit.core.model_types import models_in
from claimkit.core.models import KIND_MODELS, DateText
from claimkit.records.comments import Comments as Comments
from claimkit.records.comments import attach_comments as attach_comments
from claimkit.records.comments import find_comments as find_comments
from claimkit.records.load import JsonPath, LoadError, parse_text
from claimkit.records.scalars import resolve_plain

# The layout, decided once (see CONTRIBUTING.md, "How records are laid out"):
WIDTH = 96  # folded prose fills lines up to this column
INDENT = 2  # a nested mapping's keys sit 2 columns right of its key; a list's dashes too

_STR = "tag:yaml.org,2002:str"
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# YAML 1.1 reads these as booleans too, though PyYAML does not.
_YAML11_EXTRA_BOOLS = {"y", "Y", "n", "N"}
_LINE_BREAKS = "\n\r\x85\u2028\u2029"
_YAML11: Any = yaml.resolver.Resolver()


class FormatError(Exception):
    """A file fmt will not rewrite; carries the diagnostic to report."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


# Field layout from the data model.


@dataclass(frozen=True)
class _Field:
    index: int
    model: type[BaseModel] | None  # the model of a nested object, or of a list's items
    is_date: bool


# What marks a DateText, wherever pydantic keeps it: the validator of its calendar day.
_DATE_MARK = typing.get_args(DateText)[-1]


def _holds_date(annotation: Any) -> bool:
    if typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        return any(m is _DATE_MARK for m in args[1:]) or _holds_date(args[0])
    return any(_holds_date(arg) for arg in typing.get_args(annotation))


def is_date_field(info: FieldInfo) -> bool:
    """Whether a model field holds a date (a DateText, optional or in a list)."""
    return any(m is _DATE_MARK for m in info.metadata) or _holds_date(info.annotation)


@functools.cache
def _fields(model: type[BaseModel] | None) -> dict[str, _Field]:
    """Each field of a model: its place in the key order, its nested model, whether a date."""
    if model is None:
        return {}
    out: dict[str, _Field] = {}
    for index, (name, info) in enumerate(model.model_fields.items()):
        nested = models_in(info.annotation, into_lists=True)
        out[name] = _Field(index, nested[0] if nested else None, is_date_field(info))
    return out


def ordered_keys(data: dict[str, Any], model: type[BaseModel] | None) -> list[str]:
    """Keys in the model's field order; keys the model does not know keep their order, last."""
    known = _fields(model)
    return sorted(data, key=lambda k: (0, known[k].index) if k in known else (1, 0))


def canonical_data(value: Any, model: type[BaseModel] | None) -> Any:
    """The same data with every mapping's keys in the model's order (used for JSON records)."""
    if isinstance(value, dict):
        known = _fields(model)
        return {
            k: canonical_data(value[k], known[k].model if k in known else None)
            for k in ordered_keys(value, model)
        }
    if isinstance(value, list):
        return [canonical_data(item, model) for item in value]
    return value


# Quoting and block styles.


class _Analyzer(Emitter):
    """ruamel.yaml's check of which styles a text allows, run on its own, with YAML 1.1 rules."""

    use_version = (1, 1)  # the stricter reading: `?x` and `:x` are not plain in YAML 1.1


_ANALYZER = _Analyzer(io.StringIO(), allow_unicode=True)
_DUMPER = YAML(typ="rt")


def _yaml_printable(ch: str) -> bool:
    code = ord(ch)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
        or 0x10000 <= code <= 0x10FFFF
    )


@functools.lru_cache(maxsize=4096)
def needs_quotes(text: str) -> bool:
    """Whether a string must be quoted so that no YAML reader, 1.2 or 1.1, reads another value.

    Plain is kept only when our YAML 1.2 loader, a YAML 1.1 reader (PyYAML, and the y/n
    booleans of the 1.1 spec) and ruamel.yaml all read the text back as that same string.
    """
    if text == "" or text in _YAML11_EXTRA_BOOLS:
        return True
    if resolve_plain(text) != text or not isinstance(resolve_plain(text), str):
        return True
    if _YAML11.resolve(yaml.ScalarNode, text, (True, False)) != _STR:
        return True
    if _DUMPER.resolver.resolve(ScalarNode, text, (True, False)) != _STR:
        return True
    analysis = _ANALYZER.analyze_scalar(text)
    return not analysis.allow_block_plain or analysis.multiline


def _can_fold(text: str) -> bool:
    return (
        text == text.strip()
        and " " in text
        and "\t" not in text
        and all(_yaml_printable(ch) for ch in text)
    )


def _can_be_literal(text: str) -> bool:
    if text.endswith("\n") and not text.endswith("\n\n"):
        text = text[:-1]  # one final line break: `|` keeps it
    lines = text.split("\n")
    return (
        "\r" not in text
        # A block's first line sets its indentation: a space, a tab or an empty line there
        # would be read as more of it (a tab is refused by YAML readers).
        and text[:1] not in (" ", "\n", "\t")
        and not text.endswith(("\n", " "))
        and all(line == line.rstrip() for line in lines)
        and all(_yaml_printable(ch) or ch in "\t\n" for ch in text)
        and not any(ch in text for ch in "\x85\u2028\u2029")
    )


def fold_points(text: str, column: int, width: int = WIDTH) -> list[int]:
    """Where to break folded text (indices of single spaces) so lines end by `width`.

    Lines are filled greedily from `column`; a word longer than a line gets a line of its own.
    """
    points: list[int] = []
    line_length = 0
    start = 0
    candidates = [
        i
        for i in range(1, len(text) - 1)
        if text[i] == " " and text[i - 1] != " " and text[i + 1] != " "
    ]
    for point in [*candidates, len(text)]:
        word = point - start  # the word, with any double spaces inside it
        if line_length == 0:
            line_length = word
        elif column + line_length + 1 + word <= width:
            line_length += 1 + word
        else:
            points.append(start - 1)
            line_length = word
        start = point + 1
    return points


def full_date(value: str) -> dt.date | None:
    """The day a text in a date field names when it is a whole YYYY-MM-DD date written the
    one way ISO 8601 writes it (the layout writes it plain, as a date); None otherwise."""
    if not _ISO_DATE.match(value):
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day if day.isoformat() == value else None


def _scalar(value: Any, is_date: bool, value_column: int, block_column: int) -> Any:
    """The value as ruamel.yaml should write it, with its style decided here."""
    if not isinstance(value, str):
        return value
    day = full_date(value) if is_date else None
    if day is not None:
        # A full date in a date field: plain, so YAML 1.1 readers see a date, which is what it
        # means. The other forms are text like any other: a month stays plain, a year and a
        # date-time are quoted (a reader would take them for a number or a timestamp), so that
        # every reader keeps them as written.
        return day
    if any(ch in value for ch in _LINE_BREAKS):
        return LiteralScalarString(value) if _can_be_literal(value) else _quoted(value)
    quoted = needs_quotes(value)
    length = len(value) + (2 if quoted else 0)
    if value_column + length > WIDTH and _can_fold(value):
        folded = FoldedScalarString(value)
        folded.fold_pos = fold_points(value, block_column)
        return folded
    return _quoted(value) if quoted else value


def _quoted(value: str) -> DoubleQuotedScalarString:
    return typing.cast(DoubleQuotedScalarString, DoubleQuotedScalarString(value))


def _key(key: str) -> str:
    return _quoted(key) if needs_quotes(key) else key


def _comment(text: str, column: int) -> CommentToken:
    return CommentToken(text + "\n", CommentMark(column))


# Building the tree ruamel.yaml writes.


class _Builder:
    """Builds the ruamel.yaml tree: styled scalars, keys in order, comments where they belong."""

    def __init__(self, comments: Comments) -> None:
        self.comments = comments
        # Comments moved up to the entry that holds a list (see `sequence`).
        self.hoisted: dict[JsonPath, list[str]] = {}

    def node(self, value: Any, spec: _Field, path: JsonPath, column: int) -> Any:
        """A mapping (keys at `column`) or a list (dashes at `column`)."""
        if isinstance(value, dict):
            return self.mapping(value, spec.model, path, column)
        return self.sequence(value, spec, path, column)

    def mapping(
        self, value: dict[str, Any], model: type[BaseModel] | None, path: JsonPath, column: int
    ) -> CommentedMap:
        out = CommentedMap()
        known = _fields(model)
        keys = ordered_keys(value, model)
        for key in keys:
            spec = known.get(key, _Field(0, None, False))
            child_path = (*path, key)
            item = value[key]
            written_key = _key(key)
            before = list(self.comments.before.get(child_path, []))
            eol = self.comments.eol.get(child_path)
            if isinstance(item, (dict, list)) and item:
                out[written_key] = self.node(item, spec, child_path, column + INDENT)
                before += self.hoisted.pop(child_path, [])
                if eol is not None and _starts_with_empty_mapping(item):
                    before.append(eol)
                    eol = None
            else:
                out[written_key] = _scalar(
                    item, spec.is_date, column + len(written_key) + 2, column + INDENT
                )
            if before and key == keys[0] and path and isinstance(path[-1], int):
                # The first key of a list item shares the dash's line: its comments go above.
                self.hoisted[path] = before
                before = []
            slot: list[Any] = [None, None, None, None]
            if before:
                slot[1] = [_comment(c, column) for c in before]
            if eol is not None:
                self._eol(out[written_key], eol, slot, 2)
            if any(part is not None for part in slot):
                out.ca.items[written_key] = slot
        return out

    def sequence(self, value: list[Any], spec: _Field, path: JsonPath, column: int) -> CommentedSeq:
        out = CommentedSeq()
        for index, item in enumerate(value):
            child_path = (*path, index)
            before = list(self.comments.before.get(child_path, []))
            eol = self.comments.eol.get(child_path)
            if isinstance(item, (dict, list)) and item:
                out.append(self.node(item, spec, child_path, column + INDENT))
                before += self.hoisted.pop(child_path, [])
                if eol is not None:
                    before.append(eol)  # a dash alone on its line: its comment goes above
                    eol = None
            else:
                out.append(_scalar(item, spec.is_date, column + 2, column + INDENT))
            if (
                index == 0
                and before
                and ((path and isinstance(path[-1], int)) or _starts_with_empty_mapping(value))
            ):
                # The first item of a list in a list shares its parent's dash line; and
                # ruamel.yaml garbles a list that starts with `{}` under a comment. Either way
                # the comment moves above the entry that holds the list.
                self.hoisted[path] = before
                before = []
            slot: list[Any] = [None, None]
            if before:
                slot[1] = [_comment(c, column) for c in before]
            if eol is not None:
                self._eol(out[index], eol, slot, 0)
            if any(part is not None for part in slot):
                out.ca.items[index] = slot
        return out

    @staticmethod
    def _eol(value: Any, comment: str, slot: list[Any], index: int) -> None:
        if isinstance(value, (FoldedScalarString, LiteralScalarString)):
            # On the block's header line, after `>-`.
            typing.cast(Any, value).comment = "  " + comment
        else:
            # Column 0 makes ruamel.yaml write one space; the token adds the second.
            slot[index] = _comment(" " + comment, 0)


def _starts_with_empty_mapping(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and value[0] == {} and isinstance(value[0], dict)


def _represent_none(representer: RoundTripRepresenter, data: None) -> ScalarNode:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


@functools.cache
def _dumper() -> YAML:
    dumper = YAML(typ="rt")
    dumper.width = 1_000_000  # plain and quoted text never wraps; folded text breaks at fold_pos
    dumper.indent(mapping=INDENT, sequence=INDENT + 2, offset=INDENT)
    dumper.allow_unicode = True
    dumper.representer.add_representer(type(None), _represent_none)
    return dumper


def format_yaml(data: dict[str, Any], model: type[BaseModel] | None, comments: Comments) -> str:
    """The canonical text of a YAML record."""
    tree = _Builder(comments).mapping(data, model, (), 0)
    out = io.StringIO()
    _dumper().dump(tree, out)
    result = "".join(c + "\n" for c in comments.head) + out.getvalue()
    if comments.end:
        result += "".join(c + "\n" for c in comments.end)
    return result


def format_json(data: dict[str, Any], model: type[BaseModel] | None) -> str:
    """The canonical text of a JSON record: keys in schema order, 2-space indent."""
    return json.dumps(canonical_data(data, model), indent=INDENT, ensure_ascii=False) + "\n"


def same_data(a: Any, b: Any) -> bool:
    """Equal values of equal types all the way down (1, 1.0 and True differ; NaN equals NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


# Files.


def _model_of(kind: str | None) -> type[BaseModel] | None:
    return KIND_MODELS.get(kind) if kind else None


def format_text(text: str, display: str, kind: str | None, *, is_json: bool = False) -> str:
    """The canonical text of a record, or FormatError when it cannot be laid out safely."""
    try:
        doc = parse_text(text, display, is_json=is_json)
    except LoadError as exc:
        raise FormatError(exc.diagnostic) from None
    model = _model_of(kind)
    if is_json:
        result = format_json(doc.data, model)
    else:
        comments = attach_comments(text, doc.positions, doc.key_positions)
        result = format_yaml(doc.data, model, comments)
    try:
        again = parse_text(result, display, is_json=is_json).data
    except LoadError:
        again = None
    if again is None or not same_data(doc.data, again):
        raise FormatError(
            Diagnostic.make(
                display,
                None,
                "yaml-syntax",
                "claimkit fmt could not lay this file out without changing its data, so it "
                "was left as it is; please report this with the file attached",
            )
        )
    return result
