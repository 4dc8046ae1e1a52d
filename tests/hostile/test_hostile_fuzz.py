"""Every record and every page is hostile: the loader, `validate` and `check` never raise.

Property-based tests (hypothesis) feed arbitrary bytes, arbitrary YAML and JSON trees, YAML
token soup and mutated valid records to the loader, to `claimkit validate` (a fuzzed record
dropped into a small valid publication) and to `claimkit check` (fuzzed JSON-LD files and HTML
pages). Each run must end with coded diagnostics only (see hostile_helpers), within the
hypothesis deadline. Explicit cases follow: alias bombs, nesting thousands deep, strings around
the 1 MiB cap, NUL bytes, and bidi and zero-width characters in ids and names.

Inputs that need more than a second or two, or a memory bound, run in a child process in
test_hostile_limits.py.
"""

from __future__ import annotations

import copy
import json
import math
import os
import time
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from hostile_helpers import (
    BASE,
    Run,
    assert_coded_json,
    assert_one_line_each,
    assert_writable,
    publication,
    run_cli,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimkit.claimreview.check import CHECK_CODES
from claimkit.core.diagnostics import CODES
from claimkit.core.limits import MAX_DEPTH
from claimkit.core.limits import MAX_RECORD_BYTES as MAX_BYTES
from claimkit.core.models import KIND_MODELS
from claimkit.records.compose import compose
from claimkit.records.load import (
    Document,
    LoadError,
    load_file,
    parse_text,
)
from claimkit.validation.run import validate_paths
from claimkit.validation.schema import kind_schema

# Modest example counts: the whole file runs in about half a minute.
FAST = settings(
    max_examples=150,
    deadline=2000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SLOW = settings(FAST, max_examples=25)
CHECK = settings(FAST, max_examples=100)

# ---------------------------------------------------------------------------------------------
# Strategies.


def _schema_property_names() -> list[str]:
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    names.update(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for kind in KIND_MODELS:
        walk(kind_schema(kind))
    return sorted(names)


FIELD_NAMES = _schema_property_names()
BASE_IDS = sorted(p.stem for p in (BASE / "records").rglob("*.yaml") if p.parent.name != "records")
LOOKALIKE_O = "\u043e"  # CYRILLIC SMALL LETTER O, drawn like Latin 'o'
SPECIAL_TEXT = [
    "",
    " ",
    "\n",
    "\t",
    "<TODO>",
    "<TODO: name>",
    "2024-10-17",
    "2999-12-31",
    "2024-02-30",
    "0000-00-00",
    "index",
    "page-2",
    "verdict",
    "con",
    "nul",
    "com1",
    "../../etc/passwd",
    "a/b",
    "..",
    "https://a.example/",
    "http://[::1",
    "javascript:alert(1)",
    "</script><script>alert(1)</script>",
    "\u202e",
    "\u200b",
    "\ufeff",
    f"p{LOOKALIKE_O}rt-budget",
    "\x00",
    "\x1b[31m",
    "a\nrecords/x.yaml:1:1: error: forged [id-duplicate]",
    "x" * 2001,
    "Mostly true",
    "False",
    "Unverified",
    "@@BIGNUM@@",
    *BASE_IDS,
]
# Replaced after serialising: a YAML hex integer too long to print in decimal, a JSON integer
# too large for a float.
BIGNUM = "@@BIGNUM@@"
YAML_BIGNUM = "0x" + "f" * 3700
JSON_BIGNUM = "1" + "0" * 400


def _text(surrogates: bool, max_size: int = 20) -> st.SearchStrategy[str]:
    excluded: list[Literal["Cs"]] = [] if surrogates else ["Cs"]
    return st.text(st.characters(exclude_categories=excluded), max_size=max_size)


def _leaves(surrogates: bool) -> st.SearchStrategy[Any]:
    return (
        st.none()
        | st.booleans()
        | st.integers()
        | st.sampled_from([2**63, -(2**63) - 1, 10**400, 0, -1, 1, 5, 6])
        | st.floats(allow_nan=True, allow_infinity=True)
        | _text(surrogates)
        | st.sampled_from(SPECIAL_TEXT)
    )


def _keys(surrogates: bool) -> st.SearchStrategy[str]:
    return st.sampled_from([*FIELD_NAMES, "@type", "<<", "", "id"]) | _text(surrogates, 8)


def trees(surrogates: bool = False, max_leaves: int = 25) -> st.SearchStrategy[Any]:
    return st.recursive(
        _leaves(surrogates),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(_keys(surrogates), children, max_size=5)
        ),
        max_leaves=max_leaves,
    )


def serialise(tree: Any, fmt: str, ascii_only: bool) -> bytes:
    """A tree as record bytes: JSON, YAML block style or YAML flow style."""
    if fmt == "json":
        text = json.dumps(tree, ensure_ascii=ascii_only)
        text = text.replace(json.dumps(BIGNUM), JSON_BIGNUM)
    else:
        tree = json.loads(json.dumps(tree))  # no shared objects, which YAML would alias
        text = yaml.safe_dump(
            tree,
            allow_unicode=not ascii_only,
            default_flow_style=fmt == "yaml-flow",
            sort_keys=False,
            width=80,
        )
        for form in (f"'{BIGNUM}'", f'"{BIGNUM}"', BIGNUM):
            text = text.replace(form, YAML_BIGNUM)
    return text.encode("utf-8", "surrogatepass")


YAML_FRAGMENTS = st.sampled_from(
    [
        "id",
        "name",
        ":",
        ": ",
        "- ",
        "? ",
        "\n",
        "  ",
        "\t",
        "{",
        "}",
        "[",
        "]",
        ",",
        "'",
        '"',
        "|",
        ">",
        "|-",
        "#",
        "---",
        "...",
        "%YAML 1.2\n",
        "%TAG ! tag:yaml.org,2002:\n",
        "&a ",
        "*a",
        "<<: ",
        "!!str ",
        "!!python/object:os.system ",
        "!local ",
        "! ",
        "!<tag:yaml.org,2002:str> ",
        "0x1F",
        "0o17",
        "1e999",
        ".nan",
        "-.inf",
        "~",
        "null",
        "no",
        "2024-10-17",
        "\\u202e",
        "\\ud800",
        "\\0",
        "\u202e",
        "\u200b",
        "\ufeff",
        "\u2028",
        "\x85",
        "\x00",
        "\x7f",
        "é",
        "port-budget",
        "<TODO>",
    ]
)
yaml_soup = st.lists(YAML_FRAGMENTS, max_size=40).map("".join)

# Where a fuzzed record goes in the publication: (folder under records/, file stem).
TARGETS = [
    ("claims", "new-crane-ordered"),
    ("claims", "port-budget-doubled"),
    ("people", "ada-reporter"),
    ("topics", "port-budget"),
    ("articles", "tide-harbour-report"),
    ("organizations", "daily-tide"),
    ("", "site"),
    ("claims", "fuzzed"),
    ("claims/sub", "fuzzed"),
    ("", "stray"),
    ("unknown-kind", "fuzzed"),
]
target = st.sampled_from(TARGETS)
suffix = st.sampled_from([".yaml", ".json", ".yml"])


def _base_data(folder: str, stem: str) -> dict[str, Any]:
    file = BASE / "records" / folder / f"{stem}.yaml"
    if not file.is_file():
        file = BASE / "records" / "claims" / "new-crane-ordered.yaml"
    data = parse_text(file.read_text(encoding="utf-8"), str(file)).data
    assert isinstance(data, dict)
    return data


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*here, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*here, i))
    return out


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


