"""`claimkit check` on hostile input: always a coded diagnostic, never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from check_helpers import GOOD, check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimkit.claimreview.check import check_paths
from claimkit.core.diagnostics import CODES
from claimkit.core.limits import MAX_CHECK_BYTES as MAX_BYTES


def codes_and_lines(path: Path, *args: str) -> list[tuple[str, int]]:
    return [(code, line) for _, code, line in check(path, *args).found]


def test_file_over_10_mib_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * MAX_BYTES + b"{}")
    assert codes_and_lines(big) == [("input-too-large", 1)]
    assert check(big).exit_code == 1


def test_not_utf8_gives_the_line(tmp_path: Path) -> None:
    page = tmp_path / "latin1.html"
    page.write_bytes(b"<html>\n<p>caf\xe9</p>\n</html>\n")
    assert codes_and_lines(page) == [("file-not-utf8", 2)]


def test_binary_file(tmp_path: Path) -> None:
    blob = tmp_path / "image.json"
    blob.write_bytes(bytes(range(256)) * 4)
    assert codes_and_lines(blob) == [("file-not-utf8", 2)]  # byte 0x0a ends line 1


def test_binary_but_valid_utf8(tmp_path: Path) -> None:
    blob = tmp_path / "zeros.jsonld"
    blob.write_bytes(b"\x00" * 100)
    assert codes_and_lines(blob) == [("jsonld-syntax", 1)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_not_a_regular_file(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    assert codes_and_lines(pipe) == [("file-unreadable", 1)]


def test_deep_nesting(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert codes_and_lines(deep) == [("jsonld-too-deep", 1)]
    nested = tmp_path / "nested.json"
    nested.write_text('{"a":' * 70 + "1" + "}" * 70, encoding="utf-8")
    assert codes_and_lines(nested) == [("jsonld-too-deep", 1)]


def test_deep_nesting_inside_a_script(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text(
        '<p>\n<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>",
        encoding="utf-8",
    )
    assert codes_and_lines(page) == [("jsonld-too-deep", 2)]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("", 1),
        ("   \n  ", 1),
        ('{"ratingValue": NaN}', 1),
        ("{'single': 'quotes'}", 1),
        ('{"a": 1}\n{"b": 2}', 2),
        ('{\n  "a": 1,\n  "b": [1, 2,]\n}', 3),
    ],
)
def test_invalid_json_files(tmp_path: Path, text: str, line: int) -> None:
    file = tmp_path / "x.jsonld"
    file.write_text(text, encoding="utf-8")
    assert codes_and_lines(file) == [("jsonld-syntax", line)]


def test_empty_script_and_broken_html(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        '<html><head><title>x</title\n<script type="application/ld+json"></script>\n'
        '<div <p>>\n<script type="Application/LD+JSON; charset=utf-8">  </script>',
        encoding="utf-8",
    )
    run = check(page)
    assert {code for _, code, _ in run.found} <= {"jsonld-syntax"}
    assert run.exit_code == 1


def test_positions_survive_what_the_yaml_parser_reads_differently(tmp_path: Path) -> None:
    """Tabs, a line separator inside a string and surrogate escapes keep their JSON positions."""
    review = json.loads((GOOD / "falsely.jsonld").read_text(encoding="utf-8"))
    review["claimReviewed"] = "The mayor\u2028was \\ud83d\\ude00 falsely accused"
    review["url"] = "https://elsewhere.example.com/"
    text = json.dumps(review, indent="\t", ensure_ascii=False).replace("\\\\", "\\")
    file = tmp_path / "tabs.jsonld"
    file.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.split("\n"), 1) if '"url"' in row)
    assert codes_and_lines(file, "--page-url", "https://harbourcheck.example.org/") == [
        ("claimreview-url-offsite", line)
    ]


def test_valid_json_the_yaml_parser_cannot_follow_is_still_checked(tmp_path: Path) -> None:
    file = tmp_path / "long-key.jsonld"
    review = json.loads((GOOD / "falsely.jsonld").read_text(encoding="utf-8"))
    review["x" * 2000] = 1
    del review["url"]
    file.write_text(json.dumps(review), encoding="utf-8")
    assert codes_and_lines(file) == [("claimreview-missing-url", 1)]


def test_odd_shapes_are_not_claimreviews(tmp_path: Path) -> None:
    shapes = [
        "1",
        '"text"',
        "null",
        "[]",
        '{"@type": 5}',
        '{"@type": ["ClaimReview"], "reviewRating": [1, {"@id": 3}], "author": [null, 7],'
        ' "url": {"@id": 5}, "claimReviewed": {"@value": ""}, "itemReviewed": []}',
        '{"@context": [1, {"@vocab": "http://schema.org/"}], "@graph": {"@type":'
        ' "DataFeed", "url": 3, "dataFeedElement": [null, 1, {"@type": "DataFeedItem"}]}}',
        '{"@type": "ClaimReview", "url": "http://[::1", "reviewRating": {"ratingValue":'
        ' "1e999", "bestRating": true, "worstRating": [1, 2]}}',
    ]
    for i, shape in enumerate(shapes):
        (tmp_path / f"{i}.jsonld").write_text(shape, encoding="utf-8")
    result = check_paths([tmp_path])
    assert result.files == len(shapes)
    assert all(d.code in CODES for d in result.diagnostics)


HTML_BITS = st.sampled_from(
    [
        "<",
        ">",
        "</",
        "<!",
        "<![",
        "<!--",
        "-->",
        '<script type="application/ld+json">',
        "</script>",
        '<link rel="canonical" href="',
        '<meta property="og:url" content="',
        '"',
        "'",
        "=",
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        '"@type"',
        '"ClaimReview"',
        '"url"',
        "http://a.example/",
        "\n",
        " ",
        "&amp;",
        "\x00",
        "\ud7ff",
    ]
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(bits=st.lists(HTML_BITS, max_size=40), suffix=st.sampled_from([".html", ".json"]))
def test_fuzzed_input_never_raises(tmp_path: Path, bits: list[str], suffix: str) -> None:
    file = tmp_path / f"fuzz{suffix}"
    file.write_text("".join(bits), encoding="utf-8")
    result = check_paths([file])
    assert all(d.code in CODES for d in result.diagnostics)
    assert all(d.position.line >= 1 and d.position.column >= 1 for d in result.diagnostics)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=300))
def test_random_bytes_never_raise(tmp_path: Path, raw: bytes) -> None:
    file = tmp_path / "random.html"
    file.write_bytes(raw)
    result = check_paths([file])
    assert all(d.code in CODES for d in result.diagnostics)
