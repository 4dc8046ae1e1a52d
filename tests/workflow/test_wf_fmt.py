"""`claimkit fmt`: one canonical layout that keeps the data and the comments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from workflow_helpers import REPO, copy_publication, run

from claimkit.records.canonical import WIDTH, FormatError, format_text, needs_quotes, same_data
from claimkit.records.load import LoadError, load_file, parse_text

BUNDLED = sorted(p for p in (REPO / "records").rglob("*") if p.suffix in (".yaml", ".yml", ".json"))


def kind_of(path: Path) -> str:
    folders = {"claims": "claim", "articles": "article", "people": "person"}
    folders |= {"organizations": "organization", "topics": "topic"}
    return folders.get(path.parent.name, "site")


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.relative_to(REPO).as_posix())
def test_bundled_records_keep_their_data_and_settle(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    once = format_text(text, path.name, kind_of(path))
    assert same_data(load_file(path, "x").data, parse_text(once, "x").data)
    assert format_text(once, path.name, kind_of(path)) == once
    assert once.startswith("# yaml-language-server: $schema=")
    assert once.endswith("\n") and not once.endswith("\n\n")


def test_bundled_records_are_formatted() -> None:
    done = run(REPO, "fmt", "--check")
    assert done.returncode == 0, done.stdout


# The layout.

MESSY = """\
# yaml-language-server: $schema=../../schema/claim.schema.json
# A second line at the top.
topics: [north-korea, russia]   # flow style becomes block style
appearances:
  # before the first appearance
  - name: "Kyiv: report #1"
    article: stripes-2024-10-17-north-korean-troops # about the article
reviews:
- summary: >-  # on the header
    Short.
  # this comment belongs to the rating, which moves first
  rating: 'False'
  explanation: |
    Line one.
    Line two.
  datePublished: 2025-05-02
  corrections:
    - {date: 2025-05-03, text: yes}
id: messy   # the id
claimReviewed: "2024-10-14"
claimants:
  # who said it
  - person: dmitry-peskov
quote: "on"
dateMade: 2024-10-14
# at the end
"""

TIDY = """\
# yaml-language-server: $schema=../../schema/claim.schema.json
# A second line at the top.
id: messy  # the id
claimReviewed: "2024-10-14"
quote: "on"
claimants:
  # who said it
  - person: dmitry-peskov
dateMade: 2024-10-14
appearances:
  # before the first appearance
  - article: stripes-2024-10-17-north-korean-troops  # about the article
    name: "Kyiv: report #1"
topics:
  - north-korea
  - russia  # flow style becomes block style
reviews:
  # this comment belongs to the rating, which moves first
  - rating: "False"
    summary: Short.  # on the header
    explanation: |
      Line one.
      Line two.
    datePublished: 2025-05-02
    corrections:
      - date: 2025-05-03
        text: "yes"
