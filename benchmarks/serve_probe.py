"""What `claimkit serve` costs from a save to the open page's reload: a real preview (claimkit's
own `Preview`, serving on 127.0.0.1, kept built by `keep_built` as `claimkit serve` keeps it:
rebuilt on the file system's change notices), then, `--reps` times, one claim's text changed
and timed from the write to the answer a page's held question gets (`RELOAD_PATH?seen=N`: the
page reloads on it). What a browser then takes to load the page (a local file) is not counted.

Usage: serve_probe.py RECORDS OUT REPORT.json [--reps N]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import threading
import time
import urllib.request
from pathlib import Path

from claimkit.site.serve import RELOAD_PATH, Preview, keep_built


def _answer(url: str) -> str:
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url, timeout=600) as got:  # noqa: S310 - the local preview
        return str(got.read().decode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("report", type=Path)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)
    log = io.StringIO()
    started = time.perf_counter()
    preview = Preview(args.records, args.out, None, "127.0.0.1", 0, log)
    first = time.perf_counter() - started
    record = sorted((args.records / "claims").glob("*.yaml"))[3]
    original = record.read_text(encoding="utf-8")
    runs: list[dict[str, object]] = []
    stop = threading.Event()
    loop = threading.Thread(target=keep_built, args=(preview, stop))
    loop.start()
    try:
        time.sleep(1)  # the watch is set up
        for i in range(1, args.reps + 1):
            if preview.cleaner is not None:
                preview.cleaner.join()  # the old generation's removal: not what a reader waits for
            seen = _answer(preview.url + RELOAD_PATH.lstrip("/"))
            log.seek(0)
            log.truncate()
            text = original.replace('claimReviewed: "', f'claimReviewed: "Edit {i}: ', 1)
            began = time.perf_counter()
            record.write_text(text, encoding="utf-8")
            now = seen
            while now == seen:  # the preview answers after RELOAD_WAIT without a new build
                now = _answer(preview.url + RELOAD_PATH.lstrip("/") + f"?seen={seen}")
            wall = time.perf_counter() - began
            said = log.getvalue().strip()
            steps = preview.last.timings if preview.last is not None else {}
            ok = now != seen and said.startswith("rebuilt")
            runs.append({"wall_s": wall, "ok": ok, "said": said, "steps": steps})
            shown = ", ".join(f"{k} {v:.2f}" for k, v in steps.items())
            print(f"serve edit {i}: {wall:.2f} s: {said} ({shown})", flush=True)
            time.sleep(1)
    finally:
        stop.set()
        loop.join()
        record.write_text(original, encoding="utf-8")
        preview.stop()
    args.report.write_text(json.dumps({"first_build_s": first, "runs": runs}), encoding="utf-8")
    return 0 if runs and all(r["ok"] for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
