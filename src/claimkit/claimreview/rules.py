"""Google's documented ClaimReview requirements, applied to the JSON-LD of one page or feed."""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from claimkit.claimreview.media import check_media_review
from claimkit.claimreview.read import Found, Located, Page, http_url, iri_of, text_of, type_names
from claimkit.core.diagnostics import Diagnostic

MAX_CLAIM_LENGTH = 75
# schema.org: "If bestRating is omitted, 5 is assumed"; "If worstRating is omitted, 1 is assumed".
DEFAULT_BEST, DEFAULT_WORST = 5.0, 1.0
_NUMBER = re.compile(r"^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$")


def number_of(value: Any) -> float | None:
    """A finite number given as a JSON number or a numeric string; None for anything else."""
    if isinstance(value, list) and len(value) == 1:
        return number_of(value[0])
    if isinstance(value, dict) and "@value" in value:
        return number_of(value["@value"])
    try:
        if isinstance(value, str) and _NUMBER.match(value):
            value = float(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        number = float(value)
    except (OverflowError, ValueError):
        return None  # too large for a number: not a usable rating
    return number if math.isfinite(number) else None


def describe(value: Any) -> str:
    """A short phrase for a value in a message; never the whole value."""
    if isinstance(value, str):
        if not value.strip():
            return "empty text"
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{short}'"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        try:
            return f"the number {_num(float(value))}"
        except OverflowError:
            return "a number too large to use"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null"


def _num(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else str(value)


def _has_url(appearance: Any) -> bool:
    """Whether an appearance gives an address: a URL, a reference by URL, or a url property."""
    if isinstance(appearance, dict):
        if not set(appearance) - {"@id", "@context"}:
            return http_url(iri_of(appearance)) is not None
        return http_url(iri_of(appearance.get("url"))) is not None
    return http_url(text_of(appearance)) is not None


def contains_verdict(claim: str, verdict: str) -> bool:
    """Whether the verdict occurs in the claim as a whole word or phrase, ignoring case."""
    words = verdict.split()
    if not words:
        return False
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
    return re.search(pattern, claim, re.IGNORECASE) is not None


def host_of(url: str) -> str | None:
    """The host of a URL in lower case, without a leading `www.` or a trailing dot."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.rstrip(".").removeprefix("www.") if host else None


def same_site(review_host: str, page_host: str) -> bool:
    """The same host, or one a subdomain of the other."""
    return (
        review_host == page_host
        or review_host.endswith("." + page_host)
        or page_host.endswith("." + review_host)
    )


class Rules:
    """Checks the ClaimReviews of one page and collects the diagnostics."""

    def __init__(
        self,
        page: Page,
        found: list[Found],
        index: dict[str, Located],
        page_url: str | None,
        url_source: str,
    ) -> None:
        self.page = page
        self.found = found
        self.index = index
        self.page_url = page_url
        self.url_source = url_source
        self.diagnostics: list[Diagnostic] = []

    def report(self, where: Located, code: str, message: str) -> None:
        """Record a problem found at `where` on this page."""
        self.diagnostics.append(Diagnostic.make(self.page.path, where.position, code, message))

    def resolve(self, node: Located) -> Located:
        """The full node that a bare {"@id": ...} reference names, when the page describes it."""
        value = node.value
        if isinstance(value, dict) and not set(value) - {"@id", "@context"}:
            return self.index.get(str(value.get("@id")), node)
        return node

    def check(self, is_page: bool) -> int:
        """Check every ClaimReview and MediaReview; returns how many distinct reviews there are.

        One ClaimReview per page applies to a page (an HTML file, or JSON-LD given a page URL)
        and to each DataFeedItem; a plain JSON-LD file is data, such as a dump of a whole site.
        """
        first: dict[int, Found] = {}
        seen: set[tuple[int, str]] = set()
        count = 0
        for found in self.found:
            ident = found.node.value.get("@id")
            if isinstance(ident, str):
                if (found.unit, ident) in seen:
                    continue  # the same ClaimReview described twice, as JSON-LD allows
                seen.add((found.unit, ident))
            count += 1
            if found.media:
                check_media_review(found.node, found.schema_context, self.resolve, self.report)
                continue
            if found.unit in first and (is_page or found.unit != 0):
                where = "on this page" if found.unit == 0 else "in this DataFeedItem"
                line = first[found.unit].node.position.line
                self.report(
                    found.node,
                    "claimreview-multiple",
                    f"this is another ClaimReview {where} (the first is at line {line}); "
                    "Google reads one ClaimReview per page: give each fact check its own page",
                )
            first.setdefault(found.unit, found)
            self.review(found)
        return count

    def review(self, found: Found) -> None:
        """Check one ClaimReview: its @context, claimReviewed (which must not give the verdict
        away), rating, url, authors and itemReviewed."""
        node = found.node
        if not found.schema_context:
            self.report(
                node,
                "jsonld-context",
                "the ClaimReview's @context is missing or is not schema.org, so its terms are "
                'not schema.org terms; add "@context": "https://schema.org"',
            )
        claim = self.claim_reviewed(node)
        verdicts = self.ratings(node)
        claim_field = node.get("claimReviewed")
        for verdict in verdicts:
            if claim and claim_field and contains_verdict(claim, verdict):
                self.report(
                    claim_field,
                    "claimreviewed-contains-verdict",
                    f"claimReviewed contains the verdict '{verdict}'; state the claim as it was "
                    "made and leave the verdict to the rating's alternateName",
                )
        self.url(node)
        self.authors(node)
        self.item_reviewed(node)

    def claim_reviewed(self, node: Located) -> str | None:
        """Check that claimReviewed is a short text; return the text, or None when it is missing
        or not text."""
        found = node.get("claimReviewed")
        if found is None:
            self.report(
                node,
                "claimreview-missing-claimreviewed",
                "the ClaimReview has no claimReviewed; add a short summary of the claim it checks",
            )
            return None
        text = text_of(found.value)
        if text is None or not text.strip():
            self.report(
                found,
                "claimreview-missing-claimreviewed",
                f"claimReviewed is {describe(found.value)}; it must be a short text that states "
                "the claim",
            )
            return None
        if len(text.strip()) > MAX_CLAIM_LENGTH:
            self.report(
                found,
                "claimreviewed-too-long",
                f"claimReviewed is {len(text.strip())} characters long; Google advises at most "
                f"{MAX_CLAIM_LENGTH} so that it shows without wrapping on a phone: shorten it",
            )
        return text

    def ratings(self, node: Located) -> list[str]:
        """Check each Rating of the reviewRating; return the verdicts they give."""
        found = node.get("reviewRating")
        if found is None:
            self.report(
                node,
                "claimreview-missing-rating",
                "the ClaimReview has no reviewRating; add a Rating whose alternateName is the "
                "verdict",
            )
            return []
        verdicts: list[str] = []
        for item in found.each():
            rating = self.resolve(item)
            if not isinstance(rating.value, dict):
                self.report(
                    item,
                    "claimreview-missing-rating",
                    f"reviewRating is {describe(item.value)}, not a Rating; write an object such "
                    'as {"@type": "Rating", "alternateName": "False"}',
                )
                continue
            verdict = self.rating(rating)
            if verdict:
                verdicts.append(verdict)
        return verdicts

    def rating(self, rating: Located) -> str | None:
        """Check one Rating: its verdict in alternateName, and its numbers if it has a
        ratingValue; return the verdict, if any."""
        name = rating.get("alternateName")
        verdict = text_of(name.value) if name else None
        if verdict is None or not verdict.strip():
            self.report(
                name or rating,
                "rating-missing-alternatename",
                "the reviewRating has no alternateName; add the verdict as text (such as "
                "'Mostly false'): it is the only part of the rating that readers are shown",
            )
            verdict = None
        value = rating.get("ratingValue", keep_empty=True)
        if value is None:
            self.report(
                rating,
                "rating-missing-value",
                "the reviewRating has no ratingValue; add the verdict's number on the scale "
                "from worstRating to bestRating",
            )
            return verdict
        numbers: dict[str, float] = {}
        numeric = True
        for prop in ("ratingValue", "bestRating", "worstRating"):
            given = rating.get(prop, keep_empty=True)
            if given is None:
                continue
            number = number_of(given.value)
            if number is None:
                numeric = False
                self.report(
                    given,
                    "rating-value-not-numeric",
                    f"{prop} is {describe(given.value)}, not a number; write a number such as 3"
                    + (" or leave ratingValue out" if prop == "ratingValue" else ""),
                )
            else:
                numbers[prop] = number
        if numeric:
            self.scale(rating, value, numbers)
        return verdict

    def scale(self, rating: Located, value: Located, numbers: dict[str, float]) -> None:
        """Check that a Rating states its scale, that the scale runs upward, and that the
        ratingValue lies on it; `numbers` holds the numbers given."""
        best_field = rating.get("bestRating", keep_empty=True)
        worst_field = rating.get("worstRating", keep_empty=True)
        if best_field is None or worst_field is None:
            self.report(
                value,
                "rating-missing-scale",
                "the reviewRating has a ratingValue but no "
                + " or ".join(p for p in ("bestRating", "worstRating") if rating.get(p) is None)
                + "; schema.org then assumes bestRating 5 and worstRating 1: state the scale",
            )
        best = numbers.get("bestRating", DEFAULT_BEST)
        worst = numbers.get("worstRating", DEFAULT_WORST)
        bounds = (
            f"worstRating {_num(worst)}{'' if worst_field else ' (the schema.org default)'} to "
            f"bestRating {_num(best)}{'' if best_field else ' (the schema.org default)'}"
        )
        if best <= worst:
            self.report(
                best_field or worst_field or rating,
                "rating-scale-invalid",
                f"the rating scale runs from {bounds}; bestRating must be greater than worstRating",
            )
            return
        number = numbers["ratingValue"]
        if not worst <= number <= best:
            hint = (
                ", or, for a claim that cannot be rated, leave ratingValue out and give the "
                "verdict in alternateName alone"
                if number < worst
                else ""
            )
            self.report(
                value,
                "rating-out-of-range",
                f"ratingValue {_num(number)} is outside the rating scale, which runs from "
                f"{bounds}: give a value on the scale{hint}",
            )

    def url(self, node: Located) -> None:
        """Check that the url is the full http(s) address of a page on the domain of the page
        that carries it (when that is known)."""
        found = node.get("url")
        if found is None:
            self.report(
                node,
                "claimreview-missing-url",
                "the ClaimReview has no url; add the address of the page that carries the "
                "fact check",
            )
            return
        text = iri_of(found.value)
        if text is None or not text.strip():
            self.report(
                found,
                "claimreview-url-invalid",
                f"url is {describe(found.value)}, not a URL; write the address of the page that "
                "carries the fact check",
            )
            return
        absolute = http_url(text)
        if absolute is None:
            try:
                scheme = urlsplit(text.strip()).scheme
            except ValueError:
                scheme = "?"
            if scheme:
                self.report(
                    found,
                    "claimreview-url-invalid",
                    f"url '{text.strip()}' is not an http(s) address; write the address of the "
                    "page that carries the fact check",
                )
                return
            self.report(
                found,
                "claimreview-url-relative",
                f"url '{text.strip()}' is relative; write the page's full address, because "
                "feeds and fact-check search tools read the markup without the page",
            )
            absolute = urljoin(self.page_url, text.strip()) if self.page_url else None
        review_host = host_of(absolute) if absolute else None
        page_host = host_of(self.page_url) if self.page_url else None
        if review_host and page_host and not same_site(review_host, page_host):
            self.report(
                found,
                "claimreview-url-offsite",
                f"url is on {review_host}, but the page is on {page_host} (from "
                f"{self.url_source}); Google requires the url on the page's own domain or a "
                "subdomain of it",
            )

    def authors(self, node: Located) -> None:
        """Check that each author is an object with a name and a url."""
        found = node.get("author")
        if found is None:
            self.report(
                node,
                "claimreview-missing-author",
                "the ClaimReview has no author; add the organization that publishes the fact "
                "check, with its name and url",
            )
            return
        for item in found.each():
            author = self.resolve(item)
            value = author.value
            if isinstance(value, str):
                self.report(
                    item,
                    "author-missing-url",
                    f"author is {describe(value)}, with no url; write an Organization or Person "
                    "object with name and url",
                )
                continue
            if not isinstance(value, dict):
                self.report(
                    item,
                    "author-missing-name",
                    f"author is {describe(value)}; write an Organization or Person object with "
                    "name and url",
                )
                continue
            if not set(value) - {"@id", "@context"}:
                self.report(
                    item,
                    "author-missing-name",
                    f"author refers to {value.get('@id')!s}, which the markup here does not "
                    "describe; give the author's name and url",
                )
                continue
            name_field = author.get("name")
            name = text_of(name_field.value) if name_field else None
            if not name or not name.strip():
                self.report(
                    author,
                    "author-missing-name",
                    "the author has no name; add the name of the organization or person that "
                    "published the fact check",
                )
            url = author.get("url")
            if url is None or not iri_of(url.value):
                who = f"the author '{name.strip()}'" if name and name.strip() else "the author"
                self.report(
                    author,
                    "author-missing-url",
                    f"{who} has no url; add the address of its home page",
                )

    def item_reviewed(self, node: Located) -> None:
        """Check that itemReviewed is a Claim with an author, a datePublished and an appearance
        that gives an address."""
        found = node.get("itemReviewed")
        if found is None:
            self.report(
                node,
                "claim-missing-item-reviewed",
                "the ClaimReview has no itemReviewed; add the Claim it reviews, with the claim's "
                "author, datePublished and appearance",
            )
            return
        claim = self.resolve(found.each()[0])
        types = type_names(claim.value.get("@type")) if isinstance(claim.value, dict) else set()
        if "Claim" not in types:
            what = (
                f"a {'/'.join(sorted(types))}"
                if types
                else "an object without @type"
                if isinstance(claim.value, dict)
                else describe(claim.value)
            )
            self.report(
                claim,
                "claim-missing-item-reviewed",
                f'itemReviewed is {what}, not a Claim; give it "@type": "Claim" with the '
                "claim's author, datePublished and appearance",
            )
            return
        if claim.get("author") is None:
            self.report(
                claim,
                "claim-missing-author",
                "the Claim has no author; add the person or organization who made the claim",
            )
        date = claim.get("datePublished")
        if date is None or not (text_of(date.value) or "").strip():
            self.report(
                claim,
                "claim-missing-date",
                "the Claim has no datePublished; add the date the claim was made or first "
                "entered public discourse",
            )
        given = [claim.get("appearance"), claim.get("firstAppearance")]
        appearances = [self.resolve(item) for found in given if found for item in found.each()]
        if not appearances:
            self.report(
                claim,
                "claim-missing-appearance",
                "the Claim has neither appearance nor firstAppearance; add the address of a "
                "page, post or video where the claim appears",
            )
        elif not any(_has_url(a.value) for a in appearances):
            self.report(
                claim,
                "claim-missing-appearance",
                "none of the Claim's appearances gives a url; add the address of a page, post "
                "or video where the claim appears",
            )
