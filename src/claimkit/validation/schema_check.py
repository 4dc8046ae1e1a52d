"""JSON Schema validation of one record, with messages built from the failing keyword."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from claimkit.core.dates import DATE_PATTERN, problem
from claimkit.core.diagnostics import Diagnostic
from claimkit.core.limits import MAX_PROBLEMS_PER_FILE
from claimkit.core.model_base import SITE_URL_PATTERN, URL_PATTERN
from claimkit.core.nearmiss import near_miss
from claimkit.records.load import Document, JsonPath
from claimkit.validation.schema import kind_schema

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

# python-jsonschema is imported only when a record is invalid: it takes a fifth of a second,
# which a run over valid records (or a warm cache) need not pay.

# What `claimkit new` writes where a contributor still has to fill something in. A value that
# holds one is reported as a placeholder, not also as a value of the wrong form.
PLACEHOLDER = re.compile(r"<TODO(?::[^>]*)?>")

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "nothing",
}


def _ecma_pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """`pattern` as JSON Schema means it: `$` ends the text, not the text before a final newline
    (Python's `re` differs there)."""
    if not isinstance(instance, str):
        return
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    if not re.search(pattern, instance):
        from jsonschema.exceptions import ValidationError

        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def validator(kind: str) -> Any:
    """A reusable validator for one kind, for detailed errors: building one costs far more
    than using it."""
    from jsonschema import Draft202012Validator, validators

    extended = validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator, {"pattern": _ecma_pattern}
    )
    # Dates are checked by their pattern (the schemas have no `format`); whether the day exists
    # in its month is the model's check (a `date` error, reported as schema-date).
    return extended(kind_schema(kind))


@cache
def fast_validator(kind: str) -> Any:
    """jsonschema-rs: about a hundred times faster, used to pass the records that are valid."""
    return jsonschema_rs.validator_for(kind_schema(kind))


def describe(value: Any) -> str:
    """A short description of a value for a message; never the whole record."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value:.6g}" if abs(value) < 1e300 else "a very large number"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return "a mapping"


def field_name(path: JsonPath) -> str:
    """A path as a reader writes it: claimant.person, reviews[0].rating."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "the record"


def quoted(value: object) -> str:
    """A value from a record inside a message: quoted, with line breaks and controls escaped."""
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return "'" + _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], text) + "'"


def suggest(word: str, options: list[str]) -> str:
    """A "; did you mean 'x'?" for the option `word` is a typo of (core.nearmiss); empty when
    none is a typo away."""
    close = near_miss(word, options)
    return f"; did you mean '{close}'?" if close else ""


def check_schema(doc: Document, kind: str) -> list[Diagnostic]:
    """Every schema problem in the record, each pointing at the value (or mapping) at fault."""
    try:
        if fast_validator(kind).is_valid(doc.data):
            return []
    except (ValueError, OverflowError):
        pass  # values jsonschema-rs cannot take; the detailed validator explains them
    out: list[Diagnostic] = []
    seen: set[tuple[str, JsonPath, str]] = set()
    for error in validator(kind).iter_errors(doc.data):
        # A hostile record can have a hundred thousand problems; past this many, say no more.
        if len(out) >= MAX_PROBLEMS_PER_FILE:
            break
        if isinstance(error.instance, str) and PLACEHOLDER.search(error.instance):
            continue
        for diagnostic in _diagnose(error, doc):
            key = (diagnostic.code, tuple(error.absolute_path), diagnostic.message)
            if key not in seen:
                seen.add(key)
                out.append(diagnostic)
            if len(out) >= MAX_PROBLEMS_PER_FILE:
                break
    return out


def _diagnose(error: ValidationError, doc: Document) -> Iterator[Diagnostic]:
    """The diagnostics for one jsonschema error, from the explainer of its keyword."""
    failure = _Failure(
        doc=doc,
        path=tuple(error.absolute_path),
        keyword=str(error.validator),
        expected=error.validator_value,
        instance=error.instance,
        schema=error.schema if isinstance(error.schema, dict) else {},
    )
    return _EXPLAIN.get(failure.keyword, _unexplained)(failure)


