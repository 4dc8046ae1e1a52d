"""The validate cache's index of file statuses never serves a stale result."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from claimkit.records import filestatus
from claimkit.validation import cache, indexfile
from claimkit.validation.run import validate_paths

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLAIMKIT_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "records"
    shutil.copytree(ROOT / "records", target)
    return target


def _age(folder: Path, seconds: float = 3600) -> None:
    """Date every file back, as if written long before the run (out of the racy window)."""
    when = dt.datetime.now().timestamp() - seconds
    for file in folder.rglob("*"):
        os.utime(file, (when, when))


def _codes(root: Path, *, models: bool = True, use_cache: bool = True) -> list[tuple[str, str]]:
    result = validate_paths([root], TODAY, models=models, use_cache=use_cache)
    return [(d.path.rsplit("/", 1)[-1], d.code) for d in result.diagnostics]


def _break(file: Path) -> None:
    """Change one letter of the id, keeping the size (and, below, the times)."""
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("\nid: ", "\nid: X", 1).replace("\nid: Xk", "\nid: X", 1))


def test_a_warm_run_reads_no_file_and_reports_the_same(records: Path) -> None:
    _age(records)
    cold = validate_paths([records], TODAY, models=False)
    warm = validate_paths([records], TODAY, models=False)
    assert warm.diagnostics == cold.diagnostics
    assert warm.cached == warm.files - 1  # all but the site settings, read every time


def test_a_change_that_keeps_size_and_times_is_seen(records: Path) -> None:
    """Same size, same mtime put back by hand: the change time (and the racy rule) still tell."""
    _age(records)
    assert _codes(records, models=False) == []
    file = records / "topics" / "russia.yaml"
    info = file.stat()
    text = file.read_text(encoding="utf-8")
    changed = text.replace("id: russia", "id: russiA")
    assert len(changed) == len(text)
    file.write_text(changed, encoding="utf-8")
    os.utime(file, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert file.stat().st_size == info.st_size and file.stat().st_mtime_ns == info.st_mtime_ns
    assert ("russia.yaml", "schema-pattern") in _codes(records, models=False)


def test_a_file_changed_right_after_a_run_is_hashed_again(records: Path) -> None:
    """Racily clean: a file written within the racy window is never trusted by its status."""
    assert _codes(records, models=False) == []  # files just written: all racy
    index = indexfile.read(records)
    assert index is not None and index.site == _site_digest(records)
    slots = index.slots()
    index.close()
    assert slots and all(slot[0] is None for slot in slots.values())
    file = records / "topics" / "russia.yaml"
    info = file.stat()
    file.write_text(file.read_text(encoding="utf-8").replace("id: russia", "id: russiA"))
    os.utime(file, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert ("russia.yaml", "schema-pattern") in _codes(records, models=False)


def _site_digest(records: Path) -> bytes:
    import hashlib

    digest = hashlib.blake2b(digest_size=16)
    site = records / "site.yaml"
    digest.update(b"site.yaml\0")
    digest.update(site.read_bytes() + b"\0")
    return digest.digest()


def test_a_removed_or_added_file_changes_the_checks_across_records(records: Path) -> None:
    _age(records)
    assert _codes(records, models=False) == []
    moved = records / "topics" / "russia.yaml"
    keep = moved.read_bytes()
    moved.unlink()
    after = _codes(records, models=False)
    assert any(code == "reference-unresolved" for _name, code in after)
    moved.write_bytes(keep)
    assert _codes(records, models=False) == []


def test_a_change_to_the_site_settings_reaches_every_file(records: Path) -> None:
    _age(records)
    assert _codes(records, models=False) == []
    site = records / "site.yaml"
    text = site.read_text(encoding="utf-8")
    # Rename a label of the scale: reviews that use it are now out of the scale.
    label = "Unverified" if "Unverified" in text else None
    assert label is not None
    site.write_text(text.replace(f"label: {label}", "label: Unconfirmed"), encoding="utf-8")
    assert validate_paths([records], TODAY, models=False).cached == 0
    codes = _codes(records, models=False)
    assert ("rating-not-in-scale" in {code for _name, code in codes}) == (
        "rating: Unverified" in "".join(p.read_text() for p in records.rglob("*.yaml"))
    )


def test_today_is_part_of_the_memo_of_the_checks_across_records(records: Path) -> None:
    _age(records)
    assert validate_paths([records], TODAY, models=False).errors == 0
    past = validate_paths([records], dt.date(2020, 1, 1), models=False)
    assert any(d.code == "date-in-future" for d in past.diagnostics)
    assert validate_paths([records], TODAY, models=False).errors == 0


def test_the_catalog_from_the_cache_is_the_catalog_made_afresh(records: Path) -> None:
    _age(records)
    fresh = validate_paths([records], TODAY, use_cache=False).catalogs[0]
    first = validate_paths([records], TODAY).catalogs[0]
    warm = validate_paths([records], TODAY)
    assert warm.cached == warm.files - 1
    again = warm.catalogs[0]
    for catalog in (first, again):
        assert catalog.site == fresh.site
        assert catalog.claims == fresh.claims
        assert catalog.articles == fresh.articles
        assert catalog.people == fresh.people
        assert catalog.organizations == fresh.organizations
        assert catalog.topics == fresh.topics
        assert catalog.sources == fresh.sources
        assert catalog.claims_made == fresh.claims_made


def test_a_cache_from_other_code_is_not_used(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _age(records)
    validate_paths([records], TODAY, models=False)
    monkeypatch.setattr(cache, "tool_fingerprint", lambda: b"other code")
    assert validate_paths([records], TODAY, models=False).cached == 0


def test_the_working_folder_does_not_change_what_is_reused(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _age(records)
    validate_paths([records], TODAY, models=False)
    monkeypatch.chdir(records)
    again = validate_paths([Path(".")], TODAY, models=False)
    assert again.cached == again.files - 1
    assert again.errors == 0


# Folder listings: a folder whose status is unchanged is not listed again.


@pytest.fixture
def trusting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """No racy window (statuses are trusted as soon as a run has started after them), and a
    record of the folders listed (by path under the root)."""
    from claimkit.records import discover

    monkeypatch.setattr(filestatus, "RACY_MARGIN_NS", 0)
    listed: list[str] = []
    original = discover._list

    def counting(folder: str, rel_folder: str, *args: Any) -> Any:
        listed.append(rel_folder)
        return original(folder, rel_folder, *args)

    monkeypatch.setattr(discover, "_list", counting)
    return listed


def _settle() -> None:
    """Let the coarse clock of file times move past what was just written."""
    time.sleep(0.05)


def test_an_unchanged_publication_is_neither_listed_nor_checked(
    records: Path, trusting: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (records / "topics" / "broken.yaml").write_text("id: Broken\n", encoding="utf-8")
    _settle()
    cold = validate_paths([records], TODAY, models=False)
    assert set(trusting) == {"", "articles", "claims", "media", "organizations", "people", "topics"}
    trusting.clear()

    def refuse(*_args: Any) -> Any:
        raise AssertionError("a file was checked")

    monkeypatch.setattr("claimkit.validation.run.check_file", refuse)
    warm = validate_paths([records], TODAY, models=False)
    assert trusting == []
    assert warm.diagnostics == cold.diagnostics
    assert (warm.files, warm.records, warm.errors) == (cold.files, cold.records, cold.errors)
    one = records / "topics" / "broken.yaml"
    alone = validate_paths([one], TODAY, models=False)
    monkeypatch.undo()
    assert (
        alone.diagnostics == validate_paths([one], TODAY, models=False, use_cache=False).diagnostics
    )


def test_a_file_added_removed_or_renamed_in_a_listed_folder_is_seen(
    records: Path, trusting: list[str]
) -> None:
    _settle()
    assert _codes(records, models=False) == []
    (records / "topics" / "new-topic.yaml").write_text("id: Broken\n", encoding="utf-8")
    _settle()
    assert ("new-topic.yaml", "schema-pattern") in _codes(records, models=False)
    assert trusting.count("topics") == 2
    (records / "topics" / "new-topic.yaml").unlink()
    _settle()
    assert _codes(records, models=False) == []
    (records / "topics" / "russia.yaml").rename(records / "topics" / "Russia.yaml")
    _settle()
    after = _codes(records, models=False)
    assert ("Russia.yaml", "file-name") in after
    assert any(code == "reference-unresolved" for _name, code in after)


def test_a_folder_changed_within_the_racy_window_is_listed_again(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system with coarse times, a file added in the same tick as the last run's look
    at its folder leaves the folder's status as it was: such a status is not kept."""
    from claimkit.records import discover

    def coarse(info: os.stat_result) -> bytes:  # whole seconds, no change time
        seconds = info.st_mtime_ns // 1_000_000_000 * 1_000_000_000
        return filestatus.STATUS.pack(info.st_size, seconds, 0, info.st_ino, info.st_dev, 0)

    monkeypatch.setattr(discover, "status_of", coarse)
    topics = records / "topics"
    _age(records)
    os.utime(topics)  # the folder changed just now
    mtime = topics.stat().st_mtime_ns
    assert _codes(records, models=False) == []
    index = indexfile.read(records)
    assert index is not None and "topics" not in index.folders and "claims" in index.folders
    index.close()
    (topics / "new-topic.yaml").write_text("id: Broken\n", encoding="utf-8")
    os.utime(topics, ns=(mtime, mtime))  # within the same second as before
    assert ("new-topic.yaml", "schema-pattern") in _codes(records, models=False)


