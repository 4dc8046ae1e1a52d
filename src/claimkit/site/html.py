"""Escaping record text for HTML, Markdown, YAML front matter and JSON in a script element."""

from __future__ import annotations

import html
import json
import posixpath
import re
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
_WEB_URL = re.compile(r"https?://", re.IGNORECASE)
_SCHEME = re.compile("[A-Za-z][A-Za-z0-9+.-]*:")
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "%": "\\u0025"}
# Characters YAML reads as line breaks or refuses; everything else stays as it is.
_YAML_UNSAFE = re.compile(r'["\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]')


def esc(text: str) -> str:
    """Text as HTML: markup characters and quotes become entities."""
    return html.escape(text, quote=True)


def md_heading(text: str) -> str:
    """Text for a Markdown heading: Markdown-active characters backslash-escaped, then HTML."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", " ".join(text.split())), quote=False)


def paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs; no raw newline survives, so no blank line ends a block."""
    parts = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    return "".join(f"<p>{esc(p)}</p>" for p in parts if p)


def inline(text: str) -> str:
    """Text as one line of escaped HTML: runs of white space become one space."""
    return esc(" ".join(text.split()))


def safe_href(url: str | None, *, web_only: bool = False) -> str | None:
    """A link fit for an href, or None: an http(s) URL, or a relative reference unless web_only.

    The only schemes let through are `http://` and `https://` (in any case), so no `javascript:`,
    `data:` or `mailto:` link is ever made. With web_only, for links out to the web (record
    URLs, edit links), a URL that begins with one of the two is kept exactly as given: nothing
    after it can change the scheme. Without it, for links that may be relative (those in the
    pictures), surrounding white space is stripped and the link is refused if white space, a
    control character or a backslash is left in it: browsers delete tabs and newlines inside
    URLs and read backslashes as slashes, so `java\\tscript:x`, which has no scheme to the
    pattern here, would reach them as `javascript:x`. A link left with no scheme is kept as a
    relative reference (a path, a query or a fragment).
    """
    if url is None:
        return None
    if web_only:
        return url if _WEB_URL.match(url) else None
    link = url.strip(" \t\n\r\f")
    if not link or any(c <= " " or c == "\x7f" or c == "\\" for c in link):
        return None
    if _SCHEME.match(link) is None:
        return link
    return link if _WEB_URL.match(link) else None


def relative(from_page: str, to_page: str) -> str:
    """A link from one page's folder to another's, both as site paths like `claims/x/`
    (what `posixpath.relpath` gives, worked out on the segments: no look-up of the current
    folder, which is most of relpath's cost and ran tens of thousands of times a build)."""
    folder = to_page.endswith("/") or to_page == ""
    odd = "." in from_page or "." in to_page or "//" in from_page or "//" in to_page
    if odd or from_page.startswith("/") or to_page.startswith("/"):
        start = from_page.rstrip("/") or "."
        rel = posixpath.relpath(to_page.rstrip("/") or ".", start)
    else:
        here = [part for part in from_page.split("/") if part]
        there = [part for part in to_page.split("/") if part]
        common = 0
        for a, b in zip(here, there, strict=False):
            if a != b:
                break
            common += 1
        rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    if rel == ".":
        return "./"
    return rel + "/" if folder else rel


def link(text: str, href: str | None, *, external: bool = False) -> str:
    """An HTML link to `href` with the text escaped, or the text alone without a link."""
    if not href:
        return inline(text)
    rel = ' rel="noopener nofollow"' if external else ""
    return f'<a href="{esc(href)}"{rel}>{inline(text)}</a>'


def script_json(document: Any) -> str:
    """JSON for a <script> element: `<`, `>` and `&` escaped so no text can close the element
    (and `%`, from when pages went through a template's raw block; kept, as it costs nothing
    and keeps the JSON-LD of every page the same)."""
    text = json.dumps(document, ensure_ascii=True, separators=(",", ":"))
    for char, escaped in _SCRIPT_UNSAFE.items():
        if char in text:
            text = text.replace(char, escaped)
    return text


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`."""

    def escape(match: re.Match[str]) -> str:
        char = match.group(0)
        if char in '"\\':
            return "\\" + char
        return f"\\u{ord(char):04x}"

    return '"' + _YAML_UNSAFE.sub(escape, text) + '"'


def lang_attr(language: str | None, site_language: str) -> str:
    """The `lang` attribute for text in a record's language: none when it is the site's (the
    page's own), the tag when it is another, and an empty one when the language is not known
    (HTML's way of saying so; leaving it out would say the text is in the page's language)."""
    if language is None:
        return ' lang=""'
    if language.casefold() == site_language.casefold():
        return ""
    return f' lang="{esc(language)}"'
