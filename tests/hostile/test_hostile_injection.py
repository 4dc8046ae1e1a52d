"""Hostile text in the fields tests/site/test_injection.py does not reach.

test_injection.py puts markup, template and Markdown syntax in the claim, review, person,
organization, topic, article and site texts. This covers the rest: the rating scale's labels and
descriptions (a verdict label is shown on badges, chips, tallies, facet pages and in the JSON-LD,
and names a facet page's folder), the off-scale labels, the licence name, citation and
appearance names, the repository's branch and edit path (they make the "edit this record"
link), and URLs that use every character the URL pattern still allows. It also checks that
visible text is the record's text exactly: no escaping leaks into what readers see.
"""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from hostile_helpers import REPO

from claimkit.site.build import build
from search_index import fragments

HOSTILE = (
    "</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)> "
    "<svg onload=alert(5)> ]]> [x](javascript:alert(3)) {{ config }} {% raw %} "
    '{: onclick="alert(4)" } \\ ` | ~ ^ = : # *a* &amp; \u202e\u200b'
)
# Characters the URL pattern allows that matter in HTML, Markdown or JSON.
ODD_URL = "https://odd.example/a'b(c)d*e[f]g!h$i;j,k@l~m+n=o%41/?q='x'&r=(y)#'z'"


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.headings: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._heading: list[str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._script, self._text = dict(attrs), []
        if tag == "h1":
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None
        if tag == "h1" and self._heading is not None:
            self.headings.append("".join(self._heading))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)
        if self._heading is not None:
            self._heading.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _save(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


CLAIM = "claims/peskov-north-korean-troops-fake-news.yaml"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("inject")
    records = base / "records"
    shutil.copytree(REPO / "records", records)
    site = _load(records / "site.yaml")
    label = site["scale"]["labels"][0]
    old_label = label["label"]
    label["label"] = HOSTILE
    label["description"] = HOSTILE
    for off in site["scale"].get("offScale", []):
        off["description"] = HOSTILE
    site["scale"].setdefault("offScale", []).append(
        {"label": HOSTILE + " (off)", "ratingClass": "other", "description": HOSTILE}
    )
    site["license"]["name"] = HOSTILE
    site["title"] = HOSTILE
    site["repository"] = {
        "url": "https://git.example.org/desk/records",
        "branch": '"><script>alert(6)</script>',
        "editPath": "../../../../@evil.example/\\\\evil.example/",
    }
    _save(records / "site.yaml", site)
    for path in sorted((records / "claims").glob("*.yaml")):
        data = _load(path)
        for review in data.get("reviews", []):
            if review.get("rating") == old_label:
                review["rating"] = HOSTILE
        _save(path, data)
    claim = _load(records / CLAIM)
    claim["reviews"][0]["rating"] = HOSTILE
    claim["appearances"].append({"name": HOSTILE, "url": ODD_URL, "archiveUrl": ODD_URL})
    claim["reviews"][0]["sources"].append({"name": HOSTILE, "url": ODD_URL})
    _save(records / CLAIM, claim)
    other = records / "claims" / "north-korea-sent-10000-soldiers-to-russia.yaml"
    data = _load(other)
    data["reviews"][0]["rating"] = HOSTILE + " (off)"
    _save(other, data)
    person = _load(records / "people" / "dmitry-peskov.yaml")
    person["url"] = ODD_URL
    _save(records / "people" / "dmitry-peskov.yaml", person)
    result = build(records, base / "out", REPO / "docs")
    return result.site


def test_no_markup_from_hostile_text(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        page = parse(path)
        for tag, attrs in page.elements:
            assert tag not in ("img", "svg") or "onerror" not in attrs, path
            for name, value in attrs.items():
                assert not name.startswith("on"), (path, tag, name)
                if name in ("href", "src") and value:
                    assert not value.strip().lower().startswith(("javascript:", "data:")), path
        ld = [text for attrs, text in page.scripts if attrs.get("type") == "application/ld+json"]
        assert len(ld) <= 1, path
        for text in ld:
            json.loads(text)
        for attrs, text in page.scripts:
            if attrs.get("type") != "application/ld+json":
                assert "alert(" not in text, (path, text[:100])
    for svg in sorted(hostile_site.rglob("*.svg")):
        text = svg.read_text(encoding="utf-8")
        assert "<script" not in text and "onload=" not in text.replace("onload=alert", ""), svg


def test_verdict_label_is_kept_exactly_in_the_json_ld(hostile_site: Path) -> None:
    page = parse(hostile_site / "claims" / "peskov-north-korean-troops-fake-news" / "index.html")
    (text,) = [t for a, t in page.scripts if a.get("type") == "application/ld+json"]
    document = json.loads(text)
    reviews = document if isinstance(document, list) else [document]
    found = json.dumps(reviews)
    assert json.dumps(HOSTILE)[1:-1] in found


def test_the_verdict_facet_page_stays_in_its_folder(hostile_site: Path) -> None:
    verdicts = hostile_site / "claims" / "verdict"
    assert verdicts.is_dir()
    for page in verdicts.rglob("index.html"):
        assert page.resolve().is_relative_to(verdicts.resolve())
        assert len(page.relative_to(verdicts).parts) == 2, page


def test_edit_links_stay_on_the_repository_host(hostile_site: Path) -> None:
    seen = 0
    for path in sorted((hostile_site / "claims").rglob("index.html")):
        for tag, attrs in parse(path).elements:
            href = attrs.get("href") or ""
            if tag == "a" and "/desk/records" in href:
                seen += 1
                assert urlsplit(href).hostname == "git.example.org", href
    assert seen


def test_edit_links_name_the_record_by_its_place_in_the_repository(hostile_site: Path) -> None:
    """The build here runs with records outside the working folder (as `claimkit build
    --records /abs/path` does): the edit link must still end in records/<kind>/<id>.yaml,
    not in the build machine's absolute path to the file."""
    records = hostile_site.parent.parent / "records"
    for path in sorted((hostile_site / "claims").rglob("index.html")):
        for tag, attrs in parse(path).elements:
            href = attrs.get("href") or ""
            if tag == "a" and "/desk/records" in href:
                assert str(records) not in href, f"the local path leaks into {href}"
                assert href.endswith(f"/records/claims/{path.parent.name}.yaml"), href


def test_odd_urls_stay_whole_in_links(hostile_site: Path) -> None:
    page = parse(hostile_site / "people" / "dmitry-peskov" / "index.html")
    hrefs = [attrs.get("href") for tag, attrs in page.elements if tag == "a"]
    assert ODD_URL in hrefs


@pytest.mark.parametrize(
    ("page", "what"),
    [("index.html", "the site title on the home page"), ("methodology/index.html", "a page")],
)
def test_headings_show_the_record_text_exactly(hostile_site: Path, page: str, what: str) -> None:
    """What readers see in a heading is the text as written: no Markdown escape such as `\\=`
    or `\\:` may show through."""
    headings = parse(hostile_site / page).headings
    if page == "index.html":
        assert HOSTILE in headings, f"{what}: {headings[:2]!r}"
    for heading in headings:
        for escape in ("\\=", "\\:", "\\|", "\\~", "\\^"):
            assert escape not in heading.replace(HOSTILE, ""), (what, heading)
            if escape not in HOSTILE:
                assert escape not in heading, (what, heading)


def test_the_search_index_holds_the_text_exactly(hostile_site: Path) -> None:
    """Pagefind's index holds a page's text as text (the search page shows it as text, never
    as HTML): the site title there is the text as written, neither escaped nor cut."""
    (home,) = [page["meta"]["title"] for page in fragments(hostile_site) if page["url"] == "/"]
    assert home == HOSTILE, home
