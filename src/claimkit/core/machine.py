"""What this machine lends a run: the processors it may use."""

from __future__ import annotations

import os


def usable_cpus() -> int:
    """The processors this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
