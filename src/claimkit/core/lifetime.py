"""A process claimkit starts ends with the command that started it.

A command killed outright (SIGKILL) runs no cleanup of its own, so what it had started (forked
pool workers, the second mkdocs render process, the Pagefind indexer) would go on, orphaned,
writing into a staging folder the next run resets or removes. The parent, just before it starts
a child, takes `ends_with_this_process()`; the child calls it first thing (a pool's
`initializer`, a subprocess's `preexec_fn`, the start of a forked function), which asks the
kernel to signal the child when its parent ends (Linux' `PR_SET_PDEATHSIG`, which lasts across
the `exec` of a program that is not set-user-ID). If the parent ended before the request took
effect, the child exits at once. Elsewhere than on Linux, or if the kernel refuses, it does
nothing: the child ends as it did before, when its work is done.

The kernel sends that signal when the *thread* that forked the child ends, not only its process.
A child forked by the main thread, which lasts as long as the process, is sent SIGKILL. A pool
that replaces its workers (`maxtasksperchild`) forks the new ones from a thread of its own,
which ends when the pool is closed, while the pool still counts on its workers (a worker killed
while it holds the pool's queue lock leaves `terminate()` waiting for ever): such a child is
sent SIGUSR1 instead, and its handler ends the child only if its parent process is gone.

SIGKILL rather than SIGTERM, and the handler's SIGUSR1 unblocked: a forked child has the
parent's Python signal handlers and signal mask (an import blocks SIGTERM while it links records
into place), either of which could keep a SIGTERM from ending it; a pool stops its workers with
SIGTERM, which the handler must not take.

The C library's `prctl` is looked up in the parent: between a fork and an exec the child should
load nothing (another thread of the parent may have held the loader's or the import lock).
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# What a child forked by a thread other than the main thread is sent when that thread ends.
CHECKED = signal.SIGUSR1


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """The C library's prctl, or None where there is none to use."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # only here: a command that starts no process need not load it

    try:
        found: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return found


def die_with_parent(parent: int, main: threading.Thread) -> None:
    """In a child just forked by process `parent` (its pid, noted before the fork), whose main
    thread is `main`: be killed when that process ends; if it has ended already, exit now."""
    prctl = _prctl()
    if prctl is None:
        return
    # After a fork, the thread that forked is the child's current thread (the same object).
    by_main = threading.current_thread() is main
    if not by_main:

        def checked(_signum: int, _frame: FrameType | None) -> None:
            if os.getppid() != parent:  # the process, not only the thread that forked
                os.kill(os.getpid(), signal.SIGKILL)

        signal.signal(CHECKED, checked)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {CHECKED})
    sent = signal.SIGKILL if by_main else CHECKED
    if prctl(_PR_SET_PDEATHSIG, int(sent), 0, 0, 0) != 0:
        return
    # The parent may have ended between the fork and the request, which then never fires: the
    # child has been handed to another process (init or a subreaper) by now.
    if os.getppid() != parent:
        os._exit(1)


def ends_with_this_process() -> Callable[[], None]:
    """What a child this process starts next calls first, to end when this process ends."""
    _prctl()
    return functools.partial(die_with_parent, os.getpid(), threading.main_thread())
