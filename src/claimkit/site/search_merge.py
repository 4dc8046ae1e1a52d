"""One Pagefind index made of the indexes of parts of a site, as one run over all its pages makes.

Pagefind holds every word of every page it indexes in memory until it writes the index (about
76 KB a claim page: 8.5 GiB for 100,000 claims), so a large site is indexed in parts, one after
another (site/search.py), and the parts' indexes are put together here. What a query loads from
the result is what it loads from one run's index: the same entry, metadata, word index cut into
chunks where Pagefind cuts them, filters and fragments.

Pagefind 1.5's index, per language (every file but the entry is gzip'd `pagefind_dcd` + CBOR):
- the metadata `pagefind.<lang>_<hash>.pf_meta`: [version, pages ([fragment, word count], in
  page-number order), word chunks ([first word, last word, file]), filters ([name, file]),
  sorts, meta fields (names, in order)];
- a word chunk `index/<file>.pf_index`: [[word, pages, variants], ...] in order of the words,
  where pages is [[page number, locations, meta locations], ...] in order of page number, each
  page number given as its distance from the one before, and variants is [[spelling, pages]]
  (the word as written with diacritics: `åsa` under `asa`). In meta locations a negative number
  -(i + 1) starts the locations in meta field i;
- a filter `filter/<file>.pf_filter`: [name, [[value, [page numbers]], ...]];
- a fragment `fragment/<file>.pf_fragment`: a page's URL, text, meta and filters as JSON,
  which holds no page number and is taken as it is.

Page numbers follow the parts' order: part 2's first page comes after part 1's last. Pagefind
ends a word chunk after the word that brings the chunk's locations (counting one more for each
page) to `CHUNK_LOCATIONS`, and names each chunk's range by the shortest prefixes of its first
and last words that tell it from its neighbours'; so does this module. Pagefind's file names
come from its own hash; the files this module writes are named by the SHA-256 of their bytes
(as site/search.py names the files it rewrites), so that a changed file gets a new name.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import itertools
import json
import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
CHUNK_LOCATIONS = 20_000  # Pagefind's word chunk size
# The folders and files the merge writes; everything else in a part's bundle (the search code,
# the WebAssembly of each language) is the same in every part and is copied.
MERGED = {"index", "filter", "fragment", ENTRY}

Pages = list[list[Any]]  # [[page number (a distance), locations, meta locations], ...]


class MergeError(Exception):
    """The parts' indexes cannot be put together (not the index this module knows)."""


def unpack(path: Path) -> Any:
    """A file of the index, decoded."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise MergeError(f"{path.name} does not start with Pagefind's signature")
    return cbor2.loads(data[len(SIGNATURE) :])


def write_named(
    folder: Path, prefix: str, suffix: str, value: Any, digits: int, level: int = 9
) -> str:
    """Write `value` as Pagefind writes its files into `folder`, named `<prefix><hash><suffix>`
    by the SHA-256 of its bytes (longer if that name is taken by other bytes); the name's stem.
    `level`: gzip's (the word chunks, written by `_ChunkWriter`, take 7: 1.5% larger than
    Pagefind's own, in a quarter of the time of 9)."""
    data = SIGNATURE + cbor2.dumps(value)
    packed = gzip.compress(data, compresslevel=level, mtime=0)

    def place(stem: str) -> bool:
        path = folder / f"{stem}{suffix}"
        if not path.exists():
            path.write_bytes(packed)
            return True
        return path.read_bytes() == packed

    stem = _named(prefix, hashlib.sha256(data).hexdigest(), digits, place)
    if stem is None:
        raise MergeError(f"no free name for a file of the index in {folder.name}")
    return stem


def _named(prefix: str, digest: str, digits: int, place: Callable[[str], bool]) -> str | None:
    """The first stem `<prefix><digest's first digits>`, from `digits` digits on, under which
    `place` put the file or found the same bytes (True; False: other bytes hold that name);
    None when every length is taken."""
    for length in range(digits, len(digest) + 1):
        stem = f"{prefix}{digest[:length]}"
        if place(stem):
            return stem
    return None


