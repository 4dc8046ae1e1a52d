"""JSON Schemas (Draft 2020-12) generated from the models, and the committed files in schema/."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from claimkit.core.models import KIND_MODELS

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_id(kind: str) -> str:
    """The stable $id of a kind's schema; a URN, so that no tool tries to fetch it."""
    return f"urn:claimkit:schema:v2:{kind}"


def schema_file_name(kind: str) -> str:
    """The name of a kind's schema file in schema/, e.g. `claim.schema.json`."""
    return f"{kind}.schema.json"


class _Generator(GenerateJsonSchema):
    """Optional fields are simply not required: no `null` alternative in the schema."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])


def _tidy(node: Any, top: bool = False) -> Any:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "title" and not top and isinstance(value, str):
                continue
            if key == "default" and value is None:
                continue
            if key in ("properties", "$defs") and isinstance(value, dict):
                out[key] = {name: _tidy(sub) for name, sub in value.items()}
            else:
                out[key] = _tidy(value)
        return out
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    return node


@cache
def kind_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one record kind, as committed in schema/<kind>.schema.json."""
    model = KIND_MODELS[kind]
    raw = model.model_json_schema(schema_generator=_Generator, mode="validation")
    body = _tidy(raw, top=True)
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": schema_id(kind),
        "title": f"claimkit {kind} record",
    }
    for key, value in body.items():
        if key != "title":
            schema[key] = value
    return schema


def render(kind: str) -> str:
    """The schema file's exact text: sorted for stable diffs, two-space indent, final newline."""
    return json.dumps(kind_schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every kind's schema into `folder`; return the files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for kind in KIND_MODELS:
        target = folder / schema_file_name(kind)
        text = render(kind)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed.append(target)
    return changed


def stale_schemas(folder: Path) -> list[Path]:
    """The schema files in `folder` that differ from what the models generate."""
    stale = []
    for kind in KIND_MODELS:
        target = folder / schema_file_name(kind)
        if not target.exists() or target.read_text(encoding="utf-8") != render(kind):
            stale.append(target)
    return stale


def schema_comment(record_folder: Path, schema_folder: Path, kind: str) -> str:
    """The modeline that points editors at the schema of `kind`, from a record in `record_folder`."""
    target = os.path.relpath(
        schema_folder.absolute() / f"{kind}.schema.json", record_folder.absolute()
    )
    return f"# yaml-language-server: $schema={Path(target).as_posix()}"
