"""The frame every picture is laid out in: its width and the margin kept along its edges."""

from __future__ import annotations

__all__ = [
    "CHAIN_WIDTH",
    "MIN_TEXT",
    "NARROW_WIDTH",
    "PAD",
    "TALLY_WIDTH",
    "TIMELINE_WIDTH",
    "WIDTH",
]

# The width a picture is drawn for, in units that are CSS pixels at its full size: the site's
# CSS shows each picture at most that wide and shrinks it to the column on narrower screens, so
# text is never larger than the page's. A 360 px phone leaves a column of 328 px (Material's
# margins), so a picture drawn NARROW_WIDTH wide shrinks to 0.96 there and its text, never
# smaller than MIN_TEXT units, stays 12 px or more. The chain and the tally are drawn that
# narrow; the timeline, which needs room for its time axis, is drawn TIMELINE_WIDTH wide for
# wider screens and NARROW_WIDTH wide for phones (`timeline.timeline_figure`). WIDTH is the
# default.
WIDTH = 700
NARROW_WIDTH = 340
CHAIN_WIDTH = NARROW_WIDTH
TALLY_WIDTH = NARROW_WIDTH
TIMELINE_WIDTH = 480
PAD = 16
# The smallest font size of any text in a picture, in its units.
MIN_TEXT = 12.5
