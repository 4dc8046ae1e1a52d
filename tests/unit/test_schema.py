"""The JSON Schemas in schema/: generated from the models, documented, closed and current."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from claimkit.cli import main
from claimkit.core.models import KIND_MODELS
from claimkit.validation.schema import render, schema_file_name, stale_schemas

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"
KINDS = sorted(KIND_MODELS)


def committed(kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (SCHEMA_DIR / schema_file_name(kind)).read_text(encoding="utf-8")
    )
    return schema


def objects(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema that describes a mapping, with a JSON-pointer-like location."""
    if isinstance(node, dict):
        if node.get("type") == "object" or "properties" in node:
            yield where, node
        for key, sub in node.items():
            yield from objects(sub, f"{where}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from objects(sub, f"{where}/{i}")


def properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for where, obj in objects(schema):
        for name, prop in obj.get("properties", {}).items():
            yield f"{where}/properties/{name}", prop


def test_one_committed_file_per_kind() -> None:
    files = sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json"))
    assert files == sorted(schema_file_name(kind) for kind in KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_is_current(kind: str) -> None:
    text = (SCHEMA_DIR / schema_file_name(kind)).read_text(encoding="utf-8")
    assert text == render(kind), f"schema/{kind}.schema.json is stale; run `claimkit schema`"


def test_schema_check_command_agrees() -> None:
    assert stale_schemas(SCHEMA_DIR) == []
    assert main(["schema", "--check", "--output", str(SCHEMA_DIR)]) == 0


def test_schema_check_command_notices_a_stale_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--output", str(tmp_path)]) == 0
    (tmp_path / "topic.schema.json").write_text("{}\n", encoding="utf-8")
    assert main(["schema", "--check", "--output", str(tmp_path)]) == 1
    assert "topic.schema.json: out of date" in capsys.readouterr().out


@pytest.mark.parametrize("kind", KINDS)
def test_dialect_and_stable_id(kind: str) -> None:
    schema = committed(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:claimkit:schema:v2:{kind}"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("kind", KINDS)
def test_every_object_is_closed(kind: str) -> None:
    found = list(objects(committed(kind)))
    assert found
    for where, obj in found:
        assert obj.get("additionalProperties") is False, f"{kind}: {where}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_a_description_and_examples(kind: str) -> None:
    props = list(properties(committed(kind)))
    assert props
    for where, prop in props:
        assert isinstance(prop.get("description"), str) and prop["description"].strip(), (
            f"{kind}: {where} has no description"
        )
        assert isinstance(prop.get("examples"), list) and prop["examples"], (
            f"{kind}: {where} has no examples"
        )


@pytest.mark.parametrize("kind", KINDS)
def test_every_example_fits_its_property(kind: str) -> None:
    schema = committed(kind)
    for where, prop in properties(schema):
        wrapper = {**prop, "$defs": schema.get("$defs", {})}
        check = Draft202012Validator(wrapper, format_checker=FormatChecker())
        for example in prop["examples"]:
            problems = [e.message for e in check.iter_errors(example)]
            assert not problems, f"{kind}: {where} example {example!r}: {problems}"


@pytest.mark.parametrize("kind", KINDS)
def test_top_level_has_a_title_and_description(kind: str) -> None:
    schema = committed(kind)
    assert schema["title"] == f"claimkit {kind} record"
    assert schema["description"]