@st.composite
def mutated_records(draw: st.DrawFn) -> tuple[str, str, Any]:
    """A valid record of the base publication with one to three of its values changed."""
    folder, stem = draw(st.sampled_from(TARGETS[:7]))
    data = _base_data(folder, stem)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(data)))
        operation = draw(st.sampled_from(["replace", "delete", "add", "repeat"]))
        if not path:
            if operation == "add":
                data[draw(_keys(False))] = draw(trees(max_leaves=6))
            continue
        parent = _get(data, path[:-1])
        last = path[-1]
        if operation == "replace":
            parent[last] = draw(trees(max_leaves=6))
        elif operation == "delete":
            del parent[last]
        elif operation == "add" and isinstance(parent[last], dict):
            parent[last][draw(_keys(False))] = draw(trees(max_leaves=6))
        elif operation == "add" and isinstance(parent[last], list):
            parent[last].append(draw(trees(max_leaves=6)))
        elif operation == "repeat" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return folder, stem, data


# ---------------------------------------------------------------------------------------------
# The loader.


def _plain(value: Any, depth: int = 1) -> int:
    """Assert the value is plain data (no object a tag could make); return its depth."""
    if isinstance(value, dict):
        assert all(isinstance(k, str) for k in value), value.keys()
        return max([depth, *(_plain(v, depth + 1) for v in value.values())])
    if isinstance(value, list):
        return max([depth, *(_plain(v, depth + 1) for v in value)])
    assert value is None or isinstance(value, (str, bool, int, float)), type(value)
    return depth - 1


