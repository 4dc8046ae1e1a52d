"""A generated page's HTML, made without Python-Markdown, is exactly what Python-Markdown makes
of the page's Markdown with the extensions claimkit configures, anchor and table of contents
included."""

from __future__ import annotations

from pathlib import Path

import markdown as python_markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from site_helpers import REPO

from claimkit.site import page_html
from claimkit.site.mkdocs import hook
from claimkit.site.page_html import MARKDOWN_EXTENSIONS

HOSTILE = [
    "",
    "   ",
    "Plain words",
    "*bold* _it_ **x** __y__ `code` ~~z~~",
    "# not a heading ## ### #",
    "Title with closing hashes ##",
    "1. a list? 2) or this",
    "- dash + plus * star",
    "> quoted &gt; already escaped &amp; &lt;b&gt; &#35; &#x41; &nbsp; &copy",
    "<script>alert(1)</script> <b>bold</b> <!-- comment --> <http://x.example/>",
    "[link](http://x.example) ![img](x.png) [ref][1] [^1]",
    "a | b | c",
    "---",
    "===",
    "Line\nbreak\r\nand\ttab  and  spaces  ",
    "Back\\slash at the end \\",
    "Zürich, São Paulo, Łódź, İstanbul, Ærø",
    "서울 시장 발언 · Київ · 東京 · العربية",
    "Emoji 🙂 and ‘quotes’ “double” — dash … ellipsis",
    "Curly {braces} and (parens) and [brackets]",
    "Quote \"marks\" and 'apostrophes'",
    "Under_scores_in_words and snake_case_name",
    "{: .class } {#id} attr_list-like",
    "\u2028line separator\u2029paragraph separator",
    "Ends with two spaces  ",
    "    indented code?",
    "100% of 50% -- and 3 < 4 > 2 & 1",
    "_1",
    "-",
    "!@#$%^&*()",
]


def _python_markdown(title: str, summary: str) -> tuple[str, list[dict[str, object]]]:
    md = python_markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))
    html = md.convert(page_html.markdown(title, summary))
    return html, md.toc_tokens  # type: ignore[attr-defined]


def _ours(title: str, summary: str) -> tuple[str, list[dict[str, object]]]:
    made = page_html.content(title, summary)
    if made is None:  # left to Python-Markdown
        return _python_markdown(title, summary)
    token = {
        "level": 1,
        "id": made.anchor,
        "name": made.name,
        "html": made.name,
        "data-toc-label": "",
        "children": [],
    }
    return made.html, [token]


@pytest.mark.parametrize("title", [t for t in HOSTILE if t.split()])  # pages have titles
@pytest.mark.parametrize("summary", ["", "A summary.", *HOSTILE[3:12]])
def test_hostile_titles_and_summaries_render_as_python_markdown_renders_them(
    title: str, summary: str
) -> None:
    assert _ours(title, summary) == _python_markdown(title, summary)


def test_control_characters_are_left_to_python_markdown() -> None:
    # Python-Markdown uses \x02 and \x03 as markers of its own.
    assert page_html.content("Title", "\x03") is None
    assert page_html.content("T\x02itle", "") is None
    assert page_html.content("Title", "Tab\there") is not None


@settings(max_examples=300, deadline=None)
@given(
    st.text(min_size=1, max_size=80).filter(lambda t: bool(t.split())),
    st.text(max_size=80),
)
def test_any_text_renders_as_python_markdown_renders_it(title: str, summary: str) -> None:
    assert _ours(title, summary) == _python_markdown(title, summary)


@pytest.mark.parametrize("title", ["Plain words", "*x* & <y> 서울", "Zürich — “q”", "!@#"])
def test_a_page_takes_the_same_values_as_from_python_markdown(tmp_path: Path, title: str) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nmarkdown_extensions: {list(MARKDOWN_EXTENSIONS)}\n", encoding="utf-8"
    )
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    file = File("x.md", str(tmp_path / "docs"), str(tmp_path / "site"), True)
    files = Files([file])
    made = page_html.content(title, "A summary")
    assert made is not None
    pages = []
    for ours in (False, True):
        page = Page(None, file, config)
        page.markdown = page_html.markdown(title, "A summary")
        if ours:
            hook._render_made(page, made.anchor, made.html, config, files)
        else:
            page.render(config, files)
        pages.append(page)
    mkdocs_made, claimkit_made = pages
    for attribute in ("content", "_title_from_render", "present_anchor_ids"):
        assert getattr(claimkit_made, attribute) == getattr(mkdocs_made, attribute), attribute
    assert str(claimkit_made.toc) == str(mkdocs_made.toc)
    assert [(a.title, a.id, a.level) for a in claimkit_made.toc] == [
        (a.title, a.id, a.level) for a in mkdocs_made.toc
    ]
    assert not mkdocs_made.links_to_anchors and not claimkit_made.links_to_anchors


def test_python_markdown_runs_only_for_hand_written_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bundled records' build: the hook gives every generated page the HTML claimkit made,
    # so Python-Markdown converts only the pages from docs/ (the site is byte for byte what
    # Python-Markdown made: test_render_split, and the comparisons above).
    from claimkit.site.build import build

    log = tmp_path / "converted.txt"  # a file: the build renders in a process of its own
    convert = python_markdown.Markdown.convert

    def counting(self: python_markdown.Markdown, source: str) -> str:
        with log.open("a", encoding="utf-8") as out:
            out.write("converted\n")
        return convert(self, source)

    monkeypatch.setattr(python_markdown.Markdown, "convert", counting)
    monkeypatch.setenv("CLAIMKIT_RENDER_JOBS", "1")
    result = build(REPO / "records", tmp_path / "out", REPO / "docs")
    hand_written = [p for p in (REPO / "docs").rglob("*.md") if not p.name.startswith(".")]
    converted = log.read_text(encoding="utf-8").splitlines()
    assert result.pages > 50
    assert 0 < len(converted) <= len(hand_written) + 2
