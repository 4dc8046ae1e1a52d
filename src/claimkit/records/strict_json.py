"""Strict JSON reading: no duplicate keys, no NaN or Infinity, no nesting past MAX_DEPTH."""

from __future__ import annotations

import json
from typing import Any

from claimkit.core.limits import MAX_DEPTH

# Each caller (a record file, a page read by `check` or `import`) turns these into its own
# diagnostics: the reader only says what it refused.


class DuplicateKey(Exception):
    """An object gives the same key twice: the first such key the parser meets."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class NotAValue(Exception):
    """NaN, Infinity or -Infinity: numbers Python's parser takes and JSON does not have."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class TooDeep(Exception):
    """Objects and arrays nested more than MAX_DEPTH levels deep.

    `counted` is False when the parser ran out of stack before the levels could be counted.
    """

    def __init__(self, *, counted: bool) -> None:
        super().__init__("counted" if counted else "the parser ran out of stack")
        self.counted = counted


class NotText(Exception):
    """A key or a string holds an escaped lone surrogate (such as \\ud800), not a character."""


def loads(text: str, *, allow_lone_surrogates: bool = False) -> Any:
    """The value of a JSON text, read strictly.

    Raises DuplicateKey, NotAValue, TooDeep, NotText (unless lone surrogates are allowed),
    json.JSONDecodeError for a syntax error (it has the line and column), or ValueError for
    another value the parser refuses (such as an integer of more digits than Python converts).
    """
    try:
        data = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_object)
    except RecursionError:
        raise TooDeep(counted=False) from None
    try:
        _check_tree(data, check_text=not allow_lone_surrogates)
    except UnicodeEncodeError:
        raise NotText from None
    return data


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(key)
        out[key] = value
    return out


def _refuse_constant(name: str) -> Any:
    raise NotAValue(name)


def _check_tree(data: Any, *, check_text: bool) -> None:
    """Refuse nesting deeper than MAX_DEPTH and, when asked, text that is not valid Unicode.

    Walks without recursion, depth first; the first problem met is the one raised.
    """
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            if depth >= MAX_DEPTH:
                raise TooDeep(counted=True)
            for key, value in node.items():
                if check_text:
                    key.encode("utf-8")
                stack.append((value, depth + 1))
        elif isinstance(node, list):
            if depth >= MAX_DEPTH:
                raise TooDeep(counted=True)
            stack.extend((value, depth + 1) for value in node)
        elif check_text and isinstance(node, str):
            node.encode("utf-8")
