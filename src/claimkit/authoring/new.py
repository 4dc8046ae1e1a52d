"""`claimkit new`: start a record with a unique id, its required fields, and placeholders."""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import re
import sys
import textwrap
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import pydantic
from pydantic import BaseModel

from claimkit.core.ids import candidate_ids, slugify
from claimkit.core.model_types import allowed_types, enums_in, field_type, list_item, models_in
from claimkit.core.models import FOLDER_OF_KIND, KIND_MODELS, SLUG_PATTERN, URL_PATTERN
from claimkit.records.canonical import Comments, FormatError, format_text, format_yaml
from claimkit.records.load import RECORD_SUFFIXES, JsonPath
from claimkit.validation.record_checks import reserved
from claimkit.validation.schema import schema_comment
from claimkit.validation.schema_check import PLACEHOLDER, field_name, suggest

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

# The layout code (ruamel.yaml) is imported when a record is written, so that building the
# command line stays quick.

KINDS = ("article", "claim", "organization", "person", "topic")
# The field a new record's id is made from.
ID_SOURCE = {
    "article": "headline",
    "claim": "claimReviewed",
    "organization": "name",
    "person": "name",
    "topic": "name",
}
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

Ask = Callable[[str], str | None]


class ScaffoldError(Exception):
    """A request `new` cannot carry out; the message says what to change."""


