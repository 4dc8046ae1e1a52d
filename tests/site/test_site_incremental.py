"""An incremental build (`claimkit build --incremental`, each rebuild of `claimkit serve`) gives
the bytes of a full one: random edits, additions and deletions on a generated publication, each
followed by an incremental build (unchanged pages taken from the published build) and a full
build into another folder, compared file by file; and what claimkit cannot tell (settings,
navigation, code, a missing index) renders everything and says why.

The seed is printed; set CLAIMKIT_INCREMENTAL_SEED to run one again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel, file_sort_key, set_exclusions

from claimkit.core import output
from claimkit.site.build import BuildResult, Options, build
from claimkit.site.generations import prepare_spare
from claimkit.site.mkdocs import reuse
from claimkit.site.mkdocs.files import (
    BundledFile,
    Joiner,
    TakenFile,
    joined,
    set_inclusions,
    sort_key,
)
from claimkit.site.mkdocs.patch import SiteMemo
from claimkit.site.page_keys import KeyMemo
from claimkit.validation.catalogs import ModelMemo
from random_edits import Editor, copy_tree, generate, seeded, set_field

CLAIMS = 120
V2_RECORDS = Path(__file__).parent / "v2_records"
INCREMENTAL = Options(incremental=True)
# A preview's builds (but for the search index, made again here to compare it): the generation
# before last is kept, and each build makes its site in that one's folders (recycle.py); the
# last catalog and page keys are kept and patched (the test gives each run new ones).
RECYCLING = Options(incremental=True, clean=False)
RECYCLED = "making the site in the folders of the one before last"
# A preview's builds with every memo (serve's own options, the search index made again here):
# a build that only changes pages' contents hands mkdocs only the pages it stages (patch.py).
PATCHING = dataclasses.replace(Options.preview(), search=True)
PATCHED = "pages staged (a patch)"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("site-incremental-source"), CLAIMS)


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def _same_as_full(
    records: Path, out: Path, full: Path, what: str, docs: Path | None = None
) -> None:
    build(records, full, docs)
    for part in ("site", "data"):
        wrong = _differences(_tree(out / part), _tree(full / part))
        assert not wrong, f"{what}: {part}/ differs from a full build in {wrong[:5]}"
    ours = json.loads((output.current(out) or out).joinpath(reuse.INDEX).read_text("utf-8"))
    theirs = json.loads((output.current(full) or full).joinpath(reuse.INDEX).read_text("utf-8"))
    assert ours == theirs, f"{what}: the page indexes differ"


@pytest.mark.slow
@pytest.mark.parametrize(
    "options", [INCREMENTAL, RECYCLING, PATCHING], ids=["linked", "recycled", "patched"]
)
def test_incremental_builds_are_byte_identical_to_full_ones(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], options: Options
) -> None:
    seed, rng = seeded("incremental site")
    patching = options.site is not None
    if not options.clean:
        options = dataclasses.replace(options, models=ModelMemo(), page_keys=KeyMemo())
    if patching:
        options = dataclasses.replace(options, site=SiteMemo())
    records = tmp_path / "records"
    copy_tree(generated, records)
    editor = Editor(records, rng)
    out, full = tmp_path / "out", tmp_path / "full"
    notes: list[str] = []
    recycled: list[bool] = []
    first = build(records, out, None, notes.append, options)
    assert first.reused == 0
    assert "rendering every page: there is no published build to start from" in notes
    reused: list[int] = []
    taken: list[int] = []
    patched: list[bool] = []
    for step in range(10):
        change = editor.several() if step % 4 == 3 else editor.one()
        notes.clear()
        done = build(records, out, None, notes.append, options)
        recycled.append(RECYCLED in notes)
        patched.append(any(n.endswith(PATCHED) for n in notes))
        # Neither the pages nor the dumps are made in full (the dumps hard-linked into the site
        # are still the ones the last build wrote).
        assert not [n for n in notes if n.startswith(("rendering every page", "dumps in"))], notes
        _same_as_full(records, out, full, f"seed {seed}, step {step}: {change}")
        reused.append(done.reused)
        # Most pages come from the published build; the navigation's pages never do.
        assert 0 < done.reused < done.pages, f"seed {seed}, step {step}: {change}"
        # Record pages whose key did not change are not even made again.
        found = [int(m) for n in notes for m in re.findall(r"\((\d+) taken from the", n)]
        taken.append(found[0] if found else 0)
    assert sum(n > 0 for n in taken) >= 7, f"seed {seed}: pages taken at each step: {taken}"
    # A preview's builds after the second make their site in the folders of the one before
    # last (every one that takes pages); other builds never do.
    if options.clean:
        assert not any(recycled)
    else:
        assert recycled[1:] == [n > 0 for n in taken[1:]], (recycled, taken)
    # A preview patches its last build whenever only pages' contents changed (an edit that adds
    # or removes a record, or changes the build's date, is built in full).
    if patching:
        assert sum(patched) >= 4, f"seed {seed}: patched at each step: {patched}"
    else:
        assert not any(patched)
    capsys.readouterr()


def _pages(result: BuildResult) -> int:
    return result.pages - result.reused


def test_what_cannot_be_told_renders_everything_and_says_why(
    generated: Path, tmp_path: Path
) -> None:
    records = tmp_path / "records"
    copy_tree(generated, records)
    out, full = tmp_path / "out", tmp_path / "full"
    notes: list[str] = []

    def again(what: str) -> BuildResult:
        notes.clear()
        result = build(records, out, None, notes.append, INCREMENTAL)
        _same_as_full(records, out, full, what)
        return result

    build(records, out)
    nothing = again("nothing changed")
    assert nothing.reused > 0 and not [n for n in notes if "rendering every page" in n]
    navigation = _pages(nothing)  # the navigation's pages, lists and guides: always rendered
    assert navigation < 20

    claim = sorted((records / "claims").glob("*.yaml"))[0]
    set_field(claim, "claimReviewed", "An edited claim")
    edited = again("one claim edited")
    assert navigation < _pages(edited) < nothing.pages // 4

    set_field(records / "site.yaml", "title", "Another Desk")
    assert again("site title").reused == 0
    assert "rendering every page: the site's settings or navigation" in "\n".join(notes)

    # The published build's page index: from another version of claimkit's rendering code,
    # then missing altogether (an export into the folder made the generation, say).
    generation = output.current(out)
    assert generation is not None
    index = json.loads((generation / reuse.INDEX).read_text(encoding="utf-8"))
    index["key"]["code"] = "another version"
    (generation / reuse.INDEX).write_text(json.dumps(index), encoding="utf-8")
    assert again("code changed").reused == 0
    assert "rendering every page: claimkit's rendering code" in "\n".join(notes)
    generation = output.current(out)
    assert generation is not None
    (generation / reuse.INDEX).unlink()
    assert again("no index").reused == 0
    assert "has no page index to compare with" in "\n".join(notes)

    # A published page someone removed is rendered again, the others still taken.
    generation = output.current(out)
    assert generation is not None
    page = generation / "site" / "claims" / claim.stem / "index.html"
    page.unlink()
    result = again("a published page removed")
    assert result.reused == nothing.reused - 1
    assert (out / "site" / "claims" / claim.stem / "index.html").is_file()


def test_a_preview_keeps_the_search_index_and_a_build_makes_it_again(
    generated: Path, tmp_path: Path
) -> None:
    records = tmp_path / "records"
    copy_tree(generated, records)
    out = tmp_path / "out"
    build(records, out)
    index_before = _tree(out / "site" / "pagefind")
    claim = sorted((records / "claims").glob("*.yaml"))[0]
    set_field(claim, "claimReviewed", "Zanzibarian harbour cranes")
    notes: list[str] = []
    preview = build(records, out, None, notes.append, Options(incremental=True, search=False))
    assert preview.search_kept
    assert "kept the search index of an earlier build" in " ".join(notes)
    assert _tree(out / "site" / "pagefind") == index_before
    generation = output.current(out)
    assert generation is not None
    assert json.loads((generation / reuse.INDEX).read_text("utf-8"))["search_fresh"] is False
    made = build(records, out, None, notes.append, INCREMENTAL)
    assert not made.search_kept
    assert _tree(out / "site" / "pagefind") != index_before


def test_a_pages_output_path_is_the_one_mkdocs_gives(generated: Path, tmp_path: Path) -> None:
    # reuse.dest_uri works out mkdocs' output path of a page without mkdocs' File (a hundred
    # times quicker): for every page of a built site, and the names mkdocs treats apart.
    records = tmp_path / "records"
    copy_tree(generated, records)
    out = tmp_path / "out"
    build(records, out)
    generation = output.current(out)
    assert generation is not None
    built = json.loads((generation / reuse.INDEX).read_text(encoding="utf-8"))["pages"]
    assert len(built) > CLAIMS
    for source in built:
        assert (out / "site" / reuse.dest_uri(source)).is_file(), source
    for source in [*built, "README.md", "a/README.md", "a/index.md", "a/b/c.md", "x.md"]:
        assert reuse.dest_uri(source) == reuse.mkdocs_dest_uri(source), source
        # and a patch finds the source paths a page's path can come from (reuse.sources_at)
        assert source in reuse.sources_at(reuse.dest_uri(source)), source
    assert reuse.sources_at("assets/style.css") == reuse.sources_at("sitemap.xml") == ()


def test_the_files_sort_as_mkdocs_sorts_them() -> None:
    # files.sort_key splits a plain source path at its slashes instead of parsing it as a
    # path; it must give mkdocs' file_sort_key for any path (others take that path).
    sources = [
        "index.md",
        "README.md",
        "about.md",
        "claims/index.md",
        "claims/README.md",
        "claims/x-1.md",
        "claims/topic/t/page-2.md",
        "claims/topic/t.md",
        "a//b.md",
        "./a.md",
        "a/./b.md",
        "a/../b.md",
        "/rooted.md",
        "a/",
        "Äpfel/über.md",
        "a.b/c.md",
        ".hidden/x.md",
        "a/.b.md",
        "z.md",
        "data/claims.nt",
    ]
    files = [File(src, "/docs", "/site", use_directory_urls=True) for src in sources]
    for file in files:
        assert sort_key(file) == file_sort_key(file), file.src_uri
    shuffled = files[::-1]
    assert [f.src_uri for f in sorted(shuffled, key=sort_key)] == [
        f.src_uri for f in sorted(shuffled, key=file_sort_key)
    ]


def test_bundled_and_taken_files_are_the_files_mkdocs_makes(tmp_path: Path) -> None:
    # BundledFile sets what File's constructor sets without parsing a plain path, and
    # TakenFile its address without URL-quoting a plain one: both must be mkdocs' own.
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "site_dir": str(tmp_path / "site")})
    config["use_directory_urls"] = True
    sources = [
        "index.md",
        "README.md",
        "claims/x-1.md",
        "claims/index.md",
        "claims/topic/t/page-2.md",
        "404.md",
        "a b/ç.md",
        "a//b.md",
        "./a.md",
        "a/../b.md",
        "fooindex.md",
        "claims/x~y.md",
    ]
    bundle = tmp_path / "bundle.md"
    bundle.write_text("", encoding="utf-8")
    for source in sources:
        made = File(source, None, config.site_dir, use_directory_urls=True)
        made.generated_by = "claimkit"
        made.dest_uri = reuse.dest_uri(source)
        for kind in (BundledFile, TakenFile):
            ours = kind(config, source, bundle, 0, 0)
            for name in ("src_uri", "src_path", "src_dir", "dest_dir", "use_directory_urls"):
                assert getattr(ours, name) == getattr(made, name), (source, kind, name)
            assert ours.inclusion == made.inclusion and ours.name == made.name, source
        taken = TakenFile(config, source, bundle, 0, 0)
        assert taken.dest_uri == made.dest_uri and taken.url == made.url, source
        assert taken.abs_dest_path == made.abs_dest_path, source


@pytest.mark.parametrize(
    ("settings", "decided"),
    [
        ({"not_in_nav": "/claims/\n/topics/\n/reference/\n"}, True),
        ({}, True),
        ({"not_in_nav": "/claims/\n*.md\n"}, False),  # not only top folders: left to mkdocs
        ({"exclude_docs": "drafts/\n"}, False),
        ({"draft_docs": "wip-*\n"}, False),
    ],
)
def test_inclusions_are_the_ones_mkdocs_gives(
    tmp_path: Path, settings: dict[str, str], decided: bool
) -> None:
    # files.set_inclusions finds a page's inclusion level once per top folder; it must be
    # what mkdocs' set_exclusions gives each page, and it leaves what it cannot vouch for.
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "site_dir": str(tmp_path / "site"), **settings})
    assert not config.validate()[0]
    sources = [
        "index.md",
        "claims/x-1.md",
        "claims/topic/t/page-2.md",
        "topics/a.md",
        "templates/t.md",
        "reference/schema.md",
        "other/page.md",
        "claims/.hidden.md",
        ".well-known/x.md",
        "wip-1/a.md",
        "drafts/a.md",
        "claimsx/a.md",
    ]
    ours = [File(src, None, config.site_dir, True) for src in sources]
    theirs = [File(src, None, config.site_dir, True) for src in sources]
    set_inclusions(ours, config)
    if not decided:
        assert all(f.inclusion == InclusionLevel.UNDEFINED for f in ours)
    else:  # decided for the pages in folders (claims/x-1.md), not for those at the top
        assert ours[1].inclusion != InclusionLevel.UNDEFINED
        assert ours[0].inclusion == InclusionLevel.UNDEFINED
    set_exclusions(ours, config)
    set_exclusions(theirs, config)
    assert [f.inclusion for f in ours] == [f.inclusion for f in theirs]


def test_a_taken_pages_sitemap_address_is_the_one_mkdocs_gives() -> None:
    # files.Joiner appends a plain page URL to the site's address instead of parsing both; it
    # must give what mkdocs' urljoin gives, for any address and URL (others take that path).
    sites = [
        "https://example.org",
        "https://example.org/",
        "https://example.org/desk/",
        "https://example.org/desk",
        "https://example.org/a%20b/",
        "http://127.0.0.1:8000/x/?q=1",
        "https://example.org/#top",
        "example.org/desk/",
        "",
        None,
    ]
    urls = [
        "",
        "claims/",
        "claims/x-1/",
        "claims/page-2/",
        "claims/topic/t/page-3/",
        "404.html",
        "a%20b/",
        "./claims/",
        "../up/",
        "claims/../other/",
        "/rooted/",
        "//host/path/",
        "claims/?q=1",
        "claims/#part",
        "mailto:x@example.org",
        ".hidden/",
        "claims/./x/",
        "a..b/",
    ]
    for site in sites:
        joiner = Joiner(site)
        for url in urls:
            assert joiner(url) == joined(site, url), (site, url)


def _v2_with_about(tmp_path: Path, about: str) -> tuple[Path, Path]:
    """A copy of the v2 records, and a desk folder whose about page says `about`."""
    records, docs = tmp_path / "records", tmp_path / "docs"
    shutil.copytree(V2_RECORDS, records)
    docs.mkdir()
    (docs / "about.md").write_text(f"# About\n\n{about}\n", encoding="utf-8")
    return records, docs


def test_language_versions_media_and_the_desks_links_come_out_as_in_a_full_build(
    tmp_path: Path,
) -> None:
    # The v2 records: a claim in two languages (hreflang alternates in the sitemap, taken from
    # the pages' stubs), a media record; and a desk page whose Markdown links to record pages
    # mkdocs does not read in an incremental build.
    records, docs = _v2_with_about(
        tmp_path,
        "See [the claim](claims/troops-arrived-en.md), "
        "[its topic](topics/troops.md#claims) and [the video](media/parade-video.md).",
    )
    out, full = tmp_path / "out", tmp_path / "full"
    build(records, out, docs)
    # A topic no record names yet: the claims in two languages are taken from the published
    # build, their hreflang alternates read from their stubs.
    troops = (records / "topics" / "troops.yaml").read_text(encoding="utf-8")
    (records / "topics" / "harbours.yaml").write_text(
        troops.replace("troops", "harbours").replace("Troops", "Harbours"), encoding="utf-8"
    )
    notes: list[str] = []
    build(records, out, docs, notes.append, INCREMENTAL)
    taken = [int(m) for n in notes for m in re.findall(r"\((\d+) taken from the", n)]
    assert taken and taken[0] >= 3, notes
    _same_as_full(records, out, full, "a topic added", docs)
    sitemap = (out / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="uk"' in sitemap
    about = (out / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../claims/troops-arrived-en/"' in about


def test_a_preview_patch_finds_pages_it_did_not_stage_and_keeps_the_sitemap_true(
    tmp_path: Path,
) -> None:
    # A preview's builds of the v2 records: an edit of one claim's words is a patch (mkdocs
    # gets only the staged pages), and a desk page's link to a claim page it did not stage
    # still finds it; an edit of a claim's language versions (listed in the sitemap, which a
    # patch keeps) is built with every page.
    records, docs = _v2_with_about(
        tmp_path, "See [a speaker](people/ivan-speaker.md) and [the video](media/parade-video.md)."
    )
    (docs / "logo.png").write_bytes(b"\x89PNG not really")
    options = dataclasses.replace(Options.preview(), search=True)
    out, full = tmp_path / "out", tmp_path / "full"
    build(records, out, docs, None, options)
    # What a preview does while its reader looks: a copy of the published site as the spare,
    # which the next build makes its site in, looking only at what it writes.
    prepare_spare(out, options.site)
    assert options.site is not None and options.site.differ == frozenset()
    unknown = records / "claims" / "unknown-language-claim.yaml"
    text = unknown.read_text(encoding="utf-8")
    unknown.write_text(text.replace("either way", "at all", 1), "utf-8")
    notes: list[str] = []
    build(records, out, docs, notes.append, options)
    assert any(n.endswith(PATCHED) for n in notes) and RECYCLED in notes, notes
    # Neither the speaker's nor the video's page is staged (of 27 pages, 20 are).
    staged = int(re.findall(r"only the (\d+) pages staged", " ".join(notes))[0])
    assert staged == 20, notes
    _same_as_full(records, out, full, "an edit of a claim's words", docs)
    about = (out / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../people/ivan-speaker/"' in about
    assert 'href="../media/parade-video/"' in about

    # The next patch makes its site in the folders of the one before last, looking only at
    # what the last two builds wrote: a picture gone from the desk's folder goes from the site.
    (docs / "logo.png").unlink()
    unknown.write_text(text.replace("either way", "at all, again", 1), "utf-8")
    notes.clear()
    build(records, out, docs, notes.append, options)
    assert any(n.endswith(PATCHED) for n in notes) and RECYCLED in notes, notes
    _same_as_full(records, out, full, "a desk's picture removed", docs)
    assert not (out / "site" / "logo.png").exists()

    ukrainian = records / "claims" / "troops-arrived-uk.yaml"
    text = ukrainian.read_text(encoding="utf-8")
    cut = "      - url: https://elsewhere.example.org/es/check/1\n        inLanguage: es\n"
    assert cut in text
    ukrainian.write_text(text.replace(cut, ""), "utf-8")
    notes.clear()
    build(records, out, docs, notes.append, options)
    assert not any(n.endswith(PATCHED) for n in notes), notes
    assert any("language versions changed" in n for n in notes), notes
    _same_as_full(records, out, full, "an edit of a claim's language versions", docs)
    assert 'hreflang="es"' not in (out / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_the_spare_a_preview_prepares_replaces_the_older_generations(tmp_path: Path) -> None:
    # After a preview's build that was not a patch, its cleaner makes a hard-linked copy of the
    # published site the spare: the generations left from before go then (removing 149,047
    # pages' files is for the cleaner, not for the next build), and the copy is the site.
    records = tmp_path / "records"
    shutil.copytree(V2_RECORDS, records)
    out = tmp_path / "out"
    build(records, out, None, None, RECYCLING)
    options = Options.preview()
    build(records, out, None, None, options)
    before = output.current(out)
    assert len(list(out.glob(".gen-*"))) == 2  # the one it replaced is kept as a spare
    prepare_spare(out, options.site)
    published, spare = output.current(out), output.spare(out)
    assert published is not None and spare is not None
    assert published == before and sorted(out.glob(".gen-*")) == sorted([published, spare])
    site = _tree(published / "site")
    assert _tree(spare / "site") == {k: v for k, v in site.items() if not k.startswith("data/")}
    assert options.site is not None and options.site.before == spare.name
