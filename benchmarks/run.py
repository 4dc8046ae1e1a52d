"""Benchmark harness: time claimkit's stages on synthetic publications and write the figures.

    python benchmarks/run.py                      # 1,000, 10,000 and 100,000 claims
    python benchmarks/run.py --sizes 1000,10000   # chosen sizes
    python benchmarks/run.py --quick              # 200 claims, one run each: a smoke run
    python benchmarks/run.py --render-only        # rewrite the page from benchmarks/results.json

For each size N it generates a publication with `generate.py` in a temporary folder, then
runs each stage as its own process and measures its wall time and peak memory:

- `claimkit validate`, cold (every `.claimkit-cache` folder deleted first) and warm;
- `check-jsonschema` on the same claim files with `schema/claim.schema.json`, the tool a
  repository would use without claimkit (in as few invocations as the command line allows);
- `claimkit export` (JSON-LD, Turtle, N-Triples, feed);
- in one Python process: claimkit's dumps on the validated catalog, then rdflib's graph and
  its own Turtle, N-Triples and JSON-LD serializers, each in a forked child with a time limit;
- `claimkit build` (at 100,000 claims only with `--big-build`), the size of its search index,
  and a plain `mkdocs build` of as many one-line pages, for comparison.

A stage runs up to `--reps` times (median reported) unless one run takes longer than
`--slow-after` seconds. Results go to `benchmarks/results.json` and `toolkit-docs/performance.md`
(`--results` and `--page` choose other files). Shared machines are noisy: the load average
is recorded with every stage, and no figure here belongs in a test assertion.

Peak memory is the larger of the biggest single process's maximum resident set size (from
`/usr/bin/time -v`, or `getrusage` in a wrapper process where that is missing) and the sum
of the proportional set sizes (PSS) over the whole process tree, sampled every 0.25 s for the
first 10 s and every 2 s after (for commands that start workers: PSS counts pages a forked
worker shares with its parent once).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import DEFAULT_SEED  # noqa: E402 - the folder is put on the path first
from search_bench import first_results, index_size  # noqa: E402

RESULTS = HERE / "results.json"
PAGE = REPO / "toolkit-docs" / "performance.md"
ANALYSIS = HERE / "analysis.md"
CLAIM_SCHEMA = REPO / "schema" / "claim.schema.json"
BIN = Path(sys.executable).parent
TIME_BIN = Path("/usr/bin/time")
CACHE_NAME = ".claimkit-cache"
MB = 1024 * 1024
DEFAULT_SIZES = (1000, 10000, 100000)
BIG = 100000
SERIALIZERS = ("nt", "json-ld", "turtle")
VERSIONED = (
    "claimkit",
    "pydantic",
    "pydantic-core",
    "jsonschema",
    "PyYAML",
    "rdflib",
    "mkdocs",
    "mkdocs-material",
    "check-jsonschema",
    "ruamel.yaml",
)

# name: (title shown on the page, what it measures)
STAGES: dict[str, tuple[str, str]] = {
    "generate": ("generate.py", "Writing the synthetic publication (not a claimkit stage)."),
    "validate-cold": (
        "claimkit validate, cold",
        "`claimkit validate records` with claimkit's cache deleted before each run.",
    ),
    "validate-warm": (
        "claimkit validate, warm",
        "`claimkit validate records` again, with nothing changed since the cold run.",
    ),
    "validate-edit": (
        "claimkit validate after a one-record edit",
        "`claimkit validate records` with the cache warm, after one claim's text was changed.",
    ),
    "check-jsonschema": (
        "check-jsonschema (claims only)",
        "`check-jsonschema --schemafile schema/claim.schema.json` on the claim files, in as "
        "few calls as the command line allows; the calls are summed.",
    ),
    "export": (
        "claimkit export",
        "`claimkit export`: validation (cache warm) and claims.jsonld, claims.ttl, claims.nt "
        "and feed.json.",
    ),
    "export-edit": (
        "claimkit export after a one-record edit",
        "`claimkit export` into the folder of an earlier export (cache warm), after one claim's "
        "text was changed: the pages whose text depends on it are made again, the rest of the "
        "dumps copied from the earlier export's.",
    ),
    "load-in-process": (
        "claimkit validation, in the comparison process",
        "`validate_paths()` up to the catalog, in the process that then compares the dumps.",
    ),
    "dumps-in-process": (
        "claimkit dumps, in process",
        "`write_dumps()` on the validated catalog: the four files, without validation.",
    ),
    "rdflib-graph": ("rdflib graph", "The same triples put into an rdflib `Graph`."),
    "rdflib-nt": ("rdflib N-Triples", '`g.serialize(format="nt")` in a forked child.'),
    "rdflib-json-ld": ("rdflib JSON-LD", '`g.serialize(format="json-ld")` in a forked child.'),
    "rdflib-turtle": ("rdflib Turtle", '`g.serialize(format="turtle")` in a forked child.'),
    "import": (
        "claimkit import",
        "`claimkit import` of the publication's own claims.jsonld into a publication with only "
        "its site.yaml and publisher: reading, converting, laying out, writing and validating "
        "every record (the reviews imported are counted).",
    ),
    "build": (
        "claimkit build",
        "`claimkit build` with the validation cache cold and the output folder deleted: "
        "validation, dumps, pages, mkdocs and the search index.",
    ),
    "build-edit": (
        "claimkit build --incremental after a one-record edit",
        "`claimkit build --incremental` into the folder of an earlier build (cache warm), after "
        "one claim's text was changed: every page staged, the pages whose source changed "
        "rendered, the others taken from the published build; the search index made again.",
    ),
    "serve-edit": (
        "claimkit serve, one-record edit",
        "A running preview (`claimkit serve`'s own code, benchmarks/serve_probe.py): from the "
        "write of one claim's changed text to the answer an open page's held question gets "
        "(the page reloads on it): the file system's notice, the look at the records, the "
        "incremental rebuild, the publication; the search index kept. The browser's load of "
        "the page (a local file) is not counted.",
    ),
    "mkdocs-plain": (
        "plain mkdocs build",
        "`mkdocs build` of as many one-line pages as claimkit build wrote, with Material and "
        "the search plugin, the pages out of the navigation.",
    ),
}


@dataclass
class Target:
    name: str
    stage: str
    n: int
    metric: str  # wall_s, peak_rss_mb, search_index_bytes, growth, or a ratio name
    limit: float
    unit: str
    kind: str = "max"  # "max": the value must not exceed the limit; "min": must reach it


TARGETS = [
    Target("validate 100,000 claims, cold", "validate-cold", BIG, "wall_s", 8, "s"),
    Target("validate 100,000 claims, warm", "validate-warm", BIG, "wall_s", 2, "s"),
    Target(
        "validate 100,000 claims after a one-record edit", "validate-edit", BIG, "wall_s", 1, "s"
    ),
    Target("export 100,000 claims after a one-record edit", "export-edit", BIG, "wall_s", 3, "s"),
    Target("serve, 10,000 claims, one-record edit", "serve-edit", 10000, "wall_s", 3, "s"),
    Target("serve, 100,000 claims, one-record edit", "serve-edit", BIG, "wall_s", 10, "s"),
    # Costs that grow with the work: ten times the claims may take at most 11 times as long.
    Target(
        "validate cold, growth from 10,000 to 100,000 claims",
        "validate-cold",
        BIG,
        "growth",
        11,
        "×",
    ),
    Target("export, growth from 10,000 to 100,000 claims", "export", BIG, "growth", 11, "×"),
    Target("build, growth from 10,000 to 100,000 claims", "build", BIG, "growth", 11, "×"),
    Target(
        "validate (cold) vs check-jsonschema, 100,000 claims",
        "check-jsonschema",
        BIG,
        "validate_speedup",
        3,
        "×",
        "min",
    ),
    # The four dumps written from loaded records; `claimkit export` end to end (loading the
    # records too) is in the stage tables.
    Target("dumps for 100,000 claims (the four files)", "dumps-in-process", BIG, "wall_s", 15, "s"),
    Target("build 10,000 claims, time", "build", 10000, "wall_s", 45, "s"),
    Target("build 10,000 claims, memory", "build", 10000, "peak_rss_mb", 1024, "MiB"),
    Target("build 10,000 claims vs plain mkdocs", "build", 10000, "build_vs_mkdocs", 1.5, "×"),
    Target("build 100,000 claims, time", "build", BIG, "wall_s", 360, "s"),
    Target("build 100,000 claims, memory", "build", BIG, "peak_rss_mb", 4096, "MiB"),
    Target("build 100,000 claims vs plain mkdocs", "build", BIG, "build_vs_mkdocs", 1.5, "×"),
    # What a browser fetches for the first results of a query (the costlier of the queries).
    Target(
        "search: first results of a query, 10,000 claims",
        "build",
        10000,
        "search_first_result_bytes",
        1_000_000,
        "bytes",
    ),
    Target(
        "search: first results of a query, 100,000 claims",
        "build",
        BIG,
        "search_first_result_bytes",
        1_000_000,
        "bytes",
    ),
    Target(
        "search indexing, share of a 10,000-claim build",
        "build",
        10000,
        "search_index_share",
        0.20,
        "share",
    ),
]


# ---------------------------------------------------------------------------- measuring


@dataclass
class Run:
    """One measured process (or several summed, for chunked commands)."""

    wall_s: float
    peak_rss_mb: float | None
    exit_code: int | None  # None when it was stopped at the time limit
    timed_out: bool = False
    output: str = ""  # the end of what it printed

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out


def _time_works() -> bool:
    if not TIME_BIN.exists():
        return False
    probe = subprocess.run(
        [str(TIME_BIN), "-v", "true"], capture_output=True, text=True, check=False
    )
    return probe.returncode == 0 and "Maximum resident set size" in probe.stderr


USE_TIME = _time_works()


# Whether this kernel gives processes' PSS (Linux 4.14 and later).
_HAS_PSS = Path("/proc/self/smaps_rollup").exists()


def _pss_kb(pid: int) -> int | None:
    """A process's proportional set size: its private pages plus its share of pages it shares
    with others (a forked worker's copy-on-write pages count once across the tree)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return None


def _tree_rss_kb(root: int) -> int:
    """The memory of `root` and all its descendants, from /proc: the sum of their PSS where the
    kernel gives it, else of their RSS (which counts pages shared after a fork once per
    process)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2 :].split()
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21])
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        pss = _pss_kb(pid)
        if pss is not None:
            total += pss
        elif not _HAS_PSS:  # no PSS from this kernel: RSS, as the scan saw it
            total += rss.get(pid, 0) * page_kb
        # else the process ended after the scan, or is ending (a worker replaced by a new one):
        # it holds nothing now, and its RSS from the scan would count pages it shared with its
        # parent twice
        stack.extend(children.get(pid, []))
    return total


class TreeSampler(threading.Thread):
    """Samples the memory of a process tree until stopped; keeps the peak in KiB."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        # Reading PSS walks the page tables of every process in the tree: at 0.25 s it took a
        # third of a core from a 2 GB build. Sample often at first, then every 2 s: memory
        # that lasts long enough to matter is still seen.
        started = time.monotonic()
        while not self._stop_event.is_set():
            with contextlib.suppress(OSError, ValueError):
                self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.pid))
            slow = time.monotonic() - started > 10
            self._stop_event.wait(max(self.interval, 2.0) if slow else self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def _rusage_wrapper(report: Path, command: Sequence[str]) -> int:
    """Run `command`; write its peak RSS (KiB) to `report`. Used when /usr/bin/time is missing."""
    code = subprocess.call(list(command))
    report.write_text(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
    return code


# Address-space limit for every measured process, in bytes (0: none); set by --memory-limit.
MEMORY_LIMIT = 0


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def measure(
    command: Sequence[str], cwd: Path, env: dict[str, str], timeout: float, log: Path
) -> Run:
    """Run one command in a new session; its wall time, peak memory and exit code."""
    log.parent.mkdir(parents=True, exist_ok=True)
    report = log.with_suffix(".rusage")
    if USE_TIME:
        full = [str(TIME_BIN), "-v", "-o", str(report), *command]
    else:
        full = [sys.executable, str(Path(__file__)), "--rusage-wrapper", str(report), *command]
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            full,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_limit_memory if MEMORY_LIMIT else None,
        )
        sampler = TreeSampler(proc.pid)
        sampler.start()
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        wall = time.perf_counter() - start
        sampler.stop()
    peak_kb = 0
    with contextlib.suppress(OSError, ValueError):
        text = report.read_text(errors="replace")
        if USE_TIME:
            found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
            peak_kb = int(found.group(1)) if found else 0
        else:
            peak_kb = int(text.strip())
    peak_kb = max(peak_kb, sampler.peak_kb)
    output = log.read_text(encoding="utf-8", errors="replace")[-3000:]
    return Run(
        wall_s=wall,
        peak_rss_mb=peak_kb / 1024 if peak_kb else None,
        exit_code=None if timed_out else proc.returncode,
        timed_out=timed_out,
        output=output,
    )


# ---------------------------------------------------------------------------- results


@dataclass
class StageResult:
    stage: str
    n: int
    runs: list[dict[str, Any]] = field(default_factory=list)
    wall_s: float | None = None  # median of the successful runs
    records_per_s: float | None = None
    peak_rss_mb: float | None = None
    status: str = "ok"  # ok, failed, timeout, skipped
    note: str = ""
    load_average: list[float] = field(default_factory=list)
    measured_at: str = ""
    source: str = ""  # the claimkit commit measured: src/ may change between stages
    extra: dict[str, Any] = field(default_factory=dict)

    def finish(self, runs: list[Run], limit: float | None = None) -> StageResult:
        self.runs = [
            {k: v for k, v in asdict(r).items() if k != "output" or not r.ok} for r in runs
        ]
        good = [r for r in runs if r.ok]
        if good:
            self.wall_s = statistics.median(r.wall_s for r in good)
            self.records_per_s = self.n / self.wall_s if self.wall_s else None
            peaks = [r.peak_rss_mb for r in good if r.peak_rss_mb is not None]
            self.peak_rss_mb = max(peaks) if peaks else None
        if any(r.timed_out for r in runs):
            self.status = "timeout"
            self.note = f"did not finish in {limit:.0f} s" if limit else "did not finish"
        elif not good:
            self.status = "failed"
            tail = runs[-1].output.strip().splitlines()[-3:] if runs else []
            self.note = f"exit code {runs[-1].exit_code}: {' / '.join(tail)}" if runs else ""
        return self


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def new_stage(stage: str, n: int) -> StageResult:
    return StageResult(
        stage,
        n,
        load_average=[round(x, 2) for x in os.getloadavg()],
        measured_at=now(),
        source=source_state(),
    )


# ---------------------------------------------------------------------------- the stages


@dataclass
class Bench:
    """One size's publication and the settings every stage shares."""

    n: int
    root: Path  # the working folder: records/ inside, caches and outputs beside it
    reps: int
    slow_after: float
    timeout: float
    serializer_timeout: float
    env: dict[str, str]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def records(self) -> Path:
        return self.root / "records"

    def log(self, name: str) -> Path:
        return self.root / "logs" / f"{name}.log"

    def repeat(self, name: str, command: Sequence[str], before: Callable[[], None]) -> list[Run]:
        """Up to `reps` runs, fewer when one run is slower than `slow_after`."""
        runs: list[Run] = []
        for i in range(self.reps):
            before()
            run = measure(command, self.root, self.env, self.timeout, self.log(f"{name}-{i}"))
            runs.append(run)
            progress(f"  {name} run {i + 1}: {run.wall_s:.2f} s, exit {run.exit_code}")
            if not run.ok or run.wall_s > self.slow_after:
                break
        return runs

    def clear_caches(self) -> None:
        """Delete every validation cache: CLAIMKIT_CACHE_DIR and XDG_CACHE_HOME (both in the
        working folder, see bench_size) and any `.claimkit-cache` beside or in the records."""
        candidates = [self.root / CACHE_NAME, self.root / ".xdg-cache"]
        candidates += self.root.glob(f"*/{CACHE_NAME}")
        candidates += self.records.glob(f"*/{CACHE_NAME}")
        for folder in candidates:
            if folder.is_dir():
                shutil.rmtree(folder)


def tool(name: str) -> str:
    beside = BIN / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"run.py: cannot find {name}; install the dev dependencies")
    return found


