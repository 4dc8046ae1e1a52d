"""The frame every picture is laid out in: its width and the margin kept along its edges."""

from __future__ import annotations

__all__ = ["PAD", "WIDTH"]

# Every picture is 700 units wide, so text is the same size in all of them.
WIDTH = 700
PAD = 16
