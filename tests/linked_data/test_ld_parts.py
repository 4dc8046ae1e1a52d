"""The dumps in parts (linked_data.parts): where they are cut, that each part is a whole
document of its format, that the parts together say what the dumps in one part say, and that
a change to one record writes only the parts it touches.

The thresholds are lowered here (SPLIT_MIN, PART_PAGES) so that a generated publication of 300
claims is cut into some 60 parts; the benchmarks' publications are cut with the real ones.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import rdflib
from ld_support import REPO, assert_same_dumps, dump_files, load_catalog, parse_jsonld, plain_dumps
from rdflib.compare import isomorphic

from claimkit.core.catalog import Catalog
from claimkit.exporting.incremental import export_records
from claimkit.linked_data import export, parts
from claimkit.linked_data.export import write_dumps
from claimkit.linked_data.jsonld import JsonLd
from claimkit.linked_data.parts import catalog_layout, file_name, layout, page_keys, said
from random_edits import copy_tree, set_field

SCHEMA = rdflib.Namespace("http://schema.org/")


@pytest.fixture(scope="module")
def generated_records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parts") / "records"
    script = REPO / "benchmarks" / "generate.py"
    subprocess.run([sys.executable, str(script), "300", str(root)], check=True)
    return root


@pytest.fixture(scope="module")
def generated(generated_records: Path) -> Catalog:
    return load_catalog(generated_records)


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts, "SPLIT_MIN", 40)
    monkeypatch.setattr(parts, "PART_PAGES", 8)


def _names(count: int) -> list[str]:
    return ["website:", "dataset:", *(f"claim:claim-{i:06d}" for i in range(count))]


def test_a_small_publication_is_one_part_named_as_always() -> None:
    cut = layout(_names(parts.SPLIT_MIN - 3))
    assert cut.parts == 1
    assert cut.files(("claims.nt", "feed.json"), 0) == ["claims.nt", "feed.json"]
    assert file_name("claims.jsonld", 2, 40) == "claims-0003.jsonld"
    assert file_name("feed.json", 39, 40) == "feed-0040.json"


def test_cuts_depend_on_the_names_alone_and_stay_put_around_a_change() -> None:
    names = _names(30_000)
    cut = layout(names)
    assert 8 < cut.parts < 30  # about 30,000 / 2,048, with the spread of a checksum
    assert all(bound > parts.LEADING for bound in cut.bounds[1:])
    sizes = [cut.span(part)[1] - cut.span(part)[0] for part in range(cut.parts)]
    assert sum(sizes) == len(names) and min(sizes) > 0
    assert [cut.part_of(start) for start in cut.bounds] == list(range(cut.parts))
    # A page added in the middle: the cuts before it stay, those after it move by one page.
    middle = cut.bounds[cut.parts // 2] + 5
    added = [*names[:middle], "claim:claim-015000-new", *names[middle:]]
    moved = layout(added)
    if moved.parts == cut.parts:  # the new page is not itself the first of a part
        before = [b for b in cut.bounds if b <= middle]
        assert list(moved.bounds) == before + [b + 1 for b in cut.bounds if b > middle]
    # A page removed: the same the other way.
    gone = cut.bounds[2] + 1
    removed = layout(names[:gone] + names[gone + 1 :])
    assert list(removed.bounds) == [b if b < gone else b - 1 for b in cut.bounds]


@pytest.mark.usefixtures("small_parts")
def test_parts_equal_the_plain_code_in_one_process_and_forked(
    generated: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain_dumps(generated, tmp_path / "plain")
    names = dump_files(tmp_path / "plain")
    assert len(names) > 4 * 20  # cut into parts, four files each
    write_dumps(generated, tmp_path / "one", workers=1)
    assert_same_dumps(tmp_path / "plain", tmp_path / "one")
    # Workers make pieces of 7 pages, none across two parts.
    monkeypatch.setattr(export, "PARALLEL_MIN", 1)
    monkeypatch.setattr(export, "CHUNK", 7)
    write_dumps(generated, tmp_path / "forked", workers=2)
    assert_same_dumps(tmp_path / "plain", tmp_path / "forked")


def _graph(folder: Path, pattern: str, fmt: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    files = sorted(folder.glob(pattern))
    assert files
    for path in files:
        if fmt == "json-ld":
            graph += parse_jsonld(json.loads(path.read_text(encoding="utf-8")))
        else:
            graph.parse(path, format=fmt)
    return graph


def _without_downloads(graph: rdflib.Graph) -> rdflib.Graph:
    """The graph without the Dataset's list of downloads (which names the parts)."""
    downloads = set(graph.objects(None, SCHEMA.distribution))
    out = rdflib.Graph()
    for triple in graph:
        if triple[0] not in downloads and triple[1] != SCHEMA.distribution:
            out.add(triple)
    return out


