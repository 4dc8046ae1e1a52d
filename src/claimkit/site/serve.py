"""`claimkit serve`: a live preview that rebuilds when a record or a doc changes.

Only the preview's answers change, never the built files: each HTML page is sent with a small
script that asks the preview which build it is serving (`RELOAD_PATH`), then asks again with
that answer: the preview holds the second question until another build is served (or for
`RELOAD_WAIT` seconds), and the page reloads when the answer changes. An unknown path gets the
site's own 404.html with status 404. A failed rebuild prints its problems exactly as `claimkit
validate` does and keeps serving the last good site.

The preview notices a change from the file system's notices (watchdog: inotify on Linux), and
also looks every few seconds in case a notice was lost (`watch.py`).
"""

from __future__ import annotations

import contextlib
import gc
import os
import stat
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import parse_qs

from claimkit.core import output
from claimkit.core.collector import collector_off
from claimkit.core.diagnostics import Severity
from claimkit.core.report import REPORTERS, VALID_RECORD, summary_line
from claimkit.site.build import BuildError, BuildResult, Options, build
from claimkit.site.generations import DUMPS_FOLDER, prepare_spare
from claimkit.site.watch import LOOK_EVERY, Watch

# Where the preview says which build it serves; no site page can have this path (mkdocs
# writes no file whose name starts with two underscores).
RELOAD_PATH = "/__claimkit/build"
# How long the preview holds a page's question `RELOAD_PATH?seen=N` while build N is still the
# one served, in seconds (the page then asks again).
RELOAD_WAIT = 20.0
RELOAD_SCRIPT = (
    "<script>/* claimkit serve: reload this page after a rebuild */"
    "(function(){var seen=null;function ask(){fetch('" + RELOAD_PATH + "'+(seen===null?'':"
    "'?seen='+seen),{cache:'no-store'}).then(function(r){if(!r.ok){throw r}return r.text()})"
    ".then(function(t){if(seen!==null&&t!==seen){location.reload();return}seen=t;ask()})"
    ".catch(function(){setTimeout(ask,1000)})}ask()})();</script>"
)


def with_reload(html: bytes) -> bytes:
    """The page with the reload script before its closing body tag (at its end if none)."""
    script = RELOAD_SCRIPT.encode("utf-8")
    at = html.lower().rfind(b"</body>")
    return html + script if at < 0 else html[:at] + script + html[at:]


def snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """Every file's modification time and size: a cheap way to notice a change. Files and
    folders may come and go while it looks (an editor's temporary files, a running import):
    one that is gone by the time it is looked at is simply not there."""
    seen: dict[str, tuple[int, int]] = {}
    for folder in folders:
        for here, _dirs, names in os.walk(folder):  # a folder that vanishes is skipped
            for name in names:
                path = Path(here) / name
                try:
                    info = path.stat()
                except OSError:
                    continue
                if stat.S_ISREG(info.st_mode):
                    seen[str(path)] = (info.st_mtime_ns, info.st_size)
    return seen


@dataclass
class BuildCount:
    """How many good builds the preview has served; pages reload when it grows."""

    value: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)
    closed: bool = False

    def bump(self) -> None:
        """Count one more good build, and answer the pages waiting for it."""
        with self.changed:
            self.value += 1
            self.changed.notify_all()

    def after(self, seen: int, timeout: float) -> int:
        """The count once it is not `seen` (at once if it is not), or after `timeout` seconds,
        or when the preview stops."""
        with self.changed:
            self.changed.wait_for(lambda: self.value != seen or self.closed, timeout)
            return self.value

    def close(self) -> None:
        """The preview stops: answer every page waiting."""
        with self.changed:
            self.closed = True
            self.changed.notify_all()


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the built site with the reload script in its pages and its own 404 page."""

    def __init__(self, *args: Any, directory: str, builds: BuildCount, **kwargs: Any) -> None:
        self.builds = builds
        super().__init__(*args, directory=directory, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing per request: the terminal is for build problems."""

    def do_GET(self) -> None:
        """Answer the reload question, or send a file."""
        path, _, query = self.path.partition("?")
        if path == RELOAD_PATH:
            seen = parse_qs(query).get("seen", [""])[0]
            value = (
                self.builds.after(int(seen), RELOAD_WAIT) if seen.isdigit() else self.builds.value
            )
            self._send(HTTPStatus.OK, str(value).encode(), "text/plain")
            return
        super().do_GET()

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_head(self) -> Any:
        """An HTML page with the reload script; anything else as the standard handler sends
        it."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if path.suffix.lower() in (".html", ".htm") and path.is_file():
            try:
                body = path.read_bytes()
            except OSError:
                self.send_error(HTTPStatus.NOT_FOUND, "File not found")
                return None
            self._send(HTTPStatus.OK, with_reload(body), "text/html")
            return None  # already written
        return super().send_head()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The site's own 404.html for a path it does not have; other errors as usual."""
        page = Path(self.directory) / "404.html"
        if code == HTTPStatus.NOT_FOUND and page.is_file():
            try:
                body = with_reload(page.read_bytes())
            except OSError:
                body = b""
            if body:
                self._send(HTTPStatus.NOT_FOUND, body, "text/html")
                return
        super().send_error(code, message, explain)


