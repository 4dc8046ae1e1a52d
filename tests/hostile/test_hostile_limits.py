"""Bounded time and memory: the worst a single file under the caps can cost.

Each case runs in a child process with its address space limited, and is killed at its time
budget, so a slow or greedy input fails its test instead of stalling the suite or the machine.

Budgets, relative to a plain input of the same size measured here (so that a slow or busy
machine does not fail them): one record of at most 1 MiB validates in 8 times the time of a
plain 1 MiB record (at least 5 s; about 0.7 s on a laptop) and in 400 MiB; `check` reads a
1 MiB page in 8 times the time of a plain 1 MiB page (at least 5 s) and 400 MiB (it accepts
10 MiB, so its worst case is ten times that); a publication whose records all validate builds
within 60 s and 1.5 GiB.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import VALIDATE_IN_CHILD, Run, assert_coded_json, bounded_python, publication

from claimkit.core.limits import MAX_RECORD_BYTES as MAX_BYTES

RECORD_FLOOR, RECORD_FACTOR = 5.0, 8.0
CHECK_FLOOR, CHECK_FACTOR = 5.0, 8.0
PEAK_MIB = 400
# `check` keeps a position for every node of every script it reads: 482 MiB was measured for a
# 1 MiB page of 16,000 small ClaimReviews. Bounded, but the highest figure here; see the issue.
CHECK_PEAK_MIB = 600

CLAIM_HEAD = (
    "id: new-crane-ordered\nclaimReviewed: The port has ordered a new crane\n"
    "claimant:\n  unnamed: a port official\nappearances:\n  - article: tide-harbour-report\n"
)


def _fill(head: str, item: Callable[[int], str], tail: str = "") -> str:
    """`head`, then as many items as fit under the 1 MiB cap, then `tail`."""
    parts = [head]
    size = len(head.encode()) + len(tail.encode())
    i = 0
    while True:
        piece = item(i)
        if size + len(piece.encode()) > MAX_BYTES:
            break
        parts.append(piece)
        size += len(piece.encode())
        i += 1
    return "".join(parts) + tail


WORST_RECORDS: dict[str, Callable[[], str]] = {
    # Every empty review misses every required property: hundreds of thousands of problems.
    "empty-reviews": lambda: _fill(
        CLAIM_HEAD + "topics: [port-budget]\nreviews: [{}", lambda _i: ",{}", "]\n"
    ),
    # Every unknown property is reported, each with a spelling suggestion.
    "unknown-properties": lambda: _fill(
        CLAIM_HEAD + "topics: [port-budget]\n", lambda i: f"k{i}: 1\n"
    ),
    # Every reference that is not a slug.
    "bad-references": lambda: _fill(
        CLAIM_HEAD + "topics: [Port-Budget", lambda _i: ",Port-Budget", "]\n"
    ),
    # Every reference a valid slug that names nothing, each with a spelling suggestion.
    "unresolved-references": lambda: _fill(
        CLAIM_HEAD + "topics: [t0", lambda i: f",t{i + 1}", "]\n"
    ),
    # Every value a placeholder.
    "placeholders": lambda: _fill(
        CLAIM_HEAD + "topics: [port-budget]\nquote: ['<TODO>'", lambda _i: ",'<TODO>'", "]\n"
    ),
    # A future date in every line.
    "future-dates": lambda: _fill(
        CLAIM_HEAD + "topics: [port-budget]\nquote: |\n", lambda _i: "  2999-01-01\n"
    ),
    # Long lists of valid-looking appearances.
    "many-appearances": lambda: _fill(
        "id: new-crane-ordered\nclaimReviewed: x\nclaimant:\n  unnamed: a\ntopics: [port-budget]\n"
        "appearances:\n",
        lambda i: f"  - name: Appearance {i}\n",
    ),
    # Flat structures the parser must walk.
    "many-keys-nested": lambda: _fill(
        CLAIM_HEAD + "topics: [port-budget]\nquote:\n", lambda i: f"  k{i}: {{a: [1, 2]}}\n"
    ),
    "one-long-line": lambda: "id: new-crane-ordered\nquote: " + "x" * (MAX_BYTES - 40) + "\n",
    "only-newlines": lambda: "id: x\n" + "\n" * (MAX_BYTES - 10),
    "only-comments": lambda: _fill("", lambda _i: "#" * 79 + "\n"),
    "compact-nesting": lambda: "id: x\nname:\n" + "- " * ((MAX_BYTES - 20) // 2) + "x\n",
    "flow-nesting": lambda: (
        "id: x\nname: " + "[" * ((MAX_BYTES - 20) // 2) + "]" * ((MAX_BYTES - 20) // 2)
    ),
    "billion-laughs": lambda: (
        "a: &a ["
        + ",".join(["x"] * 9)
        + "]\n"
        + "".join(
            f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
    ),
}


def _run_validate(root: Path, timeout: float) -> tuple[Run, float, int | None]:
    code, out, err, rss = bounded_python(
        VALIDATE_IN_CHILD, "records", cwd=root, timeout=timeout, memory_mib=1536
    )
    return Run(code if code is not None else -9, out, err), rss, code


def _timed(run: Callable[[], object]) -> float:
    start = time.monotonic()
    run()
    return time.monotonic() - start


@pytest.fixture(scope="module")
def record_budget(tmp_path_factory: pytest.TempPathFactory) -> float:
    """Seconds allowed for one worst-case record: a multiple of a plain 1 MiB record's time."""
    root = publication(tmp_path_factory.mktemp("plain") / "pub")
    (root / "records" / "claims" / "new-crane-ordered.yaml").write_text(
        CLAIM_HEAD + "topics: [port-budget]\ndescription: " + "x" * (MAX_BYTES - 400) + "\n",
        encoding="utf-8",
    )
    plain = min(_timed(lambda: _run_validate(root, 60)) for _ in range(2))
    return max(RECORD_FLOOR, RECORD_FACTOR * plain)


