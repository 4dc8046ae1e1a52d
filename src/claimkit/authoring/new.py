"""`claimkit new`: start a record with a unique id, its required fields, and placeholders."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from claimkit.authoring.field_paths import ScaffoldError
from claimkit.authoring.review_block import add_review
from claimkit.authoring.scaffold import ID_SOURCE, Ask, create
from claimkit.validation.schema_check import field_name

KINDS = ("article", "claim", "media", "organization", "person", "review", "topic")
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


# Shortcut flags: (flag, dest, field path, kinds it applies to, help).
_FLAGS: list[tuple[str, str, str, tuple[str, ...], str]] = [
    ("--name", "name", "name", ("person", "organization", "topic", "media"), "the name"),
    ("--headline", "headline", "headline", ("article",), "the article's headline"),
    ("--claim", "claim", "claimReviewed", ("claim",), "the claim in short, neutral words"),
    (
        "--claimant-person",
        "claimant_person",
        "claimants.0.person",
        ("claim",),
        "the id of the person who made the claim",
    ),
    (
        "--claimant-organization",
        "claimant_organization",
        "claimants.0.organization",
        ("claim",),
        "the id of the organization that made the claim",
    ),
    (
        "--claimant-unnamed",
        "claimant_unnamed",
        "claimants.0.unnamed",
        ("claim",),
        "an unnamed claimant, in words",
    ),
    (
        "--article",
        "article",
        "appearances.0.article",
        ("claim",),
        "the id of the article the claim appeared in",
    ),
    ("--type", "type", "type", ("article", "media"), "its type (media: video, image or audio)"),
    ("--url", "url", "url", ("article", "organization", "person"), "its URL"),
    ("--publisher", "publisher", "publisher", ("article",), "the publisher's organization id"),
    (
        "--date-published",
        "date_published",
        "datePublished",
        ("article",),
        "YYYY-MM-DD, or YYYY, YYYY-MM, or a date-time with its zone",
    ),
]


def _metavar(dest: str) -> str:
    if dest in ("url",):
        return "URL"
    if dest == "type":
        return "TYPE"
    if dest.startswith("date"):
        return "DATE"
    if dest in ("claimant_person", "claimant_organization", "article", "publisher"):
        return "ID"
    return "TEXT"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `claimkit new`."""
    parser.add_argument(
        "kind", choices=KINDS, help="the kind of record to start (review: add one to a claim)"
    )
    parser.add_argument(
        "claim_id", nargs="?", metavar="CLAIM_ID", help="for `new review`: the claim's id"
    )
    parser.add_argument(
        "--review",
        action="store_true",
        help="for `new claim`: add a review with placeholders too (asked at a terminal)",
    )
    shortcuts = parser.add_argument_group("fields")
    claimant = shortcuts.add_mutually_exclusive_group()
    for flag, dest, path, kinds, text in _FLAGS:
        group = claimant if dest.startswith("claimant_") else shortcuts
        group.add_argument(
            flag,
            dest=dest,
            metavar=_metavar(dest),
            help=f"{text} (sets {path}; {', '.join(kinds)})",
        )
    shortcuts.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="set any field, such as --set dateMade=2024-10-14 or --set "
        "appearances.0.url=https://... (repeat it for more; a list field without an index "
        "gets one item per --set)",
    )
    parser.add_argument(
        "--id", dest="ident", metavar="ID", help="the id to use instead of one made from the text"
    )
    parser.add_argument("--records", default="records", help="records folder (default: records/)")
    parser.add_argument("--schema", default="schema", help="schema folder (default: schema/)")
    parser.add_argument(
        "--no-input",
        action="store_true",
        help="never ask: write placeholders for what is missing, even at a terminal",
    )


def _asker(out: TextIO) -> Ask:
    def ask(prompt: str) -> str | None:
        out.write(prompt)
        out.flush()
        line = sys.stdin.readline()
        if not line:
            out.write("\n")
            return None
        return line.rstrip("\n")

    return ask


