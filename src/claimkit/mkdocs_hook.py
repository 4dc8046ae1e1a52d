"""claimkit's mkdocs hook (named under `hooks:` in the generated mkdocs.yml).

A generated page's Markdown file ends with the page's JSON-LD and HTML body, after a marker
(`pages.HEAD_MARK`). Before Python-Markdown sees the file, the hook cuts that tail off, so the
Markdown it parses is only the title and a one-line summary. When the page is rendered, the hook
reads the tail again from the file and hands it to the theme (`main.html`) as two strings,
`ck_head` and `ck_body`, which the theme prints as they are: no template is compiled per page,
and nothing of the tail is held in memory between the two steps.

The tail is escaped HTML written by claimkit (record text is escaped, the JSON-LD has `<`, `>`
and `&` as `\\u003c`-style sequences), so the markers cannot occur inside it.
"""

from __future__ import annotations

from typing import Any

HEAD_MARK = "\n<!--ck:head-->\n"
BODY_MARK = "\n<!--ck:body-->\n"


def join_source(markdown: str, head: str, body: str) -> str:
    """A page's Markdown file: its Markdown, then its JSON-LD element and its HTML body."""
    return f"{markdown}{HEAD_MARK}{head}{BODY_MARK}{body}\n"


def split_source(text: str) -> tuple[str, str, str] | None:
    """The Markdown, the JSON-LD element and the HTML body of a file `join_source` wrote."""
    at = text.rfind(HEAD_MARK)
    if at < 0:
        return None
    head, found, body = text[at + len(HEAD_MARK) :].partition(BODY_MARK)
    if not found:
        return None
    return text[:at], head, body.removesuffix("\n")


def _ours(page: Any) -> bool:
    meta = getattr(page, "meta", None)
    return isinstance(meta, dict) and meta.get("ck") is True


def on_page_markdown(markdown: str, page: Any, **_kwargs: Any) -> str:
    """Give Python-Markdown only the page's Markdown, not its JSON-LD and body."""
    if not _ours(page):
        return markdown
    parts = split_source(markdown)
    return markdown if parts is None else parts[0]


def on_page_context(context: Any, page: Any, **_kwargs: Any) -> Any:
    """Hand the theme the page's JSON-LD element and HTML body, read again from its file."""
    if not _ours(page):
        return context
    with open(page.file.abs_src_path, encoding="utf-8-sig") as source:
        parts = split_source(source.read())
    if parts is not None:
        context["ck_head"] = parts[1]
        context["ck_body"] = parts[2]
    return context
