"""YAML 1.2 core-schema rules for plain scalars, shared by the strict reader and its fast path."""

from __future__ import annotations

import re
from typing import Any

# YAML 1.2 core schema: only these plain scalars are not strings. `no`, `on`, `yes` and
# unquoted dates stay strings, unlike PyYAML's YAML 1.1 resolver.
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+\Z")
_OCT = re.compile(r"^0o[0-7]+\Z")
_HEX = re.compile(r"^0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)\Z")

_CONSTANTS: dict[str, Any] = {
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    **_BOOL,
}
_NUMBER_START = frozenset("0123456789+-.")


def resolve_plain(value: str) -> Any:
    """Resolve an untagged plain scalar by the YAML 1.2 core schema."""
    if not value:
        return None
    if value[0] not in _NUMBER_START:
        return _CONSTANTS.get(value, value) if len(value) <= 5 else value
    if len(value) > 100:
        return value  # no record holds such a number: leave it to the schema to refuse the text
    try:
        if _INT.match(value):
            return int(value)
        if _OCT.match(value):
            return int(value[2:], 8)
        if _HEX.match(value):
            return int(value[2:], 16)
    except ValueError:
        return value  # more digits than Python converts: leave it to the schema to refuse
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value