# A look at every file (in case a notice was lost) comes at most once in this many times
# the seconds it takes (1.3 s for 100,000 records: every 13 s instead of every 5).
LOOK_SHARE = 10
# A preview renders only what changed and does not index the site again for search (Pagefind
# indexes every page, however few changed: about a third of a build).
# Seconds after a build is served before the preview's one cyclic collection.
COLLECT_AFTER = 3.0


def preview_options() -> Options:
    """A preview's build options (`Options.preview`): incremental, the search index kept, the
    generation before last kept for the next build's folders, the last catalog (its models),
    page keys and published site kept."""
    return Options.preview()


def _clean(out: Path, options: Options) -> None:
    """Remove the generations the preview no longer serves (under the output's lock) but the
    one it replaced last, whose site the next build makes its own in (site/mkdocs/recycle.py):
    of that one, its dumps, and their links in its site (the last links to the old dumps'
    blocks: freeing them, gigabytes at 100,000 claims, is for this thread, not for the next
    build). After a build that was not a patch, the spare is a copy of the published site
    instead (`prepare_spare`)."""
    with contextlib.suppress(OSError, output.OutputError), output.locked(out):
        spare = output.spare(out)
        output.clean_stale(out, keep=spare)
        if spare is not None:
            output.remove(spare / "data")
            output.remove(spare / "site" / DUMPS_FOLDER)
        prepare_spare(out, options.site)


def report_failure(exc: BuildError, out: TextIO) -> None:
    """A failed build's problems exactly as `claimkit validate` prints them, then what
    happened."""
    if exc.diagnostics:
        errors = sum(1 for d in exc.diagnostics if d.severity is Severity.ERROR)
        files, records = exc.counts
        summary = summary_line(
            files, records, errors, len(exc.diagnostics) - errors, noun=VALID_RECORD
        )
        REPORTERS["text"](exc.diagnostics, summary, out)
    out.write(
        f"claimkit serve: build failed at the {exc.step} step: {exc.message}; "
        "still serving the last good site\n"
    )
    out.flush()


