"""The inline SVG pictures: well formed, accessible, inert with hostile text, small, stable."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimkit.site.dates import DateWords
from claimkit.site.html import safe_href
from claimkit.site.pictures.chain import ChainStep, attribution_chain
from claimkit.site.pictures.frame import CHAIN_WIDTH, NARROW_WIDTH, TIMELINE_WIDTH
from claimkit.site.pictures.tally import TallyBar, tally
from claimkit.site.pictures.text import text_width
from claimkit.site.pictures.timeline import (
    AGGREGATE_ABOVE,
    TimelinePoint,
    timeline,
    timeline_figure,
)
from claimkit.site.pictures.timeline_layout import (
    AXIS_LABEL_SIZE,
    NARROW_MAX_PERIODS,
    CountsLayout,
    PointsLayout,
    layout_timeline,
)

NS = "{http://www.w3.org/2000/svg}"
# Timelines write their dates in the site's language; most tests here draw an English site's.
EN = DateWords("en")
HOSTILE = [
    "</svg><script>alert(1)</script>",
    '"onload="x',
    "{{ x }}",
    "<!--",
    "x' onmouseover='alert(1)",
    "]]><script>y</script>",
]
BAD_HREFS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "mailto:someone@example.org",
    "http:alert(1)",
    "\\\\evil.example\\x",
    "",
]
GOOD_HREFS = [
    "../../people/dmitry-peskov/",
    "claims/x/",
    "#review",
    "https://example.org/a?b=1&c=2",
]

CHAIN = [
    ChainStep("X", "made the claim", "2024-10-14", None, "../../people/x/"),
    ChainStep("Y", "relayed it", "2024-10-15", "citing X", "https://y.example/story"),
    ChainStep("Z", "appeared in", "2024-10-17", None, None),
]


def step(who: str, href: str | None = None, **kw: str | None) -> ChainStep:
    fields: dict[str, str | None] = {"role": "relayed it", "date": "2024-10-15", "detail": None}
    fields.update(kw)
    return ChainStep(who, fields["role"] or "", fields["date"], fields["detail"], href)


def point(
    date: str, label: str = "a claim", cls: str = "false", href: str | None = None
) -> TimelinePoint:
    verdict = None if cls == "unreviewed" else cls.capitalize()
    return TimelinePoint(date, label, verdict, cls, href)


def parse(svg: str) -> ET.Element:
    """Parse and check what every picture must have; return the root."""
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    links = [el for el in root.iter(f"{NS}a")]
    # An image may hold no link (axe: nested-interactive); a picture with links is a figure,
    # and its links are for the pointer only: the page has each in its text.
    assert root.get("role") == ("figure" if links else "img")
    assert all(a.get("tabindex") == "-1" for a in links)
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+(\.\d)? \d+(\.\d)?", root.get("viewBox", ""))
    assert "ck-svg" in root.get("class", "").split()
    ids = root.get("aria-labelledby", "").split()
    assert len(ids) == 2
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert by_id[ids[0]].tag == f"{NS}title"
    assert by_id[ids[1]].tag == f"{NS}desc"
    assert root[0].tag == f"{NS}title" and root[1].tag == f"{NS}desc"
    for ident in by_id:
        assert ident is not None and re.fullmatch(r"[a-z0-9-]+", ident)
    return root


def desc(svg: str) -> str:
    text = parse(svg).find(f"{NS}desc")
    assert text is not None and text.text is not None
    return text.text


def title(svg: str) -> str:
    text = parse(svg).find(f"{NS}title")
    assert text is not None and text.text is not None
    return text.text


def inert(svg: str) -> None:
    """Nothing in the picture can run or load anything."""
    root = parse(svg)
    for el in root.iter():
        assert el.tag.rpartition("}")[2] not in {"script", "foreignObject", "iframe", "image"}
        for name in el.attrib:
            assert not name.lower().startswith("on")
    assert "<script" not in svg and "<!--" not in svg and "{{" not in svg
    assert "\n" not in svg


def hrefs(svg: str) -> list[str]:
    return [a.get("href", "") for a in parse(svg).iter(f"{NS}a")]


def marks(svg: str, cls: str) -> list[ET.Element]:
    return [
        el
        for el in parse(svg).iter()
        if {"ck-mark", f"ck-{cls}"} <= set(el.get("class", "").split())
    ]


def many_points(count: int) -> list[TimelinePoint]:
    classes = ["true", "false", "mixture", "other", "unreviewed"]
    return [
        point(
            f"{2015 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            f"claim {i}",
            classes[i % 5],
            f"../claims/c{i}/",
        )
        for i in range(count)
    ]


def all_pictures() -> list[str]:
    return [
        attribution_chain("c", "Chain", CHAIN),
        attribution_chain("c", "Chain", [*CHAIN, *CHAIN]),
        timeline("t", "Timeline", [point("2024-01-02"), point("2024-03-04", cls="true")], EN),
        timeline("t", "Timeline", many_points(AGGREGATE_ABOVE + 1), EN),
        tally("b", "Verdicts", [TallyBar("False", 2, "false"), TallyBar("True", 0, "true")]),
    ]


# ---------------------------------------------------------------------------------------------
# Every picture


@pytest.mark.parametrize("index", range(5))
def test_pictures_are_accessible_well_formed_single_line_svg(index: int) -> None:
    svg = all_pictures()[index]
    parse(svg)
    inert(svg)


def test_no_input_draws_nothing() -> None:
    assert attribution_chain("c", "Chain", []) == ""
    assert timeline("t", "Timeline", [], EN) == ""
    assert tally("b", "Verdicts", []) == ""


def test_output_is_deterministic() -> None:
    first = all_pictures()
    second = all_pictures()
    assert first == second
    big = many_points(5000)
    assert timeline("t", "T", big, EN) == timeline("t", "T", list(reversed(big)), EN)


def test_numbers_have_at_most_one_decimal() -> None:
    for svg in all_pictures():
        for el in parse(svg).iter():
            for name in ("x", "y", "cx", "cy", "r", "width", "height", "x1", "x2", "y1", "y2"):
                value = el.get(name)
                if value is not None and value != "100%":
                    assert re.fullmatch(r"-?\d+(\.\d)?", value), (name, value)


@pytest.mark.parametrize("raw", ["Claim 1/<b>", "../../etc", "ÄÖ", "", "--x--", 'a"b'])
def test_ids_are_derived_from_the_slug_and_safe(raw: str) -> None:
    svg = tally(raw, "T", [TallyBar("False", 1, "false")])
    root = parse(svg)
    assert re.fullmatch(r"ck-[a-z0-9]+(-[a-z0-9]+)*", root.get("id", ""))
    assert root.get("aria-labelledby") == f"{root.get('id')}-title {root.get('id')}-desc"


def test_ids_follow_the_caller_id() -> None:
    root = parse(tally("Claim-42 Tally", "T", [TallyBar("False", 1, "false")]))
    assert root.get("id") == "ck-claim-42-tally"


# ---------------------------------------------------------------------------------------------
# Hostile text


@pytest.mark.parametrize("bad", HOSTILE)
def test_hostile_text_in_a_chain_is_only_text(bad: str) -> None:
    svg = attribution_chain(
        "c", bad, [ChainStep(bad, bad, bad, bad, None), step(bad, detail=bad, role="relayed it")]
    )
    inert(svg)
    assert title(svg) == bad
    assert bad in desc(svg)
    assert desc(svg).count(bad) >= 4


@pytest.mark.parametrize("bad", HOSTILE)
def test_hostile_text_in_a_timeline_is_only_text(bad: str) -> None:
    points = [TimelinePoint("2024-01-01", bad, bad, "false", None), point("2024-02-01", bad)]
    svg = timeline("t", bad, points, EN)
    inert(svg)
    assert title(svg) == bad
    assert bad in desc(svg)
    # The class is not record text that is printed, but it must not leak into markup either.
    odd = timeline("t", "T", [TimelinePoint("2024-01-01", "x", None, bad, None)], EN)
    inert(odd)
    assert marks(odd, "other")


@pytest.mark.parametrize("bad", HOSTILE)
def test_hostile_text_in_a_tally_is_only_text(bad: str) -> None:
    svg = tally("b", bad, [TallyBar(bad, 3, bad), TallyBar("False", 1, "false")])
    inert(svg)
    assert title(svg) == bad
    assert desc(svg) == f"{bad}: {bad} 3, False 1."


def test_characters_xml_forbids_are_dropped_and_white_space_folded() -> None:
    svg = tally("b", "T", [TallyBar("a\x00b\x1bc\n\nd\r\ne\ud800", 1, "false")])
    inert(svg)
    assert desc(svg) == "T: abc d e 1."


@settings(max_examples=150, deadline=None)
@given(text=st.text(), href=st.text())
def test_any_text_gives_well_formed_inert_pictures(text: str, href: str) -> None:
    pictures = [
        attribution_chain(text, text, [ChainStep(text, text, text, text, href)] * 5),
        attribution_chain(text, text, [ChainStep(text, text, None, None, href)]),
        timeline(text, text, [TimelinePoint("2024-01-01", text, text, text, href)], EN),
        tally(text, text, [TallyBar(text, 1, text)]),
    ]
    for svg in pictures:
        inert(svg)
        for link in hrefs(svg):
            assert safe_href(link) == link


# ---------------------------------------------------------------------------------------------
# Links


@pytest.mark.parametrize("bad", BAD_HREFS)
def test_unsafe_links_are_dropped(bad: str) -> None:
    assert safe_href(bad) is None
    assert hrefs(attribution_chain("c", "C", [step("X", bad)])) == []
    assert hrefs(timeline("t", "T", [point("2024-01-01", href=bad)], EN)) == []


@pytest.mark.parametrize("good", GOOD_HREFS)
def test_relative_and_web_links_are_kept(good: str) -> None:
    assert safe_href(good) == good
    assert hrefs(attribution_chain("c", "C", [step("X", good)])) == [good]
    assert hrefs(timeline("t", "T", [point("2024-01-01", href=good)], EN)) == [good]


def test_a_link_with_quotes_and_angle_brackets_stays_inside_its_attribute() -> None:
    link = '../x/"><script>alert(1)</script>'
    svg = attribution_chain("c", "C", [step("X", link)])
    inert(svg)
    assert hrefs(svg) == [link]


# ---------------------------------------------------------------------------------------------
# Attribution chain


def test_chain_desc_reads_as_a_sentence() -> None:
    assert desc(attribution_chain("c", "How it spread", CHAIN)) == (
        "Attribution chain: X made the claim on 2024-10-14; Y relayed it, citing X, on "
        "2024-10-15; it appeared in Z on 2024-10-17."
    )


def test_chain_desc_mentions_every_step_in_order() -> None:
    steps = [step(f"Outlet {i}", date=None if i == 3 else f"2024-10-{i + 10}") for i in range(7)]
    text = desc(attribution_chain("c", "C", steps))
    positions = [text.index(f"Outlet {i} relayed it") for i in range(7)]
    assert positions == sorted(positions)
    assert "Outlet 3 relayed it, date unknown" in text


def test_chain_boxes_show_who_role_and_date() -> None:
    svg = attribution_chain("c", "C", [*CHAIN, step("W", date=None)])
    texts = [el.text for el in parse(svg).iter(f"{NS}text")]
    for expected in ["X", "Y", "Z", "W", "made the claim", "appeared in", "2024-10-14", "citing X"]:
        assert expected in texts
    assert "date unknown" in texts


def test_chain_boxes_run_top_to_bottom_in_a_frame_a_phone_can_read() -> None:
    for steps in (CHAIN, [step(f"S{i}") for i in range(6)]):
        root = parse(attribution_chain("c", "C", steps))
        assert root.get("viewBox", "").startswith(f"0 0 {CHAIN_WIDTH} ")
        boxes = [el for el in root.iter(f"{NS}rect") if el.get("class") == "ck-box"]
        assert len(boxes) == len(steps)
        assert len({b.get("x") for b in boxes}) == 1
        tops = [float(b.get("y", "")) for b in boxes]
        assert tops == sorted(tops) and len(set(tops)) == len(tops)
        arrows = [el for el in root.iter() if el.get("class") == "ck-arrow"]
        assert len(arrows) == len(steps) - 1


def test_long_names_are_cut_in_the_drawing_but_whole_in_title_and_desc() -> None:
    name = (
        "The Extraordinarily Long Name Of A Ministry Of Information And Public Communications Of "
        "Somewhere, Of Its Regional Offices, Of Their Press Services And Of Their Spokespeople"
    )
    svg = attribution_chain("c", "C", [step(name), step("Y"), step("Z"), step("W")])
    root = parse(svg)
    drawn = " ".join(el.text or "" for el in root.iter(f"{NS}text"))
    assert "…" in drawn
    assert name not in drawn
    assert name in desc(svg)
    tooltips = [el.text or "" for el in root.iter(f"{NS}title")]
    assert any(name in tip for tip in tooltips[1:])


# ---------------------------------------------------------------------------------------------
# Timeline


def test_verdict_marks_differ_in_shape_not_only_colour() -> None:
    classes = ["true", "false", "mixture", "other", "unreviewed"]
    svg = timeline("t", "T", [point(f"2024-0{i + 1}-01", cls=c) for i, c in enumerate(classes)], EN)
    shapes = {}
    for cls in classes:
        found = marks(svg, cls)
        assert len(found) == 2  # the point and its legend entry
        el = found[0]
        shapes[cls] = (el.tag, el.get("fill-opacity"), len(el.get("points", "").split()))
    assert len(set(shapes.values())) == len(classes)
    assert shapes["true"][0] != shapes["false"][0]


def test_timeline_legend_names_the_classes_shown() -> None:
    svg = timeline(
        "t", "T", [point("2024-01-01", cls="true"), point("2024-02-01", cls="unreviewed")], EN
    )
    legend = [el for el in parse(svg).iter() if el.get("class") == "ck-legend"]
    assert len(legend) == 1
    assert [el.text for el in legend[0].iter(f"{NS}text")] == ["True", "Not reviewed"]


def test_timeline_legend_names_the_verdicts_its_marks_stand_for() -> None:
    # Mostly true shares True's mark: the legend says so rather than calling it True, and a
    # verdict off the scale (Unverified, drawn as "other") is named too.
    points = [
        TimelinePoint("2024-01-01", "a", "Mostly true", "true", None),
        TimelinePoint("2024-02-01", "b", "True", "true", None),
        TimelinePoint("2024-03-01", "c", "Unverified", "other", None),
        TimelinePoint("2024-04-01", "d", None, "unreviewed", None),
    ]
    legend = [
        el for el in parse(timeline("t", "T", points, EN)).iter() if el.get("class") == "ck-legend"
    ]
    names = [el.text for el in legend[0].iter(f"{NS}text")]
    assert names == ["Mostly true / True", "Unverified", "Not reviewed"]


def test_timeline_axis_is_labelled_with_first_and_last_date() -> None:
    svg = timeline("t", "T", [point("2024-05-01"), point("2024-01-15"), point("2024-03-01")], EN)
    labels = [el.text for el in parse(svg).iter(f"{NS}text") if el.get("class") == "ck-axis-label"]
    assert labels == ["January 15, 2024", "May 1, 2024"]
    assert desc(svg).startswith(
        "Timeline of 3 claims from January 15, 2024 to May 1, 2024: January 15, 2024:"
    )


def test_timeline_of_one_day_stacks_its_points() -> None:
    svg = timeline("t", "T", [point("2024-01-01", f"c{i}") for i in range(3)], EN)
    found = marks(svg, "false")[1:]  # skip the legend
    assert len({el.get("d") for el in found}) == 3
    labels = [el.text for el in parse(svg).iter(f"{NS}text") if el.get("class") == "ck-axis-label"]
    assert labels == ["January 1, 2024"]
    assert "on January 1, 2024:" in desc(svg)


def test_timeline_of_one_point() -> None:
    svg = timeline("t", "T", [point("2024-01-01", "only")], EN)
    assert (
        desc(svg) == "Timeline of 1 claim on January 1, 2024: January 1, 2024: only (rated False)."
    )


def test_a_crowded_day_shows_how_many_are_not_drawn() -> None:
    svg = timeline("t", "T", [point("2024-01-01", f"c{i}") for i in range(30)], EN)
    more = [el.text for el in parse(svg).iter(f"{NS}text") if el.get("class") == "ck-more"]
    assert more == ["+19"]
    assert len(marks(svg, "false")) == 1 + 11
    assert all(f"c{i} " in desc(svg) for i in range(30))


def test_timeline_desc_mentions_every_point() -> None:
    points = many_points(AGGREGATE_ABOVE)
    text = desc(timeline("t", "T", points, EN))
    for p in points:
        assert f"{EN.words(p.date)}: {p.label} (" in text
    assert "(not reviewed)" in text


def test_timeline_rejects_a_date_that_is_not_iso() -> None:
    with pytest.raises(ValueError, match="not an ISO date"):
        timeline("t", "T", [point("yesterday")], EN)


def test_many_points_are_counted_per_month() -> None:
    points = [
        point(f"2024-{1 + i % 3:02d}-10", cls="true" if i % 4 else "false") for i in range(300)
    ]
    svg = timeline("t", "T", points, EN)
    text = desc(svg)
    assert text.startswith(
        "Timeline of 300 claims from January 10, 2024 to March 10, 2024, counted per month."
    )
    assert "Totals: 225 True, 75 False." in text
    assert (
        "Per month: January 2024: 75 True, 25 False; February 2024: 75 True, 25 False; "
        "March 2024: 75 True, 25 False." in text
    )
    assert hrefs(svg) == []
    assert len(marks(svg, "true")) == 1 + 3


def test_100000_points_stay_small() -> None:
    points = many_points(100_000)
    svg = timeline("t", "All claims", points, EN)
    inert(svg)
    assert len(svg.encode()) < 100_000
    text = desc(svg)
    assert (
        "Timeline of 100,000 claims from January 1, 2015 to December 28, 2024, counted per quarter."
        in text
    )
    assert (
        "Totals: 20,000 True, 20,000 Mixture, 20,000 False, 20,000 Other, 20,000 Not reviewed."
        in text
    )


def test_centuries_of_points_stay_small() -> None:
    points = [point(f"{1000 + i % 1000:04d}-06-01", cls="true") for i in range(1000)]
    svg = timeline("t", "T", points, EN)
    inert(svg)
    assert len(svg.encode()) < 20_000
    assert "counted per 25 years" in desc(svg)


# ---------------------------------------------------------------------------------------------
# Tally


def test_tally_desc_lists_every_bar() -> None:
    bars = [
        TallyBar("False", 2, "false"),
        TallyBar("Mostly true", 1, "true"),
        TallyBar("Unverified", 3, "other"),
    ]
    assert desc(tally("b", "Verdicts on claims by X", bars)) == (
        "Verdicts on claims by X: False 2, Mostly true 1, Unverified 3."
    )


def test_tally_bars_are_proportional_and_counts_are_text() -> None:
    bars = [
        TallyBar("False", 4, "false"),
        TallyBar("Half true", 2, "mixture"),
        TallyBar("True", 0, "true"),
    ]
    root = parse(tally("b", "T", bars))
    filled = {
        el.get("class"): float(el.get("width", ""))
        for el in root.iter(f"{NS}rect")
        if "ck-bar" in el.get("class", "")
    }
    assert set(filled) == {"ck-bar ck-false", "ck-bar ck-mixture"}
    assert filled["ck-bar ck-false"] == pytest.approx(2 * filled["ck-bar ck-mixture"], abs=0.2)
    tracks = [el for el in root.iter(f"{NS}rect") if el.get("class") == "ck-track"]
    assert len(tracks) == 3
    counts = [el.text for el in root.iter(f"{NS}text") if el.get("class") == "ck-count"]
    assert counts == ["4", "2", "0"]
    labels = [el.text for el in root.iter(f"{NS}text") if el.get("class") == "ck-label"]
    assert labels == ["False", "Half true", "True"]


def test_tally_of_zeros_and_large_counts() -> None:
    svg = tally("b", "T", [TallyBar("False", 0, "false")])
    assert desc(svg) == "T: False 0."
    big = tally("b", "T", [TallyBar("False", 1_234_567, "false")])
    assert desc(big) == "T: False 1,234,567."


def test_tally_refuses_negative_counts() -> None:
    with pytest.raises(ValueError, match="negative"):
        tally("b", "T", [TallyBar("False", -1, "false")])


# ---------------------------------------------------------------------------------------------
# Readable on a phone

# The column a 360 px phone leaves a picture (Material's margins take 16 px each side), and the
# smallest text a reader should meet there, in CSS pixels.
PHONE_COLUMN = 328
SMALLEST_TEXT = 12.0


def figure(markup: str) -> list[ET.Element]:
    """The root elements of markup made of one or more pictures side by side."""
    return list(ET.fromstring(f"<figure>{markup}</figure>"))


def text_px(root: ET.Element, column: float) -> list[float]:
    """The size in CSS pixels of every text of a picture shown in a column that wide: its font
    size times the scale the CSS gives it (100% of the column, at most its own width)."""
    width = float(root.get("viewBox", "").split()[2])
    scale = min(1.0, column / width)
    default = float(root.get("font-size", "16"))
    return [float(el.get("font-size") or default) * scale for el in root.iter(f"{NS}text")]


def phone_pictures() -> list[str]:
    """Every picture as a phone shows it: the timeline's narrow drawing, the others as drawn."""
    long_role = ChainStep("A Ministry", "published it in a statement", "2024-10-14", "x y z", None)
    return [
        attribution_chain("c", "Chain", [*CHAIN, long_role]),
        tally("b", "Verdicts", [TallyBar("Mostly true", 2, "true"), TallyBar("False", 9, "false")]),
        timeline_figure("t", "T", [point("2024-01-02"), point("2024-03-04", cls="true")], EN),
        timeline_figure("t", "T", many_points(AGGREGATE_ABOVE + 1), EN),
        timeline_figure("t", "T", many_points(50_000), EN),
    ]


