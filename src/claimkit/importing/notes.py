"""What converting one found review or claim tells the report: a value filled in, or a skip."""

from __future__ import annotations

from dataclasses import dataclass

from claimkit.claimreview.read import Located

FILLED = "import-filled"
UNUSABLE = "import-unusable"


@dataclass
class Note:
    """Something the report tells about one item: a skip reason or a value filled in."""

    where: Located
    code: str
    message: str


def filled(where: Located, message: str) -> Note:
    """A note that the import filled in or left out a value, and how."""
    return Note(where, FILLED, message)


class Skip(Exception):
    """An item that cannot be imported; the message says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