def test_a_folder_with_a_symbolic_link_is_listed_every_time(
    records: Path, trusting: list[str]
) -> None:
    (records / "topics" / "link.yaml").symlink_to(records / "topics" / "russia.yaml")
    _settle()
    validate_paths([records], TODAY, models=False)
    index = indexfile.read(records)
    assert index is not None and "topics" not in index.folders and "people" in index.folders
    index.close()


@pytest.mark.parametrize("folded_folders", [False, True])
def test_listing_folder_by_folder_finds_what_one_walk_finds(
    tmp_path: Path, folded_folders: bool
) -> None:
    """Also when two folders differ only in case, whose files must be compared across them
    (nothing is kept then)."""
    from claimkit.records.discover import walk

    root = tmp_path / "records"
    extra = ("Elsewhere/thing.yaml",) if folded_folders else ()
    for rel in (
        *extra,
        "elsewhere/Thing.yaml",
        "site.yaml",
        "notes.txt",
        "claims/a-claim.yaml",
        "claims/Bad_Name.yaml",
        "claims/sub/deeper.yaml",
        "claims/A-claim.yaml",
        "topics/x.yml",
        "topics/readme.md",
        "topics/x.json",
        "elsewhere/thing.yaml",
    ):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("id: x\n", encoding="utf-8")
    whole = walk(root)
    kept = walk(root, {}, time.time_ns())
    assert [f.display for f in kept.files] == [f.display for f in whole.files]
    assert [f.kind for f in kept.files] == [f.kind for f in whole.files]
    assert kept.problems == whole.problems
    again = walk(root, kept.folders, time.time_ns())
    assert again.problems == whole.problems and again.rels == whole.rels
    assert sum(d.code == "file-name-collision" for d in whole.problems) == 1 + len(extra)
    assert bool(kept.folders) is not folded_folders


