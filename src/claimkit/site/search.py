"""The site's search index: Pagefind run on the built site, before it is swapped in.

Pagefind reads every HTML page of the built site and indexes what lies inside the page's
`data-pagefind-body` element (the theme puts one around the content of each page worth finding;
the page makers mark the parts to leave out with `data-pagefind-ignore`), with the verdict,
topic and language filters the pages carry (`data-pagefind-filter`). It writes the index in
pieces into `pagefind/` beside the pages: a query loads the entry file, the search code, the
part of the word index its words fall in and the fragments of the results it shows, not the
whole index.

The binary comes with the `pagefind[bin]` package. It runs as a command rather than through the
package's Python service: a command that fails exits non-zero and the build fails, where the
service leaves its caller waiting for an answer when the binary dies. It runs in an empty
folder with no `PAGEFIND_*` variables, so no configuration file or variable of the machine it
runs on changes the index; that folder, and all else the indexing makes meanwhile, is in the
build's staging folder (which the next build removes if this one is killed), not the system's
temporary folder.

Pagefind holds the words of every page it indexes in memory until it writes the index (about
76 KB a claim page: 8.5 GiB at 100,000 claims). A site of more than ONE_RUN HTML pages
is indexed in parts of at most PART_PAGES (two runs at a time on a site of AT_ONCE_PARTS parts
or more, else one after another), each reading the pages
its `--glob` matches (`parts`: the folders of the site, told apart by the first characters of
their names where a folder holds more pages than a part), and the parts' indexes are merged
into the index one run would write (site/search_merge.py); a smaller site is indexed in one
run. Where no page of a part has a `data-pagefind-body`, Pagefind would index every page's
whole body: such a part (lists, the search page) is left out.

Pagefind's output is the same for the same pages but for one thing: it lists the values of each
filter, and the filters themselves, in the order of a hash map seeded at random in each run. So
after it runs, `settle` writes each filter file again with its values in order of their names,
and the index's metadata file with its filters in order, each under a name made from a hash of
its new bytes (as Pagefind names them, so that a browser's cache never serves an old file), and
points the entry file at the metadata file's new name: two builds of the same records write the
same bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cbor2
from pagefind.service import get_executable

from claimkit.core import output
from claimkit.core.lifetime import ends_with_this_process
from claimkit.core.machine import usable_cpus
from claimkit.site.search_merge import ENTRY, MergeError, merge, unpack, write_named

# The index's folder in the site, which the search page's script loads from.
INDEX_DIR = "pagefind"


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def _executable() -> Path:
    found = get_executable()
    if found is None or not found.is_file():
        raise SearchIndexError(
            "the Pagefind binary was not found; install claimkit's dependencies again "
            "(pip install -e .) or set PAGEFIND_BINARY_PATH"
        )
    return found


def index_site(site: Path, work: Path, part_pages: int | None = None) -> int:
    """Index the built site in `site` into `site/pagefind/`; return the pages indexed.

    `work` is a folder to make and use meanwhile (in the build's staging folder, so that what a
    killed build leaves there is removed with the rest of it); it is removed when done. A site
    of more than ONE_RUN HTML pages (of more than `part_pages`, when given) is indexed in parts
    of at most PART_PAGES (`part_pages`), and their indexes merged (site/search_merge.py)."""
    output.remove(work)
    work.mkdir(parents=True)
    one_run = ONE_RUN if part_pages is None else part_pages
    try:
        return _index(site, work, PART_PAGES if part_pages is None else part_pages, one_run)
    finally:
        output.remove(work)


# What reading Pagefind's files raises when they are not as expected (missing, cut, not the
# format of the version claimkit pins).
_UNREADABLE = (
    MergeError,
    OSError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    cbor2.CBORError,
)


def _index(site: Path, work: Path, part_pages: int, one_run: int) -> int:
    bundle = site / INDEX_DIR
    pages = _html(site)
    if len(pages) <= one_run or any("\\" in page for page in pages):
        _pagefind(site, bundle, work)
    else:
        globs = parts(pages, part_pages)
        runs = [work / f"index-{number}" for number in range(len(globs))]
        found = _pagefind_all(site, runs, work, globs)
        # A part no page of which has a searchable body has nothing to index.
        bundles = [run for run, searchable in zip(runs, found, strict=True) if searchable]
        if not bundles:
            raise SearchIndexError("no page of the site has a searchable body")
        try:
            merge(bundles, bundle)
        except _UNREADABLE as exc:
            raise SearchIndexError(f"the parts' indexes could not be merged: {exc}") from exc
    if not (bundle / ENTRY).is_file():
        raise SearchIndexError("Pagefind wrote no index (no page had a searchable body)")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    try:
        return settle(bundle)
    except _UNREADABLE as exc:
        raise SearchIndexError(f"Pagefind's index is not as expected: {exc}") from exc


# The HTML pages one Pagefind run reads at most: it holds their words in memory until it
# writes the index, about 76 KB a claim page (0.75 GB for 10,000). Where a part ends depends
# on the site's pages alone, never on the machine: the index is the same bytes everywhere.
# (Parts of 20,000, two at a time, measured at 100,000 claims: the search step took the same
# 146 s.)
PART_PAGES = 10_000
# A site of up to ONE_RUN HTML pages is one run (at 10,000 claims two parts took 3-7 s more,
# for the merge, to save 0.3 GB); a larger one is indexed in parts.
ONE_RUN = 20_000
# Pagefind runs at a time at most (one run keeps about 1.5 cores busy; each holds its part's
# words in memory), on a site of at least AT_ONCE_PARTS parts; a smaller site's parts one after
# another.
AT_ONCE = 2
AT_ONCE_PARTS = 3
# The patterns of one part's glob at most (Pagefind's glob library takes a few thousand).
PART_PATTERNS = 200
# What Pagefind says of a run none of whose pages has a `data-pagefind-body` (it then indexes
# every page's whole body): such a part of the site has nothing to index.
NO_BODY = "Did not find a data-pagefind-body element"
# The characters a pattern of Pagefind's globs must escape to match them (a backslash it cannot
# match at all: a site with one in a page's path is indexed in one run).
SPECIAL = frozenset("*?[]{}<>,:()$")


def _html(site: Path) -> list[str]:
    """The site's HTML pages, as paths relative to `site` with `/`, in order of path."""
    found: list[str] = []
    for root, dirs, files in os.walk(site):
        if root == str(site):
            dirs[:] = [d for d in dirs if d != INDEX_DIR]
        dirs.sort()
        relative = Path(root).relative_to(site).as_posix()
        base = "" if relative == "." else f"{relative}/"
        found += [f"{base}{name}" for name in sorted(files) if name.endswith(".html")]
    return found


