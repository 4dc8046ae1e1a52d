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
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from claimkit import __version__
from claimkit.records.filestatus import NO_STATUS, STATUS
from claimkit.validation import journal
from claimkit.validation.facts import PROBLEMS, SITE_CODES, VALID, Entry

FORMAT = 4
KEY_BYTES = 20


# What the index keeps per file: its status (size, mtime_ns, ctime_ns, inode, device, mode,
# packed; None when it must be hashed again), its key and the result.
Slot = tuple[bytes | None, bytes, Entry]

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
def _tool_fingerprint() -> bytes:
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


def _header(site_digest: bytes) -> dict[bytes, Any]:
    return {b"format": FORMAT, b"tool": _tool_fingerprint(), b"site": site_digest}


# A cache file: this magic, a hash of the rest, then the marshalled data. The hash is checked
# before unmarshalling: a damaged file can otherwise ask marshal for gigabytes (a few bytes
# announce a tuple of hundreds of millions of items).
_MAGIC = b"claimkit-cache\n"
_SUM_BYTES = 32


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_SUM_BYTES).digest()


def _load(target: Path, header: dict[bytes, Any]) -> Any:
    """The data of the cache file `target` if it is whole and its `header` fields are these."""
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
    if any(data.get(name) != value for name, value in header.items()):
        return None
    return data


# The fields of the index's head (see Index).
HEAD_FIELDS = ("folders", "site", "rels", "statuses", "owned", "invalid", "cross", "site_check")


@dataclass
class Index:
    """What the last run under a records root left, read in two parts: the head, enough to see
    that nothing changed and say what the run found; the rest (each file's key and result) only
    when something changed. Arrays hold one item per file other than the site settings, in the
    walk's order. Shapes are checked where the items are used."""

    # Folder listings with their statuses (see discover.walk); valid whatever the settings.
    folders: dict[str, Any] = field(default_factory=dict)
    # The digest of the site settings the per-file results below were made with.
    site: bytes | None = None
    rels: str = ""  # the files' paths under the root, joined by NUL
    statuses: bytes = b""  # each file's packed status, NO_STATUS when not trusted
    owned: tuple[Any, ...] = ()  # (number, entry) of each file with problems of its own
    invalid: tuple[int, ...] = ()  # the numbers of files that are not valid records
    cross: Any = None  # (memo, problems) of the checks across records
    site_check: Any = None  # (site digest, entries of the site files, publisher)
    # The parts of its journal read (see journal), each applied to the fields above already.
    journal: journal.Journal | None = None
    _file: Any = None
    _tail_sum: bytes = b""
    _tail: dict[bytes, Any] | None = None
    # What the journal's parts change in the rest: (numbers, keys, entries) of each part.
    _patches: list[tuple[tuple[int, ...], bytes, tuple[Entry, ...]]] = field(default_factory=list)

    def tail(self) -> dict[bytes, Any]:
        """The rest of the index: b"keys" (packed) and b"entries"; empty when unreadable."""
        if self._tail is None:
            self._tail = {}
            if self._file is not None:
                try:
                    raw = self._file.read()
                except OSError:
                    raw = b""
                self.close()
                if raw and _checksum(raw) == self._tail_sum:
                    data = _unmarshal(raw)
                    if isinstance(data, dict):
                        self._tail = _patched(data, self._patches)
        return self._tail

    @property
    def files(self) -> int:
        """How many files (other than the site settings) the index holds."""
        return len(self.statuses) // STATUS.size

    def apply(self, part: dict[bytes, Any]) -> bool:
        """Apply one part of the journal (see journal); False, changing nothing, when it is not
        one this code wrote for this index."""
        numbers, statuses, keys, entries = (part.get(name) for name in _PART_FIELDS)
        cross, folders = part.get(b"cross"), part.get(b"folders")
        count = self.files
        if not (
            isinstance(numbers, tuple)
            and isinstance(statuses, bytes)
            and isinstance(keys, bytes)
            and isinstance(entries, tuple)
            and len(statuses) == STATUS.size * len(numbers)
            and len(keys) == KEY_BYTES * len(numbers) == KEY_BYTES * len(entries)
            and all(isinstance(at, int) and 0 <= at < count for at in numbers)
            and all(isinstance(entry, tuple) and len(entry) == 6 for entry in entries)
            and isinstance(cross, tuple)
            and len(cross) == 3
            and (folders is None or isinstance(folders, dict))
        ):
            return False
        memo, redo, fresh = cross
        if redo is not None:
            if not (isinstance(self.cross, tuple) and len(self.cross) == 2):
                return False
            fresh = tuple(
                p for p in self.cross[1] if p[0] not in redo or p[3] in SITE_CODES
            ) + tuple(fresh)
        self.cross = (memo, tuple(fresh))
        size = STATUS.size
        packed = bytearray(self.statuses)
        owned = dict(self.owned)
        invalid = set(self.invalid)
        for i, (at, entry) in enumerate(zip(numbers, entries, strict=True)):
            packed[at * size : (at + 1) * size] = statuses[i * size : (i + 1) * size]
            owned.pop(at, None)
            if entry[PROBLEMS]:
                owned[at] = entry
            (invalid.discard if entry[VALID] else invalid.add)(at)
        self.statuses = bytes(packed)
        self.owned = tuple(sorted(owned.items()))
        self.invalid = tuple(sorted(invalid))
        if folders is not None:
            self.folders = folders
        self._patches.append((numbers, keys, entries))
        return True

    def close(self) -> None:
        """Close the index file if it is still open."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def slots(self) -> dict[str, Slot]:
        """Each file's slot by its path under the root; empty when the parts do not agree."""
        tail = self.tail()
        keys, entries = tail.get(b"keys"), tail.get(b"entries")
        rels = self.rels.split("\0") if self.rels else []
        size = STATUS.size
        if (
            not isinstance(keys, bytes)
            or not isinstance(entries, tuple)
            or not len(rels) == len(entries) == len(keys) // KEY_BYTES
            or len(self.statuses) != size * len(rels)
        ):
            return {}
        statuses = [self.statuses[at : at + size] for at in range(0, len(self.statuses), size)]
        return {
            rel: (
                None if status == NO_STATUS else status,
                keys[i * KEY_BYTES : (i + 1) * KEY_BYTES],
                entry,
            )
            for i, (rel, status, entry) in enumerate(zip(rels, statuses, entries, strict=True))
        }