def _feed(folder: Path, pattern: str) -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob(pattern))]


def test_each_part_is_a_whole_document_and_together_they_are_the_data(
    generated: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_dumps(generated, tmp_path / "whole", workers=1)
    monkeypatch.setattr(parts, "SPLIT_MIN", 40)
    monkeypatch.setattr(parts, "PART_PAGES", 8)
    folder = tmp_path / "parts"
    write_dumps(generated, folder, workers=1)
    whole = _without_downloads(_graph(tmp_path / "whole", "claims.nt", "nt"))
    for pattern, fmt in (("claims-*.nt", "nt"), ("claims-*.ttl", "turtle")):
        assert isomorphic(_without_downloads(_graph(folder, pattern, fmt)), whole), fmt
    together = _graph(folder, "claims-*.jsonld", "json-ld")
    assert isomorphic(_without_downloads(together), whole)

    # The Dataset lists every part of every format, and nothing else.
    urls = {str(url) for url in together.objects(None, SCHEMA.contentUrl)}
    site = generated.site.url.rstrip("/")
    assert urls == {f"{site}/data/{name}" for name in dump_files(folder)}
    assert (JsonLd(generated).dataset()["distribution"][0]["name"]).endswith(
        f"(part 1 of {len(urls) // 4})"
    )

    # The feed's items, part after part, are the one feed's; each part is a DataFeed of its own
    # file, dated by the latest of its items' data.
    one = _feed(tmp_path / "whole", "feed.json")[0]
    feeds = _feed(folder, "feed-*.json")
    items = [item for feed in feeds for item in feed["dataFeedElement"]]
    assert items == one["dataFeedElement"]
    for number, feed in enumerate(feeds, start=1):
        assert feed["@id"] == feed["url"] == f"{site}/data/feed-{number:04d}.json"
        assert feed["@type"] == "DataFeed"
        for item in feed["dataFeedElement"]:
            assert item["dateModified"] <= feed["dateModified"]
    assert max(feed.get("dateModified", "") for feed in feeds) == one["dateModified"]


def _edit_then_compare(records: Path, number: int, out: Path, full: Path) -> None:
    """Change the claim text of the records' claim at `number`, export into `out` from its last
    export (which must be incremental) and in full into `full`: the same files."""
    claim = sorted((records / "claims").glob("*.yaml"))[number]
    assert set_field(claim, "claimReviewed", f"A claim changed for the parts test {number}")
    notes: list[str] = []
    done = export_records(records, out, use_cache=True, say=notes.append)
    assert done.how != "full", notes
    export_records(records, full, use_cache=False, say=notes.append)
    assert dump_files(out) == dump_files(full)


@pytest.mark.usefixtures("small_parts")
def test_an_edit_writes_again_only_the_parts_it_touches(
    generated_records: Path, tmp_path: Path
) -> None:
    records = tmp_path / "records"
    copy_tree(generated_records, records)
    out, full = tmp_path / "out", tmp_path / "full"
    notes: list[str] = []
    export_records(records, out, use_cache=True, say=notes.append)
    before = {path.name: path.stat().st_ino for path in out.iterdir()}
    assert len(before) > 4 * 20
    _edit_then_compare(records, 150, out, full)
    after = {path.name: path.stat().st_ino for path in out.iterdir()}
    assert after.keys() == before.keys()
    written = sorted(name for name, inode in after.items() if before[name] != inode)
    # The first part (the website and the dataset, whose last change moved) and the claim's.
    assert len(written) == 8, written
    assert {name.partition("-")[2] for name in written} >= {"0001.nt", "0001.jsonld"}


@pytest.mark.usefixtures("small_parts")
def test_a_part_whose_first_page_goes_joins_the_part_before(
    generated_records: Path, generated: Catalog, tmp_path: Path
) -> None:
    """The first page of a part deleted: the part and the one before it are one part now, and
    a run of pages copied from the old dumps must not read on past the end of an old part's
    file."""
    records = tmp_path / "records"
    copy_tree(generated_records, records)
    cut = catalog_layout(generated)
    keys = page_keys(generated)
    firsts = [keys[bound] for bound in cut.bounds[1:] if keys[bound][0] == "claim"]
    assert len(firsts) >= 2
    out, full = tmp_path / "out", tmp_path / "full"
    notes: list[str] = []
    export_records(records, out, use_cache=True, say=notes.append)
    for _kind, ident in firsts[:2]:
        (records / "claims" / f"{ident}.yaml").unlink()
    done = export_records(records, out, use_cache=True, say=notes.append)
    assert done.how != "full", notes
    export_records(records, full, use_cache=False, say=notes.append)
    assert dump_files(out) == dump_files(full)
    assert len(dump_files(out)) == 4 * (cut.parts - 2)


def test_dumps_that_fall_below_the_threshold_are_one_part_again(
    generated_records: Path, generated: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every cut goes at once: runs of pages copied from the old parts must stop at each old
    part's end."""
    monkeypatch.setattr(parts, "PART_PAGES", 8)
    monkeypatch.setattr(parts, "SPLIT_MIN", len(page_keys(generated)))
    records = tmp_path / "records"
    copy_tree(generated_records, records)
    out, full = tmp_path / "out", tmp_path / "full"
    notes: list[str] = []
    export_records(records, out, use_cache=True, say=notes.append)
    assert len(dump_files(out)) > 4 * 20
    next(iter(sorted((records / "claims").glob("*.yaml")))).unlink()
    done = export_records(records, out, use_cache=True, say=notes.append)
    assert done.how != "full", notes
    export_records(records, full, use_cache=False, say=notes.append)
    assert sorted(dump_files(out)) == ["claims.jsonld", "claims.nt", "claims.ttl", "feed.json"]
    assert dump_files(out) == dump_files(full)


@pytest.mark.usefixtures("small_parts")
def test_parts_written_by_workers_are_noted_for_the_next_export(
    generated_records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full export on two cores has each part written by a worker; the sizes the workers
    count place every page for the next, incremental, export."""
    monkeypatch.setattr(export, "PARALLEL_MIN", 1)
    monkeypatch.setattr(export, "usable_cpus", lambda: 2)
    forked: list[int] = []
    by_parts = export._write_parts

    def counting(*args: Any) -> None:
        forked.append(1)
        by_parts(*args)

    monkeypatch.setattr(export, "_write_parts", counting)
    records = tmp_path / "records"
    copy_tree(generated_records, records)
    out, full = tmp_path / "out", tmp_path / "full"
    notes: list[str] = []
    export_records(records, out, use_cache=True, say=notes.append)
    assert forked == [1] and not list(out.glob(".*"))  # by workers, no spool file
    _edit_then_compare(records, 40, out, full)


def test_messages_name_the_parts_briefly() -> None:
    one = ["claims.jsonld", "claims.ttl", "claims.nt", "feed.json"]
    assert said(one) == "claims.jsonld, claims.ttl, claims.nt, feed.json"
    cut = layout(_names(30_000))
    names = cut.all_files(one)
    assert said(names) == (
        f"{cut.parts} parts of each dump (claims-0001.jsonld ... feed-{cut.parts:04d}.json)"
    )
