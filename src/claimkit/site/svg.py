"""Pictures drawn at build time as inline SVG strings: attribution chains, timelines, tallies.

Every picture is one line of SVG markup, the root `<svg>` element itself, made with the standard
library only: no script, no external font, image or service. It is meant to be pasted into a page
as it is.

Accessibility. The root has `role="img"` and `aria-labelledby` naming its `<title>` (the caller's
title) and its `<desc>`, a full text alternative that says in words everything the picture shows.
Verdicts never differ by colour alone: every verdict class has its own mark shape (a filled
circle for true, a cross for false, a diamond for mixture, a square for other, a hollow circle
for not reviewed) and a text label in a legend or next to the bar. Each box, mark and bar also
has a `<title>` child with its full text, which browsers show as a tooltip, so text shortened
with an ellipsis in the drawing is never lost.

Styling. Class names (`ck-svg`, `ck-chain`, `ck-timeline`, `ck-tally`, `ck-mark`, `ck-bar`,
`ck-true`, `ck-false`, `ck-mixture`, `ck-other`, `ck-unreviewed`, ...) let the site's CSS
colour the pictures; presentation attributes (never `style` attributes, which a strict Content
Security Policy would block) give calm defaults that read on light and dark backgrounds. Text is
drawn in `currentColor`, so it follows the page's text colour.

Safety. Records come from untrusted pull requests. Every piece of record text goes through
`html.escape(text, quote=True)`, with `{` and `}` also written as character references so that a
template engine that sees the page later finds no `{{ ... }}` to expand. Characters that XML
forbids are dropped and runs of white space (newlines included) become one space, so the output
is always one line: a blank line can never end a Markdown raw HTML block early. Links keep only
relative references and `http://` or `https://` URLs (`claimkit.site.html.safe_href`); anything
else (`javascript:`, `data:`, `mailto:`, ...) is dropped and the box or mark is drawn without a
link. Element ids derive from the caller's `svg_id`, reduced to `[a-z0-9-]`.

Determinism and cost. The same input gives a byte-identical string: no random ids, and every
coordinate is printed with one decimal at most. Strings are built with lists and joined, with no
XML library. A timeline of more than 200 points is drawn as counts per month (or per quarter,
year, ... when the dates span too long for 40 columns), so its size stays bounded however many
points there are.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from claimkit.site.html import safe_href

__all__ = [
    "AGGREGATE_ABOVE",
    "ChainStep",
    "TallyBar",
    "TimelinePoint",
    "attribution_chain",
    "tally",
    "timeline",
]

# A timeline with more points than this is drawn as counts per period rather than one mark each.
AGGREGATE_ABOVE = 200


@dataclass(frozen=True)
class ChainStep:
    """One link of an attribution chain: who made, relayed or published the claim, and when."""

    who: str
    role: str
    date: str | None
    detail: str | None
    href: str | None


@dataclass(frozen=True)
class TimelinePoint:
    """One claim on a timeline."""

    date: str
    label: str
    verdict: str | None
    verdict_class: str
    href: str | None


@dataclass(frozen=True)
class TallyBar:
    """One bar of a tally: a verdict label and how many claims got it."""

    label: str
    count: int
    verdict_class: str


# --------------------------------------------------------------------------------------------
# Text: cleaning, escaping, measuring

_SVG_NS = "http://www.w3.org/2000/svg"
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
_WIDTH = 700  # every picture is 700 units wide, so text is the same size in all of them
_PAD = 16
_ELLIPSIS = "…"

# Characters XML 1.0 does not allow, even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_ID = re.compile("[^a-z0-9]+")


def _clean(text: str) -> str:
    """Record text made fit for XML: forbidden characters dropped, white space runs one space."""
    return " ".join(_NOT_XML.sub("", text).split())


def _esc(text: str) -> str:
    """Escape clean text for element content or an attribute value."""
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def _ids(svg_id: str) -> str:
    """The id of the root element, from the caller's id reduced to `[a-z0-9-]`."""
    slug = _NOT_ID.sub("-", svg_id.lower()).strip("-")
    return f"ck-{slug or 'svg'}"


