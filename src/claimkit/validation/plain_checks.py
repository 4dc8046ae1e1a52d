"""The model-level checks of a record its schema accepted, worked out on its plain data.

Building a record's pydantic model and walking it costs about 40% of checking a file in a cold
run, and no worker needs the model: it sends back facts (and the data, which the catalog builds
models from). `plain_refs` proves on the data alone that the model path would find nothing to
say about a record: the model validates, and none of `model_checks` fires. It then returns the
record's references, as the model's `references()` gives them; otherwise it returns None, and
the caller takes the model path, which stays the reference and says what is wrong.

The proof is conservative: anything it does not follow (another fact-checker's review, media,
translations, pictures, numbers, the old layout, placeholders, a field with a pattern holding
anything but printable ASCII, where pydantic's and jsonschema-rs's regular expressions could
disagree) sends the record to the model path. Only records whose schema check passed may be
given to it: the schema has given every field its type, so a value read here is a string, a
list or a mapping as the schema says, or a null where a field may be left out (read as absent,
as the model reads it). tests/unit/test_plain_checks.py holds both paths to the same facts.
"""

from __future__ import annotations

from typing import Any

from claimkit.core.dates import certainly_before, problem
from claimkit.core.model_base import offset_seconds
from claimkit.core.models import Site
from claimkit.core.review_rules import contains_verdict, too_long
from claimkit.records.load import Document
from claimkit.validation.part_checks import known_language
from claimkit.validation.record_checks import DATE_KEYS, date_texts

# Keys whose values are free text (Text or LongText, no pattern): any character may be there.
# Every other string in a record has a pattern or an enumeration, and must be printable ASCII
# here, where the two regular expression engines surely agree.
_FREE_TEXT = frozenset(
    {
        "alt",
        "alternateName",
        "caption",
        "claimReviewed",
        "country",
        "credit",
        "description",
        "explanation",
        "headline",
        "identifier",
        "jobTitle",
        "name",
        "originalMediaContextDescription",
        "quote",
        "rating",
        "summary",
        "text",
        "unnamed",
    }
)
_PARTY_FORMS = ("person", "organization", "collective", "unnamed")
_NUMBERS = ("ratingValue", "bestRating", "worstRating")
# Parts of a review whose checks (picture alt, translations) are left to the model path.
_REVIEW_LEFT = ("image", "translations", "translationOf")

# The last site's scale: (the site, every label, the labels off the numeric scale).
_scale_memo: list[tuple[Site, frozenset[str], frozenset[str]]] = []


def _scale(site: Site) -> tuple[frozenset[str], frozenset[str]]:
    if _scale_memo and _scale_memo[0][0] is site:
        return _scale_memo[0][1], _scale_memo[0][2]
    off = frozenset(s.label for s in site.scale.offScale)
    labels = frozenset(s.label for s in site.scale.labels) | off
    _scale_memo[:] = [(site, labels, off)]
    return labels, off


def _plain_values(data: dict[str, Any]) -> bool:
    """Whether every string with a pattern is printable ASCII and every date a day of the
    calendar (what pydantic checks beyond the schema), walking the data; numbers and booleans
    are left to the model path."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        key, node = stack.pop()
        if node.__class__ is dict:
            items: Any = node.items()
        else:
            items = ((key, value) for value in node)
        for name, value in items:
            kind = value.__class__
            if kind is str:
                if name not in _FREE_TEXT and not (value.isascii() and value.isprintable()):
                    return False
                if name in DATE_KEYS and problem(value) is not None:
                    return False
            elif kind is dict or kind is list:
                stack.append((name, value))
            elif value is not None:
                return False
    return True


def _party(party: dict[str, Any], refs: set[str]) -> bool:
    if sum(1 for form in _PARTY_FORMS if party.get(form) is not None) != 1:
        return False
    for key, kind in (("person", "person"), ("organization", "organization")):
        if party.get(key):
            refs.add(f"{kind}:{party[key]}")
    if party.get("affiliation"):
        refs.add("organization:" + party["affiliation"])
    return True


def _citation(citation: dict[str, Any], refs: set[str]) -> bool:
    if all(citation.get(key) is None for key in ("article", "url", "name")):
        return False
    if citation.get("article"):
        refs.add("article:" + citation["article"])
    if citation.get("publisher"):
        refs.add("organization:" + citation["publisher"])
    return True


def _appearance(appearance: dict[str, Any], refs: set[str]) -> bool:
    if not _citation(appearance, refs):
        return False
    platform = appearance.get("platform")
    if platform is not None:
        if (platform.get("organization") is None) == (platform.get("name") is None):
            return False
        if platform.get("organization"):
            refs.add("organization:" + platform["organization"])
    author = appearance.get("author")
    if author is not None and not _party(author, refs):
        return False
    start, end = appearance.get("startTime"), appearance.get("endTime")
    return start is None or end is None or offset_seconds(end) > offset_seconds(start)


def _review(review: dict[str, Any], claim_text: str, made: str, site: Site, refs: set[str]) -> bool:
    """A review of the site's own that every check passes; anything else is left."""
    publisher = review.get("publisher")
    if publisher is not None and publisher != site.publisher:
        return False  # another fact-checker's review
    if any(key in review for key in _REVIEW_LEFT) or any(key in review for key in _NUMBERS):
        return False
    labels, off_scale = _scale(site)
    rating = review["rating"]
    if rating not in labels or rating in off_scale or contains_verdict(claim_text, rating):
        return False
    if not (review.get("summary") and review.get("explanation")):
        return False
    sources, authors = review.get("sources"), review.get("authors")
    if not sources or not authors:
        return False
    published = review["datePublished"]
    if certainly_before(published, made):
        return False
    modified = review.get("dateModified")
    if modified and certainly_before(modified, published):
        return False
    for correction in review.get("corrections") or ():
        if certainly_before(correction["date"], published):
            return False
    language = review.get("inLanguage")
    if language and not known_language(language):
        return False
    refs.update("person:" + author for author in authors)
    if publisher:
        refs.add("organization:" + publisher)
    return all(_citation(source, refs) for source in sources)


