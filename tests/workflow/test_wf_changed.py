"""`claimkit validate --changed`: the files changed since a commit, checked with full context."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from workflow_helpers import claimkit_exe, copy_publication, run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": os.devnull},
        check=True,
    )
    return done.stdout


def commit_all(cwd: Path, message: str) -> None:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The bundled publication committed on main, with a feature branch checked out."""
    root = copy_publication(tmp_path / "pub")
    (root / "records/topics/harbours.yaml").write_text(
        "id: harbours\nname: Harbours\n", encoding="utf-8"
    )  # on main already, with a warning (no record refers to it) that must not be reported
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "records")
    git(root, "checkout", "-q", "-b", "feature")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_only_changed_and_new_files_are_reported(repo: Path) -> None:
    edit(
        repo / "records/people/david-choi.yaml",
        "affiliation: stars-and-stripes",
        "affiliation: nobody",
    )
    (repo / "records/topics/ports.yaml").write_text("id: ports\nname: Ports\n", encoding="utf-8")
    done = run(repo, "validate", "--changed")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "claimkit: checking 2 files changed since the merge base with main "
        f"({git(repo, 'rev-parse', 'main').strip()[:12]}): records/people/david-choi.yaml, "
        "records/topics/ports.yaml"
    ]
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "records/people/david-choi.yaml",
        "records/topics/ports.yaml",
    ]
    assert "[reference-unresolved]" in lines[0]
    assert "[record-unreferenced]" in lines[1]
    assert lines[-1] == "2 files, 2 valid records: 1 error, 1 warning"


def test_json_output_stays_clean(repo: Path) -> None:
    edit(
        repo / "records/people/david-choi.yaml",
        "affiliation: stars-and-stripes",
        "affiliation: nobody",
    )
    done = run(repo, "validate", "--changed", "--format", "json")
    report = json.loads(done.stdout)
    assert [d["code"] for d in report["diagnostics"]] == ["reference-unresolved"]
    assert done.stderr.startswith("claimkit: checking 1 file changed since ")


def test_committed_changes_on_the_branch_count(repo: Path) -> None:
    edit(repo / "records/people/david-choi.yaml", "jobTitle: Reporter", "jobTitle: Editor")
    commit_all(repo, "change")
    done = run(repo, "validate", "--changed")
    assert done.returncode == 0
    assert "records/people/david-choi.yaml" in done.stderr
    assert done.stdout == "1 file, 1 valid record: 0 errors, 0 warnings\n"


def test_nothing_changed(repo: Path) -> None:
    done = run(repo, "validate", "--changed")
    assert done.returncode == 0
    assert "no record changed since the merge base with main" in done.stderr
    assert done.stdout == "0 files, 0 valid records: 0 errors, 0 warnings\n"


def test_a_deleted_record_checks_every_file(repo: Path) -> None:
    (repo / "records/people/robin-example.yaml").unlink()
    done = run(repo, "validate", "--changed")
    assert done.returncode == 1
    assert "records/people/robin-example.yaml was deleted since" in done.stderr
    assert "so all of records is checked" in done.stderr
    broken = {
        line.split(":")[0] for line in done.stdout.splitlines() if "[reference-unresolved]" in line
    }
    assert "records/claims/peskov-north-korean-troops-fake-news.yaml" in broken
    assert "[record-unreferenced]" in done.stdout  # harbours.yaml: every file is reported


def test_a_renamed_record_counts_as_deleted(repo: Path) -> None:
    git(repo, "mv", "records/people/robin-example.yaml", "records/people/robin-editor.yaml")
    done = run(repo, "validate", "--changed")
    assert "records/people/robin-example.yaml was deleted since" in done.stderr


def test_a_changed_site_file_checks_every_file(repo: Path) -> None:
    edit(repo / "records/site.yaml", "title: Example Fact Desk", "title: Example Desk")
    done = run(repo, "validate", "--changed")
    assert "records/site.yaml was changed since" in done.stderr
    assert "[record-unreferenced]" in done.stdout


def test_an_explicit_base(repo: Path) -> None:
    edit(repo / "records/topics/russia.yaml", "name: Russia", "name: Russian Federation")
    commit_all(repo, "one")
    edit(repo / "records/topics/ukraine.yaml", "name: Ukraine", "name: Ukraine (country)")
    commit_all(repo, "two")
    done = run(repo, "validate", "--changed=HEAD~1")
    assert done.stderr.splitlines() == [
        "claimkit: checking 1 file changed since HEAD~1: records/topics/ukraine.yaml"
    ]
    done = run(repo, "validate", "--changed", "main", "records/topics")
    assert "records/topics/russia.yaml, records/topics/ukraine.yaml" in done.stderr


def test_paths_limit_what_is_looked_at(repo: Path) -> None:
    edit(repo / "records/topics/russia.yaml", "name: Russia", "name: Russian Federation")
    edit(repo / "records/people/david-choi.yaml", "jobTitle: Reporter", "jobTitle: Editor")
    done = run(repo, "validate", "records/people", "--changed")
    assert done.stderr.endswith(": records/people/david-choi.yaml\n")


@pytest.mark.parametrize(
    ("base", "message"),
    [
        (
            "no-such-branch",
            "git knows no commit 'no-such-branch'; give a branch, a tag or a commit",
        ),
        ("records", "'records' is a path: write --changed=BASE"),
    ],
)
def test_a_bad_base_is_a_usage_error(repo: Path, base: str, message: str) -> None:
    done = run(repo, "validate", "--changed", base)
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stdout == ""


def test_without_main_it_compares_with_the_previous_commit(repo: Path) -> None:
    git(repo, "branch", "-m", "main", "trunk")
    edit(repo / "records/topics/russia.yaml", "name: Russia", "name: Russian Federation")
    commit_all(repo, "one")
    done = run(repo, "validate", "--changed")
    assert "since HEAD~1" in done.stderr
    assert done.stderr.endswith(": records/topics/russia.yaml\n")


def test_without_an_earlier_commit_every_file_is_checked(tmp_path: Path) -> None:
    root = copy_publication(tmp_path / "pub")
    git(root, "init", "-q", "-b", "trunk")
    commit_all(root, "only")
    done = run(root, "validate", "--changed")
    assert "no earlier commit to compare with, so all of records is checked" in done.stderr
    assert done.stdout.endswith("0 errors, 0 warnings\n")


def test_without_git_every_file_is_checked(tmp_path: Path) -> None:
    root = copy_publication(tmp_path / "pub")
    done = subprocess.run(
        [claimkit_exe(), "validate", "--changed"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "GIT_DIR": str(tmp_path / "no-repo")},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "not in a git repository, so all of records is checked" in done.stderr


@pytest.mark.parametrize("target", ["outside", "dangling"])
def test_a_record_that_became_a_symbolic_link_is_checked(
    repo: Path, tmp_path: Path, target: str
) -> None:
    """git reports a file that became a link as a type change (T): it must be checked."""
    record = repo / "records/people/david-choi.yaml"
    elsewhere = tmp_path / "elsewhere.yaml"
    if target == "outside":
        elsewhere.write_bytes(record.read_bytes())
    record.unlink()
    record.symlink_to(elsewhere)
    commit_all(repo, "a record becomes a link")
    assert git(repo, "diff", "--name-status", "main").startswith("T\t")
    full = run(repo, "validate")
    assert full.returncode == 1
    done = run(repo, "validate", "--changed")
    assert "no record changed" not in done.stderr
    assert done.returncode == 1, done.stderr
    assert "records/people/david-choi.yaml" in done.stdout
