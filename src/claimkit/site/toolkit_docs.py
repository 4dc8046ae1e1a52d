"""`make docs`: the toolkit's own documentation (toolkit-docs/), built on its own with mkdocs.

A publication's site holds the desk's pages only (its records' pages, the guides, and the desk's
hand-written docs/); claimkit's documentation for those who run and develop it (importing,
SPARQL, performance) is a separate small mkdocs site with Material, in build/toolkit-docs/.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from claimkit.site.mkdocs.config import run_mkdocs, toolkit_docs_config

SOURCE = Path("toolkit-docs")
OUTPUT = Path("build") / "toolkit-docs"


def build_toolkit_docs(source: Path = SOURCE, out: Path = OUTPUT) -> Path:
    """Build the Markdown pages in `source` into the site `out` (replaced); returns `out`."""
    if not (source / "index.md").is_file():
        raise FileNotFoundError(f"{source}/index.md is missing: the toolkit docs' first page")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="toolkit-docs-") as stage:
        config = Path(stage) / "mkdocs.yml"
        config.write_text(toolkit_docs_config(source, out), encoding="utf-8")
        run_mkdocs(config)
    return out


if __name__ == "__main__":  # pragma: no cover - `make docs`
    arguments = sys.argv[1:]
    built = build_toolkit_docs(*(Path(a) for a in arguments[:2]))
    print(f"built the toolkit docs into {built}/")