class Preview:
    """A built site served on host:port, rebuilt by `poll` when its sources change."""

    def __init__(
        self, records: Path, out: Path, docs: Path | None, host: str, port: int, log: TextIO
    ) -> None:
        self.records, self.out, self.docs, self.log = records, out, docs, log
        self.builds = BuildCount()
        self.watched = [records] + ([docs] if docs else [])
        self.before = snapshot(self.watched)
        self.cleaner: threading.Thread | None = None  # removing the previous generation
        self.options = preview_options()
        self.collecting: threading.Timer | None = None  # the collection after a build
        self.last: BuildResult | None = None  # the last good build
        self.look_cost = 0.0  # seconds the last look at every file took
        self.rebuild()
        # The handler opens files by path, so each request sees the site swapped in by the
        # last rebuild.
        site = str(out / "site")
        builds = self.builds

        def handler(*args: Any) -> PreviewHandler:
            return PreviewHandler(*args, directory=site, builds=builds)

        self.server = ThreadingHTTPServer((host, port), handler)
        # Pages' questions held open (`RELOAD_WAIT`) do not keep the preview from stopping.
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        """The preview's address."""
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def rebuild(self) -> bool:
        """Build the site, rendering only the pages whose sources changed and keeping the
        search index of the first build; on failure print the problems and keep the last
        good site. The previous build's files are removed after the new site is served."""
        if self.collecting is not None:
            self.collecting.cancel()
        if self.cleaner is not None:
            self.cleaner.join()
        try:
            # The preview keeps the last catalog's models: a cyclic collection during the build
            # would go over all of them (0.3 s at 10,000 claims); it runs after, once.
            with collector_off():
                result = build(self.records, self.out, self.docs, options=self.options)
        except BuildError as exc:
            report_failure(exc, self.log)
            gc.collect()
            return False
        self.last = result
        rendered = result.pages - result.reused
        self.log.write(
            f"rebuilt in {result.timings['total']:.1f} s: rendered {rendered} of "
            f"{result.pages} pages"
            + ("; search still finds what the first build had" if result.search_kept else "")
            + f"\n  steps: {result.steps()}\n"
        )
        self.log.flush()
        self.builds.bump()  # the open pages reload
        self.cleaner = threading.Thread(target=_clean, args=(self.out, self.options), daemon=True)
        self.cleaner.start()
        # The collection holds the interpreter for its 0.3 s: not while the open pages ask
        # again and reload, nor during the next build (which calls it off).
        self.collecting = threading.Timer(COLLECT_AFTER, gc.collect)
        self.collecting.daemon = True
        self.collecting.start()
        return True

    def poll(self, named: set[str] | None = None) -> bool:
        """Rebuild if a source changed since the last look (only among the files `named`, when
        the file system's notices named them); whether it did."""
        now = self._look(named) if named is not None else None
        if now is None:
            started = time.monotonic()
            now = snapshot(self.watched)
            self.look_cost = time.monotonic() - started
        if now == self.before:
            return False
        self.before = now
        self.rebuild()
        return True

    def _look(self, named: set[str]) -> dict[str, tuple[int, int]] | None:
        """The last look with the files `named` looked at again (None when one of them is not
        under a watched folder as the look names it: then everything is looked at)."""
        tops = tuple(f"{folder}{os.sep}" for folder in self.watched)
        now = dict(self.before)
        for path in named:
            if not path.startswith(tops):
                return None
            try:
                info = os.stat(path)  # noqa: PTH116 - a few paths, as the notices name them
            except OSError:
                now.pop(path, None)
                continue
            if stat.S_ISREG(info.st_mode):
                now[path] = (info.st_mtime_ns, info.st_size)
            elif stat.S_ISDIR(info.st_mode):
                return None
            else:
                now.pop(path, None)
        return now

    def stop(self) -> None:
        """Stop serving."""
        if self.collecting is not None:
            self.collecting.cancel()
        self.builds.close()
        self.server.shutdown()
        self.server.server_close()


def keep_built(preview: Preview, stop: threading.Event, interval: float = LOOK_EVERY) -> None:
    """Rebuild the preview whenever its sources change, until `stop` is set: as soon as the file
    system says something changed in them, and every `interval` seconds whatever it says (less
    often when a look at every file takes long: at most a tenth of the time, so that a save
    seldom waits for one)."""
    looked = time.monotonic()
    with Watch(preview.watched, preview.log) as watch:
        while not stop.is_set():
            noticed = watch.wait(min(interval, 0.5))  # and see `stop` within half a second
            every = max(interval, LOOK_SHARE * preview.look_cost)
            if stop.is_set() or not (noticed or time.monotonic() - looked >= every):
                continue
            everything = time.monotonic() - looked >= every
            named = watch.named()
            if everything:
                looked = time.monotonic()
            preview.poll(None if everything else named)


def serve(records: Path, out: Path, docs: Path | None, host: str, port: int) -> None:
    """Build, serve `out`/site on host:port, and rebuild whenever the sources change."""
    preview = Preview(records, out, docs, host, port, sys.stdout)
    print(f"serving on {preview.url} (Ctrl+C to stop)", flush=True)
    try:
        keep_built(preview, threading.Event())
    finally:
        preview.stop()
