"""Where everything on a timeline goes, worked out before any SVG is written.

A timeline is laid out one of two ways. Up to AGGREGATE_ABOVE points, each point gets its own
mark above a time axis: marks for the same day (or days too close to draw apart) stack upwards
in a column, and a column taller than the picture allows keeps a count of the points left out.
Above that, the points are counted per verdict class per period (a month, or a quarter, a year,
... when the dates span too long for MAX_PERIODS columns), one lane per class, so the size of
the picture stays bounded however many points there are.

Either is laid out for a frame of any width: TIMELINE_WIDTH for wide screens, NARROW_WIDTH for
phones, where the marks stand closer, fewer dates fit under the axis, a timeline of counts has at
most NARROW_MAX_PERIODS columns and names each lane above it rather than beside it. The text is
the same size in both (MIN_TEXT and up), so that it stays readable where the narrow picture is
shown. Dates are in the site's language (`timeline_words`); a label too long for its room, in
whatever language, is left out.

The layouts are plain data: dates, indexes into the caller's points, verdict classes, counts,
label text and coordinates in the picture's units. `timeline.py` writes them as SVG.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from claimkit.core.dates import first_day, problem
from claimkit.site.dates import DateWords
from claimkit.site.pictures.frame import MIN_TEXT, PAD, TIMELINE_WIDTH
from claimkit.site.pictures.text import text_width, wrap
from claimkit.site.pictures.timeline_words import (
    class_names,
    date_label,
    month_names,
    period_label,
    year_label,
)
from claimkit.site.pictures.verdicts import CLASSES, verdict_class

__all__ = [
    "AGGREGATE_ABOVE",
    "AXIS_LABEL_SIZE",
    "LANE_LABEL_SIZE",
    "MARK_RADIUS",
    "MAX_PERIODS",
    "NARROW_MAX_PERIODS",
    "TICK_LABEL_SIZE",
    "AxisEnd",
    "CountMark",
    "CountsLayout",
    "Lane",
    "PeriodLabel",
    "PointMark",
    "PointsLayout",
    "Stack",
    "Tick",
    "TimelinePoint",
    "layout_timeline",
]

# A timeline with more points than this is drawn as counts per period rather than one mark each.
AGGREGATE_ABOVE = 200
# The most periods a timeline of counts has (in a narrow frame); longer spans take longer periods.
MAX_PERIODS = 40
NARROW_MAX_PERIODS = 20
# Font sizes of the dates under the axis: the layout leaves out labels that would not fit.
AXIS_LABEL_SIZE = MIN_TEXT
TICK_LABEL_SIZE = MIN_TEXT
# The font size of a lane's name in a timeline of counts.
LANE_LABEL_SIZE = 12.5
# The line height of the note above a timeline of counts.
NOTE_LINE = 16.0
# The radius of one point's mark; rows of marks are _ROW apart.
MARK_RADIUS = 5.0


@dataclass(frozen=True)
class TimelinePoint:
    """One claim on a timeline; its date is a record's date text at any precision."""

    date: str
    label: str
    verdict: str | None
    verdict_class: str
    href: str | None


# --------------------------------------------------------------------------------------------
# One mark per point

_PLOT_MARGIN = 40.0
_ROW = 14.0
_MAX_ROWS = 12


@dataclass(frozen=True)
class Tick:
    """A tick on the time axis at x, with the month or year to write under it, if it fits."""

    x: float
    label: str | None


@dataclass(frozen=True)
class AxisEnd:
    """An end of the time axis: the first or last date, the x it is drawn at, the date as
    written under it (at the precision of the point that sets it, abbreviated if it had to be)
    and the same date in words, for the text alternative."""

    x: float
    day: dt.date
    label: str
    words: str


@dataclass(frozen=True)
class PointMark:
    """The mark of one point: its index in the caller's points, its verdict class, its centre."""

    index: int
    cls: str
    x: float
    y: float


@dataclass(frozen=True)
class Stack:
    """One column of marks, bottom up, and how many of its points had no room (hidden).

    When points are hidden, the top row holds a "+N" note centred on (x, more_y) instead of a
    mark.
    """

    x: float
    marks: tuple[PointMark, ...]
    hidden: int
    more_y: float


