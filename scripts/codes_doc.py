"""Write toolkit-docs/codes.md, the list of every problem code, from claimkit's own tables.

    python scripts/codes_doc.py [--check]

Each code with its severity, what it means and the commands that report it (found in the
commands' source). With --check, write nothing and exit 1 if the file is out of date (a test
runs this).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
import sys
from pathlib import Path
from types import ModuleType

import claimkit.claimreview
import claimkit.importing
import claimkit.records
import claimkit.validation
from claimkit.core.diagnostics import CODES
from claimkit.core.review_rules import RELAXABLE

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "toolkit-docs" / "codes.md"
COMMANDS: dict[str, tuple[ModuleType, ...]] = {
    "validate": (claimkit.records, claimkit.validation),
    "check": (claimkit.claimreview,),
    "import": (claimkit.importing,),
}
# Codes a command reports that its own modules do not name (they come from a shared reader).
EXTRA = {
    "check": {"path-not-found", "file-unreadable", "file-not-utf8"},
    "build": {"output-not-owned", "output-symlink", "output-unwritable", "site-version-untested"},
    "export": {"output-not-owned", "output-symlink", "output-unwritable"},
    "init": {name for name in CODES if name.startswith("init-")},
}

HEAD = """# Problem codes

Every problem `claimkit validate`, `check`, `import`, `build`, `export` and `init` report
carries one of these codes. Errors fail a run; warnings are reported and let it pass. A code that both
`validate` and `check` report is one rule held on two inputs: the record, and the ClaimReview
markup published from it (see [check.md](check.md)). The rules marked "relaxable" may be relaxed
by a publication's methodology (`methodology.allow` in `site.yaml`).

This page is written by `python scripts/codes_doc.py` from `src/claimkit/core/diagnostics.py`.

| code | severity | what it means | reported by |
|---|---|---|---|
"""


def _source(packages: tuple[ModuleType, ...]) -> str:
    texts = []
    for package in packages:
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            texts.append(inspect.getsource(importlib.import_module(info.name)))
    return "\n".join(texts)


def render() -> str:
    """The text of codes.md."""
    sources = {command: _source(packages) for command, packages in COMMANDS.items()}
    rows = []
    for name in sorted(CODES):
        code = CODES[name]
        by = [
            f"`{command}`"
            for command in [*sources, *(c for c in EXTRA if c not in sources)]
            if f'"{name}"' in sources.get(command, "") or name in EXTRA.get(command, set())
        ]
        if name == "path-not-found":
            by = ["every command"]
        note = " (relaxable)" if name in RELAXABLE else ""
        rows.append(
            f"| `{name}` | {code.severity.value}{note} | {code.description} | "
            f"{', '.join(by) or '—'} |"
        )
    return HEAD + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write codes.md, or with --check say whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(REPO)} is out of date: run python scripts/codes_doc.py")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
