"""The report of `claimkit import`: what was read, found, written and skipped, as text or JSON."""

from __future__ import annotations

import json
from typing import TextIO

from claimkit.core.report import as_dict, text_line
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
    for record in result.written if result.dry_run else []:
        out.write(f"  would write {record.path}\n")


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
        "diagnostics": [as_dict(d) for d in result.diagnostics],
    }
    out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