def _same(a: Any, b: Any) -> bool:
    """Equal, counting NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def assert_parse_outcome(text: str, *, is_json: bool) -> Document | None:
    """parse_text gives a mapping of plain data, or a LoadError with a coded diagnostic."""
    try:
        doc = parse_text(text, "x.json" if is_json else "x.yaml", is_json=is_json)
    except LoadError as exc:
        d = exc.diagnostic
        assert d.code in CODES, d
        assert d.position.line >= 1 and d.position.column >= 1, d
        assert_writable(d.message)
        return None
    assert isinstance(doc.data, dict)
    depth = _plain(doc.data)
    if not is_json:
        assert depth <= MAX_DEPTH, depth
        # The fast reader and the full reader (with positions) agree on what the data is.
        root, positions, _keys_at = compose(text, "x.yaml")
        assert _same(root, doc.data), (root, doc.data)
        assert () in positions
    position = doc.position(("no", "such", 0, "path"))
    assert position.line >= 1 and position.column >= 1
    return doc


@FAST
@given(text=_text(False, 300), is_json=st.booleans())
def test_parse_text_any_text(text: str, is_json: bool) -> None:
    assert_parse_outcome(text, is_json=is_json)


@FAST
@given(text=yaml_soup)
def test_parse_text_yaml_token_soup(text: str) -> None:
    assert_parse_outcome(text, is_json=False)


@FAST
@given(
    tree=trees(),
    fmt=st.sampled_from(["json", "yaml-block", "yaml-flow"]),
    ascii_only=st.booleans(),
)
def test_parse_text_any_tree(tree: Any, fmt: str, ascii_only: bool) -> None:
    text = serialise(tree, fmt, ascii_only).decode("utf-8")
    assert_parse_outcome(text, is_json=fmt == "json")
    assert_parse_outcome(text, is_json=False)  # JSON is YAML too (mostly)


@FAST
@given(raw=st.binary(max_size=400), name=st.sampled_from(["x.yaml", "x.yml", "x.json"]))
def test_load_file_any_bytes(tmp_path: Path, raw: bytes, name: str) -> None:
    file = tmp_path / name
    file.write_bytes(raw)
    try:
        doc = load_file(file, name)
    except LoadError as exc:
        assert exc.diagnostic.code in CODES
        assert exc.diagnostic.position.line >= 1 and exc.diagnostic.position.column >= 1
        assert_writable(exc.diagnostic.message)
    else:
        assert isinstance(doc.data, dict)
        _plain(doc.data)


# ---------------------------------------------------------------------------------------------
# `claimkit validate` with a fuzzed record in a valid publication.


class Publication:
    """The base publication, with one file replaced for the length of one example."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.originals = {p: p.read_bytes() for p in (root / "records").rglob("*") if p.is_file()}

    def place(self, folder: str, stem: str, ext: str, content: bytes) -> Path:
        """Write the file (removing the record of the same stem in any other form)."""
        directory = self.root / "records" / folder
        directory.mkdir(parents=True, exist_ok=True)
        for other in (".yaml", ".yml", ".json"):
            (directory / f"{stem}{other}").unlink(missing_ok=True)
        file = directory / f"{stem}{ext}"
        file.write_bytes(content)
        return file

    def reset(self) -> None:
        for path in sorted((self.root / "records").rglob("*"), reverse=True):
            if path.is_symlink() or path.is_file():
                if path not in self.originals:
                    path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        for path, content in self.originals.items():
            if not path.exists() or path.read_bytes() != content:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)


@pytest.fixture
def pub(tmp_path: Path) -> Publication:
    return Publication(publication(tmp_path / "pub"))


def validate_everything(pub: Publication, file: Path) -> list[dict[str, Any]]:
    """Validate the publication, then the one file, in every format, with and without the
    cache: each run must be coded, and the cache must not change what is reported."""
    rel = file.relative_to(pub.root).as_posix()
    first = run_cli(pub.root, "validate", "--format", "json", "records")
    diagnostics = assert_coded_json(first)
    again = run_cli(pub.root, "validate", "--format", "json", "records")  # from the cache
    assert again.stdout == first.stdout, "the cache changed the result"
    cold = run_cli(pub.root, "validate", "--no-cache", "--format", "json", "records")
    assert cold.stdout == first.stdout, "the cold run differs"
    one = run_cli(pub.root, "validate", "--format", "json", rel)
    assert_coded_json(one)
    for fmt in ("text", "github"):
        run = run_cli(pub.root, "validate", "--format", fmt, "records")
        assert run.exit_code == first.exit_code
        assert_one_line_each(run, len(diagnostics), fmt)
    return diagnostics


