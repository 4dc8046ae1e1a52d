"""Work done in a forked process, what it says and how it ends handed back to its parent.

`Forked(work)` forks at once and runs `work(tell)` in the child; the parent goes on, and
`wait(say)` says again, in order, each line the child passed to `tell`, then returns what `work`
returned or raises what it raised (both go through pickle; an exception that does not is raised
as a `ForkedError` naming it). A child that ends without an answer (killed, or out of memory) is
a `ForkedError` with its exit code. A `ForkedError`'s message reads after the process' name
("the build's process " + message). The child ends with the parent (core/lifetime.py), and a
parent stopped while it waits (Ctrl-C) stops the child first.

Why: what a step makes and lets go of stays counted against the process that made it (a heap
fragmented by a catalog's hundreds of thousands of small objects is not given back to the system
when they are freed). A step done in a child gives all of it back when the child ends.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

from claimkit.core.collector import frozen_for_forks
from claimkit.core.lifetime import ends_with_this_process

T = TypeVar("T")
Tell = Callable[[str], None]

_SAID, _DONE, _RAISED = "said", "done", "raised"


class ForkedError(Exception):
    """The child ended without an answer, or its answer could not be handed back."""


class Forked(Generic[T]):
    """`work(tell)` running in a child process forked when this is made (see the module)."""

    def __init__(self, work: Callable[[Tell], T]) -> None:
        context = multiprocessing.get_context("fork")
        self._answer, sending = context.Pipe(duplex=False)
        ends = ends_with_this_process()

        def run() -> None:
            ends()
            _run(work, sending)

        # What the parent holds is shared with the child, not copied as the collector goes by;
        # not a daemon: the work may fork processes of its own.
        with frozen_for_forks():
            self._process = context.Process(target=run)
            self._process.start()
        sending.close()

    def wait(self, say: Tell) -> T:
        """What the child said, said again; then what `work` returned, or what it raised."""
        try:
            while True:
                try:
                    kind, value = self._answer.recv()
                except EOFError:
                    self._process.join()
                    raise ForkedError(
                        f"ended with code {self._process.exitcode} before it had finished"
                    ) from None
                if kind == _SAID:
                    say(value)
                    continue
                self._process.join()
                if kind == _RAISED:
                    raise value
                answer: T = value
                return answer
        except BaseException:
            self.stop()
            raise
        finally:
            self._answer.close()

    def stop(self) -> None:
        """End the child, if it still runs, and wait for it."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()


def _run(work: Callable[[Tell], T], sending: Connection) -> None:
    """In the child: run `work`, sending what it says and how it ended."""

    def tell(line: str) -> None:
        sending.send((_SAID, line))

    outcome: tuple[str, object]
    try:
        outcome = (_DONE, work(tell))
    except BaseException as exc:  # every ending is the parent's to raise: Ctrl-C too
        outcome = (_RAISED, exc)
    try:
        try:
            # Unpickled here first: what the parent could not make again (an exception whose
            # __init__ takes other arguments than its message) is told as text instead.
            packed = pickle.dumps(outcome)
            pickle.loads(packed)  # noqa: S301 (our own bytes, made just above)
        except Exception as exc:
            what = outcome[1]
            said = f"{type(what).__name__}: {what}" if outcome[0] == _RAISED else "its result"
            packed = pickle.dumps((_RAISED, ForkedError(f"could not hand back {said} ({exc})")))
        sending.send_bytes(packed)
    except OSError:  # the parent is gone: no one to tell
        pass
    finally:
        sending.close()
