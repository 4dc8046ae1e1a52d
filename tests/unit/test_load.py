"""The strict loader: YAML 1.2 scalars, source positions, and what it refuses."""

from __future__ import annotations

import math

import pytest

from claimkit.core.diagnostics import Position
from claimkit.records.load import LoadError, decode, parse_text
from claimkit.records.scalars import resolve_plain


def value(text: str) -> object:
    """The value of `v` in a one-line record."""
    return parse_text(f"v: {text}\n", "t.yaml").data["v"]


@pytest.mark.parametrize(
    "word", ["no", "No", "NO", "yes", "Yes", "on", "On", "off", "OFF", "y", "n"]
)
def test_yaml11_booleans_stay_strings(word: str) -> None:
    assert value(word) == word


@pytest.mark.parametrize(
    "text",
    ["2024-10-17", "2024-10-17T08:00:00Z", "12:30:00", "1_000", "0b101", "=", "<<", "0x", "1.2.3"],
)
def test_other_yaml11_types_stay_strings(text: str) -> None:
    assert value(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0x1F", 31),
        ("0xff", 255),
        ("0o17", 15),
        ("42", 42),
        ("-7", -7),
        ("+12", 12),
        ("012", 12),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("-.5", -0.5),
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("FALSE", False),
    ],
)
def test_core_schema_numbers_and_booleans(text: str, expected: object) -> None:
    got = value(text)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize("text", ["~", "null", "Null", "NULL", ""])
def test_core_schema_nulls(text: str) -> None:
    assert value(text) is None


def test_special_floats() -> None:
    assert value(".inf") == math.inf
    assert value("-.Inf") == -math.inf
    assert math.isnan(value(".NaN"))  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ['"0x1F"', "'true'", '"~"', "!!str 12", '"2024-10-17"', "'no'"])
def test_quoted_and_str_tagged_scalars_stay_strings(text: str) -> None:
    got = value(text)
    assert isinstance(got, str)


def test_resolve_plain_is_the_core_schema() -> None:
    assert resolve_plain("0x1F") == 31
    assert resolve_plain("on") == "on"
    assert resolve_plain("~") is None


def test_positions_are_one_based_line_and_column_of_the_value() -> None:
    doc = parse_text(
        "# a comment\nid: x\nname:   Ada\nlist:\n  - one\n  - {k: v}\nnested:\n  deep: [1, 2]\n",
        "t.yaml",
    )
    assert doc.position(()) == Position(2, 1)
    assert doc.position(("id",)) == Position(2, 5)
    assert doc.position(("name",)) == Position(3, 9)
    assert doc.position(("list",)) == Position(5, 3)
    assert doc.position(("list", 0)) == Position(5, 5)
    assert doc.position(("list", 1)) == Position(6, 5)
    assert doc.position(("list", 1, "k")) == Position(6, 9)
    assert doc.position(("nested", "deep", 1)) == Position(8, 13)


def test_key_positions() -> None:
    doc = parse_text("id: x\nname:   Ada\nnested:\n  deep: [1, 2]\n", "t.yaml")
    assert doc.key_position(("id",)) == Position(1, 1)
    assert doc.key_position(("name",)) == Position(2, 1)
    assert doc.key_position(("nested", "deep")) == Position(4, 3)
    # List items have no key: the item's own position stands in.
    assert doc.key_position(("nested", "deep", 0)) == Position(4, 10)


def test_missing_paths_fall_back_to_the_nearest_ancestor() -> None:
    doc = parse_text("id: x\nclaimant:\n  person: ada\n", "t.yaml")
    assert doc.position(("claimant", "unnamed")) == Position(3, 3)
    assert doc.position(("nope", "deeper")) == Position(1, 1)


def test_columns_count_characters_not_bytes() -> None:
    doc = parse_text("name: été\nnext: ok\nwho: «é» x\n", "t.yaml")
    assert doc.position(("next",)) == Position(2, 7)
    with pytest.raises(LoadError) as caught:
        parse_text("{é: 1, é: 2}\n", "t.yaml")
    assert caught.value.diagnostic.position == Position(1, 8)


