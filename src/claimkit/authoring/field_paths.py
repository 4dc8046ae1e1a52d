"""`--set FIELD=VALUE` for `claimkit new`: where a field path leads in a model, and its value."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

import pydantic
from pydantic import BaseModel

from claimkit.core.dates import DATE_PATTERN
from claimkit.core.ids import slugify
from claimkit.core.model_types import allowed_types, enums_in, field_type, list_item, models_in
from claimkit.core.models import SLUG_PATTERN, URL_PATTERN
from claimkit.records.load import JsonPath
from claimkit.validation.schema_check import field_name, suggest

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo


class ScaffoldError(Exception):
    """A request `new` cannot carry out; the message says what to change."""


# The fields of the old layout, with where their value goes now (`claimkit migrate`).
_REPLACED_BY = {"claimant": "claimants.0", "archiveUrl": "archivedAt"}
_DATE_FORMS = (
    "write it as YYYY-MM-DD (or YYYY, YYYY-MM, or a date-time with its zone such as "
    "2024-10-14T09:30:00+03:00)"
)


def deprecated(info: FieldInfo) -> bool:
    """Whether a field is of the old layout, still read but no longer written."""
    extra = info.json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("deprecated"))


@dataclass(frozen=True)
class Slot:
    """The place a value goes: its normalised path, and the type the value must have."""

    path: JsonPath
    annotation: Any
    append: bool  # a list of plain values given without an index: add one item


def _split_path(text: str) -> list[str | int]:
    parts: list[str | int] = []
    for piece in re.split(r"\.|(?=\[)", text):
        match = re.fullmatch(r"\[?([0-9]+)\]?", piece)
        if match:
            parts.append(int(match.group(1)))
        elif piece:
            parts.append(piece)
        else:
            raise ScaffoldError(f"'{text}' is not a field path; write it like claimants.0.person")
    return parts


def resolve(model: type[BaseModel], text: str) -> Slot:
    """Where `text` (claimants.0.person, appearances.0.url, appearances[0].url) leads in `model`."""
    parts = _split_path(text)
    path: list[str | int] = []
    current: type[BaseModel] | None = model
    annotation: Any = None
    i = 0
    while i < len(parts):
        part = parts[i]
        if current is None or isinstance(part, int):
            raise ScaffoldError(
                f"'{text}' does not lead to a field: {field_name(tuple(path)) or 'the record'} "
                "has no fields inside it"
            )
        fields = current.model_fields
        if part not in fields:
            owner = field_name(tuple(path)) if path else f"a {current.__name__.lower()}"
            hint = suggest(part, list(fields)) or f"; its fields are: {', '.join(fields)}"
            raise ScaffoldError(f"{owner} has no field '{part}'{hint}")
        info = fields[part]
        if deprecated(info):
            rest_text = "".join(f".{p}" for p in parts[i + 1 :])
            raise ScaffoldError(
                f"{part} is the old layout; set {_REPLACED_BY.get(part, part)}{rest_text} instead"
            )
        path.append(part)
        item = list_item(info.annotation)
        rest = parts[i + 1 :]
        if item is not None:
            if rest and isinstance(rest[0], int):
                path.append(rest[0])
                i += 1
                rest = rest[1:]
                annotation = item
            elif rest:
                path.append(0)  # appearances.url means the first appearance
                annotation = item
            else:
                if models_in(item):
                    raise ScaffoldError(
                        f"{field_name(tuple(path))} is a list of objects; set one of their "
                        f"fields, such as {field_name(tuple(path))}.0."
                        f"{next(iter(models_in(item)[0].model_fields))}"
                    )
                return Slot(tuple(path), item, append=True)
        else:
            annotation = field_type(info)
        models = models_in(annotation)
        if not rest:
            if models:
                raise ScaffoldError(
                    f"{field_name(tuple(path))} holds fields of its own; set one of them, such "
                    f"as {field_name(tuple(path))}.{next(iter(models[0].model_fields))}"
                )
            return Slot(tuple(path), annotation, append=False)
        current = models[0] if models else None
        i += 1
    raise ScaffoldError(f"'{text}' names no field")  # pragma: no cover - parts is never empty


def convert(slot: Slot, raw: str, label: str) -> Any:
    """The value for `slot` from its text, or ScaffoldError saying what is wrong with it."""
    allowed = allowed_types(slot.annotation)
    value: Any = raw
    if int in allowed and re.fullmatch(r"[-+]?[0-9]+", raw):
        value = int(raw)
    elif float in allowed and re.fullmatch(r"[-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?", raw):
        value = float(raw)
    try:
        checked = pydantic.TypeAdapter(slot.annotation).validate_python(value)
    except pydantic.ValidationError as exc:
        raise ScaffoldError(f"{label}: {_explain(exc, raw, slot.annotation)}") from None
    if isinstance(checked, Enum):
        return checked.value
    return value


def _explain(exc: pydantic.ValidationError, raw: str, annotation: Any) -> str:
    """What is wrong with `raw` as a value of the type, in the words of a record's fields."""
    error = exc.errors()[0]
    kind = error["type"]
    pattern = (error.get("ctx") or {}).get("pattern")
    if pattern == SLUG_PATTERN:
        return (
            f"'{raw}' is not an id: ids are lowercase letters, digits and single hyphens, "
            f"such as {slugify(raw) or 'jane-doe'}"
        )
    if pattern == URL_PATTERN:
        return f"'{raw}' is not an absolute http(s) URL; give the full address you have seen"
    if pattern == DATE_PATTERN:
        return f"'{raw}' is not a date; {_DATE_FORMS}"
    if kind == "date":
        return f"'{raw}' is not a date: {error['msg']}"
    enums = enums_in(annotation)
    if enums:
        return f"'{raw}' is not one of: {', '.join(str(m.value) for m in enums[0])}"
    if kind == "string_too_long":
        return f"the text is too long: at most {error['ctx']['max_length']} characters"
    if kind == "string_too_short":
        return "the text is empty; give a value"
    return f"'{raw}' is not valid here: {error['msg']}"


def assign(data: dict[str, Any], slot: Slot, value: Any) -> None:
    """Put `value` at the slot's path, making the objects and lists on the way."""
    node: Any = data
    path = slot.path
    for step, following in itertools.pairwise(path):
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(step, int):
            while len(node) <= step:
                node.append({} if not isinstance(following, int) else [])
            node = node[step]
        else:
            node = node.setdefault(step, empty)
    last = path[-1]
    if slot.append:
        assert isinstance(last, str)
        node.setdefault(last, []).append(value)
    elif isinstance(last, int):
        if last > len(node):
            raise ScaffoldError(
                f"{field_name(path)}: set the items of a list in order, starting at "
                f"{field_name((*path[:-1], len(node)))}"
            )
        if last == len(node):
            node.append(value)
        node[last] = value
    else:
        node[last] = value
