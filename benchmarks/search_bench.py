"""What a reader's browser fetches to see the first results of a search on a built site.

The built site is served by a local HTTP server that notes every file it sends and its size;
Debian's headless Chromium (through Playwright), with an empty cache, opens the site's search
page with a query in its address, as the header's search box does, and waits until the page
says what it found (Pagefind's JavaScript runs in the page: it loads its entry file, its code
and WebAssembly, the index's metadata, the part of the word index the query falls in and the
fragments of the results the page shows). The figures are the bytes of the files under
`pagefind/` that the server sent for that one query (the search's own transfer; the search page
itself and the theme's files, which every page of the site loads too, are counted apart).
Files are counted by their size on disk, which is what goes over the wire: Pagefind's files are
compressed already and the server adds no encoding; HTTP headers are left out.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

CHROMIUM = Path("/usr/bin/chromium")
# A word of the generator's vocabulary, on a large share of the pages (the costliest kind of
# query for the word index), and a first name, on a few pages.
QUERIES = ("reactor", "Ximena")


class _Log:
    def __init__(self) -> None:
        self.sent: list[tuple[str, int]] = []
        self.lock = threading.Lock()


def _handler(site: Path, log: _Log) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            super().do_GET()
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.is_file():
                with log.lock:
                    log.sent.append((unquote(urlsplit(self.path).path), path.stat().st_size))

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextlib.contextmanager
def served(site: Path) -> Iterator[tuple[str, _Log]]:
    log = _Log()
    handler = functools.partial(_handler(site, log), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", log
    finally:
        server.shutdown()
        server.server_close()


def first_results(site: Path, queries: tuple[str, ...] = QUERIES) -> list[dict[str, Any]]:
    """For each query: the bytes of the search's files fetched until the first results show,
    by kind, the files, the results found and the seconds it took; [] without a browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return []
    if not CHROMIUM.exists():
        return []
    out: list[dict[str, Any]] = []
    with served(site) as (url, log), sync_playwright() as manager:
        browser = manager.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            for query in queries:
                context = browser.new_context(service_workers="block")
                context.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if urlsplit(route.request.url).hostname == "127.0.0.1"
                        else route.abort()
                    ),
                )
                page = context.new_page()
                with log.lock:
                    log.sent.clear()
                started = time.perf_counter()
                page.goto(f"{url}search/?q={quote(query)}")
                status = page.locator("#ck-search-status")
                status.filter(has_text="found").or_(status.filter(has_text="No page")).wait_for(
                    timeout=120_000
                )
                seconds = time.perf_counter() - started
                shown = page.locator("#ck-search-results li").count()
                said = status.inner_text()
                context.close()
                with log.lock:
                    sent = list(log.sent)
                out.append(_tally(query, sent, said, shown, seconds))
        finally:
            browser.close()
    return out


def _kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if "/pagefind/" not in path:
        return "page"
    if name.endswith(".pf_fragment"):
        return "fragments"
    if name.endswith((".pf_index", ".pf_meta", ".pf_filter")) or name.endswith("-entry.json"):
        return "index"
    return "code"  # pagefind.js, its worker, the WebAssembly


def _tally(
    query: str, sent: list[tuple[str, int]], said: str, shown: int, seconds: float
) -> dict[str, Any]:
    kinds: dict[str, int] = {"code": 0, "index": 0, "fragments": 0, "page": 0}
    for path, size in sent:
        kinds[_kind(path)] += size
    search = kinds["code"] + kinds["index"] + kinds["fragments"]
    return {
        "query": query,
        "found": said,
        "shown": shown,
        "search_bytes": search,
        "bytes_by_kind": kinds,
        "files": sorted(f"{path} {size}" for path, size in sent if "/pagefind/" in path),
        "seconds": round(seconds, 2),
    }


def index_size(site: Path) -> tuple[int, int]:
    """The search index's files and bytes on disk."""
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)
