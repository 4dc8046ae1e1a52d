"""A content-hash cache of per-file results: safe to delete, never stale.

An entry is found only by a hash of everything its result depends on: claimkit's version, the
schemas, the site settings, the file's place under the records root and its bytes. A change in
any of them is a new key, so an old result can never be served for new content.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from claimkit import __version__
from claimkit.diagnostics import Diagnostic, Position
from claimkit.filecheck import FileFacts
from claimkit.load import MAX_BYTES as MAX_RECORD_BYTES
from claimkit.models import KIND_MODELS
from claimkit.schema import render

FORMAT = 1
MAX_BYTES = MAX_RECORD_BYTES

Entry = tuple[Any, ...]


@cache
def _tool_fingerprint() -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"claimkit {__version__} cache {FORMAT}\n".encode())
    for kind in KIND_MODELS:
        digest.update(render(kind).encode())
    return digest.digest()


def key(site_digest: bytes, rel_path: str, content: bytes) -> bytes:
    digest = hashlib.blake2b(_tool_fingerprint(), digest_size=20)
    digest.update(site_digest)
    digest.update(rel_path.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(content)
    return digest.digest()


def cache_dir() -> Path:
    """The user's cache folder, never the working tree: a pull request can add files to a
    repository, and a planted cache entry must not be able to pass an invalid record."""
    if os.environ.get("CLAIMKIT_CACHE_DIR"):
        return Path(os.environ["CLAIMKIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimkit"


def _file_for(root: Path) -> Path:
    name = hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()
    return cache_dir() / f"validate-{name}.marshal"


def to_entry(facts: FileFacts) -> Entry:
    diags = tuple(
        (d.position.line, d.position.column, d.code, d.message) for d in facts.diagnostics
    )
    return (facts.kind, facts.ident, facts.valid, facts.refs, facts.latest_date, diags)


def from_entry(display: str, entry: Entry) -> FileFacts:
    kind, ident, valid, refs, latest, diags = entry
    return FileFacts(
        display,
        kind,
        ident,
        valid,
        refs,
        latest,
        [
            Diagnostic.make(display, Position(line, col), code, msg)
            for line, col, code, msg in diags
        ],
    )


def read(root: Path) -> dict[bytes, Entry]:
    """The cache for one records root; empty when missing or unreadable (never an error)."""
    try:
        # Our own file, in the user's cache folder (see cache_dir).
        data = marshal.loads(_file_for(root).read_bytes())  # noqa: S302
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(data, dict) or data.get(b"format") != FORMAT:
        return {}
    entries = data.get(b"entries")
    return entries if isinstance(entries, dict) else {}


def write(root: Path, entries: dict[bytes, Entry]) -> None:
    """Replace the cache in one step; a failure to write only costs speed next time."""
    target = _file_for(root)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            marshal.dump({b"format": FORMAT, b"entries": entries}, handle)
        Path(temp).replace(target)
    except OSError:
        return
