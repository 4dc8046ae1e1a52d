"""The typed, in-memory set of all records, indexed by id, with references resolved both ways."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from claimkit.core.models import (
    Article,
    Claim,
    Media,
    OffScaleLabel,
    Organization,
    Party,
    Person,
    Record,
    Review,
    ReviewBase,
    ScaleLabel,
    Site,
    Topic,
)

# (kind, id): how one record is addressed everywhere after validation.
Key = tuple[str, str]


# A claim's entries in the catalog's lists, by list: the claimants' (MADE), the relays' (RELAYED),
# the articles it names (IN_ARTICLE), its topics (ON_TOPIC), its reviews' publishers and authors
# (REVIEWS_BY), and every record it names (REFERENCED).
MADE, RELAYED, IN_ARTICLE, ON_TOPIC, REVIEWS_BY, REFERENCED = range(6)
Entries = tuple[tuple[int, Any], ...]


class IndexMemo:
    """What indexing a catalog takes from each record, kept by model, for a process that makes
    catalog after catalog from mostly the same (frozen) models (`claimkit serve`): a record's
    references (finding a claim's walks all of it) and a claim's entries in the lists. A
    catalog made with it is the same as one made without."""

    def __init__(self) -> None:
        self._kept: dict[int, tuple[Record, str, Entries]] = {}
        self._used: dict[int, tuple[Record, str, Entries]] = {}
        # How many records of the last catalog name each record (`Catalog.replaced` keeps
        # `referenced` by these).
        self.named: Counter[Key] = Counter()

    def entries(self, record: Record, publisher: str) -> Entries:
        """The record's entries (`_entries`), worked out once while the model is in use."""
        key = id(record)
        found = self._kept.get(key)
        if found is None or found[0] is not record or found[1] != publisher:
            found = (record, publisher, _entries(record, publisher))
        self._used[key] = found
        return found[2]

    def done(self) -> None:
        """A catalog is made: keep what its models gave only."""
        self._kept, self._used = self._used, {}

    def peek(self, record: Record, publisher: str) -> Entries:
        """The record's entries, without noting the model as used."""
        found = self._kept.get(id(record))
        if found is None or found[0] is not record or found[1] != publisher:
            return _entries(record, publisher)
        return found[2]

    def swap(self, old: Record, new: Record, publisher: str) -> tuple[Entries, Entries]:
        """A catalog is made from the last one with `new` in place of `old`: keep `new`'s
        entries instead of `old`'s; both entries."""
        before = self.entries(old, publisher)
        self._kept.pop(id(old), None)
        after = self.entries(new, publisher)
        self._kept[id(new)] = self._used.pop(id(new))
        self._used.pop(id(old), None)
        return before, after


def _entries(record: Record, publisher: str) -> Entries:
    """A record's entries in the catalog's lists (a claim's in each, in the order the catalog
    adds them; another record's in REFERENCED only); a claim is in a list of claimants,
    relays or articles once however often it names the record."""
    found: list[tuple[int, Any]] = []
    if isinstance(record, Claim):
        once: set[tuple[int, Any]] = set()
        parties = [(MADE, party_key(c)) for c in record.claimants]
        parties += [(RELAYED, party_key(relay.by)) for relay in record.relays]
        for entry in parties:
            if entry[1] and entry not in once:
                once.add(entry)
                found.append(entry)
        for _path, kind, ident in record.references():
            found.append((REFERENCED, (kind, ident)))
            if kind == "article" and (IN_ARTICLE, ident) not in once:
                once.add((IN_ARTICLE, ident))
                found.append((IN_ARTICLE, ident))
        found.extend((ON_TOPIC, topic) for topic in record.topics)
        for review in record.reviews:
            found.append((REVIEWS_BY, ("organization", review.publisher or publisher)))
            found.extend((REVIEWS_BY, ("person", author)) for author in review.authors)
    else:
        found.extend((REFERENCED, (kind, ident)) for _, kind, ident in record.references())
    return tuple(found)


@dataclass
class Catalog:
    """Every record of a publication; records are sorted by id in every mapping.

    (The media records sit last, with a default, so that callers building a catalog by hand
    from the older five kinds keep working.)"""

    site: Site
    organizations: dict[str, Organization]
    people: dict[str, Person]
    topics: dict[str, Topic]
    articles: dict[str, Article]
    claims: dict[str, Claim]
    media: dict[str, Media] = field(default_factory=dict)
    sources: dict[Key, str] = field(default_factory=dict)
    claims_made: dict[Key, list[str]] = field(default_factory=dict)
    claims_relayed: dict[Key, list[str]] = field(default_factory=dict)
    claims_in_article: dict[str, list[str]] = field(default_factory=dict)
    claims_on_topic: dict[str, list[str]] = field(default_factory=dict)
    reviews_by: dict[Key, list[str]] = field(default_factory=dict)
    referenced: set[Key] = field(default_factory=set)

    @classmethod
    def build(
        cls, records: list[tuple[str, Record, str]], memo: IndexMemo | None = None
    ) -> Catalog:
        """Make a catalog from (kind, model, source path) triples that passed validation (what
        indexing takes from models `memo` has seen taken from it)."""
        by_kind: dict[str, dict[str, Record]] = defaultdict(dict)
        sources: dict[Key, str] = {}
        site: Site | None = None
        for kind, model, source in sorted(records, key=lambda r: (r[0], getattr(r[1], "id", ""))):
            if isinstance(model, Site):
                site = model
                sources[("site", "site")] = source
                continue
            ident = str(getattr(model, "id"))  # noqa: B009 - every kind but the site has an id
            by_kind[kind][ident] = model
            sources[(kind, ident)] = source
        if site is None:
            raise ValueError("a catalog needs the site settings")
        catalog = cls(
            site=site,
            organizations={
                k: v for k, v in by_kind["organization"].items() if isinstance(v, Organization)
            },
            people={k: v for k, v in by_kind["person"].items() if isinstance(v, Person)},
            topics={k: v for k, v in by_kind["topic"].items() if isinstance(v, Topic)},
            articles={k: v for k, v in by_kind["article"].items() if isinstance(v, Article)},
            claims={k: v for k, v in by_kind["claim"].items() if isinstance(v, Claim)},
            media={k: v for k, v in by_kind["media"].items() if isinstance(v, Media)},
            sources=sources,
        )
        catalog._index(memo.entries if memo is not None else _entries, memo)
        if memo is not None:
            memo.done()
        return catalog

    def replaced(
        self, site: Site, changes: list[tuple[str, Record, Record]], memo: IndexMemo
    ) -> Catalog:
        """This catalog (made with `memo`) with each (kind, old, new) of `changes` putting a new
        model in place of an old one of the same kind and id, and `site` for the site settings
        (with the same publisher): the catalog `build` would make of the records then, with
        only the changed records' entries in the lists worked out again."""
        assert site.publisher == self.site.publisher
        groups: dict[str, dict[str, Any]] = {
            "organization": dict(self.organizations),
            "person": dict(self.people),
            "topic": dict(self.topics),
            "article": dict(self.articles),
            "claim": dict(self.claims),
            "media": dict(self.media),
        }
        lists = (
            self.claims_made,
            self.claims_relayed,
            self.claims_in_article,
            self.claims_on_topic,
            self.reviews_by,
        )
        copied: tuple[dict[Any, list[str]], ...] = tuple(dict(found) for found in lists)
        fresh: set[tuple[int, Any]] = set()  # the lists copied already
        # The lists whose order of keys may have changed: a key came, or its first claim did
        # (`build` adds a key when it first meets it, going over the claims in order).
        reorder: set[int] = set()
        for kind, old, new in changes:
            ident = str(getattr(new, "id"))  # noqa: B009 - every kind but the site has an id
            assert groups[kind].get(ident) is old
            groups[kind][ident] = new
            before, after = memo.swap(old, new, site.publisher)
            memo.named.subtract(key for which, key in before if which == REFERENCED)
            memo.named.update(key for which, key in after if which == REFERENCED)
            if kind != "claim":
                continue
            for which, key in {(w, k) for w, k in before + after if w != REFERENCED}:
                if (which, key) not in fresh:
                    fresh.add((which, key))
                    copied[which][key] = list(copied[which].get(key, []))
                was = copied[which][key]
                found = [i for i in was if i != ident]
                at = bisect.bisect_left(found, ident)
                found[at:at] = [ident] * sum(1 for entry in after if entry == (which, key))
                if found[:1] != was[:1] or found[:1] == [ident]:
                    reorder.add(which)  # its first claim, or that claim's entries, changed
                if found:
                    copied[which][key] = found
                else:
                    del copied[which][key]
        referenced = {key for key, count in memo.named.items() if count > 0}
        referenced.add(("organization", site.publisher))
        claims = groups["claim"]

        def first_met(which: int) -> Callable[[Any], tuple[str, int]]:
            def place(key: Any) -> tuple[str, int]:
                first = copied[which][key][0]
                return first, memo.peek(claims[first], site.publisher).index((which, key))

            return place

        made, relayed, in_article, on_topic, reviews_by = (
            {key: found[key] for key in sorted(found, key=first_met(which))}
            if which in reorder
            else found
            for which, found in enumerate(copied)
        )
        return Catalog(
            site=site,
            organizations=groups["organization"],
            people=groups["person"],
            topics=groups["topic"],
            articles=groups["article"],
            claims=groups["claim"],
            media=groups["media"],
            sources=self.sources,
            claims_made=made,
            claims_relayed=relayed,
            claims_in_article=in_article,
            claims_on_topic=on_topic,
            reviews_by=reviews_by,
            referenced=referenced,
        )

    def _index(
        self, entries: Callable[[Record, str], Entries], memo: IndexMemo | None = None
    ) -> None:
        lists: tuple[defaultdict[Any, list[str]], ...] = tuple(defaultdict(list) for _ in range(5))
        named: Counter[Key] = Counter()  # how many records name each record
        publisher = self.site.publisher
        # The claims in order: each list holds them in the catalog's order.
        for claim_id, claim in self.claims.items():
            for which, key in entries(claim, publisher):
                if which == REFERENCED:
                    named[key] += 1
                else:
                    lists[which][key].append(claim_id)
        made, relayed, in_article, on_topic, reviews_by = (dict(found) for found in lists)
        self.claims_made, self.claims_relayed = made, relayed
        self.claims_in_article, self.claims_on_topic, self.reviews_by = (
            in_article,
            on_topic,
            reviews_by,
        )
        for group in (self.organizations, self.people, self.topics, self.articles, self.media):
            for record in group.values():
                named.update(key for _, key in entries(record, publisher))
        self.referenced = {*named, ("organization", publisher)}
        if memo is not None:  # kept for `replaced`
            memo.named = named

    # Rating scale look-ups.
    def scale_label(self, label: str) -> ScaleLabel | None:
        """The verdict on the numeric scale shown as this label, if there is one."""
        return next((s for s in self.site.scale.labels if s.label == label), None)

    def off_scale_label(self, label: str) -> OffScaleLabel | None:
        """The verdict outside the numeric scale shown as this label, if there is one."""
        return next((s for s in self.site.scale.offScale if s.label == label), None)

    @property
    def best_rating(self) -> int:
        """The highest value on the rating scale: the most accurate verdict."""
        return max(s.value for s in self.site.scale.labels)

    @property
    def worst_rating(self) -> int:
        """The lowest value on the rating scale: the least accurate verdict."""
        return min(s.value for s in self.site.scale.labels)

    def is_own_review(self, review: ReviewBase) -> bool:
        """Whether the site's publisher published this review; a review naming no publisher is
        its own."""
        return review.publisher in (None, self.site.publisher)

    def own_review(self, claim: Claim) -> Review | None:
        """The site publisher's review of a claim: the one its page carries as ClaimReview."""
        return next((r for r in claim.reviews if self.is_own_review(r)), None)

    def party_name(self, party: Party) -> str:
        """The name a party goes by: its person's or organization's, else the words for an
        unnamed source; empty if none is known."""
        if party.person and party.person in self.people:
            return self.people[party.person].name
        if party.organization and party.organization in self.organizations:
            return self.organizations[party.organization].name
        if party.collective:
            return party.collective.name
        return party.unnamed or ""

    def claimant_names(self, claim: Claim) -> str:
        """The names of a claim's claimants, joined for one line of text."""
        names = [n for n in (self.party_name(p) for p in claim.claimants) if n]
        if len(names) <= 2:
            return " and ".join(names)
        return ", ".join(names[:-1]) + " and " + names[-1]

    def language(self, stated: str | None, own: bool) -> str | None:
        """The language to publish for a record: the one it states (none for `unknown` or `und`),
        else the site's for the site publisher's own records, else none."""
        if stated is not None:
            return None if stated in ("unknown", "und") else stated
        return self.site.language if own else None


def party_key(party: Party) -> Key | None:
    """The catalog key of the person or organization a party names; None for an unnamed source."""
    if party.person:
        return ("person", party.person)
    if party.organization:
        return ("organization", party.organization)
    return None