@SLOW
@given(where=target, ext=suffix, raw=st.binary(max_size=600))
def test_validate_any_bytes(pub: Publication, where: tuple[str, str], ext: str, raw: bytes) -> None:
    try:
        validate_everything(pub, pub.place(*where, ext, raw))
    finally:
        pub.reset()


@SLOW
@given(
    where=target,
    tree=trees(surrogates=True),
    fmt=st.sampled_from(["json", "yaml-block", "yaml-flow"]),
    ascii_only=st.booleans(),
)
def test_validate_any_tree(
    pub: Publication, where: tuple[str, str], tree: Any, fmt: str, ascii_only: bool
) -> None:
    ext = ".json" if fmt == "json" else ".yaml"
    try:
        validate_everything(pub, pub.place(*where, ext, serialise(tree, fmt, ascii_only)))
    finally:
        pub.reset()


@SLOW
@given(
    record=mutated_records(),
    fmt=st.sampled_from(["json", "yaml-block", "yaml-flow"]),
    ascii_only=st.booleans(),
)
def test_validate_mutated_valid_records(
    pub: Publication, record: tuple[str, str, Any], fmt: str, ascii_only: bool
) -> None:
    folder, stem, data = record
    ext = ".json" if fmt == "json" else ".yaml"
    try:
        validate_everything(pub, pub.place(folder, stem, ext, serialise(data, fmt, ascii_only)))
    finally:
        pub.reset()


FILE_NAMES = st.sampled_from(
    [
        "Foo",
        "café",
        "cafe\u0301",
        "a b",
        "a_b",
        "-a",
        "a-",
        "a--b",
        "x.yaml",
        "con",
        "CON",
        "com1",
        "index",
        "page-2",
        "verdict",
        f"p{LOOKALIKE_O}rt-budget",
        "port\u200bbudget",
        "port\u202ebudget",
        "\ufeffport-budget",
        "ﬁsh",
        "ＦＵＬＬ",
        "\udcff",  # a byte that is not UTF-8 in the name (surrogateescape)
        "a" * 200,
    ]
) | st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="/\x00"), min_size=1, max_size=12
)


@SLOW
@given(
    folder=st.sampled_from(["claims", "topics", "people", "claims/Sub", ""]),
    name=FILE_NAMES,
    ext=st.sampled_from([".yaml", ".json", ".YAML", ".txt", ""]),
)
def test_validate_any_file_name(pub: Publication, folder: str, name: str, ext: str) -> None:
    if name in (".", "..") or (name + ext).startswith("."):
        name = "x" + name
    content = (BASE / "records" / "topics" / "port-budget.yaml").read_bytes()
    if ext == ".json":
        content = json.dumps(parse_text(content.decode(), "x").data).encode()
    try:
        file = pub.place(folder, name, ext, content)
        validate_everything(pub, file)
    finally:
        pub.reset()


# ---------------------------------------------------------------------------------------------
# `claimkit check` on fuzzed JSON-LD files and pages.

LD_KEYS = st.sampled_from(
    [
        "@context",
        "@type",
        "@id",
        "@graph",
        "@value",
        "claimReviewed",
        "reviewRating",
        "ratingValue",
        "bestRating",
        "worstRating",
        "alternateName",
        "author",
        "name",
        "url",
        "itemReviewed",
        "appearance",
        "firstAppearance",
        "datePublished",
        "dataFeedElement",
        "item",
        "sameAs",
    ]
)
LD_VALUES = st.sampled_from(
    [
        "ClaimReview",
        "Claim",
        "Rating",
        "DataFeed",
        "DataFeedItem",
        "Organization",
        "schema:ClaimReview",
        "http://schema.org/ClaimReview",
        "https://schema.org",
        "http://schema.org/",
        "https://harbourcheck.example.org/claims/x/",
        "https://elsewhere.example.com/",
        "/relative/",
        "http://[::1",
        "javascript:alert(1)",
        "False",
        "3",
        "1e999",
        "-0",
        BIGNUM,
        "\ud800",
        "\u202e",
        "",
    ]
)


def jsonld_trees() -> st.SearchStrategy[Any]:
    return st.recursive(
        LD_VALUES | jsonld_leaves(),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(LD_KEYS | _text(True, 6), children, max_size=6)
        ),
        max_leaves=30,
    )


def _ld_value() -> st.SearchStrategy[Any]:
    return LD_VALUES | jsonld_leaves() | st.lists(LD_VALUES | jsonld_leaves(), max_size=2)