@dataclass
class _Part:
    """One part's index of one language: where its files are and how its pages and meta
    fields are numbered in the merged index."""

    bundle: Path
    meta: list[Any]
    offset: int = 0  # the merged number of its page 0
    fields: dict[int, int] = field(default_factory=dict)  # its meta field -> the merged one

    @property
    def fields_moved(self) -> bool:
        """Whether the part numbers its meta fields otherwise than the merged index."""
        return any(k != v for k, v in self.fields.items())

    def words(self, number: int) -> Iterator[tuple[str, int, list[Any]]]:
        """Its words in order, each with the part's `number`, one chunk read at a time."""
        for chunk in self.meta[2]:
            (words,) = unpack(self.bundle / "index" / f"{chunk[2]}.pf_index")
            for word in words:
                yield str(word[0]), number, word


def _append(pages: Pages, more: Pages, part: _Part, last: int) -> int:
    """Put a part's pages of a word (`more`) after `pages`, whose last page is number `last`
    (-1: none); return the number of the last page now. Only the first page's distance
    changes (and, where the part numbers its meta fields otherwise, the meta locations)."""
    if not more:
        return last
    first = part.offset + int(more[0][0])
    start = len(pages)
    pages.extend(more)
    pages[start] = [first - max(last, 0), *more[0][1:]]
    if part.fields_moved:
        for i in range(start, len(pages)):
            distance, locations, meta_locations = pages[i]
            marked = [part.fields[-x - 1] * -1 - 1 if x < 0 else x for x in meta_locations]
            pages[i] = [distance, locations, marked]
    distances: int = sum(map(itemgetter(0), itertools.islice(more, 1, None)))
    return first + distances


def _merge_word(word: str, found: list[tuple[_Part, list[Any]]]) -> list[Any]:
    if len(found) == 1 and found[0][0].offset == 0 and not found[0][0].fields_moved:
        return found[0][1]
    pages: Pages = []
    last = -1
    variants: dict[str, tuple[Pages, list[int]]] = {}
    for part, entry in found:
        last = _append(pages, entry[1], part, last)
        for spelling, variant_pages in entry[2]:
            merged, at = variants.setdefault(str(spelling), ([], [-1]))
            at[0] = _append(merged, variant_pages, part, at[0])
    return [word, pages, [[spelling, variants[spelling][0]] for spelling in sorted(variants)]]


def _size(word: list[Any]) -> int:
    """A word's weight in Pagefind's chunk size: its pages' locations, and one for each page."""
    pages = word[1]
    return (
        len(pages)
        + sum(map(len, map(itemgetter(1), pages)))
        + sum(map(len, map(itemgetter(2), pages)))
    )


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """The shortest prefixes of `a` and `b` (one character past what they share)."""
    common = len(
        list(itertools.takewhile(lambda pair: pair[0] == pair[1], zip(a, b, strict=False)))
    )
    return a[: common + 1], b[: common + 1]


def _chunks(parts: list[_Part], into: Path, prefix: str) -> list[list[str]]:
    """Write the merged word index into `into`/index; its chunks for the metadata."""
    streams = [part.words(i) for i, part in enumerate(parts)]
    merged = heapq.merge(*streams, key=lambda item: (item[0], item[1]))
    written: list[list[str]] = []
    chunk: list[list[Any]] = []
    size = 0

    writer = _ChunkWriter(into / "index", prefix)

    def cut() -> None:
        written.append([chunk[0][0], chunk[-1][0], writer.write([chunk])])

    with writer:
        for word, group in itertools.groupby(merged, key=lambda item: item[0]):
            chunk.append(_merge_word(word, [(parts[i], entry) for _w, i, entry in group]))
            size += _size(chunk[-1])
            if size >= CHUNK_LOCATIONS:
                cut()
                chunk, size = [], 0
        if chunk:
            cut()
    return ranges(written)


