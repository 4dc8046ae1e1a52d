"""A content-hash cache of per-file results: safe to delete, never stale.

A result is reused only when a hash of everything it depends on matches: claimkit's version and
code, the libraries that judge records, the schemas, the site settings, the file's place under
the records root and its bytes. A change in any of them is a new key, so an old result can never
be served for new content.

Reading and hashing every file of a large collection costs seconds, so the cache also keeps, as
git's index does, each file's status (size, times, inode, device, mode) as it was when the file
was hashed. A file whose status is unchanged is not read again. A status recorded when the file
might still have been changing within the file system's clock granularity ("racily clean", in
git's words) is not kept: such a file is hashed again on the next run, and its result reused only
if the bytes still hash the same.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import struct
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any

from claimkit import __version__
from claimkit.diagnostics import Diagnostic, Position
from claimkit.filecheck import FileFacts
from claimkit.load import MAX_BYTES as MAX_RECORD_BYTES

FORMAT = 2
MAX_BYTES = MAX_RECORD_BYTES

# A status is trusted only when the file's modification and change times are older than the
# start of the run that hashed it by at least this much: more than the timestamp granularity of
# any file system records sit on (FAT's is 2 s) and than a small clock difference.
RACY_MARGIN_NS = 3_000_000_000

Entry = tuple[Any, ...]
# What the index keeps per file: its status (size, mtime_ns, ctime_ns, inode, device, mode,
# packed; None when it must be hashed again), its key and the result.
Slot = tuple[bytes | None, bytes, Entry]

# The modules whose code decides a file's result or the checks across records (kept for a run
# where nothing changed); the cache is keyed on their source, so that a change to claimkit's code
# without a new version number cannot serve an old result.
_CODE_MODULES = (
    "cache",
    "crosscheck",
    "diagnostics",
    "discover",
    "filecheck",
    "load",
    "fastyaml",
    "models",
    "record_checks",
    "schema",
    "schema_check",
    "validate",
)


_STATUS = struct.Struct("<QqqQQQ")


def status_of(info: os.stat_result) -> bytes:
    """A file's status, packed: one object per file keeps the index quick to load."""
    return _STATUS.pack(
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        info.st_ino,
        info.st_dev,
        info.st_mode,
    )


def racy_threshold() -> int:
    """Statuses with a time at or after this are not trusted on the next run; take it before
    the first file is looked at."""
    return time.time_ns() - RACY_MARGIN_NS


def trusted(status: bytes, threshold: int) -> bytes | None:
    """The status to keep for a file hashed in a run that started at `threshold`, or None when
    the file may have changed again within the same clock tick (it is then hashed next time)."""
    _size, mtime, ctime, _ino, _dev, _mode = _STATUS.unpack(status)
    if mtime >= threshold or ctime >= threshold:
        return None
    return status


def _library_versions() -> str:
    import jsonschema_rs
    import pydantic
    import yaml

    names = [f"python {sys.version}", f"pydantic {pydantic.VERSION}", f"pyyaml {yaml.__version__}"]
    for module in (jsonschema_rs,):
        names.append(f"{module.__name__} {getattr(module, '__version__', '')}")
    try:
        from importlib.metadata import version

        names.append(f"jsonschema-rs {version('jsonschema-rs')}")
        names.append(f"jsonschema {version('jsonschema')}")
        names.append(f"pydantic-core {version('pydantic-core')}")
    except Exception:  # metadata missing: the module versions above still count
        names.append("no metadata")
    return "\n".join(names)


@cache
def _tool_fingerprint() -> bytes:
    from claimkit.models import KIND_MODELS
    from claimkit.schema import render

    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"claimkit {__version__} cache {FORMAT}\n".encode())
    digest.update(_library_versions().encode())
    package = Path(__file__).parent
    for name in _CODE_MODULES:
        try:
            digest.update((package / f"{name}.py").read_bytes())
        except OSError:
            digest.update(f"no {name}\n".encode())
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


def _file_for(root: Path, what: str = "validate") -> Path:
    name = hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()
    return cache_dir() / f"{what}-{name}.marshal"


def to_entry(facts: FileFacts) -> Entry:
    diags = tuple(
        (d.position.line, d.position.column, d.code, d.message) for d in facts.diagnostics
    )
    return (facts.kind, facts.ident, facts.valid, facts.ref_lines, facts.latest_date, diags)


def from_entry(display: str, entry: Entry) -> FileFacts:
    kind, ident, valid, refs, latest, diags = entry
    return FileFacts(
        display,
        kind,
        ident,
        valid,
        refs,
        latest,
        [Diagnostic.make(display, Position(line, col), code, msg) for line, col, code, msg in diags]
        if diags
        else [],
    )


def _header(site_digest: bytes) -> dict[bytes, Any]:
    return {b"format": FORMAT, b"tool": _tool_fingerprint(), b"site": site_digest}


# A cache file: this magic, a hash of the rest, then the marshalled data. The hash is checked
# before unmarshalling: a damaged file can otherwise ask marshal for gigabytes (a few bytes
# announce a tuple of hundreds of millions of items).
_MAGIC = b"claimkit-cache\n"
_SUM_BYTES = 32


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_SUM_BYTES).digest()


def _load(target: Path, site_digest: bytes) -> Any:
    try:
        raw = target.read_bytes()
    except OSError:
        return None
    start = len(_MAGIC) + _SUM_BYTES
    if not raw.startswith(_MAGIC) or raw[len(_MAGIC) : start] != _checksum(raw[start:]):
        return None
    try:
        # Our own file, in the user's cache folder (see cache_dir), whole as we wrote it.
        data = marshal.loads(raw[start:])  # noqa: S302
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    if any(data.get(name) != value for name, value in _header(site_digest).items()):
        return None
    return data


def read(root: Path, site_digest: bytes) -> tuple[dict[str, Any], Any]:
    """The index of one records root (by path under the root) and the stored result of the
    checks across records; empty when missing, unreadable, or made by other code or for other
    site settings (never an error). Each slot's shape is checked where it is used."""
    data = _load(_file_for(root), site_digest)
    if not isinstance(data, dict):
        return {}, None
    entries = data.get(b"entries")
    return (entries if isinstance(entries, dict) else {}), data.get(b"cross")


def _write(target: Path, data: dict[bytes, Any]) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = marshal.dumps(data)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_MAGIC + _checksum(payload) + payload)
            Path(temp).replace(target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        return


def write(root: Path, site_digest: bytes, entries: dict[str, Slot], cross: Any) -> None:
    """Replace the index in one step; a failure to write only costs speed next time."""
    _write(_file_for(root), {**_header(site_digest), b"entries": entries, b"cross": cross})


def read_data(root: Path, site_digest: bytes) -> dict[bytes, Any]:
    """Validated record data by key, kept for runs that build the catalog (see validate)."""
    data = _load(_file_for(root, "records"), site_digest)
    entries = data.get(b"entries") if isinstance(data, dict) else None
    return entries if isinstance(entries, dict) else {}


def write_data(root: Path, site_digest: bytes, entries: dict[bytes, Any]) -> None:
    _write(_file_for(root, "records"), {**_header(site_digest), b"entries": entries})
