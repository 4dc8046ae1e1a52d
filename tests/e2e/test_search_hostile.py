"""End-to-end: the search page shows record text found by search as text, never as markup.

Pagefind keeps a page's text as it reads (markup in record text, escaped on the page, is text
again in its index) and puts `<mark>` around the words found without escaping the rest; the
search page's script makes only those marks elements. A claim whose explanation holds markup
and a script is built and served, searched for in Chromium, and the result must show the
markup's characters with no element or script made of them.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness import TODAY

REPO = Path(__file__).resolve().parents[2]

WORD = "Zyxwvut"  # on no other page
HOSTILE = f'{WORD} <img src=x onerror="window.ckHacked=1"><script>window.ckHacked=2</script> & <b>bold</b>'
CLAIM = "north-korean-soldiers-deserted-near-border"


@pytest.fixture(scope="module")
def hostile_search_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("hostile-search")
    records = base / "records"
    shutil.copytree(REPO / "records", records)
    path = records / "claims" / f"{CLAIM}.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["reviews"][0]["explanation"] = HOSTILE + " " + record["reviews"][0]["explanation"]
    record["claimReviewed"] = "<i>Soldiers</i> & deserters <script>window.ckHacked=3</script>"
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), "utf-8")
    claimkit = str(Path(sys.executable).with_name("claimkit"))
    run = subprocess.run(
        [claimkit, "build", "--records", str(records), "--output", str(base / "out")],
        env={**os.environ, "CLAIMKIT_TODAY": TODAY},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    handler = functools.partial(_Quiet, directory=str(base / "out" / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.mark.browser
def test_a_result_shows_record_markup_as_text(
    page: Any, hostile_search_url: str, problems: Any
) -> None:
    page.goto(f"{hostile_search_url}search/?q={WORD}")
    status = page.locator("#ck-search-status")
    status.filter(has_text="found").or_(status.filter(has_text="No page")).wait_for()
    assert status.inner_text() == "1 page found."
    result = page.locator("#ck-search-results li")
    excerpt = result.locator(".ck-search-result__excerpt")
    text = excerpt.inner_text()
    assert '<img src=x onerror="window.ckHacked=1">' in text, text
    assert "<script>" in text and "<b>bold</b>" in text, text
    # Only the word found is an element (a mark); nothing else was made of the text.
    assert excerpt.locator("*").count() == excerpt.locator("mark").count() >= 1
    assert excerpt.locator("mark").first.inner_text().startswith(WORD)
    title = result.locator(".ck-search-result__title")
    assert title.inner_text() == "<i>Soldiers</i> & deserters <script>window.ckHacked=3</script>"
    assert title.locator("*").count() == 0
    assert page.evaluate("window.ckHacked") is None
    assert not problems.errors and not problems.outside
