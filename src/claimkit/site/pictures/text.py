"""Record text for the pictures: cleaned for XML, measured, shortened and wrapped to a width.

No font is at hand when a page is built, so widths are estimates from a table of advance widths
in a Helvetica-like face, made generous enough for the wider system fonts that browsers use in
its place: text measured here does not overflow the box it was fitted into.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ELLIPSIS", "clean", "fit", "text_width", "wrap"]

ELLIPSIS = "…"

# Characters XML 1.0 does not allow, even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Record text made fit for XML: forbidden characters dropped, white space runs one space.

    Newlines are white space too, so the result is always one line, and a picture made of
    cleaned text can never hold the blank line that would end a Markdown raw HTML block.
    """
    return " ".join(_NOT_XML.sub("", text).split())


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
_CHAR_EM[ELLIPSIS] = 1.0
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


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of the drawn width of the text at a font size, on the generous side.

    Printable ASCII is measured from a table, combining marks take no room, wide East Asian
    characters a full em and everything else 0.6 em; the sum is widened for system fonts, and
    a little more for bold.
    """
    em = _em(text)
    return em * size * _SLACK * (_BOLD if bold else 1.0)


def fit(text: str, max_width: float, size: float, bold: bool = False) -> str:
    """The text if it fits in max_width, else as much of it as fits followed by an ellipsis.

    Widths are those of `text_width`; white space left before the ellipsis is dropped.
    """
    if text_width(text, size, bold) <= max_width:
        return text
    scale = size * _SLACK * (_BOLD if bold else 1.0)
    room = max_width / scale - _char_em(ELLIPSIS)
    used = 0.0
    keep = 0
    for char in text:
        used += _char_em(char)
        if used > room:
            break
        keep += 1
    return text[:keep].rstrip() + ELLIPSIS


def wrap(text: str, max_width: float, size: float, bold: bool, max_lines: int) -> list[str]:
    """Greedy word wrap to at most max_lines lines; the last one ends in an ellipsis if cut.

    Words are split at single spaces (the text is expected cleaned); a word longer than a whole
    line is broken where it stops fitting. Empty text gives one empty line.
    """
    words = text.split(" ")
    space = text_width(" ", size, bold)
    lines: list[str] = []
    i = 0
    while i < len(words):
        if len(lines) == max_lines - 1:
            lines.append(fit(" ".join(words[i:]), max_width, size, bold))
            break
        line = words[i]
        used = text_width(line, size, bold)
        i += 1
        if used > max_width:  # one word longer than the line: break it
            head = fit(line, max_width, size, bold)[:-1] or line[:1]
            lines.append(head)
            if line[len(head) :]:
                words.insert(i, line[len(head) :])
            continue
        while i < len(words):
            more = text_width(words[i], size, bold)
            if used + space + more > max_width:
                break
            line = f"{line} {words[i]}"
            used += space + more
            i += 1
        lines.append(line)
    return lines or [""]
