"""The SVG pieces every picture is made of: escaping, coordinates, the root, text, marks, links.

Everything here returns markup as strings, built with f-strings and joined by the caller; no XML
library is used. Record text must go through `text.clean` first and `escape` when written.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence

from claimkit.site.html import safe_href
from claimkit.site.pictures.frame import MIN_TEXT, PAD, WIDTH
from claimkit.site.pictures.text import text_width

__all__ = [
    "FILLS",
    "MUTED",
    "NEUTRAL",
    "coord",
    "escape",
    "legend",
    "link_group",
    "mark",
    "open_svg",
    "root_id",
    "text_element",
]

_SVG_NS = "http://www.w3.org/2000/svg"
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

FILLS = {
    "true": "#2f9e44",
    "mixture": "#e8890c",
    "false": "#e03131",
    "other": "#4c6ef5",
    "unreviewed": "#868e96",
}
NEUTRAL = "#868e96"
# Presentation attribute for secondary text: the text colour, a little faded.
MUTED = ' fill-opacity="0.72"'

_NOT_ID = re.compile("[^a-z0-9]+")


def escape(text: str) -> str:
    """Escape cleaned text for element content or an attribute value.

    Markup characters and both quotes become references, as `html.escape` makes them, and so do
    `{` and `}`, so that a template engine that sees the page later finds no `{{ ... }}`.
    """
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def root_id(svg_id: str) -> str:
    """The id of a picture's root element: `ck-` and the caller's id reduced to `[a-z0-9-]`.

    An id with nothing left after the reduction gives `ck-svg`. The root's title and desc
    elements take this id with `-title` and `-desc` added.
    """
    slug = _NOT_ID.sub("-", svg_id.lower()).strip("-")
    return f"ck-{slug or 'svg'}"


def coord(value: float) -> str:
    """A coordinate with at most one decimal, the same string for the same value every time.

    Whole numbers have no decimals and negative zero is written 0. Strings already made are
    kept for the next call, as pictures reuse a few thousand coordinates.
    """
    known = _NUMBERS.get(value)
    if known is not None:
        return known
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    if text == "-0":
        text = "0"
    if len(_NUMBERS) < 100_000:  # pictures reuse a few thousand coordinates
        _NUMBERS[value] = text
    return text


_NUMBERS: dict[float, str] = {}


def open_svg(
    kind: str,
    root: str,
    height: float,
    title: str,
    desc: str,
    width: float = WIDTH,
    variant: str = "",
) -> list[str]:
    """The opening `<svg>` tag of a picture of a kind, with its `<title>` and `<desc>`.

    The root is `width` units wide and height units high (its viewBox: it scales to its
    container, keeping its proportions), is labelled by both children for
    assistive technology, and draws text in the page's text colour. The caller appends the
    drawing and the closing `</svg>`.

    A picture drawn twice, for wide screens and for narrow ones, names its variant: the
    "wide" one (class `ck-wide`) is labelled as above and is the text alternative at every
    width (on narrow screens the site's CSS hides it from sight only); the "narrow" one (class
    `ck-narrow`), for the eye alone, is hidden from assistive technology (`aria-hidden`) and
    has no `<desc>`, so a screen reader meets one picture, described once.
    """
    classes = f"ck-svg ck-{kind}" + (f" ck-{variant}" if variant else "")
    box = f'viewBox="0 0 {coord(width)} {coord(height)}"'
    attrs = f'width="100%" font-family="{_FONT}" font-size="13" fill="currentColor"'
    if variant == "narrow":
        return [
            f'<svg xmlns="{_SVG_NS}" id="{root}" class="{classes}" aria-hidden="true" '
            f"{box} {attrs}>",
            f'<title id="{root}-title">{escape(title)}</title>',
        ]
    return [
        f'<svg xmlns="{_SVG_NS}" id="{root}" class="{classes}" role="img" '
        f'aria-labelledby="{root}-title {root}-desc" {box} {attrs}>',
        f'<title id="{root}-title">{escape(title)}</title>',
        f'<desc id="{root}-desc">{escape(desc)}</desc>',
    ]


def finish_svg(parts: list[str]) -> str:
    """The picture's markup: an image (`role="img"`, its children hidden from assistive
    technology) unless it holds links, which an image may not; then a figure (`role="figure"`),
    labelled the same, whose links a screen reader can reach. A picture hidden from assistive
    technology (a narrow variant) has no role to change."""
    markup = "".join(parts)
    if 'ck-link" href=' in markup:
        # Record text is escaped (no `"` in it), so the first such attribute is the root's.
        markup = markup.replace(' role="img" ', ' role="figure" ', 1)
    return markup


def text_element(
    x: float,
    y: float,
    text: str,
    cls: str,
    size: float | None = None,
    anchor: str | None = None,
    extra: str = "",
) -> str:
    """A `<text>` element of a class at (x, y), the text escaped.

    The font size and the text anchor are written only when given; extra is more presentation
    attributes, written as they are (with their leading space).
    """
    attrs = [f'<text class="{cls}" x="{coord(x)}" y="{coord(y)}"']
    if size is not None:
        attrs.append(f' font-size="{coord(size)}"')
    if anchor is not None:
        attrs.append(f' text-anchor="{anchor}"')
    return "".join(attrs) + f"{extra}>{escape(text)}</text>"


# The false mark: a plus sign turned 45 degrees, as offsets from its centre for a radius of 1.
_ARM, _HALF = 1.25, 0.36
_PLUS = (
    (_HALF, _ARM),
    (_HALF, _HALF),
    (_ARM, _HALF),
    (_ARM, -_HALF),
    (_HALF, -_HALF),
    (_HALF, -_ARM),
    (-_HALF, -_ARM),
    (-_HALF, -_HALF),
    (-_ARM, -_HALF),
    (-_ARM, _HALF),
    (-_HALF, _HALF),
    (-_HALF, _ARM),
)
_CROSS = tuple(((x - y) / math.sqrt(2), (x + y) / math.sqrt(2)) for x, y in _PLUS)


def mark(cls: str, cx: float, cy: float, r: float, tooltip: str = "") -> str:
    """The mark of a verdict class centred on (cx, cy), about the area of a circle of radius r.

    Each class has its own shape, so verdicts never differ by colour alone: a filled circle for
    true, a cross for false, a diamond for mixture, a square for other, a hollow circle for not
    reviewed. A tooltip, when given, becomes the mark's `<title>`.
    """
    inner = f"<title>{escape(tooltip)}</title>" if tooltip else ""
    fill = FILLS[cls]
    head = f'class="ck-mark ck-{cls}"'
    if cls == "true":
        shape = f'<circle {head} cx="{coord(cx)}" cy="{coord(cy)}" r="{coord(r)}" fill="{fill}"'
        tag = "circle"
    elif cls == "unreviewed":
        shape = (
            f'<circle {head} cx="{coord(cx)}" cy="{coord(cy)}" r="{coord(r - 0.8)}" fill="{fill}" '
            f'fill-opacity="0" stroke="{fill}" stroke-width="1.6"'
        )
        tag = "circle"
    elif cls == "false":
        points = [f"{coord(cx + dx * r)} {coord(cy + dy * r)}" for dx, dy in _CROSS]
        shape = f'<path {head} d="M{"L".join(points)}Z" fill="{fill}"'
        tag = "path"
    elif cls == "mixture":
        d = r * 1.3
        shape = (
            f'<polygon {head} points="{coord(cx)},{coord(cy - d)} {coord(cx + d)},{coord(cy)} '
            f'{coord(cx)},{coord(cy + d)} {coord(cx - d)},{coord(cy)}" fill="{fill}"'
        )
        tag = "polygon"
    else:
        side = r * 1.7
        shape = (
            f'<rect {head} x="{coord(cx - side / 2)}" y="{coord(cy - side / 2)}" '
            f'width="{coord(side)}" height="{coord(side)}" fill="{fill}"'
        )
        tag = "rect"
    return f"{shape}>{inner}</{tag}>" if inner else f"{shape}/>"


def link_group(href: str | None, cls: str) -> tuple[str, str]:
    """The opening and closing tags of a group of a class: an `<a>` when the link is safe.

    The link must pass `safe_href` with relative references allowed; otherwise, or with no
    link, the group is a plain `<g>` and nothing in it can be followed.

    A picture's links are for the pointer only (tabindex -1): the page lists each of them in
    its text, and the picture is labelled by a text alternative that says everything it
    shows (`finish_svg`), so the keyboard passes it with no tab stop of its own (one tab stop
    per link).
    """
    link = safe_href(href)
    if link is None:
        return f'<g class="{cls}">', "</g>"
    return f'<a class="{cls} ck-link" href="{escape(link)}" tabindex="-1">', "</a>"


def legend(
    entries: Sequence[tuple[str, str]], y: float, width: float = WIDTH
) -> tuple[list[str], float]:
    """A legend group: the mark of each verdict class with the name given for it, in rows from
    the left at y, a new row when one would pass the frame's `width`; and how much lower than y
    the last row is."""
    parts = ['<g class="ck-legend">']
    x, row = float(PAD), 0.0
    for cls, name in entries:
        room = 15 + text_width(name, MIN_TEXT)
        if x > PAD and x + room > width - PAD:
            x, row = float(PAD), row + 18
        parts.append(mark(cls, x + 5, y + row - 4.5, 5))
        parts.append(text_element(x + 15, y + row, name, "ck-legend-label", MIN_TEXT))
        x += room + 18
    parts.append("</g>")
    return parts, row