def _n(value: float) -> str:
    """A coordinate with at most one decimal, the same string for the same value every time."""
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


# Advance widths of printable ASCII in a Helvetica-like face, in thousandths of an em.
_ASCII_WIDTHS = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 "  # space to /
    "556 556 556 556 556 556 556 556 556 556 278 278 584 584 584 556 1015 "  # 0 to @
    "667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 611 722 667 "
    "944 667 667 611 278 278 278 469 556 333 "  # A to `
    "556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 "
    "722 500 500 500 334 260 334 584"  # a to ~
)
_CHAR_EM: dict[str, float] = {
    chr(32 + i): int(w) / 1000 for i, w in enumerate(_ASCII_WIDTHS.split())
}
_CHAR_EM[_ELLIPSIS] = 1.0
# System fonts run wider than Helvetica, DejaVu Sans (the usual Linux system-ui) most of all: its
# regular face about 14% wider, its bold about 29%. Measure for it, so that nothing overflows.
_SLACK = 1.16
_BOLD = 1.13


def _char_em(char: str) -> float:
    width = _CHAR_EM.get(char)
    if width is None:
        if unicodedata.combining(char):
            width = 0.0
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            width = 1.0
        else:
            width = 0.6
        _CHAR_EM[char] = width
    return width


def _em(text: str) -> float:
    """The text's width in ems."""
    try:  # the characters measured before, without a call per character
        return sum(map(_CHAR_EM.__getitem__, text))
    except KeyError:
        return sum(map(_char_em, text))


