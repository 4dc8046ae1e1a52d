"""Turning ClaimReview and Claim JSON-LD into claim records, and the records they refer to.

Each reading is lenient where publishers are untidy (a string where an object belongs, a
number as text, a date with a time and no zone) and exact about what it keeps: a review keeps
the reviewer's label and numbers as published. What cannot become a valid record is skipped
with the reason; what had to be filled in is noted.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from claimkit.claimreview.read import Located, http_url, text_of
from claimkit.claimreview.rules import number_of
from claimkit.core.catalog import Catalog
from claimkit.core.ids import candidate_ids, slugify
from claimkit.core.models import URL_PATTERN, ArticleType, RatingClass
from claimkit.importing.entities import (
    Entities,
    Proposal,
    claimkit_iri,
    name_key,
    text_slug,
    url_words,
)
from claimkit.importing.nodes import Found, Item, canonical_types
from claimkit.importing.rating_classes import classify, fold
from claimkit.validation.record_checks import reserved

MAX_TEXT, MAX_LONG_TEXT, MAX_CLAIM = 2000, 20000, 300
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_URL = re.compile(URL_PATTERN)
_DATE = re.compile(r"^\s*([0-9]{4})-([0-9]{2})-([0-9]{2})(?:$|[T ]|\s)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_UNNAMED_FRAGMENT = re.compile(r"#(?:claimant|relay-[0-9]+-by)$")
_RELAY = re.compile(r"#relay-([0-9]+)$")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
ARTICLE_TYPES = {t.value for t in ArticleType}
TOPIC_TYPES = {"Place": "Place", "Country": "Country", "Event": "Event", "Thing": "Thing"}
ORG_KINDS = {
    "NewsMediaOrganization": "news-outlet",
    "GovernmentOrganization": "government-body",
    "PoliticalParty": "political-party",
    "Corporation": "company",
    "NGO": "nonprofit",
}
ORG_TYPES = {"Organization", *ORG_KINDS}


@dataclass
class Note:
    """Something the report tells about one item: a skip reason or a value filled in."""

    where: Located
    code: str
    message: str


@dataclass
class Unplaced:
    """A rating label that could not be given a normalised class."""

    label: str
    publisher: str
    languages: tuple[str, ...]


@dataclass
class ClaimDraft:
    """A claim record being assembled from one or more items."""

    ident: str
    data: dict[str, Any]
    reviews: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)  # order keys
    sources: list[Located] = field(default_factory=list)
    from_iri: bool = False
    review_keys: set[str] = field(default_factory=set)


@dataclass
class Mapping:
    """A mapping file: labels of the site's own past reviews onto its scale, and classes."""

    scale: dict[str, str] = field(default_factory=dict)  # folded label -> site label
    classes: dict[str, RatingClass] = field(default_factory=dict)  # folded label -> class


class Skip(Exception):
    """An item that cannot be imported; the message says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


# Reading values.
class _TextOnly(HTMLParser):
    """The text of an HTML fragment: tags dropped, a paragraph or line break kept as a break."""

    BREAKS = frozenset({"p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain(text: str) -> str:
    """Text as a reader sees it: publishers' CMSs often put HTML tags and entities
    (`<p>`, `&#8217;`, `&nbsp;`) in JSON-LD text. Text with neither is kept as it is."""
    if _TAG.search(text):
        parser = _TextOnly()
        parser.feed(text)
        parser.close()
        lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
        return "\n\n".join(line for line in lines if line)
    if _ENTITY.search(text):
        return html.unescape(text).replace("\u00a0", " ")
    return text


def clean_text(value: Any, limit: int = MAX_TEXT) -> str | None:
    """Plain text without control characters and outer spaces, cut to `limit`; None when
    empty."""
    text = text_of(value)
    if text is None:
        return None
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text)).replace("\r\n", "\n")
    text = plain(text).strip()
    if not text:
        return None
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def clean_url(value: Any) -> str | None:
    """An absolute http(s) URL a record can hold, from a string or a reference."""
    if isinstance(value, list):
        return next((u for v in value if (u := clean_url(v))), None)
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or value.get("contentUrl")
    url = http_url(text_of(value))
    if url is None or len(url) > 2000 or not _URL.match(url):
        return None
    return url


def clean_urls(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in values:
        url = clean_url(item)
        if url and url not in found:
            found.append(url)
    return found


def clean_date(value: Any) -> str | None:
    """The calendar date of a date or date-time, as written (a time zone does not move it)."""
    text = text_of(value)
    if text is None:
        return None
    match = _DATE.match(text)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


def clean_language(value: Any) -> str | None:
    """A BCP 47 tag from a string or a Language object, its primary subtag in lower case."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    text = text_of(value)
    if not text:
        return None
    head, _, rest = text.strip().replace("_", "-").partition("-")
    tag = head.lower() + ("-" + rest if rest else "")
    return tag if _LANGUAGE.match(tag) else None


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, [], ""):
        data[key] = value


