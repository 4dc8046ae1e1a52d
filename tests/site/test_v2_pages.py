"""Data model v2 on the site: the new fields on their pages, languages (lang, hreflang, the
theme's language), media pages and their index, built from the fixture publication
tests/site/v2_records/."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from site_helpers import Element, parse_html

from claimkit.site.build import BuildResult, build

V2 = Path(__file__).parent / "v2_records"
CLAIM = "claims/troops-arrived-uk/index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(V2, tmp_path_factory.mktemp("v2-site") / "out")


def _page(result: BuildResult, path: str) -> tuple[str, list[Element]]:
    file = result.site / path
    return file.read_text(encoding="utf-8"), parse_html(file).elements


def _with(elements: list[Element], tag: str, **attrs: str) -> list[Element]:
    return [
        e
        for e in elements
        if e.tag == tag and all((k.rstrip("_"), v) in e.attrs for k, v in attrs.items())
    ]


def _attr(element: Element, name: str) -> str | None:
    return dict(element.attrs).get(name)


def test_appearances_show_type_platform_author_date_range_and_archives(
    built: BuildResult,
) -> None:
    html, _ = _page(built, CLAIM)
    assert (
        '<span class="ck-work-type">Social media post</span> on <a href="../../organizations/telegram/">Telegram</a> by Telegram channels'
        in html
    )
    assert (
        '<time datetime="2024-10-14T09:30:00+03:00">October 14, 2024, 09:30 (UTC+03:00)</time>'
        in html
    )
    assert "archived copies " in html
    assert 'href="https://web.archive.org/web/2024/https://t.me/example/123"' in html
    assert 'href="https://archive.ph/abcde"' in html
    assert '<span class="ck-work-type">Video</span> on YouTube from 0:45 to 1:30' in html
    assert '<time datetime="2024">2024</time>' in html
    # An article record's archive copy, and its month.
    assert 'href="https://web.archive.org/web/2024/https://wire.example.org/report"' in html
    assert '<time datetime="2024-10">October 2024</time>' in html


def test_every_claimant_is_named_collectives_included(built: BuildResult) -> None:
    html, _ = _page(built, CLAIM)
    assert (
        'Made by social media users, <a href="../../people/ivan-speaker/">Ivan Speaker</a> '
        'and an unnamed official on <time datetime="2024-10">October 2024</time>.'
    ) in html
    listing, _ = _page(built, "claims/index.html")
    assert "social media users" in listing and "an unnamed official" in listing


def test_review_fields_appear(built: BuildResult) -> None:
    html, elements = _page(built, CLAIM)
    assert "Ні, війська не прибули" in html
    # Linked, not loaded: a page requests nothing from other hosts.
    assert not _with(elements, "img")
    assert (
        'Picture: <a href="https://v2desk.example.org/review.jpg" rel="noopener nofollow">'
        "The post, stamped False</a>" in html
    )
    (licence,) = _with(elements, "a", href="https://creativecommons.org/licenses/by-nc/4.0/")
    assert "license" in (_attr(licence, "rel") or "")
    assert '<span class="ck-identifier">FC-2024-0001</span>' in html
    assert (
        'published <time datetime="2024-10-20T10:00:00Z">October 20, 2024, 10:00 (UTC)</time>'
        in html
    )
    assert 'last updated <time datetime="2024-10-22">October 22, 2024</time>' in html
    # The site's own licence is not repeated on a review that has none of its own.
    english, _ = _page(built, "claims/troops-arrived-en/index.html")
    assert "ck-licence" not in english


def _sitemap_alternates(built: BuildResult, path: str) -> set[tuple[str, str]]:
    """The (hreflang, href) alternates of one page's <url> in the sitemap."""
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    entry = sitemap[sitemap.index(f"/{path}</loc>") :].split("</url>")[0]
    return set(
        re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>', entry)
    )


def test_translations_link_with_hreflang_in_the_body_and_the_sitemap(built: BuildResult) -> None:
    _, elements = _page(built, CLAIM)
    assert len(_with(elements, "a", href="../troops-arrived-en/", hreflang="en")) == 1
    (to_url,) = _with(elements, "a", href="https://elsewhere.example.org/es/check/1")
    assert _attr(to_url, "hreflang") == "es"
    (unstated,) = _with(elements, "a", href="https://elsewhere.example.org/xx/check/1")
    assert _attr(unstated, "hreflang") is None
    # No <link rel="alternate"> in the head: Material's script fetches sitemap.xml beside each
    # (here from elsewhere.example.org). The language versions are in the sitemap instead.
    assert _with(elements, "link", rel="alternate") == []
    assert _sitemap_alternates(built, "claims/troops-arrived-uk/") == {
        ("uk", "https://v2desk.example.org/claims/troops-arrived-uk/"),
        ("en", "https://v2desk.example.org/claims/troops-arrived-en/"),
        ("es", "https://elsewhere.example.org/es/check/1"),
    }
    # The English version names the Ukrainian one it translates, and itself.
    back = _sitemap_alternates(built, "claims/troops-arrived-en/")
    assert ("uk", "https://v2desk.example.org/claims/troops-arrived-uk/") in back
    assert ("en", "https://v2desk.example.org/claims/troops-arrived-en/") in back
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap


