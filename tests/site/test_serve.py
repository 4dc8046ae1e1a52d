"""`claimkit serve`: a real preview server on 127.0.0.1 over real builds: the reload script is
in its answers and never in the built files, unknown paths get the site's 404 page, a rebuild
moves the build count pages watch, and a failed rebuild prints what `validate` prints."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimkit.exporting import builddumps
from claimkit.site import build as site_build
from claimkit.site.build import build
from claimkit.site.serve import RELOAD_PATH, RELOAD_SCRIPT, Preview, keep_built
from harness import build_publication


@pytest.fixture
def preview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Preview, Path, io.StringIO]]:
    root = build_publication(None, tmp_path / "pub")
    monkeypatch.chdir(root)  # as `claimkit serve` runs, in the publication's folder
    log = io.StringIO()
    running = Preview(Path("records"), Path("build"), None, "127.0.0.1", 0, log)
    try:
        yield running, root, log
    finally:
        running.stop()


# The tests' own process may open no connection (tests/conftest.py): a child process asks the
# preview, as a browser would, and only ever 127.0.0.1.
_FETCH = """
import sys, urllib.error, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=30) as answer:
        status, body = answer.status, answer.read()
except urllib.error.HTTPError as exc:
    status, body = exc.code, exc.read()
sys.stdout.write(str(status) + "\\n" + body.decode("utf-8"))
"""


def _get(url: str) -> tuple[int, str]:
    assert url.startswith("http://127.0.0.1:")
    done = subprocess.run(
        [sys.executable, "-c", _FETCH, url], capture_output=True, text=True, timeout=60, check=True
    )
    status, _, body = done.stdout.partition("\n")
    return int(status), body


def test_pages_carry_the_reload_script_only_when_served(
    preview: tuple[Preview, Path, io.StringIO],
) -> None:
    running, root, _log = preview
    status, home = _get(running.url)
    assert status == 200
    assert RELOAD_SCRIPT in home
    assert home.index(RELOAD_SCRIPT) < home.rindex("</body>")
    status, page = _get(running.url + "claims/port-budget-doubled/")
    assert status == 200 and RELOAD_SCRIPT in page
    built = list((root / "build" / "site").rglob("*.html"))
    assert built
    assert not [p for p in built if RELOAD_PATH in p.read_text(encoding="utf-8")]
    status, css = _get(running.url + "sitemap.xml")
    assert status == 200 and RELOAD_PATH not in css


def test_an_unknown_path_gets_the_sites_404_page(
    preview: tuple[Preview, Path, io.StringIO],
) -> None:
    running, root, _log = preview
    status, body = _get(running.url + "claims/no-such-claim/")
    assert status == 404
    site_404 = (root / "build" / "site" / "404.html").read_text(encoding="utf-8")
    assert body == site_404.replace("</body>", RELOAD_SCRIPT + "</body>")
    assert "Error response" not in body  # not Python's plain error page


def test_a_rebuild_moves_the_build_count_and_a_failure_prints_as_validate(
    preview: tuple[Preview, Path, io.StringIO],
) -> None:
    running, root, log = preview
    assert _get(running.url + RELOAD_PATH.lstrip("/")) == (200, "1")
    assert running.poll() is False  # nothing changed
    claim = root / "records" / "claims" / "port-budget-doubled.yaml"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text.replace("rose by 90 percent", "rose by nine tenths"), encoding="utf-8")
    assert running.poll() is True
    assert _get(running.url + RELOAD_PATH.lstrip("/")) == (200, "2")
    assert "nine tenths" in _get(running.url + "claims/port-budget-doubled/")[1]
    claim.write_text(text.replace("rating: Mostly true", "rating: Half true"), encoding="utf-8")
    log.truncate(0)
    log.seek(0)
    assert running.poll() is True
    assert _get(running.url + RELOAD_PATH.lstrip("/")) == (200, "2")  # the last good site
    validate = subprocess.run(
        [sys.executable, "-m", "claimkit", "validate", "--no-cache", "records"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert validate.returncode == 1
    printed = log.getvalue().splitlines()
    assert printed[: len(validate.stdout.splitlines())] == validate.stdout.splitlines()
    assert any(": error: " in line and "[rating-not-in-scale]" in line for line in printed)
    assert "still serving the last good site" in printed[-1]


def _ask_later(url: str) -> subprocess.Popen[str]:
    """A child process asking `url` (answered when the preview decides), as a page would."""
    assert url.startswith("http://127.0.0.1:")
    return subprocess.Popen([sys.executable, "-c", _FETCH, url], stdout=subprocess.PIPE, text=True)


def test_a_pages_question_is_held_until_the_next_build_is_served(
    preview: tuple[Preview, Path, io.StringIO],
) -> None:
    # The page asks which build is served, then asks again with that answer: the second
    # question is answered only when another build is served, so the page reloads at once.
    running, root, _log = preview
    assert _get(running.url + RELOAD_PATH.lstrip("/")) == (200, "1")
    assert _get(running.url + RELOAD_PATH.lstrip("/") + "?seen=0") == (200, "1")  # at once
    waiting = _ask_later(running.url + RELOAD_PATH.lstrip("/") + "?seen=1")
    try:
        time.sleep(2)
        assert waiting.poll() is None  # held: nothing new yet
        claim = root / "records" / "claims" / "port-budget-doubled.yaml"
        text = claim.read_text(encoding="utf-8")
        claim.write_text(text.replace("rose by 90 percent", "rose by nine tenths"), "utf-8")
        assert running.poll() is True
        answer, _ = waiting.communicate(timeout=30)
        assert answer == "200\n2"
    finally:
        waiting.kill()
        waiting.wait()


def test_a_saved_record_is_rebuilt_on_the_file_systems_notice(
    preview: tuple[Preview, Path, io.StringIO],
) -> None:
    # With a look every 10 minutes, only the file system's notice can make the rebuild that
    # answers a page's question within its 20 s.
    running, root, _log = preview
    stop = threading.Event()
    loop = threading.Thread(target=keep_built, args=(running, stop, 600.0))
    loop.start()
    try:
        time.sleep(1)  # the watch is set up
        waiting = _ask_later(running.url + RELOAD_PATH.lstrip("/") + "?seen=1")
        claim = root / "records" / "claims" / "port-budget-doubled.yaml"
        text = claim.read_text(encoding="utf-8")
        began = time.monotonic()
        claim.write_text(text.replace("rose by 90 percent", "rose by nine tenths"), "utf-8")
        answer, _ = waiting.communicate(timeout=60)
        assert answer == "200\n2", f"no rebuild after {time.monotonic() - began:.1f} s"
        assert "nine tenths" in _get(running.url + "claims/port-budget-doubled/")[1]
    finally:
        stop.set()
        loop.join(timeout=30)
    assert not loop.is_alive()  # stopped within half a second of being told (and a build)


def test_a_notice_makes_the_preview_look_at_the_files_it_names_only(
    preview: tuple[Preview, Path, io.StringIO],
) -> None:
    # The file system's notices name the files that changed: the preview looks at those (not
    # at every record: 100,000 of them take a second); a path it cannot place, or a folder, and
    # it looks at everything.
    running, root, _log = preview
    claim = Path("records") / "claims" / "port-budget-doubled.yaml"
    other = Path("records") / "claims" / "harbour-to-close.yaml"
    text = claim.read_text(encoding="utf-8")
    assert running.poll({str(other)}) is False  # named, unchanged
    claim.write_text(text.replace("rose by 90 percent", "rose by nine tenths"), "utf-8")
    assert running.poll({str(other)}) is False  # changed, not named: left to the next full look
    assert running.poll() is True
    # An editor's save: a temporary file written, then renamed over the record.
    temporary = claim.with_name(".port-budget-doubled.yaml.swp")
    temporary.write_text(text.replace("rose by 90 percent", "rose by ninety"), "utf-8")
    os.replace(temporary, claim)
    assert running.poll({str(temporary), str(claim)}) is True
    assert "rose by ninety" in _get(running.url + "claims/port-budget-doubled/")[1]
    claim.write_text(text, "utf-8")
    assert running.poll({str(root / "elsewhere.yaml")}) is True  # not placed: a full look
    claim.write_text(text.replace("rose by 90 percent", "rose by 0.9"), "utf-8")
    assert running.poll({"records/claims"}) is True  # a folder: a full look


def test_a_preview_writes_its_dumps_beside_and_a_failure_there_keeps_the_last_site(
    preview: tuple[Preview, Path, io.StringIO], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A preview's build writes the dumps in a forked process while it works out the pages:
    # an error there, or that process dying, fails the build as a failed step does.
    running, root, log = preview
    served = os.readlink(root / "build" / "current")
    claim = root / "records" / "claims" / "port-budget-doubled.yaml"
    text = claim.read_text(encoding="utf-8")

    real = builddumps.build_dumps

    def fails(*_args: object) -> None:
        raise RuntimeError("the disk is full")

    def dies(*_args: object) -> None:
        os._exit(3)

    for n, (broken, said) in enumerate(
        [(fails, "RuntimeError: the disk is full"), (dies, "the dumps' process ended with code 3")]
    ):
        monkeypatch.setattr(site_build, "build_dumps", broken)
        claim.write_text(text.replace("rose by 90 percent", f"rose by {n} percent"), "utf-8")
        log.truncate(0)
        log.seek(0)
        assert running.poll() is True
        assert f"build failed at the build step: {said}" in log.getvalue()
        assert os.readlink(root / "build" / "current") == served  # the last good site
        assert not list((root / "build").glob(".staging-*"))
    monkeypatch.setattr(site_build, "build_dumps", real)  # (undo() would undo the chdir too)
    claim.write_text(text.replace("rose by 90 percent", "rose by nine tenths"), "utf-8")
    log.truncate(0)
    log.seek(0)
    assert running.poll() is True
    assert log.getvalue().startswith("rebuilt"), log.getvalue()
    # The second line: the steps of the rebuild, in the order they ran.
    steps = log.getvalue().splitlines()[1]
    assert re.fullmatch(r"  steps: validate [\d.]+ s, dumps [\d.]+ s, pages .* s", steps), steps
    assert "nine tenths" in _get(running.url + "claims/port-budget-doubled/")[1]
    dumps = list((root / "build" / "data").iterdir())
    assert dumps  # each one linked into the site
    for dump in dumps:
        linked = root / "build" / "site" / "data" / dump.name
        assert linked.stat().st_ino == dump.stat().st_ino, dump.name


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_rebuilds_in_the_folders_of_the_site_before_last_are_full_builds_but_for_search(
    preview: tuple[Preview, Path, io.StringIO], tmp_path: Path
) -> None:
    # From the third build on, a preview makes its site in the folders of the generation it
    # replaced last (site/mkdocs/recycle.py), keeping the first build's search index: every
    # other file must be what a full build writes, and the search index the first build's.
    running, root, _log = preview
    first_search = _files(root / "build" / "site" / "pagefind")
    # A page no edit touches: its folder is made once and then moved from generation to
    # generation (a build that made it again would give it a new inode).
    unchanged = root / "build" / "site" / "claims" / "harbour-to-close"
    folders = [unchanged.resolve().stat().st_ino]
    claim = root / "records" / "claims" / "port-budget-doubled.yaml"
    text = claim.read_text(encoding="utf-8")
    for n, words in enumerate(["nine tenths", "ninety in a hundred", "almost double"]):
        claim.write_text(text.replace("rose by 90 percent", f"rose by {words}"), "utf-8")
        assert running.poll() is True
        if running.cleaner is not None:
            running.cleaner.join()
        if n >= 1:
            spare = [
                g
                for g in (root / "build").glob(".gen-*")
                if g.name != os.readlink(root / "build" / "current")
            ]
            assert len(spare) == 1 and (spare[0] / "site").is_dir()  # kept for the next build
        full = tmp_path / f"full-{n}"
        build(root / "records", full, None)
        ours, theirs = _files(root / "build" / "site"), _files(full / "site")
        assert {k: v for k, v in ours.items() if not k.startswith("pagefind/")} == {
            k: v for k, v in theirs.items() if not k.startswith("pagefind/")
        }
        assert {k: v for k, v in ours.items() if k.startswith("pagefind/")} == {
            f"pagefind/{k}": v for k, v in first_search.items()
        }
        assert words in _get(running.url + "claims/port-budget-doubled/")[1]
        folders.append(unchanged.resolve().stat().st_ino)
    # Built twice before a spare exists, then in the first build's folders again.
    assert folders[2] == folders[0] != folders[1] and folders[3] == folders[1], folders
