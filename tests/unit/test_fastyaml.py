"""The fast reader of the plain layout reads exactly what libyaml reads, or gives up."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimkit.records import fastyaml
from claimkit.records.compose import compose
from claimkit.records.load import LoadError, _Unusual, fast_data

ROOT = Path(__file__).resolve().parents[2]


def _libyaml(text: str) -> Any:
    """What the libyaml reader makes of the text, or the code of the problem it reports."""
    try:
        return fast_data(text)
    except _Unusual:
        try:
            return compose(text, "x.yaml")[0]
        except LoadError as exc:
            return exc.diagnostic.code


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _agrees(text: str) -> bool:
    """True when the fast reader gives up or reads what libyaml reads."""
    mine = fastyaml.parse(text)
    if mine is fastyaml.NOT_PLAIN:
        return True
    return _same(mine, _libyaml(text))


PLAIN = """\
# yaml-language-server: $schema=../../schema/claim.schema.json
id: "a-claim"
claimReviewed: "Some text: with a colon # and a hash"
quote: 'it''s quoted'
count: 12
ratio: -1.5e3
flag: true
none: ~
empty: ""
date: 2024-01-02
url: https://example.org/a?b=c#d
text: plain with  two spaces and a #hash  # a comment
claimant:
  organization: "org"
relays:
  - by:
      person: "p"
    date: "2024-01-03"
  - "just text"
  -   spaced: 1
      again: 2
topics:
- "compact"
- other
nested:
    deep:
        deeper: "x"
list: []
map: {}
escaped: "tab\\there \\u00e9 \\x41 \\"q\\" \\\\ \\/"
last:
"""


def test_the_plain_layout_is_read_as_libyaml_reads_it() -> None:
    data = fastyaml.parse(PLAIN)
    assert data is not fastyaml.NOT_PLAIN
    assert _same(data, _libyaml(PLAIN))
    assert data["text"] == "plain with  two spaces and a"
    assert data["relays"][2] == {"spaced": 1, "again": 2}
    assert data["date"] == "2024-01-02" and data["none"] is None and data["last"] is None


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "!t\na: 1\n",
        "a: 1\na: 2\n",
        "a: 1\n---\nb: 2\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: |\n  text\n",
        "a: >-\n  text\n",
        "a: [1, 2]\n",
        "a: {b: 1}\n",
        "a: multi\n  line\n",
        "a: 1\n  # indented comment under a scalar\n",
        "a:\tb\n",
        "a: b: c\n",
        "a: b:\n",
        "a: 'x' y\n",
        'a: "x" y\n',
        'a: "unclosed\n',
        "- a\n- b\n",
        "just text\n",
        "? a\n: b\n",
        "a: -\n",
        "a:\n-\n  b: 1\n",
        "a: 1\n- b\n",
        "a:\n    b: 1\n  c: 2\n",
        "  a: 1\n",
        "null: 1\n",
        "True: 1\n",
        "1: 1\n",
        "a: @x\n",
        "a: `x`\n",
        'a: "\\ud800"\n',
        'a: "\\q"\n',
        "a: 1\r\nb: 2\r\n",
        "a: 1\rb: 2\n",
        "a: \x85\n",
        "a: x\u2028y\n",
        "a: \ufeffx\n",
        "",
        "# only a comment\n",
        "a: 1\n...\n",
    ],
)
def test_odd_texts_are_left_to_libyaml_or_read_the_same(text: str) -> None:
    assert _agrees(text)


def test_what_libyaml_refuses_the_fast_reader_refuses_too() -> None:
    for text in ("a: 1\na: 2\n", "a: &x 1\n", "a: b: c\n", "a: 1\n---\nb: 2\n", "a: !t 1\n"):
        assert fastyaml.parse(text) is fastyaml.NOT_PLAIN


def test_the_records_of_this_repository_read_the_same() -> None:
    files = sorted((ROOT / "records").rglob("*.yaml")) + sorted((ROOT / "tests").rglob("*.yaml"))
    assert files
    for file in files:
        text = file.read_bytes().decode("utf-8-sig", errors="replace")
        assert _agrees(text), file


# Pieces of lines, many of them awkward, put together at random indentations.
_KEYS = st.sampled_from(["a", "b", "id", "name", "null", "True", "x-y", "k_1", "a b", "1"])
_VALUES = st.sampled_from(
    [
        "",
        " ",
        '"q"',
        '""',
        "'s'",
        "'it''s'",
        "plain",
        "two words",
        "a: b",
        "a:b",
        "x #c",
        "x#c",
        "# c",
        "1",
        "-1",
        "0o17",
        "0x1F",
        "1.5",
        ".inf",
        ".NaN",
        "~",
        "null",
        "Null",
        "true",
        "no",
        "2024-01-01",
        "[]",
        "{}",
        "[1]",
        "&a x",
        "*a",
        "!t x",
        "|",
        ">",
        "-",
        "- x",
        '"a\\nb"',
        '"\\x41"',
        '"\\u00e9"',
        '"bad\\q"',
        '"open',
        "'open",
        "@x",
        "%x",
        "é",
        "a:",
        "x ",
        "\t",
    ]
)
_LINE = st.tuples(
    st.integers(min_value=0, max_value=6),
    st.booleans(),
    st.one_of(st.none(), _KEYS),
    _VALUES,
)


def _render(line: tuple[int, bool, str | None, str]) -> str:
    indent, dash, key, value = line
    text = " " * indent + ("- " if dash else "")
    if key is not None:
        text += f"{key}:" + (f" {value}" if value else "")
    else:
        text += value
    return text


@settings(max_examples=3000, deadline=None)
@given(lines=st.lists(_LINE, min_size=1, max_size=12))
def test_random_layouts_read_the_same_or_are_left_to_libyaml(
    lines: list[tuple[int, bool, str | None, str]],
) -> None:
    text = "\n".join(_render(line) for line in lines) + "\n"
    assert _agrees(text), text


@pytest.mark.slow
@settings(max_examples=500, deadline=None)
@given(
    data=st.recursive(
        st.one_of(
            st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20),
            st.integers(),
            st.booleans(),
            st.none(),
        ),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True), children, max_size=4
            )
        ),
        max_leaves=20,
    )
)
def test_what_yaml_writes_reads_the_same(data: Any) -> None:
    """Documents written by PyYAML in block style (quoting as it likes) read the same."""
    import yaml

    text = yaml.safe_dump({"root": data}, default_flow_style=False, allow_unicode=True)
    assert _agrees(text), text