@pytest.mark.parametrize("index", range(5))
def test_every_picture_a_phone_shows_has_text_of_12_px_or_more(index: int) -> None:
    roots = figure(phone_pictures()[index])
    shown = [r for r in roots if "ck-wide" not in r.get("class", "").split()]
    assert len(shown) == 1
    sizes = text_px(shown[0], PHONE_COLUMN)
    assert sizes and min(sizes) >= SMALLEST_TEXT, (shown[0].get("class"), min(sizes))
    for root in roots:  # where the wide drawing shows (a column of its width), the same holds
        if "ck-wide" in root.get("class", "").split():
            assert min(text_px(root, TIMELINE_WIDTH)) >= SMALLEST_TEXT


def test_the_timeline_figure_is_drawn_twice_and_described_once() -> None:
    points = [
        TimelinePoint("2024-01-01", "a", "Mostly true", "true", "../claims/a/"),
        TimelinePoint("2024-02-01", "b", "False", "false", "../claims/b/"),
        TimelinePoint("2024-02-01", "c", None, "unreviewed", None),
        TimelinePoint("2024-06-30", "d", "Unverified", "other", "../claims/d/"),
    ]
    markup = timeline_figure("timeline-x", "Claims about X over time", points, EN)
    inert(markup.split("</svg>")[0] + "</svg>")
    wide, narrow = figure(markup)
    # The wide one is the picture `timeline` draws, named as the wide variant: the one a screen
    # reader meets, labelled and described.
    assert wide.get("class", "").split() == ["ck-svg", "ck-timeline", "ck-wide"]
    single = ET.fromstring(timeline("timeline-x", "Claims about X over time", points, EN))
    assert wide.get("role") == single.get("role") == "figure"
    assert ET.tostring(wide[1]) == ET.tostring(single[1])  # the same desc
    # The narrow one is for the eye only: hidden from assistive technology, no desc, no id
    # shared with the wide one.
    assert narrow.get("class", "").split() == ["ck-svg", "ck-timeline", "ck-narrow"]
    assert narrow.get("aria-hidden") == "true"
    assert narrow.get("role") is None and narrow.get("aria-labelledby") is None
    assert narrow.find(f"{NS}desc") is None
    assert narrow.get("viewBox", "").startswith(f"0 0 {NARROW_WIDTH} ")
    assert all(a.get("tabindex") == "-1" for a in narrow.iter(f"{NS}a"))
    ids = [el.get("id") for root in (wide, narrow) for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids)) and narrow.get("id") == "ck-timeline-x-narrow"

    # The same dots, the same legend and the same links in both.
    def drawn(root: ET.Element) -> tuple[list[str | None], list[str | None], list[str | None]]:
        legend = next(el for el in root.iter() if el.get("class") == "ck-legend")
        dots = [
            el.get("class")
            for el in root.iter()
            if "ck-mark" in el.get("class", "").split() and el not in set(legend.iter())
        ]
        return (
            [el.text for el in legend.iter(f"{NS}text")],
            sorted(dots, key=str),
            [a.get("href") for a in root.iter(f"{NS}a")],
        )

    assert drawn(wide) == drawn(narrow)
    assert drawn(narrow)[0] == ["Mostly true", "False", "Unverified", "Not reviewed"]
    assert timeline_figure("t", "T", [], EN) == ""
    assert markup == timeline_figure("timeline-x", "Claims about X over time", points, EN)


