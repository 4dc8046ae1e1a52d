"""Work done in a forked child (core/forked.py): what it says, returns and raises reaches the
parent; a child that dies, or an answer pickle cannot carry, is a ForkedError; the memory the
work took is the child's, not the parent's; a parent that stops waiting ends the child."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from claimkit.core.forked import Forked, ForkedError, Tell
from claimkit.core.output import OutputError
from claimkit.site.build import BuildError


def _rss_kb() -> int:
    found = re.search(r"VmRSS:\s+(\d+)", Path("/proc/self/status").read_text())
    assert found is not None
    return int(found.group(1))


def test_lines_said_then_the_answer_in_order() -> None:
    def work(tell: Tell) -> dict[str, object]:
        for n in range(3):
            tell(f"step {n}")
        return {"pid": os.getpid(), "pages": 14_912}

    heard: list[str] = []
    answer = Forked(work).wait(heard.append)
    assert heard == ["step 0", "step 1", "step 2"]
    assert answer["pages"] == 14_912
    assert answer["pid"] != os.getpid()  # done elsewhere


def test_the_errors_a_build_raises_are_raised_again_with_their_fields() -> None:
    def fails_validation(tell: Tell) -> None:
        tell("validated 3 records")
        raise BuildError("validate", "the records have 2 error(s)", [], (3, 1))

    heard: list[str] = []
    with pytest.raises(BuildError) as raised:
        Forked(fails_validation).wait(heard.append)
    assert (raised.value.step, raised.value.message) == ("validate", "the records have 2 error(s)")
    assert raised.value.counts == (3, 1)
    assert heard == ["validated 3 records"]

    def refuses(_tell: Tell) -> None:
        raise OutputError("output-link", Path("/x/build/current"), "is a symbolic link")

    with pytest.raises(OutputError) as refused:
        Forked(refuses).wait(heard.append)
    assert refused.value.code == "output-link"
    assert refused.value.path == Path("/x/build/current")


class _Awkward(Exception):
    def __init__(self, a: int, b: int) -> None:  # pickle gives it one argument back
        super().__init__(f"{a} and {b}")


def test_an_error_pickle_cannot_bring_back_is_told_as_text() -> None:
    def raises(_tell: Tell) -> None:
        raise _Awkward(1, 2)

    with pytest.raises(ForkedError, match=r"could not hand back _Awkward: 1 and 2"):
        Forked(raises).wait(lambda _line: None)


def test_a_child_that_dies_is_an_error_with_its_code() -> None:
    def dies(tell: Tell) -> None:
        tell("about to go")
        os._exit(3)

    heard: list[str] = []
    with pytest.raises(ForkedError, match=r"^ended with code 3 before it had finished$"):
        Forked(dies).wait(heard.append)
    assert heard == ["about to go"]


def test_the_memory_the_work_took_is_not_the_parents() -> None:
    before = _rss_kb()

    def hungry(_tell: Tell) -> int:
        held = [bytes([n % 251]) * 1024 for n in range(300_000)]  # about 300 MB, touched
        return len(held)

    assert Forked(hungry).wait(lambda _line: None) == 300_000
    assert _rss_kb() - before < 50_000  # KB: the child's 300 MB went with it


def test_a_parent_that_stops_waiting_ends_the_child() -> None:
    def long(tell: Tell) -> None:
        tell(str(os.getpid()))
        time.sleep(60)

    child: list[int] = []

    def interrupted(line: str) -> None:
        child.append(int(line))
        raise KeyboardInterrupt

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        Forked(long).wait(interrupted)
    assert time.monotonic() - started < 30
    with pytest.raises(ProcessLookupError):  # killed and waited for: no such process
        os.kill(child[0], 0)
