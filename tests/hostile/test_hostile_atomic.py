"""Killing `claimkit build` at any moment leaves build/site as the old site or the new one.

Site A is built from the bundled records, then one claim is changed so that site B differs.
Builds of B are started and killed with SIGKILL (no cleanup runs) after fixed delays, at
fractions of a build's duration, and at moments found by watching the output folder: when
mkdocs starts writing the staged site, when it has written its last file, and the instant the
site and the data are swapped in. After every kill, build/site (and build/data) must be, file
for file and byte for byte, A or B: never a mix, never missing. A later build must succeed and
remove the staging folders that killed builds left behind.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hostile_helpers import CLAIMKIT, REPO

from claimkit.site import build as build_module
from claimkit.site.build import BuildError, build

CLAIM = "claims/peskov-north-korean-troops-fake-news.yaml"


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path, with its SHA-256; folders as entries too."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = "link:" + os.readlink(path)
        elif path.is_dir():
            out[rel] = "dir"
        else:
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _start(records: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            str(CLAIMKIT),
            "build",
            "--records",
            str(records),
            "--docs",
            str(REPO / "docs"),
            "--output",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _build(records: Path, out: Path) -> float:
    start = time.monotonic()
    proc = _start(records, out)
    assert proc.wait(timeout=300) == 0
    return time.monotonic() - start


def _change(records: Path) -> None:
    claim = records / CLAIM
    data = yaml.safe_load(claim.read_text(encoding="utf-8"))
    data["claimReviewed"] = data["claimReviewed"] + " (as changed for site B)"
    claim.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


def _staged(out: Path, rel: str) -> bool:
    return any((stage / rel).exists() for stage in out.glob(".staging-*"))


Trigger = Callable[[Path, dict[str, int | None]], bool]

# When to kill: a delay in seconds, a fraction of a build's duration ("0.9T"), or a condition
# on the output folder, polled as fast as Python can.
TRIGGERS: dict[str, Trigger | float | str] = {
    "0.05s": 0.05,
    "0.2s": 0.2,
    "0.5s": 0.5,
    "1.0s": 1.0,
    "1.5s": 1.5,
    "0.7T": "0.7",
    "0.9T": "0.9",
    "0.95T": "0.95",
    "0.99T": "0.99",
    "mkdocs-starts": lambda out, _i: _staged(out, "site"),
    "mkdocs-done": lambda out, _i: _staged(out, "site/sitemap.xml.gz"),
    "search-done": lambda out, _i: _staged(out, "site/pagefind/pagefind-entry.json"),
    "site-swapped": lambda out, before: _inode(out / "site") != before["site"],
    "data-swapped": lambda out, before: _inode(out / "data") != before["data"],
}


# What each kill left: trigger -> (site, data), each "A" or "B".
SEEN: dict[str, tuple[str, str]] = {}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Site A in `out`, a pristine copy of it, and the reference hashes of A and B."""
    base = tmp_path_factory.mktemp("atomic")
    records = base / "records"
    shutil.copytree(REPO / "records", records)
    out = base / "out"
    _build(records, out)
    pristine = base / "pristine-a"
    shutil.copytree(out, pristine, symlinks=True)
    _change(records)
    duration = _build(records, base / "reference-b")
    hashes = {
        "A": (tree_hashes(out / "site"), tree_hashes(out / "data")),
        "B": (
            tree_hashes(base / "reference-b" / "site"),
            tree_hashes(base / "reference-b" / "data"),
        ),
    }
    assert hashes["A"][0] != hashes["B"][0], "site B must differ from site A"
    assert hashes["A"][1] != hashes["B"][1], "data B must differ from data A"
    return {"records": records, "out": out, "pristine": pristine, "hashes": hashes, "T": duration}


def _reset_to_a(out: Path, pristine: Path) -> None:
    """build/site and build/data back to A; stale staging folders stay, as after a crash."""
    for name in ("site", "data"):
        shutil.rmtree(out / name, ignore_errors=True)
        shutil.copytree(pristine / name, out / name, symlinks=True)