def test_text_in_another_language_is_marked_with_it(built: BuildResult) -> None:
    _, elements = _page(built, CLAIM)
    (html_tag,) = _with(elements, "html")
    assert _attr(html_tag, "lang") == "en"
    for cls in ("ck-summary", "ck-explanation", "ck-headline"):
        (found,) = _with(elements, "div" if cls != "ck-headline" else "p", class_=cls)
        assert _attr(found, "lang") == "uk", cls
    (quote,) = _with(elements, "blockquote", class_="ck-quote")
    assert _attr(quote, "lang") == "uk"
    (title,) = [e for e in elements if e.tag == "h1"]
    assert _attr(title, "lang") == "uk"
    # Another fact-checker's verdict in a language nobody stated: said to be unknown.
    rated = [e for e in elements if e.tag == "span" and ("lang", "") in e.attrs]
    assert rated


def test_an_article_headline_in_no_stated_language_is_marked_unknown(built: BuildResult) -> None:
    # Another publisher's article that states no language: nobody said which it is.
    _, elements = _page(built, "articles/wire-report/index.html")
    (title,) = [e for e in elements if e.tag == "h1"]
    assert _attr(title, "lang") == ""


def test_text_in_the_sites_language_is_not_marked(built: BuildResult) -> None:
    _, elements = _page(built, "claims/troops-arrived-en/index.html")
    for cls in ("ck-summary", "ck-explanation"):
        (found,) = _with(elements, "div", class_=cls)
        assert _attr(found, "lang") is None
    (title,) = [e for e in elements if e.tag == "h1"]
    assert _attr(title, "lang") is None


def test_unknown_language_is_said_to_be_unknown_never_guessed(built: BuildResult) -> None:
    _, elements = _page(built, "claims/unknown-language-claim/index.html")
    (summary,) = _with(elements, "div", class_="ck-summary")
    assert _attr(summary, "lang") == ""
    (title,) = [e for e in elements if e.tag == "h1"]
    assert _attr(title, "lang") == ""
    assert not [e for e in _with(elements, "link", rel="alternate") if _attr(e, "hreflang")]


def test_person_image_and_organization_logo_are_linked_not_loaded(built: BuildResult) -> None:
    html, person = _page(built, "people/ana-editor/index.html")
    assert not _with(person, "img")
    assert "<dt>Picture</dt>" in html
    assert _with(person, "a", href="https://v2desk.example.org/ana.jpg")
    html, org = _page(built, "organizations/v2-desk/index.html")
    assert not _with(org, "img")
    assert "<dt>Logo</dt>" in html
    assert _with(org, "a", href="https://v2desk.example.org/logo.png")


def test_media_page_shows_the_media_and_its_review(built: BuildResult) -> None:
    html, elements = _page(built, "media/parade-video/index.html")
    for text in (
        "Video said to show troops arriving in Kursk",
        "<dd>Video</dd>",
        "A 40-second clip of soldiers leaving a train.",
        '<time datetime="2019-04">April 2019</time>',
        "from 0:10 to 0:40",
        "social media users",
        "Missing context",
        "The clip is from 2019.",
        "The clip was first posted in 2019, years before the claimed events.",
        "The video shows a 2019 military parade.",
        "Added the original upload.",
        '<span class="ck-work-type">Social media post</span> on X',
    ):
        assert text in html, text
    hrefs = {_attr(e, "href") for e in elements if e.tag == "a"}
    assert {
        "https://cdn.example.org/clip.mp4",
        "https://www.youtube.com/embed/abc123",
        "https://example.org/original-video",
        "https://x.com/example/status/1",
        "https://archive.ph/abcde",
        "../../claims/troops-arrived-uk/",
        "../../topics/troops/",
    } <= hrefs
    (ld,) = [e for e in elements if ("type", "application/ld+json") in e.attrs]
    document = json.loads(ld.text)
    assert document["@type"] == "MediaReview"
    assert document["url"] == "https://v2desk.example.org/media/parade-video/"


def test_media_index_claim_and_topic_pages_link_to_the_media(built: BuildResult) -> None:
    for path, href in (
        ("media/index.html", "parade-video/"),
        (CLAIM, "../../media/parade-video/"),
        ("topics/troops/index.html", "../../media/parade-video/"),
    ):
        _, elements = _page(built, path)
        assert _with(elements, "a", href=href), path
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://v2desk.example.org/media/parade-video/" in sitemap
    assert "https://v2desk.example.org/media/" in sitemap
    _, home = _page(built, "index.html")
    assert [e for e in home if e.tag == "a" and _attr(e, "href") == "media/"]


