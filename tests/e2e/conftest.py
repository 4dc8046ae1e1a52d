"""Fixtures for the end-to-end tests: the bundled site built once, served locally, and a browser.

The site is built with `claimkit build --output <tmp>` and served from <tmp>/site on 127.0.0.1;
the fixture publication tests/site/v2_records (which has a media record) is built and served
the same way for the page kinds the bundled records lack. Screenshots go to the folder named by
CLAIMKIT_SCREENSHOTS, else to a temporary folder (they are never committed).
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
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from harness import TODAY

REPO = Path(__file__).resolve().parents[2]
V2_RECORDS = REPO / "tests" / "site" / "v2_records"
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


def _build(records: Path, out: Path) -> Path:
    """Build these records with `claimkit build` into `out`; returns <out>/site."""
    claimkit = Path(sys.executable).with_name("claimkit")
    env = {**os.environ, "CLAIMKIT_TODAY": TODAY}
    run = subprocess.run(
        [str(claimkit), "build", "--records", str(records), "--output", str(out)],
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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled records built into a temporary folder; returns <tmp>/site."""
    return _build(REPO / "records", tmp_path_factory.mktemp("e2e-build"))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _served(folder: Path) -> Iterator[str]:
    """The folder served on 127.0.0.1 on a free port; yields its base URL (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
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
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 on a free port; yields its base URL (ending in /)."""
    with _served(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def v2_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The v2 fixture publication (tests/site/v2_records: a media record, languages) built and
    served; yields its base URL."""
    site = _build(V2_RECORDS, tmp_path_factory.mktemp("e2e-v2-build"))
    with _served(site) as url:
        yield url


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


@contextmanager
def open_page(
    browser: Any, problems: PageProblems, width: int = 1280, height: int = 900
) -> Iterator[Any]:
    """A fresh page of this size that may reach only 127.0.0.1 (the servers here); requests to
    other hosts are blocked and noted in `problems`, as are script errors and failed requests."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="en-US",
        timezone_id="UTC",
        reduced_motion="reduce",
        service_workers="block",
    )
    context.set_default_timeout(TIMEOUT_MS)

    def local(url: str) -> bool:
        return urlsplit(url).hostname == "127.0.0.1"

    def route(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or local(url):
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
        lambda req: problems.failed.append(f"{req.url}: {req.failure}") if local(req.url) else None,
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


@pytest.fixture
def sized_page(browser: Any, problems: PageProblems) -> Any:
    """Opens fresh pages of a given size (a context manager: `with sized_page(360, 640) as p`),
    held to the same rules as `page`."""
    return functools.partial(open_page, browser, problems)


@pytest.fixture
def page(browser: Any, problems: PageProblems) -> Iterator[Any]:
    """A fresh page, 1280 by 900, that may reach only the local servers."""
    with open_page(browser, problems) as tab:
        yield tab


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $CLAIMKIT_SCREENSHOTS (made if missing), else a temporary folder."""
    named = os.environ.get("CLAIMKIT_SCREENSHOTS", "").strip()
    folder = Path(named) if named else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
