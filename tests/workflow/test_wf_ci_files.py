"""The CI workflows and pre-commit hooks: valid for their tools, and running real commands."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from workflow_helpers import REPO

from claimkit.cli import build_parser

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
HOOKS = REPO / ".pre-commit-hooks.yaml"
CONFIG = REPO / ".pre-commit-config.yaml"

# The hook manifest's keys, from https://pre-commit.com/#creating-new-hooks (check-jsonschema
# has no built-in schema for it).
HOOK_MANIFEST: dict[str, Any] = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["id", "name", "entry", "language"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": r"^[a-z0-9-]+$"},
            "name": {"type": "string"},
            "entry": {"type": "string"},
            "language": {"enum": ["python", "system", "script", "docker", "node", "golang"]},
            "files": {"type": "string", "format": "regex"},
            "exclude": {"type": "string", "format": "regex"},
            "types": {"type": "array", "items": {"type": "string"}},
            "types_or": {"type": "array", "items": {"type": "string"}},
            "exclude_types": {"type": "array", "items": {"type": "string"}},
            "always_run": {"type": "boolean"},
            "fail_fast": {"type": "boolean"},
            "verbose": {"type": "boolean"},
            "pass_filenames": {"type": "boolean"},
            "require_serial": {"type": "boolean"},
            "description": {"type": "string"},
            "language_version": {"type": "string"},
            "minimum_pre_commit_version": {"type": "string"},
            "args": {"type": "array", "items": {"type": "string"}},
            "stages": {"type": "array", "items": {"type": "string"}},
            "additional_dependencies": {"type": "array", "items": {"type": "string"}},
        },
    },
}


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("check-jsonschema")
    if not exe.exists():
        pytest.skip("check-jsonschema is not installed (pip install -e '.[dev]')")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120, cwd=REPO)


def test_there_are_two_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["publish.yml", "pull-request.yml"]


@pytest.mark.parametrize(
    "schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"]
)
def test_workflows_match_the_workflow_schema(schema: str) -> None:
    done = check_jsonschema("--builtin-schema", schema, *map(str, WORKFLOWS))
    assert done.returncode == 0, done.stdout + done.stderr


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def commands(workflow: dict[str, Any]) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


def actions(workflow: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(workflow) if "uses" in step]


def test_pull_requests_validate_check_the_layout_build_and_check() -> None:
    workflow = load(REPO / ".github/workflows/pull-request.yml")
    assert "pull_request" in workflow[True]  # PyYAML reads the key `on` as True
    assert commands(workflow) == [
        "python -m pip install -c constraints.txt -r requirements.txt",
        "claimkit validate --changed=origin/${{ github.base_ref }} --format github",
        "claimkit fmt --check",
        "claimkit build",
        "claimkit check --format github build/site",
    ]
    checkout = steps(workflow)[0]
    assert checkout["with"]["fetch-depth"] == 0  # --changed needs the base branch's history
    assert actions(workflow) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-artifact",
    ]
    setup = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == "3.11"
    upload = steps(workflow)[-1]
    assert upload["with"]["path"] == "build/site"
    assert workflow["permissions"] == {"contents": "read"}


def test_publishing_deploys_to_pages_from_main() -> None:
    workflow = load(REPO / ".github/workflows/publish.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    assert "claimkit build --incremental" in commands(workflow)
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    # The last build and the validation cache come back for the incremental build.
    cache = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"].split() == ["build", ".claimkit-cache"]
    built = next(s for s in build["steps"] if s.get("run") == "claimkit build --incremental")
    assert built["env"] == {"CLAIMKIT_CACHE_DIR": ".claimkit-cache"}
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "build/site"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["steps"][0]["id"] == "deployment"
    assert workflow["permissions"] == {"contents": "read"}


def test_workflow_commands_are_claimkit_commands() -> None:
    for workflow in map(load, WORKFLOWS):
        for command in commands(workflow):
            words = shlex.split(command)
            if words[0] == "claimkit":
                build_parser().parse_args(words[1:])


def test_the_hook_manifest_is_valid() -> None:
    hooks = load(HOOKS)
    jsonschema.validate(hooks, HOOK_MANIFEST, format_checker=jsonschema.FormatChecker())
    assert {hook["id"] for hook in hooks} >= {"claimkit-validate", "claimkit-fmt"}


@pytest.mark.parametrize("path", [HOOKS, CONFIG])
def test_hooks_pick_record_files(path: Path) -> None:
    hooks = load(path) if path == HOOKS else load(path)["repos"][0]["hooks"]
    for hook in hooks:
        files = re.compile(hook["files"])
        for name in [
            "records/claims/a.yaml",
            "records/people/b.yml",
            "records/site.yaml",
            "records/topics/c.json",
            "records/claims/2024/d.yaml",
        ]:
            assert files.search(name), (hook["id"], name)
        for name in [
            "docs/a.yaml",
            "records/README.md",
            "schema/claim.schema.json",
            "x/records/a.yaml",
        ]:
            assert not files.search(name), (hook["id"], name)
        assert hook["pass_filenames"] is True


@pytest.mark.parametrize("path", [HOOKS, CONFIG])
def test_hook_entries_are_claimkit_commands(path: Path) -> None:
    hooks = load(path) if path == HOOKS else load(path)["repos"][0]["hooks"]
    for hook in hooks:
        words = shlex.split(hook["entry"])
        assert Path(words[0]).name == "claimkit"
        build_parser().parse_args([*words[1:], "records/claims/a.yaml"])


def test_the_config_uses_the_hooks_of_this_repository() -> None:
    config = load(CONFIG)
    assert set(config) == {"repos"}
    defined = {hook["id"]: hook for hook in load(HOOKS)}
    used = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {hook["id"] for hook in used} == {"claimkit-validate", "claimkit-fmt"}
    for hook in used:
        assert hook["id"] in defined
        mine = defined[hook["id"]]
        assert shlex.split(hook["entry"])[1:] == shlex.split(mine["entry"])[1:]
        assert hook["files"] == mine["files"]
        assert hook.get("require_serial", False) == mine.get("require_serial", False)
    # fmt runs first, so that validate sees the laid-out files.
    assert [hook["id"] for hook in used] == ["claimkit-fmt", "claimkit-validate"]