@dataclass(frozen=True)
class _Failure:
    """One failing keyword: the value at `path` does not satisfy `keyword: expected`."""

    doc: Document
    path: JsonPath
    keyword: str
    expected: Any
    instance: Any
    schema: dict[str, Any]  # the schema (or subschema) that holds the keyword

    @property
    def where(self) -> str:
        """The failing value's path as a reader writes it."""
        return field_name(self.path)

    def at(self, code: str, message: str) -> Diagnostic:
        """A diagnostic at the value that fails."""
        return Diagnostic.make(self.doc.path, self.doc.position(self.path), code, message)


# One explainer per JSON Schema keyword, as python-jsonschema has one validator function per
# keyword; a keyword with none gets `_unexplained`.


def _required(f: _Failure) -> Iterator[Diagnostic]:
    props = f.schema.get("properties", {})
    for name in f.expected:
        if isinstance(f.instance, dict) and name not in f.instance:
            about = props.get(name, {}).get("description", "")
            hint = f" ({about.rstrip('.')})" if about else ""
            yield f.at(
                "schema-required", f"{f.where} is missing the required property '{name}'{hint}"
            )


def _additional_properties(f: _Failure) -> Iterator[Diagnostic]:
    allowed = sorted(f.schema.get("properties", {}))
    for name in f.instance if isinstance(f.instance, dict) else []:
        if name not in allowed:
            yield Diagnostic.make(
                f.doc.path,
                f.doc.key_position((*f.path, name)),
                "schema-unknown-property",
                f"'{name}' is not a property of {f.where}{suggest(name, allowed)}"
                + ("" if suggest(name, allowed) else f"; expected one of: {', '.join(allowed)}"),
            )


_PLAIN_SCALAR = re.compile(r"[^\s#,\]}][^#]*?(?=\s+#|\s*$|\s*[,\]}])")


def _as_written(f: _Failure) -> str | None:
    """The value's text as the YAML file writes it (True, 12.50, 2024), when it is one plain
    word or number on its line; None for JSON, or when it cannot be told."""
    if not f.doc.text or f.doc.path.endswith(".json"):
        return None
    position = f.doc.position(f.path)
    lines = f.doc.text.splitlines()
    if not 0 < position.line <= len(lines):
        return None
    found = _PLAIN_SCALAR.match(lines[position.line - 1], position.column - 1)
    return found.group(0).strip() if found else None


def _type(f: _Failure) -> Iterator[Diagnostic]:
    wanted = f.expected if isinstance(f.expected, list) else [f.expected]
    words = " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in wanted)
    hint = ""
    if wanted == ["string"] and isinstance(f.instance, int | float):
        # YAML reads 2024 as a number and True as a true/false value: quotes keep them text.
        written = _as_written(f) or (
            str(f.instance).lower() if isinstance(f.instance, bool) else f"{f.instance}"
        )
        what = "a true/false value" if isinstance(f.instance, bool) else "a number"
        quote = "'" if "'" not in written else '"'
        hint = (
            f"; YAML reads the unquoted {written} as {what}: write it in quotes, "
            f"{quote}{written}{quote}, to keep it text"
        )
        yield f.at("schema-type", f"{f.where} must be {words}{hint}")
        return
    if wanted == ["string"] and f.instance is None:
        hint = "; write the text after the colon (YAML reads nothing there, null or ~ as no value)"
    yield f.at("schema-type", f"{f.where} must be {words}, not {describe(f.instance)}{hint}")


def _enum(f: _Failure) -> Iterator[Diagnostic]:
    """`enum`, and `const` as an enum of one."""
    options = [str(o) for o in (f.expected if f.keyword == "enum" else [f.expected])]
    yield f.at(
        "schema-enum",
        f"{f.where} is {describe(f.instance)}, which is not allowed"
        f"{suggest(str(f.instance), options)} Expected one of: {', '.join(options)}",
    )


