"""Strict reading of one YAML or JSON record, keeping the source position of every value."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import yaml

from claimkit.core.diagnostics import Diagnostic, Position
from claimkit.core.kinds import RECORD_SUFFIXES as RECORD_SUFFIXES
from claimkit.core.limits import MAX_DEPTH, MAX_RECORD_BYTES
from claimkit.records import fastyaml, strict_json
from claimkit.records.compose import STRING_TAGS, Parser, compose, too_deep
from claimkit.records.compose import JsonPath as JsonPath
from claimkit.records.compose import LoadError as LoadError
from claimkit.records.scalars import resolve_plain

# JsonPath and LoadError are defined with the full reader, which raises the error, and are
# re-exported here: the modules that read records take them from `load`.


class Document:
    """A record as read from disk: its data, and where each value and key sits in the file.

    Positions are worked out on first use: most records have no problem to point at, and
    reading without positions is several times faster.
    """

    def __init__(
        self,
        path: str,
        data: dict[str, Any],
        text: str = "",
        positions: dict[JsonPath, Position] | None = None,
        key_positions: dict[JsonPath, Position] | None = None,
        *,
        single_line: bool = False,
    ) -> None:
        self.path = path
        self.data = data
        self.text = text
        # Whether every scalar was read from one line of `text`, as written there but for its
        # quotes and escapes (the line reader's layout, and JSON): no block or folded scalar.
        self.single_line = single_line
        self._positions = positions
        self._key_positions = key_positions

    def _locate(self) -> None:
        if self._positions is None or self._key_positions is None:
            try:
                _root, self._positions, self._key_positions = compose(self.text, self.path)
            except LoadError:
                self._positions, self._key_positions = {}, {}

    @property
    def positions(self) -> dict[JsonPath, Position]:
        """Where each value starts, by its path (empty when the text cannot be composed)."""
        self._locate()
        assert self._positions is not None
        return self._positions

    @property
    def key_positions(self) -> dict[JsonPath, Position]:
        """Where the key of each mapping entry starts, by the entry's path."""
        self._locate()
        assert self._key_positions is not None
        return self._key_positions

    def position(self, path: JsonPath) -> Position:
        """The position of the value at `path`, or of its nearest ancestor that exists."""
        positions = self.positions
        while path not in positions and path:
            path = path[:-1]
        return positions.get(path, Position(1, 1))

    def key_position(self, path: JsonPath) -> Position:
        """The position of the key that holds `path`, falling back to the value."""
        return self.key_positions.get(path) or self.position(path)