def _claim(data: dict[str, Any], site: Site, refs: set[str]) -> bool:
    if "claimant" in data:
        return False  # the old layout: a warning, and the model folds it
    claimants = data.get("claimants")
    if not claimants or not all(_party(party, refs) for party in claimants):
        return False
    for relay in data.get("relays") or ():
        if not _party(relay["by"], refs):
            return False
        source = relay.get("source")
        if source is not None and not _citation(source, refs):
            return False
    cited = list(data["appearances"])
    if data.get("firstAppearance") is not None:
        cited.append(data["firstAppearance"])
    if not all(_appearance(appearance, refs) for appearance in cited):
        return False
    refs.update("topic:" + topic for topic in data.get("topics") or ())
    language = data.get("inLanguage")
    if language is not None and not known_language(language):
        return False
    reviews = data.get("reviews")
    if not reviews:
        return True
    claim_text = data["claimReviewed"]
    made = data.get("dateMade")
    if not made or too_long(claim_text) is not None:
        return False
    if not any(a.get("article") or a.get("url") for a in cited):
        return False
    return all(_review(review, claim_text, made, site, refs) for review in reviews)


def _article(data: dict[str, Any], refs: set[str]) -> bool:
    modified = data.get("dateModified")
    if modified and certainly_before(modified, data["datePublished"]):
        return False
    language = data.get("inLanguage")
    if language is not None and not known_language(language):
        return False
    refs.add("organization:" + data["publisher"])
    refs.update("person:" + author for author in data.get("authors") or ())
    refs.update("topic:" + topic for topic in data.get("about") or ())
    return True


def plain_refs(doc: Document, kind: str, site: Site | None) -> tuple[str, str | None] | None:
    """The reference lines and the latest date text (as `record_checks.scan` finds it) of a
    record the schema accepted, when its model would validate and its model checks find
    nothing; None when that is not certain (take the model path)."""
    text, data = doc.text, doc.data
    if site is None or not text or "<TODO" in text or "archiveUrl" in text:
        return None
    if kind not in ("claim", "article", "person", "organization", "topic"):
        return None  # media and the site settings: the model path
    dates = date_texts(text)
    if doc.single_line and text.isascii() and "\\" not in text and "\x7f" not in text:
        # Every value is on one line of this ASCII text, as written, with no escape: the line
        # reader refuses control characters and JSON has none unescaped in a string, so every
        # value is printable ASCII; every date of the record (YYYY-MM-DD and more) starts with
        # one of the dates found in the text.
        if any(problem(date) is not None for date in dates):
            return None
    elif not _plain_values(data):
        return None
    refs: set[str] = set()
    if kind == "claim":
        if not _claim(data, site, refs):
            return None
    elif kind == "article":
        if not _article(data, refs):
            return None
    elif kind == "person" and data.get("affiliation"):
        refs.add("organization:" + data["affiliation"])
    return "\n".join(sorted(refs)), max(dates) if dates else None
