"""A generated page's Markdown (its title and a summary line) and the HTML Python-Markdown makes
of it, made here without Python-Markdown.

mkdocs builds a new Python-Markdown instance for every page and runs it in its main process,
before any page is rendered: about 0.8 ms a page here, so two minutes of a 150,000-page build
on one core, for pages whose Markdown is always a heading and one paragraph of escaped text.
claimkit makes that HTML (and the heading's anchor) when it stages the page, in its workers,
and its mkdocs hook hands them to mkdocs in place of Python-Markdown's
(`site/mkdocs/hook.py`, `on_page_markdown`). What comes out is exactly what Python-Markdown, with the
extensions claimkit configures (`tables`, `toc`), makes of the same Markdown:
tests/site/test_page_content.py compares the two on hostile and generated text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import NamedTuple

from claimkit.site.html import md_heading

# What Python-Markdown runs with (mkdocs.yml's markdown_extensions): this module makes the HTML
# those extensions make.
MARKDOWN_EXTENSIONS = ("tables", "toc")


class Content(NamedTuple):
    """A page's HTML as Python-Markdown renders its Markdown, and its heading's anchor."""

    html: str
    anchor: str  # the heading's id (Python-Markdown's toc extension's slug)
    name: str  # the heading's text as HTML, as the toc extension names it


def markdown(title: str, summary: str) -> str:
    """The Markdown of a generated page under its front matter: the title, then the summary."""
    text = f"# {md_heading(title)}"
    return f"{text}\n\n{md_heading(summary)}\n" if summary.split() else f"{text}\n"


_NOT_SLUG = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]+")


def slug(text: str) -> str:
    """The anchor Python-Markdown's toc extension gives a heading of this text (its default
    slugify: accents dropped, other non-ASCII letters dropped, lower case, dashes; the first
    heading of an empty slug is `_1`)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    made = _SEPARATORS.sub("-", _NOT_SLUG.sub("", ascii_text).strip().lower())
    return made or "_1"


# Control characters: Python-Markdown uses some as markers of its own. Text with any of them is
# left to Python-Markdown (records rarely hold them: YAML allows them only as escapes).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def content(title: str, summary: str, title_lang: str = "") -> Content | None:
    """The HTML of `markdown(title, summary)` as Python-Markdown makes it, and its anchor; None
    for text this function leaves to Python-Markdown. `title_lang`, a `lang` attribute as
    html.lang_attr writes it, is added to the heading (the one thing Python-Markdown would not
    make: a title in another language than the site's, such as a claim worded by a review in
    another language)."""
    if _CONTROL.search(title) or _CONTROL.search(summary):
        return None
    heading = _text(title)
    anchor = slug(" ".join(title.split()))
    out = f'<h1 id="{anchor}"{title_lang}>{heading}</h1>'
    if summary.split():
        out += f"\n<p>{_text(summary)}</p>"
    return Content(out, anchor, heading)


def _text(text: str) -> str:
    # The Markdown holds the text with Markdown's characters backslash-escaped and &, <, >
    # escaped; Python-Markdown takes the backslashes away and keeps the entities.
    return html.escape(" ".join(text.split()), quote=False)
