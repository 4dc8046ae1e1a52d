"""Hostile record text in every text field builds into inert text, never into markup."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from site_helpers import REPO, html_pages, parse_html

from claimkit.site.build import build

HOSTILE = (
    "</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)> "
    "[x](javascript:alert(3)) [y](data:text/html,hi) {{ config }} {% if 1 %}z{% endif %} "
    '{: onclick="alert(4)" } **bold** &amp; \u202e <!--ck:head--> <!--ck:body--> ---'
)


def _edit(path: Path, change: dict[str, object]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(change)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _make_hostile(records: Path) -> None:
    claim = records / "claims" / "peskov-north-korean-troops-fake-news.yaml"
    data = yaml.safe_load(claim.read_text(encoding="utf-8"))
    review = data["reviews"][0]
    review["summary"] = HOSTILE
    review["explanation"] = HOSTILE
    review["corrections"][0]["text"] = HOSTILE
    review["sources"][0]["name"] = HOSTILE
    _edit(claim, {"claimReviewed": HOSTILE, "quote": HOSTILE, "reviews": [review]})
    _edit(
        records / "claims" / "north-korea-sent-10000-soldiers-to-russia.yaml",
        {"claimants": [{"unnamed": HOSTILE}, {"collective": {"name": HOSTILE, "kind": "other"}}]},
    )
    _edit(
        records / "people" / "dmitry-peskov.yaml",
        {"name": HOSTILE, "jobTitle": HOSTILE, "description": HOSTILE},
    )
    _edit(
        records / "organizations" / "tass.yaml",
        {"name": HOSTILE, "description": HOSTILE, "alternateName": [HOSTILE]},
    )
    _edit(records / "topics" / "russia.yaml", {"name": HOSTILE, "description": HOSTILE})
    article = records / "articles" / "stripes-2024-10-17-north-korean-troops.yaml"
    data = yaml.safe_load(article.read_text(encoding="utf-8"))
    _edit(
        article,
        {
            "headline": HOSTILE,
            "description": HOSTILE,
            "image": {**data["image"], "caption": HOSTILE, "credit": HOSTILE},
        },
    )
    _edit(records / "site.yaml", {"title": HOSTILE, "description": HOSTILE, "notice": HOSTILE})


def test_hostile_text_stays_text(records_copy: Path, tmp_path: Path) -> None:
    _make_hostile(records_copy)
    result = build(records_copy, tmp_path / "out", REPO / "docs")
    pages = list(html_pages(result.site))
    assert len(pages) > 50
    for page in pages:
        parsed = parse_html(page)
        blocks = [
            e
            for e in parsed.elements
            if e.tag == "script" and ("type", "application/ld+json") in e.attrs
        ]
        assert len(blocks) == 1, page
        json.loads(blocks[0].text)
        for element in parsed.elements:
            assert element.tag != "img" or ("src", "x") not in element.attrs, page
            for name, value in element.attrs:
                assert not name.startswith("on"), (page, element.tag, name)
                if name in ("href", "src") and value:
                    assert not value.strip().lower().startswith(("javascript:", "data:")), page
            if element.tag == "script" and ("type", "application/ld+json") not in element.attrs:
                assert "alert(" not in element.text, (page, element.text[:80])

    claim_page = result.site / "claims" / "peskov-north-korean-troops-fake-news" / "index.html"
    parsed = parse_html(claim_page)
    (ld,) = [e for e in parsed.elements if ("type", "application/ld+json") in e.attrs]
    document = json.loads(ld.text)
    assert document["claimReviewed"] == HOSTILE
    assert document["reviewBody"] == HOSTILE
    # The quote is the English rendering of Russian words: tagged with its own language.
    assert document["itemReviewed"]["text"] == {"@value": HOSTILE, "@language": "en"}
    assert document["correction"][0]["text"] == HOSTILE
    html = claim_page.read_text(encoding="utf-8")
    assert "{{ config }}" in html  # shown as text, never evaluated
    assert "</script><script>alert(1)" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html

    person = parse_html(result.site / "people" / "dmitry-peskov" / "index.html")
    (ld,) = [e for e in person.elements if ("type", "application/ld+json") in e.attrs]
    assert json.loads(ld.text)["name"] == HOSTILE
    title = next(
        e for e in person.elements if e.tag == "meta" and ("property", "og:title") in e.attrs
    )
    assert dict(title.attrs)["content"] == HOSTILE
