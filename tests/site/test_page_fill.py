"""Pages made by filling in their folder's skeleton are byte for byte what the theme renders;
a template that changes or leaks a value stops the skeleton from being used."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import jinja2
import pytest
from mkdocs.structure.pages import Page
from site_helpers import REPO

from claimkit.site.build import build
from claimkit.site.mkdocs import skeleton


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fill-publication")
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), "300", str(root / "records")],
        check=True,
        capture_output=True,
    )
    return root / "records"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_filled_pages_are_what_the_theme_renders(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.setenv("CLAIMKIT_RENDER_JOBS", jobs)
    # Counted in a file: the build renders in processes of its own.
    made = tmp_path / "filled.txt"
    learn = skeleton.Filler.page

    def counting(self: skeleton.Filler, *args: Any) -> str | None:
        out = learn(self, *args)
        if out is not None:
            with made.open("a", encoding="utf-8") as log:
                log.write(f"{os.getpid()}\n")
        return out

    monkeypatch.setattr(skeleton.Filler, "page", counting)
    filled = build(generated, tmp_path / "filled")
    monkeypatch.setenv("CLAIMKIT_RENDER_FILL", "0")
    rendered = build(generated, tmp_path / "rendered")
    assert _tree(filled.site) == _tree(rendered.site)
    fills = made.read_text(encoding="utf-8").splitlines()
    assert len(fills) > 0.8 * filled.pages
    assert len(set(fills)) == int(jobs)  # the render processes, each filling pages


def test_the_bundled_site_is_the_same_filled_or_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled = build(REPO / "records", tmp_path / "filled", REPO / "docs")
    monkeypatch.setenv("CLAIMKIT_RENDER_FILL", "0")
    rendered = build(REPO / "records", tmp_path / "rendered", REPO / "docs")
    assert _tree(filled.site) == _tree(rendered.site)


class _Page:
    def __init__(self, title: str, url: str) -> None:
        self.meta = {"title": title, "description": f"About {title}"}
        self.url = url
        self.canonical_url = f"https://example.org/{url}"
        self.content = f"<h1 id='x'>{title}</h1>"
        self.toc: list[Any] = []


def _fills(template: str, titles: list[str]) -> list[str | None]:
    """What a filler makes of pages rendered by a one-line template, the theme rendering those
    it does not make."""
    env = jinja2.Environment(loader=jinja2.DictLoader({"main.html": template}))
    filler = skeleton.Filler()
    out: list[str | None] = []
    for title in titles:
        page = _Page(title, f"claims/{title.lower().replace(' ', '-')}/")
        context = {"page": page, "ck_body": f"<p>{title}</p>"}
        stand_in = cast(Page, page)  # the attributes a filler reads, not a whole mkdocs Page
        made = filler.page(env, stand_in, context, "claims")
        if made is None:
            filler.rendered(stand_in, env.get_template("main.html").render(context))
        else:
            assert made == env.get_template("main.html").render(context)
        out.append(made)
    return out


TITLES = ["Alpha one", "Beta two", "Gamma & three", 'Delta "four"', "Epsilon <five>"]


def test_a_skeleton_is_used_after_two_pages_confirm_it() -> None:
    template = (
        "<title>{{ page.meta.title }}</title><meta content='{{ page.meta.description | e }}'>"
        "<link href='{{ page.canonical_url }}'>{{ page.content }}{{ ck_body }}"
    )
    made = _fills(template, TITLES)
    assert made[:2] == [None, None]
    assert all(m is not None for m in made[2:])


@pytest.mark.parametrize(
    "template",
    [
        "{{ page.meta.title | upper }}",  # a filter the skeleton cannot apply
        "{{ page.meta.title | truncate(20) }}",  # a value cut short
        "{{ page.meta.title | striptags }}",
        "{{ page.meta.title | urlencode }}",
    ],
)
def test_a_changed_value_means_no_skeleton(template: str) -> None:
    assert _fills(template, TITLES) == [None] * len(TITLES)


def test_a_value_outside_the_slots_means_no_skeleton() -> None:
    # The page's URL is not a slot: the second page's output differs from the filled skeleton.
    assert _fills("{{ page.meta.title }} at {{ page.url }}", TITLES) == [None] * len(TITLES)


def test_cut_finds_placeholders_printed_or_escaped_and_refuses_changed_ones() -> None:
    from markupsafe import escape

    title, body = skeleton._PLACEHOLDERS[0], skeleton._PLACEHOLDERS[-1]
    made = skeleton.cut(f"<t>{title}</t><m c='{escape(title)}'>{body}")
    assert made is not None
    assert made.fill(("A & B", "", "", "", "", "", "<p>x</p>")) == (
        "<t>A & B</t><m c='A &amp; B'><p>x</p>"
    )
    assert skeleton.cut(f"<t>{title.upper()}</t>") is None
    assert skeleton.cut(f"<t>{title[:30]}</t>") is None


def test_staging_workers_replaced_along_the_way_write_the_same_pages(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Record pages are written by forked workers, each replaced by a new one after a few
    # chunks (so that no worker copies the whole catalog); the bundles are what one process
    # writes.
    from claimkit.site import staging
    from claimkit.site.pages import Context
    from claimkit.validation.run import validate_paths

    catalog = validate_paths([generated]).catalogs[0]
    monkeypatch.setattr(staging, "CHUNK_PAGES", 40)
    monkeypatch.setattr(staging, "WORKER_CHUNKS", 2)
    out = {}
    for parallel_from in (10**9, 10):
        monkeypatch.setattr(staging, "PARALLEL_PAGES", parallel_from)
        folder = tmp_path / str(parallel_from)
        sources = staging._generated_pages(Context(catalog), folder, {})
        out[parallel_from] = (sources, _tree(folder))
    assert out[10] == out[10**9]
    assert len(out[10][1]) > 2 * 10  # bundles and their indexes, more than two workers' worth
