"""The validate cache lives in the user's cache folder, never in the repository, and a damaged
cache costs only speed: it can neither crash a run nor change what a run reports."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from hostile_helpers import CLAIMKIT, publication, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimkit.validation import cache


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else "dir"
        for p in sorted(folder.rglob("*"))
    }


def _validate(root: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLAIMKIT), "validate", "--format", "json", "records"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("where", ["xdg", "home"])
def test_the_cache_is_written_outside_the_repository(tmp_path: Path, where: str) -> None:
    root = publication(tmp_path / "pub")
    (root / "records" / "topics" / "broken.yaml").write_text("id: Broken\n", encoding="utf-8")
    before = _snapshot(root)
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMKIT_CACHE_DIR", "XDG_CACHE_HOME")}
    if where == "xdg":
        env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
        expected = tmp_path / "xdg" / "claimkit"
    else:
        env["HOME"] = str(tmp_path / "home")
        expected = tmp_path / "home" / ".cache" / "claimkit"
    first = _validate(root, env)
    second = _validate(root, env)
    assert first.returncode == second.returncode == 1
    assert first.stdout == second.stdout
    assert _snapshot(root) == before, "validate wrote into the publication"
    assert list(expected.glob("validate-*.marshal")), f"no cache in {expected}"


def test_a_cache_planted_in_the_repository_is_not_read(tmp_path: Path) -> None:
    """Files a pull request adds where a cache might be looked for change nothing."""
    root = publication(tmp_path / "pub")
    (root / "records" / "topics" / "broken.yaml").write_text("id: Broken\n", encoding="utf-8")
    env = {**os.environ, "CLAIMKIT_CACHE_DIR": str(tmp_path / "cache")}
    honest = _validate(root, env)
    # Plant a copy of a cache that says every file is fine, in the places a repository can reach.
    clean = publication(tmp_path / "clean")
    planted_env = {**os.environ, "CLAIMKIT_CACHE_DIR": str(tmp_path / "planted")}
    _validate(clean, planted_env)
    (planted,) = (tmp_path / "planted").glob("validate-*.marshal")
    for folder in (root / ".cache" / "claimkit", root / "records" / ".cache", root / ".claimkit"):
        folder.mkdir(parents=True)
        (folder / planted.name).write_bytes(planted.read_bytes())
    again = _validate(root, env)
    assert again.stdout == honest.stdout


@settings(
    max_examples=20,
    deadline=2000,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(damage=st.binary(max_size=300) | st.sampled_from([b"", b"\x00", b"{", b"\xfb" * 20]))
def test_a_damaged_cache_changes_nothing(
    tmp_path: Path, private_cache: Path, damage: bytes
) -> None:
    root = tmp_path / "pub"
    if not root.exists():
        publication(root)
        (root / "records" / "topics" / "broken.yaml").write_text("id: Broken\n", "utf-8")
    cold = run_cli(root, "validate", "--no-cache", "--format", "json", "records")
    warm = run_cli(root, "validate", "--format", "json", "records")
    (cache_file,) = private_cache.glob("validate-*.marshal")
    good = cache_file.read_bytes()
    for content in (damage, good[: len(good) // 2], good[:-1], damage + good, good + damage):
        cache_file.write_bytes(content)
        run = run_cli(root, "validate", "--format", "json", "records")
        assert run.stdout == cold.stdout == warm.stdout
    assert cache.cache_dir() == private_cache
