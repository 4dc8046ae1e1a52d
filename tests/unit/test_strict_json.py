"""The strict JSON reader shared by record files and `claimkit check`: what it refuses, and how."""

from __future__ import annotations

import json

import pytest

from claimkit.core.limits import MAX_DEPTH
from claimkit.records import strict_json


def nested(depth: int) -> str:
    """Arrays nested `depth` levels deep."""
    return "[" * depth + "]" * depth


def test_plain_json_reads_as_json() -> None:
    text = '{"a": [1, 2.5, "x", null, true], "b": {"c": "\\u00e9"}}'
    assert strict_json.loads(text) == json.loads(text)


def test_a_duplicate_key_is_named() -> None:
    with pytest.raises(strict_json.DuplicateKey) as caught:
        strict_json.loads('{"a": {"b": 1, "b": 2}}')
    assert caught.value.key == "b"


@pytest.mark.parametrize("name", ["NaN", "Infinity", "-Infinity"])
def test_constants_json_lacks_are_refused(name: str) -> None:
    with pytest.raises(strict_json.NotAValue) as caught:
        strict_json.loads(f'{{"a": [{name}]}}')
    assert caught.value.name == name


def test_nesting_up_to_the_limit_is_read() -> None:
    assert strict_json.loads(nested(MAX_DEPTH)) is not None


def test_nesting_past_the_limit_is_counted() -> None:
    with pytest.raises(strict_json.TooDeep) as caught:
        strict_json.loads(nested(MAX_DEPTH + 1))
    assert caught.value.counted


def test_nesting_past_the_stack_is_too_deep_uncounted() -> None:
    with pytest.raises(strict_json.TooDeep) as caught:
        strict_json.loads(nested(100_000))
    assert not caught.value.counted


@pytest.mark.parametrize("text", ['{"a": "\\ud800"}', '{"\\udfff": 1}', '["x", ["\\ud83d"]]'])
def test_lone_surrogates_are_refused_unless_allowed(text: str) -> None:
    with pytest.raises(strict_json.NotText):
        strict_json.loads(text)
    assert strict_json.loads(text, allow_lone_surrogates=True) == json.loads(text)


def test_syntax_errors_keep_their_position() -> None:
    with pytest.raises(json.JSONDecodeError) as caught:
        strict_json.loads('{\n  "a": 1,\n}')
    assert (caught.value.lineno, caught.value.colno) == (3, 1)
