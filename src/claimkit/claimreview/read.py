"""Reading what `claimkit check` is given: JSON-LD files and HTML pages, with source positions."""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from claimkit.core.diagnostics import Diagnostic, Position
from claimkit.core.limits import MAX_CHECK_BYTES, MAX_DEPTH
from claimkit.records import strict_json
from claimkit.records.compose import JsonPath, LoadError, compose
from claimkit.records.discover import display_path, not_found
from claimkit.records.load import decode

HTML_SUFFIXES = (".html", ".htm")
JSONLD_SUFFIXES = (".jsonld", ".json")
JSONLD_MEDIA_TYPE = "application/ld+json"

START = Position(1, 1)

_SCHEMA_ORG = re.compile(r"^https?://schema\.org/?$", re.IGNORECASE)
_TYPE_PREFIXES = ("schema:", "http://schema.org/", "https://schema.org/")
# The YAML parser counts these as line breaks and JSON does not: blank them for positions only.
# Raw tabs (whitespace in valid JSON) are blanked too, and UTF-16 surrogate escapes, which the
# YAML parser refuses, become a same-length escape of a plain letter.
_BLANK = {ord(c): " " for c in "\r\t\x85\u2028\u2029"}
_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)", re.DOTALL)
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


@dataclass
class Doc:
    """One JSON-LD document (a file, or one script of a page) and where its values sit.

    Positions come from the YAML parser on first use: most documents have nothing to point at.
    """

    data: Any
    origin: Position
    text: str = ""
    display: str = ""  # the file or URL it was read from
    _positions: dict[JsonPath, Position] | None = field(default=None, init=False, repr=False)
    _found: dict[JsonPath, Position] = field(default_factory=dict, init=False, repr=False)

    @property
    def positions(self) -> dict[JsonPath, Position]:
        """Where each value of the document sits, worked out on first use."""
        if self._positions is None:
            try:
                _, self._positions, _ = compose(_for_positions(self.text), "")
            except LoadError:
                # Valid JSON the YAML parser cannot follow (rare): point at the start.
                self._positions = {}
        return self._positions

    def position(self, path: JsonPath) -> Position:
        """The position in the file of the value at `path`, or of its nearest known ancestor
        (kept: a node with several problems is looked up once)."""
        found = self._found.get(path)
        if found is None:
            positions = self.positions
            known = path
            while known not in positions and known:
                known = known[:-1]
            found = self._found[path] = shift(self.origin, positions.get(known, START))
        return found


@dataclass
class Page:
    """What one input file holds: its JSON-LD documents and the URL the page says it has."""

    path: str
    docs: list[Doc] = field(default_factory=list)
    page_url: str | None = None
    url_source: str = ""
    is_html: bool = False
    problems: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class Input:
    """A file to check, and whether it was named on the command line."""

    file: Path
    display: str
    explicit: bool


@dataclass(frozen=True)
class Located:
    """A JSON value with the document and path it was found at."""

    doc: Doc
    path: JsonPath
    value: Any

    @property
    def position(self) -> Position:
        """Where this value sits in its document."""
        return self.doc.position(self.path)

    def get(self, key: str, *, keep_empty: bool = False) -> Located | None:
        """The property `key` of an object; None when absent or null, or empty unless kept."""
        if not isinstance(self.value, dict) or self.value.get(key) is None:
            return None
        if not keep_empty and self.value[key] in ("", [], {}):
            return None
        return Located(self.doc, (*self.path, key), self.value[key])

    def each(self) -> list[Located]:
        """The items of a list, or the value itself."""
        if isinstance(self.value, list):
            return [Located(self.doc, (*self.path, i), v) for i, v in enumerate(self.value)]
        return [self]


def type_names(value: Any) -> set[str]:
    """The schema.org type names in an @type that is a string or an array."""
    names = value if isinstance(value, list) else [value]
    found: set[str] = set()
    for name in names:
        if isinstance(name, str):
            for prefix in _TYPE_PREFIXES:
                name = name.removeprefix(prefix)
            found.add(name.strip())
    return found


def is_schema_org(context: Any) -> bool:
    """Whether an @context is schema.org: the IRI (http or https), @vocab, or a list holding one."""
    if isinstance(context, str):
        return bool(_SCHEMA_ORG.match(context.strip()))
    if isinstance(context, dict):
        return any(is_schema_org(v) for v in context.values() if isinstance(v, str))
    if isinstance(context, list):
        return any(is_schema_org(c) for c in context)
    return False


def text_of(value: Any) -> str | None:
    """Text given as a string, a {"@value": ...} object, or the first item of an array."""
    if isinstance(value, list):
        return text_of(value[0]) if value else None
    if isinstance(value, dict) and "@value" in value:
        return text_of(value["@value"])
    return value if isinstance(value, str) else None