def _width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of the drawn width of the text, on the generous side."""
    em = _em(text)
    return em * size * _SLACK * (_BOLD if bold else 1.0)


def _fit(text: str, max_width: float, size: float, bold: bool = False) -> str:
    """The text, or as much of it as fits followed by an ellipsis."""
    if _width(text, size, bold) <= max_width:
        return text
    scale = size * _SLACK * (_BOLD if bold else 1.0)
    room = max_width / scale - _char_em(_ELLIPSIS)
    used = 0.0
    keep = 0
    for char in text:
        used += _char_em(char)
        if used > room:
            break
        keep += 1
    return text[:keep].rstrip() + _ELLIPSIS


def _wrap(text: str, max_width: float, size: float, bold: bool, max_lines: int) -> list[str]:
    """Greedy word wrap to at most max_lines lines; the last one ends in an ellipsis if cut."""
    words = text.split(" ")
    space = _width(" ", size, bold)
    lines: list[str] = []
    i = 0
    while i < len(words):
        if len(lines) == max_lines - 1:
            lines.append(_fit(" ".join(words[i:]), max_width, size, bold))
            break
        line = words[i]
        used = _width(line, size, bold)
        i += 1
        if used > max_width:  # one word longer than the line: break it
            head = _fit(line, max_width, size, bold)[:-1] or line[:1]
            lines.append(head)
            if line[len(head) :]:
                words.insert(i, line[len(head) :])
            continue
        while i < len(words):
            more = _width(words[i], size, bold)
            if used + space + more > max_width:
                break
            line = f"{line} {words[i]}"
            used += space + more
            i += 1
        lines.append(line)
    return lines or [""]


# --------------------------------------------------------------------------------------------
# Shared drawing pieces

_CLASSES = ("true", "mixture", "false", "other", "unreviewed")
_CLASS_NAMES = {
    "true": "True",
    "mixture": "Mixture",
    "false": "False",
    "other": "Other",
    "unreviewed": "Not reviewed",
}
_FILLS = {
    "true": "#2f9e44",
    "mixture": "#e8890c",
    "false": "#e03131",
    "other": "#4c6ef5",
    "unreviewed": "#868e96",
}
_NEUTRAL = "#868e96"


def _verdict_class(value: str) -> str:
    value = value.strip().lower()
    return value if value in _FILLS else "other"


def _open(kind: str, root_id: str, height: float, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="{_SVG_NS}" id="{root_id}" class="ck-svg ck-{kind}" role="img" '
        f'aria-labelledby="{root_id}-title {root_id}-desc" viewBox="0 0 {_WIDTH} {_n(height)}" '
        f'width="100%" font-family="{_FONT}" font-size="13" fill="currentColor">',
        f'<title id="{root_id}-title">{_esc(title)}</title>',
        f'<desc id="{root_id}-desc">{_esc(desc)}</desc>',
    ]


def _text(
    x: float,
    y: float,
    text: str,
    cls: str,
    size: float | None = None,
    anchor: str | None = None,
    extra: str = "",
) -> str:
    attrs = [f'<text class="{cls}" x="{_n(x)}" y="{_n(y)}"']
    if size is not None:
        attrs.append(f' font-size="{_n(size)}"')
    if anchor is not None:
        attrs.append(f' text-anchor="{anchor}"')
    return "".join(attrs) + f"{extra}>{_esc(text)}</text>"


_MUTED = ' fill-opacity="0.72"'

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


def _mark(cls: str, cx: float, cy: float, r: float, tooltip: str = "") -> str:
    """The mark of a verdict class, a different shape for each, about the area of an r circle."""
    inner = f"<title>{_esc(tooltip)}</title>" if tooltip else ""
    fill = _FILLS[cls]
    head = f'class="ck-mark ck-{cls}"'
    if cls == "true":
        shape = f'<circle {head} cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="{fill}"'
        tag = "circle"
    elif cls == "unreviewed":
        shape = (
            f'<circle {head} cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r - 0.8)}" fill="{fill}" '
            f'fill-opacity="0" stroke="{fill}" stroke-width="1.6"'
        )
        tag = "circle"
    elif cls == "false":
        points = [f"{_n(cx + dx * r)} {_n(cy + dy * r)}" for dx, dy in _CROSS]
        shape = f'<path {head} d="M{"L".join(points)}Z" fill="{fill}"'
        tag = "path"
    elif cls == "mixture":
        d = r * 1.3
        shape = (
            f'<polygon {head} points="{_n(cx)},{_n(cy - d)} {_n(cx + d)},{_n(cy)} '
            f'{_n(cx)},{_n(cy + d)} {_n(cx - d)},{_n(cy)}" fill="{fill}"'
        )
        tag = "polygon"
    else:
        side = r * 1.7
        shape = (
            f'<rect {head} x="{_n(cx - side / 2)}" y="{_n(cy - side / 2)}" '
            f'width="{_n(side)}" height="{_n(side)}" fill="{fill}"'
        )
        tag = "rect"
    return f"{shape}>{inner}</{tag}>" if inner else f"{shape}/>"


def _link_open(href: str | None, cls: str) -> tuple[str, str]:
    """The opening and closing tags of a group, an `<a>` when the link is safe."""
    link = safe_href(href)
    if link is None:
        return f'<g class="{cls}">', "</g>"
    return f'<a class="{cls} ck-link" href="{_esc(link)}">', "</a>"


def _legend(classes: Sequence[str], y: float) -> list[str]:
    """Shape and name of each class, in a row from the left."""
    parts = ['<g class="ck-legend">']
    x = float(_PAD)
    for cls in classes:
        name = _CLASS_NAMES[cls]
        parts.append(_mark(cls, x + 5, y - 4.5, 5))
        parts.append(_text(x + 15, y, name, "ck-legend-label", 12))
        x += 15 + _width(name, 12) + 18
    parts.append("</g>")
    return parts


# --------------------------------------------------------------------------------------------
# Attribution chain


def _step_sentence(step: ChainStep) -> str:
    who = _clean(step.who) or "someone unnamed"
    role = _clean(step.role)
    detail = _clean(step.detail) if step.detail else ""
    date = _clean(step.date) if step.date else ""
    # "appeared in" reads after the place: "it appeared in Z", not "Z appeared in".
    appeared = role.lower().startswith("appeared")
    text = f"it {role} {who}" if appeared else f"{who} {role}".rstrip()
    if detail:
        text = f"{text}, {detail}"
        return f"{text}, on {date}" if date else f"{text}, date unknown"
    return f"{text} on {date}" if date else f"{text}, date unknown"


# kind of line: (class, line height, font size, extra attributes)
_LINE = {
    "role": ("ck-role", 16.0, 11.5, _MUTED),
    "who": ("ck-who", 18.0, 14.0, ' font-weight="600"'),
    "detail": ("ck-detail", 15.0, 11.5, _MUTED + ' font-style="italic"'),
    "date": ("ck-date", 18.0, 12.0, ""),
}


def _step_box(step: ChainStep, width: float, who_lines: int) -> tuple[list[tuple[str, str]], float]:
    """The lines of one box as (kind, text), and the height they take."""
    inner = width - 20
    lines: list[tuple[str, str]] = []
    role = _clean(step.role)
    if role:
        lines.append(("role", _fit(role, inner, 11.5)))
    who = _clean(step.who) or "someone unnamed"
    lines.extend(("who", line) for line in _wrap(who, inner, 14, True, who_lines))
    if step.detail and _clean(step.detail):
        lines.extend(("detail", x) for x in _wrap(_clean(step.detail), inner, 11.5, False, 2))
    date = _clean(step.date) if step.date else ""
    lines.append(("date", _fit(date, inner, 12) if date else "date unknown"))
    height = 20 + sum(_LINE[kind][1] for kind, _ in lines)
    return lines, height


def _draw_box(
    step: ChainStep,
    lines: list[tuple[str, str]],
    x: float,
    y: float,
    width: float,
    height: float,
    tooltip: str,
) -> list[str]:
    opening, closing = _link_open(step.href, "ck-step")
    parts = [
        opening,
        f"<title>{_esc(tooltip)}</title>",
        f'<rect class="ck-box" x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" '
        f'rx="6" fill="{_NEUTRAL}" fill-opacity="0.1" stroke="{_NEUTRAL}" stroke-opacity="0.55"/>',
    ]
    linked = closing == "</a>"
    cursor = y + 10
    for kind, text in lines:
        cls, line_height, size, extra = _LINE[kind]
        if kind == "date":
            cursor += 2
        if kind == "who" and linked:
            extra += ' text-decoration="underline"'
        if kind == "date" and not (step.date and _clean(step.date)):
            extra += _MUTED + ' font-style="italic"'
        cursor += line_height
        parts.append(_text(x + 10, cursor - line_height * 0.3, text, cls, size, extra=extra))
    parts.append(closing)
    return parts


def _arrow(x1: float, y1: float, x2: float, y2: float) -> str:
    """A line with a head at (x2, y2), horizontal or vertical."""
    if y1 == y2:
        sign = 1 if x2 > x1 else -1
        head = f"{_n(x2)},{_n(y2)} {_n(x2 - 8 * sign)},{_n(y2 - 4.5)} {_n(x2 - 8 * sign)},{_n(y2 + 4.5)}"
        end = f'x2="{_n(x2 - 7 * sign)}" y2="{_n(y2)}"'
    else:
        sign = 1 if y2 > y1 else -1
        head = f"{_n(x2)},{_n(y2)} {_n(x2 - 4.5)},{_n(y2 - 8 * sign)} {_n(x2 + 4.5)},{_n(y2 - 8 * sign)}"
        end = f'x2="{_n(x2)}" y2="{_n(y2 - 7 * sign)}"'
    return (
        f'<g class="ck-arrow" fill-opacity="0.6">'
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" {end} stroke="currentColor" stroke-opacity="0.6" '
        f'stroke-width="1.5"/><polygon points="{head}"/></g>'
    )


def attribution_chain(svg_id: str, title: str, steps: Sequence[ChainStep]) -> str:
    """Boxes joined by arrows, in the order given: the claimant, each relay, where it appeared.

    Up to four steps run left to right; more run top to bottom. Each box shows the role, who and
    the date ("date unknown" when there is none), and links to `href` when it is safe. Returns ""
    for no steps.
    """
    if not steps:
        return ""
    root = _ids(svg_id)
    sentences = {step: _step_sentence(step) for step in steps}  # the box's tooltip too
    desc = "Attribution chain: " + "; ".join(sentences[s] for s in steps)
    desc = desc if desc.endswith(".") else desc + "."
    body: list[str] = []
    count = len(steps)
    if count <= 4:
        gap = 34.0
        width = min(220.0, (_WIDTH - 2 * _PAD - (count - 1) * gap) / count)
        boxes = [_step_box(step, width, 3) for step in steps]
        height = max(h for _, h in boxes)
        top = float(_PAD)
        for i, (step, (lines, _)) in enumerate(zip(steps, boxes, strict=True)):
            x = _PAD + i * (width + gap)
            if i:
                mid = top + height / 2
                body.append(_arrow(x - gap + 4, mid, x - 4, mid))
            body.extend(_draw_box(step, lines, x, top, width, height, sentences[step]))
        total = top + height + _PAD
    else:
        gap = 30.0
        width = 460.0
        x = (_WIDTH - width) / 2
        y = float(_PAD)
        for i, step in enumerate(steps):
            lines, height = _step_box(step, width, 2)
            if i:
                body.append(_arrow(_WIDTH / 2, y - gap + 4, _WIDTH / 2, y - 4))
            body.extend(_draw_box(step, lines, x, y, width, height, sentences[step]))
            y += height + gap
        total = y - gap + _PAD
    parts = _open("chain", root, total, _clean(title) or "Attribution chain", desc)
    parts.extend(body)
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Timeline

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PLOT_X0, _PLOT_X1 = 48.0, 652.0
_ROW = 14.0
_MAX_ROWS = 12


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise ValueError(f"timeline point date is not an ISO date: {text!r}") from None


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _point_text(point: TimelinePoint, cls: str) -> str:
    verdict = _clean(point.verdict) if point.verdict else ""
    if verdict:
        rating = f"rated {verdict}"
    elif cls == "unreviewed":
        rating = "not reviewed"
    else:
        rating = f"rated {_CLASS_NAMES[cls].lower()}"
    return f"{_clean(point.date)}: {_clean(point.label)} ({rating})"


def _axis_ticks(first: dt.date, last: dt.date, y: float, end_room: float) -> list[str]:
    """Month or year ticks between the end dates, labelled where there is room."""
    span = (last - first).days
    months = _month_index(last) - _month_index(first)
    if span <= 0 or months < 1:
        return []
    plot = _PLOT_X1 - _PLOT_X0
    per_month = plot * 30.44 / span
    step = next((s for s in (1, 3, 6, 12, 24, 60, 120) if s * per_month >= 52), 0)
    if not step:
        step = 12 * math.ceil(52 / (per_month * 12) / 10) * 10
    parts: list[str] = ['<g class="ck-ticks">']
    start = _month_index(first) + 1
    start += -start % step
    last_end = _PLOT_X0 + end_room
    for index in range(start, _month_index(last) + 1, step):
        year, month = divmod(index, 12)
        day = dt.date(year, month + 1, 1)
        x = _PLOT_X0 + (day - first).days / span * plot
        parts.append(
            f'<line x1="{_n(x)}" y1="{_n(y - 3)}" x2="{_n(x)}" y2="{_n(y + 3)}" '
            f'stroke="currentColor" stroke-opacity="0.35"/>'
        )
        label = str(year) if step >= 12 or month == 0 else _MONTHS[month]
        half = _width(label, 10.5) / 2
        if x - half > last_end + 6 and x + half < _PLOT_X1 - end_room - 6:
            parts.append(_text(x, y + 16, label, "ck-tick-label", 10.5, "middle", _MUTED))
            last_end = x + half
    parts.append("</g>")
    return parts


def _timeline_points(root: str, title: str, points: Sequence[TimelinePoint]) -> str:
    classes = [_verdict_class(p.verdict_class) for p in points]
    dated = sorted(
        ((_date(p.date), i) for i, p in enumerate(points)), key=lambda item: (item[0], item[1])
    )
    first, last = dated[0][0], dated[-1][0]
    span = (last - first).days
    plot = _PLOT_X1 - _PLOT_X0
    columns = max(1, int(plot // _ROW))
    stacks: dict[int, list[int]] = {}
    for day, i in dated:
        column = round((day - first).days / span * columns) if span else 0
        stacks.setdefault(column, []).append(i)
    rows = min(_MAX_ROWS, max(len(s) for s in stacks.values()))
    shown_classes = set(classes)
    present = [c for c in _CLASSES if c in shown_classes]

    count = len(points)
    noun = "claim" if count == 1 else "claims"
    when = (
        f"on {first.isoformat()}" if not span else f"from {first.isoformat()} to {last.isoformat()}"
    )
    desc = (
        f"Timeline of {count} {noun} {when}: "
        + "; ".join(_point_text(points[i], classes[i]) for _, i in dated)
        + "."
    )

    axis = 34 + rows * _ROW + 8
    height = axis + 30
    parts = _open("timeline", root, height, title or "Timeline", desc)
    parts.extend(_legend(present, 18))
    parts.append(
        f'<line class="ck-axis" x1="{_n(_PLOT_X0 - 10)}" y1="{_n(axis)}" x2="{_n(_PLOT_X1 + 10)}" '
        f'y2="{_n(axis)}" stroke="currentColor" stroke-opacity="0.45"/>'
    )
    ends = [first] if not span else [first, last]
    end_room = _width(first.isoformat(), 11) / 2
    parts.extend(_axis_ticks(first, last, axis, end_room))
    for day in ends:
        x = _PLOT_X0 + ((day - first).days / span * plot if span else plot / 2)
        parts.append(
            f'<line class="ck-axis-end" x1="{_n(x)}" y1="{_n(axis - 4)}" x2="{_n(x)}" '
            f'y2="{_n(axis + 4)}" stroke="currentColor" stroke-opacity="0.6"/>'
        )
        parts.append(_text(x, axis + 17, day.isoformat(), "ck-axis-label", 11, "middle"))
    for column in sorted(stacks):
        members = stacks[column]
        x = _PLOT_X0 + (column * plot / columns if span else plot / 2)
        shown = members if len(members) <= rows else members[: rows - 1]
        for row, i in enumerate(shown):
            point, cls = points[i], classes[i]
            y = axis - 6 - _ROW / 2 - row * _ROW
            opening, closing = _link_open(point.href, "ck-point")
            mark = _mark(cls, x, y, 5, _point_text(point, cls))
            parts.append(mark if opening.startswith("<g") else opening + mark + closing)
        if len(shown) < len(members):
            hidden = len(members) - len(shown)
            y = axis - 6 - _ROW / 2 - (rows - 1) * _ROW + 4
            parts.append(_text(x, y, f"+{hidden}", "ck-more", 10.5, "middle", ' font-weight="600"'))
    parts.append("</svg>")
    return "".join(parts)


_MAX_PERIODS = 40
_STEPS = ((1, "month"), (3, "quarter"), (6, "half-year"), (12, "year"), (24, "two years"))


def _period_label(index: int, step: int) -> str:
    year, month = divmod(index * step, 12)
    if step == 1:
        return f"{year:04d}-{month + 1:02d}"
    if step == 3:
        return f"{year:04d} Q{month // 3 + 1}"
    if step == 6:
        return f"{year:04d} H{month // 6 + 1}"
    if step == 12:
        return f"{year:04d}"
    end = (index * step + step - 1) // 12
    return f"{year:04d}–{end:04d}"


def _timeline_counts(root: str, title: str, points: Sequence[TimelinePoint]) -> str:
    by_month: dict[tuple[int, str], int] = {}
    first = last = _date(points[0].date)
    for point in points:
        day = _date(point.date)
        first, last = min(first, day), max(last, day)
        key = (_month_index(day), _verdict_class(point.verdict_class))
        by_month[key] = by_month.get(key, 0) + 1
    low, high = _month_index(first), _month_index(last)
    step, unit = next(
        ((s, u) for s, u in _STEPS if high // s - low // s + 1 <= _MAX_PERIODS), (0, "")
    )
    if not step:
        years = math.ceil((high // 12 - low // 12 + 1) / _MAX_PERIODS)
        step, unit = 12 * years, f"{years} years"
    counts: dict[tuple[int, str], int] = {}
    for (month, cls), n in by_month.items():
        key = (month // step, cls)
        counts[key] = counts.get(key, 0) + n
    periods = range(low // step, high // step + 1)
    totals = {c: 0 for c in _CLASSES}
    for (_, cls), n in counts.items():
        totals[cls] += n
    present = [c for c in _CLASSES if totals[c]]
    largest = max(counts.values())

    total = len(points)
    summary = ", ".join(f"{totals[c]:,} {_CLASS_NAMES[c].lower()}" for c in present)
    per_period = "; ".join(
        f"{_period_label(p, step)}: "
        + ", ".join(
            f"{counts[(p, c)]:,} {_CLASS_NAMES[c].lower()}" for c in present if (p, c) in counts
        )
        for p in periods
        if any((p, c) in counts for c in present)
    )
    desc = (
        f"Timeline of {total:,} claims from {first.isoformat()} to {last.isoformat()}, "
        f"counted per {unit}. Totals: {summary}. Per {unit}: {per_period}."
    )

    label_x, plot_x0, plot_x1 = float(_PAD), 140.0, 620.0
    lane = 30.0
    top = 40.0
    height = top + lane * len(present) + 34
    column = (plot_x1 - plot_x0) / len(periods)
    biggest = min(10.0, column * 0.36)  # the widest mark, the diamond, is 2.6 r across
    parts = _open("timeline", root, height, title or "Timeline", desc)
    note = f"{total:,} claims, counted per {unit}; the bigger the mark, the more claims."
    parts.append(_text(label_x, 18, note, "ck-note", 12, extra=_MUTED))
    parts.append(_text(_WIDTH - _PAD, top - 8, "total", "ck-total-head", 10.5, "end", _MUTED))
    for row, cls in enumerate(present):
        y = top + lane * row + lane / 2
        parts.append(f'<g class="ck-lane ck-lane-{cls}">')
        parts.append(_mark(cls, label_x + 5, y, 5))
        parts.append(_text(label_x + 16, y + 4.5, _CLASS_NAMES[cls], "ck-lane-label", 12.5))
        parts.append(
            f'<line x1="{_n(plot_x0)}" y1="{_n(y)}" x2="{_n(plot_x1)}" y2="{_n(y)}" '
            f'stroke="currentColor" stroke-opacity="0.15"/>'
        )
        for offset, period in enumerate(periods):
            n = counts.get((period, cls), 0)
            if n:
                r = max(1.6, biggest * math.sqrt(n / largest))
                tip = f"{_period_label(period, step)}: {n:,} {_CLASS_NAMES[cls].lower()}"
                parts.append(_mark(cls, plot_x0 + (offset + 0.5) * column, y, r, tip))
        parts.append(
            _text(
                _WIDTH - _PAD,
                y + 4.5,
                f"{totals[cls]:,}",
                "ck-total",
                12.5,
                "end",
                ' font-weight="600"',
            )
        )
        parts.append("</g>")
    axis = top + lane * len(present) + 4
    parts.append(
        f'<line class="ck-axis" x1="{_n(plot_x0)}" y1="{_n(axis)}" x2="{_n(plot_x1)}" '
        f'y2="{_n(axis)}" stroke="currentColor" stroke-opacity="0.45"/>'
    )
    last_end = -math.inf
    gap = max(1, math.ceil(80 / column))
    offsets = sorted({0, *range(gap, len(periods) - 1, gap), len(periods) - 1})
    labels = [(o, periods[o]) for o in offsets]
    for offset, period in labels:
        x = plot_x0 + (offset + 0.5) * column
        text = _period_label(period, step)
        half = _width(text, 11) / 2
        is_last = offset == len(periods) - 1
        if x - half < last_end + 8 or (not is_last and x + half > plot_x1 - 40):
            continue
        parts.append(_text(x, axis + 17, text, "ck-axis-label", 11, "middle"))
        last_end = x + half
    parts.append("</svg>")
    return "".join(parts)


def timeline(svg_id: str, title: str, points: Sequence[TimelinePoint]) -> str:
    """Claims on a time axis from the earliest to the latest date, one mark each.

    The mark's shape shows the verdict class, a legend names the shapes, and points on the same
    day (or too close to draw apart) stack upwards. Marks link to `href` when it is safe. More
    than AGGREGATE_ABOVE points are drawn as counts per class per month (per quarter, year, ...
    for long spans), so the picture stays small. Returns "" for no points; raises ValueError for
    a date that is not ISO.
    """
    if not points:
        return ""
    root = _ids(svg_id)
    title = _clean(title)
    if len(points) > AGGREGATE_ABOVE:
        return _timeline_counts(root, title, points)
    return _timeline_points(root, title, points)


# --------------------------------------------------------------------------------------------
# Tally


def tally(svg_id: str, title: str, bars: Sequence[TallyBar]) -> str:
    """Horizontal bars, one per verdict label in the order given, each with its count as text.

    Bar lengths are proportional to the largest count; a zero count shows an empty track and
    "0". Returns "" for no bars; raises ValueError for a negative count.
    """
    if not bars:
        return ""
    if any(bar.count < 0 for bar in bars):
        raise ValueError("tally counts cannot be negative")
    root = _ids(svg_id)
    title = _clean(title)
    labels = [_clean(bar.label) for bar in bars]
    classes = [_verdict_class(bar.verdict_class) for bar in bars]
    counts = [f"{bar.count:,}" for bar in bars]
    desc = (
        f"{title or 'Verdicts'}: "
        + ", ".join(f"{label} {count}" for label, count in zip(labels, counts, strict=True))
        + "."
    )

    row, bar_height, size = 30.0, 16.0, 13.0
    label_x = _PAD + 16.0
    label_room = min(230.0, max(80.0, max(_width(label, size) for label in labels)))
    bar_x = label_x + label_room + 14
    count_room = max(_width(c, size, True) for c in counts) + 10
    bar_room = _WIDTH - _PAD - count_room - bar_x
    largest = max(bar.count for bar in bars)
    height = 2 * 10 + row * len(bars)

    parts = _open("tally", root, height, title or "Verdicts", desc)
    for i, (bar, label, cls, count) in enumerate(zip(bars, labels, classes, counts, strict=True)):
        top = 10 + i * row
        mid = top + row / 2
        length = bar_room * bar.count / largest if largest else 0.0
        if bar.count:
            length = max(length, 2.0)
        parts.append(f'<g class="ck-row ck-row-{cls}"><title>{_esc(label)}: {count}</title>')
        parts.append(_mark(cls, _PAD + 5, mid, 5))
        parts.append(_text(label_x, mid + 4.5, _fit(label, label_room, size), "ck-label", size))
        parts.append(
            f'<rect class="ck-track" x="{_n(bar_x)}" y="{_n(mid - bar_height / 2)}" '
            f'width="{_n(bar_room)}" height="{_n(bar_height)}" rx="3" fill="{_NEUTRAL}" '
            f'fill-opacity="0.12"/>'
        )
        if length:
            parts.append(
                f'<rect class="ck-bar ck-{cls}" x="{_n(bar_x)}" y="{_n(mid - bar_height / 2)}" '
                f'width="{_n(length)}" height="{_n(bar_height)}" rx="3" fill="{_FILLS[cls]}"/>'
            )
        parts.append(
            _text(
                bar_x + length + 6, mid + 4.5, count, "ck-count", size, extra=' font-weight="600"'
            )
        )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