class Converter:
    """Builds records from the found nodes into an entity registry and claim drafts."""

    def __init__(
        self, found: Found, catalog: Catalog, entities: Entities, mapping: Mapping
    ) -> None:
        self.found = found
        self.catalog = catalog
        self.site = catalog.site
        self.entities = entities
        self.mapping = mapping
        self.notes: list[Note] = []
        self.unplaced: dict[tuple[str, str], Unplaced] = {}
        self.claims: dict[str, ClaimDraft] = {}
        self.claim_keys: dict[str, str] = {}  # claim @id or text key -> draft id

    # Nodes.
    def node(self, value: Any) -> dict[str, Any] | None:
        """An object with everything known about it: a reference is resolved in the index."""
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, (dict, str))), None)
        if isinstance(value, str):
            if http_url(value) and value in self.found.index:
                return self.found.index[value]
            return None
        if not isinstance(value, dict):
            return None
        ident = value.get("@id")
        if isinstance(ident, str) and ident in self.found.index:
            merged = dict(self.found.index[ident])
            merged.update({k: v for k, v in value.items() if k != "@context"})
            return merged
        return value

    @staticmethod
    def types(node: dict[str, Any]) -> set[str]:
        return canonical_types(node.get("@type"))[0]

    # Entities.
    def organization(self, value: Any, *, reviewer: bool = False) -> str | None:
        node = self.node(value)
        if node is None:
            return None
        name = clean_text(node.get("name")) or clean_text(node.get("legalName"))
        if name is None:
            return None
        iri = node.get("@id") if isinstance(node.get("@id"), str) else None
        types = self.types(node)
        kind = next((ORG_KINDS[t] for t in sorted(types) if t in ORG_KINDS), None)
        data: dict[str, Any] = {"name": name}
        _put(
            data,
            "alternateName",
            [t for v in _items(node.get("alternateName")) if (t := clean_text(v))],
        )
        data["kind"] = kind or ("fact-checker" if reviewer else "other")
        return self._resolve_party("organization", data, node, iri)

    def person(self, node: dict[str, Any]) -> str | None:
        name = clean_text(node.get("name"))
        if name is None:
            return None
        iri = node.get("@id") if isinstance(node.get("@id"), str) else None
        data: dict[str, Any] = {"name": name}
        _put(data, "jobTitle", clean_text(node.get("jobTitle")))
        affiliation = node.get("affiliation") or node.get("worksFor")
        _put(data, "affiliation", self.organization(affiliation) if affiliation else None)
        return self._resolve_party("person", data, node, iri)

    def _resolve_party(
        self, kind: str, data: dict[str, Any], node: dict[str, Any], iri: str | None
    ) -> str:
        """What people and organizations share: their links and description, then the record
        they are (an existing one, or a new one)."""
        url = self._own_url(clean_url(node.get("url")), iri, kind)
        _put(data, "url", url)
        _put(data, "sameAs", clean_urls(node.get("sameAs")))
        _put(data, "description", clean_text(node.get("description"), MAX_LONG_TEXT))
        urls = [u for u in [url, *data.get("sameAs", [])] if u]
        return self.entities.resolve(Proposal(kind, data, iri, urls, data["name"]))

    def topic(self, value: Any) -> str | None:
        node = self.node(value)
        if node is None:
            return None
        name = clean_text(node.get("name"))
        if name is None:
            return None
        iri = node.get("@id") if isinstance(node.get("@id"), str) else None
        kind = next((TOPIC_TYPES[t] for t in sorted(self.types(node)) if t in TOPIC_TYPES), None)
        data: dict[str, Any] = {"name": name}
        if kind and kind != "Thing":
            data["type"] = kind
        _put(data, "sameAs", clean_urls(node.get("sameAs")))
        _put(data, "description", clean_text(node.get("description"), MAX_LONG_TEXT))
        return self.entities.resolve(
            Proposal("topic", data, iri, list(data.get("sameAs", [])), name)
        )

    @staticmethod
    def _own_url(url: str | None, iri: str | None, kind: str) -> str | None:
        """None when the url is only the thing's claimkit page (the site gives that itself)."""
        parsed = claimkit_iri(iri)
        if url and iri and parsed and parsed.kind == kind and url == iri.split("#")[0]:
            return None
        return url

    def party(self, value: Any) -> dict[str, Any] | None:
        """A claimant or relayer: a person, an organization, or an unnamed source."""
        node = self.node(value)
        if node is None:
            text = clean_text(value)
            return {"unnamed": text} if text else None
        types = self.types(node)
        iri = node.get("@id") if isinstance(node.get("@id"), str) else ""
        if _UNNAMED_FRAGMENT.search(iri or ""):
            name = clean_text(node.get("name"))
            if name is None:
                return None
            party: dict[str, Any] = {"unnamed": name}
            if node.get("affiliation"):
                _put(party, "affiliation", self.organization(node["affiliation"]))
            return party
        if types & ORG_TYPES:
            ident = self.organization(node)
            return {"organization": ident} if ident else None
        ident = self.person(node) if clean_text(node.get("name")) else None
        return {"person": ident} if ident else None

    def citation(self, value: Any) -> dict[str, Any] | None:
        """Where something appeared: an article record when the JSON-LD describes one fully,
        else a citation by name, url, date and publisher."""
        node = self.node(value)
        if node is None:
            url = clean_url(value)
            return {"url": url} if url else None
        types = self.types(node)
        headline = clean_text(node.get("headline")) or clean_text(node.get("name"))
        url = clean_url(node.get("url")) or clean_url(node.get("@id"))
        publisher = self.organization(node["publisher"]) if node.get("publisher") else None
        date = clean_date(node.get("datePublished"))
        if types & ARTICLE_TYPES and headline and url and publisher and date:
            ident = self.article(node, headline, url, publisher, date)
            if ident:
                return {"article": ident}
        citation: dict[str, Any] = {}
        _put(citation, "name", headline)
        _put(citation, "publisher", publisher)
        _put(citation, "url", clean_url(node.get("url")) if node.get("url") else None)
        _put(citation, "archiveUrl", clean_url(node.get("archivedAt")))
        _put(citation, "date", date)
        if not {"name", "url"} & citation.keys():
            return None
        return citation

    def article(
        self, node: dict[str, Any], headline: str, url: str, publisher: str, date: str
    ) -> str | None:
        types = self.types(node) & ARTICLE_TYPES
        kind = (
            sorted(types)[0]
            if len(types) == 1
            else next((t.value for t in ArticleType if t.value in types), "NewsArticle")
        )
        data: dict[str, Any] = {}
        if kind != ArticleType.NEWS_ARTICLE.value:
            data["type"] = kind
        data["headline"] = headline
        data["url"] = url
        _put(data, "archiveUrl", clean_url(node.get("archivedAt")))
        data["publisher"] = publisher
        _put(
            data,
            "authors",
            [p for a in _items(node.get("author")) if (p := self._person_ref(a))],
        )
        data["datePublished"] = date
        _put(data, "dateModified", clean_date(node.get("dateModified")))
        _put(data, "inLanguage", clean_language(node.get("inLanguage")))
        if data.get("inLanguage") == "en":
            del data["inLanguage"]
        _put(data, "description", clean_text(node.get("description"), MAX_LONG_TEXT))
        _put(data, "image", self.image(node.get("image")))
        _put(data, "about", [t for v in _items(node.get("about")) if (t := self.topic(v))])
        iri = node.get("@id") if isinstance(node.get("@id"), str) else None
        return self.entities.resolve(Proposal("article", data, iri, [url], headline))

    def image(self, value: Any) -> dict[str, Any] | None:
        node = self.node(value)
        if node is None:
            return None
        caption = clean_text(node.get("caption"))
        if caption is None:
            return None
        image: dict[str, Any] = {}
        _put(image, "url", clean_url(node.get("contentUrl")) or clean_url(node.get("url")))
        image["caption"] = caption
        _put(image, "credit", clean_text(node.get("creditText")))
        _put(image, "dateCreated", clean_date(node.get("dateCreated")))
        return image

    def _person_ref(self, value: Any) -> str | None:
        node = self.node(value)
        if node is None or self.types(node) & ORG_TYPES:
            return None
        return self.person(node)

    # Claims and reviews.
    def add(self, item: Item) -> None:
        """Import one found item into the drafts; Skip when it cannot be."""
        value = item.node.value
        if item.kind == "review":
            claim_node = self.node(value.get("itemReviewed")) or {}
            review = self.review(item, claim_node)
        else:
            claim_node, review = value, None
        claim_iri = claim_node.get("@id") if isinstance(claim_node.get("@id"), str) else None
        review_iri = claimkit_iri(value.get("@id")) if review is not None else None
        data = self.claim(item, claim_node, value if review is not None else None)
        key = self._claim_key(claim_iri, data)
        ident = self.claim_keys.get(key)
        if ident is None:
            parsed = claimkit_iri(claim_iri) or (
                review_iri if review_iri and review_iri.kind == "claim" else None
            )
            ident = self._claim_id(parsed.ident if parsed else None, data, value)
            self.claim_keys[key] = ident
            self.claims[ident] = ClaimDraft(ident, {"id": ident, **data}, from_iri=bool(parsed))
        draft = self.claims[ident]
        draft.sources.append(item.node)
        if review is not None and self._seen_review(draft, value, review):
            return
        if review is not None:
            order = review_iri.index if review_iri and review_iri.fragment == "review" else 10**6
            draft.reviews.append((order, len(draft.reviews), review))

    @staticmethod
    def _seen_review(draft: ClaimDraft, node: dict[str, Any], review: dict[str, Any]) -> bool:
        """Whether the draft has this review already: the same @id, or the same publisher,
        url, rating and date (a page and a feed often carry the same ClaimReview)."""
        iri = node.get("@id")
        key = (
            f"iri {iri}"
            if isinstance(iri, str) and not iri.startswith("_:")
            else "review "
            + json.dumps([review.get(k) for k in ("publisher", "url", "rating", "datePublished")])
        )
        if key in draft.review_keys:
            return True
        draft.review_keys.add(key)
        return False

    def _claim_key(self, iri: str | None, data: dict[str, Any]) -> str:
        if iri and not iri.startswith("_:"):
            return "iri " + iri
        claimant = data["claimant"]
        who = next(f"{k}={v}" for k, v in sorted(claimant.items()) if k != "affiliation")
        return f"text {name_key(data['claimReviewed'])} {who}"

    def _claim_id(self, wanted: str | None, data: dict[str, Any], value: dict[str, Any]) -> str:
        """The claimkit id, else a slug of the claim in Latin letters, else of the review's
        address; numbered when two claims of this import would share it."""
        base = wanted or text_slug(data["claimReviewed"])
        if not base:
            url = clean_url(value.get("url"))
            base = slugify(url_words(url, with_host=True)) if url else ""
        base = base or "imported-claim"
        if reserved("claim", base):
            base += "-claim"
        return next(c for c in candidate_ids(base) if c not in self.claims)

    def claim(
        self, item: Item, node: dict[str, Any], review: dict[str, Any] | None
    ) -> dict[str, Any]:
        where = item.node
        text = clean_text(review.get("claimReviewed"), MAX_CLAIM * 10) if review else None
        text = text or clean_text(node.get("name"), MAX_CLAIM * 10)
        text = text or clean_text(node.get("text"), MAX_CLAIM * 10)
        if text is None:
            raise Skip(
                "import-unusable",
                "the ClaimReview gives no claim: neither claimReviewed nor its itemReviewed's "
                "name says what was claimed",
            )
        data: dict[str, Any] = {}
        if len(text) > MAX_CLAIM:
            data["claimReviewed"] = text[: MAX_CLAIM - 1].rsplit(" ", 1)[0] + "…"
            self.note(
                where,
                "import-filled",
                "claimReviewed was longer than 300 characters: "
                "it was shortened, and the whole text kept as the quote",
            )
        else:
            data["claimReviewed"] = text
        quote = clean_text(node.get("text"), MAX_LONG_TEXT)
        if quote is None and len(text) > MAX_CLAIM:
            quote = clean_text(text, MAX_LONG_TEXT)
        _put(data, "quote", quote)
        claimant = next((p for a in _items(node.get("author")) if (p := self.party(a))), None)
        if claimant is None:
            claimant = {"unnamed": "a source the review does not name"}
            self.note(
                where,
                "import-filled",
                "the claim has no author: its claimant is recorded "
                "as an unnamed source; name them if you know who made the claim",
            )
        elif len(_items(node.get("author"))) > 1:
            self.note(
                where,
                "import-filled",
                "the claim has several authors; a claim record "
                "holds one claimant, so only the first was kept",
            )
        data["claimant"] = claimant
        _put(
            data,
            "dateMade",
            clean_date(node.get("datePublished")) or clean_date(node.get("dateCreated")),
        )
        relays: list[tuple[int, dict[str, Any]]] = []
        appearances: list[dict[str, Any]] = []
        for value in _items(node.get("appearance")):
            part = self.node(value)
            ident = part.get("@id") if part else None
            match = _RELAY.search(ident) if isinstance(ident, str) else None
            if match and part is not None:
                relay = self.relay(part)
                if relay:
                    relays.append((int(match[1]), relay))
                continue
            citation = self.citation(value)
            if citation and citation not in appearances:
                appearances.append(citation)
        _put(data, "relays", [r for _, r in sorted(relays, key=lambda r: r[0])])
        first = self.citation(node["firstAppearance"]) if node.get("firstAppearance") else None
        if not appearances and first:
            appearances.append(first)
        if not appearances:
            page = clean_url(review.get("url")) if review else None
            if page is None:
                raise Skip(
                    "import-unusable",
                    "the claim has no appearance and its review no url: a claim record needs "
                    "to say where the claim appeared",
                )
            appearances.append({"name": "The fact-check that reviewed the claim", "url": page})
            self.note(
                where,
                "import-filled",
                "the claim gives no appearance: the review's page "
                "is cited as where it appeared; add the original post or article if known",
            )
        data["appearances"] = appearances
        _put(data, "firstAppearance", first)
        _put(data, "topics", [t for v in _items(node.get("about")) if (t := self.topic(v))])
        language = clean_language(node.get("inLanguage"))
        if review is not None:
            language = language or clean_language(review.get("inLanguage"))
        language = language or self.site.language
        if language != "en":
            data["inLanguage"] = language
        return data

    def relay(self, node: dict[str, Any]) -> dict[str, Any] | None:
        by = next((p for a in _items(node.get("author")) if (p := self.party(a))), None)
        if by is None:
            return None
        relay: dict[str, Any] = {"by": by}
        _put(relay, "date", clean_date(node.get("datePublished")))
        _put(relay, "source", self.citation(node["isPartOf"]) if node.get("isPartOf") else None)
        return relay

    def review(self, item: Item, claim: dict[str, Any]) -> dict[str, Any]:
        node = item.node.value
        where = item.node
        rating = self.node(node.get("reviewRating")) or {}
        label = clean_text(rating.get("alternateName")) or clean_text(rating.get("name"))
        value = number_of(rating.get("ratingValue"))
        best, worst = number_of(rating.get("bestRating")), number_of(rating.get("worstRating"))
        if value == -1 or (value is not None and value < 0 and worst is None):
            value = None  # Google's markup uses -1 for "no numeric rating"
        if label is None and value is None:
            raise Skip(
                "import-unusable",
                "the ClaimReview has no rating: its reviewRating gives neither a label "
                "(alternateName) nor a ratingValue",
            )
        publisher = self.review_publisher(node)
        if publisher is None:
            raise Skip(
                "import-unusable",
                "the ClaimReview does not say who published it: no publisher, no "
                "organization among its authors, and no url",
            )
        date = (
            clean_date(node.get("datePublished"))
            or clean_date(node.get("dateCreated"))
            or clean_date(item.feed_date)
        )
        if date is None:
            raise Skip(
                "import-unusable",
                "the ClaimReview has no datePublished (nor a DataFeedItem dateCreated)",
            )
        own = publisher == self.site.publisher
        publisher_name = self._org_name(publisher)
        languages = tuple(
            lang
            for lang in (
                clean_language(node.get("inLanguage")),
                clean_language(claim.get("inLanguage")),
                self.site.language,
            )
            if lang
        )
        review: dict[str, Any] = {}
        if own:
            review["rating"] = self.own_label(label, value)
        else:
            review["rating"] = label if label is not None else f"{_number(value or 0):g}"
        summary = (
            clean_text(node.get("reviewBody"), MAX_LONG_TEXT)
            or clean_text(node.get("description"), MAX_LONG_TEXT)
            or clean_text(rating.get("ratingExplanation"), MAX_LONG_TEXT)
        )
        explanation = (
            clean_text(rating.get("ratingExplanation"), MAX_LONG_TEXT)
            or clean_text(node.get("reviewBody"), MAX_LONG_TEXT)
            or clean_text(node.get("description"), MAX_LONG_TEXT)
        )
        if summary is None or explanation is None:
            said = f"{publisher_name} rated the claim {review['rating']}."
            summary, explanation = summary or said, explanation or said
            self.note(
                where,
                "import-filled",
                "the ClaimReview has no reviewBody or "
                "ratingExplanation: the summary says only who rated the claim how",
            )
        review["summary"] = summary
        review["explanation"] = explanation
        review["datePublished"] = date
        _put(
            review,
            "authors",
            [p for a in _items(node.get("author")) if (p := self._person_ref(a))],
        )
        if not own:
            review["publisher"] = publisher
            _put(review, "url", clean_url(node.get("url")))
            if value is not None and not self._in_range(value, best, worst):
                self.note(
                    where,
                    "import-filled",
                    f"ratingValue {value:g} lies outside the "
                    "reviewer's bestRating and worstRating: the numbers were left out",
                )
                value = best = worst = None
            _put(review, "ratingValue", _number(value) if value is not None else None)
            _put(review, "bestRating", _number(best) if best is not None else None)
            _put(review, "worstRating", _number(worst) if worst is not None else None)
            review["ratingClass"] = self.rating_class(review["rating"], publisher_name, languages)
        language = clean_language(node.get("inLanguage"))
        if language and language != self.site.language:
            review["inLanguage"] = language
        _put(review, "corrections", self.corrections(node.get("correction"), date))
        _put(
            review, "sources", [c for v in _items(node.get("citation")) if (c := self.citation(v))]
        )
        return review

    @staticmethod
    def _in_range(value: float, best: float | None, worst: float | None) -> bool:
        if best is None or worst is None:
            return True
        return min(best, worst) <= value <= max(best, worst)

    def review_publisher(self, node: dict[str, Any]) -> str | None:
        if node.get("publisher") and (ident := self.organization(node["publisher"], reviewer=True)):
            return ident
        for author in _items(node.get("author")):
            found = self.node(author)
            if found is not None and self.types(found) & ORG_TYPES:
                ident = self.organization(found, reviewer=True)
                if ident:
                    return ident
        url = clean_url(node.get("url"))
        if url:
            host = (http_url(url) or "").split("/")[2].removeprefix("www.")
            return self.organization(
                {"@type": "Organization", "name": host, "url": f"https://{host}/"}, reviewer=True
            )
        return None

    def _org_name(self, ident: str) -> str:
        entity = self.entities.get("organization", ident)
        return str(entity.data.get("name", ident)) if entity else ident

    def own_label(self, label: str | None, value: float | None) -> str:
        """The site's label for one of its own reviews: the same label (case and spacing
        ignored) or the mapping file's; else Skip."""
        scale = self.site.scale
        labels = [s.label for s in scale.labels] + [s.label for s in scale.offScale]
        if label is not None:
            folded = {fold(x): x for x in labels}
            if fold(label) in folded:
                return folded[fold(label)]
            if fold(label) in self.mapping.scale:
                return self.mapping.scale[fold(label)]
            raise Skip(
                "import-rating-unmapped",
                f"the site's own review is rated '{label}', which is not on the site's scale "
                f"({', '.join(labels)}); map it in a file given with --ratings, e.g. "
                f'scale: {{"{label}": "{labels[0]}"}}',
            )
        matches = [s.label for s in scale.labels if value is not None and s.value == value]
        if len(matches) == 1:
            return matches[0]
        raise Skip(
            "import-rating-unmapped",
            f"the site's own review has no rating label, and its ratingValue {value} is not "
            "a value on the site's scale",
        )

    def rating_class(self, label: str, publisher: str, languages: tuple[str, ...]) -> str:
        found = classify(label, languages, self.mapping.classes)
        if found is None:
            key = (fold(label), publisher)
            self.unplaced.setdefault(key, Unplaced(label, publisher, languages))
            return RatingClass.OTHER.value
        return found.value

    def corrections(self, value: Any, published: str) -> list[dict[str, Any]]:
        found = []
        for part in _items(value):
            node = self.node(part)
            text = clean_text(node.get("text")) if node else clean_text(part)
            date = clean_date(node.get("datePublished")) if node else None
            if text and date and date >= published:
                found.append({"date": date, "text": text})
        return found

    def note(self, where: Located, code: str, message: str) -> None:
        self.notes.append(Note(where, code, message))
