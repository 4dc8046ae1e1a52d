"""Which of the named functions the cyclic garbage collector started a pass inside.

With the collection threshold at 1, any allocation while the collector is on starts a pass, so
code that is meant to run with it off (core.collector) shows every place it is still on.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterable


def passes_inside(names: Iterable[str], action: Callable[[], object]) -> set[str]:
    """Run `action` with threshold 1; return the names in `names` that were on the stack when
    a collection started (those nearest the top)."""
    wanted = set(names)
    found: set[str] = set()

    def seen(phase: str, info: dict[str, int]) -> None:
        frame = sys._getframe(1) if phase == "start" else None
        while frame is not None:
            if frame.f_code.co_name in wanted:
                found.add(frame.f_code.co_name)
                return
            frame = frame.f_back

    old_threshold = gc.get_threshold()
    gc.callbacks.append(seen)
    gc.set_threshold(1)
    try:
        action()
    finally:
        gc.set_threshold(*old_threshold)
        gc.callbacks.remove(seen)
    return found
