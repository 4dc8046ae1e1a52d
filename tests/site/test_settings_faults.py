"""The smaller faults of issue 19 (case 9): site settings that validate must build; the logo's
title is escaped once; a read-only output folder is a coded error; the validate cache's
temporary files do not outlive a killed run."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimkit.site.build import build

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "examples" / "base" / "records"
CLAIMKIT = Path(sys.executable).with_name("claimkit")


def _records(tmp_path: Path, **settings: str) -> Path:
    records = tmp_path / "records"
    shutil.copytree(BASE, records)
    site = records / "site.yaml"
    text = site.read_text(encoding="utf-8")
    for key, value in settings.items():
        text, found = re.subn(rf"(?m)^{key}: .*$", f"{key}: {value}", text)
        if not found:
            text += f"{key}: {value}\n"
    site.write_text(text, encoding="utf-8")
    return records


def _validate(records: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLAIMKIT), "validate", str(records)], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("language", "url"),
    [("tlh", '"https://[2001:db8::1]:8443/news/"'), ("zh-Hant-TW", "https://example.org:8080/")],
)
def test_settings_that_validate_also_build(tmp_path: Path, language: str, url: str) -> None:
    records = _records(tmp_path, language=language, url=url)
    assert _validate(records).returncode == 0
    result = build(records, tmp_path / "out")
    assert (result.site / "index.html").is_file()


@pytest.mark.parametrize(
    ("setting", "value", "code"),
    [
        ("url", '"https://[::1/"', "url-scheme"),
        ("url", "https://example.org:99999/", "url-scheme"),
        ("url", "https://example.org:http/", "url-scheme"),
        ("language", "zz", "language-unknown"),
    ],
)
def test_settings_the_build_cannot_use_are_coded_errors_at_their_line(
    tmp_path: Path, setting: str, value: str, code: str
) -> None:
    records = _records(tmp_path, **{setting: value})
    line = next(
        n
        for n, text in enumerate((records / "site.yaml").read_text().splitlines(), 1)
        if text.startswith(f"{setting}:")
    )
    done = _validate(records)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"site.yaml:{line}:" in done.stdout and f"[{code}]" in done.stdout, done.stdout


def test_the_logo_title_is_escaped_once(tmp_path: Path) -> None:
    records = _records(tmp_path, title='"Smith & Jones <Fact> Check"')
    result = build(records, tmp_path / "out")
    page = (result.site / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'<a [^>]*class="md-(?:header|nav)__button md-logo"[^>]*>', page)
    assert titles, "no logo link found"
    for tag in titles:
        assert 'title="Smith &amp; Jones &lt;Fact&gt; Check"' in tag, tag
    assert "&amp;amp;" not in page


def test_a_read_only_output_folder_is_a_coded_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    if os.geteuid() == 0:  # root writes anywhere: a read-only file system instead
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(out)],
            capture_output=True,
            check=False,
        )
        if mounted.returncode != 0:
            pytest.skip("cannot mount a read-only file system here")
    else:
        out.chmod(0o555)
    try:
        done = subprocess.run(
            [
                str(CLAIMKIT),
                "build",
                "--records",
                str(BASE),
                "--output",
                str(out),
                "--docs",
                str(tmp_path / "no-docs"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", "-l", str(out)], check=False)
        else:
            out.chmod(0o755)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr, done.stderr
    assert "[output-unwritable]" in done.stderr and str(out) in done.stderr, done.stderr


def test_a_killed_runs_cache_temporary_files_are_removed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    orphan = cache / f".tmp-{gone.pid}-abc123"  # as a run killed while writing leaves it
    orphan.write_bytes(b"half an index")
    mine = cache / f".tmp-{os.getpid()}-live"  # a live process's: not touched
    mine.write_bytes(b"being written")
    env = {**os.environ, "CLAIMKIT_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [str(CLAIMKIT), "validate", str(BASE)], capture_output=True, env=env, check=False
    )
    assert done.returncode == 0
    assert not orphan.exists()
    assert mine.exists()
    assert list(cache.glob("*.marshal")), "validate wrote no cache"
