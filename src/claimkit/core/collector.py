"""Python's cyclic garbage collector during bulk work: off, and kept out of forked workers.

A run makes millions of objects and keeps them (the cache's index, records' data, models, the
catalog), few of them in reference cycles. The cyclic collector, run again and again over all of
them as they pile up, costs more than the work itself: a warm catalog of 100,000 claims took 40 s
with it, 12 s without, and its first full pass after validation (4.8 million objects) took
9-17 s of a 100,000-claim export. In a forked worker a pass also writes to every object's
header, so the worker copies the parent's memory pages it would otherwise share.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_off() -> Iterator[None]:
    """No cyclic collection inside the block; as it was after (nested blocks are fine).
    Memory in cycles made inside is reclaimed by the first collection after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@contextlib.contextmanager
def frozen_for_forks() -> Iterator[None]:
    """Objects made before the block are left out of every collection inside it, in this
    process and in the workers it forks, which then share those objects' pages with it."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