def iri_of(value: Any) -> str | None:
    """A URL given as a string, an {"@id": ...} reference, or the first item of an array."""
    if isinstance(value, list):
        return iri_of(value[0]) if value else None
    if isinstance(value, dict) and isinstance(value.get("@id"), str):
        return str(value["@id"])
    return text_of(value)


@dataclass
class Found:
    """A ClaimReview (or MediaReview) node, the unit it belongs to (0: the page; n: a
    DataFeedItem)."""

    node: Located
    unit: int
    schema_context: bool
    media: bool = False  # a MediaReview: a review of a piece of media, not of a claim


def shift(origin: Position, pos: Position) -> Position:
    """A position inside a document that starts at `origin` in its file, as a file position."""
    if pos.line == 1:
        return Position(origin.line, origin.column + pos.column - 1)
    return Position(origin.line + pos.line - 1, pos.column)


def http_url(value: str | None) -> str | None:
    """The value when it is an absolute http(s) URL with a host, else None."""
    if not value:
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    return value.strip() if parts.scheme in ("http", "https") and parts.hostname else None


# Finding the files.
def _walk(folder: Path) -> Iterator[Path]:
    for here, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and name.lower().endswith(HTML_SUFFIXES + JSONLD_SUFFIXES):
                yield Path(here) / name


def gather(paths: Sequence[Path]) -> tuple[list[Input], list[Diagnostic]]:
    """The files to check under the given paths, each once, in a stable order."""
    inputs: list[Input] = []
    problems: list[Diagnostic] = []
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            problems.append(not_found(path))
            continue
        explicit = not path.is_dir()
        for file in [path] if explicit else _walk(path):
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                inputs.append(Input(file, display_path(file), explicit))
    return inputs, problems


# Reading one file.
def read_page(
    item: Input, page_url: str | None, limit: int = MAX_CHECK_BYTES, command: str = "check"
) -> Page:
    """Read one file as an HTML page or a JSON-LD document; problems are kept on the page."""
    page = Page(item.display)
    try:
        raw = _read(item.file, item.display, limit, command)
        text = decode(raw, item.display)
    except LoadError as exc:
        page.problems.append(exc.diagnostic)
        return page
    suffix = item.file.suffix.lower()
    is_html = suffix in HTML_SUFFIXES or (
        suffix not in JSONLD_SUFFIXES and not text.lstrip().startswith(("{", "["))
    )
    return page_from_text(item.display, text, is_html=is_html, page_url=page_url)


def page_from_text(
    display: str, text: str, *, is_html: bool, page_url: str | None, url_source: str = "--page-url"
) -> Page:
    """Read decoded text as an HTML page or a JSON-LD document; problems are kept on the page."""
    page = Page(display)
    if is_html:
        page.is_html = True
        _read_html(page, text, page_url, url_source)
    else:
        doc, problem = parse_jsonld(text, display, START, "file")
        page.docs.extend([doc] if doc else [])
        page.problems.extend([problem] if problem else [])
        page.page_url, page.url_source = page_url, url_source
    return page


def _read(file: Path, display: str, limit: int = MAX_CHECK_BYTES, command: str = "check") -> bytes:
    too_large = LoadError(
        Diagnostic.make(
            display,
            None,
            "input-too-large",
            f"the file is over {limit:,} bytes ({limit / 1024 / 1024:g} MiB), more than "
            f"`claimkit {command}` reads; "
            + (
                "split it, or check its pages one by one"
                if command == "check"
                else "split it, or raise the limit with --max-size"
            ),
        )
    )
    try:
        if not file.is_file():
            raise LoadError(
                Diagnostic.make(display, None, "file-unreadable", "it is not a regular file")
            )
        if file.stat().st_size > limit:
            raise too_large
        with file.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise LoadError(
            Diagnostic.make(display, None, "file-unreadable", f"cannot read the file: {reason}")
        ) from None
    if len(raw) > limit:
        raise too_large
    return raw


def _for_positions(text: str) -> str:
    """Same-length text the YAML parser reads like JSON, so its positions match the JSON's."""

    def escape(match: re.Match[str]) -> str:
        token = match.group(0)
        return "\\u0041" if _SURROGATE.fullmatch(token) else token

    return _ESCAPE.sub(escape, text.translate(_BLANK))


def _index(text: str, pos: Position) -> int:
    offset = 0
    for _ in range(pos.line - 1):
        offset = text.index("\n", offset) + 1
    return offset + pos.column - 1


