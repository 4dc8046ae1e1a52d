"""The small pieces of the site that model v2 brought: dates for readers, lang attributes,
the order of lists with partial dates, partial dates on a timeline, the theme language."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from claimkit.site.dates import DateWords
from claimkit.site.html import lang_attr
from claimkit.site.mkdocs.config import theme_language, theme_languages
from claimkit.site.pages import newest_first
from claimkit.site.pictures.timeline import TimelinePoint, timeline

NS = "{http://www.w3.org/2000/svg}"
EN = DateWords("en")


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("2024", '<time datetime="2024">2024</time>'),
        ("2024-10", '<time datetime="2024-10">October 2024</time>'),
        ("2024-10-14", '<time datetime="2024-10-14">October 14, 2024</time>'),
        (
            "2024-10-14T09:30:00+03:00",
            '<time datetime="2024-10-14T09:30:00+03:00">October 14, 2024, 09:30 (UTC+03:00)</time>',
        ),
        (None, "date unknown"),
    ],
)
def test_dates_are_shown_at_their_precision(text: str | None, html: str) -> None:
    assert DateWords("en").html(text) == html


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        ("en-GB", "2024-10-14", "14 October 2024"),
        ("fr", "2024-10", "octobre 2024"),
        ("de", "2024-10-14", "14. Oktober 2024"),
        ("uk", "2024", "2024"),
        ("pt-BR", "2024-10", "outubro de 2024"),
        ("en", "2024-10-14T10:00:00Z", "October 14, 2024, 10:00 (UTC)"),
        # A language Babel does not know: the dates in English words.
        ("tlh", "2024-10-14", "14 October 2024"),
    ],
)
def test_dates_are_said_in_the_site_language(language: str, text: str, words: str) -> None:
    assert DateWords(language).words(text) == words


def test_lang_attribute() -> None:
    assert lang_attr("en", "en") == ""
    assert lang_attr("EN", "en") == ""
    assert lang_attr("uk", "en") == ' lang="uk"'
    assert lang_attr("en-GB", "en") == ' lang="en-GB"'
    assert lang_attr(None, "en") == ' lang=""'  # unknown: said to be unknown, not the page's


def test_lists_put_the_newest_first_whatever_the_precision() -> None:
    dates: dict[str, str | None] = {
        "a-year": "2024",
        "b-month": "2024-10",
        "c-day": "2024-10-14",
        "d-time": "2024-10-14T09:30:00+03:00",
        "e-first-of-month": "2024-10-01",
        "f-undated": None,
        "g-older": "2023-12-31",
        "h-same-day": "2024-10-14",
    }
    assert newest_first(dates) == [
        "d-time",
        "c-day",
        "h-same-day",
        "e-first-of-month",
        "b-month",
        "a-year",
        "g-older",
        "f-undated",
    ]


def _axis_labels(svg: str) -> list[str | None]:
    root = ET.fromstring(svg)
    return [el.text for el in root.iter(f"{NS}text") if el.get("class") == "ck-axis-label"]


def test_a_timeline_places_partial_dates_at_their_first_day() -> None:
    points = [
        TimelinePoint("2024", "a year", "False", "false", None),
        TimelinePoint("2024-10-14T09:30:00+03:00", "a time", "True", "true", None),
        TimelinePoint("2024-03", "a month", None, "unreviewed", None),
    ]
    svg = timeline("t", "T", points, EN)
    assert _axis_labels(svg) == ["2024", "October 14, 2024"]
    desc = next(el.text for el in ET.fromstring(svg).iter(f"{NS}desc"))
    assert desc is not None
    assert desc.startswith("Timeline of 3 claims from 2024 to October 14, 2024: 2024: a year")
    assert desc.index("March 2024: a month") < desc.index(
        "October 14, 2024, 09:30 (UTC+03:00): a time"
    )


def test_a_timeline_of_one_month() -> None:
    svg = timeline("t", "T", [TimelinePoint("2024-10", "x", None, "unreviewed", None)], EN)
    assert _axis_labels(svg) == ["October 2024"]


@pytest.mark.parametrize("bad", ["yesterday", "2024-13", "2024-02-30", "2024-10-14T09:30"])
def test_a_timeline_refuses_dates_a_record_cannot_hold(bad: str) -> None:
    with pytest.raises(ValueError, match="not an ISO date"):
        timeline("t", "T", [TimelinePoint(bad, "x", None, "false", None)], EN)


@pytest.mark.parametrize(
    ("tag", "theme"),
    [
        ("en", "en"),
        ("uk", "uk"),
        ("pt-BR", "pt-BR"),
        ("pt-br", "pt-BR"),
        ("pt-PT", "pt"),
        ("zh-Hant-TW", "zh-Hant"),
        ("zh-TW", "zh-TW"),
        ("es-419", "es"),
        ("sr-Latn", "sr"),
        ("tlh", "en"),
        ("und", "en"),
    ],
)
def test_the_theme_language_is_the_nearest_the_theme_has(tag: str, theme: str) -> None:
    assert theme_language(tag) == theme


def test_the_theme_languages_are_read_from_the_theme() -> None:
    found = theme_languages()
    assert {"en", "uk", "ru", "ko", "pt-BR"} <= found
    assert theme_language("ko-KR", {"en", "ko"}) == "ko"
    assert theme_language("ko-KR", {"en"}) == "en"
