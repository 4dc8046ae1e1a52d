"""Every size limit claimkit holds input to, in one place, each with the reason for its value."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable

# One record file: no real record comes near it; a larger file is refused before it is parsed.
MAX_RECORD_BYTES = 1024 * 1024
# How deep values may nest in a record or in JSON-LD read by `check` and `import`: no record
# kind nests this deep, and a deeper document is refused before it can exhaust the stack.
MAX_DEPTH = 64
# One page or JSON-LD file read by `check`.
MAX_CHECK_BYTES = 10 * 1024 * 1024
# One file or page read by `import` (a DataFeed of some thousands of reviews).
MAX_IMPORT_BYTES = 64 * 1024 * 1024
# Problems reported for one file: past this, one more says how many were left out.
MAX_PROBLEMS_PER_FILE = 50


def number_up_to(upper: float, what: str) -> Callable[[str], float]:
    """An argparse type for an option held to a limit: a number above 0 and at most `upper`."""

    def parse(text: str) -> float:
        value = 0.0
        with contextlib.suppress(ValueError):
            value = float(text)
        if not 0 < value <= upper:
            raise argparse.ArgumentTypeError(f"'{text}' is not {what} from 0 to {upper:g}")
        return value

    return parse
