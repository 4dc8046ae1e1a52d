"""Smoke test of the benchmarks: the generator is deterministic and valid, the harness runs.

The figures themselves are never asserted: the machines are shared and noisy.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCHMARKS = REPO / "benchmarks"
CLAIMKIT = Path(sys.executable).parent / "claimkit"
N = 200


def generate(out: Path, seed: int = 7) -> None:
    subprocess.run(
        [sys.executable, str(BENCHMARKS / "generate.py"), str(N), str(out), "--seed", str(seed)],
        check=True,
        capture_output=True,
    )


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench-publication")
    generate(root / "records")
    return root


def test_generator_is_deterministic(publication: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again")
    first, second = tree(publication / "records"), tree(tmp_path / "again")
    assert len(first) > N
    assert first == second


def test_another_seed_gives_other_records(publication: Path, tmp_path: Path) -> None:
    generate(tmp_path / "other", seed=8)
    assert tree(publication / "records") != tree(tmp_path / "other")


def test_generated_proportions(publication: Path) -> None:
    counts = {
        p.name: len(list(p.iterdir())) for p in (publication / "records").iterdir() if p.is_dir()
    }
    assert counts == {
        "claims": N,
        "articles": N // 5,
        "people": N // 10,
        "organizations": N // 50 + 1,
        "topics": 5,
    }


def test_generated_publication_validates_cleanly(publication: Path) -> None:
    done = subprocess.run(
        [str(CLAIMKIT), "validate", "records"],
        cwd=publication,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip().splitlines()[-1].endswith(": 0 errors, 0 warnings"), done.stdout


def _state(path: Path) -> tuple[int, int] | None:
    return (path.stat().st_mtime_ns, path.stat().st_size) if path.exists() else None


def test_quick_run_writes_results(tmp_path: Path) -> None:
    results, page = tmp_path / "results.json", tmp_path / "performance.md"
    committed = [REPO / "benchmarks" / "results.json", REPO / "toolkit-docs" / "performance.md"]
    before = [_state(p) for p in committed]
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "run.py"),
            "--quick",
            "--results",
            str(results),
            "--page",
            str(page),
            "--workdir",
            str(tmp_path / "work"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads(results.read_text(encoding="utf-8"))
    assert {
        "date",
        "machine",
        "versions",
        "load_average",
        "settings",
        "stages",
        "ratios",
        "targets",
    } <= set(data)
    assert {"uname", "cpu", "cores", "memory_mb", "python"} <= set(data["machine"])
    assert data["settings"]["sizes"] == [N]
    stages = {s["stage"]: s for s in data["stages"]}
    assert set(stages) >= {
        "generate",
        "validate-cold",
        "validate-warm",
        "check-jsonschema",
        "export",
        "dumps-in-process",
        "rdflib-graph",
        "rdflib-nt",
        "rdflib-json-ld",
        "rdflib-turtle",
        "build",
        "mkdocs-plain",
    }
    for stage in stages.values():
        assert stage["n"] == N
        assert stage["status"] == "ok", (stage["stage"], stage["note"])
        assert {"wall_s", "records_per_s", "peak_rss_mb", "runs", "load_average"} <= set(stage)
    assert stages["build"]["extra"]["search_index_bytes"] > 0
    assert all({"name", "limit", "value", "met"} <= set(t) for t in data["targets"])
    assert page.read_text(encoding="utf-8").startswith("# Performance\n")
    assert [_state(p) for p in committed] == before, "the committed results were touched"