# at the end
"""


def test_the_canonical_layout() -> None:
    assert format_text(MESSY, "messy.yaml", "claim") == TIDY
    assert format_text(TIDY, "messy.yaml", "claim") == TIDY
    assert same_data(parse_text(MESSY, "x").data, parse_text(TIDY, "x").data)


@pytest.mark.parametrize(
    "text",
    [
        "no",
        "No",
        "on",
        "off",
        "yes",
        "y",
        "n",
        "true",
        "False",
        "null",
        "~",
        "",
        "10",
        "1.0",
        "0x1F",
        "1_000",
        "1:20",
        ".inf",
        "2024-10-14",
        "=",
        "<<",
        "a: b",
        "- a",
        "#a",
        "a #b",
        " a",
        "a ",
        "@a",
        "'a",
        '"a',
        "[a]",
        "{a}",
        "a\nb",
        "|",
        ">",
    ],
)
def test_values_a_yaml_reader_could_misread_are_quoted(text: str) -> None:
    assert needs_quotes(text)


@pytest.mark.parametrize(
    "text",
    [
        "North Korea",
        "it's",
        "Kyiv: report".replace(":", ""),
        "https://example.org/a#b",
        "C++",
        "2024-10-14 report",
        "Mostly true",
        "news-outlet",
        "100%",
        "a-b",
        "é",
    ],
)
def test_plain_text_stays_plain(text: str) -> None:
    assert not needs_quotes(text)


def test_dates_are_plain_in_date_fields_and_quoted_elsewhere() -> None:
    text = "id: x\nname: '2024-10-14'\nheadline: h\nurl: https://example.org/\npublisher: p\n"
    out = format_text(text + "datePublished: '2024-10-14'\n", "x.yaml", "article")
    assert 'name: "2024-10-14"\n' in out  # not an Article field: kept as text, quoted
    assert "datePublished: 2024-10-14\n" in out


@pytest.mark.parametrize(
    ("written", "laid_out"),
    [
        ("2024-10-14", "2024-10-14"),  # a full date: plain, a date to every reader
        ("'2024'", '"2024"'),  # a year alone: quoted, or YAML reads a number
        ("2024-10", "2024-10"),  # a month: text to every reader, so plain
        ("2024-10-14T09:30:00+03:00", '"2024-10-14T09:30:00+03:00"'),  # a date-time: as written
    ],
)
def test_each_form_of_date_reads_back_as_the_text_written(written: str, laid_out: str) -> None:
    text = (
        f"id: x\nheadline: h\nurl: https://example.org/\npublisher: p\ndatePublished: {written}\n"
    )
    out = format_text(text, "x.yaml", "article")
    assert f"datePublished: {laid_out}\n" in out
    assert parse_text(out, "x").data["datePublished"] == written.strip("'")
    assert format_text(out, "x.yaml", "article") == out


def test_dates_inside_lists_and_nested_objects_are_date_fields() -> None:
    text = (
        "id: c\nclaimReviewed: c\nclaimants:\n  - person: p\nappearances:\n  - name: n\n"
        "    date: '2024-10-14'\nreviews:\n  - rating: r\n    summary: s\n    explanation: e\n"
        "    datePublished: '2024-10-20'\n    corrections:\n      - date: '2024-10-21'\n"
        "        text: t\n"
    )
    out = format_text(text, "c.yaml", "claim")
    for line in (
        "    date: 2024-10-14\n",
        "    datePublished: 2024-10-20\n",
        "      - date: 2024-10-21\n",
    ):
        assert line in out


def test_long_prose_is_folded_within_the_width() -> None:
    words = " ".join(f"word{i}" for i in range(60))
    url = "https://example.org/" + "x" * 120
    text = f"id: t\nname: T\ndescription: {words}\nsameAs:\n  - {url}\n"
    out = format_text(text, "t.yaml", "topic")
    assert "description: >-\n  word0 word1" in out
    lines = out.splitlines()
    assert all(len(line) <= WIDTH for line in lines if url not in line), lines
    assert f"  - {url}" in lines  # a URL is never broken
    assert parse_text(out, "x").data["description"] == words


def test_a_line_that_fits_stays_on_one_line() -> None:
    value = "x " * 40 + "end"  # 83 characters: with `description: ` it fits in 96 columns
    out = format_text(f"id: t\nname: T\ndescription: {value}\n", "t.yaml", "topic")
    assert f"description: {value}\n" in out


def test_json_records_are_laid_out_as_json() -> None:
    text = '{"name": "Jane", "id": "jane", "sameAs": ["https://example.org/j"]}'
    out = format_text(text, "jane.json", "person", is_json=True)
    assert json.loads(out) == json.loads(text)
    assert list(json.loads(out)) == ["id", "name", "sameAs"]
    assert out == (
        '{\n  "id": "jane",\n  "name": "Jane",\n  "sameAs": [\n    "https://example.org/j"\n  ]\n}\n'
    )


def test_files_that_do_not_load_are_refused() -> None:
    with pytest.raises(FormatError) as caught:
        format_text("id: a\nid: b\n", "dup.yaml", "topic")
    assert caught.value.diagnostic.code == "yaml-duplicate-key"


# Any data, any layout, any comments: the data is kept and a second run changes nothing.

_chars = st.characters(exclude_categories=["Cs"], exclude_characters="\ufeff")
_text = st.one_of(
    st.text(_chars, max_size=120),
    st.sampled_from(
        [
            "no",
            "on",
            "True",
            "null",
            "2024-10-14",
            "1.0",
            "~",
            "",
            " x",
            "a: b",
            "- x",
            "x #y",
            "word " * 30,
            "a\nb",
            "a\n",
            " lead\nx",
            "x\t y",
            "?x",
            "1:20",
            "y",
        ]
    ),
)
_scalar = st.one_of(_text, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
_keys = st.sampled_from(
    [
        "id",
        "claimReviewed",
        "claimant",
        "person",
        "dateMade",
        "appearances",
        "date",
        "name",
        "reviews",
        "summary",
        "rating",
        "corrections",
        "text",
        "extra",
        "on",
    ]
)
_tree = st.recursive(
    _scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=5)),
    max_leaves=20,
)


def _with_comments(source: str, every: int) -> str:
    out = ["# top"]
    for i, line in enumerate(source.split("\n")):
        block = line.rstrip().endswith(("|", ">", "|-", ">-", "|+", ">+"))
        if i % every == 0 and line and not block and '"' not in line and "'" not in line:
            out.append(" " * (len(line) - len(line.lstrip())) + f"# own {i}")
            line += f"  # eol {i}"
        out.append(line)
    return "\n".join(out)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.dictionaries(_keys, _tree, min_size=1, max_size=8),
    st.sampled_from([None, "'", '"']),
    st.integers(10, 120),
    st.booleans(),
    st.integers(1, 4),
)
# A text whose first line starts with a tab was written as a literal block no reader takes back.
@example({"id": "\t0\n"}, None, 10, False, 1)
def test_fmt_keeps_data_and_comments_and_settles(
    data: dict[str, object], style: str | None, width: int, flow: bool, every: int
) -> None:
    source = yaml.safe_dump(
        data,
        default_style=style,
        width=width,
        allow_unicode=True,
        default_flow_style=None if flow else False,
        sort_keys=False,
    )
    source = _with_comments(source, every)
    try:
        before = parse_text(source, "t.yaml").data
    except LoadError:  # PyYAML's own tags (!!int) and the like: records may not use them
        assume(False)
        return
    once = format_text(source, "t.yaml", "claim")
    assert same_data(parse_text(once, "t.yaml").data, before), (source, once)
    assert format_text(once, "t.yaml", "claim") == once, (source, once)
    for mark in ("# own", "# eol", "# top"):
        assert once.count(mark) == source.count(mark), (source, once)


# The command.


@pytest.fixture
def pub(tmp_path: Path) -> Path:
    root = copy_publication(tmp_path / "pub")
    run(root, "fmt")  # start from the canonical layout, whatever records/ holds today
    return root


def test_check_lists_files_and_changes_nothing(pub: Path) -> None:
    person = pub / "records/people/david-choi.yaml"
    messy = person.read_text(encoding="utf-8").replace("name: David Choi", "name: 'David Choi'")
    person.write_text(messy, encoding="utf-8")
    done = run(pub, "fmt", "--check")
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == "would reformat records/people/david-choi.yaml"
    assert done.stdout.splitlines()[-1].startswith("1 file would be reformatted, ")
    assert "run `claimkit fmt`" in done.stdout
    assert person.read_text(encoding="utf-8") == messy


def test_fmt_rewrites_and_lists_files(pub: Path) -> None:
    person = pub / "records/people/david-choi.yaml"
    before = load_file(person, "x").data
    person.write_text(
        person.read_text(encoding="utf-8").replace("name: David Choi", "name: 'David Choi'"),
        encoding="utf-8",
    )
    done = run(pub, "fmt", "records/people")
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "reformatted records/people/david-choi.yaml",
        "1 file reformatted, 6 already formatted",
    ]
    assert "name: David Choi\n" in person.read_text(encoding="utf-8")
    assert load_file(person, "x").data == before
    assert run(pub, "fmt", "--check").returncode == 0


def test_fmt_refuses_a_file_that_does_not_load(pub: Path) -> None:
    bad = pub / "records/topics/broken.yaml"
    bad.write_text("id: broken\nname: A\nname: B\n", encoding="utf-8")
    done = run(pub, "fmt", "records/topics/broken.yaml", "records/topics/russia.yaml")
    assert done.returncode == 1
    assert done.stdout.startswith("records/topics/broken.yaml:3:1: error: ")
    assert "[yaml-duplicate-key]" in done.stdout
    assert (
        done.stdout.splitlines()[-1] == "0 files reformatted, 1 already formatted, 1 file refused"
    )
    assert bad.read_text(encoding="utf-8") == "id: broken\nname: A\nname: B\n"


def test_fmt_outside_a_kind_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "loose.yaml").write_text("id: x\n", encoding="utf-8")
    done = run(tmp_path, "fmt", "loose.yaml")
    assert done.returncode == 1
    assert "[file-kind]" in done.stdout


def test_fmt_missing_path_is_a_usage_error(pub: Path) -> None:
    done = run(pub, "fmt", "records/nope")
    assert done.returncode == 2
    assert "[path-not-found]" in done.stdout


def test_crlf_line_endings_become_lf(pub: Path) -> None:
    topic = pub / "records/topics/russia.yaml"
    text = topic.read_text(encoding="utf-8")
    topic.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert run(pub, "fmt", "--check").returncode == 1
    assert run(pub, "fmt").returncode == 0
    assert topic.read_text(encoding="utf-8") == text
