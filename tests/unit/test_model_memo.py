"""A preview validates again and again: `ModelMemo` keeps the last catalog's models and makes a
model only for a record that changed, and after a run that checked only the changed files, the
catalog is the last one patched. The catalog must be the one made without it, indexes and all."""

from __future__ import annotations

import dataclasses
import random
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from claimkit.core import dates
from claimkit.core.catalog import Catalog
from claimkit.linked_data.jsonld import JsonLd, record_dates
from claimkit.records import filestatus
from claimkit.validation import cache
from claimkit.validation.catalogs import ModelMemo
from claimkit.validation.result import Result
from claimkit.validation.run import validate_paths

RECORDS = Path(__file__).resolve().parents[2] / "records"


def _dump(catalog: Catalog) -> list[Any]:
    groups: dict[str, Mapping[str, BaseModel]] = {
        "claim": catalog.claims,
        "article": catalog.articles,
        "person": catalog.people,
        "organization": catalog.organizations,
        "topic": catalog.topics,
        "media": catalog.media,
    }
    rows: list[Any] = []
    for (kind, ident), source in sorted(catalog.sources.items()):
        group = groups.get(kind)
        model = group[ident] if group is not None else catalog.site
        rows.append((kind, source, model.model_dump_json()))
    # The indexes, in their order (pages list claims in it).
    for name in ("claims_made", "claims_relayed", "claims_in_article", "claims_on_topic"):
        rows.append((name, list(getattr(catalog, name).items())))
    rows.append(("reviews_by", list(catalog.reviews_by.items())))
    rows.append(("referenced", sorted(catalog.referenced)))
    assert {f.name for f in dataclasses.fields(catalog)} == {
        "site",
        "organizations",
        "people",
        "topics",
        "articles",
        "claims",
        "media",
        "sources",
        "claims_made",
        "claims_relayed",
        "claims_in_article",
        "claims_on_topic",
        "reviews_by",
        "referenced",
    }  # a new field is compared here too
    return rows


def _catalog(records: Path, memo: ModelMemo | None) -> Catalog:
    result = validate_paths([records], memo=memo)
    assert result.errors == 0 and result.catalogs
    return result.catalogs[0]


def test_a_catalog_from_the_memo_is_the_one_made_without_it(tmp_path: Path) -> None:
    records = _copied(tmp_path)
    memo = ModelMemo()
    first = _catalog(records, memo)
    claims = sorted((records / "claims").glob("*.yaml"))
    edited = claims[0]
    ident = edited.stem
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("claimReviewed: ", "claimReviewed: Edited, ", 1), "utf-8")
    again = _catalog(records, memo)
    assert _dump(again) == _dump(_catalog(records, None))
    # The edited claim's model is new; every other claim's is the one the memo kept.
    assert again.claims[ident] is not first.claims[ident]
    assert again.claims[ident].claimReviewed.startswith("Edited, ")
    others = [c.stem for c in claims[1:]]
    assert others and all(again.claims[i] is first.claims[i] for i in others)
    # Only the last catalog's models are kept.
    assert len(memo.models) == sum(1 for kind, _ in again.sources if kind != "site")


def _copied(tmp_path: Path) -> Path:
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    return records


def _patched(records: Path, memo: ModelMemo, monkeypatch: pytest.MonkeyPatch) -> Catalog:
    """The memo's next catalog, made without reading every record's data from the cache (the
    last catalog patched)."""
    with monkeypatch.context() as patch:
        _no_data_read(patch)
        return _catalog(records, memo)


def _refused(records: Path, memo: ModelMemo, monkeypatch: pytest.MonkeyPatch) -> Result:
    """The memo's run over records with an error (it reads no record's data from the cache
    either)."""
    with monkeypatch.context() as patch:
        _no_data_read(patch)
        return validate_paths([records], memo=memo)


def _no_data_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if the run reads the records' data from the cache (a patched catalog needs none)."""

    def refuse(*_args: object) -> object:
        raise AssertionError("the cached data of every record was read")

    monkeypatch.setattr(cache, "read_data", refuse)


def test_a_patched_catalog_is_the_one_made_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = _copied(tmp_path)
    memo = ModelMemo()
    _catalog(records, memo)
    claims = sorted((records / "claims").glob("*.yaml"))
    texts = {path: path.read_text(encoding="utf-8") for path in claims}
    rng = random.Random(7)
    for round_ in range(6):
        edited = rng.sample(claims, 2)
        for path in edited:
            text = texts[path].replace("claimReviewed: ", f"claimReviewed: Round {round_}, ", 1)
            path.write_text(text, encoding="utf-8")
        again = _patched(records, memo, monkeypatch)
        assert _dump(again) == _dump(_catalog(records, None))
        for path in edited:
            assert again.claims[path.stem].claimReviewed.startswith(f"Round {round_}, ")


