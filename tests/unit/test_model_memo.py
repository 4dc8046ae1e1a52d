"""A preview validates again and again: `ModelMemo` keeps the last catalog's models and makes a
model only for a record that changed. The catalog must be the one made without it."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel

from claimkit.core.catalog import Catalog
from claimkit.validation.run import ModelMemo, validate_paths

RECORDS = Path(__file__).resolve().parents[2] / "records"


def _dump(catalog: Catalog) -> list[tuple[str, str, str]]:
    groups: dict[str, Mapping[str, BaseModel]] = {
        "claim": catalog.claims,
        "article": catalog.articles,
        "person": catalog.people,
        "organization": catalog.organizations,
        "topic": catalog.topics,
        "media": catalog.media,
    }
    rows = []
    for (kind, ident), source in sorted(catalog.sources.items()):
        group = groups.get(kind)
        model = group[ident] if group is not None else catalog.site
        rows.append((kind, source, model.model_dump_json()))
    return rows


def _catalog(records: Path, memo: ModelMemo | None) -> Catalog:
    result = validate_paths([records], memo=memo)
    assert result.errors == 0 and result.catalogs
    return result.catalogs[0]


def test_a_catalog_from_the_memo_is_the_one_made_without_it(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
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
