"""claimkit from its wheel, outside this repository: built and installed offline into a fresh
virtual environment, then init, new, validate, build and check in a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from workflow_helpers import REPO

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def _offline_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_", "VIRTUAL"))}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONNOUSERSITE="1")
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with claimkit from its wheel only; its dependencies are
    those of the environment running the tests, added to its path as a plain folder (so that
    claimkit's editable install there, a .pth file, is not read)."""
    root = tmp_path_factory.mktemp("wheel")
    env = _offline_env()
    # A copy of what the source distribution holds, so that the build writes nothing into
    # this repository's folders.
    source = root / "source"
    source.mkdir()
    shutil.copy2(REPO / "pyproject.toml", source)
    shutil.copy2(REPO / "README.md", source)
    shutil.copytree(
        REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    wheels = root / "wheels"
    pip = [sys.executable, "-m", "pip"]
    _run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)],
        root,
        env,
    )
    [wheel] = wheels.glob("claimkit-*.whl")
    shutil.rmtree(source)  # nothing may read it from now on
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], root, env)
    python = venv / "bin" / "python"
    purelib = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            root,
            env,
        ).stdout.strip()
    )
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (purelib / "claimkit-test-deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    _run([*pip, "--python", str(python), "install", "--no-deps", str(wheel)], root, env)
    return venv


def test_the_installed_claimkit_comes_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    python = installed / "bin" / "python"
    probe = "import claimkit, sys; print(claimkit.__file__); print('\\n'.join(sys.path))"
    lines = _run([str(python), "-c", probe], tmp_path, _offline_env()).stdout.splitlines()
    assert Path(lines[0]).is_relative_to(installed), lines[0]
    paths = [Path(p).resolve() for p in lines[1:] if p]
    assert not any(p == REPO or p.is_relative_to(REPO / "src") for p in paths), paths
    assert not any(p.is_relative_to(REPO) and p.name in ("src", REPO.name) for p in paths)


def test_init_new_validate_build_check_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    exe = str(installed / "bin" / "claimkit")
    env = _offline_env()
    env["CLAIMKIT_CACHE_DIR"] = str(tmp_path / "cache")
    _run(
        [exe, "init", "pub", "--name", "Wheel Check", "--url", "https://w.example.org/"],
        tmp_path,
        env,
    )
    pub = tmp_path / "pub"
    made = _run([exe, "new", "person", "--name", "Dana Writer"], pub, env)
    assert "records/people/dana-writer.yaml" in made.stdout
    validated = _run([exe, "validate"], pub, env)
    # The new person is valid; no record refers to it yet, which is a warning.
    assert validated.stdout.strip().endswith("3 valid records: 0 errors, 1 warning")
    assert "[record-unreferenced]" in validated.stdout
    built = _run([exe, "build"], pub, env)
    assert "warning:" not in built.stdout + built.stderr
    checked = _run([exe, "check"], pub, env)
    assert "0 errors" in checked.stdout
    site = pub / "build" / "site"
    assert (site / "people" / "dana-writer" / "index.html").is_file()
    assert (site / "assets" / "claimkit.css").is_file() or any(site.rglob("claimkit.css"))
    assert (pub / "schema" / "claim.schema.json").is_file()