def jsonld_leaves() -> st.SearchStrategy[Any]:
    return (
        st.none()
        | st.booleans()
        | st.integers()
        | st.sampled_from([10**400, 2**1024, -(10**309), 0, 1, 5])
        | st.floats(allow_nan=False, allow_infinity=False)
        | _text(True, 12)
    )


def claimreviews() -> st.SearchStrategy[dict[str, Any]]:
    """ClaimReview-shaped objects with fuzzed values where the rules look."""
    rating = st.fixed_dictionaries(
        {},
        optional={
            "@type": LD_VALUES,
            "ratingValue": _ld_value(),
            "bestRating": _ld_value(),
            "worstRating": _ld_value(),
            "alternateName": _ld_value(),
        },
    )
    party = st.fixed_dictionaries(
        {}, optional={"@type": LD_VALUES, "name": _ld_value(), "url": _ld_value()}
    )
    claim = st.fixed_dictionaries(
        {},
        optional={
            "@type": LD_VALUES,
            "author": party | _ld_value(),
            "datePublished": _ld_value(),
            "appearance": st.lists(party | _ld_value(), max_size=2),
            "firstAppearance": party | _ld_value(),
        },
    )
    return st.fixed_dictionaries(
        {"@type": st.sampled_from(["ClaimReview", ["ClaimReview"], "schema:ClaimReview"])},
        optional={
            "@context": LD_VALUES,
            "@id": _ld_value(),
            "claimReviewed": _ld_value(),
            "url": _ld_value(),
            "author": party | _ld_value(),
            "reviewRating": rating | _ld_value(),
            "itemReviewed": claim | _ld_value(),
            "datePublished": _ld_value(),
        },
    )


def jsonld_documents() -> st.SearchStrategy[Any]:
    review = claimreviews()
    return (
        review
        | st.lists(review, max_size=3)
        | st.fixed_dictionaries({"@graph": st.lists(review | jsonld_trees(), max_size=3)})
        | st.fixed_dictionaries(
            {
                "@type": st.just("DataFeed"),
                "url": _ld_value(),
                "dataFeedElement": st.lists(
                    st.fixed_dictionaries(
                        {"@type": st.just("DataFeedItem"), "item": st.lists(review, max_size=2)}
                    ),
                    max_size=3,
                ),
            }
        )
        | jsonld_trees()
    )


def _check(folder: Path, file: Path, *extra: str) -> Run:
    run = run_cli(folder, "check", "--format", "json", *extra, file.name)
    diagnostics = assert_coded_json(run)
    allowed = CHECK_CODES | {"file-unreadable", "file-not-utf8", "path-not-found"}
    assert {d["code"] for d in diagnostics} <= allowed
    text = run_cli(folder, "check", "--format", "text", *extra, file.name)
    assert_one_line_each(text, len(diagnostics), "text")
    return run


@CHECK
@given(
    tree=jsonld_documents(),
    wrap=st.sampled_from(["jsonld", "html", "html-canonical", "html-og"]),
    page_url=st.sampled_from([None, "https://harbourcheck.example.org/claims/x/"]),
)
def test_check_any_jsonld(tmp_path: Path, tree: Any, wrap: str, page_url: str | None) -> None:
    body = json.dumps(tree, ensure_ascii=True).replace(json.dumps(BIGNUM), JSON_BIGNUM)
    if wrap == "jsonld":
        file = tmp_path / "fuzz.jsonld"
        file.write_text(body, encoding="utf-8")
    else:
        head = {
            "html": "",
            "html-canonical": '<link rel="canonical" href="https://harbourcheck.example.org/a/">',
            "html-og": '<meta property="og:url" content="/relative">',
        }[wrap]
        file = tmp_path / "fuzz.html"
        file.write_text(
            f'<html><head>{head}<script type="application/ld+json">{body}</script></head></html>',
            encoding="utf-8",
        )
    _check(tmp_path, file, *(["--page-url", page_url] if page_url else []))


@CHECK
@given(raw=st.binary(max_size=400), name=st.sampled_from(["x.html", "x.jsonld", "x.json", "x"]))
def test_check_any_bytes(tmp_path: Path, raw: bytes, name: str) -> None:
    file = tmp_path / name
    file.write_bytes(raw)
    _check(tmp_path, file)


# ---------------------------------------------------------------------------------------------
# Explicit cases.


def _code(text: str, *, is_json: bool = False) -> str:
    with pytest.raises(LoadError) as failure:
        parse_text(text, "x.json" if is_json else "x.yaml", is_json=is_json)
    return failure.value.diagnostic.code


