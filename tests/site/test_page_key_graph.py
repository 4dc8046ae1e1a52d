"""A preview works out its record pages' keys from the last ones (`KeyGraph.patched`): only the
keys a change can reach are worked out again. After random edits (texts, names, dates, topics,
claimants, additions and deletions) they must be the keys a full working-out gives.

The seed is printed; set CLAIMKIT_INCREMENTAL_SEED to run one again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimkit.exporting.pageindex import records_now
from claimkit.records.discover import root_of
from claimkit.site.page_keys import KeyGraph, KeyMemo, PageKeys
from claimkit.validation.catalogs import ModelMemo
from claimkit.validation.run import validate_paths
from random_edits import Editor, copy_tree, generate, seeded


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("page-key-graph"), 150)


def test_patched_page_keys_are_the_full_ones(generated: Path, tmp_path: Path) -> None:
    seed, rng = seeded("page key graph")
    records = tmp_path / "records"
    copy_tree(generated, records)
    editor = Editor(records, rng)
    models, memo = ModelMemo(), KeyMemo()
    patched: list[bool] = []
    last: PageKeys | None = None
    handed = 0
    for step in range(24):
        change = editor.one() if step else "nothing"
        result = validate_paths([records], memo=models)
        assert result.errors == 0 and result.catalogs, change
        catalog = result.catalogs[0]
        now, why = records_now(root_of(records), catalog)
        assert now is not None, why
        # The statuses the validation saw (once it has an index) give what taking them again
        # gives.
        if result.statuses is not None:
            handed += 1
            assert records_now(root_of(records), catalog, result.statuses) == (now, ""), change
        graph = memo.graph
        keys = PageKeys.of(now, catalog, memo)
        patched.append(graph is not None and memo.graph is graph)
        full = PageKeys.of(now, catalog)
        what = f"seed {seed}, step {step}: {change}"
        assert keys.by_name == full.by_name, what
        assert keys.pages == full.pages and keys.records == full.records, what
        if last is not None and keys.records != last.records:
            # A record changed (an edit can be a no-op: a date already the one drawn): its own
            # page's key did, at least.
            assert keys.by_name != last.by_name, what
        last = keys
    # Additions and deletions change which records there are: those are worked out in full.
    assert sum(patched) >= 10, f"seed {seed}: patched at each step: {patched}"
    assert handed == 23


def test_a_graph_that_cannot_be_patched_is_left_as_it_was(generated: Path, tmp_path: Path) -> None:
    records = tmp_path / "records"
    copy_tree(generated, records)
    result = validate_paths([records])
    catalog = result.catalogs[0]
    now, _ = records_now(root_of(records), catalog)
    assert now is not None
    graph = KeyGraph(now, catalog)
    before = dict(graph.found)
    fewer = type(now)(now.names[1:], now.keys[1:], now.refs[1:], now.rels)
    assert not graph.patched(fewer, catalog)
    assert graph.found == before
