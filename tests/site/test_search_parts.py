"""The search index of a large site, made in parts (issue 16): Pagefind holds every word it
indexes in memory (8.5 GiB at 100,000 claims), so a site of more pages than a part holds is
indexed a part at a time and the parts' indexes merged (site/search_merge.py). The merged index
must give every query what one run's index gives: the same pages, words and their locations,
word chunks cut at the same words with the same ranges, filters and meta. These tests run the
real Pagefind binary on a site of their own (two languages, words with diacritics, meta that
only some parts have, pages without a searchable body) and on the sample publication's build.

Pagefind's working folder lives in the build's staging folder: a build killed while Pagefind
runs leaves nothing in the system's temporary folder (64 `claimkit-pagefind-*` folders were
left there before), and the next build removes what it left."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import cbor2
import pytest
from site_helpers import REPO

from claimkit.site import search, search_merge
from claimkit.site.build import build
from claimkit.site.search import SearchIndexError, index_site
from claimkit.site.search_merge import CHUNK_LOCATIONS, SIGNATURE, ranges
from search_index import canonical, unpacked

WORDS = [
    "minister",
    "army",
    "border",
    "grain",
    "harbour",
    "vaccine",
    "ballot",
    "river",
    "pension",
    "bridge",
    "drought",
    "tariff",
    "refinery",
    "census",
    "treaty",
    "festival",
    "rocket",
    "wildfire",
    "factory",
    "subsidy",
    "orchard",
]
NAMES = ["José", "Zoë", "Müller", "Chloé", "Åsa"]


def _page(number: int, rng: random.Random) -> str:
    language = "fr" if number % 7 == 3 else "en"
    words = [rng.choice(WORDS) + rng.choice(["", "s", "ed", str(number % 13)]) for _ in range(150)]
    words[rng.randrange(150)] = rng.choice(NAMES)
    title = f"{rng.choice(WORDS).title()} report {number}"
    # Meta and a filter only from page 120 on: the first parts have fewer meta fields.
    verdict = rng.choice(["True", "False", "Mixed"]) if number >= 120 else ""
    tags = ' data-pagefind-filter="verdict" data-pagefind-meta="verdict"' if verdict else ""
    # And from page 200 on, a meta field that sorts before the others.
    author = ' data-pagefind-meta="author:Desk"' if number >= 200 else ""
    return (
        f'<!doctype html><html lang="{language}"><head><title>{title}</title></head><body>'
        "<nav>Site navigation words nobody searches</nav>"
        f'<div data-pagefind-body{author}><h1 id="t{number}">{title}</h1>'
        f"<span{tags}>{verdict}</span>"
        f'<p data-pagefind-filter="topic">{rng.choice(WORDS)}</p>'
        f"<h2 id='s{number}'>Summary</h2><p>{' '.join(words)}</p>"
        "<div data-pagefind-ignore>Sources and byline</div></div></body></html>"
    )


def _site(folder: Path, pages: int = 320) -> Path:
    rng = random.Random(16)
    for number in range(pages):
        path = folder / "claims" / f"claim-{number:04d}" / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(_page(number, rng), "utf-8")
    # Folders whose names a part's glob must match exactly: one named as a prefix of others
    # ("claim-01" beside "claim-0100"), names with the glob's special characters.
    for name in ("claim-01", "x,y{z} [1] (a)*", "claim-0$"):
        path = folder / "claims" / name / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(_page(pages, rng).replace(f"report {pages}", f"report {name}"), "utf-8")
    # Pages with no searchable body: never indexed, in parts or not.
    for name in ("index.html", "search/index.html", "zz-list/page-2/index.html"):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('<html lang="en"><body><p>List of everything</p></body></html>', "utf-8")
    return folder


def _index(site: Path, into: Path, part_pages: int) -> Path:
    """Index `site` (its index moved to `into`); the index."""
    index_site(site, site.parent / "work", part_pages)
    assert not (site.parent / "work").exists()
    shutil.move(site / "pagefind", into)
    return into


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("parts")
    site = _site(folder / "site")
    return {
        "one": _index(site, folder / "one", 10**6),
        "parts": _index(site, folder / "parts", 45),
        "parts again": _index(site, folder / "parts-again", 45),
        "two parts": _index(site, folder / "two-parts", 200),
    }


def test_an_index_made_in_parts_answers_as_one_run_s_does(indexes: dict[str, Path]) -> None:
    one = canonical(indexes["one"])
    assert set(one["languages"]) == {"en", "fr"}
    english = one["languages"]["en"]
    # What makes the case: several word chunks, variants, meta some parts lack, filters.
    assert len(english["chunks"]) >= 2
    assert any(variants for _f, _l, words in english["chunks"] for _w, _p, variants in words)
    assert english["fields"] == ["author", "title", "verdict"]
    assert set(english["filters"]) == {"topic", "verdict"}
    urls = {f["url"] for language in one["languages"].values() for f in language["fragments"]}
    assert len(urls) == 323 and "/search/" not in urls and "/" not in urls
    assert canonical(indexes["parts"]) == one
    assert canonical(indexes["two parts"]) == one
    # The fragments are the files one run writes, no more.
    fragments = _files(indexes["one"] / "fragment")
    assert _files(indexes["parts"] / "fragment") == fragments
    assert _files(indexes["two parts"] / "fragment") == fragments


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_chunks_are_cut_where_pagefind_cuts_them(indexes: dict[str, Path]) -> None:
    # Pagefind's own index: each chunk but the last ends at the word that brings it to
    # CHUNK_LOCATIONS locations, and its range is cut as `ranges` cuts it.
    for name in ("one", "parts"):
        bundle = indexes[name]
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        for about in entry["languages"].values():
            meta = cbor2.loads(unpacked(bundle / f"pagefind.{about['hash']}.pf_meta"))
            whole = []
            for number, (_first, _last, stem) in enumerate(meta[2]):
                (words,) = cbor2.loads(unpacked(bundle / "index" / f"{stem}.pf_index"))
                sizes = [sum(len(p[1]) + len(p[2]) + 1 for p in w[1]) for w in words]
                if number < len(meta[2]) - 1:
                    assert sum(sizes[:-1]) < CHUNK_LOCATIONS <= sum(sizes)
                whole.append([words[0][0], words[-1][0], stem])
            assert ranges(whole) == meta[2]


def test_an_index_made_in_parts_is_the_same_bytes_each_time(indexes: dict[str, Path]) -> None:
    def tree(bundle: Path) -> dict[str, bytes]:
        return {
            p.relative_to(bundle).as_posix(): p.read_bytes()
            for p in bundle.rglob("*")
            if p.is_file()
        }

    assert tree(indexes["parts"]) == tree(indexes["parts again"])


def test_two_pages_with_one_short_name_each_keep_their_fragment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind names a fragment by 7 digits of a hash (about 24 pairs of 112,000 pages share
    them): within a run it lengthens one name, across parts the merge must."""
    site = _site(tmp_path / "site", pages=60)
    one = canonical(_index(site, tmp_path / "one", 10**6))

    real = search_merge.merge

    def clashing(bundles: list[Path], into: Path) -> int:
        # Give a page of the second part the name of a page of the first, as a clash would.
        first, second = bundles[:2]
        taken = sorted((first / "fragment").iterdir())[0].name
        entry = json.loads((second / "pagefind-entry.json").read_text("utf-8"))
        about = entry["languages"]["en"]
        meta_file = second / f"pagefind.{about['hash']}.pf_meta"
        meta = cbor2.loads(unpacked(meta_file))
        stem = meta[1][0][0]
        (second / "fragment" / f"{stem}.pf_fragment").rename(second / "fragment" / taken)
        meta[1][0][0] = taken.removesuffix(".pf_fragment")
        meta_file.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(meta)))
        return real(bundles, into)

    monkeypatch.setattr(search, "merge", clashing)
    assert canonical(_index(site, tmp_path / "parts", 30)) == one


