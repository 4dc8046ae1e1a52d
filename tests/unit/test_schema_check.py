"""How JSON Schema errors become diagnostics, including keywords no committed schema uses yet."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from claimkit.core.diagnostics import Position
from claimkit.records.load import parse_text
from claimkit.validation import schema_check


def diagnose(schema: dict[str, Any], text: str, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    monkeypatch.setattr(schema_check, "validator", lambda kind: Draft202012Validator(schema))
    return schema_check.check_schema(parse_text(text, "t.yaml"), "topic")


@pytest.mark.parametrize(
    "keyword", [{"minimum": 1}, {"maximum": -1}, {"exclusiveMinimum": 0}, {"exclusiveMaximum": 0}]
)
def test_range_keywords_map_to_schema_range(
    keyword: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = {"type": "object", "properties": {"n": {"type": "number", **keyword}}}
    found = diagnose(schema, "id: x\nn: 0\n", monkeypatch)
    assert [(d.code, d.position) for d in found] == [("schema-range", Position(2, 4))]
    assert "n is the number 0" in found[0].message


def test_unknown_keywords_map_to_schema_invalid(monkeypatch: pytest.MonkeyPatch) -> None:
    schema = {"type": "object", "properties": {"n": {"not": {"type": "integer"}}}}
    found = diagnose(schema, "n: 3\n", monkeypatch)
    assert [(d.code, d.position) for d in found] == [("schema-invalid", Position(1, 4))]


def test_unique_items_map_to_schema_items(monkeypatch: pytest.MonkeyPatch) -> None:
    schema = {"type": "object", "properties": {"tags": {"uniqueItems": True}}}
    found = diagnose(schema, "tags: [a, b, a]\n", monkeypatch)
    assert [(d.code, d.position) for d in found] == [("schema-items", Position(1, 7))]


def test_field_names_read_like_paths() -> None:
    assert schema_check.field_name(()) == "the record"
    assert schema_check.field_name(("reviews", 0, "rating")) == "reviews[0].rating"


def test_suggest_offers_a_close_match_only() -> None:
    assert schema_check.suggest("sameAS", ["sameAs", "name"]) == "; did you mean 'sameAs'?"
    assert schema_check.suggest("colour", ["sameAs", "name"]) == ""