def _inside(x: float, text: str, width: float) -> bool:
    half = text_width(text, AXIS_LABEL_SIZE) / 2
    return x - half >= 0 and x + half <= width


@pytest.mark.parametrize(
    "dates",
    [
        ["2024-10-01", "2024-10-17"],
        ["2024-01-15", "2024-05-01", "2024-12-31"],
        ["2015-01-01", "2024-12-28"],
        ["2024-10", "2024-10-16T09:30:00+03:00"],
        ["2024-10-16"],
        ["2024-09-30", "2024-11-30"],
    ],
)
@pytest.mark.parametrize("language", ["en", "fr", "uk", "es", "pt-BR", "ja"])
def test_a_narrow_timeline_keeps_its_dates_and_marks_inside_the_frame(
    dates: list[str], language: str
) -> None:
    words = DateWords(language)
    points = [point(d) for d in dates]
    layout = layout_timeline(points, words, NARROW_WIDTH)
    assert isinstance(layout, PointsLayout) and layout.width == NARROW_WIDTH
    days = sorted({d[:10] for d in dates})
    assert [e.words for e in layout.ends] == [words.words(d) for d in sorted({days[0], days[-1]})]
    drawn = [(end.x, end.label) for end in layout.ends]
    drawn += [(tick.x, tick.label) for tick in layout.ticks or () if tick.label is not None]
    for x, label in drawn:
        assert _inside(x, label, NARROW_WIDTH), (x, label)
    # No two dates under the axis run into each other.
    spans = sorted(
        (x - text_width(t, AXIS_LABEL_SIZE) / 2, x + text_width(t, AXIS_LABEL_SIZE) / 2)
        for x, t in drawn
    )
    assert all(left[1] < right[0] for left, right in itertools.pairwise(spans)), spans
    xs = [m.x for stack in layout.stacks for m in stack.marks]
    assert xs and all(10 <= x <= NARROW_WIDTH - 10 for x in xs)
    assert sorted(m.index for s in layout.stacks for m in s.marks) == list(range(len(points)))


def test_a_narrow_timeline_of_counts_has_fewer_columns_and_names_its_lanes_above_them() -> None:
    points = many_points(5000)  # ten years: per quarter when wide, per half-year when narrow
    wide = layout_timeline(points, EN, TIMELINE_WIDTH)
    narrow = layout_timeline(points, EN, NARROW_WIDTH)
    assert isinstance(wide, CountsLayout) and isinstance(narrow, CountsLayout)
    assert (wide.unit, narrow.unit) == ("quarter", "half-year")
    assert len(narrow.periods) <= NARROW_MAX_PERIODS < len(wide.periods)
    assert wide.totals == narrow.totals
    assert wide.label_dy > 0 > narrow.label_dy  # beside the lane's line; above it
    assert narrow.plot_x1 - narrow.plot_x0 > NARROW_WIDTH / 2
    for label in narrow.labels:
        assert _inside(label.x, label.text, NARROW_WIDTH), label
    for layout in (wide, narrow):
        for line in layout.note_lines:
            assert text_width(line, AXIS_LABEL_SIZE) <= layout.width - 32, line
        for lane in layout.lanes:
            assert all(layout.plot_x0 <= m.x <= layout.plot_x1 for m in lane.marks)