def _escaped(text: str) -> str:
    return "".join(f"\\{c}" if c in SPECIAL else c for c in text)


def _groups(pages: list[str], most: int, base: str = "") -> list[tuple[str, int]]:
    """Glob patterns that together match each of `pages` (relative to the folder `base`) once,
    each matching at most `most` of them where a folder's pages can be told apart by the names
    of the folders they are in; with how many each matches, in order of path."""
    here = sum(1 for page in pages if "/" not in page)
    below: dict[str, list[str]] = {}
    for page in pages:
        if "/" in page:
            name, _, rest = page.partition("/")
            below.setdefault(name, []).append(rest)
    out = [(f"{_escaped(base)}*.html", here)] if here else []
    if sum(len(v) for v in below.values()) <= most:
        return [*out, (f"{_escaped(base)}*/**/*.html", len(pages) - here)] if below else out
    return out + _by_prefix(below, most, base, 1)


def _by_prefix(
    below: dict[str, list[str]], most: int, base: str, length: int
) -> list[tuple[str, int]]:
    """`_groups` of the folders `below` (name: pages) in `base`, told apart by the first
    `length` characters of their names (or a whole name shorter than that)."""
    buckets: dict[str, list[str]] = {}
    for name in below:
        buckets.setdefault(name[:length], []).append(name)
    out: list[tuple[str, int]] = []
    for prefix in sorted(buckets):
        names = buckets[prefix]
        count = sum(len(below[name]) for name in names)
        whole = names == [prefix]  # one folder, named `prefix` (a longer name would be too)
        if count <= most and whole:
            out.append((f"{_escaped(base + prefix)}/**/*.html", count))
        elif count <= most:
            out.append((f"{_escaped(base + prefix)}*/**/*.html", count))
        elif whole:
            out += _groups(below[prefix], most, f"{base}{prefix}/")
        else:
            shorter = [name for name in names if len(name) <= length]
            for name in shorter:  # the folder named `prefix` itself, among longer names
                if len(below[name]) <= most:
                    out.append((f"{_escaped(base + name)}/**/*.html", len(below[name])))
                else:
                    out += _groups(below[name], most, f"{base}{name}/")
            longer = {name: below[name] for name in names if len(name) > length}
            out += _by_prefix(longer, most, base, length + 1)
    return out


def parts(pages: list[str], most: int) -> list[str]:
    """The globs of the parts to index `pages` (the site's HTML pages, relative to it) in: each
    matches at most `most` of them (but for a folder of more pages than that, none of whose
    folders holds more), every page is matched by one, in order of path."""
    out: list[str] = []
    part: list[str] = []
    count = 0
    for pattern, matched in _groups(pages, most):
        if part and (count + matched > most or len(part) == PART_PATTERNS):
            out.append(part[0] if len(part) == 1 else "{" + ",".join(part) + "}")
            part, count = [], 0
        part.append(pattern)
        count += matched
    if part:
        out.append(part[0] if len(part) == 1 else "{" + ",".join(part) + "}")
    return out


