"""The format of a staged page file: its Markdown, then (after markers) its JSON-LD element, the
HTML claimkit made of its Markdown, and its HTML body; and the folder the bundles of pages sit in.

Staging writes it (`join_source`); claimkit's mkdocs hook reads it (`split_source`).
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from claimkit.site.page_html import Content

# The folder beside mkdocs.yml that holds the bundles of pages.
BUNDLE_DIR = "pages"

HEAD_MARK = "\n<!--ck:head-->\n"
BODY_MARK = "\n<!--ck:body-->\n"


# The HTML claimkit made of the page's Markdown sits inside an HTML comment, so that a renderer
# without claimkit's hook, reading the file as plain Markdown, shows the title and summary once
# (from the Markdown), then the JSON-LD element and the body as raw HTML.
CONTENT_MARK = "\n<!--ck:content\n"
CONTENT_END = "\n-->"


class Source(NamedTuple):
    """The parts of a page file `join_source` wrote."""

    markdown: str
    head: str
    body: str
    # The HTML Python-Markdown would make of the Markdown, made by claimkit (page_content.py),
    # as the heading's anchor, a line break and the HTML; "" when Python-Markdown is to make it.
    content: str = ""


def join_source(markdown: str, head: str, body: str, content: Content | None = None) -> str:
    """A page's Markdown file: its Markdown, then its JSON-LD element, the HTML of its Markdown
    when claimkit made it, and its HTML body."""
    made = (
        f"{CONTENT_MARK}{content.anchor}\n{content.html}{CONTENT_END}"
        if content is not None
        else ""
    )
    return f"{markdown}{HEAD_MARK}{head}{made}{BODY_MARK}{body}\n"


def split_source(text: str) -> Source | None:
    """The parts of a file `join_source` wrote."""
    at = text.rfind(HEAD_MARK)
    if at < 0:
        return None
    head, found, body = text[at + len(HEAD_MARK) :].partition(BODY_MARK)
    if not found:
        return None
    head, _, content = head.partition(CONTENT_MARK)
    return Source(text[:at], head, body.removesuffix("\n"), content.removesuffix(CONTENT_END))


def source_digest(data: bytes) -> str:
    """The digest of a staged page file's bytes (an incremental build renders a page again only
    when its digest changed)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def stub_of(text: str) -> str:
    """A page file without its JSON-LD and body: what mkdocs reads of a page an incremental
    build takes from the published build (its metadata, title and heading; the hook renders
    nothing for it)."""
    parts = split_source(text)
    if parts is None:
        return text
    made = f"{CONTENT_MARK}{parts.content}{CONTENT_END}" if parts.content else ""
    return f"{parts.markdown}{HEAD_MARK}{made}{BODY_MARK}\n"