class _ChunkWriter:
    """Writes the merged word chunks as `write_named` writes them (gzip level 7), compressing in
    a thread of its own (zlib lets go of the interpreter meanwhile) while the merge reads on:
    at 100,000 claims the compression is a third of the merge. Each file's name is worked out
    here, from the SHA-256 of its bytes; the folder is new, so the only names taken in it are
    those this writer gave."""

    AHEAD = 4  # chunks given to the thread and not yet written, at most

    def __init__(self, folder: Path, prefix: str) -> None:
        self._folder, self._prefix = folder, prefix
        self._given: dict[str, str] = {}  # name stem -> the SHA-256 of its bytes
        self._pending: list[Future[None]] = []
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="claimkit-merge")

    def write(self, value: Any) -> str:
        """Give the chunk `value` to the thread; the stem of the name it is written under."""
        data = SIGNATURE + cbor2.dumps(value)
        digest = hashlib.sha256(data).hexdigest()

        def place(stem: str) -> bool:
            if stem in self._given:
                return self._given[stem] == digest
            self._given[stem] = digest
            if len(self._pending) >= self.AHEAD:
                self._pending.pop(0).result()
            path = self._folder / f"{stem}.pf_index"
            self._pending.append(self._thread.submit(_write_packed, path, data))
            return True

        stem = _named(self._prefix, digest, 7, place)
        if stem is None:
            raise MergeError(f"no free name for a file of the index in {self._folder.name}")
        return stem

    def __enter__(self) -> _ChunkWriter:
        return self

    def __exit__(self, *failed: object) -> None:
        try:
            for pending in self._pending:
                pending.result()  # a write that failed raises here
        finally:
            self._thread.shutdown(cancel_futures=True)


def _write_packed(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(data, compresslevel=7, mtime=0))


def ranges(chunks: list[list[str]]) -> list[list[str]]:
    """`chunks` ([first word, last word, file] each) with each range's ends cut to the shortest
    prefixes that tell it from its neighbours', as Pagefind 1.5 cuts them: a range whose end
    would come before its start ends at its last word."""
    out = [list(chunk) for chunk in chunks]
    for before, after in itertools.pairwise(out):
        before[1], after[0] = _prefixes(before[1], after[0])
    for chunk, cut in zip(chunks, out, strict=True):
        if cut[1] < cut[0]:
            cut[1] = chunk[1]
    return out


def _fragments(parts: list[_Part], into: Path, prefix: str) -> list[list[Any]]:
    """Move the parts' fragments into `into`/fragment; the merged metadata's pages. Two pages
    of two parts may have one name (Pagefind names a fragment by 7 digits of a hash: about 24
    pairs of 112,000 pages share them; within a run it lengthens one): the later page's
    fragment is given a longer name, made from the SHA-256 of its bytes."""
    pages: list[list[Any]] = []
    folder = f"{into / 'fragment'}{os.sep}"  # paths as text: 112,000 of them at 100,000 claims
    for part in parts:
        moving = f"{part.bundle / 'fragment'}{os.sep}"
        for stem, word_count in part.meta[1]:
            name = f"{stem}.pf_fragment"
            source, target = moving + name, folder + name
            if not os.path.exists(target):  # noqa: PTH110
                os.rename(source, target)  # noqa: PTH104
            # Else the same page's fragment (moved already, or an identical page's), or
            # another page's under the same name.
            elif Path(source).exists() and Path(target).read_bytes() != Path(source).read_bytes():
                data = gzip.decompress(Path(source).read_bytes())
                stem = _longer_name(into / "fragment", prefix, data, Path(source))
            pages.append([stem, word_count])
    return pages


