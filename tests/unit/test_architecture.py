"""The package's architecture as the README describes it: rooms, sizes, imports, start-up cost."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "src" / "claimkit"
# Modules that may hold more than this many lines are one hot loop and say so in their docstring.
MAX_LINES = 500


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _name(module: Path) -> str:
    return ".".join(module.relative_to(PACKAGE.parent).with_suffix("").parts)


def test_only_the_command_line_imports_claimkit_inside_functions() -> None:
    """A function-level import hides a dependency (and once hid two import cycles)."""
    found = []
    for module in _modules():
        if module.name in {"cli.py", "__main__.py"} and module.parent == PACKAGE:
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                names: list[str] = []
                if isinstance(inner, ast.ImportFrom):
                    names = [inner.module or ""] if inner.level == 0 else ["claimkit (relative)"]
                elif isinstance(inner, ast.Import):
                    names = [alias.name for alias in inner.names]
                if not names:
                    continue
                assert isinstance(inner, ast.Import | ast.ImportFrom)
                found += [
                    f"{_name(module)}:{inner.lineno} imports {name}"
                    for name in names
                    if name.split(".")[0] == "claimkit" or name.startswith("claimkit ")
                ]
    assert found == []


def test_no_module_is_over_the_size_limit_unless_it_is_one_hot_loop() -> None:
    over = []
    for module in _modules():
        text = module.read_text(encoding="utf-8")
        lines = text.count("\n")
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if lines > MAX_LINES and "hot loop" not in docstring:
            over.append(f"{_name(module)}: {lines} lines")
    assert over == []


def test_every_module_says_what_it_is_for() -> None:
    missing = [_name(m) for m in _modules() if not ast.get_docstring(ast.parse(m.read_text()))]
    assert missing == []


def test_the_readme_names_every_package_with_its_job() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Architecture") :]
    section = section[: section.index("\n## ", 1)]
    packages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert packages, "no subpackages found"
    missing = [name for name in packages if f"| `{name}` |" not in section]
    assert missing == []
    assert "| `cli` |" in section


def test_the_layers_in_the_readme_are_the_layers_lint_holds() -> None:
    """The README's table and import-linter's layers contract list the same packages, in the
    same order."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    layers = [
        sorted(part.strip() for part in layer.split("|"))
        for layer in contracts["layers"]["layers"]
        if layer != "__main__"
    ]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Architecture") :]
    rows: dict[int, list[str]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 3 and cells[0].isdigit():
            rows.setdefault(int(cells[0]), []).append(cells[1].strip("`"))
    assert [sorted(rows[n]) for n in sorted(rows)] == layers


_WARM_RUN = """
import json, sys
from claimkit.cli import main
code = main(["validate", sys.argv[1]])
heavy = sorted(m for m in ("pydantic", "jsonschema", "yaml", "mkdocs", "rdflib", "langcodes") if m in sys.modules)
print(json.dumps({"code": code, "heavy": heavy}))
"""


def test_a_validate_run_with_nothing_changed_imports_no_heavy_library(tmp_path: Path) -> None:
    """The first look answers an unchanged run from the cache index; only cli imports the checks
    (and with them pydantic and jsonschema) when something changed."""
    records = tmp_path / "records"
    shutil.copytree(REPO / "records", records)
    env = {**os.environ, "CLAIMKIT_CACHE_DIR": str(tmp_path / "cache")}

    def run() -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, "-c", _WARM_RUN, str(records)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
        return result

    first = run()
    assert first["code"] == 0
    assert "pydantic" in first["heavy"]  # type: ignore[operator]  # the first run checks files
    # Files changed within 3 s of a run are looked at again by the next (racily clean, as in
    # git); after that, the run is answered from the index.
    time.sleep(3.2)
    run()
    assert run() == {"code": 0, "heavy": []}
