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

This module holds the keys, where the cache's files are and the files other steps keep; the
index itself is `indexfile`'s, and what runs append to it between whole writes `journal`'s.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from claimkit import __version__

FORMAT = 4


# The packages whose code decides a file's result or the checks across records (kept for a run
# where nothing changed); the cache is keyed on their source, so that a change to claimkit's code
# without a new version number cannot serve an old result.
_CODE_PACKAGES = ("core", "records", "validation")


# The libraries that judge records: module, and distribution as named in its .dist-info folder.
_LIBRARIES = {
    "jsonschema": "jsonschema",
    "jsonschema_rs": "jsonschema_rs",
    "langcodes": "langcodes",
    "pydantic": "pydantic",
    "pydantic_core": "pydantic_core",
    "yaml": "pyyaml",
}


def _library_versions() -> str:
    """Python's version, where the libraries that judge records are and their installed
    versions, read from the .dist-info folders next to them (as importlib.metadata does)
    without importing them: a run with nothing to check imports none of them."""
    from importlib.machinery import PathFinder

    names = [f"python {sys.version}"]
    folders: dict[Path, list[str]] = {}
    for module, dist in _LIBRARIES.items():
        spec = PathFinder.find_spec(module)
        origin = spec.origin if spec is not None else None
        names.append(f"{module} {origin}")
        if spec is None or not origin:
            continue
        # A package's folder, or a single module's file, sits in the folder of dist-infos.
        folder = Path(origin).parent
        if spec.submodule_search_locations:
            folder = folder.parent
        if folder not in folders:
            try:
                folders[folder] = sorted(
                    entry.name for entry in folder.iterdir() if entry.name.endswith(".dist-info")
                )
            except OSError:
                folders[folder] = []
        for entry_name in folders[folder]:
            name = entry_name[: -len(".dist-info")].rpartition("-")[0]
            if name.lower().replace("-", "_").replace(".", "_") == dist:
                names.append(f"{dist} {entry_name}")
    return "\n".join(names)


@cache
def tool_fingerprint() -> bytes:
    """claimkit's version and code, and the libraries'. The schemas follow from the models'
    code and pydantic's version, both part of it."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"claimkit {__version__} cache {FORMAT}\n".encode())
    digest.update(_library_versions().encode())
    package = Path(__file__).parent.parent
    for name in _CODE_PACKAGES:
        for module in sorted((package / name).glob("*.py")):
            digest.update(f"{name}/{module.name}\n".encode())
            try:
                digest.update(module.read_bytes())
            except OSError:
                digest.update(b"unreadable\n")
    return digest.digest()


def key(site_digest: bytes, rel_path: str, content: bytes) -> bytes:
    """A file's cache key: a hash of claimkit and the libraries that judge records, the site
    settings' digest, the file's path under the records root and its bytes."""
    digest = hashlib.blake2b(tool_fingerprint(), digest_size=20)
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


def file_for(root: Path, what: str = "validate") -> Path:
    """The cache file of `root` named `what` (the validation index by default)."""
    name = hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()
    return cache_dir() / f"{what}-{name}.marshal"


def _header(site_digest: bytes) -> dict[bytes, Any]:
    return {b"format": FORMAT, b"tool": tool_fingerprint(), b"site": site_digest}


# A cache file: this magic, a hash of the rest, then the marshalled data. The hash is checked
# before unmarshalling: a damaged file can otherwise ask marshal for gigabytes (a few bytes
# announce a tuple of hundreds of millions of items).
_MAGIC = b"claimkit-cache\n"
SUM_BYTES = 32


def checksum(payload: bytes) -> bytes:
    """The hash a cache file keeps of its bytes, checked before they are unmarshalled."""
    return hashlib.blake2b(payload, digest_size=SUM_BYTES).digest()


def _load(target: Path, header: dict[bytes, Any]) -> Any:
    """The data of the cache file `target` if it is whole and its `header` fields are these."""
    try:
        raw = target.read_bytes()
    except OSError:
        return None
    start = len(_MAGIC) + SUM_BYTES
    if not raw.startswith(_MAGIC) or raw[len(_MAGIC) : start] != checksum(raw[start:]):
        return None
    try:
        # Our own file, in the user's cache folder (see cache_dir), whole as we wrote it.
        data = marshal.loads(raw[start:])  # noqa: S302
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    if any(data.get(name) != value for name, value in header.items()):
        return None
    return data


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _remove_orphans(folder: Path) -> None:
    """Remove the temporary files of runs that were killed while writing (their process is
    gone); a live run's are left alone."""
    for temp in folder.glob(".tmp-*-*"):
        pid = temp.name.split("-")[1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            temp.unlink(missing_ok=True)


def replace_file(target: Path, parts: list[bytes]) -> None:
    """Write `target` in one step: written beside, then renamed (a killed run leaves the old
    file or the new one)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_orphans(target.parent)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".tmp-{os.getpid()}-")
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in parts:
                handle.write(part)
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write(target: Path, data: dict[bytes, Any]) -> None:
    try:
        payload = marshal.dumps(data)
        replace_file(target, [_MAGIC, checksum(payload), payload])
    except OSError:
        return


def read_data(root: Path, site_digest: bytes) -> dict[bytes, Any]:
    """Validated record data by key, kept for runs that build the catalog (see validate)."""
    data = _load(file_for(root, "records"), _header(site_digest))
    entries = data.get(b"entries") if isinstance(data, dict) else None
    return entries if isinstance(entries, dict) else {}


def write_data(root: Path, site_digest: bytes, entries: dict[bytes, Any]) -> None:
    """Replace the validated record data kept for `root` (see read_data); a file system error
    leaves it unwritten, which only costs speed next time."""
    _write(file_for(root, "records"), {**_header(site_digest), b"entries": entries})


def read_kept(root: Path, what: str) -> dict[bytes, Any]:
    """What another step keeps for `root` under the name `what` (see write_kept); empty when
    missing, damaged, or made by other code. What else it depends on is the caller's to check."""
    data = _load(file_for(root, what), {b"format": FORMAT, b"tool": tool_fingerprint()})
    return data if isinstance(data, dict) else {}


def write_kept(root: Path, what: str, data: dict[bytes, Any]) -> None:
    """Replace what a step keeps for `root` under the name `what`, in one step (written beside,
    then renamed): a killed run leaves the old file or the new one. A file system error leaves
    it unwritten, which only costs speed next time."""
    try:
        _write(file_for(root, what), {b"format": FORMAT, b"tool": tool_fingerprint(), **data})
    except ValueError:  # something marshal cannot write
        return


def forget_kept(root: Path, what: str) -> None:
    """Remove what a step keeps for `root` under the name `what`, if anything."""
    try:
        file_for(root, what).unlink(missing_ok=True)
    except OSError:
        return
