"""The `claimkit` command line: one subcommand per job, each returning an exit code."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from claimkit import __version__
from claimkit.core.collector import collector_off
from claimkit.core.limits import number_up_to
from claimkit.core.progress import Progress, use
from claimkit.core.report import REPORTERS, VALID_RECORD, summary_line
from claimkit.validation.survey import survey

# The site build (mkdocs, the theme), the dumps and the models (pydantic) are imported by the
# commands that use them, so that `claimkit validate` starts quickly.

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
DEFAULT_RECORDS = Path("records")
DEFAULT_SCHEMA_DIR = Path("schema")


def _cmd_validate(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [DEFAULT_RECORDS]
    if args.changed is not None:
        from claimkit.validation.changed import ChangedError, select

        try:
            selection = select(paths, args.changed or None)
        except ChangedError as exc:
            print(f"claimkit: {exc}", file=sys.stderr)
            return EXIT_USAGE
        print(selection.note, file=sys.stderr)
        paths = selection.paths
    with (
        use(Progress(sys.stderr)),
        collector_off(),
        survey(paths, models=False, use_cache=not args.no_cache) as found,
    ):
        result = found.answer()
        if result is None:  # something changed: only now import the checks and the models
            from claimkit.validation.run import complete

            result = complete(found)
    summary = summary_line(
        result.files, result.records, result.errors, result.warnings, noun=VALID_RECORD
    )
    REPORTERS[args.format](result.diagnostics, summary, sys.stdout)
    if any(d.code == "path-not-found" for d in result.diagnostics):
        return EXIT_USAGE
    return EXIT_PROBLEMS if result.errors else EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from claimkit.claimreview.check import check_paths, relaxed_note
    from claimkit.claimreview.profiles import apply_profile

    result = apply_profile(check_paths([Path(p) for p in args.paths], args.page_url), args.profile)
    summary = summary_line(
        result.files, result.reviews, result.errors, result.warnings, noun="ClaimReview"
    )
    REPORTERS[args.format](result.diagnostics, summary, sys.stdout)
    if result.relaxed:
        print(relaxed_note(result.relaxed), file=sys.stderr)
    if any(d.code == "path-not-found" for d in result.diagnostics):
        return EXIT_USAGE
    return EXIT_PROBLEMS if result.errors else EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from claimkit.core.output import OutputError
    from claimkit.exporting.incremental import RecordsInvalid, export_records
    from claimkit.linked_data.parts import said

    def say(line: str) -> None:
        print(line, file=sys.stderr)

    with use(Progress(sys.stderr)):
        try:
            done = export_records(
                Path(args.records), Path(args.output), use_cache=not args.no_cache, say=say
            )
        except (RecordsInvalid, ValueError, OutputError) as exc:
            if isinstance(exc, RecordsInvalid):
                found = exc.result
                summary = summary_line(
                    found.files, found.records, found.errors, found.warnings, noun=VALID_RECORD
                )
                REPORTERS["text"](found.diagnostics, summary, sys.stderr)
            print(f"claimkit: export stopped, nothing was written: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
    names = said([p.name for p in done.written])
    how = "" if done.how == "full" else f"; {done.how}, the rest copied"
    print(f"wrote {names} to {args.output}/ ({done.claims} claims{how})")
    return EXIT_OK


def _cmd_build(args: argparse.Namespace) -> int:
    from claimkit.site.build import BuildError, Options, build

    out = Path(args.output)
    docs = Path(args.docs)
    options = Options(incremental=args.incremental)
    try:
        with use(Progress(sys.stderr)):
            result = build(Path(args.records), out, docs if docs.is_dir() else None, print, options)
    except BuildError as exc:
        if exc.diagnostics:
            errors = sum(1 for d in exc.diagnostics if d.severity.value == "error")
            files, records = exc.counts
            summary = summary_line(
                files, records, errors, len(exc.diagnostics) - errors, noun=VALID_RECORD
            )
            REPORTERS["text"](exc.diagnostics, summary, sys.stderr)
        print(
            f"claimkit: build failed at the {exc.step} step: {exc.message}; "
            f"{out}/site was left as it was",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(
        f"built {result.pages} pages for {result.claims} claims into {result.site}/ "
        f"and the dumps into {result.data}/ in {result.timings['total']:.1f} s"
    )
    print(f"steps: {result.steps()}")
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    from claimkit.site.serve import serve

    docs = Path(args.docs) if Path(args.docs).is_dir() else None
    serve(Path(args.records), Path(args.output), docs, args.host, args.port)
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from claimkit.validation.schema import stale_schemas, write_schemas

    folder = Path(args.output)
    if args.check:
        stale = stale_schemas(folder)
        for path in stale:
            print(f"{path}: out of date; run `claimkit schema` and commit the result")
        return EXIT_PROBLEMS if stale else EXIT_OK
    changed = write_schemas(folder)
    print(
        f"wrote {len(changed)} schema file(s) to {folder}/"
        if changed
        else f"{folder}/ is up to date"
    )
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    from claimkit.authoring.new import run

    return run(args, sys.stdout, sys.stderr)


def _cmd_fmt(args: argparse.Namespace) -> int:
    from claimkit.authoring.fmt import run

    paths = [Path(p) for p in args.paths] or [DEFAULT_RECORDS]
    return run(paths, check=args.check, out=sys.stdout, diff=args.diff)


def _cmd_migrate(args: argparse.Namespace) -> int:
    from claimkit.authoring.migrate import run

    return run([Path(p) for p in args.paths] or [DEFAULT_RECORDS], check=args.check, out=sys.stdout)


def _cmd_import(args: argparse.Namespace) -> int:
    from claimkit.importing.addresses import AddressPolicy
    from claimkit.importing.report import report_json, report_text
    from claimkit.importing.run import import_sources

    progress = Progress(sys.stderr, quiet=args.quiet)
    with use(progress):
        result = import_sources(
            args.sources,
            Path(args.records),
            on_conflict=args.on_conflict,
            merge=not args.no_merge,
            ratings=Path(args.ratings) if args.ratings else None,
            dry_run=args.dry_run,
            timeout=args.timeout,
            max_bytes=int(args.max_size * 1024 * 1024),
            schema_dir=Path(args.schema),
            progress=progress,
            policy=AddressPolicy(allow_private=args.allow_private),
        )
    (report_json if args.format == "json" else report_text)(result, sys.stdout)
    if any(d.code == "path-not-found" for d in result.diagnostics):
        return EXIT_USAGE
    return EXIT_PROBLEMS if result.errors else EXIT_OK


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    from claimkit.claimreview.profiles import add_arguments

    add_arguments(parser)


class _Parser(argparse.ArgumentParser):
    """A parser whose arguments may be added only when it is used (`fill`): those of `new` come
    from the models, which other commands need not import."""

    def __init__(
        self,
        *args: Any,
        fill: Callable[[argparse.ArgumentParser], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._fill = fill

    def _filled(self) -> None:
        if self._fill is not None:
            fill, self._fill = self._fill, None
            fill(self)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        self._filled()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self._filled()
        return super().format_usage()

    def format_help(self) -> str:
        self._filled()
        return super().format_help()


def _new_arguments(parser: argparse.ArgumentParser) -> None:
    from claimkit.authoring.new import add_arguments

    add_arguments(parser)


def _init_arguments(parser: argparse.ArgumentParser) -> None:
    from claimkit.authoring.init import add_arguments

    add_arguments(parser)


def build_parser() -> argparse.ArgumentParser:
    """The parser of the whole command line: each subcommand sets the `handler` that runs it."""
    parser = _Parser(
        prog="claimkit",
        description="Validate fact-check records, export them as linked data, publish them as a site.",
    )
    parser.add_argument("--version", action="version", version=f"claimkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = sub.add_parser(
        "validate",
        help="check records against the schema and against each other",
        description="Check records against their JSON Schema and across records. "
        "Exit 0 when there are no errors, 1 when there are, 2 on a usage error.",
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="record files or folders (default: records/)"
    )
    validate.add_argument(
        "--format", choices=sorted(REPORTERS), default="text", help="output format (default: text)"
    )
    validate.add_argument(
        "--no-cache",
        action="store_true",
        help="check every file afresh instead of reusing results for unchanged files",
    )
    validate.add_argument(
        "--changed",
        nargs="?",
        const="",
        metavar="BASE",
        help="check only the files changed since the git commit BASE (default: the merge base "
        "with main), with every record as context; write --changed=BASE before paths",
    )
    validate.set_defaults(handler=_cmd_validate)

    check = sub.add_parser(
        "check",
        help="check ClaimReview JSON-LD in pages and files against the rules of who reads it",
        description="Check the ClaimReview JSON-LD in HTML pages, JSON-LD files and folders "
        "(default: build/site/*.html, else build/data/feed.json) against the rules of one "
        "reader of the markup (--profile; see toolkit-docs/check.md). Exit 0 when there are "
        "no errors, 1 when there are, 2 on a usage error.",
        fill=_check_arguments,
    )
    check.set_defaults(handler=_cmd_check)

    export = sub.add_parser(
        "export",
        help="write the data dumps (JSON-LD, Turtle, N-Triples, DataFeed)",
        description="Validate the records, then write claims.jsonld, claims.ttl, claims.nt and "
        "feed.json (a publication of 8,192 pages or more: each in numbered parts, "
        "claims-0001.nt and on).",
    )
    export.add_argument("--records", default=str(DEFAULT_RECORDS), help="records folder")
    export.add_argument("--output", default="build/data", help="folder (default: build/data/)")
    export.add_argument(
        "--no-cache",
        action="store_true",
        help="a full export: no cache read or written (by default, pages whose records did not "
        "change are copied from the last export's dumps)",
    )
    export.set_defaults(handler=_cmd_export)

    build_cmd = sub.add_parser(
        "build",
        help="validate, write the dumps and build the site",
        description="Validate the records, write the dumps, generate the pages and build the "
        "site with mkdocs into build/site/. When a step fails, the previous build is kept.",
    )
    build_cmd.add_argument("--records", default=str(DEFAULT_RECORDS), help="records folder")
    build_cmd.add_argument("--docs", default="docs", help="hand-written pages (default: docs/)")
    build_cmd.add_argument("--output", default="build", help="output folder (default: build/)")
    build_cmd.add_argument(
        "--incremental",
        action="store_true",
        help="render only the pages whose sources changed since the published build and take "
        "the others from it (the same bytes as a full build; everything is rendered, with the "
        "reason said, when the theme, site settings, navigation or claimkit changed)",
    )
    build_cmd.set_defaults(handler=_cmd_build)

    serve_cmd = sub.add_parser(
        "serve",
        help="build, serve the site locally and rebuild on every change",
        description="Build the site, serve it on localhost, and rebuild when a record or a "
        "doc changes, making and rendering only the pages the change touches (the search "
        "index stays the first build's). A failed rebuild keeps the last good site.",
    )
    serve_cmd.add_argument("--records", default=str(DEFAULT_RECORDS), help="records folder")
    serve_cmd.add_argument("--docs", default="docs", help="hand-written pages (default: docs/)")
    serve_cmd.add_argument("--output", default="build", help="output folder (default: build/)")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve_cmd.set_defaults(handler=_cmd_serve)

    schema = sub.add_parser(
        "schema",
        help="write the JSON Schemas generated from the data model",
        description="Write schema/<kind>.schema.json from the data model, or check they are current.",
    )
    schema.add_argument(
        "--output", default=str(DEFAULT_SCHEMA_DIR), help="folder (default: schema/)"
    )
    schema.add_argument("--check", action="store_true", help="exit 1 if the files are out of date")
    schema.set_defaults(handler=_cmd_schema)

    sub.add_parser("init", help="start a publication of your own", fill=_init_arguments)
    new_cmd = sub.add_parser(
        "new",
        help="start a record with a unique id, its required fields and placeholders",
        description="Write records/<kind>/<id>.yaml with an id made from the name, headline or "
        "claim, the required fields from the options (asked for at a terminal) and "
        "<TODO: field> placeholders for the rest. Prints the path written.",
        fill=_new_arguments,
    )
    new_cmd.set_defaults(handler=_cmd_new)

    fmt_cmd = sub.add_parser(
        "fmt",
        help="lay out records in the canonical layout, keeping their data and comments",
        description="Rewrite records with fields in schema order, quotes only where a YAML "
        "reader could misread a value, long text folded at 96 columns, and comments kept. "
        "With --check, list the files that would change and exit 1 if there are any; with "
        "--diff, print the changes as a unified diff.",
    )
    fmt_cmd.add_argument(
        "paths", nargs="*", metavar="PATH", help="record files or folders (default: records/)"
    )
    fmt_cmd.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a file would change"
    )
    fmt_cmd.add_argument("--diff", action="store_true", help="print each change as a unified diff")
    fmt_cmd.set_defaults(handler=_cmd_fmt)

    migrate_cmd = sub.add_parser(
        "migrate",
        help="rewrite records of the old layout (claimant, archiveUrl) in the current one",
        description="Rewrite records in place: a claim's `claimant: X` becomes `claimants: [X]`, "
        "an `archiveUrl: U` becomes `archivedAt: [U]` (merged with an archivedAt already there). "
        "Files are laid out as fmt does, with their comments kept; files in the current layout "
        "are left as they are. With --check, list the files that need it and exit 1 if any do.",
    )
    migrate_cmd.add_argument(
        "paths", nargs="*", metavar="PATH", help="record files or folders (default: records/)"
    )
    migrate_cmd.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a file needs migrating"
    )
    migrate_cmd.set_defaults(handler=_cmd_migrate)

    import_cmd = sub.add_parser(
        "import",
        help="turn ClaimReview markup (pages, JSON-LD files, feeds, URLs) into records",
        description="Read ClaimReview JSON-LD from HTML pages, JSON-LD files, DataFeeds, folders "
        "of those, or http(s) URLs (public addresses only); write claim records with their "
        "reviews and the people, organizations, topics and articles they name, all or none, "
        "never changing a record. Reports what was imported and skipped and why. Exit 0 when "
        "nothing failed, 1 when something did, 2 on a usage error.",
    )
    import_cmd.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="files, folders or http(s) URLs"
    )
    import_cmd.add_argument("--records", default=str(DEFAULT_RECORDS), help="records folder")
    import_cmd.add_argument(
        "--schema",
        default=str(DEFAULT_SCHEMA_DIR),
        help="schema folder the records' $schema comments point to (default: schema/)",
    )
    import_cmd.add_argument(
        "--on-conflict",
        choices=("skip", "rename"),
        default="skip",
        help="when an imported record's id belongs to a different record: skip it (default), "
        "or import it under the next free id",
    )
    import_cmd.add_argument(
        "--no-merge",
        action="store_true",
        help="keep every person, organization, topic and article the sources describe apart, "
        "unless they share an @id (by default the same url, or the same name where urls and "
        "@ids do not disagree, make one record; the report lists each merge)",
    )
    import_cmd.add_argument(
        "--ratings",
        metavar="FILE",
        help="YAML file mapping the site's own past labels onto its scale (`scale:`) and "
        "other labels onto a class (`classes:`)",
    )
    import_cmd.add_argument(
        "--dry-run", action="store_true", help="report what would be written; write nothing"
    )
    import_cmd.add_argument(
        "--quiet",
        action="store_true",
        help="no progress on stderr (bars on a terminal, else one line per stage)",
    )
    import_cmd.add_argument(
        "--timeout",
        type=number_up_to(600, "a number of seconds"),
        default=20.0,
        metavar="SECONDS",
        help="give up on a URL after this long in all, redirects included (default: 20)",
    )
    import_cmd.add_argument(
        "--allow-private",
        action="store_true",
        help="also fetch loopback, private, link-local and other internal addresses",
    )
    import_cmd.add_argument(
        "--max-size",
        type=number_up_to(4096, "a size in MiB"),
        default=64,
        metavar="MIB",
        help="the largest file or page read, in MiB (default: 64)",
    )
    import_cmd.add_argument(
        "--format", choices=("text", "json"), default="text", help="report format (default: text)"
    )
    import_cmd.set_defaults(handler=_cmd_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `claimkit` with these arguments (by default the process's own) and return its exit
    code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("claimkit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`claimkit ... | head`): stop quietly, as
        # command-line tools do, without a second error when Python flushes stdout on exit.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