def _review(records: Path, claim_id: str, stdout: TextIO, stderr: TextIO, say_path: bool) -> None:
    """Add a review to the claim and say what to fill in."""
    added = add_review(records, claim_id)
    if say_path:
        stdout.write(f"{added.path.as_posix()}\n")
    names = ", ".join(field_name(p) for p in added.placeholders)
    stderr.write(
        f"Added reviews[{added.index}] to {added.path.as_posix()}; fill in its placeholders "
        f"({names}), then run `claimkit validate {added.path.as_posix()}`.\n"
    )


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """`claimkit new`: write the record, print its path; problems go to stderr with exit 2."""
    kind: str = args.kind
    given: list[tuple[str, str, str]] = []
    if kind == "review":
        return _run_review(args, stdout, stderr)
    if args.claim_id is not None:
        stderr.write(f"claimkit new: CLAIM_ID is for `new review`, not `new {kind}`\n")
        return EXIT_USAGE
    if args.review and kind != "claim":
        stderr.write(f"claimkit new: --review is for `new claim`, not `new {kind}`\n")
        return EXIT_USAGE
    try:
        for flag, dest, path, kinds, _text in _FLAGS:
            value = getattr(args, dest, None)
            if value is None:
                continue
            if kind not in kinds:
                raise ScaffoldError(
                    f"{flag} is for {' and '.join(kinds)} records, not {kind} records; "
                    "use --set FIELD=VALUE for other fields"
                )
            given.append((flag, path, value))
        for assignment in args.assignments:
            name, sep, value = assignment.partition("=")
            if not sep or not name.strip():
                raise ScaffoldError(
                    f"--set '{assignment}': write it as FIELD=VALUE, such as --set dateMade=2024-10-14"
                )
            given.append((f"--set {name.strip()}", name.strip(), value))
        interactive = not args.no_input and sys.stdin.isatty()
        if interactive:
            stderr.write(
                f"A new {kind}: answer each question, or press Enter to leave a <TODO> "
                "placeholder to fill in later.\n"
            )
        created = create(
            kind,
            given,
            Path(args.records),
            Path(args.schema),
            ident=args.ident,
            ask=_asker(stderr) if interactive else None,
            out=stderr,
        )
    except ScaffoldError as exc:
        stderr.write(f"claimkit new: {exc}\n")
        return EXIT_USAGE
    except OSError as exc:
        stderr.write(
            f"claimkit new: cannot write in {exc.filename or args.records}: {exc.strerror}; "
            "check that the folder exists and that you may write to it\n"
        )
        return EXIT_PROBLEMS
    stdout.write(f"{created.path.as_posix()}\n")
    review = args.review or (
        interactive
        and kind == "claim"
        and (_asker(stderr)("Add a review of it now? [y/N] ") or "").strip().lower() in ("y", "yes")
    )
    if review:
        try:
            _review(Path(args.records), created.ident, stdout, stderr, say_path=False)
        except ScaffoldError as exc:
            stderr.write(f"claimkit new: {exc}\n")
            return EXIT_USAGE
    if not created.from_text:
        stderr.write(
            f"The id is {created.ident} because no {ID_SOURCE[kind]} was given; when you fill it "
            "in, rename the file and set its id to match (a lowercase slug of it).\n"
        )
    if created.placeholders:
        names = ", ".join(field_name(p) for p in created.placeholders)
        stderr.write(
            f"Fill in the placeholders ({names}), then run "
            f"`claimkit validate {created.path.as_posix()}`.\n"
        )
    schema_file = Path(args.schema) / f"{kind}.schema.json"
    if not schema_file.exists():
        stderr.write(
            f"Note: {schema_file} does not exist, so editors cannot check the record yet; "
            "run `claimkit schema` to write it.\n"
        )
    return EXIT_OK


def _run_review(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """`claimkit new review CLAIM_ID`."""
    if not args.claim_id:
        stderr.write(
            "claimkit new: `new review` needs the claim's id, such as "
            "`claimkit new review port-budget-doubled`\n"
        )
        return EXIT_USAGE
    try:
        _review(Path(args.records), args.claim_id, stdout, stderr, say_path=True)
    except ScaffoldError as exc:
        stderr.write(f"claimkit new: {exc}\n")
        return EXIT_USAGE
    except OSError as exc:
        stderr.write(f"claimkit new: cannot write {exc.filename}: {exc.strerror}\n")
        return EXIT_PROBLEMS
    return EXIT_OK
