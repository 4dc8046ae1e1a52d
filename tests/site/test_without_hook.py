"""A generated page read as plain Markdown, as a renderer without claimkit's mkdocs hook would
(Zensical reads mkdocs.yml and Markdown but runs no hooks): its front matter carries the title
and summary, and the rendered Markdown has the title and summary once, the page's JSON-LD and
its body. Only where they land (the JSON-LD in the body, not the head) and the speed depend on
the hook."""

from __future__ import annotations

import json
import re

import markdown
import pytest
from mkdocs.utils.meta import get_data
from site_helpers import REPO

from claimkit.site import page_html
from claimkit.site.bundle import join_source, split_source
from claimkit.site.html import script_json
from claimkit.site.list_pages import list_pages
from claimkit.site.page_html import MARKDOWN_EXTENSIONS
from claimkit.site.pages import Context, Page
from claimkit.site.record_pages import record_keys, record_pages
from claimkit.validation.run import validate_paths


@pytest.fixture(scope="module")
def pages() -> list[Page]:
    catalog = validate_paths([REPO / "records"]).catalogs[0]
    ctx = Context(catalog)
    return [*record_pages(ctx, record_keys(ctx)), *list_pages(ctx)]


def _plain(text: str) -> tuple[dict[str, object], str]:
    """The front matter, and the HTML Python-Markdown makes of the rest as a browser shows it
    (comments left out)."""
    body, meta = get_data(text)
    html = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS)).convert(body)
    return meta, re.sub(r"<!--.*?-->", "", html, flags=re.S)


def test_every_page_renders_whole_without_the_hook(pages: list[Page]) -> None:
    assert len(pages) > 50
    for page in pages:
        meta, html = _plain(page.markdown())
        assert meta["title"] and meta["description"], page.path
        assert html.count("<h1") == 1, page.path
        scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert [json.loads(s) for s in scripts] == [json.loads(script_json(page.jsonld))]
        made = page_html.content(page.title, page.summary, page.title_lang)
        if page.summary and made is not None:  # the summary's paragraph, once
            paragraph = made.html.split("</h1>")[1].strip()
            assert html.count(paragraph) == 1, page.path

        # The body follows whole: its HTML as it is, but for line breaks between elements.
        def tight(text: str) -> str:
            return re.sub(r">\s+<", "><", text)

        assert tight(page.body.strip()) in tight(html), page.path


@pytest.mark.parametrize(
    "title", ["a --> b", "<!-- open", "x -->\n<script>alert(1)</script>", "--!> y"]
)
def test_titles_cannot_end_the_comment_around_the_made_html(title: str) -> None:
    content = page_html.content(title, "A summary --> here.", "")
    text = join_source(
        "---\nck: true\n---\n\n" + page_html.markdown(title, "s"), "<h>", "<b>", content
    )
    parts = split_source(text)
    assert parts is not None
    if content is None:  # a line break: Python-Markdown makes this page's HTML itself
        assert parts.content == "" and "\n" in title
    else:
        assert parts.content == f"{content.anchor}\n{content.html}"
        assert "-->" not in content.html
    _, html = _plain(text)
    assert "<script>alert(1)</script>" not in html