def _command(site: Path, bundle: Path, glob: str | None) -> list[str]:
    command = [str(_executable()), "--site", str(site.resolve())]
    command += ["--output-path", str(bundle.resolve())]
    return command + (["--glob", glob] if glob is not None else [])


def _start(command: list[str], work: Path, said: Path) -> subprocess.Popen[bytes]:
    """Start Pagefind in an empty folder in `work`, with no `PAGEFIND_*` variables, what it
    says going to the file `said`."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND")}
    empty = work / "cwd"
    empty.mkdir(exist_ok=True)
    try:
        with said.open("wb") as out:
            return subprocess.Popen(
                command,
                cwd=empty,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                # Pagefind ends with the build, even a build killed outright.
                preexec_fn=ends_with_this_process(),
            )
    except OSError as exc:
        raise SearchIndexError(f"Pagefind could not be started: {exc}") from exc


def _finish(run: subprocess.Popen[bytes], said: Path) -> bool:
    """Wait for a Pagefind run; whether a page had a searchable body (else Pagefind indexed
    every page's whole body). SearchIndexError when it failed."""
    code = run.wait()
    text = said.read_text(encoding="utf-8", errors="replace")
    if code != 0:
        raise SearchIndexError(
            f"Pagefind failed (exit code {code}): {' '.join(text.split())[-500:]}"
        )
    return NO_BODY not in text


def _pagefind(site: Path, bundle: Path, work: Path, glob: str | None = None) -> bool:
    """Run Pagefind over the pages in `site` (those `glob` matches, if given), writing its index
    into `bundle`; its working folder is an empty folder in `work`. Whether a page had a
    searchable body (else Pagefind indexed every page's whole body)."""
    return _pagefind_all(site, [bundle], work, [glob])[0]


def _pagefind_all(
    site: Path, bundles: list[Path], work: Path, globs: Sequence[str | None]
) -> list[bool]:
    """`_pagefind` for each bundle and glob, AT_ONCE runs at a time when there are
    AT_ONCE_PARTS or more (else one after another): whether each part had a searchable page."""
    at_once = max(1, min(AT_ONCE, usable_cpus())) if len(bundles) >= AT_ONCE_PARTS else 1
    waiting = list(enumerate(zip(bundles, globs, strict=True)))
    running: list[tuple[int, subprocess.Popen[bytes], Path]] = []
    found = [False] * len(bundles)
    try:
        while waiting or running:
            while waiting and len(running) < at_once:
                number, (bundle, glob) = waiting.pop(0)
                said = work / f"pagefind-{number}.txt"
                running.append((number, _start(_command(site, bundle, glob), work, said), said))
            # The first run to end, whichever it is: a failed one fails the rest at once.
            ended = [item for item in running if item[1].poll() is not None]
            if not ended:
                time.sleep(0.05)
                continue
            for item in ended:
                running.remove(item)
                found[item[0]] = _finish(item[1], item[2])
    finally:
        for _number, run, _said in running:  # a run failed: the others end too
            run.kill()
            run.wait()
    return found


# Pagefind's own search interfaces, which the site does not use (its search page runs
# pagefind.js with a script of its own): about 400 KB a build need not publish.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


def _write(old: Path, value: Any, digits: int) -> str:
    """Write `value` as Pagefind writes its files, in place of the file `old`
    (`<stem>_<hash><suffix>`), named by a hash of the new bytes; return the new name's stem."""
    old.unlink()
    stem = old.name.removesuffix(old.suffix).rpartition("_")[0]
    return write_named(old.parent, f"{stem}_", old.suffix, value, digits)


def settle(bundle: Path) -> int:
    """Put the filters' values and the filters in a fixed order in Pagefind's index in
    `bundle` (see the module's docstring); return the number of pages indexed."""
    entry_file = bundle / ENTRY
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    pages = 0
    for language in entry["languages"].values():
        meta = unpack(bundle / f"pagefind.{language['hash']}.pf_meta")
        # [version, pages, index chunks, filters ([name, file]), sorts, meta fields]
        filters = []
        for name, file in sorted(meta[3]):
            path = bundle / "filter" / f"{file}.pf_filter"
            values = unpack(path)  # [name, [[value, [page numbers]], ...]]
            values[1] = sorted(values[1], key=lambda value: value[0])
            filters.append([name, _write(path, values, 7)])
        meta[3] = filters
        new = _write(bundle / f"pagefind.{language['hash']}.pf_meta", meta, 10)
        language["hash"] = new.removeprefix("pagefind.")
        pages += int(language["page_count"])
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return pages
