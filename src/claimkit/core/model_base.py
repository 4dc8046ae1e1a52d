"""The base of the data model: the field types records share, the record bases, verdict classes."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

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
# A BCP 47 language tag, such as en or pt-BR.
LanguageTag = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


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
    """A field with its description and one example, as the schema and the guide show them."""
    return Field(description=description, examples=[example], **kwargs)


class RatingClass(StrEnum):
    TRUE = "true"
    FALSE = "false"
    MIXTURE = "mixture"
    OTHER = "other"