def _billion_laughs(levels: int = 10) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        ref = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([ref] * 9)}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "text",
    [
        _billion_laughs(),
        "a: &x 1\n",  # an anchor alone
        "a: *x\n",  # an alias alone (undefined)
        "base: &b {x: 1}\nother:\n  <<: *b\n",  # merge key bomb material
        "- &a [*a]\n",  # a recursive alias
        "id: x\nname: &n [" + ", ".join(["*n"] * 1000) + "]\n",
    ],
    ids=["billion-laughs", "anchor", "alias", "merge", "recursive", "many-aliases"],
)
def test_alias_bombs_are_refused_at_once(text: str) -> None:
    start = time.perf_counter()
    assert _code(text) in {"yaml-anchor", "yaml-syntax"}
    assert time.perf_counter() - start < 0.5


def test_billion_laughs_in_a_publication(pub: Publication) -> None:
    file = pub.place("claims", "new-crane-ordered", ".yaml", _billion_laughs().encode())
    start = time.perf_counter()
    diagnostics = validate_everything(pub, file)
    assert time.perf_counter() - start < 5
    assert {"path": "records/claims/new-crane-ordered.yaml", "code": "yaml-anchor"} in [
        {"path": d["path"], "code": d["code"]} for d in diagnostics
    ]


def _nest_flow(depth: int) -> str:
    return "id: x\nname: " + "[" * depth + "]" * depth + "\n"


def _nest_flow_map(depth: int) -> str:
    return "id: x\nname: " + "{a: " * depth + "1" + "}" * depth + "\n"


def _nest_block_map(depth: int) -> str:
    """One more space of indentation a level: the deepest that fits in 1 MiB is about 1400."""
    return "id: x\nname:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(depth))


def _nest_block_seq(depth: int) -> str:
    return "id: x\nname:\n" + "".join(" " * (i + 1) + "-\n" for i in range(depth))


def _nest_compact_seq(depth: int) -> str:
    """`- - - - x`: block sequences nested on one line, two bytes a level."""
    return "id: x\nname:\n" + "- " * depth + "x\n"


DEEP = [
    *((_nest_flow, d) for d in (MAX_DEPTH + 1, 999, 1000, 5000, 100_000)),
    *((_nest_flow_map, d) for d in (MAX_DEPTH + 1, 1000, 5000, 100_000)),
    *((_nest_block_map, d) for d in (MAX_DEPTH + 1, 1000, 1400)),
    *((_nest_block_seq, d) for d in (MAX_DEPTH + 1, 1000)),
    *((_nest_compact_seq, d) for d in (MAX_DEPTH + 1, 5000, 100_000)),
]


@pytest.mark.parametrize(
    ("shape", "depth"), DEEP, ids=[f"{s.__name__.removeprefix('_nest_')}-{d}" for s, d in DEEP]
)
def test_deep_yaml_is_refused_as_too_deep(shape: Any, depth: int) -> None:
    """Nesting deeper than any record kind, whatever the depth and style: yaml-too-deep.

    Flow sequences nested 1000 deep or more trip libyaml's own limit before ours is reached;
    that must still be reported as too deep, not as a YAML syntax error.
    """
    text = shape(depth)
    assert len(text.encode()) <= MAX_BYTES
    start = time.perf_counter()
    assert _code(text) == "yaml-too-deep"
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 5000, 100_000])
def test_deep_json_is_refused_as_too_deep(depth: int) -> None:
    """A .json record nested deeper than MAX_DEPTH is refused like a .yaml one."""
    text = '{"id": "x", "name": ' + "[" * depth + "]" * depth + "}"
    assert _code(text, is_json=True) == "yaml-too-deep"


def test_depth_exactly_at_the_cap_is_read() -> None:
    # The record mapping is level 1; MAX_DEPTH - 1 lists inside it make MAX_DEPTH levels.
    inner = MAX_DEPTH - 1
    doc = parse_text("name: " + "[" * inner + "]" * inner + "\n", "x.yaml")
    assert _plain(doc.data) == MAX_DEPTH