# The fields of a part of the journal that change the files' slots (see Index.apply).
_PART_FIELDS = (b"at", b"statuses", b"keys", b"entries")


def _patched(
    tail: dict[bytes, Any], patches: list[tuple[tuple[int, ...], bytes, tuple[Entry, ...]]]
) -> dict[bytes, Any]:
    """The rest of the index with the journal's parts applied; empty when they do not fit."""
    keys, entries = tail.get(b"keys"), tail.get(b"entries")
    if not patches:
        return tail
    if not isinstance(keys, bytes) or not isinstance(entries, tuple):
        return {}
    packed, listed = bytearray(keys), list(entries)
    for numbers, new_keys, new_entries in patches:
        for i, at in enumerate(numbers):
            if at >= len(listed):
                return {}
            packed[at * KEY_BYTES : (at + 1) * KEY_BYTES] = new_keys[
                i * KEY_BYTES : (i + 1) * KEY_BYTES
            ]
            listed[at] = new_entries[i]
    return {**tail, b"keys": bytes(packed), b"entries": tuple(listed)}


def _unmarshal(raw: bytes) -> Any:
    try:
        # Our own file, in the user's cache folder (see cache_dir), whole as we wrote it.
        return marshal.loads(raw)  # noqa: S302
    except (EOFError, ValueError, TypeError):
        return None


# The index file: the magic, the head's length (8 bytes) and hash, the head, then the rest; the
# head holds the hash of the rest. Each hash is checked before unmarshalling (see _load).
_INDEX_MAGIC = b"claimkit-index\n"
_LENGTH = struct.Struct("<Q")
_INDEX_START = len(_INDEX_MAGIC) + _LENGTH.size + _SUM_BYTES