# Shortcut flags: (flag, dest, field path, kinds it applies to, help).
_FLAGS: list[tuple[str, str, str, tuple[str, ...], str]] = [
    ("--name", "name", "name", ("person", "organization", "topic"), "the name"),
    ("--headline", "headline", "headline", ("article",), "the article's headline"),
    ("--claim", "claim", "claimReviewed", ("claim",), "the claim in short, neutral words"),
    (
        "--claimant-person",
        "claimant_person",
        "claimant.person",
        ("claim",),
        "the id of the person who made the claim",
    ),
    (
        "--claimant-organization",
        "claimant_organization",
        "claimant.organization",
        ("claim",),
        "the id of the organization that made the claim",
    ),
    (
        "--claimant-unnamed",
        "claimant_unnamed",
        "claimant.unnamed",
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
    ("--url", "url", "url", ("article", "organization", "person"), "its URL"),
    ("--publisher", "publisher", "publisher", ("article",), "the publisher's organization id"),
    ("--date-published", "date_published", "datePublished", ("article",), "YYYY-MM-DD"),
]


def _metavar(dest: str) -> str:
    if dest in ("url",):
        return "URL"
    if dest.startswith("date"):
        return "DATE"
    if dest in ("claimant_person", "claimant_organization", "article", "publisher"):
        return "ID"
    return "TEXT"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `claimkit new`."""
    parser.add_argument("kind", choices=KINDS, help="the kind of record to start")
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


# Ids.


def _taken(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {
        path.stem.casefold()
        for path in folder.rglob("*")
        if path.suffix in RECORD_SUFFIXES and not path.name.startswith(".")
    }


# Fields: where a --set path leads in the model, and what a value must look like there.


@dataclass(frozen=True)
class _Slot:
    """The place a value goes: its normalised path, and the type the value must have."""

    path: JsonPath
    annotation: Any
    append: bool  # a list of plain values given without an index: add one item


def _split_path(text: str) -> list[str | int]:
    parts: list[str | int] = []
    for piece in re.split(r"\.|(?=\[)", text):
        match = re.fullmatch(r"\[?([0-9]+)\]?", piece)
        if match:
            parts.append(int(match.group(1)))
        elif piece:
            parts.append(piece)
        else:
            raise ScaffoldError(f"'{text}' is not a field path; write it like claimant.person")
    return parts


def resolve(model: type[BaseModel], text: str) -> _Slot:
    """Where `text` (claimant.person, appearances.0.url, appearances[0].url) leads in `model`."""
    parts = _split_path(text)
    path: list[str | int] = []
    current: type[BaseModel] | None = model
    annotation: Any = None
    i = 0
    while i < len(parts):
        part = parts[i]
        if current is None or isinstance(part, int):
            raise ScaffoldError(
                f"'{text}' does not lead to a field: {field_name(tuple(path)) or 'the record'} "
                "has no fields inside it"
            )
        fields = current.model_fields
        if part not in fields:
            owner = field_name(tuple(path)) if path else f"a {current.__name__.lower()}"
            hint = suggest(part, list(fields)) or f"; its fields are: {', '.join(fields)}"
            raise ScaffoldError(f"{owner} has no field '{part}'{hint}")
        info = fields[part]
        path.append(part)
        item = list_item(info.annotation)
        rest = parts[i + 1 :]
        if item is not None:
            if rest and isinstance(rest[0], int):
                path.append(rest[0])
                i += 1
                rest = rest[1:]
                annotation = item
            elif rest:
                path.append(0)  # appearances.url means the first appearance
                annotation = item
            else:
                if models_in(item):
                    raise ScaffoldError(
                        f"{field_name(tuple(path))} is a list of objects; set one of their "
                        f"fields, such as {field_name(tuple(path))}.0."
                        f"{next(iter(models_in(item)[0].model_fields))}"
                    )
                return _Slot(tuple(path), item, append=True)
        else:
            annotation = field_type(info)
        models = models_in(annotation)
        if not rest:
            if models:
                raise ScaffoldError(
                    f"{field_name(tuple(path))} holds fields of its own; set one of them, such "
                    f"as {field_name(tuple(path))}.{next(iter(models[0].model_fields))}"
                )
            return _Slot(tuple(path), annotation, append=False)
        current = models[0] if models else None
        i += 1
    raise ScaffoldError(f"'{text}' names no field")  # pragma: no cover - parts is never empty


def convert(slot: _Slot, raw: str, label: str) -> Any:
    """The value for `slot` from its text, or ScaffoldError saying what is wrong with it."""
    allowed = allowed_types(slot.annotation)
    value: Any = raw
    if int in allowed and re.fullmatch(r"[-+]?[0-9]+", raw):
        value = int(raw)
    elif float in allowed and re.fullmatch(r"[-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?", raw):
        value = float(raw)
    try:
        checked = pydantic.TypeAdapter(slot.annotation).validate_python(value)
    except pydantic.ValidationError as exc:
        raise ScaffoldError(f"{label}: {_explain(exc, raw, slot.annotation)}") from None
    if isinstance(checked, dt.date):
        if checked.isoformat() != raw:
            raise ScaffoldError(f"{label}: '{raw}' is not a date; write it as YYYY-MM-DD")
        return raw
    if isinstance(checked, Enum):
        return checked.value
    return value


def _explain(exc: pydantic.ValidationError, raw: str, annotation: Any) -> str:
    """What is wrong with `raw` as a value of the type, in the words of a record's fields."""
    error = exc.errors()[0]
    kind = error["type"]
    pattern = (error.get("ctx") or {}).get("pattern")
    if pattern == SLUG_PATTERN:
        return (
            f"'{raw}' is not an id: ids are lowercase letters, digits and single hyphens, "
            f"such as {slugify(raw) or 'jane-doe'}"
        )
    if pattern == URL_PATTERN:
        return f"'{raw}' is not an absolute http(s) URL; give the full address you have seen"
    if kind.startswith("date"):
        return f"'{raw}' is not a date; write it as YYYY-MM-DD"
    enums = enums_in(annotation)
    if enums:
        return f"'{raw}' is not one of: {', '.join(str(m.value) for m in enums[0])}"
    if kind == "string_too_long":
        return f"the text is too long: at most {error['ctx']['max_length']} characters"
    if kind == "string_too_short":
        return "the text is empty; give a value"
    return f"'{raw}' is not valid here: {error['msg']}"


def assign(data: dict[str, Any], slot: _Slot, value: Any) -> None:
    """Put `value` at the slot's path, making the objects and lists on the way."""
    node: Any = data
    path = slot.path
    for step, following in itertools.pairwise(path):
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(step, int):
            while len(node) <= step:
                node.append({} if not isinstance(following, int) else [])
            node = node[step]
        else:
            node = node.setdefault(step, empty)
    last = path[-1]
    if slot.append:
        assert isinstance(last, str)
        node.setdefault(last, []).append(value)
    elif isinstance(last, int):
        if last > len(node):
            raise ScaffoldError(
                f"{field_name(path)}: set the items of a list in order, starting at "
                f"{field_name((*path[:-1], len(node)))}"
            )
        if last == len(node):
            node.append(value)
        node[last] = value
    else:
        node[last] = value


# Filling in what is required.


def placeholder(path: JsonPath) -> str:
    return f"<TODO: {field_name(path)}>"


def _variants(model: type[BaseModel]) -> list[str]:
    """The alternative fields of a model that needs one of several (Party, Citation)."""
    extra: Any = model.model_config.get("json_schema_extra")
    choices: Any = (extra.get("oneOf") or extra.get("anyOf")) if isinstance(extra, dict) else None
    out: list[str] = []
    for choice in choices if isinstance(choices, list) else []:
        required = choice.get("required") if isinstance(choice, dict) else None
        if isinstance(required, list):
            out.extend(str(name) for name in required)
    return out


@dataclass
class _Filler:
    """Fills the required fields that were not given: asked for, or left as placeholders."""

    ask: Ask | None
    out: TextIO
    placeholders: list[JsonPath] = field(default_factory=list)
    notes: dict[JsonPath, list[str]] = field(default_factory=dict)

    def fill(self, model: type[BaseModel], data: dict[str, Any], path: JsonPath) -> None:
        variants = _variants(model)
        if variants and not any(data.get(name) is not None for name in variants):
            self.choose(model, variants, data, path)
        for name, info in model.model_fields.items():
            here = (*path, name)
            if name == "id" and not path:
                continue
            item_type = list_item(info.annotation)
            models = models_in(item_type if item_type is not None else info.annotation)
            if name in data:
                self.descend(data[name], models, here)
                continue
            if not info.is_required():
                continue
            if item_type is not None:
                minimum = max((getattr(m, "min_length", 0) or 0 for m in info.metadata), default=0)
                if minimum and models:
                    data[name] = [{} for _ in range(minimum)]
                    self.descend(data[name], models, here)
                elif minimum:
                    data[name] = [self.value(info, (*here, 0)) for _ in range(minimum)]
                continue
            if models:
                data[name] = {}
                self.fill(models[0], data[name], here)
                continue
            data[name] = self.value(info, here)

    def descend(self, value: Any, models: list[type[BaseModel]], path: JsonPath) -> None:
        if not models:
            return
        if isinstance(value, dict):
            self.fill(models[0], value, path)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    self.fill(models[0], item, (*path, i))

    def choose(
        self, model: type[BaseModel], variants: list[str], data: dict[str, Any], path: JsonPath
    ) -> None:
        """Ask which form a Party or Citation takes; without a terminal, take the first."""
        choice = variants[0]
        label = field_name(path)
        if self.ask is not None:
            while True:
                answer = self.ask(
                    f"{label}: {model.__doc__ or ''}\n  which one: {' / '.join(variants)} "
                    f"[{variants[0]}]? "
                )
                if answer is None or answer.strip() == "":
                    break
                if answer.strip() in variants:
                    choice = answer.strip()
                    break
                self.out.write(f"  give one of: {', '.join(variants)}\n")
        others = [v for v in variants if v != choice]
        info = model.model_fields[choice]
        data[choice] = self.value(info, (*path, choice))
        if PLACEHOLDER.search(str(data[choice])):
            self.notes.setdefault((*path, choice), []).extend(
                _wrap(f"{label}: give {choice}, or replace it with {' or '.join(others)}.")
            )

    def value(self, info: FieldInfo, path: JsonPath) -> Any:
        """Ask for the value at `path` (a field, or an item of a list field), or a placeholder."""
        item = list_item(info.annotation) if isinstance(path[-1], int) else None
        annotation = item if item is not None else field_type(info)
        slot = _Slot(path, annotation, append=False)
        label = field_name(path)
        enums = enums_in(annotation)
        choices = f" ({', '.join(str(m.value) for m in enums[0])})" if enums else ""
        if self.ask is not None:
            description = f": {info.description}" if info.description else ""
            while True:
                answer = self.ask(f"{label}{description}{choices}\n  {label} = ")
                if answer is None or not answer.strip():
                    break
                try:
                    return convert(slot, answer.strip(), label)
                except ScaffoldError as exc:
                    self.out.write(f"  {exc}\n")
        self.placeholders.append(path)
        if enums:
            names = [str(m.value) for m in enums[0]]
            self.notes.setdefault(path, []).extend(
                _wrap(f"{label}: one of {', '.join(names[:-1])} or {names[-1]}.")
            )
        return placeholder(path)


def _wrap(text: str) -> list[str]:
    """A note as comment lines that fit in the layout's width."""
    return [f"# {line}" for line in textwrap.wrap(text, width=80, break_on_hyphens=False)]


# Writing the record.


@dataclass
class Created:
    """The record `new` wrote."""

    path: Path
    ident: str
    placeholders: list[JsonPath]
    from_text: bool  # the id was made from the name, headline or claim


def create(
    kind: str,
    given: list[tuple[str, str, str]],
    records: Path,
    schema_folder: Path,
    *,
    ident: str | None = None,
    ask: Ask | None = None,
    out: TextIO = sys.stderr,
) -> Created:
    """Write records/<kind folder>/<id>.yaml; `given` holds (label, field path, text) triples."""
    model = KIND_MODELS[kind]
    if not records.is_dir():
        raise ScaffoldError(
            f"there is no records folder at {records}/; run this in the publication's folder "
            "or give --records"
        )
    data: dict[str, Any] = {}
    for label, path_text, raw in given:
        slot = resolve(model, path_text)
        if slot.path == ("id",):
            raise ScaffoldError(f"{label}: give the id with --id")
        assign(data, slot, convert(slot, raw, label))
    filler = _Filler(ask, out)
    source = ID_SOURCE[kind]
    if source not in data:
        info = model.model_fields[source]
        data[source] = filler.value(info, (source,))
    filler.fill(model, data, ())
    folder = records / FOLDER_OF_KIND[kind]
    if ident is not None:
        convert(_Slot(("id",), field_type(model.model_fields["id"]), False), ident, "--id")
        if reserved(kind, ident):
            raise ScaffoldError(f"--id: '{ident}' is a name the site uses for its own pages")
        candidates: typing.Iterable[str] = [ident]
        base = ident
    else:
        text = data[source] if isinstance(data[source], str) else ""
        base = "" if PLACEHOLDER.search(text) else slugify(text)
        candidates = candidate_ids(base or f"new-{kind}")
    taken = _taken(folder)
    folder.mkdir(parents=True, exist_ok=True)
    comments = Comments(head=[schema_comment(folder, schema_folder, kind)])
    for path, lines in filler.notes.items():
        comments.before.setdefault(path, []).extend(lines)
    for candidate in candidates:
        if candidate.casefold() in taken or reserved(kind, candidate):
            if ident is not None:
                raise ScaffoldError(
                    f"--id: a {kind} with the id '{ident}' exists already in {folder}/; "
                    "choose another id"
                )
            continue
        record = {"id": candidate, **data}
        target = folder / f"{candidate}.yaml"
        try:
            text = format_text(format_yaml(record, model, comments), str(target), kind)
        except FormatError as exc:
            raise ScaffoldError(
                f"a value given cannot be written as a record: {exc.diagnostic.message}"
            ) from None
        try:
            with target.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            if ident is not None:
                raise ScaffoldError(f"--id: {target} exists already; choose another id") from None
            continue
        return Created(target, candidate, filler.placeholders, ident is not None or bool(base))
    raise ScaffoldError("no free id was found")  # pragma: no cover - the candidates never end


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


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """`claimkit new`: write the record, print its path; problems go to stderr with exit 2."""
    kind: str = args.kind
    given: list[tuple[str, str, str]] = []
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
