"""The frame every picture is laid out in: its width and the margin kept along its edges."""

from __future__ import annotations

__all__ = ["CHAIN_WIDTH", "PAD", "TALLY_WIDTH", "TIMELINE_WIDTH", "WIDTH"]

# The width a picture is drawn for, in units that are CSS pixels at its full size: the site's
# CSS shows each picture at most that wide and shrinks it to the column on narrower screens, so
# text is never larger than the page's, and each picture is as narrow as it can be read at, so
# that a phone (about 330 px of column) shrinks it little. WIDTH is the default.
WIDTH = 700
CHAIN_WIDTH = 360
TALLY_WIDTH = 420
TIMELINE_WIDTH = 480
PAD = 16