def stage_generate(bench: Bench, seed: int) -> StageResult:
    result = new_stage("generate", bench.n)
    command = [sys.executable, str(HERE / "generate.py"), str(bench.n), "records"]
    run = measure(
        [*command, "--seed", str(seed)], bench.root, bench.env, bench.timeout, bench.log("generate")
    )
    if not run.ok:
        raise SystemExit(f"run.py: generate.py failed:\n{run.output}")
    for folder in sorted(p for p in bench.records.iterdir() if p.is_dir()):
        bench.counts[folder.name] = sum(1 for _ in folder.iterdir())
    result.extra["records"] = sum(bench.counts.values()) + 1
    result.extra["counts"] = bench.counts
    claims = (bench.records / "claims").iterdir()
    result.extra["claim_bytes"] = sum(p.stat().st_size for p in claims)
    return result.finish([run])


def _summary(run: Run) -> str:
    lines = [line for line in run.output.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def stage_validate(bench: Bench) -> list[StageResult]:
    command = [tool("claimkit"), "validate", "records"]
    cold = new_stage("validate-cold", bench.n)
    cold_runs = bench.repeat("validate-cold", command, bench.clear_caches)
    cold.finish(cold_runs, bench.timeout)
    cold.extra["summary"] = _summary(cold_runs[-1]) if cold_runs else ""
    warm = new_stage("validate-warm", bench.n)
    if not cold_runs or not cold_runs[-1].ok:
        warm.status, warm.note = "skipped", "the cold run failed"
        return [cold, warm]
    warm_runs = bench.repeat("validate-warm", command, lambda: None)
    warm.finish(warm_runs, bench.timeout)
    warm.extra["summary"] = _summary(warm_runs[-1]) if warm_runs else ""
    return [cold, warm]


def stage_validate_edit(bench: Bench) -> StageResult:
    """`claimkit validate` after one claim record changed, the cache warm (a first run, not
    timed, fills it)."""
    result = new_stage("validate-edit", bench.n)
    command = [tool("claimkit"), "validate", "records"]
    _first, runs = _first_then_edits(bench, "validate-edit", command, command)
    return result.finish(runs, bench.timeout)


def _chunks(args: list[str], budget: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    size = 0
    for arg in args:
        if chunk and size + len(arg) + 1 > budget:
            yield chunk
            chunk, size = [], 0
        chunk.append(arg)
        size += len(arg) + 1
    if chunk:
        yield chunk


def stage_check_jsonschema(bench: Bench) -> StageResult:
    result = new_stage("check-jsonschema", bench.n)
    files = sorted(f"records/claims/{p.name}" for p in (bench.records / "claims").iterdir())
    env_size = sum(len(k) + len(v) + 2 for k, v in bench.env.items())
    budget = min(os.sysconf("SC_ARG_MAX") // 2 - env_size, 1_000_000)
    base = [tool("check-jsonschema"), "--schemafile", str(CLAIM_SCHEMA)]
    chunks = list(_chunks(files, budget))
    runs: list[Run] = []
    for rep in range(bench.reps):
        parts: list[Run] = []
        deadline = bench.timeout
        for i, chunk in enumerate(chunks):
            part = measure(
                [*base, *chunk], bench.root, bench.env, deadline, bench.log(f"cjs-{rep}-{i}")
            )
            parts.append(part)
            deadline -= part.wall_s
            if not part.ok or deadline <= 0:
                break
        peaks = [p.peak_rss_mb for p in parts if p.peak_rss_mb is not None]
        done = len(parts) == len(chunks) and all(p.ok for p in parts)
        run = Run(
            wall_s=sum(p.wall_s for p in parts),
            peak_rss_mb=max(peaks) if peaks else None,
            exit_code=0 if done else (parts[-1].exit_code if parts else None),
            timed_out=any(p.timed_out for p in parts) or (deadline <= 0 and not done),
            output=parts[-1].output if parts else "",
        )
        runs.append(run)
        progress(f"  check-jsonschema run {rep + 1}: {run.wall_s:.2f} s in {len(parts)} call(s)")
        if not run.ok or run.wall_s > bench.slow_after:
            break
    result.extra["invocations"] = len(chunks)
    return result.finish(runs, bench.timeout)


def stage_export(bench: Bench) -> StageResult:
    result = new_stage("export", bench.n)
    out = bench.root / "export"
    command = [tool("claimkit"), "export", "--records", "records", "--output", str(out)]
    runs = bench.repeat("export", command, lambda: shutil.rmtree(out, ignore_errors=True))
    result.finish(runs, bench.timeout)
    if out.is_dir():
        result.extra["bytes"] = dump_bytes(sorted(out.iterdir()))
    return result


def _edit_one_claim(bench: Bench) -> tuple[Callable[[], None], Callable[[], None]]:
    """Change one claim's text (a new text each time), and put it back."""
    record = sorted((bench.records / "claims").glob("*.yaml"))[len(bench.counts) % 7]
    original = record.read_text(encoding="utf-8")
    edits = iter(range(1, 1000))

    def edit() -> None:
        text = original.replace('claimReviewed: "', f'claimReviewed: "Edit {next(edits)}: ', 1)
        record.write_text(text, encoding="utf-8")

    def restore() -> None:
        record.write_text(original, encoding="utf-8")

    return edit, restore


# Seconds after which a file's status is trusted (records.filestatus.RACY_MARGIN_NS), and a bit.
RACY_S = 3.2


def _first_then_edits(
    bench: Bench, name: str, first_command: Sequence[str], command: Sequence[str]
) -> tuple[Run, list[Run]]:
    """Run `first_command` once (not timed: it fills the cache or the output folder), then
    `command` after each of up to `reps` one-claim edits (the claim put back after); the first
    run and the timed runs (the first alone when it failed)."""
    first = measure(first_command, bench.root, bench.env, bench.timeout, bench.log(f"{name}-first"))
    if not first.ok:
        return first, [first]
    # The records were written just before: those written in the 3 s before the first run are
    # read again by the next (git's rule for statuses too recent to trust). A user's records
    # are older than that; one more validation (untimed) settles them, as a user's last
    # validation would have.
    time.sleep(RACY_S)
    measure(
        [tool("claimkit"), "validate", "records"],
        bench.root,
        bench.env,
        bench.timeout,
        bench.log(f"{name}-settle"),
    )
    edit, restore = _edit_one_claim(bench)
    try:
        return first, bench.repeat(name, command, edit)
    finally:
        restore()


def _build_command(bench: Bench, out: Path, *more: str) -> list[str]:
    folder = ["--records", "records", "--docs", str(bench.root / "no-docs"), "--output", str(out)]
    return [tool("claimkit"), "build", *folder, *more]


def stage_build_edit(bench: Bench) -> StageResult:
    """`claimkit build --incremental` after one claim record changed, into the folder of an
    earlier build (made first, not timed)."""
    result = new_stage("build-edit", bench.n)
    out = bench.root / "build-edit"
    incremental = _build_command(bench, out, "--incremental")
    first, runs = _first_then_edits(bench, "build-edit", _build_command(bench, out), incremental)
    if not first.ok:
        return result.finish(runs, bench.timeout)
    result.extra["first_build_s"] = round(first.wall_s, 2)
    said = bench.log("build-edit-0").read_text(encoding="utf-8", errors="replace")
    taken = re.search(r"rendered (\d+), took (\d+)", said)
    if taken:
        result.extra["rendered"], result.extra["reused"] = map(int, taken.groups())
    return result.finish(runs, bench.timeout)


def stage_serve_edit(bench: Bench) -> StageResult:
    """A running preview's rebuild after a one-record edit (benchmarks/serve_probe.py)."""
    result = new_stage("serve-edit", bench.n)
    report = bench.root / "serve-edit.json"
    command = [sys.executable, str(HERE / "serve_probe.py"), "records", "serve-edit", str(report)]
    command += ["--reps", str(bench.reps)]
    whole = measure(command, bench.root, bench.env, bench.timeout, bench.log("serve-edit"))
    if not whole.ok or not report.is_file():
        return result.finish([whole], bench.timeout)
    found = json.loads(report.read_text(encoding="utf-8"))
    runs = [Run(r["wall_s"], None, 0 if r["ok"] else 1, output=r["said"]) for r in found["runs"]]
    result.extra["first_build_s"] = round(found["first_build_s"], 2)
    result.extra["peak_rss_mb"] = whole.peak_rss_mb
    if found["runs"]:
        result.extra["said"] = found["runs"][-1]["said"]
    return result.finish(runs, bench.timeout)


def dump_bytes(paths: list[Path]) -> dict[str, int]:
    """The size of each dump, its parts added up (`claims-0001.nt`... as `claims.nt`), and the
    number of parts when it is cut."""
    out: dict[str, int] = {}
    parts = 0
    for path in paths:
        found = re.fullmatch(r"([a-z]+)-([0-9]{4,})(\..+)", path.name)
        name = found[1] + found[3] if found else path.name
        parts = max(parts, int(found[2]) if found else 1)
        out[name] = out.get(name, 0) + path.stat().st_size
    if parts > 1:
        out["parts"] = parts
    return out


def stage_export_edit(bench: Bench) -> StageResult:
    """`claimkit export` after one claim record changed, into the folder of an earlier export
    (made first, not timed): the incremental export."""
    result = new_stage("export-edit", bench.n)
    out = bench.root / "export-edit"
    command = [tool("claimkit"), "export", "--records", "records", "--output", str(out)]
    first, runs = _first_then_edits(bench, "export-edit", command, command)
    if not first.ok:
        return result.finish(runs, bench.timeout)
    result.extra["first_export_s"] = round(first.wall_s, 2)
    return result.finish(runs, bench.timeout)


def stage_import(bench: Bench) -> StageResult:
    """`claimkit import` of the publication's own JSON-LD dump into an empty publication."""
    result = new_stage("import", bench.n)
    source = bench.root / "import-source"
    if not list(source.glob("claims*.jsonld")):  # the dump to import, made once, not timed
        subprocess.run(
            [tool("claimkit"), "export", "--records", "records", "--output", str(source)],
            cwd=bench.root,
            env=bench.env,
            check=True,
            capture_output=True,
        )
    dumps = sorted(source.glob("claims*.jsonld"))  # one file, or its parts
    target = bench.root / "import-into" / "records"
    site = (bench.records / "site.yaml").read_text(encoding="utf-8")
    publisher = re.search(r"^publisher: *\"?([a-z0-9-]+)", site, re.MULTILINE)
    assert publisher is not None, "the generated site.yaml names its publisher"

    def empty() -> None:
        shutil.rmtree(target.parent, ignore_errors=True)
        (target / "organizations").mkdir(parents=True)
        shutil.copy(bench.records / "site.yaml", target / "site.yaml")
        org = f"organizations/{publisher[1]}.yaml"
        shutil.copy(bench.records / org, target / org)

    command = [
        tool("claimkit"), "import", *map(str, dumps), "--records", str(target), "--quiet",
        "--schema", str(REPO / "schema"), "--max-size", "1024",  # one dump of every claim
    ]  # fmt: skip
    runs = bench.repeat("import", command, empty)
    result.finish(runs, bench.timeout)
    texts = [dump.read_text(encoding="utf-8") for dump in dumps]
    result.extra["reviews"] = sum(text.count('"@type":"ClaimReview"') for text in texts)
    result.extra["media_reviews"] = sum(text.count('"@type":"MediaReview"') for text in texts)
    return result


def stage_rdflib(bench: Bench) -> list[StageResult]:
    """claimkit's dumps and rdflib's serializers in one process; medians over the runs."""
    names = ["load-in-process", "dumps-in-process", "rdflib-graph"] + [
        f"rdflib-{fmt}" for fmt in SERIALIZERS
    ]
    results = {name: new_stage(name, bench.n) for name in names}
    samples: dict[str, list[Run]] = {name: [] for name in names}
    report = bench.root / "rdflib-worker.json"
    out = bench.root / "rdflib-out"
    command = [
        sys.executable,
        str(Path(__file__)),
        "--rdflib-worker",
        "--records",
        "records",
        "--output",
        str(out),
        "--serializer-timeout",
        str(bench.serializer_timeout),
        "--report",
        str(report),
    ]
    worker_limit = bench.timeout + len(SERIALIZERS) * bench.serializer_timeout
    extra: dict[str, Any] = {}
    for i in range(bench.reps):
        shutil.rmtree(out, ignore_errors=True)
        report.unlink(missing_ok=True)
        run = measure(command, bench.root, bench.env, worker_limit, bench.log(f"rdflib-{i}"))
        data = json.loads(report.read_text()) if report.exists() else {"steps": {}}
        for name in names:
            step = data["steps"].get(name)
            if step is None:  # the process ended before this step: show how it ended
                samples[name].append(run if not run.ok else Run(run.wall_s, None, 1, False, ""))
                continue
            samples[name].append(
                Run(step["wall_s"], step["peak_rss_mb"], step["exit_code"], step["timed_out"])
            )
        extra = {"graph": data.get("graph", ""), "triples": data.get("triples")}
        extra["bytes"] = data.get("bytes", {})
        slowest = max((s["wall_s"] for s in data["steps"].values()), default=0)
        progress(f"  rdflib process run {i + 1}: {run.wall_s:.2f} s (slowest step {slowest:.1f} s)")
        if not run.ok or run.wall_s > bench.slow_after:
            break
    for name in names:
        limit = bench.serializer_timeout if name.startswith("rdflib-") else bench.timeout
        results[name].finish(samples[name], limit)
    results["rdflib-graph"].extra = extra
    return list(results.values())


def stage_build(bench: Bench) -> StageResult:
    result = new_stage("build", bench.n)
    out = bench.root / "build"

    def before() -> None:
        shutil.rmtree(out, ignore_errors=True)
        bench.clear_caches()

    command = [
        tool("claimkit"),
        "build",
        "--records",
        "records",
        "--docs",
        str(bench.root / "no-docs"),
        "--output",
        str(out),
    ]
    runs = bench.repeat("build", command, before)
    result.finish(runs, bench.timeout)
    summary = _summary(runs[-1]) if runs else ""
    pages = re.search(r"built (\d+) pages", summary)
    if pages:
        result.extra["pages"] = int(pages.group(1))
    # The search index: Pagefind's time in each run (the build says it), as a share of the run.
    shares, seconds = [], []
    steps: dict[str, list[float]] = {}
    for i, run in enumerate(runs):
        said = bench.log(f"build-{i}").read_text(encoding="utf-8", errors="replace")
        for name, taken in build_steps(said).items() if run.ok else ():
            steps.setdefault(name, []).append(taken)
        found = re.search(r"indexed (\d+) pages for search in ([\d.]+) s", said)
        if run.ok and found:
            result.extra["search_pages"] = int(found.group(1))
            seconds.append(float(found.group(2)))
            shares.append(float(found.group(2)) / run.wall_s)
    if steps:
        result.extra["steps_s"] = {name: statistics.median(v) for name, v in steps.items()}
    if seconds:
        result.extra["search_index_s"] = statistics.median(seconds)
        result.extra["search_index_share"] = statistics.median(shares)
    site = out / "site"
    if (site / "pagefind").is_dir():
        files, size = index_size(site)
        result.extra["search_index_files"] = files
        result.extra["search_index_bytes"] = size
        queries = first_results(site)
        if queries:
            result.extra["search_queries"] = queries
            result.extra["search_first_result_bytes"] = max(q["search_bytes"] for q in queries)
    return result


def build_steps(said: str) -> dict[str, float]:
    """The seconds of each step a build's output ends with (`steps: validate 2.6 s, ...`)."""
    found = re.search(r"^steps: (.*)$", said, re.MULTILINE)
    if found is None:
        return {}
    parts = (re.fullmatch(r"(\w+) ([\d.]+) s", part) for part in found.group(1).split(", "))
    return {m.group(1): float(m.group(2)) for m in parts if m}


def step_growth(stages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """How much longer each of the build's steps takes for ten times the claims (as `growth`
    does for whole stages), where both builds said their steps."""
    out: list[dict[str, Any]] = []
    for big in sorted({s["n"] for s in stages if s["stage"] == "build"}):
        first, second = _stage(stages, "build", big // 10), _stage(stages, "build", big)
        if big % 10 or first is None or second is None:
            continue
        before = first.get("extra", {}).get("steps_s", {})
        after = second.get("extra", {}).get("steps_s", {})
        for name in before:
            if name in after and before[name] > 0:
                out.append(
                    {
                        "step": name,
                        "from_n": big // 10,
                        "to_n": big,
                        "from_s": before[name],
                        "to_s": after[name],
                        "value": after[name] / before[name],
                    }
                )
    return out


PLAIN_CONFIG = """\
site_name: Plain benchmark
site_url: https://plain.example.org/
theme:
  name: material
  font: false
plugins:
  - search
nav:
  - index.md
not_in_nav: /pages/
validation:
  nav:
    omitted_files: ignore
"""


def stage_mkdocs_plain(bench: Bench, pages: int) -> StageResult:
    result = new_stage("mkdocs-plain", bench.n)
    site = bench.root / "plain"
    docs = site / "docs" / "pages"
    if not site.exists():
        docs.mkdir(parents=True)
        (site / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
        (site / "docs" / "index.md").write_text("# Plain\n\nA page.\n", encoding="utf-8")
        for i in range(1, pages):
            (docs / f"page-{i}.md").write_text(f"# Page {i}\n\nOne line of text.\n")
    command = [tool("mkdocs"), "build", "-q", "-f", str(site / "mkdocs.yml")]
    runs = bench.repeat(
        "mkdocs-plain", command, lambda: shutil.rmtree(site / "site", ignore_errors=True)
    )
    result.extra["pages"] = pages
    return result.finish(runs, bench.timeout)


# ---------------------------------------------------------------------------- the rdflib worker


def rdflib_worker(records: Path, out: Path, serializer_timeout: float, report: Path) -> int:
    """Time claimkit's dumps and rdflib's serializers on one catalog; write a JSON report."""
    from rdflib import Graph

    from claimkit.linked_data.export import write_dumps
    from claimkit.validation.run import validate_paths

    steps: dict[str, dict[str, Any]] = {}
    data: dict[str, Any] = {"steps": steps, "bytes": {}}

    def peak() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def save() -> None:
        report.write_text(json.dumps(data, indent=1))

    def step(name: str, wall: float) -> None:
        steps[name] = {"wall_s": wall, "peak_rss_mb": peak(), "exit_code": 0, "timed_out": False}
        save()

    start = time.perf_counter()
    result = validate_paths([records])
    if result.errors or not result.catalogs:
        save()
        return 1
    catalog = result.catalogs[0]
    step("load-in-process", time.perf_counter() - start)

    start = time.perf_counter()
    written = write_dumps(catalog, out / "claimkit")
    step("dumps-in-process", time.perf_counter() - start)
    data["bytes"].update({f"claimkit {k}": v for k, v in dump_bytes(written).items()})

    start = time.perf_counter()
    try:
        from claimkit.linked_data.graph import build_graph

        graph = build_graph(catalog)
        data["graph"] = "claimkit.linked_data.graph.build_graph"
    except ImportError:
        graph = Graph()
        for part in sorted((out / "claimkit").glob("claims*.nt")):
            graph.parse(part, format="nt")
        data["graph"] = "rdflib parse of claimkit's claims.nt"
    step("rdflib-graph", time.perf_counter() - start)
    data["triples"] = len(graph)
    save()
    del catalog, result

    for fmt in SERIALIZERS:
        target = out / f"rdflib.{fmt}"
        timing = out / f"rdflib.{fmt}.time"
        pid = os.fork()
        if pid == 0:  # the child serializes, records its own time and leaves at once
            code = 1
            try:
                began = time.perf_counter()
                graph.serialize(destination=str(target), format=fmt)
                timing.write_text(str(time.perf_counter() - began))
                code = 0
            finally:
                os._exit(code)
        began = time.perf_counter()
        timed_out = False
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if time.perf_counter() - began > serializer_timeout:
                os.kill(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                timed_out = True
                break
            time.sleep(0.05)
        wall = float(timing.read_text()) if timing.exists() else time.perf_counter() - began
        steps[f"rdflib-{fmt}"] = {
            "wall_s": wall,
            "peak_rss_mb": usage.ru_maxrss / 1024,
            "exit_code": None if timed_out else os.waitstatus_to_exitcode(status),
            "timed_out": timed_out,
        }
        if target.exists() and not timed_out:
            data["bytes"][f"rdflib {fmt}"] = target.stat().st_size
        save()
    return 0


# ---------------------------------------------------------------------------- the run


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_mb = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_mb = round(int(line.split()[1]) / 1024)
    return {
        "uname": " ".join(platform.uname()).strip(),
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "memory_mb": memory_mb,
        "python": platform.python_version(),
        "peak_memory_from": "/usr/bin/time -v" if USE_TIME else "getrusage(RUSAGE_CHILDREN)",
    }


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def source_state() -> str:
    """The commit the figures were measured on, and whether src/ had changes on top of it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head or 'unknown'}{' with uncommitted changes in src/' if dirty else ''}"


def versions() -> dict[str, str]:
    found: dict[str, str] = {"claimkit source": source_state()}
    for name in VERSIONED:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def bench_size(n: int, base: Path, args: argparse.Namespace, stages: set[str]) -> list[StageResult]:
    root = base / f"n{n}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    env = dict(os.environ)
    # claimkit keeps its cache in CLAIMKIT_CACHE_DIR, else under XDG_CACHE_HOME (else
    # ~/.cache): both point into the working folder, where a cold run can delete them.
    env["CLAIMKIT_CACHE_DIR"] = str(root / CACHE_NAME)
    env["XDG_CACHE_HOME"] = str(root / ".xdg-cache")
    env.pop("SOURCE_DATE_EPOCH", None)
    reps = 1 if args.quick else args.reps
    bench = Bench(n, root, reps, args.slow_after, args.timeout, args.serializer_timeout, env)
    progress(f"{n} claims: generating into {bench.records}")
    out: list[StageResult] = [stage_generate(bench, args.seed)]
    if "validate" in stages:
        out += stage_validate(bench)
    if "validate-edit" in stages:
        out.append(stage_validate_edit(bench))
    if "check-jsonschema" in stages:
        out.append(stage_check_jsonschema(bench))
    if "export" in stages:
        out.append(stage_export(bench))
    if "export-edit" in stages:
        out.append(stage_export_edit(bench))
    if "rdflib" in stages:
        out += stage_rdflib(bench)
    if "import" in stages:
        out.append(stage_import(bench))
    build_wanted = "build" in stages and (n < BIG or args.big_build)
    pages = None
    if build_wanted:
        built = stage_build(bench)
        out.append(built)
        pages = built.extra.get("pages")
    elif "build" in stages:
        skipped = new_stage("build", n)
        skipped.status, skipped.note = "skipped", "100,000-claim builds run with --big-build"
        out.append(skipped)
    if "mkdocs" in stages and (n < BIG or args.big_build):
        out.append(stage_mkdocs_plain(bench, pages or sum(bench.counts.values()) + 12))
    if "build-edit" in stages and (n < BIG or args.big_build):
        out.append(stage_build_edit(bench))
    if "serve-edit" in stages and (n < BIG or args.big_build):
        out.append(stage_serve_edit(bench))
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return out


def _stage(stages: list[dict[str, Any]], name: str, n: int) -> dict[str, Any] | None:
    return next((s for s in stages if s["stage"] == name and s["n"] == n), None)


def _wall(stages: list[dict[str, Any]], name: str, n: int) -> float | None:
    found = _stage(stages, name, n)
    return found["wall_s"] if found and found["status"] == "ok" else None


def ratios(stages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Speed-ups and slow-downs against the tools claimkit replaces, at every size measured."""
    out: list[dict[str, Any]] = []
    for n in sorted({s["n"] for s in stages}):
        cjs = _stage(stages, "check-jsonschema", n)
        cjs_wall = cjs["wall_s"] if cjs else None
        if cjs and cjs["status"] == "timeout" and cjs["runs"]:
            cjs_wall = cjs["runs"][0]["wall_s"]  # it takes at least this long
        for name in ("validate-cold", "validate-warm"):
            own = _wall(stages, name, n)
            if own and cjs_wall:
                out.append(
                    {
                        "n": n,
                        "name": f"check-jsonschema / {name.replace('-', ' ')}",
                        "value": cjs_wall / own,
                        "meaning": "how many times faster claimkit validates",
                        "lower_bound": cjs is not None and cjs["status"] == "timeout",
                    }
                )
        dumps = _wall(stages, "dumps-in-process", n)
        graph = _wall(stages, "rdflib-graph", n)
        if dumps and graph:
            total, bound = graph, False
            for fmt in SERIALIZERS:
                step = _stage(stages, f"rdflib-{fmt}", n)
                if step and step["status"] == "ok":
                    total += step["wall_s"]
                elif step and step["status"] == "timeout":
                    total += step["runs"][0]["wall_s"]
                    bound = True
            out.append(
                {
                    "n": n,
                    "name": "rdflib graph + 3 serializers / claimkit dumps",
                    "value": total / dumps,
                    "meaning": "how many times faster claimkit writes the dumps",
                    "lower_bound": bound,
                }
            )
        build = _wall(stages, "build", n)
        plain = _wall(stages, "mkdocs-plain", n)
        if build and plain:
            out.append(
                {
                    "n": n,
                    "name": "claimkit build / plain mkdocs build",
                    "value": build / plain,
                    "meaning": "how much longer claimkit's build takes than mkdocs alone",
                    "lower_bound": False,
                }
            )
    return out


def growth(stages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """How much longer each stage takes for ten times the claims: its median wall time at N
    claims over its median at N/10, for every N/10 and N both measured (a cost that grows
    with the work gives about 10 times)."""
    out: list[dict[str, Any]] = []
    sizes = sorted({s["n"] for s in stages})
    for big in sizes:
        small = big // 10
        if big % 10 or small not in sizes:
            continue
        for name in STAGES:
            before, after = _wall(stages, name, small), _wall(stages, name, big)
            if before and after:
                first, second = _stage(stages, name, small), _stage(stages, name, big)
                assert first is not None and second is not None
                out.append(
                    {
                        "stage": name,
                        "from_n": small,
                        "to_n": big,
                        "from_s": before,
                        "to_s": after,
                        "value": after / before,
                        # Figures of two commits, or two days, compare less well.
                        "same_source": first.get("source") == second.get("source")
                        and first.get("measured_at", "")[:10] == second.get("measured_at", "")[:10],
                    }
                )
    return out


def check_targets(
    stages: list[dict[str, Any]],
    found: list[dict[str, Any]],
    grown: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for target in TARGETS:
        entry = asdict(target)
        value: float | None = None
        stage = _stage(stages, target.stage, target.n)
        if target.metric in ("wall_s", "peak_rss_mb") and stage and stage["status"] == "ok":
            value = stage[target.metric]
        elif target.metric.startswith("search_") and stage:
            value = stage.get("extra", {}).get(target.metric)
        elif target.metric == "validate_speedup":
            value = next(
                (
                    r["value"]
                    for r in found
                    if r["n"] == target.n and r["name"].endswith("validate cold")
                ),
                None,
            )
        elif target.metric == "growth":
            value = next(
                (
                    g["value"]
                    for g in grown or []
                    if g["stage"] == target.stage and g["to_n"] == target.n
                ),
                None,
            )
        elif target.metric == "build_vs_mkdocs":
            value = next(
                (r["value"] for r in found if r["n"] == target.n and "plain mkdocs" in r["name"]),
                None,
            )
        entry["value"] = value
        if value is None:
            entry["met"] = None
            entry["note"] = stage["note"] if stage and stage.get("note") else ""
            if stage and stage["status"] == "timeout":
                entry["met"] = False
        else:
            entry["met"] = value <= target.limit if target.kind == "max" else value >= target.limit
            entry["by"] = (
                (value - target.limit) / target.limit
                if target.kind == "max"
                else (target.limit - value) / target.limit
            )
        out.append(entry)
    return out


# ---------------------------------------------------------------------------- the page


def _seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value >= 120:
        return f"{value / 60:.1f} min"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return _seconds(value)
    if unit == "MiB":
        return f"{value / 1024:.2f} GiB" if value >= 1024 else f"{value:.0f} MiB"
    if unit == "bytes":
        return f"{value / 1e6:.2f} MB" if value < 10e6 else f"{value / 1e6:.1f} MB"
    if unit == "share":
        return f"{value * 100:.0f}%"
    return f"{value:.1f}×"


def _verdict(target: dict[str, Any]) -> str:
    if target["met"] is None:
        note = target.get("note", "")
        return f"not measured: {note}" if note else f"not measured at {target['n']:,} claims"
    by = abs(target.get("by", 0.0)) * 100
    if target["met"]:
        return "**met**" + (f", {by:.0f}% to spare" if by >= 1 else "")
    value, limit = target["value"], target["limit"]
    if value is None:
        return f"**missed**: {target.get('note', '')}"
    if target["kind"] == "max" and value >= 2 * limit:
        return f"**missed**: {value / limit:.1f}× the limit"
    return f"**missed** by {by:.0f}%"


def _runs(runs: list[dict[str, Any]]) -> str:
    walls = sorted(r["wall_s"] for r in runs if r["exit_code"] == 0 and not r["timed_out"])
    if len(walls) < 2:
        return str(len(runs))
    return f"{len(runs)} ({_seconds(walls[0])} – {_seconds(walls[-1])})"


def _sources(stages: list[dict[str, Any]]) -> str:
    """Which claimkit commit each stage was measured on: src/ changes between runs."""
    by_source: dict[str, dict[int, list[str]]] = {}
    for s in stages:
        source = s.get("source") or "an unrecorded commit"
        by_source.setdefault(source, {}).setdefault(s["n"], []).append(s["stage"])
    every = {n: {s["stage"] for s in stages if s["n"] == n} for n in {s["n"] for s in stages}}
    parts = []
    for source, sizes in by_source.items():
        groups = [
            f"every stage at {n:,}"
            if set(names) == every[n]
            else f"{', '.join(f'`{name}`' for name in names)} at {n:,}"
            for n, names in sorted(sizes.items())
        ]
        parts.append(f"{source}: {'; '.join(groups)}")
    return ". ".join(parts)


def render_page(results: dict[str, Any]) -> str:
    stages: list[dict[str, Any]] = results["stages"]
    targets: list[dict[str, Any]] = results["targets"]
    m, v = results["machine"], results["versions"]
    lines = [
        "# Performance",
        "",
        "How long claimkit takes on publications of 1,000 to 100,000 claims, against the "
        "targets set for it and against the tools it replaces. This page is written by "
        "`benchmarks/run.py` (run it with `make bench`) from `benchmarks/results.json`; "
        "do not edit it by hand.",
        "",
        f"Measured on {results['date'][:10]}, on {m['cores']} cores ({m['cpu']}), "
        f"{(m['memory_mb'] or 0) / 1024:.0f} GiB of memory, Python {m['python']}. "
        f"The machine is shared: load average {results['load_average']['start']} at the start "
        f"and {results['load_average']['end']} at the end (each stage's own is in the JSON "
        "file), and runs of one stage can differ by a factor of two: compare figures of one "
        "run with each other, and read the ranges.",
        "",
        "The publications are synthetic (`benchmarks/generate.py`): per N claims, about N/5 "
        "articles, N/10 people, N/50 organizations and N/200 topics; 80% of claims reviewed; "
        "a claim file is about 2 KB.",
        "",
        "## Targets",
        "",
        "| target | limit | measured | result |",
        "|---|---|---|---|",
    ]
    for t in targets:
        lines.append(
            f"| {t['name']} | {'≥' if t['kind'] == 'min' else '≤'} "
            f"{_amount(t['limit'], t['unit'])} | {_amount(t['value'], t['unit'])} | "
            f"{_verdict(t)} |"
        )
    lines += ["", "## Stages", ""]
    by_stage: dict[str, list[dict[str, Any]]] = {}
    for s in stages:
        by_stage.setdefault(s["stage"], []).append(s)
    for name, (title, description) in STAGES.items():
        rows = sorted(by_stage.get(name, []), key=lambda s: s["n"])
        if not rows:
            continue
        lines += [
            f"### {title}",
            "",
            description,
            "",
            "| claims | wall time (median) | runs (range) | claims/s | peak memory | target "
            "| result |",
            "|---|---|---|---|---|---|---|",
        ]
        for s in rows:
            matching = [t for t in targets if t["stage"] == name and t["n"] == s["n"]]
            limits = "; ".join(
                f"{'≥' if t['kind'] == 'min' else '≤'} {_amount(t['limit'], t['unit'])}"
                + ("" if t["metric"] in ("wall_s",) else f" ({_metric_name(t['metric'])})")
                for t in matching
            )
            verdicts = "; ".join(_verdict(t) for t in matching)
            wall = _seconds(s["wall_s"]) if s["status"] == "ok" else s["status"]
            if s["status"] in ("timeout", "failed", "skipped") and s.get("note"):
                wall = f"{s['status']}: {s['note']}"
            rate = f"{s['records_per_s']:,.0f}" if s.get("records_per_s") else "–"
            memory = _amount(s.get("peak_rss_mb"), "MiB")
            lines.append(
                f"| {s['n']:,} | {wall} | {_runs(s['runs'])} | {rate} | {memory} | "
                f"{limits or '–'} | {verdicts or '–'} |"
            )
        lines.append("")
    found = results["ratios"]
    if found:
        lines += [
            "## Against the tools claimkit replaces",
            "",
            "| claims | ratio | value | meaning |",
            "|---|---|---|---|",
        ]
        for r in found:
            value = f"{'≥ ' if r['lower_bound'] else ''}{r['value']:.1f}×"
            lines.append(f"| {r['n']:,} | {r['name']} | {value} | {r['meaning']} |")
        lines.append("")
    lines += _growth_section(results.get("growth", []), targets)
    lines += _step_growth_section(step_growth(stages))
    lines += _search_section(stages)
    lines += [
        "## How it is measured",
        "",
        "- Each stage is its own process, started from a fresh working folder that holds "
        "`records/`. Wall time is measured around the process; peak memory is the larger of "
        f"the biggest process's maximum resident set size ({m['peak_memory_from']}) and the "
        "sum of proportional set sizes (PSS) over the process tree, sampled every 0.25 s for "
        "10 s, then every 2 s (PSS counts a page that forked workers share with their parent "
        "once; reading it costs CPU, which the sampling interval keeps small).",
        "- A stage runs up to three times and the median is shown; a stage whose run takes "
        "over a minute runs once. Claims/s is N divided by the wall time.",
        "- Cold validation deletes claimkit's cache before each run (`CLAIMKIT_CACHE_DIR` and "
        "`XDG_CACHE_HOME` point into the working folder; any `.claimkit-cache` folder there "
        "goes too); the operating system's file cache stays warm. `claimkit export` runs "
        "with the validation cache warm, into a folder deleted before each run (a full "
        "export); after a one-record edit, into the folder of an export made just before "
        "(not timed), each run after one claim's text changed. `claimkit build` runs with "
        "the validation cache cold, as on a fresh checkout in CI.",
        "- check-jsonschema reads only the claim files (claimkit also reads the other "
        "records and checks references between them); it is given as many files per call as "
        "the command line allows, and the calls are summed.",
        "- The rdflib comparison runs in one process: claimkit validates the records and "
        "writes its dumps, then the same triples are put in an rdflib graph and each rdflib "
        "serializer runs in a forked child, stopped after "
        f"{results['settings']['serializer_timeout']:.0f} s.",
        "- The plain mkdocs build has as many one-line Markdown pages as claimkit's build "
        "wrote, with Material and the search plugin and the pages out of the navigation.",
        "- MB is 10^6 bytes; MiB and GiB are powers of 1,024.",
        "",
        *_analysis(),
        "## Versions",
        "",
        f"`{m['uname'].strip()}`",
        "",
        f"claimkit commits measured: {_sources(stages)}.",
        "",
        ", ".join(f"{k} {v[k]}" for k in v if k != "claimkit source"),
        "",
    ]
    return "\n".join(lines)


def _growth_section(grown: list[dict[str, Any]], targets: list[dict[str, Any]]) -> list[str]:
    """Each stage's growth factor for ten times the claims, beside its target where it has
    one: a cost that grows with the work gives about 10 times."""
    if not grown:
        return []
    lines = [
        "## Growth for ten times the claims",
        "",
        "Median wall time at N claims over the median at N/10 (a cost that grows with the work "
        "gives about 10×; more means something costs more per claim in a bigger publication). "
        "The two sizes are measured in the same run only when both were run together: read the "
        "load averages in the JSON file.",
        "",
        "| stage | claims | wall time | growth | target | result |",
        "|---|---|---|---|---|---|",
    ]
    for g in grown:
        matching = [
            t
            for t in targets
            if t["metric"] == "growth" and t["stage"] == g["stage"] and t["n"] == g["to_n"]
        ]
        limit = "; ".join(f"≤ {_amount(t['limit'], t['unit'])}" for t in matching) or "–"
        verdict = "; ".join(_verdict(t) for t in matching) or "–"
        mark = "" if g.get("same_source", True) else " †"
        lines.append(
            f"| {STAGES[g['stage']][0]} | {g['from_n']:,} → {g['to_n']:,} | "
            f"{_seconds(g['from_s'])} → {_seconds(g['to_s'])} | {g['value']:.1f}×{mark} | "
            f"{limit} | {verdict} |"
        )
    lines.append("")
    if not all(g.get("same_source", True) for g in grown):
        lines += [
            "† The two figures were measured on different days or different commits "
            "(`--merge`): the factor mixes the code's growth with the machine's load.",
            "",
        ]
    return lines


def _step_growth_section(grown: list[dict[str, Any]]) -> list[str]:
    """The growth of each of the build's steps, as the builds said them."""
    if not grown:
        return []
    lines = [
        "### The build's steps",
        "",
        "Each step's seconds as `claimkit build` says them at the end of its output (medians of "
        "the runs): where a build that grows more than ten times spends what it adds.",
        "",
        "| step | claims | time | growth |",
        "|---|---|---|---|",
    ]
    for g in grown:
        lines.append(
            f"| {g['step']} | {g['from_n']:,} → {g['to_n']:,} | "
            f"{_seconds(g['from_s'])} → {_seconds(g['to_s'])} | {g['value']:.1f}× |"
        )
    return [*lines, ""]


def growth_lines(grown: list[dict[str, Any]], steps: Sequence[dict[str, Any]] = ()) -> list[str]:
    """The growth factors as the harness prints them at the end of a run (and the build's
    steps')."""
    return [
        f"growth {g['from_n']:>6} -> {g['to_n']:<7} {g['stage']:<18} "
        f"{_seconds(g['from_s']):>9} -> {_seconds(g['to_s']):>9} {g['value']:5.1f}x"
        + ("" if g.get("same_source", True) else "  (different days or commits)")
        for g in grown
    ] + [
        f"growth {g['from_n']:>6} -> {g['to_n']:<7} build: {g['step']:<11} "
        f"{_seconds(g['from_s']):>9} -> {_seconds(g['to_s']):>9} {g['value']:5.1f}x"
        for g in steps
    ]


def _search_section(stages: list[dict[str, Any]]) -> list[str]:
    """The search index's figures: its size on disk, the time Pagefind took within the build,
    and what a browser fetched for the first results of each query measured."""
    # Builds measured before the search was Pagefind's have no index files counted.
    rows = [s for s in stages if s["stage"] == "build" and "search_index_files" in s["extra"]]
    if not rows:
        return []
    lines = [
        "## Search",
        "",
        "The site's search is Pagefind's index, written by `claimkit build` into `pagefind/` "
        "after mkdocs and before the new site is swapped in. A browser loads it in pieces: "
        "the search code, the index's entry and metadata, the part of the word index a query "
        "falls in, and the fragments of the results it shows. *First results* is what a "
        "browser fetched (files under `pagefind/`, by their size, which is what the server "
        "sent: they are compressed already) from opening the search page with the query in "
        "its address until it showed its first 10 results, in Debian's headless Chromium "
        "with an empty cache against a local server that notes every file it sends "
        "(`benchmarks/search_bench.py`). The search page itself and the theme's files, which "
        "every page loads, are not counted. *Indexing* is Pagefind's time as the build "
        "reports it (median of the runs), and its share of each build's wall time.",
        "",
        "| claims | pages built / indexed | index on disk (files) | indexing | share of the build "
        "| query | pages found | first results: code + index + fragments = total |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in sorted(rows, key=lambda s: s["n"]):
        extra = s["extra"]
        pages = extra.get("pages")
        indexed = extra.get("search_pages")
        shown = " / ".join(f"{p:,}" if isinstance(p, int) else "–" for p in (pages, indexed))
        disk = f"{_amount(extra['search_index_bytes'], 'bytes')} ({extra.get('search_index_files', 0):,})"
        took = _seconds(extra.get("search_index_s"))
        share = _amount(extra.get("search_index_share"), "share")
        queries = extra.get("search_queries") or [None]
        for q in queries:
            if q is None:
                lines.append(f"| {s['n']:,} | {shown} | {disk} | {took} | {share} | – | – | – |")
                continue
            k = q["bytes_by_kind"]
            fetched = (
                f"{k['code'] / 1e3:,.0f} KB + {k['index'] / 1e3:,.0f} KB + "
                f"{k['fragments'] / 1e3:,.0f} KB = {_amount(q['search_bytes'], 'bytes')}"
            )
            lines.append(
                f"| {s['n']:,} | {shown} | {disk} | {took} | {share} | `{q['query']}` | "
                f"{q['found']} | {fetched} |"
            )
    lines.append("")
    return lines


def _analysis() -> list[str]:
    """The hand-written account of where the time goes (benchmarks/analysis.md), if any: the
    figures above are written by this script, the reasons by people reading profiles."""
    if not ANALYSIS.is_file():
        return []
    return [ANALYSIS.read_text(encoding="utf-8").rstrip(), ""]


def _metric_name(metric: str) -> str:
    return {
        "peak_rss_mb": "memory",
        "search_index_bytes": "search index",
        "search_first_result_bytes": "first results of a search",
        "search_index_share": "search indexing",
        "validate_speedup": "speed-up",
        "build_vs_mkdocs": "vs plain mkdocs",
        "growth": "growth from 10,000",
    }.get(metric, metric)


# ---------------------------------------------------------------------------- main


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes are numbers separated by commas: {text}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("give at least one size of 1 or more")
    return sizes


ALL_STAGES = (
    "validate",
    "validate-edit",
    "check-jsonschema",
    "export",
    "export-edit",
    "rdflib",
    "import",
    "build",
    "mkdocs",
    "build-edit",
    "serve-edit",
)


def parse_stages(text: str) -> set[str]:
    chosen = {part.strip() for part in text.split(",") if part.strip()}
    unknown = chosen - set(ALL_STAGES)
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown stage(s) {', '.join(sorted(unknown))}; choose from {', '.join(ALL_STAGES)}"
        )
    return chosen


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Benchmark claimkit on synthetic publications; write results.json and "
        "toolkit-docs/performance.md."
    )
    parser.add_argument(
        "--sizes", type=parse_sizes, default=list(DEFAULT_SIZES), help="claims, e.g. 1000,10000"
    )
    parser.add_argument(
        "--quick", action="store_true", help="200 claims, one run of each stage: a smoke run"
    )
    parser.add_argument(
        "--stages",
        type=parse_stages,
        default=set(ALL_STAGES),
        help=f"comma-separated subset of {','.join(ALL_STAGES)}",
    )
    parser.add_argument("--reps", type=int, default=3, help="runs per stage (default 3)")
    parser.add_argument(
        "--slow-after",
        type=float,
        default=60,
        help="run a stage once when one run takes longer than this many seconds (default 60)",
    )
    parser.add_argument(
        "--timeout", type=float, default=3600, help="limit for one stage run, s (default 3600)"
    )
    parser.add_argument(
        "--serializer-timeout",
        type=float,
        default=120,
        help="limit for each rdflib serializer, s (default 120)",
    )
    parser.add_argument(
        "--big-build", action="store_true", help="also build 100,000 claims (takes minutes)"
    )
    parser.add_argument(
        "--memory-limit",
        type=float,
        default=0,
        metavar="GIB",
        help="address-space limit for each measured process, GiB, to protect a shared "
        "machine (default: none)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument("--results", type=Path, default=RESULTS, help="JSON results file")
    parser.add_argument("--page", type=Path, default=PAGE, help="Markdown page to write")
    parser.add_argument("--workdir", type=Path, help="folder for the publications (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep the generated publications")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the figures already in the results file for stages and sizes not run now",
    )
    parser.add_argument(
        "--render-only", action="store_true", help="rewrite the page from the results file"
    )
    # The comparison process and the memory wrapper are this same script, started again.
    parser.add_argument("--rdflib-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--records", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--rusage-wrapper"]:
        return _rusage_wrapper(Path(argv[1]), argv[2:])
    args = build_parser().parse_args(argv)
    if args.rdflib_worker:
        return rdflib_worker(args.records, args.output, args.serializer_timeout, args.report)
    if args.render_only:
        results = json.loads(args.results.read_text(encoding="utf-8"))
        # Targets and ratios follow from the stages; recomputing them applies today's rules.
        results["ratios"] = ratios(results["stages"])
        results["growth"] = growth(results["stages"])
        results["targets"] = check_targets(results["stages"], results["ratios"], results["growth"])
        for line in growth_lines(results["growth"], step_growth(results["stages"])):
            progress(line)
        write_results(args.results, results)
        write_page(args.page, results)
        return 0
    global MEMORY_LIMIT
    MEMORY_LIMIT = int(args.memory_limit * 1024 * MB)
    if args.quick:
        args.sizes, args.reps, args.big_build = [200], 1, False
        args.serializer_timeout = min(args.serializer_timeout, 60)

    started, load_start = uptime(), ", ".join(f"{x:.2f}" for x in os.getloadavg())
    stages: list[dict[str, Any]] = []
    with contextlib.ExitStack() as stack:
        if args.workdir:
            base = args.workdir.resolve()
            base.mkdir(parents=True, exist_ok=True)
        else:
            base = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="claimkit-bench-")))
        for n in args.sizes:
            for result in bench_size(n, base, args, args.stages):
                stages.append(asdict(result))
                progress(
                    f"{n:>7} {result.stage:<18} {_seconds(result.wall_s):>9} "
                    f"{result.status} {result.note}"
                )

    if args.merge and args.results.exists():
        old = json.loads(args.results.read_text(encoding="utf-8"))
        fresh = {(s["stage"], s["n"]) for s in stages}
        stages = [s for s in old["stages"] if (s["stage"], s["n"]) not in fresh] + stages
    stages.sort(key=lambda s: (s["n"], list(STAGES).index(s["stage"])))
    found = ratios(stages)
    grown = growth(stages)
    for line in growth_lines(grown, step_growth(stages)):
        progress(line)
    results = {
        "date": now(),
        "machine": machine(),
        "versions": versions(),
        "load_average": {
            "start": load_start,
            "end": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        },
        "uptime": {"start": started, "end": uptime()},
        "settings": {
            "sizes": args.sizes,
            "stages": sorted(args.stages),
            "reps": args.reps,
            "slow_after": args.slow_after,
            "timeout": args.timeout,
            "serializer_timeout": args.serializer_timeout,
            "big_build": args.big_build,
            "memory_limit_gib": args.memory_limit or None,
            "quick": args.quick,
            "seed": args.seed,
            "merged": args.merge,
        },
        "stages": stages,
        "ratios": found,
        "growth": grown,
        "targets": check_targets(stages, found, grown),
    }
    write_results(args.results, results)
    write_page(args.page, results)
    progress(f"wrote {args.results} and {args.page}")
    return 0


def write_results(path: Path, results: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def write_page(page: Path, results: dict[str, Any]) -> None:
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(render_page(results), encoding="utf-8", newline="\n")


if __name__ == "__main__":
    sys.exit(main())
