"""The people, organizations, topics and articles an import refers to: one record per entity.

An entity seen twice becomes one record only on evidence that it is the same: the same @id,
the same url (compared as `url_key` normalises it), or the same name where neither their urls
nor their @ids disagree. A shared sameAs alone is no such evidence: AFP's editions, or BOOM's,
each link to the same Wikidata item and are different publishers. Every merge is kept with its
reason for the report; with `merge=False` (`--no-merge`) only the same @id joins two
descriptions. An entity the publication already has is referred to, never rewritten. A new entity gets an id from its claimkit IRI or its name; when that id belongs
to a different record already, `--on-conflict` decides: skip it (and what needs it) or take
the next free id.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from claimkit.core.catalog import Catalog
from claimkit.core.ids import candidate_ids, slugify
from claimkit.core.models import FOLDER_OF_KIND, KIND_FOLDERS
from claimkit.core.urls import Urls
from claimkit.validation.record_checks import reserved

OnConflict = Literal["skip", "rename"]
ENTITY_KINDS = ("organization", "person", "topic", "article")

# A thing's IRI on a claimkit site: <base><folder>/<id>/#<kind>, e.g. .../people/jane-doe/#person.
_CLAIMKIT_IRI = re.compile(
    r"^(?P<base>https?://[^#]+?/)(?P<folder>"
    + "|".join(KIND_FOLDERS)
    + r")/(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)/#(?P<fragment>[a-z]+)(?:-(?P<index>[0-9]+))?$"
)


@dataclass(frozen=True)
class ClaimkitIri:
    """The parts of an IRI a claimkit site gave a thing."""

    base: str
    kind: str
    ident: str
    fragment: str
    index: int  # the n of "#review-n" (1 for "#review")


def claimkit_iri(value: Any) -> ClaimkitIri | None:
    """The parts of an IRI a claimkit site gave a thing; None for any other value."""
    if not isinstance(value, str):
        return None
    match = _CLAIMKIT_IRI.match(value)
    if match is None:
        return None
    kind = KIND_FOLDERS[match["folder"]]
    index = int(match["index"]) if match["index"] else 1
    return ClaimkitIri(match["base"], kind, match["id"], match["fragment"], index)


def url_key(url: str) -> str:
    """A URL as compared: scheme and host in lower case, no fragment, no trailing slash."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def name_key(name: str) -> str:
    """A name as compared: case folded, spacing collapsed."""
    return " ".join(name.casefold().split())


@dataclass
class Entity:
    """One person, organization, topic or article: a record to write, or one that exists."""

    kind: str
    ident: str
    data: dict[str, Any]
    existing: bool
    urls: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    iris: set[str] = field(default_factory=set)


@dataclass
class Proposal:
    """What the JSON-LD says about an entity, before it is matched or given an id."""

    kind: str
    data: dict[str, Any]  # record fields without the id
    iri: str | None = None
    urls: list[str] = field(default_factory=list)  # its url (and sameAs: ids only, no match)
    name: str | None = None
    url: str | None = None  # the url it is matched by


@dataclass(frozen=True)
class Merge:
    """Two descriptions taken as one entity, and why."""

    kind: str
    ident: str
    reason: str  # "same @id", "same url" or "same name"
    described: str  # the second description: its @id, url or name


class Refused(Exception):
    """An entity not imported because its id belongs to a different record (--on-conflict skip)."""


@dataclass
class Conflict:
    """An id the import wanted that a different record already has."""

    kind: str
    ident: str
    name: str
    resolution: str  # "skipped" or "renamed to <id>"


