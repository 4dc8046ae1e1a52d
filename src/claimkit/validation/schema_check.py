"""JSON Schema validation of one record, with messages built from the failing keyword."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from claimkit.core.diagnostics import Diagnostic
from claimkit.core.limits import MAX_PROBLEMS_PER_FILE
from claimkit.core.models import URL_PATTERN
from claimkit.records.load import Document, JsonPath
from claimkit.validation.schema import kind_schema

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

# python-jsonschema is imported only when a record is invalid: it takes a fifth of a second,
# which a run over valid records (or a warm cache) need not pay.

# A hostile record can have a hundred thousand problems; past this many, say no more of it.

# What `claimkit new` writes where a contributor still has to fill something in. A value that
# holds one is reported as a placeholder, not also as a value of the wrong form.
PLACEHOLDER = re.compile(r"<TODO(?::[^>]*)?>")

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
    from jsonschema import Draft202012Validator, FormatChecker, validators

    extended = validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator, {"pattern": _ecma_pattern}
    )
    return extended(kind_schema(kind), format_checker=FormatChecker(formats=["date"]))


@cache
def fast_validator(kind: str) -> Any:
    """jsonschema-rs: about a hundred times faster, used to pass the records that are valid."""
    return jsonschema_rs.validator_for(kind_schema(kind), validate_formats=True)


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


def suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


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
    path: JsonPath = tuple(error.absolute_path)
    keyword = str(error.validator)
    expected: Any = error.validator_value
    instance: Any = error.instance
    where = field_name(path)
    schema = error.schema if isinstance(error.schema, dict) else {}

    def at(p: JsonPath, code: str, message: str) -> Diagnostic:
        return Diagnostic.make(doc.path, doc.position(p), code, message)

    if keyword == "required":
        props = schema.get("properties", {})
        for name in expected:
            if isinstance(instance, dict) and name not in instance:
                about = props.get(name, {}).get("description", "")
                hint = f" ({about.rstrip('.')})" if about else ""
                yield at(
                    path,
                    "schema-required",
                    f"{where} is missing the required property '{name}'{hint}",
                )
    elif keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for name in instance if isinstance(instance, dict) else []:
            if name not in allowed:
                yield Diagnostic.make(
                    doc.path,
                    doc.key_position((*path, name)),
                    "schema-unknown-property",
                    f"'{name}' is not a property of {where}{suggest(name, allowed)}"
                    + (
                        "" if suggest(name, allowed) else f"; expected one of: {', '.join(allowed)}"
                    ),
                )
    elif keyword == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        words = " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in wanted)
        yield at(path, "schema-type", f"{where} must be {words}, not {describe(instance)}")
    elif keyword in ("enum", "const"):
        options = [str(o) for o in (expected if keyword == "enum" else [expected])]
        yield at(
            path,
            "schema-enum",
            f"{where} is {describe(instance)}, which is not allowed"
            f"{suggest(str(instance), options)} Expected one of: {', '.join(options)}",
        )
    elif keyword == "pattern":
        if expected == URL_PATTERN:
            yield at(
                path,
                "url-scheme",
                f"{where} is {describe(instance)}; expected an absolute http:// or https:// URL",
            )
        else:
            example = (schema.get("examples") or [None])[0]
            hint = f", for example '{example}'" if example else ""
            yield at(
                path,
                "schema-pattern",
                f"{where} is {describe(instance)}, which is not in the expected form"
                f"{hint} ({schema.get('description', 'pattern ' + str(expected)).rstrip('.')})",
            )
    elif keyword == "format":
        yield at(
            path, "schema-date", f"{where} is {describe(instance)}; expected a date as YYYY-MM-DD"
        )
    elif keyword in ("minLength", "maxLength"):
        size = len(instance) if isinstance(instance, str) else 0
        if keyword == "minLength":
            message = f"{where} is empty; write at least {expected} character(s)"
        else:
            message = f"{where} is {size} characters long; the most allowed is {expected}"
        yield at(path, "schema-length", message)
    elif keyword in ("minItems", "maxItems", "uniqueItems"):
        if keyword == "minItems":
            message = f"{where} needs at least {expected} item(s)"
        elif keyword == "maxItems":
            message = f"{where} may hold at most {expected} item(s)"
        else:
            message = f"{where} repeats an item; list each once"
        yield at(path, "schema-items", message)
    elif keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = {"minimum": "at least", "maximum": "at most"}.get(keyword, "beyond")
        yield at(
            path, "schema-range", f"{where} is {describe(instance)}; it must be {bound} {expected}"
        )
    elif keyword in ("oneOf", "anyOf"):
        names = [", ".join(alt.get("required", [])) for alt in expected if isinstance(alt, dict)]
        given = [n for n in names if isinstance(instance, dict) and n in instance]
        if keyword == "oneOf" and len(given) > 1:
            message = (
                f"{where} gives {' and '.join(given)}; give exactly one of: {', '.join(names)}"
            )
        elif keyword == "oneOf":
            message = f"{where} needs exactly one of: {', '.join(names)}"
        else:
            message = f"{where} needs at least one of: {', '.join(names)}"
        if not all(names):
            message = f"{where} does not match any of its allowed forms"
        yield at(path, "schema-choice", message)
    else:
        yield at(path, "schema-invalid", f"{where} does not satisfy '{keyword}' in the schema")
