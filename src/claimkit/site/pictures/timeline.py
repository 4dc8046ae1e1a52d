"""A topic's timeline as SVG: the layout from `timeline_layout`, written out with its text.

`timeline` draws one picture for a frame TIMELINE_WIDTH wide. A page shows `timeline_figure`:
that picture for wide screens and a second, laid out for a phone's NARROW_WIDTH, which the
site's CSS shows in its place on narrow screens, so that the text stays readable there rather
than shrinking with the picture. Both draw the same marks with the same legend; the wide one is
the text alternative at every width, the narrow one is hidden from assistive technology.
Every date is written in the site's language (the caller's `DateWords`), never in ISO form.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimkit.site.dates import DateWords
from claimkit.site.pictures.frame import MIN_TEXT, NARROW_WIDTH, TIMELINE_WIDTH
from claimkit.site.pictures.svg import (
    MUTED,
    coord,
    finish_svg,
    legend,
    link_group,
    mark,
    open_svg,
    root_id,
    text_element,
)
from claimkit.site.pictures.text import clean, fit
from claimkit.site.pictures.timeline_layout import (
    AGGREGATE_ABOVE,
    AXIS_LABEL_SIZE,
    LANE_LABEL_SIZE,
    MARK_RADIUS,
    NOTE_LINE,
    TICK_LABEL_SIZE,
    CountsLayout,
    PointsLayout,
    TimelinePoint,
    layout_timeline,
)
from claimkit.site.pictures.timeline_words import class_names, period_label
from claimkit.site.pictures.verdicts import CLASS_NAMES

__all__ = ["AGGREGATE_ABOVE", "TimelinePoint", "timeline", "timeline_figure"]


def _point_text(point: TimelinePoint, cls: str, dates: DateWords) -> str:
    verdict = clean(point.verdict) if point.verdict else ""
    if verdict:
        rating = f"rated {verdict}"
    elif cls == "unreviewed":
        rating = "not reviewed"
    else:
        rating = f"rated {CLASS_NAMES[cls].lower()}"
    return f"{dates.words(point.date.strip())}: {clean(point.label)} ({rating})"


def _draw_points(
    root: str,
    title: str,
    points: Sequence[TimelinePoint],
    layout: PointsLayout,
    variant: str,
    dates: DateWords,
) -> str:
    first, last, axis = layout.first, layout.last, layout.axis_y
    count = len(points)
    noun = "claim" if count == 1 else "claims"
    one_day = first == last
    words = [end.words for end in layout.ends]
    when = f"on {words[0]}" if one_day else f"from {words[0]} to {words[-1]}"
    desc = ""
    if variant != "narrow":  # the narrow picture has no text alternative: the wide one is it
        desc = (
            f"Timeline of {count} {noun} {when}: "
            + "; ".join(_point_text(points[i], layout.classes[i], dates) for i in layout.order)
            + "."
        )
    names = class_names((p.verdict for p in points), layout.classes)
    key, extra = legend([(c, names[c]) for c in layout.present], layout.legend_y, layout.width)
    parts = open_svg(
        "timeline", root, layout.height + extra, title or "Timeline", desc, layout.width, variant
    )
    parts.extend(key)
    if extra:  # the legend took more than one row: the rest moves down
        parts.append(f'<g transform="translate(0 {coord(extra)})">')
    parts.append(
        f'<line class="ck-axis" x1="{coord(layout.axis_x0)}" y1="{coord(axis)}" '
        f'x2="{coord(layout.axis_x1)}" y2="{coord(axis)}" stroke="currentColor" '
        f'stroke-opacity="0.45"/>'
    )
    if layout.ticks is not None:
        parts.append('<g class="ck-ticks">')
        for tick in layout.ticks:
            x = tick.x
            parts.append(
                f'<line x1="{coord(x)}" y1="{coord(axis - 3)}" x2="{coord(x)}" '
                f'y2="{coord(axis + 3)}" stroke="currentColor" stroke-opacity="0.35"/>'
            )
            if tick.label is not None:
                parts.append(
                    text_element(
                        x, axis + 16, tick.label, "ck-tick-label", TICK_LABEL_SIZE, "middle", MUTED
                    )
                )
        parts.append("</g>")
    for end in layout.ends:
        parts.append(
            f'<line class="ck-axis-end" x1="{coord(end.x)}" y1="{coord(axis - 4)}" '
            f'x2="{coord(end.x)}" y2="{coord(axis + 4)}" stroke="currentColor" '
            f'stroke-opacity="0.6"/>'
        )
        parts.append(
            text_element(end.x, axis + 17, end.label, "ck-axis-label", AXIS_LABEL_SIZE, "middle")
        )
    for stack in layout.stacks:
        for spot in stack.marks:
            point = points[spot.index]
            opening, closing = link_group(point.href, "ck-point")
            tip = _point_text(point, spot.cls, dates)
            shape = mark(spot.cls, spot.x, spot.y, MARK_RADIUS, tip)
            parts.append(shape if opening.startswith("<g") else opening + shape + closing)
        if stack.hidden:
            parts.append(
                text_element(
                    stack.x,
                    stack.more_y,
                    f"+{stack.hidden}",
                    "ck-more",
                    MIN_TEXT,
                    "middle",
                    ' font-weight="600"',
                )
            )
    if extra:
        parts.append("</g>")
    parts.append("</svg>")
    return finish_svg(parts)


def _draw_counts(
    root: str,
    title: str,
    points: Sequence[TimelinePoint],
    layout: CountsLayout,
    variant: str,
    dates: DateWords,
) -> str:
    step, unit, counts, totals = layout.step, layout.unit, layout.counts, layout.totals
    present, names = layout.present, layout.names
    total = len(points)
    summary = ", ".join(f"{totals[c]:,} {names[c]}" for c in present)
    desc = ""
    if variant != "narrow":  # the narrow picture has no text alternative: the wide one is it
        per_period = "; ".join(
            f"{period_label(p, step, dates, tight=False)}: "
            + ", ".join(f"{counts[(p, c)]:,} {names[c]}" for c in present if (p, c) in counts)
            for p in layout.periods
            if any((p, c) in counts for c in present)
        )
        desc = (
            f"Timeline of {total:,} claims from {layout.first_label} to "
            f"{layout.last_label}, counted per {unit}. Totals: {summary}. "
            f"Per {unit}: {per_period}."
        )

    label_x, plot_x0, plot_x1 = layout.label_x, layout.plot_x0, layout.plot_x1
    parts = open_svg(
        "timeline", root, layout.height, title or "Timeline", desc, layout.width, variant
    )
    for i, line in enumerate(layout.note_lines):
        y = layout.note_y + i * NOTE_LINE
        parts.append(text_element(label_x, y, line, "ck-note", MIN_TEXT, extra=MUTED))
    parts.append(
        text_element(
            layout.total_x, layout.top - 8, "total", "ck-total-head", MIN_TEXT, "end", MUTED
        )
    )
    for lane in layout.lanes:
        cls, y = lane.cls, lane.y
        parts.append(f'<g class="ck-lane ck-lane-{cls}">')
        label_y = y + layout.label_dy
        parts.append(mark(cls, label_x + 5, label_y - 4.5, 5))
        name = fit(names[cls], layout.label_room, LANE_LABEL_SIZE)
        parts.append(text_element(label_x + 16, label_y, name, "ck-lane-label", LANE_LABEL_SIZE))
        parts.append(
            f'<line x1="{coord(plot_x0)}" y1="{coord(y)}" x2="{coord(plot_x1)}" y2="{coord(y)}" '
            f'stroke="currentColor" stroke-opacity="0.15"/>'
        )
        for spot in lane.marks:
            tip = f"{period_label(spot.period, step, dates, tight=False)}: {spot.n:,} {names[cls]}"
            parts.append(mark(cls, spot.x, y, spot.r, tip))
        parts.append(
            text_element(
                layout.total_x,
                y + 4.5,
                f"{totals[cls]:,}",
                "ck-total",
                12.5,
                "end",
                ' font-weight="600"',
            )
        )
        parts.append("</g>")
    axis = layout.axis_y
    parts.append(
        f'<line class="ck-axis" x1="{coord(plot_x0)}" y1="{coord(axis)}" x2="{coord(plot_x1)}" '
        f'y2="{coord(axis)}" stroke="currentColor" stroke-opacity="0.45"/>'
    )
    for label in layout.labels:
        parts.append(
            text_element(label.x, axis + 17, label.text, "ck-axis-label", AXIS_LABEL_SIZE, "middle")
        )
    parts.append("</svg>")
    return finish_svg(parts)


def timeline(svg_id: str, title: str, points: Sequence[TimelinePoint], dates: DateWords) -> str:
    """Claims on a time axis from the earliest to the latest date, one mark each, its dates
    written in the language of dates (the site's).

    The mark's shape shows the verdict class, a legend names the shapes, and points on the same
    day (or too close to draw apart) stack upwards. Marks link to `href` when it is safe. More
    than AGGREGATE_ABOVE points are drawn as counts per class per month (per quarter, year, ...
    for long spans), so the picture stays small. Returns "" for no points; raises ValueError for
    a date that is not ISO.
    """
    return _timeline(svg_id, title, points, "", dates)


def timeline_figure(
    svg_id: str, title: str, points: Sequence[TimelinePoint], dates: DateWords
) -> str:
    """The timeline drawn twice, for a page: for wide screens (class `ck-wide`, the `timeline`
    picture, labelled and described) and for a phone's column (class `ck-narrow`, laid out for
    NARROW_WIDTH with the same text sizes, hidden from assistive technology; its root id ends
    in `-narrow`). The site's CSS shows one of them: on narrow screens the wide one is hidden
    from sight but not from screen readers, so it stays the picture's one text alternative.
    Returns "" for no points; raises ValueError as `timeline` does.
    """
    wide = _timeline(svg_id, title, points, "wide", dates)
    return wide + _timeline(f"{svg_id}-narrow", title, points, "narrow", dates) if wide else ""


def _timeline(
    svg_id: str, title: str, points: Sequence[TimelinePoint], variant: str, dates: DateWords
) -> str:
    if not points:
        return ""
    root = root_id(svg_id)
    title = clean(title)
    width = NARROW_WIDTH if variant == "narrow" else TIMELINE_WIDTH
    layout = layout_timeline(points, dates, width)
    if isinstance(layout, CountsLayout):
        return _draw_counts(root, title, points, layout, variant, dates)
    return _draw_points(root, title, points, layout, variant, dates)