def _record_of_size(size: int, char: str = "x") -> bytes:
    """A topic record of exactly `size` bytes whose description is one long string."""
    head = b"id: port-budget\nname: Port budget\ndescription: "
    room = size - len(head) - 1
    width = len(char.encode())
    body = (char * (room // width)).encode() + b"y" * (room % width)
    out = head + body + b"\n"
    assert len(out) == size
    return out


@pytest.mark.parametrize(
    ("size", "char", "code"),
    [
        (MAX_BYTES, "x", "schema-length"),
        (MAX_BYTES - 1, "é", "schema-length"),
        (MAX_BYTES + 1, "x", "file-too-large"),
        (MAX_BYTES + 1, "é", "file-too-large"),
        (MAX_BYTES + 4096, "\u202e", "file-too-large"),
    ],
    ids=["at-cap", "under-cap-multibyte", "one-over", "one-over-multibyte", "over-bidi"],
)
def test_megabyte_strings_around_the_cap(pub: Publication, size: int, char: str, code: str) -> None:
    file = pub.place("topics", "port-budget", ".yaml", _record_of_size(size, char))
    start = time.perf_counter()
    diagnostics = validate_everything(pub, file)
    assert time.perf_counter() - start < 10
    mine = [d for d in diagnostics if d["path"] == "records/topics/port-budget.yaml"]
    assert code in {d["code"] for d in mine}, mine
    if code == "schema-length":
        assert any(d["line"] == 3 and d["column"] == 14 for d in mine), mine
        assert all(len(d["message"]) < 500 for d in mine), "a message repeats the huge text"


def test_megabyte_key_and_megabyte_json_string() -> None:
    key = '"' + "k" * (MAX_BYTES - 10) + '": 1\n'
    assert _code(key) in {"yaml-syntax", "yaml-key-type"}
    doc = parse_text(
        '{"id": "x", "name": "' + "n" * (MAX_BYTES - 40) + '"}', "x.json", is_json=True
    )
    assert len(doc.data["name"]) == MAX_BYTES - 40


@pytest.mark.parametrize(
    ("raw", "ext", "code"),
    [
        (b"id: port-budget\nname: Port\x00budget\n", ".yaml", "yaml-syntax"),
        (b"\x00" * 64, ".yaml", "yaml-syntax"),
        (b'{"id": "port-budget", "name": "Port\x00budget"}', ".json", "json-syntax"),
        (b'id: "port\\0budget"\nname: Port budget\n', ".yaml", "schema-pattern"),
        (b'{"id": "port\\u0000budget", "name": "x"}', ".json", "schema-pattern"),
    ],
    ids=["yaml-raw-nul", "all-nul", "json-raw-nul", "yaml-escaped-nul-id", "json-escaped-nul-id"],
)
def test_nul_bytes(pub: Publication, raw: bytes, ext: str, code: str) -> None:
    file = pub.place("topics", "port-budget", ext, raw)
    diagnostics = validate_everything(pub, file)
    mine = {d["code"] for d in diagnostics if d["path"] == f"records/topics/port-budget{ext}"}
    assert code in mine, diagnostics


INVISIBLE = {
    "rlo": "\u202e",
    "zwsp": "\u200b",
    "bom": "\ufeff",
    "cyrillic-o": LOOKALIKE_O,
}


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
@pytest.mark.parametrize("where", ["middle", "start"])
@pytest.mark.parametrize("quoting", ["plain", "escaped"])
def test_invisible_and_lookalike_characters_in_ids_are_refused(
    pub: Publication, char: str, where: str, quoting: str
) -> None:
    ident = {
        "middle": f"port{char}budget",
        "start": f"{char}port-budget",
        "end": f"port-budget{char}",
    }[where]
    shown = json.dumps(ident) if quoting == "escaped" else ident
    file = pub.place("topics", "port-budget", ".yaml", f"id: {shown}\nname: Port\n".encode())
    diagnostics = validate_everything(pub, file)
    mine = [d for d in diagnostics if d["path"] == "records/topics/port-budget.yaml"]
    assert any(d["code"] == "schema-pattern" and d["line"] == 1 for d in mine), diagnostics
    # Ids are refused; the record is not silently accepted under a look-alike id.
    assert not any(d["code"] == "record-unreferenced" for d in mine)


NAMES = [
    "Ada\u202e Reporter",
    "\u202eretropeR adA",
    "Ada\u200bReporter",
    "\ufeffAda Reporter",
    "Ada Reporter\ufeff",
    f"Ad{LOOKALIKE_O} Rep{LOOKALIKE_O}rter",
    "\u2066Ada\u2069 \u200d\u200c\u2060",
]


@pytest.mark.parametrize("name", NAMES, ids=range(len(NAMES)))
@pytest.mark.parametrize("ext", [".yaml", ".json"])
def test_invisible_characters_in_names_are_kept_exactly(
    pub: Publication, name: str, ext: str
) -> None:
    data = _base_data("people", "ada-reporter")
    data["name"] = name
    if ext == ".json":
        raw = json.dumps(data, ensure_ascii=False).encode()
    else:
        raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()
    file = pub.place("people", "ada-reporter", ext, raw)
    assert load_file(file, "x").data["name"] == name
    diagnostics = validate_everything(pub, file)
    assert diagnostics == [], diagnostics
    result = validate_paths([pub.root / "records"])
    (catalog,) = result.catalogs
    assert catalog.people["ada-reporter"].name == name


# ---------------------------------------------------------------------------------------------
# What the fuzzing found, one reproducer each (see the report that came with these tests).


def test_huge_hex_integer_in_a_text_field(pub: Publication) -> None:
    """A YAML hex integer too long to print in decimal, where text is expected."""
    raw = b"id: port-budget\nname: 0x" + b"f" * 3700 + b"\n"
    validate_everything(pub, pub.place("topics", "port-budget", ".yaml", raw))


def test_huge_hex_integer_as_an_id(pub: Publication) -> None:
    raw = b"id: 0x" + b"f" * 3700 + b"\nname: Port budget\n"
    validate_everything(pub, pub.place("topics", "port-budget", ".yaml", raw))


def test_huge_octal_integer_in_a_text_field(pub: Publication) -> None:
    raw = b"id: port-budget\nname: 0o" + b"7" * 5000 + b"\n"
    validate_everything(pub, pub.place("topics", "port-budget", ".yaml", raw))


@pytest.mark.parametrize(
    "raw",
    [
        b'{"id": "\\ud800", "name": "Port budget"}',
        b'{"id": "port-budget", "name": "Port budget", "\\ud800": 1}',
        b'{"id": "port-budget", "name": "\\udc00"}',
        b'{"id": "port-budget", "name": "Port budget", "description": ["\\ud83d"]}',
    ],
    ids=["id", "key", "name", "nested"],
)
def test_lone_surrogate_escape_in_a_json_record(pub: Publication, raw: bytes) -> None:
    """JSON may escape a lone UTF-16 surrogate; the result is not text that UTF-8 can hold."""
    validate_everything(pub, pub.place("topics", "port-budget", ".json", raw))


def test_newline_in_a_key_cannot_forge_a_text_line(pub: Publication) -> None:
    raw = json.dumps(
        {
            "id": "port-budget",
            "name": "Port budget",
            "x\nrecords/claims/harbour-to-close.yaml:1:1: error: forged [id-duplicate]": 1,
        }
    ).encode()
    validate_everything(pub, pub.place("topics", "port-budget", ".json", raw))


def test_file_name_that_is_not_utf8(pub: Publication) -> None:
    """A file name with a byte that is not UTF-8: reported, and the report is still UTF-8."""
    folder = pub.root / "records" / "topics"
    os.close(os.open(os.fsencode(folder) + b"/caf\xe9.yaml", os.O_CREAT | os.O_WRONLY, 0o644))
    try:
        run = run_cli(pub.root, "validate", "--format", "json", "records")
        diagnostics = assert_coded_json(run)
        assert "file-name" in {d["code"] for d in diagnostics}
    finally:
        pub.reset()


def test_parse_text_with_a_lone_surrogate() -> None:
    """parse_text takes str: text that no file could hold must still end in a LoadError."""
    for is_json in (False, True):
        try:
            parse_text("id: \ud800\n" if not is_json else '{"id": "\ud800"}', "x", is_json=is_json)
        except LoadError as exc:
            assert exc.diagnostic.code in CODES


@pytest.mark.parametrize(
    "rating",
    [
        '{"ratingValue": 1' + "0" * 400 + "}",
        '{"ratingValue": 3, "bestRating": 1' + "0" * 400 + ', "worstRating": 1}',
        '{"ratingValue": -1' + "0" * 400 + ', "bestRating": 5, "worstRating": 1}',
    ],
    ids=["value", "best", "negative"],
)
def test_check_integer_too_large_for_a_float(tmp_path: Path, rating: str) -> None:
    file = tmp_path / "big.jsonld"
    file.write_text(
        '{"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "x", '
        f'"url": "https://a.example/", "reviewRating": {rating}}}',
        encoding="utf-8",
    )
    _check(tmp_path, file)


def test_check_lone_surrogate_in_jsonld(tmp_path: Path) -> None:
    file = tmp_path / "s.jsonld"
    file.write_text(
        '{"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "x",'
        ' "url": "https://a.example/\\ud800", "reviewRating": {"alternateName": "\\ud800",'
        ' "ratingValue": "\\ud800"}, "\\ud800": 1}',
        encoding="utf-8",
    )
    _check(tmp_path, file)
