"""`claimkit serve` keeps watching while files come and go (issue 19, case 8): an editor's
temporary files, or an import, create and delete files between the watcher's listing and its
look at each file."""

from __future__ import annotations

import contextlib
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimkit.site.serve import snapshot

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "examples" / "base" / "records"
REAL_CREATE_CONNECTION = __import__("socket").create_connection
REAL_CONNECT = __import__("socket").socket.connect


@contextlib.contextmanager
def churn(folder: Path) -> Iterator[list[int]]:
    """Create and delete files and folders in `folder` as fast as possible until the block
    ends; yields a one-item list counting the rounds."""
    stop = threading.Event()
    rounds = [0]

    def work() -> None:
        n = 0
        while not stop.is_set():
            sub = folder / f"tmp-{n % 7}"
            sub.mkdir(exist_ok=True)
            for i in range(20):
                (sub / f".#edit-{i}.yaml").write_text("x")
            for i in range(20):
                (sub / f".#edit-{i}.yaml").unlink()
            shutil.rmtree(sub, ignore_errors=True)
            n += 1
            rounds[0] = n

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    try:
        yield rounds
    finally:
        stop.set()
        thread.join()


def test_snapshot_survives_files_that_vanish(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(BASE, records)
    errors: list[str] = []
    looks = 0
    with churn(records) as rounds:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            try:
                seen = snapshot([records])
            except OSError as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
            else:
                assert str(records / "site.yaml") in seen
            looks += 1
    assert rounds[0] > 10 and looks > 10
    assert errors == [], f"{len(errors)} of {looks} looks failed, e.g. {errors[0]}"


def test_serve_keeps_serving_while_files_come_and_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = tmp_path / "records"
    shutil.copytree(BASE, records)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimkit",
            "serve",
            "--records",
            str(records),
            "--output",
            str(tmp_path / "build"),
            "--docs",
            str(tmp_path / "no-docs"),
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = None
        deadline = time.monotonic() + 120
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            found = re.search(r"serving on (http://127\.0\.0\.1:\d+/)", line)
            url = found.group(1) if found else None
            assert line or proc.poll() is None, "serve stopped before serving"
        assert url is not None
        with churn(records):
            time.sleep(4)  # the watcher looks every second
        assert proc.poll() is None, "serve died while files came and went"
        monkeypatch.setattr("socket.create_connection", REAL_CREATE_CONNECTION)
        monkeypatch.setattr("socket.socket.connect", REAL_CONNECT)
        with urllib.request.urlopen(url, timeout=10) as page:
            assert page.status == 200
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
