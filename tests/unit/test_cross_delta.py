"""A validation run from the cache, after random changes, reports what a cold run reports.

Each step changes the records (a text edited, a record added, deleted, moved, given another
record's id or one no record has, a reference to a record that does not exist or to a typo of
one, a date after today, a record made invalid and then valid again), then validates with the
cache (a run over the index's own files when no file came or went, file by file otherwise; the
checks across records worked out again only for what changed) and without it, and compares
every diagnostic (file, line, column, code, message, severity), the counts and the exit status.
Set CLAIMKIT_INCREMENTAL_SEED to run one seed again (it is printed).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimkit.core.diagnostics import Severity
from claimkit.records import filestatus
from claimkit.validation import crosscheck, crossdelta, journal, run
from claimkit.validation.result import Result
from claimkit.validation.run import validate_paths

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 27)
STEPS = 60


def _generate(target: Path, claims: int) -> Path:
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(claims), str(target)],
        check=True,
        capture_output=True,
    )
    return target


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLAIMKIT_CACHE_DIR", str(tmp_path / "cache"))
    return _generate(tmp_path / "records", 40)


def _seen(result: Result) -> tuple[Any, ...]:
    problems = [
        (d.path, d.position.line, d.position.column, d.code, d.message, d.severity)
        for d in result.diagnostics
    ]
    status = 1 if any(d.severity is Severity.ERROR for d in result.diagnostics) else 0
    return problems, result.files, result.records, status


class _Changes:
    """Random changes to a records folder, valid or not."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        self.n = 0
        self.broken: dict[Path, str] = {}  # file made invalid -> its text before
        self.gone: dict[Path, str] = {}  # file deleted -> its text

    def _records(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*.yaml") if p.name != "site.yaml")

    def files(self) -> list[Path]:
        """Every record file."""
        return self._records()

    def _pick(self, folder: str | None = None) -> Path:
        found = [p for p in self._records() if folder is None or p.parent.name == folder]
        return self.rng.choice(found or self._records())

    def _ids(self) -> list[str]:
        return [p.stem for p in self._records()]

    def _set_id(self, path: Path, ident: str) -> None:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^id: .*$", f'id: "{ident}"', text, count=1, flags=re.M), "utf-8")

    def edit(self) -> str:
        path = self._pick("claims")
        text = path.read_text(encoding="utf-8")
        self.n += 1
        path.write_text(text.replace('claimReviewed: "', f'claimReviewed: "Edit {self.n}: ', 1))
        return f"edit {path.name}"

    def add(self) -> str:
        source = self._pick()
        self.n += 1
        same = self.rng.random() < 0.3  # a copy that keeps the id: a duplicate, a misnamed file
        ident = source.stem if same else f"{source.stem}-copy-{self.n}"
        target = source.parent / f"{source.stem}-copy-{self.n}.yaml"
        target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        if not same:
            self._set_id(target, ident)
        return f"add {target.name} (id {ident})"

    def delete(self) -> str:
        path = self._pick()
        self.gone[path] = path.read_text(encoding="utf-8")
        path.unlink()
        return f"delete {path.name}"

    def restore(self) -> str:
        if not self.gone:
            return self.delete()
        path = self.rng.choice(sorted(self.gone))
        path.write_text(self.gone.pop(path), encoding="utf-8")
        return f"restore {path.name}"

    def move(self) -> str:
        path = self._pick()
        self.n += 1
        target = path.with_name(f"moved-{self.n}-{path.name}")
        path.rename(target)
        return f"move {path.name} to {target.name}"

    def reid(self) -> str:
        """Another record's id (a duplicate) or one no record has (references break)."""
        path = self._pick()
        ident = self.rng.choice(self._ids()) if self.rng.random() < 0.5 else f"new-id-{self.n}"
        self.n += 1
        self._set_id(path, ident)
        return f"id of {path.name} to {ident}"

    def misname(self) -> str:
        """A reference in a claim to a record that does not exist, or to a typo of one."""
        path = self._pick("claims")
        text = path.read_text(encoding="utf-8")
        found = re.search(r'person: "([^"]+)"', text)
        if found is None:
            return self.edit()
        name = found.group(1)
        other = name[:-1] + "x" if self.rng.random() < 0.5 else "nobody-at-all"
        path.write_text(text[: found.start(1)] + other + text[found.end(1) :], encoding="utf-8")
        return f"{path.name} names person {other}"

    def orphan(self) -> str:
        """Every reference to a person, organization or topic made to another of its kind: no
        record names it any more (and naming it again later names it again)."""
        folder = self.rng.choice(["people", "organizations", "topics"])
        ids = [p.stem for p in self._records() if p.parent.name == folder]
        ids = [i for i in ids if "synthetic-fact-desk" not in i]
        if len(ids) < 2:
            return self.edit()
        gone, other = self.rng.sample(ids, 2)
        for path in self._records():
            text = path.read_text(encoding="utf-8")
            if f'"{gone}"' in text and path.stem != gone:
                path.write_text(text.replace(f'"{gone}"', f'"{other}"'), encoding="utf-8")
        return f"references to {gone} made to {other}"

    def publisher(self) -> str:
        """The site settings name another publisher (or the first again): every file's result
        and the checks across records start again."""
        site = self.root / "site.yaml"
        text = site.read_text(encoding="utf-8")
        ids = [p.stem for p in self._records() if p.parent.name == "organizations"]
        ident = self.rng.choice([*ids, "synthetic-fact-desk", "no-such-publisher"])
        site.write_text(re.sub(r"^publisher: .*$", f'publisher: "{ident}"', text, flags=re.M))
        return f"publisher {ident}"

    def future(self) -> str:
        path = self._pick("claims")
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r'dateMade: "[^"]*"', 'dateMade: "2031-05-01"', text, count=1))
        return f"{path.name} made in 2031"

    def break_one(self) -> str:
        path = self._pick()
        if path in self.broken:
            path.write_text(self.broken.pop(path), encoding="utf-8")
            return f"mend {path.name}"
        self.broken[path] = path.read_text(encoding="utf-8")
        kind = self.rng.choice(["yaml", "schema", "id"])
        text = self.broken[path]
        if kind == "yaml":
            path.write_text(text + "\n  : [\n", encoding="utf-8")
        elif kind == "schema":
            path.write_text(re.sub(r"^id: .*$", "id: 12", text, count=1, flags=re.M), "utf-8")
        else:
            path.write_text(re.sub(r"^id: .*\n", "", text, count=1, flags=re.M), "utf-8")
        return f"break {path.name} ({kind})"

    def mend(self) -> str:
        if not self.broken:
            return self.break_one()
        path = self.rng.choice(sorted(self.broken))
        path.write_text(self.broken.pop(path), encoding="utf-8")
        return f"mend {path.name}"

    def steps(self) -> list[Callable[[], str]]:
        return [
            self.edit,
            self.edit,
            self.add,
            self.delete,
            self.restore,
            self.move,
            self.reid,
            self.misname,
            self.orphan,
            self.publisher,
            self.future,
            self.break_one,
            self.mend,
        ]


