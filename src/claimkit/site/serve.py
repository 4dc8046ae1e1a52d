"""`claimkit serve`: a live preview that rebuilds when a record or a doc changes."""

from __future__ import annotations

import functools
import os
import stat
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from claimkit.site.build import BuildError, build


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


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _rebuild(records: Path, out: Path, docs: Path | None) -> None:
    try:
        result = build(records, out, docs)
        print(f"rebuilt {result.pages} pages in {result.timings['total']:.1f} s", flush=True)
    except BuildError as exc:
        for diagnostic in exc.diagnostics[:20]:
            d = diagnostic
            print(f"{d.path}:{d.position.line}:{d.position.column}: {d.message} [{d.code}]")
        print(
            f"build failed at the {exc.step} step: {exc.message}; still serving the last good site"
        )


def serve(
    records: Path, out: Path, docs: Path | None, host: str, port: int, interval: float = 1.0
) -> None:
    """Build, serve `out`/site on host:port, and rebuild whenever the sources change."""
    _rebuild(records, out, docs)
    watched = [records] + ([docs] if docs else [])
    # The handler opens files by path, so each request sees the site swapped in by the last
    # rebuild.
    handler = functools.partial(_QuietHandler, directory=str(out / "site"))
    server = ThreadingHTTPServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"serving on http://{host}:{server.server_address[1]}/ (Ctrl+C to stop)", flush=True)
    before = snapshot(watched)
    try:
        while True:
            time.sleep(interval)
            now = snapshot(watched)
            if now != before:
                before = now
                _rebuild(records, out, docs)
    finally:
        server.shutdown()
