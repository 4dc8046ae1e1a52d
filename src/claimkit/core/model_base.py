"""The base of the data model: the field types records share, the record bases, verdict classes."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from claimkit.core.dates import DATE_PATTERN, problem
from claimkit.core.kinds import SLUG_PATTERN

# Characters a URL must percent-encode are refused, so every URL is also a valid IRI.
URL_PATTERN = r'^https?://[^\s/?#<>"{}|\\^`]+[^\s<>"{}|\\^`]*$'

Slug = Annotated[
    str,
    Field(
        pattern=SLUG_PATTERN,
        min_length=1,
        max_length=80,
        description="A record id: lowercase letters, digits and single hyphens.",
        examples=["kyiv-independent"],
    ),
]
Url = Annotated[
    str,
    Field(
        pattern=URL_PATTERN,
        max_length=2000,
        description="An absolute http or https URL.",
        examples=["https://example.org/page"],
    ),
]
# The site's address: every page's URL and IRI is made by appending a path to it, so it may
# hold neither a query nor a fragment (with `#b/`, every page would be the same resource).
SITE_URL_PATTERN = r'^https?://[^\s/?#<>"{}|\\^`]+[^\s?#<>"{}|\\^`]*$'
SiteUrl = Annotated[
    str,
    Field(
        pattern=SITE_URL_PATTERN,
        max_length=2000,
        description="An absolute http or https URL without a query (?) or fragment (#).",
        examples=["https://factcheck.example.org/"],
    ),
]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
LongText = Annotated[str, Field(min_length=1, max_length=20000)]
# A BCP 47 language tag, such as en or pt-BR (its subtags are checked against the registry by
# validation, with langcodes).
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
LanguageTag = Annotated[
    str,
    Field(
        pattern=LANGUAGE_PATTERN,
        max_length=64,
        description="A BCP 47 language tag.",
        examples=["pt-BR"],
    ),
]
# A record's language: a BCP 47 tag, or `unknown` when nobody can say (then none is published).
UNKNOWN_LANGUAGE = "unknown"
Language = Annotated[
    str,
    Field(
        pattern=r"^(unknown|[a-z]{2,3}(-[A-Za-z0-9]{1,8})*)$",
        max_length=64,
        description="A BCP 47 language tag, or `unknown` when the language is not known.",
        examples=["uk"],
    ),
]


def _real_day(text: str) -> str:
    reason = problem(text)
    if reason:
        raise PydanticCustomError("date", "{reason}", {"reason": reason})
    return text


# A date at the precision the source gives (see core.dates): kept as written.
DateText = Annotated[
    str,
    Field(
        pattern=DATE_PATTERN,
        description="A date in ISO 8601 at the precision known: YYYY, YYYY-MM, YYYY-MM-DD, or "
        "a date-time with its zone (YYYY-MM-DDThh:mm[:ss]Z or +hh:mm). Quote a year alone: '2024'.",
        examples=["2024-10-14"],
    ),
    AfterValidator(_real_day),
]
# A point in a video or audio: [h:]mm:ss, seconds may have a fraction.
OFFSET_PATTERN = r"^([0-9]{1,2}:)?[0-5]?[0-9]:[0-5][0-9](\.[0-9]{1,3})?$"
Offset = Annotated[
    str,
    Field(
        pattern=OFFSET_PATTERN,
        description="A point in a video or audio from its start, as [h:]mm:ss.",
        examples=["1:02:30"],
    ),
]


def offset_seconds(text: str) -> float:
    """The seconds from the start an Offset text means."""
    total = 0.0
    for part in text.split(":"):
        total = total * 60 + float(part)
    return total


# A reference from one record to another: where it sits, the kind it names, and the id.
Ref = tuple[tuple[str | int, ...], str, str]


class Record(BaseModel):
    """Base of every record: strict about unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def references(self) -> Iterator[Ref]:
        """Every id this record names, with its path in the record and the kind it must be."""
        return iter(())


class Reference(Record):
    """Base for objects nested in a record."""


def described(description: str, example: Any, **kwargs: Any) -> Any:
    """A field with its description and one example, as the schema and the guide show them.

    An empty list as default is made afresh for each record instead of copied from the field's
    (pydantic deep-copies a mutable default: 790,000 copies, 5% of a cold validation of 100,000
    claims); the schema still says its default is `[]`."""
    if "default" in kwargs and kwargs["default"] == [] and type(kwargs["default"]) is list:
        del kwargs["default"]
        extra = kwargs.pop("json_schema_extra", None) or {}
        return Field(
            default_factory=list,
            description=description,
            examples=[example],
            json_schema_extra={"default": [], **extra},
            **kwargs,
        )
    return Field(description=description, examples=[example], **kwargs)


class License(Reference):
    """A licence: the data's (in the site settings) or one review's. An imported review's
    licence may be known only by its URL: then it has no name (none is made up)."""

    name: Text | None = described("The licence's name, where known.", "CC BY 4.0", default=None)
    url: Url = described("The licence's text.", "https://creativecommons.org/licenses/by/4.0/")


class SiteLicense(License):
    """The site's own data licence: named, since the site shows its name."""

    name: Text = described("The licence's name.", "CC BY 4.0")


class Picture(Reference):
    """A picture of a record: its address and a text alternative for readers who cannot see it.
    An imported picture may come without one (none is made up); `validate` warns of it."""

    url: Url = described("The picture's URL.", "https://example.org/review-image.jpg")
    alt: Text | None = described(
        "What the picture shows, for readers who cannot see it.",
        "A screenshot of the post, stamped False",
        default=None,
    )


class RatingClass(StrEnum):
    TRUE = "true"
    FALSE = "false"
    MIXTURE = "mixture"
    OTHER = "other"


ARCHIVED_AT = described(
    "Copies in web archives (the Wayback Machine, archive.today, ...), as links.",
    ["https://web.archive.org/web/20241014000000/https://example.org/post/1"],
    default=[],
)
ARCHIVE_URL = described(
    "Old layout: one archive copy. Write it in archivedAt (`claimkit migrate` does).",
    "https://web.archive.org/web/2024/https://example.org/",
    default=None,
    json_schema_extra={"deprecated": True},
)


def fold_archive(part: Any) -> None:
    """Read a part's old single `archiveUrl` as the first of its `archivedAt`."""
    if part.archiveUrl and part.archiveUrl not in part.archivedAt:
        part.__dict__["archivedAt"] = [part.archiveUrl, *part.archivedAt]


def nested(prefix: tuple[str | int, ...], part: Record) -> Iterator[Ref]:
    """The references of a part of a record, with their paths from the record."""
    for path, kind, ident in part.references():
        yield prefix + path, kind, ident
