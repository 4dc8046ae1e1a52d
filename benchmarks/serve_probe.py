"""What `claimkit serve` costs after a save: a real preview (claimkit's own `Preview`, serving on
127.0.0.1) of a publication, then, `--reps` times, one claim's text changed and the preview's
next look at the records timed from its start to the new site being served (the watch's
snapshot of the records, the incremental rebuild, the publication). The serve loop looks once
a second and a page asks once a second whether to reload: up to two seconds more from a save to
a reload in the browser, not counted here.

Usage: serve_probe.py RECORDS OUT REPORT.json [--reps N]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

from claimkit.site.serve import Preview


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
    try:
        for i in range(1, args.reps + 1):
            text = original.replace('claimReviewed: "', f'claimReviewed: "Edit {i}: ', 1)
            record.write_text(text, encoding="utf-8")
            log.seek(0)
            log.truncate()
            began = time.perf_counter()
            rebuilt = preview.poll()
            wall = time.perf_counter() - began
            said = log.getvalue().strip()
            steps = preview.last.timings if preview.last is not None else {}
            ok = rebuilt and said.startswith("rebuilt")
            runs.append({"wall_s": wall, "ok": ok, "said": said, "steps": steps})
            shown = ", ".join(f"{k} {v:.2f}" for k, v in steps.items())
            print(f"serve edit {i}: {wall:.2f} s: {said} ({shown})", flush=True)
            if preview.cleaner is not None:
                preview.cleaner.join()  # the old generation's removal: not what a reader waits for
    finally:
        record.write_text(original, encoding="utf-8")
        preview.stop()
    args.report.write_text(json.dumps({"first_build_s": first, "runs": runs}), encoding="utf-8")
    return 0 if runs and all(r["ok"] for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