class Entities:
    """Every entity of the publication and of the import, matched by identity."""

    def __init__(self, catalog: Catalog, on_conflict: OnConflict, merge: bool = True) -> None:
        self.on_conflict = on_conflict
        self.merge = merge
        self.merges: dict[Merge, None] = {}  # in the order they were made
        self.urls = Urls(catalog.site.url)
        self.by_kind: dict[str, dict[str, Entity]] = {kind: {} for kind in ENTITY_KINDS}
        self.conflicts: list[Conflict] = []
        self.refused: dict[tuple[str, str], str] = {}  # (kind, wanted id) -> reason
        self.tried: dict[tuple[str, str], int] = {}
        self.by_iri: dict[str, dict[str, Entity]] = {kind: {} for kind in ENTITY_KINDS}
        self.by_url: dict[str, dict[str, Entity]] = {kind: {} for kind in ENTITY_KINDS}
        self.by_name: dict[str, dict[str, list[Entity]]] = {kind: {} for kind in ENTITY_KINDS}
        for kind, records in (
            ("organization", catalog.organizations),
            ("person", catalog.people),
            ("topic", catalog.topics),
            ("article", catalog.articles),
        ):
            for ident, record in records.items():
                data = record.model_dump(mode="json", exclude_defaults=True)
                entity = Entity(kind, ident, data, existing=True)
                self._keys(entity, data)
                self._iri(entity, self.urls.thing(kind, ident))
                self.by_kind[kind][ident] = entity

    def _keys(self, entity: Entity, data: dict[str, Any]) -> None:
        """Note the entity's URLs and names, in its own sets and in the look-up tables (the
        first entity to give a URL keeps it)."""
        url = data.get("url")
        if isinstance(url, str):
            entity.urls.add(url_key(url))
            self.by_url[entity.kind].setdefault(url_key(url), entity)
        name = data.get("name") or data.get("headline")
        if isinstance(name, str) and name_key(name) not in entity.names:
            entity.names.add(name_key(name))
            self.by_name[entity.kind].setdefault(name_key(name), []).append(entity)

    def _iri(self, entity: Entity, iri: str) -> None:
        if iri.startswith("_:"):  # a blank node names nothing beyond its own document
            return
        entity.iris.add(iri)
        self.by_iri[entity.kind].setdefault(iri, entity)

    def _match(self, proposal: Proposal) -> tuple[Entity, str] | None:
        """The entity the proposal describes and the evidence, or None."""
        kind = proposal.kind
        if proposal.iri and proposal.iri in self.by_iri[kind]:
            return self.by_iri[kind][proposal.iri], "same @id"
        if not self.merge:
            return None
        wanted = url_key(proposal.url) if proposal.url else None
        if wanted and wanted in self.by_url[kind]:
            return self.by_url[kind][wanted], "same url"
        if proposal.name and kind != "article":
            for entity in self.by_name[kind].get(name_key(proposal.name), []):
                if not self._disagree(entity, wanted, proposal.iri):
                    return entity, "same name"
        return None

    def _disagree(self, entity: Entity, url: str | None, iri: str | None) -> bool:
        """Whether an entity's urls or @ids say it is another than the one described."""
        if url and entity.urls and url not in entity.urls:
            return True
        own = {i for i in entity.iris if not claimkit_iri(i) or not entity.existing}
        return bool(iri and not iri.startswith("_:") and own and iri not in own)

    def resolve(self, proposal: Proposal) -> str:
        """The id of the entity the proposal describes, found or new; Refused when its id
        belongs to a different record and conflicts are skipped."""
        matched = self._match(proposal)
        if matched is not None:
            entity, reason = matched
            self._note_merge(entity, reason, proposal)
            if not entity.existing:
                _fill(entity.data, proposal.data)
                self._keys(entity, proposal.data)
            if proposal.iri:
                self._iri(entity, proposal.iri)
            return entity.ident
        wanted = self._wanted_id(proposal)
        if (proposal.kind, wanted) in self.refused:
            raise Refused(self.refused[(proposal.kind, wanted)])
        ident = self._free_id(proposal, wanted)
        entity = Entity(proposal.kind, ident, {"id": ident, **proposal.data}, existing=False)
        self._keys(entity, proposal.data)
        if proposal.iri:
            self._iri(entity, proposal.iri)
        self.by_kind[proposal.kind][ident] = entity
        return ident

    def _note_merge(self, entity: Entity, reason: str, proposal: Proposal) -> None:
        """Keep a merge for the report: every one made on a url or a name, and an @id that
        names a record the publication has (a repeated @id is the same node, no merge)."""
        if reason == "same @id" and not entity.existing:
            return
        described = proposal.name or proposal.url or proposal.iri or "?"
        if reason == "same url":
            described = f"{described} ({proposal.url})"
        self.merges.setdefault(Merge(entity.kind, entity.ident, reason, described), None)

    def _wanted_id(self, proposal: Proposal) -> str:
        parsed = claimkit_iri(proposal.iri)
        if parsed and parsed.kind == proposal.kind:
            return parsed.ident
        slug = text_slug(proposal.name or "")
        for url in proposal.urls:
            slug = slug or slugify(url_words(url))
        return slug or f"imported-{proposal.kind}"

    def _free_id(self, proposal: Proposal, wanted: str) -> str:
        taken = self.by_kind[proposal.kind]
        # Where the last search for this id stopped: many entities named alike stay linear.
        start = self.tried.get((proposal.kind, wanted), 0)
        for number, candidate in enumerate(candidate_ids(wanted)):
            if number < start:
                continue
            self.tried[(proposal.kind, wanted)] = number
            holder = taken.get(candidate)
            if holder is None and not reserved(proposal.kind, candidate):
                if candidate != wanted:
                    self._renamed(proposal, wanted, candidate)
                return candidate
            if (
                holder is not None
                and holder.existing
                and candidate == wanted
                and self.on_conflict == "skip"
            ):
                reason = (
                    f"the {proposal.kind} id '{wanted}' belongs to a different record "
                    f"already ({FOLDER_OF_KIND[proposal.kind]}/{wanted}); use "
                    "--on-conflict rename to import it under a new id"
                )
                self.refused[(proposal.kind, wanted)] = reason
                self.conflicts.append(
                    Conflict(proposal.kind, wanted, proposal.name or wanted, "skipped")
                )
                raise Refused(reason)
        raise AssertionError("unreachable: candidate ids never run out")  # pragma: no cover

    def _renamed(self, proposal: Proposal, wanted: str, ident: str) -> None:
        holder = self.by_kind[proposal.kind].get(wanted)
        if holder is not None and holder.existing:
            self.conflicts.append(
                Conflict(proposal.kind, wanted, proposal.name or wanted, f"renamed to {ident}")
            )

    def new(self) -> list[Entity]:
        """The entities to write, by kind and id."""
        return [
            entity
            for kind in ENTITY_KINDS
            for _, entity in sorted(self.by_kind[kind].items())
            if not entity.existing
        ]

    def get(self, kind: str, ident: str) -> Entity | None:
        """The entity of that kind and id, new or existing; None when there is none."""
        return self.by_kind[kind].get(ident)


def text_slug(text: str) -> str:
    """An id made from text written mostly in Latin letters; "" for other scripts, whose
    letters a slug would drop (a Korean claim would become its digits)."""
    letters = [ch for ch in unicodedata.normalize("NFKD", text) if ch.isalpha()]
    latin = sum(1 for ch in letters if ch.isascii())
    if not letters or latin * 2 < len(letters):
        return ""
    slug = slugify(text)
    return slug if sum(ch.isalpha() for ch in slug) >= 3 else ""


def url_words(url: str, *, with_host: bool = False) -> str:
    """The words of a URL worth an id: its last path segment (after its host when asked, or
    when the segment has no word in it), else its host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = (parts.hostname or "").removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        return host
    last = re.sub(r"\.[a-z0-9]{2,5}$", "", segments[-1])
    wordy = sum(ch.isalpha() for ch in slugify(last)) >= 3
    return f"{host} {last}" if with_host or not wordy else last


def _fill(target: dict[str, Any], more: dict[str, Any]) -> None:
    """Add what a second description gives and the first lacks; lists are joined."""
    for key, value in more.items():
        if key not in target:
            target[key] = value
        elif isinstance(target[key], list) and isinstance(value, list):
            target[key] = target[key] + [v for v in value if v not in target[key]]