def test_json_positions() -> None:
    doc = parse_text('{\n  "id": "x",\n  "tags": ["a", "b"]\n}\n', "t.json", is_json=True)
    assert doc.data == {"id": "x", "tags": ["a", "b"]}
    assert doc.position(("tags", 1)) == Position(3, 17)
    assert doc.key_position(("tags",)) == Position(3, 3)


@pytest.mark.parametrize(
    ("text", "code", "position"),
    [
        ("a: 1\na: 2\n", "yaml-duplicate-key", Position(2, 1)),
        ("a: &x 1\n", "yaml-anchor", Position(1, 4)),
        ("a: *x\n", "yaml-anchor", Position(1, 4)),
        ("a: !!python/name:os.system x\n", "yaml-tag", Position(1, 4)),
        ("a: !!set {b}\n", "yaml-tag", Position(1, 4)),
        ("a: !!int '3'\n", "yaml-tag", Position(1, 4)),
        ("[a]: 1\n", "yaml-key-type", Position(1, 1)),
        ("true: 1\n", "yaml-key-type", Position(1, 1)),
        ("~: 1\n", "yaml-key-type", Position(1, 1)),
        ("a: 1\n---\nb: 2\n", "multiple-documents", Position(2, 1)),
        ("", "file-empty", Position(1, 1)),
        ("   \n\n", "file-empty", Position(1, 1)),
        ("# only a comment\n", "file-empty", Position(1, 1)),
        ("- a\n", "not-a-mapping", Position(1, 1)),
        ("42\n", "not-a-mapping", Position(1, 1)),
        ("a: [1\n", "yaml-syntax", Position(2, 1)),
        ("a: b: c\n", "yaml-syntax", Position(1, 5)),
        ("a: " + "[" * 70 + "]" * 70 + "\n", "yaml-too-deep", Position(1, 67)),
    ],
)
def test_refused_yaml(text: str, code: str, position: Position) -> None:
    with pytest.raises(LoadError) as caught:
        parse_text(text, "t.yaml")
    assert caught.value.diagnostic.code == code
    assert caught.value.diagnostic.position == position
    assert caught.value.diagnostic.path == "t.yaml"


def test_depth_limit_is_exact() -> None:
    # The root mapping plus 63 nested lists is the deepest a record may go.
    ok = "a: " + "[" * 63 + "]" * 63 + "\n"
    assert parse_text(ok, "t.yaml").data["a"] is not None
    with pytest.raises(LoadError):
        parse_text("a: " + "[" * 64 + "]" * 64 + "\n", "t.yaml")


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ('{\n  "a": 1,\n}\n', Position(3, 1)),
        ('{"a": 1} {"b": 2}', Position(1, 10)),
        ("{'a': 1}", Position(1, 2)),
        ('{"a": NaN}', Position(1, 1)),
        ('{"a": Infinity}', Position(1, 1)),
    ],
)
def test_refused_json(text: str, position: Position) -> None:
    with pytest.raises(LoadError) as caught:
        parse_text(text, "t.json", is_json=True)
    assert caught.value.diagnostic.code == "json-syntax"
    assert caught.value.diagnostic.position == position


def test_json_that_is_yaml_but_not_json_is_refused() -> None:
    with pytest.raises(LoadError) as caught:
        parse_text("a: 1\n", "t.json", is_json=True)
    assert caught.value.diagnostic.code == "json-syntax"


def test_decode_allows_a_byte_order_mark() -> None:
    assert decode(b"\xef\xbb\xbfa: 1\n", "t.yaml") == "a: 1\n"


def test_decode_points_at_the_bad_byte() -> None:
    with pytest.raises(LoadError) as caught:
        decode(b"a: 1\nb: caf\xe9\n", "t.yaml")
    assert caught.value.diagnostic.code == "file-not-utf8"
    assert caught.value.diagnostic.position == Position(2, 7)
