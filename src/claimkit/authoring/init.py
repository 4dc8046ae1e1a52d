"""`claimkit init`: a new publication of its own (settings, record folders, the desk's pages,
workflows, schemas, pins), from the starter files shipped in the package; `--upgrade` rewrites
the pins and schemas of an existing one after claimkit is upgraded."""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template
from typing import TextIO

from claimkit import __version__
from claimkit.core.ids import slugify
from claimkit.core.kinds import KIND_FOLDERS
from claimkit.core.model_base import LANGUAGE_PATTERN, SITE_URL_PATTERN
from claimkit.core.site_versions import CONSTRAINTS_FILE, constraints_text
from claimkit.records.canonical import format_text
from claimkit.validation.part_checks import known_language
from claimkit.validation.run import validate_paths
from claimkit.validation.schema import write_schemas

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
MAX_NAME = 200
# Starter file -> where it goes in the publication; texts are templates (string.Template).
STARTER_FILES = {
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "records/site.yaml": "records/site.yaml",
    "records/organizations/publisher.yaml": "records/organizations/${publisher}.yaml",
    "docs/about.md": "docs/about.md",
    "docs/how-we-work.md": "docs/how-we-work.md",
    "docs/corrections.md": "docs/corrections.md",
    "docs/contributing.md": "docs/contributing.md",
}
# Copied as they are (GitHub's `${{ }}` expressions are no template fields).
VERBATIM_FILES = {
    "workflows/pull-request.yml": ".github/workflows/pull-request.yml",
    "workflows/publish.yml": ".github/workflows/publish.yml",
}
EXAMPLE_FILES = {
    "example/people/example-editor.yaml": "records/people/example-editor.yaml",
    "example/claims/example-moon-cheese.yaml": "records/claims/example-moon-cheese.yaml",
}
REQUIREMENTS_FILE = "requirements.txt"
_PIN = re.compile(r"claimkit==[A-Za-z0-9.+!_-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class InitError(Exception):
    """A problem with what `init` was given: `where` (an option or the folder), a message and
    its code; nothing has been written."""

    def __init__(self, where: str, code: str, message: str) -> None:
        super().__init__(message)
        self.where, self.code, self.message = where, code, message

    def line(self) -> str:
        """The problem as claimkit prints it: `where: error: message [code]`."""
        return f"{self.where}: error: {self.message} [{self.code}]"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `claimkit init`; the command's handler is `main`."""
    parser.description = (
        "Write a new publication into DIR: records/ (site.yaml with the rating scale and the "
        "publisher, a folder per kind), docs/ (about, how we work, corrections, contributing), "
        "schema/, GitHub workflows, pre-commit hooks, requirements.txt and constraints.txt "
        "pinned to this claimkit, a README and .gitignore. With --upgrade, rewrite only the "
        "pins and schemas of the publication in DIR."
    )
    parser.add_argument("dir", metavar="DIR", help="the publication's folder (new or empty)")
    parser.add_argument("--name", help="the publication's name, e.g. 'Harbour Check'")
    parser.add_argument("--url", help="the address it is published at, e.g. https://x.example/")
    parser.add_argument("--language", default="en", help="its BCP 47 language tag (default: en)")
    parser.add_argument("--example", action="store_true", help="add an example claim with a review")
    parser.add_argument(
        "--force", action="store_true", help="write into a folder that is not empty"
    )
    parser.add_argument(
        "--upgrade",
        action="store_true",
        help="rewrite constraints.txt, schema/ and the claimkit pins (requirements.txt, "
        ".pre-commit-config.yaml) of the publication in DIR for this claimkit; leave records "
        "and pages alone",
    )
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    """Run `claimkit init` with parsed arguments; print what was written."""
    return run(args, sys.stdout, sys.stderr)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`claimkit init`, writing to `out` and `err`; the exit code."""
    target = Path(args.dir)
    try:
        if args.upgrade:
            written = upgrade(target)
            print(f"updated {', '.join(written)} in {target}/ for claimkit {__version__}", file=out)
            return EXIT_OK
        name, url, language = check_options(args.name, args.url, args.language)
        create(target, name, url, language, example=args.example, force=args.force)
    except InitError as exc:
        print(exc.line(), file=err)
        print("claimkit: nothing was written", file=err)
        return EXIT_USAGE
    except OSError as exc:  # a folder where a file goes, no room, no permission
        print(f"{target}: error: could not write the publication: {exc}", file=err)
        return EXIT_PROBLEMS
    print(f"wrote a new publication into {target}/", file=out)
    print(f"next: cd {target} && claimkit build && claimkit serve", file=out)
    return EXIT_OK


def check_options(name: str | None, url: str | None, language: str) -> tuple[str, str, str]:
    """The name, URL and language tag, or InitError saying what is wrong with one."""
    if name is None or not name.strip():
        raise InitError("--name", "init-name-invalid", "give the publication's name")
    name = unicodedata.normalize("NFC", name.strip())
    if _CONTROL.search(name):
        raise InitError(
            "--name", "init-name-invalid", "the name has a line break or control character"
        )
    if len(name) > MAX_NAME:
        raise InitError(
            "--name", "init-name-invalid", f"the name is over {MAX_NAME} characters long"
        )
    if not slugify(name):
        raise InitError(
            "--name", "init-name-invalid", "the name needs a letter or digit from a-z or 0-9"
        )
    if url is None or not re.match(SITE_URL_PATTERN, url):
        raise InitError(
            "--url",
            "init-url-invalid",
            f"{url!r} is not an absolute http(s) address without ? or #, "
            "e.g. https://factcheck.example.org/"
            if url is not None
            else "give the address the site is published at, e.g. https://factcheck.example.org/",
        )
    if not url.endswith("/"):
        url += "/"
    if not re.match(LANGUAGE_PATTERN, language) or not known_language(language):
        raise InitError(
            "--language",
            "init-language-invalid",
            f"{language!r} is not a BCP 47 language tag in the registry, e.g. en, es, pt-BR",
        )
    return name, url, language


def _starter() -> Traversable:
    return resources.files("claimkit.authoring") / "starter"


def _markdown_text(text: str) -> str:
    """Text for a Markdown page: HTML escaped, Markdown's punctuation taken literally."""
    return re.sub(r"([\\`*_\[\]#|!{}])", r"\\\1", html.escape(text, quote=False))


def planned_files(
    name: str, url: str, language: str, *, example: bool
) -> Iterator[tuple[str, str]]:
    """Every file `init` writes except the schemas, as (path in the publication, text)."""
    publisher = slugify(name)
    fields = {
        "name": _markdown_text(name),
        "url": url,
        "version": __version__,
        "publisher": publisher,
        # JSON strings are YAML's double-quoted scalars: any name is safe in a record.
        "name_json": json.dumps(name, ensure_ascii=False),
        "url_json": json.dumps(url),
        "description_json": json.dumps(f"Fact-checks by {name}.", ensure_ascii=False),
        "language_json": json.dumps(language),
        "publisher_json": publisher,
    }
    starter = _starter()
    templated = {**STARTER_FILES, **(EXAMPLE_FILES if example else {})}
    for source, dest in templated.items():
        text = Template((starter / source).read_text(encoding="utf-8")).safe_substitute(fields)
        dest = Template(dest).substitute(fields)
        if dest.startswith("records/"):  # in the layout `claimkit fmt` keeps
            folder = dest.split("/")[1]
            text = format_text(
                text, dest, "site" if folder == "site.yaml" else KIND_FOLDERS[folder]
            )
        yield dest, text
    for source, dest in VERBATIM_FILES.items():
        yield dest, (starter / source).read_text(encoding="utf-8")
    yield REQUIREMENTS_FILE, requirements_text()
    yield CONSTRAINTS_FILE, constraints_text(__version__)
    for folder in KIND_FOLDERS:
        if not any(path.startswith(f"records/{folder}/") for path in [*templated.values()]):
            yield f"records/{folder}/.gitkeep", ""


def requirements_text() -> str:
    """requirements.txt of a publication: the claimkit release it is built with."""
    return (
        "# The claimkit release this publication is built with; install with\n"
        "# `pip install -c constraints.txt -r requirements.txt`.\n"
        f"claimkit=={__version__}\n"
    )


def create(
    target: Path, name: str, url: str, language: str, *, example: bool, force: bool
) -> list[str]:
    """Write the publication into `target` (made in a folder beside it, then moved in, so that
    a failure leaves nothing half-written); the paths written."""
    if target.exists() and not target.is_dir():
        raise InitError(str(target), "init-folder-not-empty", "is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise InitError(
            str(target),
            "init-folder-not-empty",
            "the folder is not empty; choose a new folder, or add --force to write the "
            "publication's files into it (files of the same names are replaced)",
        )
    files = dict(planned_files(name, url, language, example=example))
    # Staged inside the folder when it exists (its parent may not be writable), else beside it.
    parent = target if target.is_dir() else target.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".claimkit-init-", dir=parent) as tmp:
        stage = Path(tmp) / "publication"
        for rel, text in files.items():
            path = stage / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        write_schemas(stage / "schema")
        result = validate_paths([stage / "records"], use_cache=False)
        if result.errors:  # the starter files are held valid by the tests: a name or URL
            first = next(d for d in result.diagnostics if d.severity.value == "error")
            raise InitError(
                "--name", "init-name-invalid", f"the settings would not validate: {first.message}"
            )
        written = sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.is_file())
        if not target.exists():
            stage.rename(target)
        else:
            _move_into(stage, target)
    return written