def test_a_changed_file_in_an_unchanged_folder_is_seen(records: Path, trusting: list[str]) -> None:
    _settle()
    assert _codes(records, models=False) == []
    file = records / "topics" / "russia.yaml"
    info = file.stat()
    file.write_text(file.read_text(encoding="utf-8").replace("id: russia", "id: russiA"))
    os.utime(file, ns=(info.st_atime_ns, info.st_mtime_ns))
    _settle()
    trusting.clear()
    assert ("russia.yaml", "schema-pattern") in _codes(records, models=False)
    assert trusting == []


def test_a_file_touched_but_not_changed_keeps_the_checks_across_records(
    records: Path, trusting: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _settle()
    cold = validate_paths([records], TODAY, models=False)
    os.utime(records / "topics" / "russia.yaml")  # a new status, the same bytes

    def refuse(*_args: Any) -> Any:
        raise AssertionError("the checks across records ran again")

    monkeypatch.setattr("claimkit.validation.run.cross_check", refuse)
    warm = validate_paths([records], TODAY, models=False)
    assert warm.diagnostics == cold.diagnostics and warm.cached == warm.files - 1


def test_the_site_settings_check_is_not_kept_when_they_cannot_be_read(
    records: Path, trusting: list[str]
) -> None:
    """A settings file too large to read and an empty one hash alike: the check is made again."""
    site = records / "site.yaml"
    site.write_bytes(b"")
    _settle()
    first = validate_paths([records], TODAY, models=False)
    assert any(d.code == "file-empty" for d in first.diagnostics)
    site.write_bytes(b"# " + b"x" * (1024 * 1024) + b"\n")
    _settle()
    second = validate_paths([records], TODAY, models=False)
    assert any(d.code == "file-too-large" for d in second.diagnostics)
    assert not any(d.code == "file-empty" for d in second.diagnostics)
