"""The validate cache's index of file statuses never serves a stale result."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from claimkit import cache
from claimkit.validate import validate_paths

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


def _codes(root: Path, **kwargs: bool) -> list[tuple[str, str]]:
    result = validate_paths([root], TODAY, **kwargs)
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
    (slots, _cross) = cache.read(records, _site_digest(records))
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
    monkeypatch.setattr(cache, "_tool_fingerprint", lambda: b"other code")
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