def test_a_patched_catalog_follows_changed_topics_and_a_bad_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = _copied(tmp_path)
    memo = ModelMemo()
    first = _catalog(records, memo)
    path = records / "claims" / "north-korea-sent-10000-soldiers-to-russia.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  - russia\n" in text and path.stem in first.claims_on_topic["russia"]
    path.write_text(text.replace("  - russia\n", "  - ukraine\n", 1), encoding="utf-8")
    moved = _patched(records, memo, monkeypatch)
    assert path.stem not in moved.claims_on_topic["russia"]
    assert path.stem in moved.claims_on_topic["ukraine"]
    assert _dump(moved) == _dump(_catalog(records, None))
    # An id that is not the file's name is an error: no catalog; put back, the first one.
    renamed = text.replace(f"id: {path.stem}", f"id: {path.stem}-2", 1)
    path.write_text(renamed, encoding="utf-8")
    result = _refused(records, memo, monkeypatch)
    assert result.errors == 1 and not result.catalogs
    path.write_text(text, encoding="utf-8")
    back = _patched(records, memo, monkeypatch)
    assert _dump(back) == _dump(first)


def test_a_patched_catalog_keeps_the_order_a_full_one_meets_records_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The lists' records are in the order a full build first meets them, claim by claim: the
    # first claim's topics put in another order, or a topic it gives up, move them.
    records = _copied(tmp_path)
    memo = ModelMemo()
    first = _catalog(records, memo)
    path = records / "claims" / f"{next(iter(first.claims))}.yaml"
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("topics:\n")
    topics = [line for line in rest.splitlines(keepends=True) if line.startswith("  - ")]
    assert len(topics) >= 2
    listed = "".join(topics)
    for changed in ("".join(reversed(topics)), "".join(topics[1:])):
        path.write_text(head + "topics:\n" + rest.replace(listed, changed, 1), "utf-8")
        again = _patched(records, memo, monkeypatch)
        full = _catalog(records, None)
        assert list(again.claims_on_topic) == list(full.claims_on_topic)
        assert _dump(again) == _dump(full)


def test_an_invalid_edit_then_its_fix_patches_the_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = _copied(tmp_path)
    memo = ModelMemo()
    _catalog(records, memo)
    path = sorted((records / "claims").glob("*.yaml"))[2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("claimReviewed:", "claimReviewd:", 1), encoding="utf-8")
    broken = _refused(records, memo, monkeypatch)
    assert broken.errors and not broken.catalogs
    path.write_text(text.replace("claimReviewed: ", "claimReviewed: Fixed, ", 1), "utf-8")
    fixed = _patched(records, memo, monkeypatch)
    assert fixed.claims[path.stem].claimReviewed.startswith("Fixed, ")
    assert _dump(fixed) == _dump(_catalog(records, None))


def test_a_run_elsewhere_or_a_new_file_makes_the_catalog_again(tmp_path: Path) -> None:
    """Another process validating the records (the index's keys are no longer the memo's) or a
    file added (not a run over the index's own files): the catalog is made from every record's
    data, and is still the right one."""
    records = _copied(tmp_path)
    memo = ModelMemo()
    _catalog(records, memo)
    claims = sorted((records / "claims").glob("*.yaml"))
    text = claims[1].read_text(encoding="utf-8")
    claims[1].write_text(text.replace("claimReviewed: ", "claimReviewed: Elsewhere, ", 1), "utf-8")
    assert validate_paths([records], models=False).errors == 0  # another process's run
    again = _catalog(records, memo)
    assert again.claims[claims[1].stem].claimReviewed.startswith("Elsewhere, ")
    assert _dump(again) == _dump(_catalog(records, None))
    copy = records / "claims" / "a-copy-of-a-claim.yaml"
    source = claims[4].read_text(encoding="utf-8")
    copy.write_text(source.replace(f"id: {claims[4].stem}", "id: a-copy-of-a-claim", 1), "utf-8")
    added = _catalog(records, memo)
    assert "a-copy-of-a-claim" in added.claims
    assert _dump(added) == _dump(_catalog(records, None))


def test_random_edits_patch_the_catalog_as_a_full_build_makes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edits, renames, new dates, topics and claimants swapped, claims added and deleted: each
    catalog the memo gives (patched where it can be) is the one made without it."""
    import sys

    sys.path.insert(0, str(RECORDS.parent / "tests"))
    from random_edits import Editor, copy_tree, generate, seeded

    seed, rng = seeded("patched catalog")
    records = tmp_path / "records"
    copy_tree(generate(tmp_path, 80), records)
    # Files written within the last 3 s have statuses the cache does not trust (they could
    # change again within the same tick): each run would check them all, as no preview does.
    monkeypatch.setattr(filestatus, "RACY_MARGIN_NS", 0)
    editor = Editor(records, rng)
    memo = ModelMemo()
    replaced = 0
    real = Catalog.replaced

    def counted(self: Catalog, *args: Any) -> Catalog:
        nonlocal replaced
        replaced += 1
        return real(self, *args)

    monkeypatch.setattr(Catalog, "replaced", counted)
    _catalog(records, memo)
    for step in range(20):
        change = editor.one()
        again = _catalog(records, memo)
        assert _dump(again) == _dump(_catalog(records, None)), f"seed {seed}, step {step}: {change}"
        # The data's last change, worked out from each kept model's own latest date (the
        # unchanged models are the last catalog's), is the latest of every record's dates.
        every = [
            d
            for group in (again.claims, again.media, again.articles)
            for record in group.values()
            for d in record_dates(record)
        ]
        assert JsonLd(again).last_modified() == dates.latest(every), f"seed {seed}, step {step}"
    assert replaced >= 8, f"seed {seed}: the catalog was patched {replaced} times in 20"