@pytest.mark.parametrize(("margin", "searches"), [(filestatus.RACY_MARGIN_NS, 32), (0, 0)])
def test_a_run_from_the_cache_reports_what_a_cold_run_reports(
    records: Path, monkeypatch: pytest.MonkeyPatch, margin: int, searches: int
) -> None:
    """With the usual margin every file the test writes is too recent for its status to be
    trusted (each is hashed again); with none, the statuses are kept and only the files whose
    status changed are looked at (each run is tens of milliseconds, more than a tick of the
    file system's clock, so a file written again has another status). Ids are looked for in
    the index's column one by one, or in a table of it read at once."""
    monkeypatch.setattr(filestatus, "RACY_MARGIN_NS", margin)
    monkeypatch.setattr(crossdelta, "_SEARCHES", searches)
    seed = int(os.environ.get("CLAIMKIT_INCREMENTAL_SEED", random.randrange(1 << 30)))
    print(f"CLAIMKIT_INCREMENTAL_SEED={seed}")
    rng = random.Random(seed)
    changes = _Changes(records, rng)
    used: list[str] = []
    delta, full, in_place = crossdelta.cross_delta, crosscheck.cross_check, run._in_place

    def spy_delta(*args: Any) -> Any:
        used.append("delta")
        return delta(*args)

    def spy_full(*args: Any) -> Any:
        used.append("full")
        return full(*args)

    def spy_in_place(*args: Any) -> Any:
        answer = in_place(*args)
        used.append("in place" if answer is not None else "in place, index damaged")
        return answer

    monkeypatch.setattr(run, "cross_delta", spy_delta)
    monkeypatch.setattr(run, "cross_check", spy_full)
    monkeypatch.setattr(run, "_in_place", spy_in_place)
    # A journal of a few parts: the index is written whole again every few runs too.
    monkeypatch.setattr(journal, "MAX_PARTS", 4)
    assert _seen(validate_paths([records], TODAY, models=False)) == _seen(
        validate_paths([records], TODAY, models=False, use_cache=False)
    )
    history: list[str] = []
    for _ in range(STEPS):
        history.append(rng.choice(changes.steps())())
        warm = _seen(validate_paths([records], TODAY, models=False))
        cold = _seen(validate_paths([records], TODAY, models=False, use_cache=False))
        assert warm == cold, f"seed {seed}, after: {history}"
        if len(history) % 5 == 0:  # a few files asked about, with the whole root as context
            chosen = rng.sample(changes.files(), 3)
            warm = _seen(validate_paths(chosen, TODAY, models=False))
            cold = _seen(validate_paths(chosen, TODAY, models=False, use_cache=False))
            assert warm == cold, f"seed {seed}, after: {history}, asked about {chosen}"
    # The runs went every way: by number, file by file, the checks across records in part.
    assert {"delta", "in place"} <= set(used), used
    assert "in place, index damaged" not in used


def test_a_run_with_models_after_changes_reports_what_a_cold_run_reports(records: Path) -> None:
    """The run that builds the catalog goes file by file; it too works the checks across
    records out again in part, and reports the same."""
    changes = _Changes(records, random.Random(7))
    validate_paths([records], TODAY)
    for step in changes.steps():
        step()
        warm = validate_paths([records], TODAY)
        cold = validate_paths([records], TODAY, use_cache=False)
        assert _seen(warm) == _seen(cold)
        assert bool(warm.catalogs) == bool(cold.catalogs)


def test_the_command_line_reports_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    """Exit status and output of `claimkit validate`, after an edit, a duplicate id and a
    broken record, from the cache and without it."""
    records = _generate(tmp_path / "pub" / "records", 30)
    env = {
        **os.environ,
        "CLAIMKIT_CACHE_DIR": str(tmp_path / "cache"),
        "CLAIMKIT_TODAY": "2026-11-27",
    }

    def cli(*more: str) -> tuple[int, str]:
        done = subprocess.run(
            [sys.executable, "-m", "claimkit", "validate", "--format", "json", *more, "records"],
            cwd=records.parent,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        return done.returncode, done.stdout

    assert cli()[0] == 0
    changes = _Changes(records, random.Random(3))
    for step in (changes.edit, changes.reid, changes.break_one, changes.mend, changes.delete):
        step()
        assert cli() == cli("--no-cache")
    shutil.rmtree(tmp_path / "cache")
    assert cli() == cli("--no-cache")
