"""The site's search index (issue 16, item 4): Pagefind, run by `claimkit build` on the built
site before it is swapped in, indexes what a reader looks for on each desk page (the claim, who
made it, the verdict, the review's summary and explanation) with verdict, topic and language
filters, leaves out what is not (lists, articles, sources, the search page), writes its filters in a fixed
order, and a failed index fails the build and leaves the old site."""

from __future__ import annotations

import gzip
import hashlib
import stat
from pathlib import Path

import cbor2
import pytest
import yaml
from site_helpers import REPO

from claimkit.site.build import BuildError, BuildResult, build
from search_index import SIGNATURE, filters, fragments, unpacked

CLAIM = "north-korean-soldiers-deserted-near-border"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(REPO / "records", tmp_path_factory.mktemp("search") / "out", REPO / "docs")


def _words(text: str) -> list[str]:
    return " ".join(text.split()).split(" ")


def test_a_claim_page_is_indexed_with_its_review_and_filters(built: BuildResult) -> None:
    record = yaml.safe_load((REPO / "records" / "claims" / f"{CLAIM}.yaml").read_text("utf-8"))
    (review,) = record["reviews"]
    (page,) = [p for p in fragments(built.site) if p["url"] == f"/claims/{CLAIM}/"]
    text = " ".join(page["content"].split())
    assert page["meta"]["title"] == record["claimReviewed"]
    for part in (record["claimReviewed"], review["summary"], review["explanation"]):
        assert " ".join(_words(part)) in text, part[:60]
    assert "Made by unnamed intelligence officials" in text
    assert page["meta"]["verdict"] == review["rating"] == page["filters"]["verdict"][0]
    assert page["filters"]["language"] == ["English"]
    names = [
        yaml.safe_load((REPO / "records" / "topics" / f"{t}.yaml").read_text("utf-8"))["name"]
        for t in record["topics"]
    ]
    assert sorted(page["filters"]["topic"]) == sorted(names)
    # Not what a reader searches for: the sources' names, the byline, the verdict's meaning.
    assert "Kyiv Independent report on the soldiers' detention" not in text
    assert "Reviewed by" not in text
    assert "on our scale" not in text


def test_lists_and_the_search_page_are_not_indexed_but_the_desk_s_pages_are(
    built: BuildResult,
) -> None:
    urls = {page["url"] for page in fragments(built.site)}
    assert "/search/" not in urls
    assert not [url for url in urls if "/page-" in url or url.startswith("/claims/verdict/")]
    for url in ("/", "/methodology/", "/contributing/", "/people/dmitry-peskov/"):
        assert url in urls, url
    # Articles are found through their claims: each page in the index costs every query.
    articles = {p.stem for p in (REPO / "records" / "articles").glob("*.yaml")}
    assert articles
    assert not [url for url in urls if url.startswith("/articles/") and url != "/articles/"]
    assert all((built.site / "articles" / name / "index.html").is_file() for name in articles)
    claims = len(list((REPO / "records" / "claims").glob("*.yaml")))
    assert len([url for url in urls if url.startswith("/claims/") and url != "/claims/"]) == claims
    # A list page is found by its title, not by the claims it lists.
    (listing,) = [p for p in fragments(built.site) if p["url"] == "/claims/"]
    assert _words(listing["content"]) == ["Claims."]


def test_only_what_the_search_page_loads_is_published(built: BuildResult) -> None:
    bundle = built.site / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
    assert list(bundle.glob("wasm.*.pagefind"))
    # Pagefind's own interfaces: the site's search page does not load them.
    assert (
        not list(bundle.glob("pagefind-*ui*")) and not (bundle / "pagefind-highlight.js").exists()
    )
    script = (built.site / "assets" / "claimkit-search.js").read_text("utf-8")
    assert "pagefind/pagefind.js" in script and "-ui" not in script


def test_filters_are_written_in_order_and_files_named_by_their_bytes(built: BuildResult) -> None:
    found = filters(built.site)
    assert set(found) == {"verdict", "topic", "language"}
    for name, values in found.items():
        assert values == sorted(values), name
    for path in (built.site / "pagefind" / "filter").iterdir():
        data = gzip.decompress(path.read_bytes())
        digest = hashlib.sha256(data).hexdigest()
        assert path.stem == f"en_{digest[:7]}", path.name
    # The other files are Pagefind's own, which the rewrite reads and writes back the same.
    for path in (built.site / "pagefind" / "index").iterdir():
        assert cbor2.dumps(cbor2.loads(unpacked(path))) == unpacked(path)
    entry = (built.site / "pagefind" / "pagefind-entry.json").read_text("utf-8")
    (meta,) = (built.site / "pagefind").glob("pagefind.*.pf_meta")
    assert meta.name.removeprefix("pagefind.").removesuffix(".pf_meta") in entry
    assert gzip.decompress(meta.read_bytes()).startswith(SIGNATURE)


def test_the_search_page_offers_the_filters_the_claims_have(built: BuildResult) -> None:
    html = (built.site / "search" / "index.html").read_text("utf-8")
    found = filters(built.site)
    for name, values in found.items():
        select = html[html.index(f'<select id="ck-search-{name}"') :]
        select = select[: select.index("</select>")]
        for value in values:
            assert f'<option value="{value}">' in select, (name, value)
    assert '<script type="module" src="../assets/claimkit-search.js">' in html
    assert (built.site / "assets" / "claimkit-search.js").is_file()


def _failing_pagefind(folder: Path) -> Path:
    """An executable in Pagefind's place that fails as a broken binary would."""
    binary = folder / "pagefind"
    binary.write_text("#!/bin/sh\necho 'Error: could not read the site' >&2\nexit 3\n", "utf-8")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return binary


def test_a_failed_index_fails_the_build_and_keeps_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    first = build(REPO / "records", out, REPO / "docs")
    before = sorted(p.relative_to(first.site).as_posix() for p in first.site.rglob("*"))
    marker = (first.site / "pagefind" / "pagefind-entry.json").read_bytes()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_failing_pagefind(tmp_path)))
    with pytest.raises(BuildError) as failure:
        build(REPO / "records", out, REPO / "docs")
    assert failure.value.step == "search"
    assert "exit code 3" in failure.value.message
    assert "could not read the site" in failure.value.message
    after = sorted(p.relative_to(first.site).as_posix() for p in first.site.rglob("*"))
    assert after == before
    assert (first.site / "pagefind" / "pagefind-entry.json").read_bytes() == marker
    assert not list(out.glob(".staging-*"))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "missing"))
    with pytest.raises(BuildError, match="Pagefind binary was not found"):
        build(REPO / "records", out, REPO / "docs")
