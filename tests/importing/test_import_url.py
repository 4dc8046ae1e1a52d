"""Importing from http(s) URLs, against a local server: the page types, the timeout, the size
cap, errors and redirects. `claimkit import` runs as its own process, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from import_helpers import FIXTURES, REPO, assert_clean

CAP = 1024 * 1024  # --max-size 1


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        del format, args

    def _send(self, status: int, body: bytes, media_type: str, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/checks/page":
            body = (FIXTURES / "page.html").read_bytes()
            self._send(200, body, "text/html; charset=utf-8")
        elif self.path == "/feed":
            self._send(200, (FIXTURES / "datafeed.json").read_bytes(), "application/ld+json")
        elif self.path == "/latin1":
            text = (FIXTURES / "array.json").read_text(encoding="utf-8")
            self._send(
                200, text.encode("latin-1", "replace"), "application/json; charset=iso-8859-1"
            )
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/feed")
            self.end_headers()
        elif self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(CAP + 1))
            self.end_headers()
        elif self.path == "/huge-undeclared":
            self.protocol_version = "HTTP/1.0"
            self._send(200, b"[" + b" " * (CAP + 10) + b"]", "application/ld+json", False)
        elif self.path == "/slow":
            time.sleep(10)
            self._send(200, b"{}", "application/ld+json")
        else:
            self._send(404, b"not here", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _claimkit(*args: str) -> tuple[int, dict[str, Any], str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimkit",
            "import",
            *args,
            "--format",
            "json",
            "--schema",
            str(REPO / "schema"),
            "--allow-private",  # the test's server is on 127.0.0.1
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout), done.stderr


def test_html_page_and_feed_by_url(server: str, empty: Path) -> None:
    code, report, _ = _claimkit(f"{server}/checks/page", f"{server}/moved", "--records", str(empty))
    assert code == 0
    found = [d["code"] for d in report["diagnostics"] if d["code"] != "import-filled"]
    assert found == ["import-unusable"]  # the MediaReview, which names no media
    other = [d for d in report["diagnostics"] if d["code"] == "import-unusable"]
    assert other[0]["path"] == f"{server}/moved"
    assert sum(1 for w in report["written"] if w["kind"] == "claim") == 4
    assert_clean(empty)


def test_charset_from_the_content_type(server: str, empty: Path) -> None:
    code, report, _ = _claimkit(f"{server}/latin1", "--records", str(empty))
    assert code == 0
    names = {w["id"] for w in report["written"]}
    assert "la-coree-du-nord-a-envoye-des-chars-en-ukraine" in names


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "the server answered 404"),
        ("/to-file", "file:///etc/passwd' is not allowed"),
        ("/huge-declared", f"over {CAP:,} bytes"),
        ("/huge-undeclared", f"over {CAP:,} bytes"),
    ],
)
def test_fetch_failures_are_reported_and_the_rest_imported(
    server: str, empty: Path, path: str, message: str
) -> None:
    code, report, _ = _claimkit(
        f"{server}{path}", f"{server}/feed", "--records", str(empty), "--max-size", "1"
    )
    assert code == 1
    failures = [d for d in report["diagnostics"] if d["code"] == "fetch-failed"]
    assert len(failures) == 1 and message in failures[0]["message"], failures
    assert failures[0]["path"] == f"{server}{path}"
    assert sum(1 for w in report["written"] if w["kind"] == "claim") == 2  # the feed still came
    assert_clean(empty)


def test_timeout(server: str, empty: Path) -> None:
    started = time.monotonic()
    code, report, _ = _claimkit(f"{server}/slow", "--records", str(empty), "--timeout", "0.5")
    assert time.monotonic() - started < 9.5  # gave up before the server answered
    assert code == 1
    (failure,) = report["diagnostics"]
    assert failure["code"] == "fetch-failed" and "within 0.5 s" in failure["message"]


def test_other_schemes_are_refused(empty: Path) -> None:
    code, report, _ = _claimkit("ftp://127.0.0.1/feed.json", "--records", str(empty))
    assert code == 1
    assert report["diagnostics"][0]["code"] == "fetch-failed"
    assert "only absolute http:// and https:// URLs" in report["diagnostics"][0]["message"]
