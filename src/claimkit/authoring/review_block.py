"""`claimkit new review CLAIM_ID`: add a review with placeholders to an existing claim record,
its comments and the rest of its data kept.

The file is read as `claimkit fmt` reads it (the comments tied to their entries), the review is
added to its `reviews`, and the record is written in fmt's layout (ruamel.yaml's round-trip
writer, as fmt writes it), checked to hold the same data plus the review. A comment above the
review lists the labels of the site's scale; every value to write is a `<TODO: ...>`
placeholder, which `claimkit validate` refuses until it is filled in.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimkit.authoring.field_paths import ScaffoldError
from claimkit.authoring.fmt import write_atomic
from claimkit.authoring.scaffold import placeholder
from claimkit.core.models import Claim
from claimkit.core.nearmiss import near_miss
from claimkit.records.canonical import format_yaml, same_data
from claimkit.records.comments import attach_comments
from claimkit.records.load import JsonPath, LoadError, load_file, parse_text

# The fields a new review is written with, in the order a record lists them.
REVIEW_FIELDS = ("rating", "summary", "explanation", "datePublished", "authors", "sources")


@dataclass
class AddedReview:
    """The review `new review` added."""

    path: Path
    index: int
    placeholders: list[JsonPath]


def claim_file(records: Path, claim_id: str) -> Path:
    """The YAML file of the claim `claim_id`, or ScaffoldError saying what to do instead."""
    folder = records / "claims"
    for suffix in (".yaml", ".yml"):
        if (folder / f"{claim_id}{suffix}").is_file():
            return folder / f"{claim_id}{suffix}"
    if (folder / f"{claim_id}.json").is_file():
        raise ScaffoldError(
            f"{folder / claim_id}.json is a JSON record; `new review` writes YAML only: add the "
            "review to its reviews list by hand"
        )
    known = sorted(p.stem for p in folder.glob("*.y*ml")) if folder.is_dir() else []
    hint = near_miss(claim_id, known)
    create = 'create it with `claimkit new claim --claim "..." --review`'
    raise ScaffoldError(
        f"there is no claim '{claim_id}' in {folder}/"
        + (f"; did you mean '{hint}'?" if hint else f"; {create}")
    )


def scale_labels(records: Path) -> list[str]:
    """The labels of the site's scale, then those off it; none when site.yaml cannot be read
    (validate then says why)."""
    for name in ("site.yaml", "site.yml"):
        try:
            data = load_file(records / name, name).data
        except (LoadError, OSError):
            continue
        scale = data.get("scale") if isinstance(data, dict) else None
        if not isinstance(scale, dict):
            return []
        entries = [*(scale.get("labels") or []), *(scale.get("offScale") or [])]
        return [str(e["label"]) for e in entries if isinstance(e, dict) and "label" in e]
    return []


def _comment(labels: list[str], index: int) -> list[str]:
    text = (
        f"reviews[{index}]: fill in each placeholder. rating is one of: "
        + (", ".join(labels) if labels else "the labels of the scale in site.yaml")
        + ". authors are person ids; list every source the review relies on (an article "
        "record, or a name, publisher and date; a url only if you have opened it)."
    )
    return [f"# {line}" for line in textwrap.wrap(text, width=80, break_on_hyphens=False)]


def add_review(records: Path, claim_id: str) -> AddedReview:
    """Add a review with placeholders to the claim `claim_id`'s record and write it back."""
    path = claim_file(records, claim_id)
    text = path.read_text(encoding="utf-8")
    display = path.as_posix()
    try:
        doc = parse_text(text, display)
    except LoadError as exc:
        d = exc.diagnostic
        raise ScaffoldError(
            f"{d.path}:{d.position.line}:{d.position.column}: {d.message}; fix the file first"
        ) from None
    data: Any = doc.data
    if not isinstance(data, dict) or ("reviews" in data and not isinstance(data["reviews"], list)):
        raise ScaffoldError(f"{display} is not a claim record with a reviews list; fix it first")
    before = parse_text(text, display).data
    reviews: list[Any] = data.setdefault("reviews", [])
    index = len(reviews)
    base: JsonPath = ("reviews", index)
    holes: list[JsonPath] = []

    def hole(path: JsonPath) -> str:
        holes.append(path)
        return placeholder(path)

    if not data.get("dateMade"):
        data["dateMade"] = hole(("dateMade",))  # a reviewed claim's date is published
    reviews.append(
        {
            "rating": hole((*base, "rating")),
            "summary": hole((*base, "summary")),
            "explanation": hole((*base, "explanation")),
            "datePublished": hole((*base, "datePublished")),
            "authors": [hole((*base, "authors", 0))],
            "sources": [{"name": hole((*base, "sources", 0, "name"))}],
        }
    )
    comments = attach_comments(text, doc.positions, doc.key_positions)
    comments.before.setdefault(base, []).extend(_comment(scale_labels(records), index))
    result = format_yaml(data, Claim, comments)
    again = parse_text(result, display).data
    expected = {**before, "dateMade": data["dateMade"], "reviews": reviews}
    if not same_data(again, expected):  # pragma: no cover - format_yaml keeps data
        raise ScaffoldError(f"the review could not be added to {display} without changing it")
    write_atomic(path, result)
    return AddedReview(path, index, holes)