def parse_jsonld(
    text: str, display: str, origin: Position, what: str
) -> tuple[Doc | None, Diagnostic | None]:
    """Parse the JSON of a file or script starting at `origin`; a problem is a coded diagnostic."""

    def problem(code: str, pos: Position, message: str) -> tuple[None, Diagnostic]:
        return None, Diagnostic.make(display, shift(origin, pos), code, message)

    if not text.strip():
        return problem("jsonld-syntax", START, f"the {what} is empty; it must hold a JSON object")
    try:
        data = strict_json.loads(text, allow_lone_surrogates=True)
    except strict_json.DuplicateKey as exc:
        return problem("jsonld-syntax", *_duplicate(text, exc.key))
    except json.JSONDecodeError as exc:
        return problem(
            "jsonld-syntax",
            Position(exc.lineno, exc.colno),
            f"the {what} is not valid JSON: {exc.msg}",
        )
    except strict_json.TooDeep as exc:
        if not exc.counted:
            return problem("jsonld-too-deep", START, f"the {what} nests too deep to be read")
        return problem(
            "jsonld-too-deep",
            START,
            f"the {what} nests objects and arrays more than {MAX_DEPTH} levels deep; "
            "no ClaimReview needs that",
        )
    except strict_json.NotAValue as exc:
        return problem(
            "jsonld-syntax",
            START,
            f"the {what} is not valid JSON: {exc.name} is not a JSON value; write a number or text",
        )
    except ValueError as exc:
        return problem("jsonld-syntax", START, f"the {what} is not valid JSON: {exc}")
    return Doc(data, origin, text, display), None


def _duplicate(text: str, key: str) -> tuple[Position, str]:
    """Where the first duplicate key is (the YAML parser says) and the message for it."""
    pos = START
    try:
        compose(_for_positions(text), "")
    except LoadError as exc:
        if exc.diagnostic.code == "yaml-duplicate-key":
            pos = exc.diagnostic.position
            with contextlib.suppress(ValueError, IndexError):
                key, _ = json.JSONDecoder().raw_decode(text, _index(text, pos))
    return pos, (
        f"the key '{key}' appears twice in one object; a JSON-LD processor keeps only one of "
        "the two values: keep one"
    )


# HTML pages.
@dataclass
class _Script:
    tag: Position
    content: Position
    parts: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    """Collects the JSON-LD scripts of a page and the URLs it gives for itself."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[_Script, bool]] = []
        self.canonical: str | None = None
        self.og_url: str | None = None
        self.current: _Script | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "script":
            if values.get("type", "").split(";")[0].strip().lower() == JSONLD_MEDIA_TYPE:
                line, offset = self.getpos()
                start = Position(line, offset + 1)
                self.current = _Script(start, _after(start, self.get_starttag_text() or ""))
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href", "").strip() or None
        elif tag == "meta" and values.get("property", "").strip().lower() == "og:url":
            self.og_url = self.og_url or values.get("content", "").strip() or None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current.parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.current is not None:
            self.scripts.append((self.current, True))
            self.current = None

    def finish(self) -> None:
        self.close()
        if self.current is not None:
            self.scripts.append((self.current, False))
            self.current = None


def _after(start: Position, tag_text: str) -> Position:
    """The position just after a start tag's text that begins at `start`."""
    lines = tag_text.split("\n")
    if len(lines) == 1:
        return Position(start.line, start.column + len(tag_text))
    return Position(start.line + len(lines) - 1, len(lines[-1]) + 1)


def _read_html(page: Page, text: str, page_url: str | None, url_source: str) -> None:
    parser = _PageParser()
    try:
        parser.feed(text)
        parser.finish()
    except (AssertionError, ValueError, IndexError) as exc:
        # The standard library's parser gives up on a few malformed declarations such as `<![!`.
        line, offset = parser.getpos()
        page.problems.append(
            Diagnostic.make(
                page.path,
                Position(line, offset + 1),
                "html-unreadable",
                f"the HTML cannot be read past this point ({exc}); JSON-LD after it was not "
                "checked: fix the markup here",
            )
        )
    for script, closed in parser.scripts:
        if not closed:
            page.problems.append(
                Diagnostic.make(
                    page.path,
                    script.tag,
                    "jsonld-syntax",
                    "the JSON-LD <script> element has no closing </script> tag; close it",
                )
            )
            continue
        doc, problem = parse_jsonld("".join(script.parts), page.path, script.content, "script")
        page.docs.extend([doc] if doc else [])
        page.problems.extend([problem] if problem else [])
    base = http_url(parser.og_url) or http_url(page_url)
    canonical = parser.canonical
    if canonical and base and not http_url(canonical):
        try:
            canonical = urljoin(base, canonical)
        except ValueError:
            canonical = None
    for url, source in (
        (canonical, "its canonical link"),
        (parser.og_url, "its og:url"),
        (page_url, url_source),
    ):
        if http_url(url):
            page.page_url, page.url_source = http_url(url), source
            break
