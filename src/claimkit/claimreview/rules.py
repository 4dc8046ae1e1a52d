"""The rules on ClaimReview markup (Google's documented guidelines, which Fact Check Explorer and
the Fact Check Tools API read by), applied to the JSON-LD of one page or feed."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

from claimkit.claimreview.media import check_media_review
from claimkit.claimreview.rating_rules import RatingRules, describe
from claimkit.claimreview.rating_rules import number_of as number_of
from claimkit.claimreview.read import Found, Located, Page, http_url, iri_of, text_of, type_names
from claimkit.core.diagnostics import Diagnostic
from claimkit.core.review_rules import (
    contains_verdict,
    contains_verdict_message,
    too_long,
    too_long_message,
)


def _has_url(appearance: Any) -> bool:
    """Whether an appearance gives an address: a URL, a reference by URL, or a url property."""
    if isinstance(appearance, dict):
        if not set(appearance) - {"@id", "@context"}:
            return http_url(iri_of(appearance)) is not None
        return http_url(iri_of(appearance.get("url"))) is not None
    return http_url(text_of(appearance)) is not None


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


# Where the address a review's url is held to comes from when it is a DataFeed's own url.
FEED_URL_SOURCE = "the DataFeed's url"


class Rules(RatingRules):
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
                    f"this is another ClaimReview {where} (the first is at line {line}); the "
                    "Fact Check Tools API files every ClaimReview of a page under the page's one "
                    "url, publication date and author: give each fact check its own page",
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
                    claim_field, "claimreviewed-contains-verdict", contains_verdict_message(verdict)
                )
        date = node.get("datePublished")
        if date is None or not (text_of(date.value) or "").strip():
            self.report(
                date or node,
                "claimreview-missing-date",
                "the ClaimReview has no datePublished; add the date the fact check was published",
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
        length = too_long(text)
        if length is not None:
            self.report(found, "claimreviewed-too-long", too_long_message(length))
        return text

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
        if (
            review_host
            and page_host
            and not same_site(review_host, page_host)
            and self.speaks_for(node, page_host)
        ):
            self.report(
                found,
                "claimreview-url-offsite",
                f"url is on {review_host}, but the page is on {page_host} (from "
                f"{self.url_source}); Google's guidelines require the url on the page's own "
                "domain or a subdomain of it",
            )

    def speaks_for(self, node: Located, page_host: str) -> bool:
        """Whether the page's host speaks for the review: always for a page; for a DataFeed,
        only when one of the review's authors is on the feed's host (an aggregator's feed lists
        other publishers' reviews, each rightly on its own site)."""
        if self.url_source != FEED_URL_SOURCE:
            return True
        found = node.get("author")
        for item in found.each() if found else []:
            author = self.resolve(item).value
            url = http_url(iri_of(author.get("url"))) if isinstance(author, dict) else None
            host = host_of(url) if url else None
            if host and same_site(host, page_host):
                return True
        return False

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
        that gives an address; a CreativeWork or other object in its place is held to the same
        (consumers read its author, date and appearances just as well)."""
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
            if not isinstance(claim.value, dict):
                return
        self.claim_author(claim)
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

    def claim_author(self, claim: Located) -> None:
        """Check that the claim has an author and that each author has a name."""
        found = claim.get("author")
        if found is None:
            self.report(
                claim,
                "claim-missing-author",
                "the Claim has no author; add the person or organization who made the claim",
            )
            return
        for item in found.each():
            author = self.resolve(item)
            value = author.value
            if isinstance(value, str) and value.strip():
                continue  # a name given as text: schema.org allows it, and readers see it
            if isinstance(value, dict) and not set(value) - {"@id", "@context"}:
                continue  # described elsewhere, such as on the claimant's own page
            name = author.get("name") if isinstance(value, dict) else None
            if name is None or not (text_of(name.value) or "").strip():
                self.report(
                    item,
                    "claim-missing-author",
                    "the Claim's author has no name; give the person or organization who made "
                    "the claim a name (for an unnamed source, how the report describes it, such "
                    "as 'a Western diplomat')",
                )
