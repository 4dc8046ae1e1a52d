"""The fields of model v2 in the JSON-LD of pages and in the dumps, value by value.

The records are tests/linked_data/v2_records/ added to the bundled ones (the `with_v2_fields`
publication): collectives and several claimants, typed appearances with platforms, authors,
time ranges and archive lists, dates of every precision, review headlines, pictures, licences,
identifiers, translations and rating pictures, an organization's logo, a person's picture, and
media records with MediaReviews.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest
from ld_support import Publication

from claimkit.core.models import MediaAuthenticity, WorkType
from claimkit.linked_data.jsonld import JsonLd
from claimkit.linked_data.ldbase import WORK_TYPES, clock

SCHEMA = "http://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
CLAIM = "v2-soldiers-filmed-in-kursk"
MEDIA = "v2-parade-video"


@pytest.fixture
def ld(with_v2_fields: Publication) -> JsonLd:
    return JsonLd(with_v2_fields.catalog)


@pytest.fixture
def review(ld: JsonLd) -> dict[str, Any]:
    return ld.claim_page(ld.catalog.claims[CLAIM])


def _by_id(nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {node["@id"]: node for node in nodes}


def test_claimants_collectives_and_unnamed_sources(ld: JsonLd, review: dict[str, Any]) -> None:
    page = ld.urls.page("claim", CLAIM)
    users, peskov, officials, unnamed = review["itemReviewed"]["author"]
    assert users == {
        "@id": page + "#claimant",
        "@type": "Organization",
        "name": "social media users",
    }
    assert peskov == ld.person_stub("dmitry-peskov")
    assert officials == {
        "@id": page + "#claimant-3",
        "@type": "Organization",
        "name": "unnamed intelligence officials",
        "memberOf": ld.organization_stub("south-korea-nis"),
    }
    assert unnamed == {
        "@id": page + "#claimant-4",
        "@type": "Person",
        "name": "a Telegram channel administrator",
    }


def test_one_claimant_is_one_node(ld: JsonLd) -> None:
    claim = ld.catalog.claims["v2-unreviewed-claim"]
    author = ld.claim_page(claim)["author"]
    assert author["@type"] == "Organization" and author["name"] == "Varias fuentes"


def test_dates_at_every_precision(ld: JsonLd, review: dict[str, Any]) -> None:
    assert review["datePublished"] == {"@type": "DateTime", "@value": "2024-10-20T10:00:00Z"}
    assert review["dateModified"] == "2024-10-21"
    assert review["itemReviewed"]["datePublished"] == {
        "@type": XSD + "gYearMonth",
        "@value": "2024-10",
    }
    video = review["itemReviewed"]["appearance"][1]
    assert video["datePublished"] == {"@type": XSD + "gYear", "@value": "2024"}


def test_typed_appearances(ld: JsonLd, review: dict[str, Any]) -> None:
    page = ld.urls.page("claim", CLAIM)
    post, video, broadcast, printed, article = review["itemReviewed"]["appearance"]
    assert post == {
        "@id": page + "#appearance-1",
        "@type": "SocialMediaPosting",
        "url": "https://t.me/example/123",
        "archivedAt": [
            "https://web.archive.org/web/20241014000000/https://t.me/example/123",
            "https://archive.ph/abcde",
        ],
        "datePublished": {"@type": "DateTime", "@value": "2024-10-14T09:30:00+03:00"},
        "publisher": {
            "@id": page + "#appearance-1-platform",
            "@type": "Organization",
            "name": "Telegram",
        },
        "author": {
            "@id": page + "#appearance-1-author",
            "@type": "Organization",
            "name": "Telegram channels",
        },
    }
    assert video["@type"] == "VideoObject"
    assert video["publisher"] == ld.organization_stub("v2-video-platform")
    assert video["publisher"]["logo"] == "https://video.example.org/logo.png"
    assert (video["startTime"], video["endTime"]) == ("00:00:45", "01:02:30.5")
    assert broadcast["@type"] == "CreativeWork"
    assert broadcast["publication"] == {
        "@id": page + "#appearance-3-broadcast",
        "@type": "BroadcastEvent",
    }
    assert broadcast["publisher"] == ld.organization_stub("suspilne")
    assert printed["@type"] == "Article"
    # The old single archiveUrl, read into archivedAt: one link, written as before.
    assert printed["archivedAt"] == "https://web.archive.org/web/2024/https://paper.example.org/"
    assert article == ld.article_stub("stripes-2024-10-17-north-korean-troops")
    first = review["itemReviewed"]["firstAppearance"]
    assert first["@type"] == "Message"
    assert first["datePublished"] == {"@type": "DateTime", "@value": "2024-10-13T22:00Z"}


def test_review_extras(ld: JsonLd, review: dict[str, Any]) -> None:
    iri = ld.urls.review(CLAIM)
    assert review["headline"] == "No, this video does not show North Korean soldiers in Kursk"
    assert review["identifier"] == "FC-2024-0142"
    assert review["license"] == "https://creativecommons.org/licenses/by-nc/4.0/"
    assert review["image"] == {
        "@id": iri + "-image",
        "@type": "ImageObject",
        "contentUrl": {"@id": "https://factdesk.example.org/images/kursk-video.jpg"},
        "description": "A still of the video, stamped False",
    }
    other = ld.catalog.claims["north-korea-sent-10000-soldiers-to-russia"]
    own_index = next(i for i, r in enumerate(other.reviews) if ld.catalog.is_own_review(r))
    assert review["workTranslation"] == [
        {"@id": ld.urls.review(other.id, own_index)},  # the other claim's own review
        {"@id": ld.urls.page("claim", "v2-unreviewed-claim")},  # no review: its page
        {"@id": "https://example.org/uk/fact-check/1"},
    ]
    assert review["translationOfWork"] == {"@id": "https://example.org/ko/fact-check/1"}
    assert review["inLanguage"] == "en"  # the site's own review, language unstated
    assert review["itemReviewed"]["inLanguage"] == "uk"


def test_own_reviews_carry_the_site_licence(ld: JsonLd) -> None:
    for claim in ld.catalog.claims.values():
        node = ld.own_review_node(claim)
        review = ld.catalog.own_review(claim)
        if node is not None and review is not None and review.license is None:
            assert node["license"] == ld.catalog.site.license.url


def test_another_fact_checkers_review(ld: JsonLd) -> None:
    (external,) = ld.external_reviews(ld.catalog.claims[CLAIM])
    assert "inLanguage" not in external  # `unknown`: no language is published
    assert "license" not in external  # not ours to license
    assert external["reviewRating"]["image"] == "https://example.org/ratings/false.png"
    assert external["datePublished"] == {"@type": XSD + "gYearMonth", "@value": "2024-10"}


def test_person_picture(ld: JsonLd) -> None:
    person = ld.person(ld.catalog.people["v2-reporter"])
    assert person["image"] == "https://factdesk.example.org/images/rita.jpg"


def test_media_review_page(ld: JsonLd) -> None:
    media = ld.catalog.media[MEDIA]
    page = ld.urls.page("media", MEDIA)
    assert page.endswith("/media/v2-parade-video/")
    node = ld.media_page(media)
    assert node["@type"] == "MediaReview"
    assert node["@id"] == ld.urls.review(MEDIA, 0, "media") == page + "#review"
    assert node["url"] == page
    assert node["mediaAuthenticityCategory"] == {"@id": SCHEMA + "DecontextualizedContent"}
    assert node["originalMediaLink"] == "https://video.example.org/watch?v=2019"
    assert node["originalMediaContextDescription"].startswith("The video shows a 2019")
    assert node["reviewRating"]["ratingExplanation"] == "The clip was first posted in 2019."
    assert node["headline"] == "This video is from a 2019 parade"
    assert node["dateModified"] == "2024-10-23"
    assert node["license"] == ld.catalog.site.license.url
    assert node["inLanguage"] == "en"
    item = node["itemReviewed"]
    assert item["@type"] == "MediaReviewItem"
    assert item["@id"] == ld.urls.thing("media", MEDIA) == page + "#media"
    assert item["inLanguage"] == "ko"
    assert item["dateCreated"] == {"@type": XSD + "gYearMonth", "@value": "2019-04"}
    assert item["author"]["@type"] == "Organization"
    assert item["subjectOf"] == [{"@id": ld.urls.thing("claim", CLAIM)}]
    file, post, article = item["mediaItemAppearance"]
    assert file == {
        "@id": page + "#media-file",
        "@type": "VideoObject",
        "contentUrl": {"@id": "https://video.example.org/files/clip.mp4"},
        "embedUrl": "https://video.example.org/embed/abc",
        "startTime": "00:00:10",
        "endTime": "00:00:40",
    }
    assert post["@type"] == "VideoObject"  # the media's type: MediaReview asks for MediaObjects
    assert post["archivedAt"] == "https://archive.ph/fghij"
    assert post["startTime"] == "00:00:05"
    assert post["publisher"]["name"] == "X"
    assert article == ld.article_stub("stripes-2024-10-17-north-korean-troops")
    (external,) = ld.external_media_reviews(media)
    assert external["@id"] == page + "#review-2"
    assert external["url"] == "https://example.org/check/parade-video"
    assert external["mediaAuthenticityCategory"] == {"@id": SCHEMA + "EditedOrCroppedContent"}


def test_unreviewed_media_page_is_the_item(ld: JsonLd) -> None:
    node = ld.media_page(ld.catalog.media["v2-unreviewed-image"])
    assert node["@type"] == "MediaReviewItem"
    assert node["mainEntityOfPage"] == {"@id": ld.urls.page("media", "v2-unreviewed-image")}
    (appearance,) = node["mediaItemAppearance"]
    assert appearance["@type"] == "ImageObject"
    assert "inLanguage" not in node


def test_typed_literals_in_the_dumps(with_v2_fields: Publication, ld: JsonLd) -> None:
    nt = with_v2_fields.dumps / "claims.nt"
    store = {q.triple for q in ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES)}
    claim = ox.NamedNode(ld.urls.thing("claim", CLAIM))
    review = ox.NamedNode(ld.urls.review(CLAIM))
    published = ox.NamedNode(SCHEMA + "datePublished")
    month = ox.Literal("2024-10", datatype=ox.NamedNode(XSD + "gYearMonth"))
    moment = ox.Literal("2024-10-20T10:00:00Z", datatype=ox.NamedNode(SCHEMA + "DateTime"))
    assert ox.Triple(claim, published, month) in store
    assert ox.Triple(review, published, moment) in store
    media_review = ox.NamedNode(ld.urls.review(MEDIA, 0, "media"))
    category = ox.NamedNode(SCHEMA + "mediaAuthenticityCategory")
    value = ox.NamedNode(SCHEMA + "DecontextualizedContent")
    assert ox.Triple(media_review, category, value) in store
    text = nt.read_text(encoding="utf-8")
    assert (
        f"<{ld.urls.page('media', MEDIA)}#media> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SCHEMA}MediaReviewItem> ."
        in text
    )


def test_every_type_and_category_is_a_schema_org_term() -> None:
    from rdflib.namespace import SDO

    names = set(WORK_TYPES.values()) | {m.value for m in MediaAuthenticity}
    names |= {"BroadcastEvent", "MediaReview", "MediaReviewItem", "Organization"}
    assert sorted(n for n in names if n not in SDO) == []
    assert set(WORK_TYPES) == set(WorkType)


@pytest.mark.parametrize(
    ("offset", "time"),
    [
        ("0:45", "00:00:45"),
        ("12:05", "00:12:05"),
        ("1:02:30", "01:02:30"),
        ("0:00.5", "00:00:00.5"),
    ],
)
def test_clock(offset: str, time: str) -> None:
    assert clock(offset) == time
