"""The typed, in-memory set of all records, indexed by id, with references resolved both ways."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from claimkit.core.model_base import Ref
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


class ReferenceMemo:
    """Each record's references, kept by model, for a process that makes catalog after catalog
    from mostly the same (frozen) models (`claimkit serve`): finding a claim's references walks
    all of it, and that walk was most of indexing a catalog. A catalog made with it is the
    same as one made without."""

    def __init__(self) -> None:
        self._kept: dict[int, tuple[Record, tuple[Ref, ...]]] = {}
        self._used: dict[int, tuple[Record, tuple[Ref, ...]]] = {}

    def of(self, record: Record) -> tuple[Ref, ...]:
        """The record's references (its model's, walked once while the model is in use)."""
        key = id(record)
        found = self._kept.get(key)
        if found is None or found[0] is not record:
            found = (record, tuple(record.references()))
        self._used[key] = found
        return found[1]

    def done(self) -> None:
        """A catalog is made: keep the references of its models only."""
        self._kept, self._used = self._used, {}


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
        cls, records: list[tuple[str, Record, str]], memo: ReferenceMemo | None = None
    ) -> Catalog:
        """Make a catalog from (kind, model, source path) triples that passed validation (the
        references of models `memo` has seen taken from it)."""
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
        catalog._index(memo.of if memo is not None else _references)
        if memo is not None:
            memo.done()
        return catalog

    def _index(self, references: Callable[[Record], Iterable[Ref]]) -> None:
        made: dict[Key, list[str]] = defaultdict(list)
        relayed: dict[Key, list[str]] = defaultdict(list)
        in_article: dict[str, list[str]] = defaultdict(list)
        on_topic: dict[str, list[str]] = defaultdict(list)
        reviews_by: dict[Key, list[str]] = defaultdict(list)
        referenced: set[Key] = {("organization", self.site.publisher)}
        for claim_id, claim in self.claims.items():
            for claimant in claim.claimants:
                party = party_key(claimant)
                if party and made[party][-1:] != [claim_id]:
                    made[party].append(claim_id)
            # Each claim once per list: the claims are visited in order, so a list's last
            # entry tells whether this claim is in it already.
            for relay in claim.relays:
                key = party_key(relay.by)
                if key and relayed[key][-1:] != [claim_id]:
                    relayed[key].append(claim_id)
            for _path, kind, ident in references(claim):
                referenced.add((kind, ident))
                if kind == "article" and in_article[ident][-1:] != [claim_id]:
                    in_article[ident].append(claim_id)
            for topic in claim.topics:
                on_topic[topic].append(claim_id)
            for review in claim.reviews:
                publisher = review.publisher or self.site.publisher
                reviews_by[("organization", publisher)].append(claim_id)
                for author in review.authors:
                    reviews_by[("person", author)].append(claim_id)
        self.claims_made = dict(made)
        self.claims_relayed = dict(relayed)
        self.claims_in_article = dict(in_article)
        self.claims_on_topic = dict(on_topic)
        self.reviews_by = dict(reviews_by)
        for group in (self.organizations, self.people, self.topics, self.articles, self.media):
            for record in group.values():
                referenced.update((kind, ident) for _, kind, ident in references(record))
        self.referenced = referenced

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


def _references(record: Record) -> Iterable[Ref]:
    """A record's references, walked afresh."""
    return record.references()
