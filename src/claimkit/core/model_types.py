"""The types of pydantic model fields: what a field allows, its list items, the models inside it."""

from __future__ import annotations

import types
import typing
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo


def allowed_types(annotation: Any, *, into_lists: bool = False) -> list[Any]:
    """The concrete types an annotation allows, through Annotated and unions (Optional too).

    With `into_lists`, a list stands for the types of its items: what the canonical layout
    needs to lay out a field whether it holds one object or a list of them.
    """
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return allowed_types(typing.get_args(annotation)[0], into_lists=into_lists)
    if origin in (typing.Union, types.UnionType) or (into_lists and origin is list):
        return [
            t
            for arg in typing.get_args(annotation)
            for t in allowed_types(arg, into_lists=into_lists)
        ]
    return [annotation]


def models_in(annotation: Any, *, into_lists: bool = False) -> list[type[BaseModel]]:
    """The pydantic models among the types an annotation allows, in the order it names them."""
    return [
        t
        for t in allowed_types(annotation, into_lists=into_lists)
        if isinstance(t, type) and issubclass(t, BaseModel)
    ]


def enums_in(annotation: Any) -> list[type[Enum]]:
    """The enumerations among the types an annotation allows."""
    return [t for t in allowed_types(annotation) if isinstance(t, type) and issubclass(t, Enum)]


def list_item(annotation: Any) -> Any | None:
    """The item type when the annotation is a list (or an optional list), else None."""
    for t in [annotation, *typing.get_args(annotation)]:
        if typing.get_origin(t) is list:
            return typing.get_args(t)[0]
    return None


def field_type(info: FieldInfo) -> Any:
    """A field's type with its constraints (length, pattern) attached, as a TypeAdapter takes it."""
    return Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
