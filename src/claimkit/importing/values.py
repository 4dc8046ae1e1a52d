"""Reading single values out of publishers' JSON-LD: text, URLs, dates, languages, numbers.

Each reader is lenient where publishers are untidy (a string where an object belongs, a
number as text, a date with a time and no zone, HTML in plain text) and returns None for
what a record cannot hold. The claim, review and entity converters share them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser
from typing import Any

from claimkit.claimreview.read import http_url, text_of
from claimkit.core.dates import problem
from claimkit.core.models import URL_PATTERN

MAX_TEXT, MAX_LONG_TEXT, MAX_CLAIM = 2000, 20000, 300
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_URL = re.compile(URL_PATTERN)
# A date as publishers write it: a year, a month, a day, or a day and a time (T or a space
# between them), seconds and fraction optional, then a zone (Z, +hh:mm, +hhmm or +hh) or none.
_DATE = re.compile(
    r"^(?P<day>[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?)"
    r"(?:[T ](?P<clock>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?)"
    r"\s*(?P<zone>Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?$"
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


class _TextOnly(HTMLParser):
    """The text of an HTML fragment: tags dropped, a paragraph or line break kept as a break."""

    BREAKS = frozenset({"p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain(text: str) -> str:
    """Text as a reader sees it: publishers' CMSs often put HTML tags and entities
    (`<p>`, `&#8217;`, `&nbsp;`) in JSON-LD text. Text with neither is kept as it is."""
    if _TAG.search(text):
        parser = _TextOnly()
        parser.feed(text)
        parser.close()
        lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
        return "\n\n".join(line for line in lines if line)
    if _ENTITY.search(text):
        return html.unescape(text).replace("\u00a0", " ")
    return text


def clean_text(value: Any, limit: int = MAX_TEXT) -> str | None:
    """Plain text without control characters and outer spaces, cut to `limit`; None when
    empty."""
    text = text_of(value)
    if text is None:
        return None
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text)).replace("\r\n", "\n")
    text = plain(text).strip()
    if not text:
        return None
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def clean_url(value: Any) -> str | None:
    """An absolute http(s) URL a record can hold, from a string or a reference."""
    if isinstance(value, list):
        return next((u for v in value if (u := clean_url(v))), None)
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or value.get("contentUrl")
    url = http_url(text_of(value))
    if url is None or len(url) > 2000 or not _URL.match(url):
        return None
    return url


def clean_urls(value: Any) -> list[str]:
    """Every distinct URL a record can hold in a value or a list of them, in order."""
    values = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in values:
        url = clean_url(item)
        if url and url not in found:
            found.append(url)
    return found


def read_date(value: Any) -> tuple[str | None, bool]:
    """A date as written, at its precision (`2024`, `2024-10`, `2024-10-14`, or a date-time
    with its zone), from a string or a JSON-LD value object; and whether a time was dropped
    because it had no zone (then the day is kept: which day it was elsewhere is unknown)."""
    text = text_of(value)
    if text is None:
        return None, False
    match = _DATE.match(text.strip())
    if match is None:
        return None, False
    day, clock, zone = match["day"], match["clock"], match["zone"]
    dropped = False
    if clock and len(day) == 10 and zone:
        if zone != "Z":
            zone = zone[:3] + ":" + (zone[3:].lstrip(":") or "00")
        found = f"{day}T{clock}{zone}"
    else:
        found, dropped = day, bool(clock)
    return (None, False) if problem(found) else (found, dropped)


def clean_date(value: Any) -> str | None:
    """A date as written, at its precision and with its zone (see `read_date`)."""
    return read_date(value)[0]


def clean_language(value: Any) -> str | None:
    """A BCP 47 tag from a string or a Language object, its primary subtag in lower case."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    text = text_of(value)
    if not text:
        return None
    head, _, rest = text.strip().replace("_", "-").partition("-")
    tag = head.lower() + ("-" + rest if rest else "")
    return tag if _LANGUAGE.match(tag) else None


def whole_if_integral(value: float) -> int | float:
    """A number as a record writes it: 4.0 as 4, 3.5 as it is."""
    return int(value) if value.is_integer() else value


def as_list(value: Any) -> list[Any]:
    """A JSON-LD value that may be one thing or an array, as a list (empty for None)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def put_given(data: dict[str, Any], key: str, value: Any) -> None:
    """Set `data[key]` unless the value is missing or empty (None, [] or "")."""
    if value not in (None, [], ""):
        data[key] = value
