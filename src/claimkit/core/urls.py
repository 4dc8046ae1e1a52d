"""Where every record lives on the site: page paths, page URLs and the IRIs of the things."""

from __future__ import annotations

from claimkit.core.models import FOLDER_OF_KIND

# The fragment naming the thing a record's page describes, per kind.
THING_FRAGMENT = {
    "claim": "claim",
    "article": "article",
    "person": "person",
    "organization": "organization",
    "topic": "topic",
    "media": "media",
}


class Urls:
    """Page URLs and IRIs under one site URL."""

    def __init__(self, site_url: str) -> None:
        self.base = site_url if site_url.endswith("/") else site_url + "/"

    def page_path(self, kind: str, ident: str) -> str:
        """The page's path below the site root, as a folder: `claims/<id>/`."""
        return f"{FOLDER_OF_KIND[kind]}/{ident}/"

    def page(self, kind: str, ident: str) -> str:
        """The full URL of a record's page."""
        return self.base + self.page_path(kind, ident)

    def thing(self, kind: str, ident: str) -> str:
        """The IRI of the thing itself: the page URL with a fragment, e.g. `#claim`."""
        return f"{self.page(kind, ident)}#{THING_FRAGMENT[kind]}"

    def review(self, ident: str, index: int = 0, kind: str = "claim") -> str:
        """The IRI of one of a claim's (or a media record's) reviews, by its place among them:
        `#review`, then `#review-2` and so on."""
        suffix = "" if index == 0 else f"-{index + 1}"
        return f"{self.page(kind, ident)}#review{suffix}"

    def at(self, path: str) -> str:
        """A URL for a path below the site root (`data/feed.json`, `methodology/`)."""
        return self.base + path.lstrip("/")

    @property
    def website(self) -> str:
        """The IRI of the site itself, as the WebSite every page is part of."""
        return self.base + "#website"
