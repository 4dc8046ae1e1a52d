"""`claimkit build`: a complete site, all-or-nothing output, byte-identical rebuilds."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from site_helpers import REPO, html_pages, parse_html

from claimkit.linked_data import parts
from claimkit.site import build as site_build
from claimkit.site.build import BuildError, build
from claimkit.site.staging import stage_docs
from claimkit.validation.run import validate_paths
from collector_watch import passes_inside

CLAIMKIT = Path(sys.executable).with_name("claimkit")


def _tree_hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_makes_a_complete_site(tmp_path: Path) -> None:
    result = build(REPO / "records", tmp_path, REPO / "docs")
    site = result.site
    for path in (
        "index.html",
        "404.html",
        "sitemap.xml",
        "claims/index.html",
        "methodology/index.html",
        "data/index.html",
        "data/claims.jsonld",
        "data/claims.ttl",
        "data/claims.nt",
        "data/feed.json",
        "contributing/index.html",
        "reference/schema/index.html",
        "claims/peskov-north-korean-troops-fake-news/index.html",
    ):
        assert (site / path).is_file(), path
    for dump in ("claims.jsonld", "claims.ttl", "claims.nt", "feed.json"):
        assert (result.data / dump).read_bytes() == (site / "data" / dump).read_bytes()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>" in sitemap
    assert "https://factdesk.example.org/claims/peskov-north-korean-troops-fake-news/" in sitemap
    for page in html_pages(site):
        parsed = parse_html(page)
        tags = {(e.tag, a, v) for e in parsed.elements for a, v in e.attrs}
        assert any(t == "link" and v == "canonical" for t, _a, v in tags) or page.name == "404.html"
        assert ("meta", "property", "og:title") in tags, page
        assert ("meta", "name", "twitter:card") in tags, page
        scripts = [e for e in parsed.elements if ("type", "application/ld+json") in e.attrs]
        assert len(scripts) == 1, page
        json.loads(scripts[0].text)


def test_failed_build_keeps_the_previous_site(records_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(records_copy, out, REPO / "docs")
    before = _tree_hashes(out / "site")
    (records_copy / "claims" / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        build(records_copy, out, REPO / "docs")
    assert failure.value.step == "validate"
    assert _tree_hashes(out / "site") == before
    assert not list(out.glob(".staging-*"))


def test_a_build_whose_process_dies_fails_and_leaves_nothing_behind(
    records_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The steps up to the search index run in a forked process (core/forked.py): one that dies
    # outright fails the build at once, keeps the published site and leaves no staging folder;
    # an error raised there reaches the caller as the step's own.
    out = tmp_path / "out"
    build(records_copy, out, REPO / "docs")
    before = _tree_hashes(out / "site")

    def dies(*_args: object, **_kwargs: object) -> int:
        os._exit(9)

    monkeypatch.setattr(site_build, "stage_docs", dies)
    said: list[str] = []
    with pytest.raises(BuildError) as failure:
        build(records_copy, out, REPO / "docs", said.append)
    assert failure.value.step == "build"
    assert "the build's process ended with code 9 before it had finished" in str(failure.value)
    assert said[0].startswith("validated ")  # said in the process before it died
    assert _tree_hashes(out / "site") == before
    assert not list(out.glob(".staging-*"))

    def fails(*_args: object, **_kwargs: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(site_build, "stage_docs", fails)
    with pytest.raises(BuildError) as failure:
        build(records_copy, out, REPO / "docs")
    assert (failure.value.step, failure.value.message) == (
        "build",
        "OSError: [Errno 28] No space left on device",
    )
    assert _tree_hashes(out / "site") == before
    assert not list(out.glob(".staging-*"))


def test_failed_build_through_the_cli_says_what_failed(records_copy: Path, tmp_path: Path) -> None:
    (records_copy / "claims" / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    run = subprocess.run(
        [str(CLAIMKIT), "build", "--records", str(records_copy), "--output", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "build failed at the validate step" in run.stderr
    assert "[schema-required]" in run.stderr
    # Honest counts: every file was read; the broken one is not a valid record.
    assert "47 files, 46 valid records: " in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_the_cli_says_how_long_each_step_took(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(CLAIMKIT), "build", "--output", str(tmp_path / "out")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    *_, built, steps = done.stdout.splitlines()
    whole = re.fullmatch(r"built \d+ pages .* in ([\d.]+) s", built)
    found = re.fullmatch(r"steps: (.*)", steps)
    assert whole is not None and found is not None, done.stdout
    total = float(whole.group(1))
    said = [re.fullmatch(r"(\w+) ([\d.]+) s", part) for part in found.group(1).split(", ")]
    assert all(said), steps
    names = [m.group(1) for m in said if m]
    assert names == ["validate", "dumps", "pages", "mkdocs", "search", "swap"]
    # Each step is part of the whole (rounded to tenths), and the steps leave little out.
    seconds = [float(m.group(2)) for m in said if m]
    assert sum(seconds) <= total + 0.05 * len(seconds)
    assert sum(seconds) >= 0.5 * total


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """Whatever the time zone, locale, hash seed and wall clock, the same records, same bytes."""
    trees = []
    for n, (tz, seed, lang) in enumerate((("UTC", "1", "C.UTF-8"), ("Asia/Seoul", "4242", "C"))):
        env = {**os.environ, "TZ": tz, "PYTHONHASHSEED": seed, "LC_ALL": lang}
        env.pop("SOURCE_DATE_EPOCH", None)
        out = tmp_path / f"out{n}"
        subprocess.run(
            [str(CLAIMKIT), "build", "--output", str(out)],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
        )
        trees.append({**_tree_hashes(out / "site"), **_tree_hashes(out / "data")})
    assert trees[0] == trees[1]
    assert len(trees[0]) > 50


def test_no_garbage_collection_while_the_pages_are_written(tmp_path: Path) -> None:
    """Record pages, lists and guides are written with the cyclic collector off (a pass over a
    large catalog costs seconds; core.collector)."""
    root = tmp_path / "records"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), "200", str(root)], check=True
    )
    catalog = validate_paths([root]).catalogs[0]
    out = tmp_path / "stage"
    inside = passes_inside(
        ["_write_chunk", "list_pages", "guide_pages"],
        lambda: stage_docs(catalog, None, out / "docs", {}),
    )
    assert inside == set()
    assert gc.isenabled()


def test_a_large_publication_offers_its_dumps_in_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cut of linked_data.parts lowered so that the sample records make several parts: the
    site's data folder holds them all, and the data page links and lists every one."""
    monkeypatch.setattr(parts, "SPLIT_MIN", 10)
    monkeypatch.setattr(parts, "PART_PAGES", 4)
    result = build(REPO / "records", tmp_path, REPO / "docs")
    site = result.site
    files = sorted(p.name for p in result.data.iterdir())
    assert len(files) >= 12 and "claims.nt" not in files and "claims-0001.nt" in files
    assert {p.name for p in (site / "data").iterdir()} >= set(files)
    for name in files:
        assert (result.data / name).read_bytes() == (site / "data" / name).read_bytes()
    page = (site / "data" / "index.html").read_text(encoding="utf-8")
    for name in files:
        assert f'href="{name}"' in page, name
    scripts = [
        e for e in parse_html(site / "data" / "index.html").elements
        if ("type", "application/ld+json") in e.attrs
    ]  # fmt: skip
    dataset = json.loads(scripts[0].text)
    urls = sorted(d["contentUrl"]["@id"].rpartition("/")[2] for d in dataset["distribution"])
    assert urls == files
