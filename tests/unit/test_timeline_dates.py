"""The timeline's dates for people: in the site's language (Babel's CLDR data, whatever the
machine's locale), at the precision each date has, never in ISO form where a reader sees them;
and the lanes of a timeline of counts named whole."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from claimkit.site.dates import DateWords
from claimkit.site.pictures.frame import NARROW_WIDTH, TIMELINE_WIDTH
from claimkit.site.pictures.text import ELLIPSIS, text_width
from claimkit.site.pictures.timeline import (
    AGGREGATE_ABOVE,
    TimelinePoint,
    timeline,
    timeline_figure,
)
from claimkit.site.pictures.timeline_layout import (
    LANE_LABEL_SIZE,
    CountsLayout,
    PointsLayout,
    layout_timeline,
)
from claimkit.site.pictures.timeline_words import period_label

NS = "{http://www.w3.org/2000/svg}"
# An ISO date at month precision or finer, as no reader should meet it.
ISO = re.compile(r"\d{4}-\d{2}")

# Three claims: a day, a month and a date-time, over nine months of 2024.
SPREAD = [
    TimelinePoint("2024-01-15", "first", "False", "false", None),
    TimelinePoint("2024-05", "second", None, "unreviewed", None),
    TimelinePoint("2024-09-30T09:30:00+03:00", "third", "True", "true", None),
]


def counted(dates: list[str], count: int = AGGREGATE_ABOVE + 1) -> list[TimelinePoint]:
    """More points than are drawn one by one, their dates taken in turn from dates."""
    classes = ["true", "false", "unreviewed"]
    return [
        TimelinePoint(
            date,
            f"claim {i}",
            None if classes[i % 3] == "unreviewed" else classes[i % 3].capitalize(),
            classes[i % 3],
            None,
        )
        for i, date in zip(range(count), itertools.cycle(dates), strict=False)
    ]


def roots(markup: str) -> list[ET.Element]:
    """Each <svg> of a figure (a wide and a narrow drawing) or of one picture."""
    return [ET.fromstring(part + "</svg>") for part in markup.split("</svg>")[:-1]]


def texts(root: ET.Element, cls: str) -> list[str]:
    return [el.text or "" for el in root.iter(f"{NS}text") if el.get("class") == cls]


def desc(root: ET.Element) -> str:
    found = root.find(f"{NS}desc")
    assert found is not None and found.text
    return found.text


def seen(root: ET.Element) -> list[str]:
    """Every text a reader meets: drawn text, tooltips and titles, the description."""
    return [
        el.text or "" for el in root.iter() if el.tag in {f"{NS}text", f"{NS}title", f"{NS}desc"}
    ]


# ---------------------------------------------------------------------------------------------
# One mark per point


def test_an_english_site_writes_dates_as_words_at_their_precision() -> None:
    root = ET.fromstring(timeline("t", "T", SPREAD, DateWords("en")))
    assert texts(root, "ck-axis-label") == ["January 15, 2024", "September 30, 2024"]
    assert texts(root, "ck-tick-label") == ["Apr", "Jul"]
    assert desc(root) == (
        "Timeline of 3 claims from January 15, 2024 to September 30, 2024: "
        "January 15, 2024: first (rated False); May 2024: second (not reviewed); "
        "September 30, 2024, 09:30 (UTC+03:00): third (rated True)."
    )
    tips = [el.text for el in root.iter(f"{NS}title")][1:]
    assert tips == [
        "January 15, 2024: first (rated False)",
        "May 2024: second (not reviewed)",
        "September 30, 2024, 09:30 (UTC+03:00): third (rated True)",
    ]


def test_a_month_alone_reads_as_the_month_and_year() -> None:
    root = ET.fromstring(
        timeline(
            "t", "T", [TimelinePoint("2024-10", "x", None, "unreviewed", None)], DateWords("en")
        )
    )
    assert texts(root, "ck-axis-label") == ["October 2024"]
    assert desc(root).startswith("Timeline of 1 claim on October 2024: October 2024: x")


@pytest.mark.parametrize(
    ("language", "ends", "ticks", "month"),
    [
        ("fr", ["15 janvier 2024", "30 septembre 2024"], ["avr.", "juil."], "mai 2024"),
        ("de", ["15. Januar 2024", "30. September 2024"], ["Apr", "Jul"], "Mai 2024"),
        ("uk", ["15 січня 2024\u202fр.", "30 вересня 2024\u202fр."], ["квіт.", "лип."], "травень"),
    ],
)
def test_a_site_in_another_language_writes_the_timeline_in_it(
    language: str, ends: list[str], ticks: list[str], month: str
) -> None:
    root = ET.fromstring(timeline("t", "T", SPREAD, DateWords(language)))
    assert texts(root, "ck-axis-label") == ends
    assert texts(root, "ck-tick-label") == ticks
    text = desc(root)
    assert text.startswith(f"Timeline of 3 claims from {ends[0]} to {ends[1]}: {ends[0]}: first")
    assert month in text
    assert not any(english in text for english in ("January", "May 2024"))


def test_a_tight_frame_abbreviates_the_dates_at_the_axis_ends_and_keeps_them_apart() -> None:
    # Written in full, the two dates take more than a fifth of a phone's frame each.
    points = [SPREAD[0], SPREAD[2]]
    wide = layout_timeline(points, DateWords("en"), TIMELINE_WIDTH)
    narrow = layout_timeline(points, DateWords("en"), NARROW_WIDTH)
    assert isinstance(wide, PointsLayout) and isinstance(narrow, PointsLayout)
    assert [e.label for e in wide.ends] == ["January 15, 2024", "September 30, 2024"]
    assert [e.label for e in narrow.ends] == ["Jan 15, 2024", "Sep 30, 2024"]
    # The text alternative says them in full whatever was drawn.
    assert [e.words for e in narrow.ends] == ["January 15, 2024", "September 30, 2024"]
    spans = sorted(
        (e.x - text_width(e.label, 12.5) / 2, e.x + text_width(e.label, 12.5) / 2)
        for e in narrow.ends
    )
    assert spans[0][0] >= 0 and spans[0][1] < spans[1][0] and spans[1][1] <= NARROW_WIDTH


# ---------------------------------------------------------------------------------------------
# Counts per period


def test_periods_are_named_in_the_sites_language() -> None:
    en, fr, uk = DateWords("en"), DateWords("fr"), DateWords("uk")
    march, q1, h2 = 2024 * 12 + 2, 2024 * 4, 2024 * 2 + 1
    assert period_label(march, 1, en) == "Mar 2024"
    assert period_label(march, 1, en, tight=False) == "March 2024"
    assert period_label(march, 1, fr) == "mars 2024"
    assert period_label(q1, 3, en) == "Q1 2024"
    assert period_label(q1, 3, fr) == "T1 2024"
    assert period_label(q1, 3, fr, tight=False) == "1er trimestre 2024"
    assert period_label(h2, 6, en) == "Jul 2024"
    assert period_label(h2, 6, en, tight=False) == "July\u2009–\u2009December 2024"
    assert period_label(h2, 6, uk, tight=False) == "липень\u00a0— грудень 2024\u202fр."
    assert period_label(2024, 12, en) == "2024"
    assert period_label(1012, 24, en) == "2024\u2009–\u20092025"
    # Periods longer than a year are counted from year 0, which no date holds.
    assert period_label(0, 24, en) == "1"


def test_a_timeline_of_counts_names_months_in_the_sites_language() -> None:
    points = counted([f"2024-{m:02d}-10" for m in range(1, 4)], 300)
    root = ET.fromstring(timeline("t", "T", points, DateWords("fr")))
    assert texts(root, "ck-axis-label") == ["janv. 2024", "févr. 2024", "mars 2024"]
    text = desc(root)
    assert text.startswith("Timeline of 300 claims from 10 janvier 2024 to 10 mars 2024,")
    assert "Per month: janvier 2024: 100 True; février 2024: 100 False; mars 2024: 100 " in text
    tips = [el.text or "" for el in root.iter(f"{NS}title")][1:]
    assert tips and all(re.match(r"(janvier|février|mars) 2024: \d+ ", tip) for tip in tips)


@pytest.mark.parametrize("language", ["en", "fr", "de", "uk", "ja", "tlh"])
@pytest.mark.parametrize(
    "points",
    [
        SPREAD,
        [TimelinePoint("2024-10", "x", None, "unreviewed", None)],
        [TimelinePoint(f"2024-{m:02d}", "x", None, "unreviewed", None) for m in range(1, 13)],
        counted([f"2024-{m:02d}" for m in range(1, 13)]),  # per month
        counted([f"{y}-{m:02d}-01" for y in range(2020, 2024) for m in (2, 7)]),  # per quarter
        counted([f"{y}-{m:02d}-01" for y in range(2014, 2025) for m in (2, 7)]),  # half-years
        counted([f"{y}-03" for y in range(1990, 2024)]),  # per year
    ],
    ids=["points", "one-month", "months", "per-month", "quarters", "half-years", "years"],
)
def test_no_date_a_reader_sees_is_written_in_iso_form(
    language: str, points: list[TimelinePoint]
) -> None:
    for root in roots(timeline_figure("t", "T", points, DateWords(language))):
        shown = seen(root)
        assert shown
        assert not [text for text in shown if ISO.search(text)], root.get("class")


def test_the_machines_locale_changes_nothing() -> None:
    """The same picture in a process whose locale says German and French."""
    program = (
        "import sys\n"
        "from claimkit.site.dates import DateWords\n"
        "from claimkit.site.pictures.timeline import TimelinePoint, timeline_figure\n"
        "points = [TimelinePoint(d, 'x', None, 'unreviewed', None) for d in sys.argv[1:]]\n"
        "sys.stdout.write(timeline_figure('t', 'T', points, DateWords('en')))\n"
    )
    dates = ["2024-01-15", "2024-05", "2024-09-30"]
    env = {
        **os.environ,
        "LANGUAGE": "de_DE",
        "LC_ALL": "fr_FR.UTF-8",
        "LC_TIME": "de_DE.UTF-8",
        "LANG": "de_DE.UTF-8",
    }
    done = subprocess.run(
        [sys.executable, "-c", program, *dates],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=True,
    )
    points = [TimelinePoint(d, "x", None, "unreviewed", None) for d in dates]
    assert done.stdout == timeline_figure("t", "T", points, DateWords("en"))
    assert "January 15, 2024" in done.stdout


# ---------------------------------------------------------------------------------------------
# Lane names


def lane_names(layout_root: ET.Element) -> list[str]:
    return texts(layout_root, "ck-lane-label")


def test_not_reviewed_is_named_whole_in_a_wide_timeline_of_counts() -> None:
    points = counted([f"2024-{m:02d}-10" for m in range(1, 13)])
    wide, narrow = roots(timeline_figure("t", "T", points, DateWords("en")))
    assert lane_names(wide) == ["True", "False", "Not reviewed"]
    assert lane_names(narrow) == ["True", "False", "Not reviewed"]
    layout = layout_timeline(points, DateWords("en"), TIMELINE_WIDTH)
    assert isinstance(layout, CountsLayout) and layout.label_dy > 0  # beside the lanes
    assert text_width("Not reviewed", LANE_LABEL_SIZE) <= layout.label_room


def test_a_longer_lane_name_moves_the_plot_over_rather_than_being_cut() -> None:
    points = counted([f"2024-{m:02d}-10" for m in range(1, 13)])
    points[0] = TimelinePoint("2024-01-10", "x", "Mostly true", "true", None)
    layout = layout_timeline(points, DateWords("en"), TIMELINE_WIDTH)
    assert isinstance(layout, CountsLayout)
    assert layout.names["true"] == "Mostly true / True"
    assert layout.label_dy > 0 and layout.plot_x0 > 130
    assert text_width("Mostly true / True", LANE_LABEL_SIZE) <= layout.label_room
    root = ET.fromstring(timeline("t", "T", points, DateWords("en")))
    assert lane_names(root) == ["Mostly true / True", "False", "Not reviewed"]


def test_lane_names_too_long_to_stand_beside_their_lanes_stand_above_them_whole() -> None:
    points = counted([f"2024-{m:02d}-10" for m in range(1, 13)])
    long = "Missing context: the quote leaves out half"
    points[1] = TimelinePoint("2024-02-10", "x", long, "false", None)
    layout = layout_timeline(points, DateWords("en"), TIMELINE_WIDTH)
    assert isinstance(layout, CountsLayout)
    assert layout.label_dy < 0 and layout.plot_x0 < 130  # above the lanes, which span the frame
    root = ET.fromstring(timeline("t", "T", points, DateWords("en")))
    names = lane_names(root)
    assert names == ["True", f"{long} / False", "Not reviewed"]
    assert not any(name.endswith(ELLIPSIS) for name in names)