@dataclass(frozen=True)
class PointsLayout:
    """A timeline with one mark per point.

    classes holds the verdict class of each point in the caller's order, and order the indexes
    of the points from the earliest date to the latest. ticks is None when the dates span less
    than a calendar month boundary, which draws no tick group at all; it may be empty. width is
    the frame's width.
    """

    width: float

    classes: tuple[str, ...]
    order: tuple[int, ...]
    first: dt.date
    last: dt.date
    present: tuple[str, ...]
    legend_y: float
    axis_x0: float
    axis_x1: float
    axis_y: float
    height: float
    ticks: tuple[Tick, ...] | None
    ends: tuple[AxisEnd, ...]
    stacks: tuple[Stack, ...]


@functools.lru_cache(maxsize=8192)
def _date(text: str) -> dt.date:
    """The day a point is placed at: the first day its date may mean (a month at its first
    day, a year at 1 January, a date-time at its own day). Kept for the next call: claims share
    dates, and a page lays its timeline out twice (for wide screens and for phones)."""
    if problem(text.strip()):
        raise ValueError(f"timeline point date is not an ISO date: {text!r}")
    return first_day(text.strip())


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _ticks(
    first: dt.date,
    last: dt.date,
    rooms: tuple[float, float],
    x0: float,
    x1: float,
    dates: DateWords,
) -> tuple[Tick, ...] | None:
    """Month or year ticks between the end dates, drawn at x0 and x1 with half their labels'
    widths (rooms) either side, labelled where there is room: a year as the locale writes it,
    a month by its abbreviated name."""
    span = (last - first).days
    months = _month_index(last) - _month_index(first)
    if span <= 0 or months < 1:
        return None
    plot = x1 - x0
    per_month = plot * 30.44 / span
    names = month_names(dates)
    # Ticks stand far enough apart for the widest month's name, or a year, to fit between.
    widest = max(text_width(t, TICK_LABEL_SIZE) for t in (*names, year_label(2000, dates)))
    spacing = max(52.0, widest + 12)
    step = next((s for s in (1, 3, 6, 12, 24, 60, 120) if s * per_month >= spacing), 0)
    if not step:
        step = 12 * math.ceil(spacing / (per_month * 12) / 10) * 10
    ticks: list[Tick] = []
    start = _month_index(first) + 1
    start += -start % step
    last_end = x0 + rooms[0]
    for index in range(start, _month_index(last) + 1, step):
        year, month = divmod(index, 12)
        day = dt.date(year, month + 1, 1)
        x = x0 + (day - first).days / span * plot
        label = year_label(year, dates) if step >= 12 or month == 0 else names[month]
        half = text_width(label, TICK_LABEL_SIZE) / 2
        if x - half > last_end + 6 and x + half < x1 - rooms[1] - 6:
            ticks.append(Tick(x, label))
            last_end = x + half
        else:
            ticks.append(Tick(x, None))
    return tuple(ticks)


def _end_labels(
    texts: Sequence[str], width: float, dates: DateWords
) -> tuple[list[str], list[float], float]:
    """The dates written under the axis's ends, half the width of each, and the x the axis
    starts at. They are in words (date_label) when each takes at most a fifth of the frame's
    width, else shorter: the month abbreviated, or else in figures. One date alone is in words.
    """
    for tight in (0, 1, 2):
        labels = [date_label(text, dates, tight) for text in texts]
        halves = [text_width(label, AXIS_LABEL_SIZE) / 2 for label in labels]
        # The axis ends far enough in for the dates centred under its ends to fit in the frame.
        x0 = max(_PLOT_MARGIN, max(halves) + 4)
        if len(labels) == 1 or x0 <= width / 5:
            break
    return labels, halves, x0