def _move_into(stage: Path, target: Path) -> None:
    """Move the staged files into `target`, replacing files of the same names; refused before
    anything moves when a file stands where a folder goes or a folder where a file goes."""
    staged = sorted(stage.rglob("*"))
    for source in staged:
        dest = target / source.relative_to(stage)
        if dest.is_symlink() or not dest.exists():
            continue
        if source.is_dir() != dest.is_dir():
            rel = source.relative_to(stage).as_posix()
            what = "a file where a folder goes" if source.is_dir() else "a folder where a file goes"
            raise InitError(
                str(target), "init-folder-not-empty", f"{rel} is {what}; move it and try again"
            )
    for source in staged:
        dest = target / source.relative_to(stage)
        if source.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
        else:
            source.replace(dest)


def upgrade(target: Path) -> list[str]:
    """Rewrite the pins and the schemas of the publication in `target`; the files named."""
    if not (target / "records" / "site.yaml").is_file():
        raise InitError(
            str(target), "init-not-a-publication", "has no records/site.yaml: is it a publication?"
        )
    (target / CONSTRAINTS_FILE).write_text(constraints_text(__version__), encoding="utf-8")
    written = [CONSTRAINTS_FILE]
    requirements = target / REQUIREMENTS_FILE
    if not requirements.is_file():
        requirements.write_text(requirements_text(), encoding="utf-8")
        written.append(REQUIREMENTS_FILE)
    # The claimkit pins move to this version; a requirement that is no pin (this repository's
    # `.`, a git URL) is left as it is.
    for name in (REQUIREMENTS_FILE, ".pre-commit-config.yaml"):
        path = target / name
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if _PIN.search(text):
            path.write_text(_PIN.sub(f"claimkit=={__version__}", text), encoding="utf-8")
            written.append(name)
    write_schemas(target / "schema")
    return [*dict.fromkeys([*written, "schema/"])]
