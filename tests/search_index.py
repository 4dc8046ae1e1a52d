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