def _layout_points(points: Sequence[TimelinePoint], width: float, dates: DateWords) -> PointsLayout:
    classes = tuple(verdict_class(p.verdict_class) for p in points)
    dated = sorted(
        ((_date(p.date), i) for i, p in enumerate(points)), key=lambda item: (item[0], item[1])
    )
    first, last = dated[0][0], dated[-1][0]
    span = (last - first).days
    texts = [points[dated[0][1]].date]
    if span:
        texts.append(points[dated[-1][1]].date)
    labels, halves, x0 = _end_labels(texts, width, dates)
    ends = list(zip((first, last), labels, (date_label(t, dates) for t in texts), strict=False))
    x1 = width - x0
    plot = x1 - x0
    columns = max(1, int(plot // _ROW))
    members: dict[int, list[int]] = {}
    for day, i in dated:
        column = round((day - first).days / span * columns) if span else 0
        members.setdefault(column, []).append(i)
    rows = min(_MAX_ROWS, max(len(s) for s in members.values()))
    shown_classes = set(classes)
    present = tuple(c for c in CLASSES if c in shown_classes)

    axis = 34 + rows * _ROW + 8
    stacks: list[Stack] = []
    for column in sorted(members):
        indexes = members[column]
        x = x0 + (column * plot / columns if span else plot / 2)
        shown = indexes if len(indexes) <= rows else indexes[: rows - 1]
        marks = tuple(
            PointMark(i, classes[i], x, axis - 6 - _ROW / 2 - row * _ROW)
            for row, i in enumerate(shown)
        )
        more_y = axis - 6 - _ROW / 2 - (rows - 1) * _ROW + 4
        stacks.append(Stack(x, marks, len(indexes) - len(shown), more_y))
    return PointsLayout(
        width=width,
        classes=classes,
        order=tuple(i for _, i in dated),
        first=first,
        last=last,
        present=present,
        legend_y=18.0,
        axis_x0=x0 - 10,
        axis_x1=x1 + 10,
        axis_y=axis,
        height=axis + 30,
        ticks=_ticks(first, last, (halves[0], halves[-1]), x0, x1, dates),
        ends=tuple(
            AxisEnd(
                x0 + ((day - first).days / span * plot if span else plot / 2), day, label, words
            )
            for day, label, words in ends
        ),
        stacks=tuple(stacks),
    )


# --------------------------------------------------------------------------------------------
# Counts per period

_STEPS = ((1, "month"), (3, "quarter"), (6, "half-year"), (12, "year"), (24, "two years"))
# In a wide frame the lanes' names stand beside them and the plot starts at least at _NAMES_X,
# further right for a longer name, up to _NAMES_X_MOST; names longer than that stand above their
# lanes, as in a narrow frame, rather than being cut.
_NAMES_X = 130.0
_NAMES_X_MOST = 170.0


@dataclass(frozen=True)
class CountMark:
    """The mark of one period in a lane: the period, its count n, the mark's x and radius."""

    period: int
    n: int
    x: float
    r: float


@dataclass(frozen=True)
class Lane:
    """The row of one verdict class: its centre line y and a mark for each period with claims."""

    cls: str
    y: float
    marks: tuple[CountMark, ...]


@dataclass(frozen=True)
class PeriodLabel:
    """A period's name under the axis, centred on x."""

    x: float
    text: str


@dataclass(frozen=True)
class CountsLayout:
    """A timeline of counts per verdict class per period, step months long (unit names them).

    counts maps (period, class) to the number of points, for the pairs that have any; totals
    maps each class to its points, names to the name its lane shows (`class_names`). first_label
    and last_label are the earliest and latest dates in words, for the text alternative. The
    note's lines (what the picture counts) have their first baseline at note_y, NOTE_LINE apart.
    Lanes run from plot_x0 to plot_x1 below the heads at top; each class's mark and name start
    at label_x, the name's baseline label_dy below the lane's line (beside it in a wide frame
    when the longest name fits there, above it otherwise) and at most label_room wide; the
    totals end at total_x.
    """

    width: float
    first: dt.date
    last: dt.date
    first_label: str
    last_label: str
    step: int
    unit: str
    periods: range
    counts: Mapping[tuple[int, str], int]
    totals: Mapping[str, int]
    names: Mapping[str, str]
    present: tuple[str, ...]
    note_y: float
    note_lines: tuple[str, ...]
    label_x: float
    label_dy: float
    label_room: float
    plot_x0: float
    plot_x1: float
    total_x: float
    top: float
    height: float
    lanes: tuple[Lane, ...]
    axis_y: float
    labels: tuple[PeriodLabel, ...]


def _layout_counts(points: Sequence[TimelinePoint], width: float, dates: DateWords) -> CountsLayout:
    by_month: dict[tuple[int, str], int] = {}
    classes = [verdict_class(p.verdict_class) for p in points]
    # The earliest and the latest point, the first and the last of a day as the caller gave
    # them, as the ends of a timeline of marks are.
    (first, first_at), (last, last_at) = (_date(points[0].date), 0), (_date(points[0].date), 0)
    for i, point in enumerate(points):
        day = _date(point.date)
        if day < first:
            first, first_at = day, i
        if day >= last:
            last, last_at = day, i
        key = (_month_index(day), classes[i])
        by_month[key] = by_month.get(key, 0) + 1
    low, high = _month_index(first), _month_index(last)
    # A narrow frame names each lane above its line, so its lanes span the frame.
    narrow = width < TIMELINE_WIDTH
    most = NARROW_MAX_PERIODS if narrow else MAX_PERIODS
    step, unit = next(((s, u) for s, u in _STEPS if high // s - low // s + 1 <= most), (0, ""))
    if not step:
        years = math.ceil((high // 12 - low // 12 + 1) / most)
        step, unit = 12 * years, f"{years} years"
    counts: dict[tuple[int, str], int] = {}
    for (month, cls), n in by_month.items():
        key = (month // step, cls)
        counts[key] = counts.get(key, 0) + n
    periods = range(low // step, high // step + 1)
    totals = {c: 0 for c in CLASSES}
    for (_, cls), n in counts.items():
        totals[cls] += n
    present = tuple(c for c in CLASSES if totals[c])
    names = class_names((p.verdict for p in points), classes)
    largest = max(counts.values())

    total = len(points)
    note = f"{total:,} claims, counted per {unit}; the bigger the mark, the more claims."
    note_lines = tuple(wrap(note, width - 2 * PAD, MIN_TEXT, False, 3))
    label_x, plot_x1 = float(PAD), width - 70.0
    # A name starts 16 after label_x (its mark comes first) and ends 8 before the plot.
    longest = max(text_width(names[c], LANE_LABEL_SIZE) for c in present)
    beside = not narrow and label_x + 24 + longest <= _NAMES_X_MOST
    if beside:
        plot_x0 = max(_NAMES_X, math.ceil(label_x + 24 + longest))
        lane, label_dy, label_room = 30.0, 4.5, plot_x0 - label_x - 24
    else:  # each name above its lane's line, the lanes spanning the frame
        plot_x0 = 40.0
        lane, label_dy, label_room = 44.0, -14.0, width - 2 * PAD - 16
    top = 40.0 + NOTE_LINE * (len(note_lines) - 1) + (0.0 if beside else 14.0)
    column = (plot_x1 - plot_x0) / len(periods)
    biggest = min(10.0, column * 0.36)  # the widest mark, the diamond, is 2.6 r across
    lanes: list[Lane] = []
    for row, cls in enumerate(present):
        marks: list[CountMark] = []
        for offset, period in enumerate(periods):
            n = counts.get((period, cls), 0)
            if n:
                r = max(1.6, biggest * math.sqrt(n / largest))
                marks.append(CountMark(period, n, plot_x0 + (offset + 0.5) * column, r))
        lanes.append(Lane(cls, top + lane * row + lane / 2, tuple(marks)))

    labels: list[PeriodLabel] = []
    last_end = -math.inf
    texts = [period_label(p, step, dates) for p in periods]
    widest = max(text_width(text, AXIS_LABEL_SIZE) for text in texts)
    gap = max(1, math.ceil(max(80.0, widest + 8) / column))
    offsets = sorted({0, *range(gap, len(periods) - 1, gap), len(periods) - 1})
    for offset in offsets:
        x = plot_x0 + (offset + 0.5) * column
        text = texts[offset]
        half = text_width(text, AXIS_LABEL_SIZE) / 2
        is_last = offset == len(periods) - 1
        if x - half < last_end + 8 or (not is_last and x + half > plot_x1 - 40):
            continue
        if x - half < 0 or x + half > width:  # a label the frame would cut
            continue
        labels.append(PeriodLabel(x, text))
        last_end = x + half
    return CountsLayout(
        width=width,
        first=first,
        last=last,
        first_label=date_label(points[first_at].date, dates),
        last_label=date_label(points[last_at].date, dates),
        step=step,
        unit=unit,
        periods=periods,
        counts=counts,
        totals=totals,
        names=names,
        present=present,
        note_y=18.0,
        note_lines=note_lines,
        label_x=label_x,
        label_dy=label_dy,
        label_room=label_room,
        plot_x0=plot_x0,
        plot_x1=plot_x1,
        total_x=width - PAD,
        top=top,
        height=top + lane * len(present) + 34,
        lanes=tuple(lanes),
        axis_y=top + lane * len(present) + 4,
        labels=tuple(labels),
    )


def layout_timeline(
    points: Sequence[TimelinePoint], dates: DateWords, width: float = TIMELINE_WIDTH
) -> PointsLayout | CountsLayout:
    """The layout of a timeline of the points, for a frame width units wide (TIMELINE_WIDTH, or
    NARROW_WIDTH for phones): one mark each, or counts above AGGREGATE_ABOVE. Its dates are
    written in the language of dates (the site's).

    Nothing is drawn here; `timeline.timeline` writes the layout as SVG. The points must not be
    empty; raises ValueError for a date that is not one a record may hold (core.dates), after
    surrounding white space. A date known less than to the day is placed at its first day.
    """
    if len(points) > AGGREGATE_ABOVE:
        return _layout_counts(points, width, dates)
    return _layout_points(points, width, dates)
