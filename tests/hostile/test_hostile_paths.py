"""Ids and paths a pull request can make that example folders cannot hold.

Named pipes, folders named like records, names that collide only on macOS or Windows, Windows
device names, and symbolic links out of the repository (in records/ and in docs/). Cases that
git can hold are folders under tests/examples/negative/ instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hostile_helpers import CLAIMKIT, REPO, assert_coded_json, publication, run_cli

TOPIC = "id: {ident}\nname: {ident}\n"


def _validate(root: Path, *paths: str) -> list[dict[str, object]]:
    run = run_cli(root, "validate", "--format", "json", *(paths or ("records",)))
    return assert_coded_json(run, allowed_exit=(0, 1, 2))


def _found(diagnostics: list[dict[str, object]]) -> set[tuple[object, object]]:
    return {(d["path"], d["code"]) for d in diagnostics}


def _child(root: Path, *argv: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """claimkit in a child process: a hang is a timeout here, not a stuck test run."""
    try:
        return subprocess.run(
            [str(CLAIMKIT), *argv],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"claimkit {' '.join(argv)} hung on a named pipe (killed after {timeout} s)")


# Named pipes: opening one for reading blocks until a writer comes, which never happens.


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cache", "no-cache"])
@pytest.mark.parametrize(
    "place", ["records/claims/x.yaml", "records/site.yaml", "records/claims/sub/x.json"]
)
def test_a_named_pipe_named_like_a_record_does_not_hang(
    tmp_path: Path, place: str, cache: list[str]
) -> None:
    root = publication(tmp_path / "pub")
    pipe = root / place
    pipe.parent.mkdir(parents=True, exist_ok=True)
    pipe.unlink(missing_ok=True)
    os.mkfifo(pipe)
    for args in (["records"], [place]):
        run = _child(root, "validate", "--format", "json", *cache, *args)
        assert run.returncode == 1, run.stdout + run.stderr
        assert "Traceback" not in run.stderr
        assert f'"path": "{place}"' in run.stdout
        assert '"code": "file-unreadable"' in run.stdout


def test_a_named_pipe_does_not_hang_the_build(tmp_path: Path) -> None:
    root = publication(tmp_path / "pub")
    os.mkfifo(root / "records" / "people" / "pipe.yaml")
    run = _child(root, "build", "--records", "records", "--output", "out", timeout=60)
    assert run.returncode == 1
    assert "failed at the validate step" in run.stderr
    assert "[file-unreadable]" in run.stderr


def test_a_named_pipe_in_docs_does_not_hang_the_build(tmp_path: Path) -> None:
    root = publication(tmp_path / "pub")
    docs = root / "docs"
    shutil.copytree(REPO / "docs", docs)
    os.mkfifo(docs / "pipe.md")
    run = _child(root, "build", "--records", "records", "--output", "out", timeout=30)
    assert "Traceback" not in run.stderr
    if run.returncode != 0:
        assert "was left as it was" in run.stderr


def test_a_named_pipe_in_a_folder_given_to_check_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "page.html")
    os.mkfifo(tmp_path / "feed.jsonld")
    run = _child(tmp_path, "check", ".")
    assert "Traceback" not in run.stderr
    assert run.returncode == 1
    assert run.stdout.count("[file-unreadable]") == 2


# Folders named like records.


def test_a_folder_named_like_a_record_is_not_read_as_one(tmp_path: Path) -> None:
    """A folder `x.yaml` is a subfolder (records may sit in subfolders): it is walked, not read
    as a file, and an empty one adds nothing."""
    root = publication(tmp_path / "pub")
    before = run_cli(root, "validate", "--format", "json", "records").report["summary"]
    (root / "records" / "claims" / "x.yaml").mkdir()
    (root / "records" / "x.yaml").mkdir()
    run = run_cli(root, "validate", "--format", "json", "records")
    assert_coded_json(run)
    assert run.exit_code == 0
    assert run.report["summary"] == before
    inner = root / "records" / "claims" / "x.yaml" / "inner.yaml"
    inner.write_text("id: inner\n", encoding="utf-8")
    found = _found(_validate(root))
    assert ("records/claims/x.yaml/inner.yaml", "schema-required") in found
    explicit = run_cli(root, "validate", "--format", "json", "records/claims/x.yaml")
    assert_coded_json(explicit)


# Names that differ only in case or Unicode form: one file on macOS and Windows.


@pytest.mark.parametrize(
    "folders",
    [
        ("Extra", "extra"),
        (unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")),
        ("ARCHIVE", "archive"),
        ("Straße", "STRASSE"),
    ],
    ids=["case", "nfc-nfd", "upper", "casefold"],
)
def test_names_that_differ_only_in_case_or_unicode_form_collide(
    tmp_path: Path, folders: tuple[str, str]
) -> None:
    root = publication(tmp_path / "pub")
    for folder in folders:
        where = root / "records" / "topics" / folder
        where.mkdir()
        (where / "lighthouse.yaml").write_text(TOPIC.format(ident="lighthouse"), encoding="utf-8")
    assert len(list((root / "records" / "topics").iterdir())) == 4  # both exist on this disk
    diagnostics = _validate(root)
    collisions = [d for d in diagnostics if d["code"] == "file-name-collision"]
    assert len(collisions) == 1, diagnostics
    assert not any(d["code"] == "id-duplicate" for d in diagnostics)


def test_a_site_file_differing_only_in_case_collides(tmp_path: Path) -> None:
    root = publication(tmp_path / "pub")
    shutil.copyfile(root / "records" / "site.yaml", root / "records" / "Site.yaml")
    codes = {d["code"] for d in _validate(root)}
    assert "file-name-collision" in codes


# Windows device names: files Windows cannot create, with or without an extension.


@pytest.mark.parametrize("ident", ["con", "nul", "com1", "aux", "prn", "lpt1", "com9"])
def test_windows_device_names_are_reserved(tmp_path: Path, ident: str) -> None:
    root = publication(tmp_path / "pub")
    (root / "records" / "topics" / f"{ident}.yaml").write_text(
        TOPIC.format(ident=ident), encoding="utf-8"
    )
    diagnostics = _validate(root)
    mine = {d["code"] for d in diagnostics if d["path"] == f"records/topics/{ident}.yaml"}
    assert "id-reserved" in mine, diagnostics
    assert "id-file-mismatch" not in mine


def test_windows_device_names_in_capitals_are_not_slugs(tmp_path: Path) -> None:
    root = publication(tmp_path / "pub")
    (root / "records" / "topics" / "CON.yaml").write_text(TOPIC.format(ident="con"), "utf-8")
    assert ("records/topics/CON.yaml", "file-name") in _found(_validate(root))


# Symbolic links out of the repository.


def test_a_symlinked_folder_pointing_outside_is_not_followed(tmp_path: Path) -> None:
    root = publication(tmp_path / "pub")
    outside = tmp_path / "outside"
    (outside / "claims").mkdir(parents=True)
    (outside / "claims" / "planted.yaml").write_text("id: planted\n", encoding="utf-8")
    (outside / "planted.yaml").write_text("id: planted\n", encoding="utf-8")
    (root / "records" / "claims" / "more").symlink_to(outside)
    (root / "records" / "topics" / "planted.yaml").symlink_to(outside, target_is_directory=True)
    diagnostics = _validate(root)
    assert not any("planted" in str(d["path"]) and d["code"] != "file-symlink" for d in diagnostics)
    # Each link out of the records folder, to a folder as to a file, is refused by name.
    refused = sorted(str(d["path"]) for d in diagnostics if d["code"] == "file-symlink")
    assert refused == ["records/claims/more", "records/topics/planted.yaml"], refused


def test_a_symlink_to_a_named_pipe_inside_does_not_hang(tmp_path: Path) -> None:
    root = publication(tmp_path / "pub")
    os.mkfifo(root / "records" / "claims" / "pipe")
    (root / "records" / "claims" / "p.yaml").symlink_to("pipe")
    run = _child(root, "validate", "--format", "json", "records")
    assert run.returncode == 1
    assert '"path": "records/claims/p.yaml"' in run.stdout
    assert '"code": "file-unreadable"' in run.stdout


@pytest.mark.parametrize("name", ["leak.txt", "leak.md", "assets/leak.css", "leak.yml"])
def test_build_does_not_publish_what_a_docs_symlink_points_at(tmp_path: Path, name: str) -> None:
    """A pull request can add docs/<name> as a link to any file on the CI machine (a key, a
    token in ~/.config, /proc/self/environ). The build must not copy that file into the site."""
    root = publication(tmp_path / "pub")
    docs = root / "docs"
    shutil.copytree(REPO / "docs", docs)
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN-0123456789\n", encoding="utf-8")
    link = docs / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    run = _child(
        root, "build", "--records", "records", "--docs", "docs", "--output", "out", timeout=120
    )
    assert "Traceback" not in run.stderr
    leaked = [
        p.relative_to(root).as_posix()
        for p in sorted((root / "out").rglob("*"))
        if p.is_file() and b"SECRET-TOKEN" in p.read_bytes()
    ]
    assert leaked == [], f"the file behind docs/{name} was published in {leaked}"