def test_a_part_index_that_cannot_be_merged_fails_with_a_message(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", pages=40)
    page = site / "claims" / "claim-0001" / "index.html"
    page.write_text(page.read_text("utf-8").replace("<h1 ", '<h1 data-pagefind-sort="date:2024" '))
    with pytest.raises(SearchIndexError, match="sort orders, which cannot be merged"):
        index_site(site, tmp_path / "work", 20)
    assert not (tmp_path / "work").exists()


def test_the_sample_site_indexed_in_parts_finds_what_one_run_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = build(REPO / "records", tmp_path / "one", REPO / "docs")
    monkeypatch.setattr(search, "PART_PAGES", 12)
    monkeypatch.setattr(search, "ONE_RUN", 24)
    merged: list[int] = []  # the search step runs in the build's own process
    real_merge = search_merge.merge

    def merge(bundles: list[Path], into: Path) -> int:
        merged.append(len(bundles))
        return real_merge(bundles, into)

    monkeypatch.setattr(search, "merge", merge)
    parts = build(REPO / "records", tmp_path / "parts", REPO / "docs")
    assert len(merged) == 1 and merged[0] > 2  # indexed in parts, then merged
    assert whole.pages == parts.pages
    assert canonical(parts.site / "pagefind") == canonical(whole.site / "pagefind")
    assert not list((tmp_path / "parts").glob(".staging-*"))


def _slow_pagefind(folder: Path, started: Path) -> Path:
    """Pagefind behind a script that notes its working folder and waits first."""
    binary = folder / "pagefind"
    binary.write_text(f'#!/bin/sh\npwd > "{started}"\nexec sleep 60\n', "utf-8")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return binary


def test_a_build_killed_while_indexing_leaves_nothing_in_the_temporary_folder(
    tmp_path: Path,
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    started = tmp_path / "started"
    out = tmp_path / "out"
    env = {
        **os.environ,
        "TMPDIR": str(temporary),
        "PAGEFIND_BINARY_PATH": str(_slow_pagefind(tmp_path, started)),
    }
    args = [sys.executable, "-m", "claimkit", "build", "--records", str(REPO / "records")]
    args += ["--output", str(out), "--docs", str(REPO / "docs")]
    proc = subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while not started.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started.exists(), "Pagefind was not started"
        time.sleep(0.2)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    working = Path(started.read_text("utf-8").strip())
    (stage,) = out.glob(".staging-*")
    assert working.is_relative_to(stage.resolve()), working
    assert working.is_dir()
    assert not list(temporary.iterdir())
    # The next build removes what the killed one left.
    del env["PAGEFIND_BINARY_PATH"]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not working.exists() and not list(out.glob(".staging-*"))
    assert not list(temporary.iterdir())


def test_a_range_that_would_end_before_it_starts_ends_at_its_last_word() -> None:
    # As Pagefind 1.5.2 cut the ranges of the 10,000-claim benchmark site's word index: the
    # one-word chunk "account" is [accou, account], not [accou, acco]; [asa, autumn] before a
    # chunk from "base" is not [asa, a].
    chunks = [
        ["abbott", "accord", "c1"],
        ["account", "account", "c2"],
        ["accurate", "agency", "c3"],
        ["asa", "autumn", "c4"],
        ["base", "between", "c5"],
    ]
    assert ranges(chunks) == [
        ["abbott", "accor", "c1"],
        ["accou", "account", "c2"],
        ["accu", "ag", "c3"],
        ["as", "autumn", "c4"],
        ["b", "between", "c5"],
    ]


def test_a_part_without_a_searchable_page_adds_nothing(tmp_path: Path) -> None:
    """Pagefind indexes every page's whole body in a run where no page has a searchable one:
    such a part (here the folder `zz`, list pages) is left out, as one run leaves its pages."""
    site = tmp_path / "site"
    rng = random.Random(5)
    for number in range(6):
        path = site / "claims" / f"c{number}" / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(_page(number, rng), "utf-8")
    for number in range(3):
        path = site / "zz" / f"page-{number}" / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text('<html lang="en"><body><p>A list of claims</p></body></html>', "utf-8")
    pages = search._html(site)
    assert search.parts(pages, 3)[-1] == "z*/**/*.html"
    one = canonical(_index(site, tmp_path / "one", 10**6))
    assert canonical(_index(site, tmp_path / "parts", 3)) == one
    # No file of the pages the part indexed is left either.
    assert _files(tmp_path / "parts" / "fragment") == _files(tmp_path / "one" / "fragment")
    assert len(one["languages"]["en"]["fragments"]) == 5  # and one French page


def test_the_parts_hold_at_most_the_pages_asked_for(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    pages = search._html(site)
    globs = search.parts(pages, 45)
    assert len(pages) == 326 and 326 / 45 <= len(globs) <= 2 * 326 / 45
    assert search.parts(pages, 10**6) == ["{*.html,*/**/*.html}"]
    # A folder named by a prefix of others' names is matched by its whole name, escaped.
    assert "claims/claim-0\\$/**/*.html" in ",".join(globs)
    assert "claims/claim-01/**/*.html" in ",".join(globs)


def test_a_failed_run_ends_the_runs_beside_it_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts are indexed two at a time: the second run failing is reported at once, not when
    the first ends, and the first run is ended with it."""
    site = _site(tmp_path / "site", pages=40)
    pids = tmp_path / "pids"
    binary = tmp_path / "pagefind"
    binary.write_text(
        "#!/bin/sh\n"
        f'if [ -e "{tmp_path}/first" ]; then echo "broken part" >&2; exit 3; fi\n'
        f'touch "{tmp_path}/first"\necho $$ >> "{pids}"\nexec sleep 60\n',
        "utf-8",
    )
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    monkeypatch.setattr(search, "usable_cpus", lambda: 2)
    began = time.monotonic()
    with pytest.raises(SearchIndexError, match=r"exit code 3\): broken part"):
        index_site(site, tmp_path / "work", 10)
    assert time.monotonic() - began < 30
    (pid,) = pids.read_text("utf-8").split()
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid), 0)
    assert not (tmp_path / "work").exists()


def test_the_chunk_writer_names_and_writes_as_write_named_does(tmp_path: Path) -> None:
    # The merge writes its word chunks through a thread (_ChunkWriter), naming each file by the
    # SHA-256 of its bytes itself: the same names and bytes as write_named (the reference) for
    # the same values in a new folder, a value given again included, and two values whose
    # hashes share their first 7 digits (found by trying: about 20,000 values).
    seen: dict[str, int] = {}
    clash: tuple[int, int] | None = None
    for n in range(2_000_000):
        digest = hashlib.sha256(SIGNATURE + cbor2.dumps([[["word", n]]])).hexdigest()[:7]
        if digest in seen:
            clash = (seen[digest], n)
            break
        seen[digest] = n
    assert clash is not None
    values = [[[["word", n]]] for n in (clash[0], 7, clash[1], clash[0], 8)]
    by_writer, by_reference = tmp_path / "writer", tmp_path / "reference"
    by_writer.mkdir()
    by_reference.mkdir()
    with search_merge._ChunkWriter(by_writer, "en_") as writer:
        stems = [writer.write(value) for value in values]
    reference = [
        search_merge.write_named(by_reference, "en_", ".pf_index", value, 7, level=7)
        for value in values
    ]
    assert stems == reference
    assert len(stems[2]) > len(stems[0]) and stems[2][:10] == stems[0][:10]  # lengthened
    assert stems[3] == stems[0]  # the same value: the same file
    assert sorted(p.name for p in by_writer.iterdir()) == sorted(
        p.name for p in by_reference.iterdir()
    )
    for path in by_writer.iterdir():
        assert path.read_bytes() == (by_reference / path.name).read_bytes()