@pytest.fixture(scope="module")
def check_budget(tmp_path_factory: pytest.TempPathFactory) -> float:
    """Seconds allowed for one worst-case page: a multiple of a plain 1 MiB page's time."""
    folder = tmp_path_factory.mktemp("plain-page")
    (folder / "page.html").write_text(
        '<html><script type="application/ld+json">{"@type": "ClaimReview"}</script>'
        + "<p>plain text</p>\n" * (MAX_BYTES // 20),
        encoding="utf-8",
    )
    plain = min(_timed(lambda: _run_check(folder, "page.html", 60)) for _ in range(2))
    return max(CHECK_FLOOR, CHECK_FACTOR * plain)


def _run_check(folder: Path, name: str, timeout: float) -> tuple[int | None, str, str, float]:
    return bounded_python(
        "from claimkit.cli import main\n"
        "raise SystemExit(main(['check', '--format', 'json', *sys.argv[1:]]))\n",
        name,
        cwd=folder,
        timeout=timeout,
    )


@pytest.mark.parametrize("shape", WORST_RECORDS, ids=list(WORST_RECORDS))
def test_one_record_at_the_cap_validates_in_bounded_time_and_memory(
    tmp_path: Path, shape: str, record_budget: float
) -> None:
    root = publication(tmp_path / "pub")
    text = WORST_RECORDS[shape]()
    assert len(text.encode()) <= MAX_BYTES
    (root / "records" / "claims" / "new-crane-ordered.yaml").write_text(text, encoding="utf-8")
    run, rss, code = _run_validate(root, record_budget)
    assert code is not None, f"{shape}: still running after {record_budget:.1f} s; killed"
    assert "MemoryError" not in run.stderr, f"{shape}: over 1.5 GiB of address space"
    assert_coded_json(run)
    assert 0 < rss < PEAK_MIB, f"{shape}: peak RSS {rss:.0f} MiB"


WORST_PAGES: dict[str, Callable[[], tuple[str, str]]] = {
    "many-scripts": lambda: (
        "page.html",
        _fill(
            "<html>",
            lambda _i: '<script type="application/ld+json">{"@type":"ClaimReview"}</script>\n',
        ),
    ),
    "many-reviews": lambda: (
        "feed.jsonld",
        _fill("[", lambda _i: '{"@type":"ClaimReview","x":1},', "1]"),
    ),
    "tag-soup": lambda: ("soup.html", "<div>" * (MAX_BYTES // 5)),
    "many-ids": lambda: (
        "graph.jsonld",
        _fill('{"@graph":[', lambda i: f'{{"@id":"#n{i}","name":"x"}},', "1]}"),
    ),
    "deep-json": lambda: ("deep.jsonld", "[" * (MAX_BYTES // 2) + "]" * (MAX_BYTES // 2)),
}


# Pages whose every node is a ClaimReview with problems: 1 MiB holds about 35,000 of them, and
# `check` reports each of their 245,000 problems with its position, work that grows with the
# page's nodes (about 6-8 s here, where a plain page's budget is 3 s). The guard for these is
# against worse than linear growth, not a speed target (that is the benchmark's): their budget is
# a larger multiple of the plain page's time. It was a non-strict xfail, which passed or failed
# with the machine's load.
_MANY_PROBLEMS = {"many-reviews": 4.0}


@pytest.mark.parametrize("shape", list(WORST_PAGES))
def test_check_reads_a_one_mib_page_in_bounded_time_and_memory(
    tmp_path: Path, shape: str, check_budget: float
) -> None:
    name, text = WORST_PAGES[shape]()
    (tmp_path / name).write_text(text, encoding="utf-8")
    budget = check_budget * _MANY_PROBLEMS.get(shape, 1.0)
    code, out, err, rss = _run_check(tmp_path, name, budget)
    assert code is not None, f"{shape}: still running after {budget:.1f} s; killed"
    assert "MemoryError" not in err, shape
    assert_coded_json(Run(code, out, err))
    assert 0 < rss < CHECK_PEAK_MIB, f"{shape}: peak RSS {rss:.0f} MiB"


def test_a_rating_scale_with_a_huge_spread_cannot_exhaust_the_build(tmp_path: Path) -> None:
    """The scale's values are any integers; the build draws one cell per step of the scale.

    Either validation refuses such a scale, or the build finishes within its budget.
    """
    root = publication(tmp_path / "pub")
    site = root / "records" / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("      value: 5\n", "      value: 1000000000\n"),
        encoding="utf-8",
    )
    code, _out, err, _rss = bounded_python(
        "from claimkit.cli import main\n"
        "raise SystemExit(main(['build', '--records', 'records', '--output', 'out']))\n",
        cwd=root,
        timeout=60,
        memory_mib=1536,
    )
    assert code is not None, "the build was still running after 60 s"
    assert "Traceback" not in err, err[-2000:]
    assert "MemoryError" not in err, "the build ran out of memory: " + err[-500:]
    if code != 0:
        assert "failed at the validate step" in err, err[-2000:]
        assert "[scale-invalid]" in err or "[schema-range]" in err, err[-2000:]


def test_reports_name_no_more_than_the_cap(tmp_path: Path) -> None:
    """A file one byte over the cap is refused without reading it whole into a message."""
    root = publication(tmp_path / "pub")
    (root / "records" / "topics" / "port-budget.yaml").write_bytes(
        b"id: port-budget\nname: " + b"x" * MAX_BYTES + b"\n"
    )
    run, _rss, code = _run_validate(root, 30)
    assert code == 1
    diagnostics = assert_coded_json(run)
    assert {"records/topics/port-budget.yaml"} <= {d["path"] for d in diagnostics}
    assert len(json.dumps(diagnostics)) < 10_000