def _type_name(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "text"


def decode(raw: bytes, path: str) -> str:
    """Decode UTF-8 (a leading byte-order mark is allowed), or fail at the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1 :]
        column = len(line_start.decode("utf-8", errors="replace")) + 1
        raise LoadError(
            Diagnostic.make(
                path,
                Position(line, column),
                "file-not-utf8",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            )
        ) from None


class _Unusual(Exception):
    """The fast reader met something it leaves to the full reader to explain."""


_NO_KEY = object()


def fast_data(text: str) -> Any:
    """The data of a well-formed record, without positions; raises _Unusual on anything odd.

    Anything this refuses (anchors, tags, duplicate keys, several documents, syntax errors) is
    read again by `compose`, which says what is wrong and where.
    """
    ev_t = yaml.events
    scalar_t, map_t, seq_t = ev_t.ScalarEvent, ev_t.MappingStartEvent, ev_t.SequenceStartEvent
    end_t = (ev_t.MappingEndEvent, ev_t.SequenceEndEvent)
    doc_t, alias_t = ev_t.DocumentStartEvent, ev_t.AliasEvent
    loader = Parser(text)
    check, get = loader.check_event, loader.get_event
    stack: list[Any] = []
    keys: list[Any] = []
    root: Any = _NO_KEY
    documents = 0
    try:
        while check():
            ev = get()
            kind = ev.__class__
            if kind is scalar_t:
                tag = ev.tag
                if ev.anchor is not None or (tag is not None and tag not in STRING_TAGS):
                    raise _Unusual
                value = resolve_plain(ev.value) if ev.implicit[0] and tag is None else ev.value
                if not stack:
                    root = value
                    continue
                top = stack[-1]
                if top.__class__ is dict:
                    key = keys[-1]
                    if key is _NO_KEY:
                        if value.__class__ is not str or value in top:
                            raise _Unusual
                        keys[-1] = value
                    else:
                        top[key] = value
                        keys[-1] = _NO_KEY
                else:
                    top.append(value)
            elif kind is map_t or kind is seq_t:
                if ev.anchor is not None or ev.tag is not None or len(stack) >= MAX_DEPTH:
                    raise _Unusual
                container: Any = {} if kind is map_t else []
                if stack:
                    top = stack[-1]
                    if top.__class__ is dict:
                        key = keys[-1]
                        if key is _NO_KEY:
                            raise _Unusual
                        top[key] = container
                        keys[-1] = _NO_KEY
                    else:
                        top.append(container)
                stack.append(container)
                keys.append(_NO_KEY)
            elif kind in end_t:
                done = stack.pop()
                keys.pop()
                if not stack:
                    root = done
            elif kind is doc_t:
                documents += 1
                if documents > 1:
                    raise _Unusual
            elif kind is alias_t:
                raise _Unusual
    except yaml.YAMLError:
        raise _Unusual from None
    finally:
        loader.dispose()
    return root


def _json_data(text: str, path: str) -> Any:
    """JSON read by the strict JSON reader, positions aside; what it refuses, as a diagnostic."""
    try:
        return strict_json.loads(text)
    except strict_json.TooDeep:
        raise too_deep(path, None) from None
    except strict_json.NotText:
        raise LoadError(
            Diagnostic.make(
                path,
                None,
                "json-syntax",
                "the text holds an escaped lone surrogate (such as \\ud800), which is not a "
                "character; write the character itself",
            )
        ) from None
    except json.JSONDecodeError as exc:
        raise LoadError(
            Diagnostic.make(
                path,
                Position(exc.lineno, exc.colno),
                "json-syntax",
                f"JSON syntax error: {exc.msg}",
            )
        ) from None
    except strict_json.DuplicateKey as dup:
        try:
            compose(text, path)  # finds the duplicate with its position when it can
        except LoadError as exc:
            if exc.diagnostic.code == "yaml-duplicate-key":
                raise
        raise LoadError(
            Diagnostic.make(
                path,
                None,
                "yaml-duplicate-key",
                f"the key '{dup.key}' appears twice in one object; keep one",
            )
        ) from None
    except strict_json.NotAValue as exc:
        raise LoadError(
            Diagnostic.make(
                path, None, "json-syntax", f"JSON syntax error: {exc.name} is not valid JSON"
            )
        ) from None
    except ValueError as exc:
        raise LoadError(
            Diagnostic.make(path, None, "json-syntax", f"JSON syntax error: {exc}")
        ) from None


def _not_a_mapping(path: str, root: Any, position: Position | None) -> LoadError:
    return LoadError(
        Diagnostic.make(
            path,
            position,
            "not-a-mapping",
            f"the top level of a record must be a mapping of fields, not a {_type_name(root)}",
        )
    )


def parse_text(text: str, path: str, *, is_json: bool = False) -> Document:
    """Parse record text strictly. Positions are found later, and only if needed."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise LoadError(
            Diagnostic.make(
                path,
                None,
                "file-not-utf8",
                f"the text holds {text[exc.start]!r}, which is not a character; write UTF-8 text",
            )
        ) from None
    if not text.strip():
        raise LoadError(
            Diagnostic.make(path, None, "file-empty", "the file holds no record; add its fields")
        )
    if is_json:
        root = _json_data(text, path)
        if not isinstance(root, dict):
            raise _not_a_mapping(path, root, None)
        return Document(path, root, text, single_line=True)
    root = fastyaml.parse(text)
    if root is not fastyaml.NOT_PLAIN:
        return Document(path, root, text, single_line=True)
    try:
        root = fast_data(text)
    except _Unusual:
        root, positions, key_positions = compose(text, path)  # raises the precise problem
        if not isinstance(root, dict):
            raise _not_a_mapping(path, root, positions.get(())) from None
        return Document(path, root, text, positions, key_positions)
    if root is _NO_KEY or root is None or not isinstance(root, dict):
        root, positions, _keys = compose(text, path)  # raises file-empty where it applies
        raise _not_a_mapping(path, root, positions.get(()))
    return Document(path, root, text)


def load_file(file: Path, display: str) -> Document:
    """Read and parse one record file, raising LoadError with a coded diagnostic."""
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(
                Diagnostic.make(
                    display,
                    None,
                    "file-unreadable",
                    "this is not a regular file; records are files",
                )
            )
        size = info.st_size
        if size > MAX_RECORD_BYTES:
            raise LoadError(
                Diagnostic.make(
                    display,
                    None,
                    "file-too-large",
                    f"the file is {size:,} bytes; a record may be at most {MAX_RECORD_BYTES:,} bytes "
                    "(1 MiB)",
                )
            )
        with file.open("rb") as handle:
            raw = handle.read(MAX_RECORD_BYTES + 1)
    except OSError as exc:
        raise LoadError(
            Diagnostic.make(
                display, None, "file-unreadable", f"cannot read the file: {exc.strerror}"
            )
        ) from None
    if len(raw) > MAX_RECORD_BYTES:
        raise LoadError(
            Diagnostic.make(
                display, None, "file-too-large", "the file grew past the 1 MiB cap while read"
            )
        )
    return parse_bytes(raw, display, file.suffix)


def parse_bytes(raw: bytes, display: str, suffix: str) -> Document:
    """Parse the bytes of a record file already read (at most MAX_RECORD_BYTES of a regular file)."""
    text = decode(raw, display)
    return parse_text(text, display, is_json=suffix.lower() == ".json")
