"""The fast writer of new records writes byte for byte what the ruamel.yaml reference writes."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from claimkit.core.models import KIND_MODELS
from claimkit.records.canonical import Comments, _fields, format_yaml
from claimkit.records.fastwrite import double_quoted, fast_yaml, format_new_yaml

HEAD = ["# yaml-language-server: $schema=../../schema/claim.schema.json"]

_TRICKY = [
    "no",
    "yes",
    "No",
    "on",
    "off",
    "y",
    "n",
    "Y",
    "true",
    "False",
    "null",
    "~",
    "",
    " ",
    "12",
    "012",
    "0x1F",
    "1e3",
    "1.5",
    ".5",
    "+1",
    "-1",
    ".inf",
    "-.inf",
    ".nan",
    "1_000",
    "2024",
    "2024-10",
    "2024-10-14",
    "2024-02-30",
    "2024-10-14T09:30:00+03:00",
    "2024-10-14 09:30:00",
    "10:30",
    "1:20:30",
    "a: b",
    "a:b",
    "key: value # not a comment",
    "# hash",
    "a #b",
    "- dash",
    "-dash",
    "? q",
    "?q",
    ":x",
    ": x",
    "!tag",
    "&anchor",
    "*alias",
    "|pipe",
    ">fold",
    "'single'",
    '"double"',
    'say "hi"',
    "it's",
    "%percent",
    "@at",
    "`tick",
    "[list]",
    "{map}",
    "a, b",
    "a,b",
    "trailing ",
    " leading",
    "tab\there",
    "back\\slash",
    "\x85next",
    "nbsp\xa0here",
    "\u2028ls",
    "\ufeffbom",
    "bell\x07",
    "e\u0301",
    "日本語のテキスト",
    "Ελληνικά",
    "emoji 🎉",
    "\U0001f600",
    "https://example.org/a?b=c&d=e#frag",
    "http://x.org/" + "p" * 120,
    "---",
    "...",
    "--- x",
    "=",
    "<<",
    "a\nb",
    "a\n",
    "a\n\n",
    "\n",
    "a\n\nb\n",
    "  indented\nline",
    "line\n  indented",
    "x\r\ny",
    "x \ny",
    "a\tb\nc",
    "# c\nd",
    "- a\n- b",
    "ends with colon:",
    "v1.2.3",
]
_WORDS = st.sampled_from(
    [
        "the",
        "claim",
        "said",
        "no",
        "yes:",
        "2024",
        "#tag",
        "a:b",
        "“quoted”",
        "verificação",
        "l'été",
        "https://example.org/" + "x" * 90,
        "nbsp\xa0x",
        "x\u3000y",
        "-",
        "—",
        "it's",
    ]
)
_PROSE = st.lists(_WORDS, min_size=1, max_size=60).map(" ".join)
_SPACED = st.lists(_WORDS, min_size=10, max_size=40).map("  ".join)
_LINES = st.lists(st.one_of(_PROSE, st.just(""), st.sampled_from(_TRICKY)), min_size=1, max_size=5)
_MULTILINE = st.tuples(_LINES, st.sampled_from(["", "\n", "\n\n"])).map(
    lambda t: "\n".join(t[0]) + t[1]
)
TEXT = st.one_of(
    st.sampled_from(_TRICKY),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=140),
    _PROSE,
    _SPACED,
    _MULTILINE,
    st.sampled_from(_TRICKY).map(lambda s: s + " " + "word " * 25),
)
DATES = st.one_of(
    st.sampled_from(
        [
            "2024",
            "2024-10",
            "2024-10-14",
            "2024-10-14T09:30:00+03:00",
            "2024-10-14T09:30:00Z",
            "1999-12-31",
            "2024-02-30",
            "0001-01-01",
        ]
    ),
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat()),
)
SCALAR = st.one_of(
    TEXT,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(),
)


def _value(model: type[BaseModel] | None, is_date: bool, depth: int) -> st.SearchStrategy[Any]:
    if is_date:
        return st.one_of(DATES, st.lists(DATES, max_size=3), SCALAR)
    if model is not None and depth < 3:
        record = _record(model, depth + 1)
        return st.one_of(record, st.lists(record, max_size=3), st.just([]), st.just({}))
    return st.one_of(
        SCALAR,
        st.lists(SCALAR, max_size=4),
        st.lists(st.lists(SCALAR, max_size=2), max_size=2),
        st.lists(st.dictionaries(st.sampled_from(["a", "b", "y", "key"]), SCALAR), max_size=2),
    )


def _record(model: type[BaseModel], depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    fields = _fields(model)
    known = {name: _value(spec.model, spec.is_date, depth) for name, spec in fields.items()}
    return st.tuples(
        st.fixed_dictionaries({}, optional=known),
        st.dictionaries(st.sampled_from(["extra", "x-note", "yes", "k" * 130]), SCALAR, max_size=1),
        st.randoms(use_true_random=False),
    ).map(_shuffled)


def _shuffled(parts: tuple[dict[str, Any], dict[str, Any], Any]) -> dict[str, Any]:
    known, extra, rnd = parts
    items = [*known.items(), *extra.items()]
    rnd.shuffle(items)
    return dict(items)


def _reference(data: dict[str, Any], model: type[BaseModel] | None) -> str | None:
    try:
        return format_yaml(data, model, Comments(head=list(HEAD)))
    except Exception:  # a reference that fails: the fast text is then compared with None
        return None


RECORDS = st.sampled_from(sorted(KIND_MODELS)).flatmap(
    lambda kind: st.tuples(st.just(KIND_MODELS[kind]), _record(KIND_MODELS[kind]))
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(RECORDS)
def test_fast_text_is_the_reference_text(case: tuple[type[BaseModel], dict[str, Any]]) -> None:
    model, data = case
    fast = fast_yaml(data, model, HEAD)
    if fast is not None:
        assert fast == _reference(data, model)


@settings(max_examples=100, deadline=None)
@given(TEXT, st.integers(min_value=0, max_value=12))
def test_any_text_at_any_depth(text: str, depth: int) -> None:
    data: dict[str, Any] = {"text": text}
    for _ in range(depth):
        data = {"nested": data, "list": [data, text]}
    fast = fast_yaml(data, None, [])
    if fast is not None:
        assert fast == _reference(data, None)[len(HEAD[0]) + 1 :]  # type: ignore[index]


def test_common_records_take_the_fast_path() -> None:
    claim = {
        "claimReviewed": "The minister said no: 12% of the 2024 budget went to “health”.",
        "datePublished": "2024-10-14",
        "text": "A long explanation " * 12,
        "appearance": [{"url": "https://example.org/" + "x" * 100, "datePublished": "2024-10"}],
        "note": "first line\nsecond line\n",
    }
    assert fast_yaml(claim, KIND_MODELS["claim"], HEAD) is not None
    assert format_new_yaml(claim, KIND_MODELS["claim"], HEAD) == _reference(
        claim, KIND_MODELS["claim"]
    )


def test_unsure_cases_fall_back() -> None:
    assert fast_yaml({}, None, []) is None
    assert fast_yaml({"a": [[1]]}, None, []) is None
    assert fast_yaml({"y": 1}, None, []) is None
    assert fast_yaml({"a": float("nan")}, None, []) is None
    assert fast_yaml({"a": "\n"}, None, []) is None
    for data in ({"a": [[1]]}, {"y": 1}, {"a": float("nan")}):
        assert format_new_yaml(data, None, []) == _reference(data, None)[len(HEAD[0]) + 1 :]  # type: ignore[index]


def test_double_quoted_escapes() -> None:
    assert double_quoted('a"b\\c\n\x00\x85\ufeff\U0001f600\x7f') == (
        '"a\\"b\\\\c\\n\\0\\N\\uFEFF\U0001f600\\x7F"'
    )
