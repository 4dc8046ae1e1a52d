"""Reading the site's Pagefind index in tests: its page fragments (what a result shows of each
page: URL, text, title and filters) and each filter's values, as Pagefind wrote them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"


def unpacked(path: Path) -> bytes:
    """A file of the index without its gzip and signature."""
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE), path
    return data[len(SIGNATURE) :]


def fragments(site: Path) -> list[dict[str, Any]]:
    """Every indexed page's fragment, in order of URL."""
    found = [json.loads(unpacked(p)) for p in (site / "pagefind" / "fragment").iterdir()]
    return sorted(found, key=lambda fragment: str(fragment["url"]))


def filters(site: Path) -> dict[str, list[str]]:
    """Each filter's values, in the order the index lists them."""
    out: dict[str, list[str]] = {}
    for path in sorted((site / "pagefind" / "filter").iterdir()):
        name, values = cbor2.loads(unpacked(path))
        out[name] = [value for value, _pages in values]
    return out


def _read(path: Path) -> Any:
    return cbor2.loads(unpacked(path))


def _located(pages: list[Any], urls: list[str], fields: list[str]) -> list[Any]:
    """A word's pages by URL, their meta locations marked by field name, in order of URL."""
    number, out = 0, []
    for distance, locations, meta_locations in pages:
        number += distance
        marked = [fields[-x - 1] if x < 0 else x for x in meta_locations]
        out.append([urls[number], locations, marked])
    return sorted(out, key=lambda page: str(page[0]))


def canonical(bundle: Path) -> dict[str, Any]:
    """What a query can get from the Pagefind index in `bundle`, with every page named by its
    URL instead of its number: per language, each page's fragment, each word chunk's range and
    its words (each word's pages and their locations, and the same for each variant), each
    filter value's pages. Two indexes that give the same answer give every query the same
    results."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    out: dict[str, Any] = {"version": entry["version"], "languages": {}}
    for language, about in sorted(entry["languages"].items()):
        meta = _read(bundle / f"pagefind.{about['hash']}.pf_meta")
        version, pages, chunks, filters, sorts, fields = meta
        fragments = [
            json.loads(unpacked(bundle / "fragment" / f"{h}.pf_fragment")) for h, _c in pages
        ]
        urls = [str(f["url"]) for f in fragments]
        assert len(set(urls)) == len(urls)
        assert [c for _h, c in pages] == [f["word_count"] for f in fragments]
        words = []
        for first, last, stem in chunks:
            (found,) = _read(bundle / "index" / f"{stem}.pf_index")
            words.append(
                [
                    first,
                    last,
                    [
                        [
                            word,
                            _located(located, urls, fields),
                            [[v, _located(p, urls, fields)] for v, p in sorted(variants)],
                        ]
                        for word, located, variants in found
                    ],
                ]
            )
        values = {}
        for name, stem in filters:
            filtered = _read(bundle / "filter" / f"{stem}.pf_filter")
            assert filtered[0] == name
            values[name] = {v: sorted(urls[p] for p in numbers) for v, numbers in filtered[1]}
        out["languages"][language] = {
            "version": version,
            "page_count": about["page_count"],
            "fragments": sorted(fragments, key=lambda f: str(f["url"])),
            "chunks": words,
            "filters": values,
            "sorts": sorts,
            "fields": sorted(fields),
        }
    return out
