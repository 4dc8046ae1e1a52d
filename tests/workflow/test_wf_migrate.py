"""`claimkit migrate`: the old layout (claimant, archiveUrl) rewritten as lists, comments kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from workflow_helpers import run

from claimkit.authoring.migrate import migrate_text
from claimkit.records.canonical import FormatError
from claimkit.records.load import parse_text
from harness import build_publication, validate_in_process

OLD = """\
# yaml-language-server: $schema=../../schema/claim.schema.json
id: port-budget-doubled
claimReviewed: The port's budget has doubled since last year
# who said it
claimant:  # the harbourmaster himself
  # by id
  person: ben-harbourmaster  # see people/
dateMade: 2024-10-15
appearances:
  - article: tide-harbour-report
  - name: Harbourmaster's post
    url: https://social.example.org/ben/1
    # the first copy
    archiveUrl: https://web.archive.org/web/2024/https://social.example.org/ben/1  # wayback
    archivedAt:
      - https://archive.ph/abcde  # archive.today
topics:
  - port-budget
# at the end
"""

NEW = """\
# yaml-language-server: $schema=../../schema/claim.schema.json
id: port-budget-doubled
claimReviewed: The port's budget has doubled since last year
# who said it
claimants:  # the harbourmaster himself
  # by id
  - person: ben-harbourmaster  # see people/
dateMade: 2024-10-15
appearances:
  - article: tide-harbour-report
  - name: Harbourmaster's post
    url: https://social.example.org/ben/1
    archivedAt:
      # the first copy
      - https://web.archive.org/web/2024/https://social.example.org/ben/1  # wayback
      - https://archive.ph/abcde  # archive.today
topics:
  - port-budget
# at the end
"""


def test_the_old_fields_become_lists_and_every_comment_is_kept() -> None:
    assert migrate_text(OLD, "x.yaml", "claim") == NEW


def test_a_record_in_the_new_layout_is_left_alone() -> None:
    assert migrate_text(NEW, "x.yaml", "claim") is None
    # Not even laid out: migrate changes only what it migrates.
    assert migrate_text("claimReviewed: x\nid: y\nclaimants: [{person: p}]\n", "x", "claim") is None


def test_an_archive_link_already_listed_is_not_listed_twice() -> None:
    text = (
        "id: a\nheadline: H\nurl: https://e.org/a\narchiveUrl: https://archive.ph/x\n"
        "archivedAt:\n  - https://web.archive.org/x\n  - https://archive.ph/x\npublisher: p\n"
        "datePublished: 2024-10-17\n"
    )
    out = migrate_text(text, "a.yaml", "article")
    assert out is not None
    assert parse_text(out, "a").data["archivedAt"] == [
        "https://web.archive.org/x",
        "https://archive.ph/x",
    ]
    assert "archiveUrl" not in out


def test_archive_links_anywhere_in_a_record_are_migrated() -> None:
    text = (
        "id: c\nclaimReviewed: c\nclaimants:\n  - person: p\nappearances:\n  - name: n\n"
        "firstAppearance:\n  url: https://e.org/1\n  archiveUrl: https://archive.ph/1\n"
        "relays:\n  - by:\n      organization: o\n    source:\n      name: s\n"
        "      archiveUrl: https://archive.ph/2\n"
    )
    out = migrate_text(text, "c.yaml", "claim")
    assert out is not None
    data = parse_text(out, "c").data
    assert data["firstAppearance"]["archivedAt"] == ["https://archive.ph/1"]
    assert data["relays"][0]["source"]["archivedAt"] == ["https://archive.ph/2"]


def test_json_records_are_migrated_as_json() -> None:
    text = json.dumps({"id": "c", "claimReviewed": "c", "claimant": {"person": "p"}})
    out = migrate_text(text, "c.json", "claim", is_json=True)
    assert out is not None
    assert json.loads(out) == {"id": "c", "claimReviewed": "c", "claimants": [{"person": "p"}]}


def test_claimant_is_migrated_only_on_claims() -> None:
    # An article has no claimant field: validate reports the unknown property, migrate leaves it.
    text = "id: a\nclaimant:\n  person: p\n"
    assert migrate_text(text, "a.yaml", "article") is None


def test_a_file_that_does_not_load_is_refused() -> None:
    with pytest.raises(FormatError) as caught:
        migrate_text("id: a\nid: b\nclaimant: {person: p}\n", "dup.yaml", "claim")
    assert caught.value.diagnostic.code == "yaml-duplicate-key"


def _old_publication(tmp_path: Path) -> tuple[Path, Path]:
    root = build_publication(None, tmp_path / "pub")
    file = root / "records/claims/port-budget-doubled.yaml"
    text = file.read_text(encoding="utf-8")
    text = text.replace(
        "claimants:\n  - person: ben-harbourmaster\n",
        "# who said it\nclaimant:\n  person: ben-harbourmaster  # the harbourmaster\n",
    )
    text = text.replace(
        "appearances:\n  - article: tide-harbour-report\n",
        "appearances:\n  - article: tide-harbour-report\n  - name: Harbourmaster's post\n"
        "    url: https://social.example.org/ben/1\n"
        "    archiveUrl: https://archive.ph/abcde  # the copy\n",
    )
    file.write_text(text, encoding="utf-8")
    return root, file


def test_migrate_clears_the_layout_warnings_and_is_idempotent(tmp_path: Path) -> None:
    root, file = _old_publication(tmp_path)
    before = validate_in_process(root)
    assert before.exit_code == 0
    codes = sorted(d["code"] for d in before.diagnostics)
    assert codes == ["layout-deprecated", "layout-deprecated"]
    assert all("claimkit migrate" in d["message"] for d in before.diagnostics)

    check = run(root, "migrate", "--check")
    assert check.returncode == 1
    assert "would migrate records/claims/port-budget-doubled.yaml" in check.stdout
    assert "run `claimkit migrate`" in check.stdout

    done = run(root, "migrate")
    assert done.returncode == 0, done.stdout
    assert "migrated records/claims/port-budget-doubled.yaml" in done.stdout
    assert "1 file migrated" in done.stdout
    text = file.read_text(encoding="utf-8")
    assert "# who said it\nclaimants:\n  - person: ben-harbourmaster  # the harbourmaster\n" in text
    assert "    archivedAt:\n      - https://archive.ph/abcde  # the copy\n" in text

    after = validate_in_process(root)
    assert after.diagnostics == [], after.stdout
    assert after.report["summary"].endswith("0 errors, 0 warnings")

    again = run(root, "migrate")
    assert again.returncode == 0
    assert "0 files migrated" in again.stdout
    assert file.read_text(encoding="utf-8") == text
    assert run(root, "migrate", "--check").returncode == 0


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    done = run(tmp_path, "migrate", "no-such-folder")
    assert done.returncode == 2
    assert "path-not-found" in done.stdout
