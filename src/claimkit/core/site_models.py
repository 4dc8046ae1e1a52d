"""The site settings of the data model: publisher, address, licence, and the rating scale."""

from __future__ import annotations

from collections.abc import Iterator

from claimkit.core.model_base import (
    LanguageTag,
    LongText,
    RatingClass,
    Record,
    Ref,
    Reference,
    SiteLicense,
    SiteUrl,
    Slug,
    Text,
    Url,
    described,
)
from claimkit.core.review_rules import RELAXABLE, RelaxableRule


class ScaleLabel(Reference):
    """One verdict on the site's numeric rating scale."""

    label: Text = described("The verdict as shown to readers.", "False")
    value: int = described("Its place on the scale; higher is more accurate.", 1)
    ratingClass: RatingClass = described("The normalised class of the label.", "false")
    description: LongText = described(
        "When a claim gets this verdict.", "The claim is contradicted by reliable evidence."
    )


class OffScaleLabel(Reference):
    """A verdict outside the numeric scale, such as Unverified."""

    label: Text = described("The verdict as shown to readers.", "Unverified")
    ratingClass: RatingClass = described("The normalised class of the label.", "other")
    description: LongText = described(
        "When a claim gets this verdict.", "No evidence was found either way."
    )


class RatingScale(Reference):
    """The site's ordered verdicts."""

    labels: list[ScaleLabel] = described(
        "The verdicts on the numeric scale, from worst to best.",
        [
            {"label": "False", "value": 1, "ratingClass": "false", "description": "Wrong."},
            {"label": "True", "value": 2, "ratingClass": "true", "description": "Right."},
        ],
        min_length=2,
    )
    offScale: list[OffScaleLabel] = described(
        "Verdicts with no place on the numeric scale.",
        [{"label": "Unverified", "ratingClass": "other", "description": "Not established."}],
        default=[],
    )


class Allowance(Reference):
    """A rule of the published markup that the site's methodology departs from, and why."""

    rule: RelaxableRule = described(
        "The code of the rule relaxed: one of " + ", ".join(f"`{r}`" for r in RELAXABLE) + ".",
        "rating-missing-value",
    )
    reason: LongText = described(
        "Why, in a sentence readers see on the methodology page.",
        "Unverified is no point on our scale, so it is published without a number.",
    )


class Methodology(Reference):
    """The publication's choices where it departs from the consumers' guidance."""

    allow: list[Allowance] = described(
        "The rules relaxed: `validate` and `check` of the built site no longer report them, "
        "and the methodology page lists them with their reasons.",
        [{"rule": "rating-missing-value", "reason": "Unverified has no number on our scale."}],
        default=[],
    )


class Repository(Reference):
    """Where the records' source lives, for "edit this record" links."""

    url: Url = described("The repository's web address.", "https://github.com/example/factchecks")
    branch: Text = described("The branch records are edited on.", "main", default="main")
    editPath: Text = described(
        "The path of the edit view under the repository URL.", "edit", default="edit"
    )


class Site(Record):
    """Site settings: who publishes, where, under which licence, and the rating scale."""

    title: Text = described("The site's title.", "Example Fact Desk")
    url: SiteUrl = described(
        "The site's address, without a query or fragment; every page URL starts with it.",
        "https://factcheck.example.org/",
    )
    description: LongText = described(
        "What the site is, in a sentence or two.", "Fact-checks of claims about the war in Ukraine."
    )
    notice: LongText | None = described(
        "A notice shown on every page, such as a note that the publisher is fictional.",
        "This is a demonstration site.",
        default=None,
    )
    language: LanguageTag = described("The site's language as a BCP 47 tag.", "en", default="en")
    publisher: Slug = described(
        "The id of the organization that publishes the site.", "factcheck-desk"
    )
    license: SiteLicense = described(
        "The licence of the data.",
        {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    )
    methodology: Methodology | None = described(
        "Rules of the published markup the publication relaxes, with its reasons.",
        {"allow": [{"rule": "rating-missing-value", "reason": "Unverified has no number."}]},
        default=None,
    )
    repository: Repository | None = described(
        "Where the records are edited.",
        {"url": "https://github.com/example/factchecks"},
        default=None,
    )

    def references(self) -> Iterator[Ref]:
        """The records the settings name: the site's publisher."""
        yield ("publisher",), "organization", self.publisher

    scale: RatingScale = described(
        "The site's rating scale.",
        {
            "labels": [
                {"label": "False", "value": 1, "ratingClass": "false", "description": "Wrong."},
                {"label": "True", "value": 2, "ratingClass": "true", "description": "Right."},
            ]
        },
    )