def read(root: Path) -> Index | None:
    """The index of one records root; None when missing, unreadable, or made by other code
    (never an error). Close it (Index.close) when done."""
    try:
        handle = _file_for(root).open("rb")
    except OSError:
        return None
    try:
        start = handle.read(_INDEX_START)
        if len(start) != _INDEX_START or not start.startswith(_INDEX_MAGIC):
            raise ValueError
        (length,) = _LENGTH.unpack_from(start, len(_INDEX_MAGIC))
        if length > os.fstat(handle.fileno()).st_size:
            raise ValueError
        head_bytes = handle.read(length)
        if _checksum(head_bytes) != start[-_SUM_BYTES:]:
            raise ValueError
        head = _unmarshal(head_bytes)
        if not isinstance(head, dict) or head.get(b"format") != FORMAT:
            raise ValueError
        if head.get(b"tool") != _tool_fingerprint():
            raise ValueError
    except (OSError, ValueError):
        handle.close()
        return None
    tail_sum = head.get(b"tail")
    index = Index(_file=handle, _tail_sum=tail_sum if isinstance(tail_sum, bytes) else b"")
    for name, kind in (
        ("folders", dict),
        ("site", bytes),
        ("rels", str),
        ("statuses", bytes),
        ("owned", tuple),
        ("invalid", tuple),
    ):
        value = head.get(name.encode())
        if isinstance(value, kind):
            setattr(index, name, value)
    index.cross, index.site_check = head.get(b"cross"), head.get(b"site_check")
    ident = head.get(b"id")
    if isinstance(ident, bytes):
        index.journal = journal.read(_journal_for(root), ident)
        for at, part in enumerate(index.journal.parts):
            if not index.apply(part):
                # Parts after one that does not apply are not read; the next append drops them.
                del index.journal.parts[at:]
                index.journal.end = 0
                break
    return index


def _journal_for(root: Path) -> Path:
    return _file_for(root).with_suffix(".journal")


def append(root: Path, index: Index, part: dict[bytes, Any]) -> None:
    """Add what a run changed to the index's journal (see journal and Index.apply)."""
    if index.journal is not None:
        journal.append(_journal_for(root), index.journal, part)


def write(root: Path, head: dict[str, Any], keys: bytes, entries: tuple[Entry, ...]) -> None:
    """Replace the index in one step; a failure to write only costs speed next time. `head`
    holds the Index fields by name."""
    try:
        tail = marshal.dumps({b"keys": keys, b"entries": entries})
        fields = {name.encode(): value for name, value in head.items()}
        head_bytes = marshal.dumps(
            {
                b"format": FORMAT,
                b"tool": _tool_fingerprint(),
                b"tail": _checksum(tail),
                b"id": journal.new_id(),
                **fields,
            }
        )
        _replace(
            _file_for(root),
            [_INDEX_MAGIC, _LENGTH.pack(len(head_bytes)), _checksum(head_bytes), head_bytes, tail],
        )
    except (OSError, ValueError):  # ValueError: something marshal cannot write
        return


def write_folders(root: Path, index: Index, folders: dict[str, Any]) -> None:
    """Write the index again as it is, but for the folder listings (a folder listed again in a
    run where nothing else changed, now trusted)."""
    tail = index.tail()
    keys, entries = tail.get(b"keys"), tail.get(b"entries")
    if isinstance(keys, bytes) and isinstance(entries, tuple):
        head = {name: getattr(index, name) for name in HEAD_FIELDS}
        write(root, {**head, "folders": folders}, keys, entries)


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


def _replace(target: Path, parts: list[bytes]) -> None:
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
        _replace(target, [_MAGIC, _checksum(payload), payload])
    except OSError:
        return


def read_data(root: Path, site_digest: bytes) -> dict[bytes, Any]:
    """Validated record data by key, kept for runs that build the catalog (see validate)."""
    data = _load(_file_for(root, "records"), _header(site_digest))
    entries = data.get(b"entries") if isinstance(data, dict) else None
    return entries if isinstance(entries, dict) else {}


def write_data(root: Path, site_digest: bytes, entries: dict[bytes, Any]) -> None:
    """Replace the validated record data kept for `root` (see read_data); a file system error
    leaves it unwritten, which only costs speed next time."""
    _write(_file_for(root, "records"), {**_header(site_digest), b"entries": entries})


def read_kept(root: Path, what: str) -> dict[bytes, Any]:
    """What another step keeps for `root` under the name `what` (see write_kept); empty when
    missing, damaged, or made by other code. What else it depends on is the caller's to check."""
    data = _load(_file_for(root, what), {b"format": FORMAT, b"tool": _tool_fingerprint()})
    return data if isinstance(data, dict) else {}


def write_kept(root: Path, what: str, data: dict[bytes, Any]) -> None:
    """Replace what a step keeps for `root` under the name `what`, in one step (written beside,
    then renamed): a killed run leaves the old file or the new one. A file system error leaves
    it unwritten, which only costs speed next time."""
    try:
        _write(_file_for(root, what), {b"format": FORMAT, b"tool": _tool_fingerprint(), **data})
    except ValueError:  # something marshal cannot write
        return


def forget_kept(root: Path, what: str) -> None:
    """Remove what a step keeps for `root` under the name `what`, if anything."""
    try:
        _file_for(root, what).unlink(missing_ok=True)
    except OSError:
        return