@pytest.mark.parametrize("when", TRIGGERS, ids=list(TRIGGERS))
def test_a_killed_build_leaves_the_old_site_or_the_new(sites: dict[str, object], when: str) -> None:
    records, out, pristine = sites["records"], sites["out"], sites["pristine"]
    assert isinstance(records, Path) and isinstance(out, Path) and isinstance(pristine, Path)
    hashes = sites["hashes"]
    assert isinstance(hashes, dict)
    duration = sites["T"]
    assert isinstance(duration, float)
    _reset_to_a(out, pristine)
    before = {"site": _inode(out / "site"), "data": _inode(out / "data")}

    trigger = TRIGGERS[when]
    proc = _start(records, out)
    try:
        if isinstance(trigger, float):
            time.sleep(trigger)
        elif isinstance(trigger, str):
            time.sleep(float(trigger) * duration)
        else:
            deadline = time.monotonic() + duration * 3 + 10
            while proc.poll() is None and time.monotonic() < deadline:
                if trigger(out, before):
                    break
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)

    assert (out / "site").is_dir(), f"killed at {when}: build/site is missing"
    assert (out / "data").is_dir(), f"killed at {when}: build/data is missing"
    site, data = tree_hashes(out / "site"), tree_hashes(out / "data")
    site_is = [name for name, (s, _d) in hashes.items() if s == site]
    data_is = [name for name, (_s, d) in hashes.items() if d == data]
    if not site_is:
        a, b = hashes["A"][0], hashes["B"][0]
        odd = sorted(
            k for k in set(site) | set(a) | set(b) if site.get(k) not in (a.get(k), b.get(k))
        )
        pytest.fail(f"killed at {when}: build/site is neither A nor B; e.g. {odd[:5]}")
    assert data_is, f"killed at {when}: build/data is neither A nor B"
    SEEN[when] = (site_is[0], data_is[0])


def test_the_kills_caught_both_sides_of_the_swap() -> None:
    """The kills above are only worth something if some landed before the swap, some after."""
    if len(SEEN) < len(TRIGGERS):
        return  # run alone: nothing to compare
    sites = {site for site, _data in SEEN.values()}
    assert sites == {"A", "B"}, SEEN


def test_the_next_build_cleans_up_after_killed_builds(sites: dict[str, object]) -> None:
    records, out = sites["records"], sites["out"]
    assert isinstance(records, Path) and isinstance(out, Path)
    hashes = sites["hashes"]
    assert isinstance(hashes, dict)
    # A staging folder as a build killed in mkdocs leaves it, whatever earlier tests left.
    (out / ".staging-999999" / "site" / "claims").mkdir(parents=True, exist_ok=True)
    (out / ".staging-999999" / "site" / "claims" / "index.html").write_text("partial")
    _build(records, out)
    leftovers = sorted(p.name for p in out.iterdir() if p.name not in ("site", "data", ".lock"))
    assert leftovers == [], f"left behind: {leftovers}"
    assert tree_hashes(out / "site") == hashes["B"][0]
    assert tree_hashes(out / "data") == hashes["B"][1]


def test_a_staging_folder_removed_under_a_build_keeps_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two builds into one output folder: the second's clean-up removes the first's staging
    folder (every `.staging-*`), here just as the first finishes mkdocs. The first build must
    fail and leave build/site as it was; it must not move build/site aside and lose it."""
    records = tmp_path / "records"
    shutil.copytree(REPO / "tests" / "examples" / "base" / "records", records)
    out = tmp_path / "out"
    build(records, out)
    before = tree_hashes(out / "site")
    real = build_module._mkdocs_build

    def mkdocs_then_concurrent_cleanup(config_file: Path) -> None:
        real(config_file)
        build_module.clean_stale(out)  # what a second `claimkit build` does first

    monkeypatch.setattr(build_module, "_mkdocs_build", mkdocs_then_concurrent_cleanup)
    problems = []
    try:
        build(records, out)
    except BuildError:
        pass
    except Exception as exc:
        problems.append(f"build() raised {type(exc).__name__} ({exc}), not a BuildError")
    else:
        problems.append("build() succeeded without its staged site")
    if not (out / "site").is_dir():
        problems.append("build/site is missing")
    elif tree_hashes(out / "site") != before:
        problems.append("build/site changed")
    aside = sorted(p.name for p in out.iterdir() if p.name.startswith(".site-old"))
    if aside:
        problems.append(f"the old site was moved aside to {aside} and left there")
    assert not problems, "; ".join(problems)