def _longer_name(folder: Path, prefix: str, data: bytes, source: Path) -> str:
    def place(stem: str) -> bool:
        target = folder / f"{stem}.pf_fragment"
        if not target.exists():
            source.rename(target)
            return True
        return target.read_bytes() == source.read_bytes()

    stem = _named(prefix, hashlib.sha256(data).hexdigest(), 8, place)
    if stem is None:
        raise MergeError(f"no free name for the fragment {source.name}")
    return stem


def _filters(parts: list[_Part], into: Path, prefix: str) -> list[list[str]]:
    values: dict[str, dict[str, list[int]]] = {}
    for part in parts:
        for name, stem in part.meta[3]:
            found = values.setdefault(str(name), {})
            filtered = unpack(part.bundle / "filter" / f"{stem}.pf_filter")
            for value, pages in filtered[1]:
                found.setdefault(str(value), []).extend(part.offset + p for p in pages)
    return [
        [
            name,
            write_named(
                into / "filter",
                prefix,
                ".pf_filter",
                [name, [[value, found[value]] for value in sorted(found)]],
                7,
            ),
        ]
        for name, found in sorted(values.items())
    ]


def _language(found: list[tuple[Path, str]], into: Path, language: str) -> str:
    """Merge one language's indexes (each a bundle and its metadata's stem); the stem of the
    merged metadata file."""
    parts = [_Part(b, unpack(b / f"pagefind.{h}.pf_meta")) for b, h in found]
    # Pagefind lists the meta fields in order of their names.
    fields = sorted({str(name) for part in parts for name in part.meta[5]})
    offset = 0
    for part in parts:
        if part.meta[4]:
            raise MergeError("a part's index has sort orders, which cannot be merged")
        if part.meta[0] != parts[0].meta[0]:
            raise MergeError(
                f"the parts were indexed by Pagefind {part.meta[0]} and {parts[0].meta[0]}"
            )
        part.fields = {i: fields.index(name) for i, name in enumerate(part.meta[5])}
        part.offset = offset
        offset += len(part.meta[1])
    prefix = f"{language}_"
    meta = [
        parts[0].meta[0],
        _fragments(parts, into, prefix),
        _chunks(parts, into, prefix),
        _filters(parts, into, prefix),
        [],
        fields,
    ]
    return write_named(into, f"pagefind.{prefix}", ".pf_meta", meta, 10)


def merge(bundles: list[Path], into: Path) -> int:
    """Put the Pagefind indexes in `bundles` (in order) together into `into`, a folder not yet
    made; return the number of pages indexed."""
    if not bundles:
        raise MergeError("no part to merge")
    into.mkdir()
    for name in ("index", "filter", "fragment"):
        (into / name).mkdir()
    for path in sorted(bundles[0].iterdir()):
        if path.name not in MERGED and not path.name.endswith(".pf_meta"):
            shutil.copyfile(path, into / path.name)
    entries = [json.loads((b / ENTRY).read_text("utf-8")) for b in bundles]
    languages: dict[str, dict[str, Any]] = {}
    for bundle, entry in zip(bundles, entries, strict=True):
        if entry["version"] != entries[0]["version"]:
            raise MergeError("the parts were indexed by different versions of Pagefind")
        for language, about in entry["languages"].items():
            languages.setdefault(language, {"wasm": about["wasm"], "parts": []})
            languages[language]["parts"].append((bundle, about["hash"]))
            wasm = bundle / f"wasm.{about['wasm']}.pagefind"
            if wasm.is_file() and not (into / wasm.name).exists():
                shutil.copyfile(wasm, into / wasm.name)
    out: dict[str, Any] = {}
    pages = 0
    for language in sorted(languages):
        found = languages[language]
        stem = _language(found["parts"], into, language)
        count = len(unpack(into / f"{stem}.pf_meta")[1])
        out[language] = {
            "hash": stem.removeprefix("pagefind."),
            "wasm": found["wasm"],
            "page_count": count,
        }
        pages += count
    entry = {**entries[0], "languages": out}
    (into / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return pages
