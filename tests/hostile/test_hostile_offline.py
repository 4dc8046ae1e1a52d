"""validate, check and build open no network connection and look up no host name.

Each command runs in a child process whose sitecustomize.py (first on PYTHONPATH) replaces
every way Python code reaches the network (socket connect, connect_ex, sendto, sendmsg,
create_connection, getaddrinfo and the gethostby* functions) with a function that writes the
attempt to a log and raises. Worker processes started by fork inherit the replacements. The
commands must succeed and the log must stay empty. (Native code that opens sockets itself,
below Python, is not seen by this; see SECURITY.md.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hostile_helpers import CLAIMKIT, REPO, publication

SITECUSTOMIZE = """
import json, os, socket, sys

_LOG = os.environ["CLAIMKIT_NET_LOG"]
with open(os.environ["CLAIMKIT_NET_LOADED"], "a", encoding="utf-8") as _f:
    _f.write(f"{os.getpid()}\\n")


class NetworkAttemptError(OSError):
    pass


def _refuse(name):
    def refuse(*args, **kwargs):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps({"call": name, "args": repr(args)[:300], "argv": sys.argv}) + "\\n")
        raise NetworkAttemptError(f"network use refused in the tests: {name}")
    return refuse


for _name in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, _name, _refuse(f"socket.{_name}"))
for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
              "gethostbyaddr", "getnameinfo"):
    setattr(socket, _name, _refuse(_name))
"""


@pytest.fixture
def guarded(tmp_path: Path) -> dict[str, str]:
    """The environment for a child process with the network guard, and its log files."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log, loaded = tmp_path / "network.log", tmp_path / "loaded.log"
    log.write_text("", encoding="utf-8")
    loaded.write_text("", encoding="utf-8")
    path = os.pathsep.join(p for p in (str(hook), os.environ.get("PYTHONPATH", "")) if p)
    return {
        **os.environ,
        "PYTHONPATH": path,
        "CLAIMKIT_NET_LOG": str(log),
        "CLAIMKIT_NET_LOADED": str(loaded),
        "CLAIMKIT_CACHE_DIR": str(tmp_path / "cache"),
    }


def _run(env: dict[str, str], cwd: Path, *argv: str, expect: int = 0) -> str:
    run = subprocess.run(
        [str(CLAIMKIT), *argv], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == expect, (argv, run.returncode, run.stdout[-2000:], run.stderr[-2000:])
    return run.stdout


def _assert_offline(env: dict[str, str], runs: int) -> None:
    loaded = Path(env["CLAIMKIT_NET_LOADED"]).read_text(encoding="utf-8").split()
    assert len(loaded) >= runs, "the network guard (sitecustomize.py) did not load"
    attempts = [
        json.loads(line)
        for line in Path(env["CLAIMKIT_NET_LOG"]).read_text(encoding="utf-8").splitlines()
    ]
    assert attempts == [], attempts


def test_the_guard_catches_a_connection(guarded: dict[str, str], tmp_path: Path) -> None:
    """The guard itself works: a child that tries to connect is logged and refused."""
    run = subprocess.run(
        [
            str(Path(CLAIMKIT).with_name("python")),
            "-c",
            "import socket\n"
            "try:\n    socket.create_connection(('example.org', 80), timeout=1)\n"
            "except OSError as exc:\n    print(type(exc).__name__)\n",
        ],
        env=guarded,
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip() == "NetworkAttemptError"
    assert "create_connection" in Path(guarded["CLAIMKIT_NET_LOG"]).read_text(encoding="utf-8")


def test_validate_check_and_build_stay_offline(guarded: dict[str, str], tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(REPO / "records", records)
    out = tmp_path / "build"
    _run(guarded, tmp_path, "validate", "records")
    _run(guarded, tmp_path, "validate", "--no-cache", "--format", "github", "records")
    _run(guarded, tmp_path, "validate", "records")  # from the cache
    _run(
        guarded,
        tmp_path,
        "build",
        "--records",
        "records",
        "--docs",
        str(REPO / "docs"),
        "--output",
        str(out),
    )
    _run(guarded, tmp_path, "check", str(out / "site"))
    _run(guarded, tmp_path, "check", str(out / "data" / "feed.json"))
    _run(guarded, tmp_path, "export", "--records", "records", "--output", str(tmp_path / "dump"))
    _assert_offline(guarded, 7)


def test_validate_with_worker_processes_stays_offline(
    guarded: dict[str, str], tmp_path: Path
) -> None:
    """Over 1000 files, validate checks them in forked worker processes."""
    root = publication(tmp_path / "pub")
    topics = root / "records" / "topics"
    for i in range(1100):
        (topics / f"extra-topic-{i}.yaml").write_text(
            f"id: extra-topic-{i}\nname: Extra topic {i}\n", encoding="utf-8"
        )
    out = _run(guarded, root, "validate", "--no-cache", "--format", "json", "records")
    assert json.loads(out)["summary"].startswith("1114 files")
    _run(guarded, root, "validate", "--format", "json", "records")
    _assert_offline(guarded, 2)


def test_hostile_records_stay_offline(guarded: dict[str, str], tmp_path: Path) -> None:
    """URLs, schema references and XML-ish text in records are never fetched."""
    root = publication(tmp_path / "pub")
    claim = root / "records" / "claims" / "new-crane-ordered.yaml"
    claim.write_text(
        "# yaml-language-server: $schema=https://evil.example/claim.schema.json\n"
        + claim.read_text(encoding="utf-8").replace(
            "  - article: tide-harbour-report\n",
            "  - article: tide-harbour-report\n"
            "  - name: <!DOCTYPE x SYSTEM 'http://evil.example/x.dtd'>\n"
            "    url: https://evil.example/track.gif\n",
        ),
        encoding="utf-8",
    )
    (root / "records" / "topics" / "remote.json").write_text(
        json.dumps({"$schema": "https://evil.example/s.json", "$ref": "https://evil.example/r"}),
        encoding="utf-8",
    )
    page = tmp_path / "page.html"
    page.write_text(
        '<link rel="canonical" href="https://evil.example/">'
        '<script type="application/ld+json">{"@context": "https://evil.example/context.jsonld",'
        ' "@type": "ClaimReview", "url": "https://evil.example/x"}</script>',
        encoding="utf-8",
    )
    _run(guarded, root, "validate", "records", expect=1)
    _run(guarded, tmp_path, "check", str(page), expect=1)
    (root / "records" / "topics" / "remote.json").unlink()
    _run(guarded, root, "build", "--records", "records", "--output", "out")
    _assert_offline(guarded, 3)
