"""write_dumps (the fast path) writes the plain writer's bytes for any catalog, not only ours.

Hypothesis builds small catalogs straight from the models: a site with its rating scale,
organizations (with logos), people (with pictures), topics, articles, claims with one or more
claimants (people, organizations, collectives, unnamed sources; the old single claimant too),
relays, appearances (old-style citations, and typed works with platforms, authors, time ranges
and archive lists) and reviews (the site's own, with scale, off-scale or unknown labels, and
other fact-checkers' with numbers and rating pictures; headlines, pictures, licences,
identifiers, translations), and media records with MediaReviews. Dates come at every precision.
Each text is of one sort (nothing to escape; quotes; backslashes; control characters;
non-printable characters that need no escape; other scripts; anything), so that a fast path
that mishandles one sort shows; URLs include ones Turtle may shorten to schema: or xsd: names. Each catalog's four dumps, written both ways, must be the same
bytes: the comparison test_ld_dumps_fast makes on the bundled and generated records.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from ld_support import assert_same_dumps, plain_dumps

from claimkit.core.catalog import Catalog
from claimkit.core.model_base import URL_PATTERN
from claimkit.core.models import (
    Appearance,
    Article,
    ArticleType,
    Citation,
    Claim,
    Collective,
    CollectiveKind,
    Correction,
    Image,
    License,
    Media,
    MediaAuthenticity,
    MediaReview,
    MediaType,
    OffScaleLabel,
    Organization,
    OrganizationKind,
    Party,
    Person,
    Picture,
    Platform,
    RatingClass,
    RatingScale,
    Record,
    Relay,
    Review,
    ScaleLabel,
    Site,
    SiteLicense,
    Topic,
    TopicType,
    Translation,
    WorkType,
)
from claimkit.linked_data.export import write_dumps

Draw = Callable[[st.SearchStrategy[Any]], Any]

# Texts of one sort each, so that each way of needing escapes shows alone: nothing to escape;
# a quote or a backslash (printable, but escaped in every dump); control characters (escaped);
# characters that are not printable but need no escape (NEL, no-break space, line and paragraph
# separators, BOM); other scripts; and any character at all.
_ALPHABETS = [
    "abc xyz ABC 019-.,'",
    'ab "',
    "ab \\",
    "ab\n\r\t\x00\x01\x08\x0c\x1b\x1f\x7f",
    "ab\x85\xa0\u2028\u2029\ufeff",
    "abé中😀",
]
TEXT = st.one_of(
    *(st.text(alphabet, min_size=1, max_size=10) for alphabet in _ALPHABETS),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=10),
)
_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
SLUG = st.builds(
    "{}{}".format,
    st.text(_ALNUM, min_size=1, max_size=6),
    st.just("") | st.text(_ALNUM, min_size=1, max_size=3).map("-{}".format),
)
LANGUAGE = st.sampled_from(["en", "uk", "fil", "de-AT", "zh-Hant-TW"])
_DATES = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))
# A date at each precision a record may give: a year, a month, a day, a date-time with a zone.
DAY = st.one_of(
    _DATES.map(dt.date.isoformat),
    _DATES.map(lambda d: d.isoformat()[:7]),
    _DATES.map(lambda d: d.isoformat()[:4]),
    st.builds(
        "{}T{:02d}:{:02d}{}".format,
        _DATES.map(dt.date.isoformat),
        st.integers(0, 23),
        st.integers(0, 59),
        st.sampled_from(["Z", "+03:00", ":30Z", ":05.25-04:30"]),
    ),
)
OFFSET = st.sampled_from(["0:45", "12:05", "1:02:30", "0:00.5"])
# A URL's host: letters and digits of any script. The rest: what URL_PATTERN allows, with the
# odd control character (allowed: not whitespace).
_HOST = st.text(
    st.sampled_from("abcxyz019-.") | st.characters(categories=["L", "N"]), min_size=1, max_size=8
)
_REST = st.text(
    st.sampled_from("abcxyz019-._~%!$&'()*+,;=:@/?#\x01\x7f")
    | st.characters(
        codec="utf-8",
        exclude_categories=["Cc", "Zs", "Zl", "Zp"],
        exclude_characters='<>"{}|\\^`',
    ),
    max_size=10,
)
URL = st.one_of(
    st.sampled_from(
        [
            "https://example.org/a",
            "https://example.org/a?q=1&r=%20#frag",
            "http://schema.org/Thing",  # Turtle: schema:Thing
            "http://schema.org/a/b",  # under schema: but no prefixed name
            "http://www.w3.org/2001/XMLSchema#string",  # Turtle: xsd:string
            "https://пример.рф/путь",
        ]
    ),
    # Only URLs records may hold (an authority a URL parser takes: not `http://0[`).
    st.builds("{}://{}{}".format, st.sampled_from(["http", "https"]), _HOST, _REST).filter(
        lambda url: re.match(URL_PATTERN, url) is not None
    ),
)
# No site URL with a fragment (https://example.org/a#b/): the plain writer then takes every
# page for one page (the IRI before "#") and the fast path does not. Such a URL is no site
# address; refusing it is the validator's job, so the difference is left out here.
SITE_URL = st.sampled_from(
    ["https://factcheck.example.org/", "https://example.org/desk", "http://schema.org/"]
)
FLOAT = st.floats(-1000, 1000, allow_nan=False, allow_infinity=False)
# Strategies made once: a composite that makes its strategies as it draws spends its time
# checking them.
MAYBE_TEXT, MAYBE_URL, MAYBE_DAY, MAYBE_FLOAT, MAYBE_LANGUAGE = (
    st.none() | strategy for strategy in (TEXT, URL, DAY, FLOAT, LANGUAGE)
)
MAYBE_CLASS = st.none() | st.sampled_from(RatingClass)
MAYBE_OFFSET = st.none() | OFFSET
# An imported picture may lack its alt, a licence its name.
PICTURE = st.none() | st.builds(Picture, url=URL, alt=MAYBE_TEXT)
LICENSE = st.none() | st.builds(License, name=MAYBE_TEXT, url=URL)
IMAGE = st.builds(Image, url=MAYBE_URL, caption=TEXT, credit=MAYBE_TEXT, dateCreated=MAYBE_DAY)
CORRECTIONS = st.lists(st.builds(Correction, date=DAY, text=TEXT), max_size=2)
_BELOW = [st.integers(0, n - 1) for n in range(1, 9)]  # _BELOW[n - 1]: 0 to n - 1
_COUNT = [st.integers(0, n) for n in range(4)]  # _COUNT[n]: 0 to n


def _one(draw: Draw, ids: list[str]) -> str:
    return ids[draw(_BELOW[len(ids) - 1])]


def _maybe_one(draw: Draw, ids: list[str]) -> str | None:
    return _one(draw, ids) if ids and draw(st.booleans()) else None


def _some(draw: Draw, ids: list[str]) -> list[str]:
    """Up to three of the ids, repeats allowed."""
    return [_one(draw, ids) for _ in range(draw(_COUNT[3]))] if ids else []


def _party(draw: Draw, people: list[str], orgs: list[str]) -> Party:
    choice = draw(_BELOW[3 if people else 2])
    if choice == 3:
        return Party(person=_one(draw, people))
    if choice == 2:
        return Party(organization=_one(draw, orgs))
    if choice == 1:
        kind = draw(st.sampled_from(CollectiveKind))
        collective = Collective(name=draw(TEXT), kind=kind)
        return Party(collective=collective, affiliation=_maybe_one(draw, orgs))
    return Party(unnamed=draw(TEXT), affiliation=_maybe_one(draw, orgs))


def _appearance(draw: Draw, people: list[str], orgs: list[str], articles: list[str]) -> Appearance:
    """An appearance: an old-style citation, or a typed work with its new fields."""
    plain = _citation(draw, orgs, articles, Appearance)
    assert isinstance(plain, Appearance)
    if draw(_BELOW[2]) == 0:
        return plain
    platform = None
    if draw(st.booleans()):
        organization = _maybe_one(draw, orgs)
        platform = Platform(organization=organization, name=None if organization else draw(TEXT))
    return plain.model_copy(
        update={
            "type": draw(st.none() | st.sampled_from(WorkType)),
            "platform": platform,
            "author": _party(draw, people, orgs) if draw(st.booleans()) else None,
            "startTime": draw(MAYBE_OFFSET),
            "endTime": draw(MAYBE_OFFSET),
            "archivedAt": draw(st.lists(URL, max_size=2)),
        }
    )


def _translation(draw: Draw, claims: list[str]) -> Translation:
    if claims and draw(st.booleans()):
        return Translation(claim=_one(draw, claims))
    return Translation(url=draw(URL), inLanguage=draw(MAYBE_LANGUAGE))


def _review_extras(draw: Draw, claims: list[str]) -> dict[str, Any]:
    """The fields reviews gained in model v2, each there or not."""
    return {
        "headline": draw(MAYBE_TEXT),
        "dateModified": draw(MAYBE_DAY),
        "identifier": draw(MAYBE_TEXT),
        "image": draw(PICTURE),
        "license": draw(LICENSE),
        "translations": [_translation(draw, claims) for _ in range(draw(_COUNT[2]))],
        "translationOf": _translation(draw, claims) if draw(st.booleans()) else None,
    }


def _citation(
    draw: Draw, orgs: list[str], articles: list[str], model: type[Citation] = Citation
) -> Citation:
    article = _maybe_one(draw, articles)
    url = draw(MAYBE_URL)
    return model(
        article=article,
        name=draw(TEXT if article is None and url is None else MAYBE_TEXT),
        url=url,
        publisher=_maybe_one(draw, orgs),
        archiveUrl=draw(MAYBE_URL),
        date=draw(MAYBE_DAY),
    )


def _review(
    draw: Draw, site: Site, people: list[str], orgs: list[str], own: bool, claims: list[str]
) -> Review:
    numbers: dict[str, Any] = {}
    if own:
        labels = [s.label for s in site.scale.labels] + [s.label for s in site.scale.offScale]
        # A label off the scale, or unknown, gets no numbers.
        rating = _one(draw, labels) if draw(_BELOW[3]) else draw(TEXT)
        publisher = site.publisher if draw(st.booleans()) else None
    else:
        rating = draw(TEXT)
        publisher = _one(draw, [o for o in orgs if o != site.publisher])
        numbers = {
            "url": draw(MAYBE_URL),
            "ratingValue": draw(MAYBE_FLOAT),
            "bestRating": draw(MAYBE_FLOAT),
            "worstRating": draw(MAYBE_FLOAT),
            "ratingClass": draw(MAYBE_CLASS),
            "ratingImage": draw(MAYBE_URL),
        }
    # Another fact-checker's review may give no summary or explanation; the site's own do.
    return Review(
        rating=rating,
        summary=draw(TEXT if own else MAYBE_TEXT),
        explanation=draw(TEXT if own else MAYBE_TEXT),
        datePublished=draw(DAY),
        authors=_some(draw, people),
        publisher=publisher,
        inLanguage=draw(MAYBE_LANGUAGE),
        corrections=draw(CORRECTIONS),
        sources=[_citation(draw, orgs, []) for _ in range(draw(_COUNT[2]))],
        **_review_extras(draw, claims),
        **numbers,
    )


def _media_review(
    draw: Draw, site: Site, people: list[str], orgs: list[str], own: bool, claims: list[str]
) -> MediaReview:
    others = [o for o in orgs if o != site.publisher]
    publisher = (site.publisher if draw(st.booleans()) else None) if own else _one(draw, others)
    return MediaReview(
        mediaAuthenticityCategory=draw(st.sampled_from(MediaAuthenticity)),
        originalMediaLink=draw(MAYBE_URL),
        originalMediaContextDescription=draw(MAYBE_TEXT),
        explanation=draw(MAYBE_TEXT),
        summary=draw(TEXT if own else MAYBE_TEXT),
        datePublished=draw(DAY),
        authors=_some(draw, people),
        publisher=publisher,
        url=None if own else draw(MAYBE_URL),
        inLanguage=draw(MAYBE_LANGUAGE),
        corrections=draw(CORRECTIONS),
        sources=[_citation(draw, orgs, []) for _ in range(draw(_COUNT[1]))],
        **_review_extras(draw, claims),
    )


def _media(draw: Draw, ident: str, site: Site, ids: dict[str, list[str]]) -> Media:
    orgs, people, claims = ids["organization"], ids["person"], ids["claim"]
    reviews = [_media_review(draw, site, people, orgs, True, claims)] if draw(_BELOW[3]) else []
    if len(orgs) > 1 and not draw(_BELOW[3]):
        external = _media_review(draw, site, people, orgs, False, claims)
        reviews.insert(draw(_COUNT[len(reviews)]), external)
    return Media(
        id=ident,
        type=draw(st.sampled_from(MediaType)),
        name=draw(TEXT),
        description=draw(MAYBE_TEXT),
        contentUrl=draw(MAYBE_URL),
        embedUrl=draw(MAYBE_URL),
        startTime=draw(MAYBE_OFFSET),
        endTime=draw(MAYBE_OFFSET),
        author=_party(draw, people, orgs) if draw(st.booleans()) else None,
        dateCreated=draw(MAYBE_DAY),
        appearances=[
            _appearance(draw, people, orgs, ids["article"]) for _ in range(1 + draw(_COUNT[2]))
        ],
        claims=_some(draw, claims),
        topics=_some(draw, ids["topic"]),
        inLanguage=draw(st.none() | st.just("unknown") | LANGUAGE),
        reviews=reviews,
    )


def _site(draw: Draw, publisher: str) -> Site:
    values = draw(st.lists(st.integers(-3, 9), min_size=2, max_size=4))
    labels = [
        ScaleLabel(label=f"{draw(TEXT)} {i}", value=value, ratingClass="other", description="d")
        for i, value in enumerate(values)
    ]
    unverified = OffScaleLabel(label="Unverified", ratingClass="other", description="d")
    return Site(
        title=draw(TEXT),
        url=draw(SITE_URL),
        description=draw(TEXT),
        language=draw(LANGUAGE),
        publisher=publisher,
        license=SiteLicense(name="CC BY 4.0", url=draw(URL)),
        scale=RatingScale(labels=labels, offScale=[unverified]),
    )


def _claim(draw: Draw, ident: str, site: Site, ids: dict[str, list[str]]) -> Claim:
    orgs, people, articles = ids["organization"], ids["person"], ids["article"]
    relays = [
        Relay(
            by=_party(draw, people, orgs),
            date=draw(MAYBE_DAY),
            source=_citation(draw, orgs, articles) if draw(st.booleans()) else None,
        )
        for _ in range(draw(_COUNT[2]))
    ]
    # Most claims carry the site's review; some none; some another fact-checker's as well.
    claims = ids["claim"]
    reviews = [_review(draw, site, people, orgs, True, claims)] if draw(_BELOW[3]) else []
    if len(orgs) > 1 and not draw(_BELOW[3]):
        external = _review(draw, site, people, orgs, False, claims)
        reviews.insert(draw(_COUNT[len(reviews)]), external)
    # The old single claimant, or one to three claimants.
    parties = [_party(draw, people, orgs) for _ in range(1 + draw(_COUNT[2]))]
    old = len(parties) == 1 and draw(st.booleans())
    return Claim(
        id=ident,
        claimReviewed=draw(TEXT),
        quote=draw(MAYBE_TEXT),
        quoteLanguage=draw(MAYBE_LANGUAGE),
        claimant=parties[0] if old else None,
        claimants=[] if old else parties,
        dateMade=draw(MAYBE_DAY),
        relays=relays,
        appearances=[_appearance(draw, people, orgs, articles) for _ in range(1 + draw(_COUNT[2]))],
        firstAppearance=_appearance(draw, people, orgs, articles) if draw(st.booleans()) else None,
        topics=_some(draw, ids["topic"]),
        inLanguage=draw(st.none() | st.just("unknown") | LANGUAGE),
        reviews=reviews,
    )


@st.composite
def catalogs(draw: Draw) -> Catalog:
    """A small catalog whose references all resolve."""
    ids = {
        kind: draw(st.lists(SLUG, min_size=least, max_size=most, unique=True))
        for kind, least, most in (
            ("organization", 1, 4),
            ("person", 0, 3),
            ("topic", 0, 3),
            ("article", 0, 3),
            ("claim", 1, 4),
            ("media", 0, 2),
        )
    }
    orgs, people, topics = ids["organization"], ids["person"], ids["topic"]
    site = _site(draw, publisher=orgs[0])
    records: list[tuple[str, Record]] = [("site", site)]
    records += [
        (
            "organization",
            Organization(
                id=ident,
                name=draw(TEXT),
                alternateName=draw(st.lists(TEXT, max_size=2)),
                kind=draw(st.sampled_from(OrganizationKind)),
                url=draw(MAYBE_URL),
                sameAs=draw(st.lists(URL, max_size=2)),
                logo=draw(MAYBE_URL),
                description=draw(MAYBE_TEXT),
            ),
        )
        for ident in orgs
    ]
    records += [
        (
            "person",
            Person(
                id=ident,
                name=draw(TEXT),
                jobTitle=draw(MAYBE_TEXT),
                affiliation=_maybe_one(draw, orgs),
                url=draw(MAYBE_URL),
                image=draw(MAYBE_URL),
                sameAs=draw(st.lists(URL, max_size=2)),
                description=draw(MAYBE_TEXT),
            ),
        )
        for ident in people
    ]
    records += [
        (
            "topic",
            Topic(
                id=ident,
                name=draw(TEXT),
                type=draw(st.sampled_from(TopicType)),
                sameAs=draw(st.lists(URL, max_size=1)),
                description=draw(MAYBE_TEXT),
            ),
        )
        for ident in topics
    ]
    records += [
        (
            "article",
            Article(
                id=ident,
                type=draw(st.sampled_from(ArticleType)),
                headline=draw(TEXT),
                url=draw(URL),
                archiveUrl=draw(MAYBE_URL),
                publisher=_one(draw, orgs),
                authors=_some(draw, people),
                datePublished=draw(DAY),
                dateModified=draw(MAYBE_DAY),
                inLanguage=draw(st.none() | st.just("unknown") | LANGUAGE),
                description=draw(MAYBE_TEXT),
                image=draw(st.none() | IMAGE),
                about=_some(draw, topics),
            ),
        )
        for ident in ids["article"]
    ]
    records += [("claim", _claim(draw, ident, site, ids)) for ident in ids["claim"]]
    records += [("media", _media(draw, ident, site, ids)) for ident in ids["media"]]
    return Catalog.build(
        [(kind, record, f"{kind}-{i}.yaml") for i, (kind, record) in enumerate(records)]
    )


# About 3 s. No explain phase: on a failure the shrunk catalog and the file that differs say
# enough, and explaining a catalog this size takes most of a minute.
@settings(
    max_examples=80,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalog=catalogs())
def test_fast_dumps_equal_plain_dumps_for_generated_catalogs(catalog: Catalog) -> None:
    """The four dumps, from write_dumps and from the plain writer, are the same bytes."""
    with tempfile.TemporaryDirectory() as folder:
        plain_dumps(catalog, Path(folder) / "plain")
        write_dumps(catalog, Path(folder) / "fast", workers=1)
        assert_same_dumps(Path(folder) / "plain", Path(folder) / "fast")
