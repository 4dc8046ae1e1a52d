"""What a ClaimReview and a MediaReview give a record alike: publisher, dates, headline, texts,
picture, identifier, licence, language, translations, corrections and sources.

How a claimkit site publishes them (linked_data.reviewparts, jsonld) is read back exactly: the
review's dateModified is the latest of its publication, its own dateModified and its
corrections, so one equal to what the others make is left out; a licence or language that is
the site's, on the site's own review, is what the record leaves out too.
"""

from __future__ import annotations

import re
from typing import Any

from claimkit.claimreview.read import Located, http_url
from claimkit.core import dates
from claimkit.core.models import Site
from claimkit.importing.entities import claimkit_iri
from claimkit.importing.model_needs import required
from claimkit.importing.nodes import Found, ReviewOrClaim, node_types
from claimkit.importing.notes import UNUSABLE, Note, Skip, filled
from claimkit.importing.references import ORG_TYPES, ReferenceReader
from claimkit.importing.values import (
    MAX_LONG_TEXT,
    as_list,
    clean_language,
    clean_text,
    clean_url,
    put_given,
    read_date,
)
from claimkit.importing.works import WorkReader

_CC = re.compile(
    r"^https?://creativecommons\.org/licenses/(?P<kind>by(?:-nc)?(?:-sa|-nd)?)/(?P<v>[0-9.]+)"
)
_CC0 = re.compile(r"^https?://creativecommons\.org/publicdomain/zero/(?P<v>[0-9.]+)")


def license_name(url: str) -> str | None:
    """The name of a Creative Commons licence from its URL; None for any other."""
    if match := _CC.match(url):
        return f"CC {match['kind'].upper()} {match['v']}"
    if match := _CC0.match(url):
        return f"CC0 {match['v']}"
    return None


