"""The report of `claimkit import`: what was read, found, written and skipped, as text or JSON."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, TextIO

from claimkit.core.report import as_dict, text_line
from claimkit.importing.properties import KEPT, MAPPED, NOT_KEPT, Row
from claimkit.importing.result import ImportResult


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def report_text(result: ImportResult, out: TextIO) -> None:
    """The report for a reader: the diagnostics, then what was found and written, the labels
    with no class, and the type names read in another case or not imported."""
    for d in result.diagnostics:
        out.write(text_line(d) + "\n")
    verb = "would write" if result.dry_run else "wrote"
    out.write(
        f"Read {_plural(result.sources, 'file or page', 'files and pages')}: found "
        f"{_plural(result.reviews_found, 'ClaimReview')}, "
        f"{_plural(result.media_reviews_found, 'MediaReview')} and "
        f"{_plural(result.claims_found, 'Claim')} without a review.\n"
    )
    out.write(
        f"  {verb} {_plural(result.count('claim'), 'claim')} "
        f"({_plural(result.own_reviews, 'review')} by the site's publisher, "
        f"{_plural(result.external_reviews, 'review')} by other fact-checkers)\n"
    )
    kinds = [
        _plural(result.count(k), w, m)
        for k, w, m in (
            ("person", "person", "people"),
            ("organization", "organization", None),
            ("topic", "topic", None),
            ("article", "article", None),
        )
    ]
    out.write(f"  {verb} {_plural(result.count('media'), 'media record')}, {', '.join(kinds)}\n")
    out.write(
        f"  referred to {_plural(result.reused, 'existing record')}; "
        f"{_plural(result.unchanged, 'claim')} already imported and unchanged\n"
    )
    skipped = sum(1 for d in result.diagnostics if d.code != "import-filled")
    if skipped:
        out.write(
            f"  {_plural(skipped, 'problem')} listed above: each says what was skipped and why\n"
        )
    if result.merges:
        out.write("Descriptions taken as one record (use --no-merge to keep them apart):\n")
        for m in result.merges:
            out.write(f"  {m.kind} '{m.ident}' <- {m.described}: {m.reason}\n")
    if result.unplaced:
        out.write(
            "Rating labels with no clear class (recorded as ratingClass: other; place them "
            "under `classes:` in a --ratings file):\n"
        )
        for u in result.unplaced:
            langs = ", ".join(u.languages)
            out.write(f"  '{u.label}' from {u.publisher} ({langs})\n")
    if result.miscased:
        names = ", ".join(f"{k} as {v}" for k, v in result.miscased.items())
        out.write(f"Type names in another case were read as schema.org's: {names}\n")
    if result.other_types:
        names = ", ".join(f"{k} ({v})" for k, v in result.other_types.items())
        out.write(
            "Not imported on their own (people, organizations, topics and articles come in "
            f"when a claim refers to them): {names}\n"
        )
    _properties_text(result, out)
    for record in result.written if result.dry_run else []:
        out.write(f"  would write {record.path}\n")


def _properties_text(result: ImportResult, out: TextIO) -> None:
    """Per source, how many values were kept, mapped elsewhere and not kept (with the
    properties not kept); then the table over every source."""
    table = result.properties
    if not table.by_source:
        return
    out.write("What became of the sources' property values:\n")
    for source, counts in table.by_source.items():
        tally = {f: sum(n for row, n in counts.items() if row[2] == f) for f in _FATES}
        out.write(f"  {source}: " + ", ".join(f"{n:,} {f}" for f, n in tally.items()) + "\n")
        for (role, prop, fate, why), n in sorted(counts.items()):
            if fate == NOT_KEPT:
                out.write(f"    not kept: {role} {prop} ({n:,}): {why}\n")
    out.write("  In total:\n")
    for (role, prop, fate, where), n in sorted(table.total.items(), key=_row_order):
        arrow = "->" if fate != NOT_KEPT else "--"
        out.write(f"    {fate:<8} {n:>6,}  {role} {prop} {arrow} {where}\n")


_FATES = (KEPT, MAPPED, NOT_KEPT)


def _row_order(item: tuple[Row, int]) -> tuple[int, str, str]:
    (role, prop, fate, _), _ = item
    return _FATES.index(fate), role, prop


def _rows(counts: Counter[Row]) -> list[dict[str, Any]]:
    return [
        {
            "role": role,
            "property": prop,
            "fate": fate,
            ("why" if fate == NOT_KEPT else "to"): where,
            "count": n,
        }
        for (role, prop, fate, where), n in sorted(counts.items())
    ]


def report_json(result: ImportResult, out: TextIO) -> None:
    """The report for a program: the same as the text report, as one JSON object."""
    payload = {
        "dry_run": result.dry_run,
        "sources": result.sources,
        "found": {
            "claimreviews": result.reviews_found,
            "mediareviews": result.media_reviews_found,
            "claims": result.claims_found,
        },
        "written": [{"kind": w.kind, "id": w.ident, "path": str(w.path)} for w in result.written],
        "reviews": {"own": result.own_reviews, "external": result.external_reviews},
        "unchanged_claims": result.unchanged,
        "existing_records_referred_to": result.reused,
        "merges": [
            {"kind": m.kind, "id": m.ident, "reason": m.reason, "described": m.described}
            for m in result.merges
        ],
        "unplaced_labels": [
            {"label": u.label, "publisher": u.publisher, "languages": list(u.languages)}
            for u in result.unplaced
        ],
        "miscased_types": result.miscased,
        "other_types": result.other_types,
        "properties": {
            "total": _rows(result.properties.total),
            "by_source": {s: _rows(c) for s, c in result.properties.by_source.items()},
        },
        "diagnostics": [as_dict(d) for d in result.diagnostics],
    }
    out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
