"""claimkit's mkdocs hook: pages staged in bundles, bodies handed to the theme, two render
processes. What one process builds, two build byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from site_helpers import REPO

from claimkit.site import page_html
from claimkit.site.build import build
from claimkit.site.bundle import BODY_MARK, HEAD_MARK, join_source, split_source


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_render_processes_build_what_one_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trees = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("CLAIMKIT_RENDER_JOBS", jobs)
        result = build(REPO / "records", tmp_path / f"out{jobs}", REPO / "docs")
        trees.append(_tree(result.site))
    assert trees[0] == trees[1]
    assert len(trees[0]) > 50


def test_a_page_source_splits_back_into_its_parts() -> None:
    # Hand-written Markdown may mention the markers; only the last head marker counts.
    markdown = f"---\ntitle: x\n---\n\n# x\n\nText with{HEAD_MARK}and{BODY_MARK}in it.\n"
    head = '<script type="application/ld+json">{}</script>'
    body = "<p>body</p>\n<p>two lines</p>"
    assert split_source(join_source(markdown, head, body)) == (markdown, head, body, "")
    assert split_source(join_source(markdown, head, "")) == (markdown, head, "", "")
    assert split_source("# no markers\n") is None
    made = page_html.content("A title", "A summary")
    assert made is not None
    parts = split_source(join_source("# A title\n\nA summary\n", head, body, made))
    assert parts == ("# A title\n\nA summary\n", head, body, f"{made.anchor}\n{made.html}")