class ReviewParts:
    """Reads the parts every kind of review has."""

    def __init__(self, found: Found, refs: ReferenceReader, notes: list[Note], site: Site) -> None:
        self.found = found
        self.refs = refs
        self.works = WorkReader(found, refs)
        self.notes = notes
        self.site = site

    def publisher(self, node: dict[str, Any]) -> str:
        """Who published the review: its publisher, else the first organization among its
        authors, else the host of its url; Skip when none of them is given."""
        publisher = node.get("publisher")
        if publisher and (ident := self.refs.organization(publisher, reviewer=True)):
            return ident
        for author in as_list(node.get("author")):
            found = self.found.resolve(author)
            if found is not None and node_types(found) & ORG_TYPES:
                ident = self.refs.organization(found, reviewer=True)
                if ident:
                    return ident
        url = clean_url(node.get("url"))
        if url:
            host = (http_url(url) or "").split("/")[2].removeprefix("www.")
            ident = self.refs.organization(
                {"@type": "Organization", "name": host, "url": f"https://{host}/"}, reviewer=True
            )
            if ident is not None:
                return ident
        raise Skip(
            UNUSABLE,
            "the review does not say who published it: no publisher, no organization among "
            "its authors, and no url",
        )

    def date(self, where: Located, value: Any, key: str) -> str | None:
        """A date as written; a time without a zone is noted as cut to its day."""
        found, dropped = read_date(value)
        if found and dropped:
            self.notes.append(
                filled(
                    where,
                    f"{key} gives a time without a zone: the day was kept, the time left out "
                    "(which day it was elsewhere is unknown)",
                )
            )
        return found

    def published(self, item: ReviewOrClaim) -> str:
        """When the review was published: its datePublished, dateCreated, or its
        DataFeedItem's dateCreated; Skip when there is none."""
        node = item.node.value
        for value, key in (
            (node.get("datePublished"), "datePublished"),
            (node.get("dateCreated"), "dateCreated"),
            (item.feed_date, "the DataFeedItem's dateCreated"),
        ):
            if found := self.date(item.node, value, key):
                return found
        raise Skip(UNUSABLE, "the review has no datePublished (nor a DataFeedItem dateCreated)")

    def headline(self, node: dict[str, Any]) -> str | None:
        """The review's title: its headline, else its name."""
        return clean_text(node.get("headline")) or clean_text(node.get("name"))

    def put_texts(
        self,
        where: Located,
        review: dict[str, Any],
        node: dict[str, Any],
        rating: dict[str, Any],
        model: type[Any],
    ) -> None:
        """The summary (reviewBody, else description) and explanation (ratingExplanation).
        Where the model requires one the source lacks, the source's other text stands in
        for it (the summary for the explanation, the explanation, headline or rating label
        for the summary), noted; nothing is written from nothing."""
        summary = clean_text(node.get("reviewBody"), MAX_LONG_TEXT) or clean_text(
            node.get("description"), MAX_LONG_TEXT
        )
        explanation = clean_text(rating.get("ratingExplanation"), MAX_LONG_TEXT)
        if summary is None and required(model, "summary"):
            summary = explanation or self.headline(node) or review.get("rating")
            self._stood_in(where, "summary", summary, "reviewBody")
        if explanation is None and required(model, "explanation"):
            explanation = summary
            self._stood_in(where, "explanation", explanation, "ratingExplanation")
        put_given(review, "summary", summary)
        put_given(review, "explanation", explanation)

    def _stood_in(self, where: Located, field: str, text: Any, term: str) -> None:
        self.notes.append(
            filled(
                where,
                f"the review gives no {term}, and a record needs its {field}: the review's "
                f"own text '{str(text)[:60]}' stands in for it (see toolkit-docs/import.md)",
            )
        )

    def put_common(self, item: ReviewOrClaim, review: dict[str, Any], own: bool) -> None:
        """The parts after the verdict: dateModified, identifier, picture, licence,
        language, translations, corrections and sources."""
        node = item.node.value
        corrections = self._corrections(node.get("correction"), review["datePublished"])
        modified = self.date(item.node, node.get("dateModified"), "dateModified")
        made = dates.latest([review["datePublished"], *(c["date"] for c in corrections)])
        if modified and modified != made:
            review["dateModified"] = modified
        put_given(review, "identifier", _identifier(node.get("identifier")))
        put_given(review, "image", self._picture(item.node, node.get("image")))
        self._put_license(item, review, own)
        language = clean_language(node.get("inLanguage"))
        if own and language is None:
            review["inLanguage"] = "unknown"  # left out, the site's language is published
        elif language and not (own and language == self.site.language):
            review["inLanguage"] = language
        translations = [
            t for v in as_list(node.get("workTranslation")) if (t := self._translation(v))
        ]
        put_given(review, "translations", translations)
        put_given(review, "translationOf", self._translation(node.get("translationOfWork")))
        put_given(review, "corrections", corrections)
        put_given(
            review,
            "sources",
            [c for v in as_list(node.get("citation")) if (c := self.works.citation(v))],
        )

    def _put_license(self, item: ReviewOrClaim, review: dict[str, Any], own: bool) -> None:
        """The review's licence: its license, else the sdLicense of it or its DataFeedItem."""
        node = item.node.value
        url = (
            clean_url(node.get("license"))
            or clean_url(node.get("sdLicense"))
            or clean_url(item.feed_license)
        )
        if url is None or (own and url == self.site.license.url):
            return
        name = license_name(url)
        if name is None:
            name = url
            self.notes.append(
                filled(
                    item.node,
                    "the licence gives no name a record can hold: its URL is written as its name",
                )
            )
        review["license"] = {"name": name, "url": url}

    def _picture(self, where: Located, value: Any) -> dict[str, Any] | None:
        """The review's picture with its text alternative (description, caption or name);
        one with none is noted as left out (the model needs a text alternative)."""
        if value is None:
            return None
        node = self.found.resolve(value)
        url = clean_url(node.get("contentUrl")) or clean_url(node.get("url")) if node else None
        url = url or clean_url(value)
        if url is None:
            return None
        alt = None
        if node is not None:
            alt = (
                clean_text(node.get("description"))
                or clean_text(node.get("caption"))
                or clean_text(node.get("name"))
            )
        if alt is None:
            self.notes.append(
                filled(
                    where,
                    f"the review's image {url} has no text alternative, which a record's "
                    "picture needs: it was left out",
                )
            )
            return None
        return {"url": url, "alt": alt}

    def _translation(self, value: Any) -> dict[str, Any] | None:
        """Another version of the review: a claim record of this publication (as a claimkit
        site links its own), or a page."""
        url = clean_url(value)
        if url is None:
            return None
        parsed = claimkit_iri(url)
        if parsed is not None and parsed.kind == "claim" and parsed.base == self.site.url:
            return {"claim": parsed.ident}
        return {"url": url}

    def _corrections(self, value: Any, published: str) -> list[dict[str, Any]]:
        """The review's corrections that have a text and a date not before its own."""
        found = []
        for part in as_list(value):
            node = self.found.resolve(part)
            text = clean_text(node.get("text")) if node else clean_text(part)
            date = read_date(node.get("datePublished"))[0] if node else None
            if text and date and not dates.certainly_before(date, published):
                found.append({"date": date, "text": text})
        return found


def _identifier(value: Any) -> str | None:
    """An identifier as text, or the value of a PropertyValue."""
    if isinstance(value, dict) and "value" in value:
        value = value["value"]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return clean_text(value)