def test_timeline_places_partial_dates(built: BuildResult) -> None:
    html, _ = _page(built, "topics/troops/index.html")
    assert 'class="ck-axis-label"' in html
    assert ">2023</text>" in html  # the year-only claim, labelled as a year


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_filled_pages_are_what_the_theme_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The headings with a lang, the head's alternates and the media pages go through the
    skeleton fill like every page."""
    filled = build(V2, tmp_path / "filled")
    monkeypatch.setenv("CLAIMKIT_RENDER_FILL", "0")
    rendered = build(V2, tmp_path / "rendered")
    assert _tree(filled.site) == _tree(rendered.site)


@pytest.mark.parametrize(
    ("tag", "theme"), [("uk", "uk"), ("pt-BR", "pt-BR"), ("es-419", "es"), ("tlh", "en")]
)
def test_the_sites_language_drives_the_theme_and_html_lang(
    tmp_path: Path, tag: str, theme: str
) -> None:
    records = tmp_path / "records"
    shutil.copytree(V2, records)
    site = records / "site.yaml"
    text = site.read_text(encoding="utf-8")
    assert "\nlanguage: en\n" in text
    site.write_text(text.replace("\nlanguage: en\n", f"\nlanguage: {tag}\n"), encoding="utf-8")
    result = build(records, tmp_path / "out")
    for path in ("index.html", CLAIM, "media/parade-video/index.html"):
        (html_tag,) = _with(parse_html(result.site / path).elements, "html")
        assert _attr(html_tag, "lang") == tag, path
    entry = json.loads((result.site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"], entry  # the search index, under the page's language
    if theme != "en":  # the theme speaks the site's language: its words are not English
        page = (result.site / "index.html").read_text(encoding="utf-8")
        assert 'aria-label="Search"' not in page
    # A Ukrainian review is marked as Ukrainian unless the site is in Ukrainian.
    (summary,) = _with(parse_html(result.site / CLAIM).elements, "div", class_="ck-summary")
    assert _attr(summary, "lang") == (None if tag == "uk" else "uk")


HOSTILE = (
    '</script><script>alert(1)</script>"><img src=x onerror=alert(2)> {{ config }} '
    "<!--ck:head--> <!--ck:body--> &amp;"
)


def _hostile(records: Path) -> None:
    claim_file = records / "claims" / "troops-arrived-uk.yaml"
    claim = yaml.load(claim_file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    claim["claimants"][0]["collective"]["name"] = HOSTILE
    claim["appearances"][0]["author"]["collective"]["name"] = HOSTILE
    claim["appearances"][1]["platform"]["name"] = HOSTILE
    claim["appearances"][1]["name"] = HOSTILE
    review = claim["reviews"][0]
    review["headline"] = HOSTILE
    review["image"]["alt"] = HOSTILE
    review["identifier"] = HOSTILE
    review["license"]["name"] = HOSTILE
    claim_file.write_text(yaml.safe_dump(claim, allow_unicode=True), encoding="utf-8")
    media_file = records / "media" / "parade-video.yaml"
    media = yaml.load(media_file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    media["name"] = HOSTILE
    media["description"] = HOSTILE
    media["author"]["collective"]["name"] = HOSTILE
    media["reviews"][0].update(
        headline=HOSTILE,
        summary=HOSTILE,
        explanation=HOSTILE,
        originalMediaContextDescription=HOSTILE,
    )
    media_file.write_text(yaml.safe_dump(media, allow_unicode=True), encoding="utf-8")
    for path, key in (("people/ana-editor.yaml", "name"), ("organizations/v2-desk.yaml", "name")):
        data = yaml.load((records / path).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        data[key] = HOSTILE
        (records / path).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_hostile_text_in_the_new_fields_stays_text(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(V2, records)
    _hostile(records)
    result = build(records, tmp_path / "out")
    for path in (
        CLAIM,
        "media/parade-video/index.html",
        "media/index.html",
        "people/ana-editor/index.html",
        "organizations/v2-desk/index.html",
        "claims/index.html",
    ):
        html, elements = _page(result, path)
        assert "<script>alert(1)" not in html, path
        assert HOSTILE not in html, path
        scripts = [e for e in elements if e.tag == "script" and "alert(" in e.text]
        assert all(("type", "application/ld+json") in e.attrs for e in scripts), path
        for element in elements:
            assert element.tag != "img" or ("src", "x") not in element.attrs, path
            assert not any(name.startswith("on") for name, _ in element.attrs), path
    html, claim = _page(result, CLAIM)
    assert not _with(claim, "img")
    assert _with(claim, "a", href="https://v2desk.example.org/review.jpg")
    assert HOSTILE not in html
    html, _ = _page(result, "media/parade-video/index.html")
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
