"""The claim half of an imported record: what was claimed, by whom, when, where it appeared.

A Claim node (a ClaimReview's itemReviewed, or a Claim on its own) becomes the claim fields
of a record: claimReviewed (shortened to 300 characters, the whole text kept as the quote),
the claimants (people, organizations, collectives, unnamed sources), dateMade at its
precision, relays, appearances (the claim's own `url`, the post or video, is one), where it
was made (`itemReviewed.name` when it is not the claim's text: the Fact Check Tools API's
claim location) as an appearance's name, firstAppearance, topics and the language the Claim
states (else `unknown`; the review's language is not the claim's). What the model requires
and the markup leaves out is filled in only as the record can say it honestly, and noted; a
claim with no text is skipped.
"""

from __future__ import annotations

import re
from typing import Any

from claimkit.claimreview.read import Located
from claimkit.core.models import UNKNOWN_LANGUAGE, Claim
from claimkit.importing.entities import url_key
from claimkit.importing.model_needs import required
from claimkit.importing.nodes import Found
from claimkit.importing.notes import UNUSABLE, Note, Skip, filled
from claimkit.importing.references import ReferenceReader
from claimkit.importing.values import (
    MAX_CLAIM,
    MAX_LONG_TEXT,
    as_list,
    clean_language,
    clean_text,
    clean_url,
    put_given,
    read_date,
)
from claimkit.importing.works import WorkReader

# The IRI a claimkit site gives the n-th relay of a claim.
_RELAY = re.compile(r"#relay-([0-9]+)$")


class ClaimReader:
    """Reads Claim nodes into the claim fields of records; notes what it filled in."""

    def __init__(
        self, found: Found, refs: ReferenceReader, notes: list[Note], site_language: str
    ) -> None:
        self.found = found
        self.refs = refs
        self.works = WorkReader(found, refs)
        self.notes = notes
        self.site_language = site_language

    def claim(
        self, where: Located, node: dict[str, Any], review_node: dict[str, Any] | None
    ) -> dict[str, Any]:
        """The claim fields of a record from a Claim node and, for a reviewed claim, the
        ClaimReview node (its claimReviewed and url); Skip when it cannot be one."""
        text = _claim_text(node, review_node)
        data: dict[str, Any] = {"claimReviewed": self._shortened(where, text)}
        put_given(data, "quote", _quote(node, text))
        if "quote" in data and isinstance(node.get("text"), dict):  # {"@value", "@language"}
            put_given(data, "quoteLanguage", clean_language(node["text"].get("@language")))
        posts = _post_urls(self.found, node)
        data["claimants"] = self._claimants(where, node, posts)
        put_given(data, "dateMade", self.date(where, node, "datePublished", "dateCreated"))
        appearances, relays = self._appearances_and_relays(node)
        put_given(data, "relays", relays)
        self._own_url_and_location(node, text if review_node else None, appearances)
        first = (
            self.works.appearance(node["firstAppearance"]) if node.get("firstAppearance") else None
        )
        if not appearances and first:
            appearances.append(first)
        if not appearances and required(Claim, "appearances"):
            appearances.append(self._review_page(where, review_node))
        put_given(data, "appearances", appearances)
        put_given(data, "firstAppearance", first)
        put_given(data, "topics", self.refs.topics(node.get("about")))
        language = clean_language(node.get("inLanguage")) or UNKNOWN_LANGUAGE
        if language != self.site_language:  # left out, the site's language is published
            data["inLanguage"] = language
        return data

    def date(self, where: Located, node: dict[str, Any], *keys: str) -> str | None:
        """The first of the node's dates under `keys` that a record can hold, as written;
        a time given without a zone is noted as cut to its day."""
        for key in keys:
            found, dropped = read_date(node.get(key))
            if found:
                if dropped:
                    self.notes.append(
                        filled(
                            where,
                            f"{key} gives a time without a zone: the day was kept, the time "
                            "left out (which day it was elsewhere is unknown)",
                        )
                    )
                return found
        return None

    def _own_url_and_location(
        self, node: dict[str, Any], claim_text: str | None, appearances: list[dict[str, Any]]
    ) -> None:
        """The claim's own url (the post or video it was made in) as an appearance, named by
        `itemReviewed.name` when that is not the claim's text but where it was made."""
        url = clean_url(node.get("url"))
        name = clean_text(node.get("name"))
        if name is not None and claim_text is not None and _restates(name, claim_text):
            name = None
        if claim_text is None:
            name = None  # a Claim on its own: its name is its text
        if url is None and name is None:
            return
        same = next((a for a in appearances if url and a.get("url") == url), None)
        if same is None:
            appearance: dict[str, Any] = {}
            put_given(appearance, "name", name)
            put_given(appearance, "url", url)
            appearances.insert(0, appearance)
        elif name and "name" not in same:
            same["name"] = name

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

    def _claimants(
        self, where: Located, node: dict[str, Any], posts: frozenset[str]
    ) -> list[dict[str, Any]]:
        """Every author of the claim that can be a claimant, each once, else an unnamed source
        (noted). The claim's posts are not taken as its authors' own links."""
        claimants: list[dict[str, Any]] = []
        for author in as_list(node.get("author")):
            party = self.refs.party(author, posts)
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
            citation = self.works.appearance(value)
            if citation and citation not in appearances:
                appearances.append(citation)
        return appearances, [r for _, r in sorted(relays, key=lambda r: r[0])]

    def _relay(self, node: dict[str, Any]) -> dict[str, Any] | None:
        """Who repeated the claim, when and where; None when it names nobody."""
        by = self.refs.first_party(node.get("author"))
        if by is None:
            return None
        relay: dict[str, Any] = {"by": by}
        put_given(relay, "date", read_date(node.get("datePublished"))[0])
        part_of = node.get("isPartOf")
        put_given(relay, "source", self.works.citation(part_of) if part_of else None)
        return relay

    def _review_page(self, where: Located, review_node: dict[str, Any] | None) -> dict[str, Any]:
        """For a claim that gives no appearance, while the model requires one: the review's
        page, which quotes the claim, cited as where it appeared, and noted; Skip when the
        review has no url either."""
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
                "the claim gives no appearance and a claim record needs one: the review's "
                "page, which quotes it, is cited as where it appeared; add the original post "
                "or article if known",
            )
        )
        return {"url": page}


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


def name_of(text: str) -> str:
    """Text as compared: case folded, spacing collapsed."""
    return " ".join(text.casefold().split())


def _post_urls(found: Found, node: dict[str, Any]) -> frozenset[str]:
    """The URLs of the claim itself and of where it appeared (compared as `url_key` does):
    a claimant's sameAs that is one of them is the post, not the claimant."""
    urls = [clean_url(node.get("url"))]
    for value in [*as_list(node.get("appearance")), node.get("firstAppearance")]:
        part = found.resolve(value)
        urls.append(clean_url(part.get("url")) if part else clean_url(value))
    return frozenset(url_key(u) for u in urls if u)


def _restates(name: str, text: str) -> bool:
    """Whether an itemReviewed.name is the claim's text again (whole, or a part of it, or it a
    part of the name), rather than where the claim was made."""
    short, full = sorted((name_of(name), name_of(text)), key=len)
    return short in full
