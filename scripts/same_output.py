"""Show that a change leaves claimkit's output as it was: build the same records with the code of
a git revision and with the working tree, and compare the two outputs byte for byte.

    python scripts/same_output.py [REV] [--claims N]

REV defaults to HEAD. Both builds run the bundled records (`records/`, `docs/`) and a publication
of N generated claims (benchmarks/generate.py, default 1,000): the site and the four dumps
(`build/site/`, `build/data/`). Prints each file that differs or exists on one side only and
exits 1 if there is any; exits 0 when every file is the same. Use it for a change that must not
change what is published (a refactoring, a speed-up).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Runs claimkit's command line from the source folder given first, whatever is installed.
_RUN = "import sys; sys.path.insert(0, sys.argv[1]); from claimkit.cli import main; sys.exit(main(sys.argv[2:]))"


def _build(src: Path, records: Path, docs: Path, out: Path) -> None:
    """Build `records` with the claimkit whose package is in `src`."""
    command = [sys.executable, "-c", _RUN, str(src), "build", "--records", str(records)]
    command += ["--docs", str(docs), "--output", str(out)]
    env = {**os.environ, "CLAIMKIT_CACHE_DIR": str(out.parent / f"cache-{out.name}")}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the build with {src} failed:\n{done.stdout}{done.stderr}")


def _differences(left: Path, right: Path) -> list[str]:
    """Files under two folders that differ, or that only one of them has."""
    found: list[str] = []
    names = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    names |= {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    for name in sorted(names):
        a, b = left / name, right / name
        if not a.is_file():
            found.append(f"only in the working tree's output: {name}")
        elif not b.is_file():
            found.append(f"only in the revision's output: {name}")
        elif not filecmp.cmp(a, b, shallow=False):
            found.append(f"differs: {name}")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Build with both codes, compare, report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", nargs="?", default="HEAD", help="git revision (default: HEAD)")
    parser.add_argument("--claims", type=int, default=1000, help="generated claims (default 1000)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="claimkit-same-") as tmp:
        work = Path(tmp)
        base = work / "base"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(base), args.rev],
            check=True,
        )
        try:
            generated = work / "generated"
            subprocess.run(
                [
                    sys.executable,
                    str(REPO / "benchmarks" / "generate.py"),
                    str(args.claims),
                    str(generated),
                ],
                check=True,
                capture_output=True,
            )
            empty_docs = work / "no-docs"
            empty_docs.mkdir()
            problems: list[str] = []
            for label, records, docs in (
                ("bundled", REPO / "records", REPO / "docs"),
                (f"{args.claims} generated claims", generated, empty_docs),
            ):
                before, after = work / f"before-{len(problems)}", work / f"after-{len(problems)}"
                _build(base / "src", records, docs, before)
                _build(REPO / "src", records, docs, after)
                found = _differences(after, before)
                files = sum(1 for p in after.rglob("*") if p.is_file())
                print(f"{label}: {files} files, {len(found)} different")
                problems += [f"  {label}: {line}" for line in found]
        finally:
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)], check=False
            )
    for line in problems[:50]:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
