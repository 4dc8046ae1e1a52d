"""The harness's growth factors: each stage's time for ten times the claims, on the page and
against the targets of 11 times. Built from made-up stage figures, so nothing is timed here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

RUN_PY = Path(__file__).resolve().parents[2] / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def run() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", RUN_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


def stage(
    name: str, n: int, wall: float | None, status: str = "ok", day: str = "2026-12-04"
) -> dict[str, Any]:
    return {
        "stage": name,
        "n": n,
        "wall_s": wall,
        "peak_rss_mb": None,
        "records_per_s": None,
        "status": status,
        "runs": [],
        "note": "",
        "extra": {},
        "source": "abc1234",
        "measured_at": f"{day}T12:00:00+00:00",
    }


STAGES = [
    stage("validate-cold", 1000, 0.5),
    stage("validate-cold", 10000, 2.0),
    stage("validate-cold", 100000, 30.0),
    stage("export", 10000, 5.0),
    stage("export", 100000, 50.0, day="2026-12-01"),
    stage("build", 10000, 20.0),
    stage("build", 100000, None, status="timeout"),
    stage("validate-warm", 100000, 1.0),  # no 10,000 figure: no growth
]


def test_growth_per_stage_for_ten_times_the_claims(run: ModuleType) -> None:
    grown = run.growth(STAGES)
    found = {(g["stage"], g["from_n"], g["to_n"]): g for g in grown}
    assert set(found) == {
        ("validate-cold", 1000, 10000),
        ("validate-cold", 10000, 100000),
        ("export", 10000, 100000),
    }
    assert found[("validate-cold", 10000, 100000)]["value"] == pytest.approx(15.0)
    assert found[("validate-cold", 1000, 10000)]["value"] == pytest.approx(4.0)
    assert found[("export", 10000, 100000)]["value"] == pytest.approx(10.0)
    assert found[("validate-cold", 10000, 100000)]["same_source"] is True
    assert found[("export", 10000, 100000)]["same_source"] is False


def test_growth_targets_and_page(run: ModuleType) -> None:
    grown = run.growth(STAGES)
    targets = run.check_targets(STAGES, [], grown)
    by_name = {t["name"]: t for t in targets if t["metric"] == "growth"}
    cold = by_name["validate cold, growth from 10,000 to 100,000 claims"]
    export = by_name["export, growth from 10,000 to 100,000 claims"]
    build = by_name["build, growth from 10,000 to 100,000 claims"]
    assert (cold["value"], cold["met"]) == (pytest.approx(15.0), False)
    assert (export["value"], export["met"]) == (pytest.approx(10.0), True)
    assert (build["value"], build["met"]) == (None, False)  # the 100,000 build timed out

    page = run.render_page(
        {
            "stages": STAGES,
            "targets": targets,
            "ratios": [],
            "growth": grown,
            "machine": {
                "cores": 2,
                "cpu": "test",
                "memory_mb": 4096,
                "python": "3.11",
                "uname": "test",
                "peak_memory_from": "test",
            },
            "versions": {},
            "date": "2026-12-04T12:00:00+00:00",
            "load_average": {"start": "1.00", "end": "1.00"},
            "settings": {"serializer_timeout": 120},
        }
    )
    section = page.split("## Growth for ten times the claims\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| claimkit")]
    assert rows == [
        "| claimkit validate, cold | 1,000 → 10,000 | 0.50 s → 2.00 s | 4.0× | – | – |",
        "| claimkit validate, cold | 10,000 → 100,000 | 2.00 s → 30.0 s | 15.0× | ≤ 11.0× "
        "| **missed** by 36% |",
        "| claimkit export | 10,000 → 100,000 | 5.00 s → 50.0 s | 10.0× † | ≤ 11.0× "
        "| **met**, 9% to spare |",
    ]
    assert "† The two figures were measured on different days" in section
    assert "| validate cold, growth from 10,000 to 100,000 claims | ≤ 11.0× | 15.0× |" in page


def test_growth_lines_as_printed(run: ModuleType) -> None:
    lines = run.growth_lines(run.growth(STAGES))
    assert any("validate-cold" in line and line.endswith("15.0x") for line in lines)
    assert any(
        "export" in line and line.endswith("10.0x  (different days or commits)") for line in lines
    )


def test_the_build_steps_said_are_read_back(run: ModuleType) -> None:
    said = (
        "validated 12 records\nbuilt 78 pages for 12 claims into build/site/ and the dumps into "
        "build/data/ in 1.3 s\nsteps: validate 0.1 s, dumps 0.0 s, mkdocs 12.5 s, swap 0.1 s\n"
    )
    assert run.build_steps(said) == {"validate": 0.1, "dumps": 0.0, "mkdocs": 12.5, "swap": 0.1}
    assert run.build_steps("built 78 pages in 1.3 s\n") == {}


def test_growth_of_the_build_steps(run: ModuleType) -> None:
    small, big = stage("build", 10000, 20.0), stage("build", 100000, 260.0)
    small["extra"]["steps_s"] = {"validate": 2.0, "pages": 5.0, "search": 13.0, "dumps": 0.0}
    big["extra"]["steps_s"] = {"validate": 18.0, "pages": 70.0, "search": 140.0, "dumps": 9.0}
    grown = run.step_growth([small, big, stage("build", 1000, 3.0)])
    assert [(g["step"], round(g["value"], 2)) for g in grown] == [
        ("validate", 9.0),
        ("pages", 14.0),
        ("search", 10.77),
    ]  # the 1,000-claim build said no steps; a step of 0 s has no growth
    section = "\n".join(run._step_growth_section(grown))
    assert "| pages | 10,000 → 100,000 | 5.00 s → 70.0 s | 14.0× |" in section
    lines = run.growth_lines([], grown)
    expected = "growth 10000 -> 100000 build: pages 5.00 s -> 70.0 s 14.0x"
    assert " ".join(lines[1].split()) == expected
