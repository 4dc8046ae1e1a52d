"""The desk's site holds the desk's pages (issue 16, item 5): the toolkit's own documentation
(toolkit-docs/: importing, SPARQL, performance) is in no publication's navigation, sitemap or
search index, and `make docs` builds it on its own (the test runs the function make runs)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from site_helpers import REPO

from claimkit.site.build import BuildResult, build
from claimkit.site.toolkit_docs import build_toolkit_docs
from search_index import fragments

TOOLKIT = REPO / "toolkit-docs"
TOOLKIT_PAGES = ["import", "sparql", "performance", "publications"]
# Words only the toolkit's pages hold (their titles), which the desk's search must not find.
TOOLKIT_TITLES = ["Importing existing ClaimReview markup", "Querying the data with SPARQL"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(REPO / "records", tmp_path_factory.mktemp("desk-site") / "out", REPO / "docs")


def test_the_toolkit_pages_are_not_in_the_desk_s_folder() -> None:
    for name in TOOLKIT_PAGES:
        assert (TOOLKIT / f"{name}.md").is_file(), name
        assert not (REPO / "docs" / f"{name}.md").exists(), f"docs/{name}.md is the toolkit's"
    # The desk's contributors' guide stays with the desk.
    assert (REPO / "docs" / "contributing.md").is_file()


def test_the_desk_s_site_has_no_toolkit_page_in_nav_sitemap_or_search(
    built: BuildResult,
) -> None:
    site = built.site
    for name in TOOLKIT_PAGES:
        assert not (site / name).exists(), f"/{name}/ is in the desk's site"
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    labels = re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav)
    assert "Contributing" in labels and "Claims" in labels, labels
    for label in ["Performance", "Import", "SPARQL", "Importing existing ClaimReview markup"]:
        assert label not in labels, labels
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert any(loc.endswith("/contributing/") for loc in locs), locs
    for name in TOOLKIT_PAGES:
        assert not [loc for loc in locs if loc.endswith(f"/{name}/")], name
    found = fragments(site)
    locations = {page["url"] for page in found}
    assert "/contributing/" in locations, sorted(locations)[:20]
    for name in TOOLKIT_PAGES:
        assert f"/{name}/" not in locations, name
    titles = {page["meta"]["title"] for page in found}
    assert not titles & set(TOOLKIT_TITLES), titles & set(TOOLKIT_TITLES)


def test_make_docs_builds_the_toolkit_pages_on_their_own(tmp_path: Path) -> None:
    out = build_toolkit_docs(TOOLKIT, tmp_path / "toolkit-docs")
    assert (out / "index.html").is_file()
    for name in TOOLKIT_PAGES:
        page = (out / name / "index.html").read_text(encoding="utf-8")
        assert '<h1 id="' in page, name
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["title"] for doc in index["docs"]}
    assert set(TOOLKIT_TITLES) <= titles, titles
    # None of the desk's pages: no claim, no record page.
    assert not (out / "claims").exists()
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "-m claimkit.site.toolkit_docs toolkit-docs build/toolkit-docs" in makefile
