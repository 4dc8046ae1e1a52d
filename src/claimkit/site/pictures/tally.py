"""The verdict tally: one horizontal bar per verdict label, with its count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from claimkit.site.pictures.frame import PAD, TALLY_WIDTH
from claimkit.site.pictures.svg import (
    FILLS,
    NEUTRAL,
    coord,
    escape,
    finish_svg,
    mark,
    open_svg,
    root_id,
    text_element,
)
from claimkit.site.pictures.text import clean, fit, text_width
from claimkit.site.pictures.verdicts import verdict_class

__all__ = ["TallyBar", "tally"]


@dataclass(frozen=True)
class TallyBar:
    """One bar of a tally: a verdict label and how many claims got it."""

    label: str
    count: int
    verdict_class: str


def tally(svg_id: str, title: str, bars: Sequence[TallyBar]) -> str:
    """Horizontal bars, one per verdict label in the order given, each with its count as text.

    Bar lengths are proportional to the largest count; a zero count shows an empty track and
    "0". Returns "" for no bars; raises ValueError for a negative count.
    """
    if not bars:
        return ""
    if any(bar.count < 0 for bar in bars):
        raise ValueError("tally counts cannot be negative")
    root = root_id(svg_id)
    title = clean(title)
    labels = [clean(bar.label) for bar in bars]
    classes = [verdict_class(bar.verdict_class) for bar in bars]
    counts = [f"{bar.count:,}" for bar in bars]
    desc = (
        f"{title or 'Verdicts'}: "
        + ", ".join(f"{label} {count}" for label, count in zip(labels, counts, strict=True))
        + "."
    )

    row, bar_height, size = 30.0, 16.0, 13.0
    label_x = PAD + 16.0
    label_room = min(150.0, max(80.0, max(text_width(label, size) for label in labels)))
    bar_x = label_x + label_room + 14
    count_room = max(text_width(c, size, True) for c in counts) + 10
    bar_room = TALLY_WIDTH - PAD - count_room - bar_x
    largest = max(bar.count for bar in bars)
    height = 2 * 10 + row * len(bars)

    parts = open_svg("tally", root, height, title or "Verdicts", desc, TALLY_WIDTH)
    for i, (bar, label, cls, count) in enumerate(zip(bars, labels, classes, counts, strict=True)):
        top = 10 + i * row
        mid = top + row / 2
        length = bar_room * bar.count / largest if largest else 0.0
        if bar.count:
            length = max(length, 2.0)
        parts.append(f'<g class="ck-row ck-row-{cls}"><title>{escape(label)}: {count}</title>')
        parts.append(mark(cls, PAD + 5, mid, 5))
        parts.append(
            text_element(label_x, mid + 4.5, fit(label, label_room, size), "ck-label", size)
        )
        parts.append(
            f'<rect class="ck-track" x="{coord(bar_x)}" y="{coord(mid - bar_height / 2)}" '
            f'width="{coord(bar_room)}" height="{coord(bar_height)}" rx="3" fill="{NEUTRAL}" '
            f'fill-opacity="0.12"/>'
        )
        if length:
            parts.append(
                f'<rect class="ck-bar ck-{cls}" x="{coord(bar_x)}" y="{coord(mid - bar_height / 2)}" '
                f'width="{coord(length)}" height="{coord(bar_height)}" rx="3" fill="{FILLS[cls]}"/>'
            )
        parts.append(
            text_element(
                bar_x + length + 6, mid + 4.5, count, "ck-count", size, extra=' font-weight="600"'
            )
        )
        parts.append("</g>")
    parts.append("</svg>")
    return finish_svg(parts)
