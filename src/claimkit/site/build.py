"""`claimkit build`: validate, write the dumps, stage the pages, build with mkdocs, index for
search, swap in."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimkit.core import output
from claimkit.core.catalog import Catalog
from claimkit.core.diagnostics import Diagnostic
from claimkit.core.site_versions import version_warnings
from claimkit.exporting.builddumps import build_dumps
from claimkit.site.mkdocs.config import mkdocs_config, run_mkdocs, stage_theme
from claimkit.site.search import SearchIndexError, index_site
from claimkit.site.staging import desk_nav, nav, source_date, stage_docs
from claimkit.validation.run import validate_paths

Progress = Callable[[str], None]


class BuildError(Exception):
    """A build step failed; the previous output was left as it was."""

    def __init__(
        self,
        step: str,
        message: str,
        diagnostics: list[Diagnostic] | None = None,
        counts: tuple[int, int] = (0, 0),
    ):
        super().__init__(f"{step}: {message}")
        self.step = step
        self.message = message
        self.diagnostics = diagnostics or []
        self.counts = counts  # files read and valid records, when validation failed


@dataclass
class BuildResult:
    """What a build made: the site and data folders, the pages written and the claims published,
    and the seconds each step took."""

    site: Path
    data: Path
    pages: int
    claims: int
    timings: dict[str, float] = field(default_factory=dict)


@contextlib.contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def _mkdocs_build(config_file: Path) -> None:
    run_mkdocs(config_file)


def build(
    records: Path, out: Path, docs: Path | None = None, progress: Progress | None = None
) -> BuildResult:
    """Build the site and the dumps into `out`/site and `out`/data, all or nothing."""
    try:
        with output.locked(out):
            output.check_published(out)
            return _build(records, out, docs, progress)
    except output.OutputError as exc:
        raise BuildError("output", str(exc)) from None


def clean_stale(out: Path) -> None:
    """Remove staging folders and generations that killed builds left behind (lock held)."""
    output.clean_stale(out)


def _build(records: Path, out: Path, docs: Path | None, progress: Progress | None) -> BuildResult:
    say = progress or (lambda _message: None)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    result = validate_paths([records])
    if result.errors or not result.catalogs:
        raise BuildError(
            "validate",
            f"the records have {result.errors} error(s)",
            result.diagnostics,
            (result.files, result.records),
        )
    catalog: Catalog = result.catalogs[0]
    claims = len(catalog.claims)
    timings["validate"] = time.perf_counter() - start
    say(f"validated {result.records} records")
    for line in version_warnings():
        say(line)

    clean_stale(out)
    stage = output.staging(out)
    work = stage / "work"  # what mkdocs reads; removed before the site and data are published
    try:
        step = time.perf_counter()
        written = build_dumps(records, out, catalog, stage / "data", say)
        timings["dumps"] = time.perf_counter() - step
        say(f"wrote the dumps ({', '.join(p.name for p in written)})")

        step = time.perf_counter()
        docs_out = work / "docs"
        (docs_out / "data").mkdir(parents=True)
        for dump in written:
            shutil.copyfile(dump, docs_out / "data" / dump.name)
        sizes = {p.name: p.stat().st_size for p in written}
        extra_nav = desk_nav(docs)
        stage_theme(work / "theme")
        pages = stage_docs(catalog, docs, docs_out, sizes)
        config_file = work / "mkdocs.yml"
        config_file.write_text(
            mkdocs_config(
                catalog, docs_out, stage / "site", work / "theme", nav(catalog) + extra_nav
            ),
            encoding="utf-8",
        )
        timings["pages"] = time.perf_counter() - step
        say(f"wrote {pages} pages")

        step = time.perf_counter()
        epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(source_date(catalog))
        # mkdocs needs nothing more from the records: their memory goes back before it starts
        # (and before its second process is forked, which would count it again).
        del catalog, result
        gc.collect()
        with _env("SOURCE_DATE_EPOCH", epoch):
            _mkdocs_build(config_file)
        timings["mkdocs"] = time.perf_counter() - step
        say("built the site with mkdocs")

        step = time.perf_counter()
        try:
            indexed = index_site(stage / "site")
        except SearchIndexError as exc:
            raise BuildError("search", str(exc)) from exc
        timings["search"] = time.perf_counter() - step
        say(f"indexed {indexed} pages for search in {timings['search']:.2f} s")
        if not (stage / "site").is_dir() or not (stage / "data").is_dir():
            raise BuildError("build", "the staged site or data went missing before publishing")
        output.remove(work)
    except BuildError:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    except Exception as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise BuildError("build", f"{type(exc).__name__}: {exc}") from exc

    step = time.perf_counter()
    try:
        output.publish(out, stage)
    except (OSError, output.OutputError) as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise BuildError("swap", f"could not put the new site in place: {exc}") from exc
    timings["swap"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - start
    return BuildResult(out / "site", out / "data", pages, claims, timings)
