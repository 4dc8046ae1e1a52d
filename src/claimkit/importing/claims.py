"""The claim half of an imported record: what was claimed, by whom, when, where it appeared.

A Claim node (a ClaimReview's itemReviewed, or a Claim on its own) becomes the claim fields
of a record: claimReviewed (shortened to 300 characters, the whole text kept as the quote),
the claimant, dateMade, relays, appearances, firstAppearance, topics and the language. What
the markup leaves out is filled in where a record can say so honestly (an unnamed claimant,
the review's page as the appearance) and noted; a claim with no text is skipped.
"""

from __future__ import annotations

import re
from typing import Any

from claimkit.claimreview.read import Located
from claimkit.core.models import UNKNOWN_LANGUAGE
from claimkit.importing.nodes import Found
from claimkit.importing.notes import UNUSABLE, Note, Skip, filled
from claimkit.importing.references import ReferenceReader
from claimkit.importing.values import (
    MAX_CLAIM,
    MAX_LONG_TEXT,
    as_list,
    clean_date,
    clean_language,
    clean_text,
    clean_url,
    put_given,
)

# The IRI a claimkit site gives the n-th relay of a claim.
_RELAY = re.compile(r"#relay-([0-9]+)$")


class ClaimReader:
    """Reads Claim nodes into the claim fields of records; notes what it filled in."""

    def __init__(
        self, found: Found, refs: ReferenceReader, notes: list[Note], site_language: str
    ) -> None:
        self.found = found
        self.refs = refs
        self.notes = notes
        self.site_language = site_language

    def claim(
        self, where: Located, node: dict[str, Any], review_node: dict[str, Any] | None
    ) -> dict[str, Any]:
        """The claim fields of a record from a Claim node and, for a reviewed claim, the
        ClaimReview node (its claimReviewed, url and language); Skip when it cannot be one."""
        text = _claim_text(node, review_node)
        data: dict[str, Any] = {"claimReviewed": self._shortened(where, text)}
        put_given(data, "quote", _quote(node, text))
        data["claimants"] = self._claimants(where, node)
        put_given(
            data,
            "dateMade",
            clean_date(node.get("datePublished")) or clean_date(node.get("dateCreated")),
        )
        appearances, relays = self._appearances_and_relays(node)
        put_given(data, "relays", relays)
        first = self.refs.citation(node["firstAppearance"]) if node.get("firstAppearance") else None
        if not appearances and first:
            appearances.append(first)
        if not appearances:
            appearances.append(self._review_page(where, review_node))
        data["appearances"] = appearances
        put_given(data, "firstAppearance", first)
        put_given(data, "topics", self.refs.topics(node.get("about")))
        data["inLanguage"] = self._language(node, review_node)
        return data

    def _shortened(self, where: Located, text: str) -> str:
        """The text as claimReviewed: cut at a word before 300 characters, and noted."""
        if len(text) <= MAX_CLAIM:
            return text
        self.notes.append(
            filled(
                where,
                "claimReviewed was longer than 300 characters: "
                "it was shortened, and the whole text kept as the quote",
            )
        )
        return text[: MAX_CLAIM - 1].rsplit(" ", 1)[0] + "…"

    def _claimants(self, where: Located, node: dict[str, Any]) -> list[dict[str, Any]]:
        """Every author of the claim that can be a claimant, each once, else an unnamed source
        (noted)."""
        claimants: list[dict[str, Any]] = []
        for author in as_list(node.get("author")):
            party = self.refs.party(author)
            if party and party not in claimants:
                claimants.append(party)
        if not claimants:
            self.notes.append(
                filled(
                    where,
                    "the claim has no author: its claimant is recorded "
                    "as an unnamed source; name them if you know who made the claim",
                )
            )
            return [{"unnamed": "a source the review does not name"}]
        return claimants

    def _appearances_and_relays(
        self, node: dict[str, Any]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The claim's appearances, each once, and its relays (the appearances a claimkit
        site marks `#relay-n`) in their order."""
        relays: list[tuple[int, dict[str, Any]]] = []
        appearances: list[dict[str, Any]] = []
        for value in as_list(node.get("appearance")):
            part = self.found.resolve(value)
            ident = part.get("@id") if part else None
            match = _RELAY.search(ident) if isinstance(ident, str) else None
            if match and part is not None:
                relay = self._relay(part)
                if relay:
                    relays.append((int(match[1]), relay))
                continue
            citation = self.refs.citation(value)
            if citation and citation not in appearances:
                appearances.append(citation)
        return appearances, [r for _, r in sorted(relays, key=lambda r: r[0])]

    def _relay(self, node: dict[str, Any]) -> dict[str, Any] | None:
        """Who repeated the claim, when and where; None when it names nobody."""
        by = self.refs.first_party(node.get("author"))
        if by is None:
            return None
        relay: dict[str, Any] = {"by": by}
        put_given(relay, "date", clean_date(node.get("datePublished")))
        part_of = node.get("isPartOf")
        put_given(relay, "source", self.refs.citation(part_of) if part_of else None)
        return relay

    def _review_page(self, where: Located, review_node: dict[str, Any] | None) -> dict[str, Any]:
        """For a claim that gives no appearance: the review's page, cited as where it
        appeared, and noted; Skip when the review has no url either."""
        page = clean_url(review_node.get("url")) if review_node else None
        if page is None:
            raise Skip(
                UNUSABLE,
                "the claim has no appearance and its review no url: a claim record needs "
                "to say where the claim appeared",
            )
        self.notes.append(
            filled(
                where,
                "the claim gives no appearance: the review's page "
                "is cited as where it appeared; add the original post or article if known",
            )
        )
        return {"name": "The fact-check that reviewed the claim", "url": page}

    def _language(self, node: dict[str, Any], review_node: dict[str, Any] | None) -> str:
        """The claim's language, else its review's, else `unknown`: never a guess (a claim
        record left without one would be published in the site's language)."""
        language = clean_language(node.get("inLanguage"))
        if review_node is not None:
            language = language or clean_language(review_node.get("inLanguage"))
        return language or UNKNOWN_LANGUAGE


def _claim_text(node: dict[str, Any], review_node: dict[str, Any] | None) -> str:
    """What was claimed: the review's claimReviewed, else the claim's name or text."""
    text = clean_text(review_node.get("claimReviewed"), MAX_CLAIM * 10) if review_node else None
    text = text or clean_text(node.get("name"), MAX_CLAIM * 10)
    text = text or clean_text(node.get("text"), MAX_CLAIM * 10)
    if text is None:
        raise Skip(
            UNUSABLE,
            "the ClaimReview gives no claim: neither claimReviewed nor its itemReviewed's "
            "name says what was claimed",
        )
    return text


def _quote(node: dict[str, Any], text: str) -> str | None:
    """The claim's own text; else, for a claim too long for claimReviewed, the whole of it."""
    quote = clean_text(node.get("text"), MAX_LONG_TEXT)
    if quote is None and len(text) > MAX_CLAIM:
        quote = clean_text(text, MAX_LONG_TEXT)
    return quote
