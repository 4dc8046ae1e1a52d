"""The full YAML reader: a record's data, where every value and key sits, and coded refusals."""

from __future__ import annotations

from typing import Any

import yaml

from claimkit.core.diagnostics import Diagnostic, Position
from claimkit.core.limits import MAX_DEPTH
from claimkit.records.scalars import resolve_plain
from claimkit.records.yaml_hints import hint

JsonPath = tuple[str | int, ...]

# The tags a plain or quoted string may carry (none, or the non-specific `!`).
STRING_TAGS = {"tag:yaml.org,2002:str", "!"}

# libyaml's parser where PyYAML has it: several times faster than the pure-Python one.
try:
    Parser: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    Parser = yaml.SafeLoader


class LoadError(Exception):
    """A file that cannot be a record; carries the diagnostic to report."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _pos(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def too_deep(path: str, mark: Any) -> LoadError:
    """The error for values nested deeper than any record kind nests them."""
    return _fail(
        path,
        mark,
        "yaml-too-deep",
        f"values are nested more than {MAX_DEPTH} levels deep; no record kind nests this deep",
    )


def _fail(path: str, mark: Any, code: str, message: str) -> LoadError:
    return LoadError(Diagnostic.make(path, _pos(mark) if mark else None, code, message))


class _Frame:
    __slots__ = ("container", "key", "key_pos", "path")

    def __init__(self, container: Any, path: JsonPath) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None
        self.key_pos: Position | None = None


def compose(text: str, path: str) -> tuple[Any, dict[JsonPath, Position], dict[JsonPath, Position]]:
    """Build plain Python data from the parser's events, refusing what records may not use.

    Returns the top-level value with the position of every value and every mapping key.
    """
    ev_t = yaml.events
    loader = Parser(text)
    positions: dict[JsonPath, Position] = {}
    key_positions: dict[JsonPath, Position] = {}
    stack: list[_Frame] = []
    root: Any = _Frame  # sentinel: nothing composed yet
    root_mark: Any = None
    documents = 0
    try:
        while loader.check_event():
            ev = loader.get_event()
            kind = type(ev)
            if kind is ev_t.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _fail(
                        path,
                        ev.start_mark,
                        "multiple-documents",
                        "a record file holds one YAML document; split this one into its own file",
                    )
                continue
            if kind in (ev_t.StreamStartEvent, ev_t.StreamEndEvent, ev_t.DocumentEndEvent):
                continue
            if kind is ev_t.AliasEvent or getattr(ev, "anchor", None):
                raise _fail(
                    path,
                    ev.start_mark,
                    "yaml-anchor",
                    "YAML anchors and aliases (&name, *name) are not allowed in records; "
                    "write the value out in full",
                )
            if kind is ev_t.MappingEndEvent or kind is ev_t.SequenceEndEvent:
                frame = stack.pop()
                value: Any = frame.container
                if not stack:
                    root = value
                continue
            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent.container, dict) and parent.key is None:
                # This event is a mapping key.
                if kind is not ev_t.ScalarEvent:
                    raise _fail(
                        path, ev.start_mark, "yaml-key-type", "a mapping key must be a plain text"
                    )
                key = _scalar(ev, path)
                if not isinstance(key, str):
                    raise _fail(
                        path,
                        ev.start_mark,
                        "yaml-key-type",
                        f"the key {ev.value!r} is not text; quote it",
                    )
                if key in parent.container:
                    first = key_positions.get((*parent.path, key))
                    where = f" (first at line {first.line})" if first else ""
                    raise _fail(
                        path,
                        ev.start_mark,
                        "yaml-duplicate-key",
                        f"the key '{key}' appears twice in one mapping{where}; keep one",
                    )
                parent.key = key
                parent.key_pos = _pos(ev.start_mark)
                continue
            # This event starts a value.
            if parent is None:
                child_path: JsonPath = ()
                root_mark = ev.start_mark
            elif isinstance(parent.container, dict):
                assert parent.key is not None
                child_path = (*parent.path, parent.key)
                assert parent.key_pos is not None
                key_positions[child_path] = parent.key_pos
            else:
                child_path = (*parent.path, len(parent.container))
            positions[child_path] = _pos(ev.start_mark)
            if kind is ev_t.ScalarEvent:
                value = _scalar(ev, path)
            elif kind is ev_t.MappingStartEvent or kind is ev_t.SequenceStartEvent:
                if ev.tag is not None:
                    raise _fail(
                        path,
                        ev.start_mark,
                        "yaml-tag",
                        f"the tag {ev.tag} is not allowed in records; remove it",
                    )
                if len(stack) >= MAX_DEPTH:
                    raise too_deep(path, ev.start_mark)
                container: Any = {} if kind is ev_t.MappingStartEvent else []
                stack.append(_Frame(container, child_path))
                value = container
            else:  # pragma: no cover - libyaml emits no other events
                continue
            if parent is None:
                if kind is ev_t.ScalarEvent:
                    root = value
            elif isinstance(parent.container, dict):
                assert parent.key is not None
                parent.container[parent.key] = value
                parent.key = None
            else:
                parent.container.append(value)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if "could not find expected ':'" in problem and exc.context_mark is not None:
            mark = exc.context_mark  # the line the key without its colon starts on
        if "nesting depth" in problem:
            raise too_deep(path, mark) from None
        context = f" {exc.context}" if exc.context else ""
        advice = hint(problem, text.splitlines(), mark.line if mark is not None else -1)
        message = (
            f"{advice} (the YAML reader says: {problem}{context})"
            if advice
            else (f"YAML syntax error: {problem}{context}")
        )
        raise _fail(path, mark, "yaml-syntax", message) from None
    except yaml.YAMLError as exc:
        raise _fail(path, None, "yaml-syntax", f"YAML syntax error: {exc}") from None
    if root is _Frame or root is None:
        raise _fail(path, root_mark, "file-empty", "the file holds no record; add its fields")
    return root, positions, key_positions


def _scalar(ev: Any, path: str) -> Any:
    if ev.tag is not None and ev.tag not in STRING_TAGS:
        raise _fail(
            path,
            ev.start_mark,
            "yaml-tag",
            f"the tag {ev.tag} is not allowed in records; remove it",
        )
    if ev.implicit[0] and ev.tag is None:
        return resolve_plain(ev.value)
    return ev.value