def _pattern(f: _Failure) -> Iterator[Diagnostic]:
    not_a_url = f.expected == SITE_URL_PATTERN and not (
        isinstance(f.instance, str) and re.match(URL_PATTERN, f.instance)
    )
    if f.expected == DATE_PATTERN:
        yield f.at(
            "schema-date", f"{f.where} is {describe(f.instance)}; {_date_problem(f.instance)}"
        )
        return
    if f.expected == URL_PATTERN or not_a_url:
        yield f.at(
            "url-scheme",
            f"{f.where} is {describe(f.instance)}; expected an absolute http:// or https:// URL",
        )
        return
    example = (f.schema.get("examples") or [None])[0]
    hint = f", for example '{example}'" if example else ""
    about = f.schema.get("description", "pattern " + str(f.expected)).rstrip(".")
    yield f.at(
        "schema-pattern",
        f"{f.where} is {describe(f.instance)}, which is not in the expected form{hint} ({about})",
    )


def _date_problem(value: Any) -> str:
    """What is wrong with a text in a date field, with a word on a date-time without a zone."""
    text = str(value)
    reason = problem(text) or "expected a date"
    if "T" in text and not text.endswith("Z") and "+" not in text[10:] and "-" not in text[10:]:
        reason += " (a date-time needs its zone: Z or +hh:mm)"
    return reason


def _min_length(f: _Failure) -> Iterator[Diagnostic]:
    yield f.at("schema-length", f"{f.where} is empty; write at least {f.expected} character(s)")


def _max_length(f: _Failure) -> Iterator[Diagnostic]:
    size = len(f.instance) if isinstance(f.instance, str) else 0
    yield f.at(
        "schema-length", f"{f.where} is {size} characters long; the most allowed is {f.expected}"
    )


def _min_items(f: _Failure) -> Iterator[Diagnostic]:
    yield f.at("schema-items", f"{f.where} needs at least {f.expected} item(s)")


def _max_items(f: _Failure) -> Iterator[Diagnostic]:
    yield f.at("schema-items", f"{f.where} may hold at most {f.expected} item(s)")


def _unique_items(f: _Failure) -> Iterator[Diagnostic]:
    yield f.at("schema-items", f"{f.where} repeats an item; list each once")


def _range(f: _Failure) -> Iterator[Diagnostic]:
    """`minimum`, `maximum`, and the exclusive bounds (said as "beyond")."""
    bound = {"minimum": "at least", "maximum": "at most"}.get(f.keyword, "beyond")
    yield f.at(
        "schema-range", f"{f.where} is {describe(f.instance)}; it must be {bound} {f.expected}"
    )


def _choice(f: _Failure) -> Iterator[Diagnostic]:
    """`oneOf` and `anyOf` over alternatives that each require a field (Party, Citation)."""
    names = [", ".join(alt.get("required", [])) for alt in f.expected if isinstance(alt, dict)]
    given = [n for n in names if isinstance(f.instance, dict) and n in f.instance]
    if f.keyword == "oneOf" and len(given) > 1:
        message = f"{f.where} gives {' and '.join(given)}; give exactly one of: {', '.join(names)}"
    elif f.keyword == "oneOf":
        message = f"{f.where} needs exactly one of: {', '.join(names)}"
    else:
        message = f"{f.where} needs at least one of: {', '.join(names)}"
    if not all(names):
        message = f"{f.where} does not match any of its allowed forms"
    yield f.at("schema-choice", message)


def _unexplained(f: _Failure) -> Iterator[Diagnostic]:
    yield f.at("schema-invalid", f"{f.where} does not satisfy '{f.keyword}' in the schema")


_EXPLAIN: dict[str, Callable[[_Failure], Iterator[Diagnostic]]] = {
    "required": _required,
    "additionalProperties": _additional_properties,
    "type": _type,
    "enum": _enum,
    "const": _enum,
    "pattern": _pattern,
    "minLength": _min_length,
    "maxLength": _max_length,
    "minItems": _min_items,
    "maxItems": _max_items,
    "uniqueItems": _unique_items,
    "minimum": _range,
    "maximum": _range,
    "exclusiveMinimum": _range,
    "exclusiveMaximum": _range,
    "oneOf": _choice,
    "anyOf": _choice,
}
