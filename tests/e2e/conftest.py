"""Fixtures for the end-to-end tests: the bundled site built once, served locally, and a browser.

The site is built with `claimkit build --output <tmp>` and served from <tmp>/site on 127.0.0.1.
The browser is Debian's Chromium driven by Playwright; nothing is ever downloaded. Where no
browser can be started, the browser tests skip, except on CI (CI=true), where they fail.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from harness import TODAY

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "build" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def no_browser(reason: str) -> None:
    """Skip where no browser can run; on CI (CI=true) fail, because CI must run these tests."""
    if on_ci():
        pytest.fail(f"CI=true, so the browser tests must run, but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled records built into a temporary folder; returns <tmp>/site."""
    out = tmp_path_factory.mktemp("e2e-build")
    claimkit = Path(sys.executable).with_name("claimkit")
    env = {**os.environ, "CLAIMKIT_TODAY": TODAY}
    run = subprocess.run(
        [str(claimkit), "build", "--output", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, f"claimkit build failed:\n{run.stdout}\n{run.stderr}"
    site = out / "site"
    assert (site / "index.html").is_file(), f"no index.html in {site}:\n{run.stdout}"
    return site


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 on a free port; yields its base URL (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="e2e-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, started once for the session."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        no_browser(f"Playwright for Python is not installed ({exc})")
    if not CHROMIUM.exists():
        no_browser(f"no browser: {CHROMIUM} does not exist (install Debian's chromium package)")
    manager = sync_playwright().start()
    try:
        failure = ""
        try:
            chromium = manager.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=20_000
            )
        except Error as exc:
            failure = (exc.message.splitlines() or ["unknown error"])[0]
        if failure:
            no_browser(f"{CHROMIUM} could not be started: {failure}")
        yield chromium
        chromium.close()
    finally:
        manager.stop()


@dataclass
class PageProblems:
    """What went wrong in the page while a test drove it."""

    site: str
    errors: list[str] = field(default_factory=list)  # uncaught JavaScript exceptions
    console: list[str] = field(default_factory=list)  # console.error messages
    failed: list[str] = field(default_factory=list)  # local requests that failed or 404ed
    outside: list[str] = field(default_factory=list)  # requests for other hosts (blocked)


@pytest.fixture
def problems(site_url: str) -> PageProblems:
    return PageProblems(site_url)


@pytest.fixture
def page(browser: Any, site_url: str, problems: PageProblems) -> Iterator[Any]:
    """A fresh page that may reach only the local server; other hosts are blocked and noted."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale="en-US",
        timezone_id="UTC",
        reduced_motion="reduce",
        service_workers="block",
    )
    context.set_default_timeout(TIMEOUT_MS)
    local = urlsplit(site_url).netloc

    def route(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).netloc == local:
            route.continue_()
        else:
            problems.outside.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("pageerror", lambda exc: problems.errors.append(str(exc)))
    tab.on(
        "console",
        lambda msg: problems.console.append(msg.text) if msg.type == "error" else None,
    )
    tab.on(
        "requestfailed",
        lambda req: (
            problems.failed.append(f"{req.url}: {req.failure}")
            if urlsplit(req.url).netloc == local
            else None
        ),
    )
    tab.on(
        "response",
        lambda resp: (
            problems.failed.append(f"{resp.url}: HTTP {resp.status}")
            if resp.status >= 400
            else None
        ),
    )
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
