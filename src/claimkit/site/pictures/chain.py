"""The attribution chain of a claim: who made it, who relayed it and where it appeared, as boxes
joined by arrows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from claimkit.site.pictures.frame import CHAIN_WIDTH, MIN_TEXT, PAD
from claimkit.site.pictures.svg import (
    MUTED,
    NEUTRAL,
    coord,
    escape,
    finish_svg,
    link_group,
    open_svg,
    root_id,
    text_element,
)
from claimkit.site.pictures.text import clean, fit, wrap

__all__ = ["ChainStep", "attribution_chain"]


@dataclass(frozen=True)
class ChainStep:
    """One link of an attribution chain: who made, relayed or published the claim, and when."""

    who: str
    role: str
    date: str | None
    detail: str | None
    href: str | None


def _step_sentence(step: ChainStep) -> str:
    who = clean(step.who) or "someone unnamed"
    role = clean(step.role)
    detail = clean(step.detail) if step.detail else ""
    date = clean(step.date) if step.date else ""
    # "appeared in" reads after the place: "it appeared in Z", not "Z appeared in".
    appeared = role.lower().startswith("appeared")
    text = f"it {role} {who}" if appeared else f"{who} {role}".rstrip()
    if detail:
        text = f"{text}, {detail}"
        return f"{text}, on {date}" if date else f"{text}, date unknown"
    return f"{text} on {date}" if date else f"{text}, date unknown"


# kind of line: (class, line height, font size, extra attributes)
_LINE = {
    "role": ("ck-role", 17.0, MIN_TEXT, MUTED),
    "who": ("ck-who", 18.0, 14.0, ' font-weight="600"'),
    "detail": ("ck-detail", 16.0, MIN_TEXT, MUTED + ' font-style="italic"'),
    "date": ("ck-date", 18.0, MIN_TEXT, ""),
}


def _step_box(step: ChainStep, width: float, who_lines: int) -> tuple[list[tuple[str, str]], float]:
    """The lines of one box as (kind, text), and the height they take."""
    inner = width - 20
    lines: list[tuple[str, str]] = []
    role = clean(step.role)
    if role:
        lines.append(("role", fit(role, inner, MIN_TEXT)))
    who = clean(step.who) or "someone unnamed"
    lines.extend(("who", line) for line in wrap(who, inner, 14, True, who_lines))
    if step.detail and clean(step.detail):
        lines.extend(("detail", x) for x in wrap(clean(step.detail), inner, MIN_TEXT, False, 2))
    date = clean(step.date) if step.date else ""
    lines.append(("date", fit(date, inner, MIN_TEXT) if date else "date unknown"))
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
    opening, closing = link_group(step.href, "ck-step")
    parts = [
        opening,
        f"<title>{escape(tooltip)}</title>",
        f'<rect class="ck-box" x="{coord(x)}" y="{coord(y)}" width="{coord(width)}" '
        f'height="{coord(height)}" rx="6" fill="{NEUTRAL}" fill-opacity="0.1" stroke="{NEUTRAL}" '
        f'stroke-opacity="0.55"/>',
    ]
    linked = closing == "</a>"
    cursor = y + 10
    for kind, text in lines:
        cls, line_height, size, extra = _LINE[kind]
        if kind == "date":
            cursor += 2
        if kind == "who" and linked:
            extra += ' text-decoration="underline"'
        if kind == "date" and not (step.date and clean(step.date)):
            extra += MUTED + ' font-style="italic"'
        cursor += line_height
        parts.append(text_element(x + 10, cursor - line_height * 0.3, text, cls, size, extra=extra))
    parts.append(closing)
    return parts


def _arrow(x1: float, y1: float, x2: float, y2: float) -> str:
    """A line with a head at (x2, y2), horizontal or vertical."""
    if y1 == y2:
        sign = 1 if x2 > x1 else -1
        head = (
            f"{coord(x2)},{coord(y2)} {coord(x2 - 8 * sign)},{coord(y2 - 4.5)} "
            f"{coord(x2 - 8 * sign)},{coord(y2 + 4.5)}"
        )
        end = f'x2="{coord(x2 - 7 * sign)}" y2="{coord(y2)}"'
    else:
        sign = 1 if y2 > y1 else -1
        head = (
            f"{coord(x2)},{coord(y2)} {coord(x2 - 4.5)},{coord(y2 - 8 * sign)} "
            f"{coord(x2 + 4.5)},{coord(y2 - 8 * sign)}"
        )
        end = f'x2="{coord(x2)}" y2="{coord(y2 - 7 * sign)}"'
    return (
        f'<g class="ck-arrow" fill-opacity="0.6">'
        f'<line x1="{coord(x1)}" y1="{coord(y1)}" {end} stroke="currentColor" stroke-opacity="0.6" '
        f'stroke-width="1.5"/><polygon points="{head}"/></g>'
    )


def attribution_chain(svg_id: str, title: str, steps: Sequence[ChainStep]) -> str:
    """Boxes joined by arrows, in the order given: the claimant, each relay, where it appeared.

    The steps run top to bottom, in a frame narrow enough to read on a phone. Each box shows the role, who and
    the date ("date unknown" when there is none), and links to `href` when it is safe. Returns ""
    for no steps.
    """
    if not steps:
        return ""
    root = root_id(svg_id)
    sentences = {step: _step_sentence(step) for step in steps}  # the box's tooltip too
    desc = "Attribution chain: " + "; ".join(sentences[s] for s in steps)
    desc = desc if desc.endswith(".") else desc + "."
    body: list[str] = []
    # Top to bottom, one box under the other across the frame: a column reads on a phone as on
    # a wide screen, and a box as wide as the frame holds long names on few lines.
    gap = 30.0
    width = CHAIN_WIDTH - 2 * PAD
    y = float(PAD)
    for i, step in enumerate(steps):
        lines, height = _step_box(step, width, 3)
        if i:
            body.append(_arrow(CHAIN_WIDTH / 2, y - gap + 4, CHAIN_WIDTH / 2, y - 4))
        body.extend(_draw_box(step, lines, PAD, y, width, height, sentences[step]))
        y += height + gap
    total = y - gap + PAD
    parts = open_svg("chain", root, total, clean(title) or "Attribution chain", desc, CHAIN_WIDTH)
    parts.extend(body)
    parts.append("</svg>")
    return finish_svg(parts)
