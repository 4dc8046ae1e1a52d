"""Writing a `claimkit new` record: required fields asked for or left as placeholders, a free id."""

from __future__ import annotations

import sys
import textwrap
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pydantic import BaseModel

from claimkit.authoring.field_paths import (
    ScaffoldError,
    Slot,
    assign,
    convert,
    deprecated,
    resolve,
)
from claimkit.core.ids import candidate_ids, slugify
from claimkit.core.model_types import enums_in, field_type, list_item, models_in
from claimkit.core.models import FOLDER_OF_KIND, KIND_MODELS
from claimkit.records.canonical import Comments, FormatError, format_text, format_yaml
from claimkit.records.load import RECORD_SUFFIXES, JsonPath
from claimkit.validation.record_checks import reserved
from claimkit.validation.schema import schema_comment
from claimkit.validation.schema_check import PLACEHOLDER, field_name

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

# The field a new record's id is made from.
ID_SOURCE = {
    "article": "headline",
    "claim": "claimReviewed",
    "organization": "name",
    "person": "name",
    "topic": "name",
    "media": "name",
}
# Lists a new record starts with this many items to fill, though the model lets them be empty:
# a media record is written to hold its review.
STARTER_ITEMS: dict[str, dict[str, int]] = {"media": {"reviews": 1}}
# The form offered first for the objects under a top-level field, where the model's first is not
# the likely one: a shared piece of media appeared at a URL, not in an article record.
PREFERRED_FORMS: dict[str, dict[str, str]] = {"media": {"appearances": "url"}}

Ask = Callable[[str], str | None]


def _taken(folder: Path) -> set[str]:
    """The ids the records in a kind's folder use, casefolded."""
    if not folder.is_dir():
        return set()
    return {
        path.stem.casefold()
        for path in folder.rglob("*")
        if path.suffix in RECORD_SUFFIXES and not path.name.startswith(".")
    }


# Filling in what is required.


def placeholder(path: JsonPath) -> str:
    """What a required value nobody gave is written as, until someone fills it in."""
    return f"<TODO: {field_name(path)}>"


def _variants(model: type[BaseModel]) -> list[str]:
    """The alternative fields of a model that needs one of several (Party, Citation, a claim's
    claimants); a field of the old layout is not offered."""
    extra: Any = model.model_config.get("json_schema_extra")
    choices: Any = (extra.get("oneOf") or extra.get("anyOf")) if isinstance(extra, dict) else None
    out: list[str] = []
    for choice in choices if isinstance(choices, list) else []:
        required = choice.get("required") if isinstance(choice, dict) else None
        if isinstance(required, list):
            out.extend(str(name) for name in required)
    return [name for name in out if not deprecated(model.model_fields[name])]


@dataclass
class _Filler:
    """Fills the required fields that were not given: asked for, or left as placeholders."""

    ask: Ask | None
    out: TextIO
    prefer: dict[str, str] = field(default_factory=dict)  # see PREFERRED_FORMS
    placeholders: list[JsonPath] = field(default_factory=list)
    notes: dict[JsonPath, list[str]] = field(default_factory=dict)

    def fill(self, model: type[BaseModel], data: dict[str, Any], path: JsonPath) -> None:
        """Fill in the required fields of `data`, an object of `model` at `path`, and within it."""
        variants = _variants(model)
        if variants and not any(data.get(name) not in (None, []) for name in variants):
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
            # A new review is the site's own: what those must give is asked for too.
            if not info.is_required() and name not in getattr(model, "OWN_NEEDS", ()):
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
        """Fill in the objects given at `path`: one, or each of a list."""
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
        preferred = self.prefer.get(str(path[0])) if path else None
        if preferred in variants:
            variants = [preferred, *(v for v in variants if v != preferred)]
            choice = variants[0]
        label = field_name(path)
        if self.ask is not None and len(variants) > 1:
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
        item = list_item(info.annotation)
        models = models_in(item if item is not None else info.annotation)
        if models:
            # An object (a collective) or a list of them (a claim's claimants): filled in as
            # any object is.
            data[choice] = [{}] if item is not None else {}
            self.descend(data[choice], models, (*path, choice))
            return
        data[choice] = self.value(info, (*path, choice))
        if PLACEHOLDER.search(str(data[choice])):
            self.notes.setdefault((*path, choice), []).extend(
                _wrap(f"{label}: give {choice}, or replace it with {' or '.join(others)}.")
            )

    def value(self, info: FieldInfo, path: JsonPath) -> Any:
        """Ask for the value at `path` (a field, or an item of a list field), or a placeholder."""
        item = list_item(info.annotation) if isinstance(path[-1], int) else None
        annotation = item if item is not None else field_type(info)
        slot = Slot(path, annotation, append=False)
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
    filler = _Filler(ask, out, PREFERRED_FORMS.get(kind, {}))
    source = ID_SOURCE[kind]
    if source not in data:
        info = model.model_fields[source]
        data[source] = filler.value(info, (source,))
    for name, count in STARTER_ITEMS.get(kind, {}).items():
        if not data.get(name):
            data[name] = [{} for _ in range(count)]
    filler.fill(model, data, ())
    folder = records / FOLDER_OF_KIND[kind]
    if ident is not None:
        convert(Slot(("id",), field_type(model.model_fields["id"]), False), ident, "--id")
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
