"""Generate a synthetic publication of N claims, with the records they refer to, for benchmarks.

    python benchmarks/generate.py N OUT [--seed S]

OUT becomes a records folder (`site.yaml` and `claims/`, `articles/`, `people/`,
`organizations/`, `topics/`) that `claimkit validate OUT` accepts with no errors and no
warnings. Proportions follow a working fact-checking desk: about N/5 articles, N/10 people,
N/50 organizations plus the site's publisher, N/200 topics (at least 5); about 80% of the
claims carry a review by the site's publisher with a label from the site's scale, a few of
them "Unverified". Every person, organization and topic is referred to by some record.

The output depends only on N and the seed: the same N and seed give a byte-identical tree.
Every string is written as a JSON string, which is also a YAML double-quoted scalar, so no
YAML library is needed and no value can be misread (`no`, dates, numbers stay text).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import os
import random
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring as quote
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

DEFAULT_SEED = 20241017
PUBLISHER = "synthetic-fact-desk"
# Every date stays before this, so no record is "in the future" on any later day.
LAST_DAY = dt.date(2025, 12, 31)
FIRST_DAY = dt.date(2020, 1, 1)


def _items(text: str, sep: str | None = None) -> list[str]:
    """A word list written as one string, split on spaces or on `sep`."""
    return text.split(sep)


SCALE: list[tuple[str, int, str, str]] = [
    ("False", 1, "false", "The claim is contradicted by reliable evidence."),
    (
        "Mostly false",
        2,
        "false",
        "The claim contains an element of truth, but its main point is contradicted by "
        "reliable evidence.",
    ),
    ("Mixed", 3, "mixture", "The claim is partly accurate and partly inaccurate."),
    (
        "Mostly true",
        4,
        "true",
        "The claim is accurate in its main point but needs clarification or additional context.",
    ),
    ("True", 5, "true", "The claim is accurate and supported by reliable evidence."),
]
OFF_SCALE = ("Unverified", "other", "No public confirmation or refutation found.")
# Label weights: many claims a desk checks turn out false; a few stay unverified.
RATINGS = [label for label, *_ in SCALE] + [OFF_SCALE[0]]
RATING_CUMULATIVE = list(itertools.accumulate([30, 20, 15, 12, 15, 5]))

WORDS = _items(
    "the a of to in and that for on with as by at from about after before over under "
    "government minister ministry army troops soldiers officials report reports said says "
    "claimed announced denied confirmed according sources intelligence border region city "
    "province capital country state federal national regional local public private company "
    "companies market prices inflation budget billion million thousand percent tax taxes "
    "election elections vote votes voters parliament president prime party coalition "
    "opposition law court judge ruling police arrest protest protests strike workers union "
    "health hospital vaccine vaccines virus doctors patients school schools teachers students "
    "energy gas oil power grid electricity climate weather flood floods drought harvest grain "
    "exports imports trade sanctions aid agreement treaty talks summit meeting statement "
    "spokesperson interview broadcast video photo footage post posts account accounts online "
    "social media network channel newspaper agency ship ships port railway bridge road airport "
    "flight flights crossing refugees migrants residents families children pensions wages jobs "
    "unemployment factory factories plant reactor water supply shortage shortages record "
    "highest lowest rise fall doubled halved tripled increase decrease since during between "
    "last year month week day morning evening spring summer autumn winter new old first second "
    "third major minor large small official unofficial secret leaked draft final early late "
    "north south east west central coastal rural urban foreign domestic military civilian "
    "economic political legal medical scientific digital nuclear"
)
FIRST_NAMES = _items(
    "Anna Boris Carmen Dmytro Elena Farid Greta Hiroshi Ingrid Jamal Karin Luis Maria Nadia "
    "Olek Priya Quentin Rosa Sergei Tomasz Ulla Viktor Wen Ximena Yusuf Zofia José Zoë Åsa "
    "Chloé Mikkel Ngozi Tariq Lucía Hana Oskar Amara Petra Ravi Selin"
)
LAST_NAMES = _items(
    "Abbott Bauer Castillo Dubois Eriksen Fischer Garcia Horvath Ivanova Jensen Kowalski "
    "Lindqvist Moreau Novak Okafor Petrov Quinn Rossi Schmidt Tanaka Usman Varga Weber Xu "
    "Yilmaz Zielinski Müller Søndergaard Łukasik Ortega Haddad Mensah Kaur Nakamura Brennan"
)
JOB_TITLES = _items(
    "Minister of Finance|Spokesperson|Member of parliament|Mayor|Governor|Reporter|"
    "Correspondent|Analyst|Chief executive|Party leader|Senator|Commentator|Editor|"
    "Researcher|Ambassador|Police chief|Health official|Union leader",
    "|",
)
ORG_FIRST = _items(
    "Daily|Evening|Northern|Southern|Eastern|Western|Central|National|Coastal|Federal|"
    "Independent|Public|Free|United|Capital|Valley|River|Harbour|Mountain|Metro",
    "|",
)
ORG_SECOND = _items(
    "Herald|Courier|Gazette|Post|Tribune|Ministry of Trade|Ministry of Health|Broadcasting|"
    "News Agency|Times|Observer|Chronicle|Energy Company|Workers' Union|Research Institute|"
    "Party|Council|Police Service|Port Authority|Radio",
    "|",
)
ORG_KINDS = {
    "Herald": "news-outlet",
    "Courier": "news-outlet",
    "Gazette": "news-outlet",
    "Post": "news-outlet",
    "Tribune": "news-outlet",
    "Times": "news-outlet",
    "Observer": "news-outlet",
    "Chronicle": "news-outlet",
    "Ministry of Trade": "government-body",
    "Ministry of Health": "government-body",
    "Broadcasting": "broadcaster",
    "Radio": "broadcaster",
    "News Agency": "news-agency",
    "Energy Company": "company",
    "Workers' Union": "nonprofit",
    "Research Institute": "nonprofit",
    "Party": "political-party",
    "Council": "government-body",
    "Police Service": "government-body",
    "Port Authority": "government-body",
}
COUNTRIES = _items(
    "Aldoria|Borvania|Calderra|Dunmark|Estrava|Fenwick|Galmoria|Hestia|Istrana|Jorvik|Kaltheim|"
    "Lumeria|Morvane|Norhaven|Ostrelia|Pellucia|Quorra|Rivania|Solvarra|Tindal",
    "|",
)
TOPIC_THEMES = _items(
    "elections|energy prices|grain exports|public health|border crossings|inflation|"
    "climate and floods|pensions|the port strike|military aid|refugees|railway safety|"
    "vaccines|the budget|local policing|water supply",
    "|",
)
UNNAMED = _items(
    "unnamed intelligence officials|an unidentified diplomat|anonymous posts on social media|"
    "unnamed ministry sources|a viral video of unknown origin|unnamed residents|"
    "an anonymous message forwarded in chat groups",
    "|",
)
ARTICLE_TYPES = (
    ["NewsArticle"] * 10 + ["Article"] * 3 + ["VideoObject"] * 2 + ["SocialMediaPosting"] * 2
) + ["ReportageNewsArticle", "BlogPosting", "WebPage"]
LANGUAGES = ["en"] * 16 + ["fr", "de", "uk", "es"]
NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Letters that Unicode does not decompose into an ASCII letter and a mark.
_UNFOLDED = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss"})


def slug(text: str) -> str:
    """A record id part from words: lowercase letters and digits joined by single hyphens."""
    return NOT_SLUG.sub("-", text.lower()).strip("-")


def ascii_slug(text: str) -> str:
    """A slug from a name with accents: letters folded to ASCII first."""
    folded = unicodedata.normalize("NFKD", text.translate(_UNFOLDED))
    return slug(folded.encode("ascii", "ignore").decode("ascii"))


# Every day a record may carry, as text: a list look-up is much cheaper than date arithmetic.
_DAYS = [
    (FIRST_DAY + dt.timedelta(days=i)).isoformat() for i in range((LAST_DAY - FIRST_DAY).days + 1)
]


def day(offset: int) -> str:
    """The date `offset` days after FIRST_DAY, never later than LAST_DAY."""
    return _DAYS[min(offset, len(_DAYS) - 1)]


class Rand:
    """The few random draws the generator needs, all from `random()` of one seeded generator.

    Drawing through `random()` alone keeps the output the same on every Python version and
    costs far less than `randint` and `choice`.
    """

    def __init__(self, seed: str) -> None:
        self._random = random.Random(seed).random  # noqa: S311 - test data, not secrets

    def fraction(self) -> float:
        return self._random()

    def chance(self, p: float) -> bool:
        return self._random() < p

    def between(self, low: int, high: int) -> int:
        """An integer from `low` to `high`, both included."""
        return low + int(self._random() * (high - low + 1))

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self._random() * len(items))]

    def weighted(self, items: Sequence[T], cumulative: Sequence[float]) -> T:
        return items[bisect.bisect(cumulative, self._random() * cumulative[-1])]


class Text:
    """Pseudo-English text of a chosen length, drawn from a pool of random sentences.

    Sentences repeat across records, as boilerplate does in real publications; a pool keeps
    100,000 claims to a few seconds instead of millions of word draws.
    """

    def __init__(self, rand: Rand, pool: int = 20000) -> None:
        self.rand = rand
        self.phrases: list[str] = []
        self.sentences: list[str] = []
        for _ in range(pool):
            words = " ".join(rand.pick(WORDS) for _ in range(rand.between(8, 18)))
            self.phrases.append(words)
            self.sentences.append(words[0].upper() + words[1:] + ".")

    def prose(self, length: int) -> str:
        """Sentences up to at most `length` characters (and at least one short one)."""
        pick, sentences = self.rand.pick, self.sentences
        text = pick(sentences)
        while len(text) < length:
            text += " " + pick(sentences)
        if len(text) > length:
            text = text[:length].rsplit(" ", 1)[0] + "."
        return text

    def headline(self, low: int, high: int) -> str:
        """Words from `low` to `high` characters long, capitalised, without a full stop."""
        # A cut at a word boundary loses at most one word: the longest has 12 letters.
        target = self.rand.between(low + 13, high)
        text = self.rand.pick(self.phrases)
        while len(text) < target:
            text += " " + self.rand.pick(self.phrases)
        text = text[: target + 1].rsplit(" ", 1)[0]
        return text[0].upper() + text[1:]


def scalar(value: object) -> str:
    """A YAML scalar: integers as they are, text as a JSON string (YAML double-quoted)."""
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    raise TypeError(f"no YAML form for {type(value).__name__}")


def emit(lines: list[str], mapping: dict[str, Any], indent: int) -> None:
    """Block-style YAML for a mapping; keys with None or an empty list are left out."""
    pad = " " * indent
    for key, value in mapping.items():
        if value is None or value == []:
            continue
        if type(value) is str:
            lines.append(f"{pad}{key}: {quote(value)}")
        elif isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            emit(lines, value, indent + 2)
        elif isinstance(value, list):
            lines.append(f"{pad}{key}:")
            for item in value:
                if isinstance(item, dict):
                    sub: list[str] = []
                    emit(sub, item, indent + 4)
                    sub[0] = f"{pad}  - {sub[0][indent + 4 :]}"
                    lines.extend(sub)
                else:
                    lines.append(f"{pad}  - {scalar(item)}")
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")


def yaml_text(kind: str, record: dict[str, Any]) -> str:
    schema = "../schema/site" if kind == "site" else f"../../schema/{kind}"
    lines = [f"# yaml-language-server: $schema={schema}.schema.json"]
    emit(lines, record, 0)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Sizes:
    claims: int
    articles: int
    people: int
    organizations: int  # besides the publisher
    topics: int

    @classmethod
    def for_claims(cls, n: int) -> Sizes:
        return cls(
            claims=n,
            articles=max(5, round(n / 5)),
            people=max(2, round(n / 10)),
            organizations=max(2, round(n / 50)),
            topics=max(5, round(n / 200)),
        )


class Generator:
    """Builds every record as a dict; `records()` yields (folder, id, dict) in a fixed order."""

    def __init__(self, n: int, seed: int) -> None:
        self.sizes = Sizes.for_claims(n)
        self.rng = Rand(f"{seed}:{n}")
        self.text = Text(self.rng)
        self.org_ids: list[str] = []
        self.org_domains: dict[str, str] = {}
        self.person_ids: list[str] = []
        self.topic_ids: list[str] = []
        self.article_ids: list[str] = []
        self.article_days: list[int] = []
        self.article_publishers: list[str] = []
        self.editors: list[str] = []
        self.names: dict[str, str] = {}

    # The ids of every kind come first, so that records can refer to each other freely.
    def plan(self) -> None:
        rng, s = self.rng, self.sizes
        for i in range(s.organizations):
            name = f"{rng.pick(ORG_FIRST)} {rng.pick(ORG_SECOND)}"
            ident = f"{slug(name)}-{i + 1}"
            self.names[ident] = name
            self.org_ids.append(ident)
            self.org_domains[ident] = f"https://{ident}.example.com/"
        for i in range(s.people):
            name = f"{rng.pick(FIRST_NAMES)} {rng.pick(LAST_NAMES)}"
            ident = f"{ascii_slug(name)}-{i + 1}"
            self.names[ident] = name
            self.person_ids.append(ident)
        # The desk's editors write the reviews; at least one, about one in fifty people.
        self.editors = self.person_ids[: max(1, s.people // 50)]
        for i in range(s.topics):
            name = (
                COUNTRIES[i % len(COUNTRIES)]
                if i < len(COUNTRIES)
                else f"{rng.pick(COUNTRIES)} {rng.pick(TOPIC_THEMES)}"
            )
            ident = f"{slug(name)}-{i + 1}"
            self.names[ident] = name
            self.topic_ids.append(ident)
        for i in range(s.articles):
            self.article_days.append(rng.between(0, 1680 - 1))
            publisher = self.org_ids[i % len(self.org_ids)]
            self.article_publishers.append(publisher)
            words = slug(" ".join(rng.pick(WORDS) for _ in range(4)))
            self.article_ids.append(f"{words}-{i + 1}")

    def site(self) -> dict[str, Any]:
        return {
            "title": "Synthetic Fact Desk",
            "url": "https://factdesk.example.org/",
            "description": f"A generated publication of {self.sizes.claims} fact-checked claims "
            "for claimkit's benchmarks.",
            "notice": "Generated data: the people, organizations, claims and reviews are made up.",
            "language": "en",
            "publisher": PUBLISHER,
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
            # As the bundled publication: Unverified is published without a number.
            "methodology": {
                "allow": [
                    {
                        "rule": "rating-missing-value",
                        "reason": "Unverified is not a point on our scale, so it has no number.",
                    }
                ]
            },
            "repository": {"url": "https://git.example.org/factdesk/records"},
            "scale": {
                "labels": [
                    {"label": label, "value": value, "ratingClass": cls, "description": text}
                    for label, value, cls, text in SCALE
                ],
                "offScale": [
                    {
                        "label": OFF_SCALE[0],
                        "ratingClass": OFF_SCALE[1],
                        "description": OFF_SCALE[2],
                    }
                ],
            },
        }

    def organizations(self) -> list[tuple[str, dict[str, Any]]]:
        rng = self.rng
        out: list[tuple[str, dict[str, Any]]] = [
            (
                PUBLISHER,
                {
                    "id": PUBLISHER,
                    "name": "Synthetic Fact Desk",
                    "kind": "fact-checker",
                    "url": "https://factdesk.example.org/",
                    "description": "The generated fact-checking desk that publishes this site.",
                },
            )
        ]
        for ident in self.org_ids:
            name = self.names[ident]
            kind = next((k for suffix, k in ORG_KINDS.items() if name.endswith(suffix)), "other")
            record: dict[str, Any] = {"id": ident, "name": name, "kind": kind}
            if rng.chance(0.3):
                record["alternateName"] = ["".join(w[0] for w in name.split() if w[0].isupper())]
            record["url"] = self.org_domains[ident]
            if rng.chance(0.4):
                record["sameAs"] = [
                    f"https://www.wikidata.org/wiki/Q{rng.between(10**6, 10**8 - 1)}"
                ]
            record["country"] = rng.pick(COUNTRIES)
            record["description"] = self.text.prose(rng.between(40, 160))
            out.append((ident, record))
        return out

    def people(self) -> list[tuple[str, dict[str, Any]]]:
        rng = self.rng
        out: list[tuple[str, dict[str, Any]]] = []
        for ident in self.person_ids:
            record: dict[str, Any] = {"id": ident, "name": self.names[ident]}
            if ident in self.editors:
                record["jobTitle"] = "Fact-check editor"
                record["affiliation"] = PUBLISHER
            else:
                record["jobTitle"] = rng.pick(JOB_TITLES)
                if rng.chance(0.7):
                    record["affiliation"] = rng.pick(self.org_ids)
            if rng.chance(0.3):
                record["sameAs"] = [
                    f"https://www.wikidata.org/wiki/Q{rng.between(10**6, 10**8 - 1)}"
                ]
            record["description"] = self.text.prose(rng.between(40, 160))
            out.append((ident, record))
        return out

    def topics(self) -> list[tuple[str, dict[str, Any]]]:
        rng = self.rng
        out: list[tuple[str, dict[str, Any]]] = []
        for ident in self.topic_ids:
            name = self.names[ident]
            is_country = name in COUNTRIES
            record: dict[str, Any] = {
                "id": ident,
                "name": name,
                "type": "Country" if is_country else rng.pick(["Event", "Thing"]),
            }
            if is_country and rng.chance(0.5):
                record["sameAs"] = [
                    f"https://www.wikidata.org/wiki/Q{rng.between(10**3, 10**6 - 1)}"
                ]
            record["description"] = self.text.prose(rng.between(30, 120))
            out.append((ident, record))
        return out

    def articles(self) -> list[tuple[str, dict[str, Any]]]:
        rng, people, topics = self.rng, self.person_ids, self.topic_ids
        out: list[tuple[str, dict[str, Any]]] = []
        for i, ident in enumerate(self.article_ids):
            publisher = self.article_publishers[i]
            published = self.article_days[i]
            # Round robin over people and topics: every one of them is named at least once.
            authors = [people[i % len(people)]]
            if rng.chance(0.25):
                other = rng.pick(people)
                if other not in authors:
                    authors.append(other)
            about = [topics[i % len(topics)]]
            for _ in range(rng.between(0, 2)):
                other = rng.pick(topics)
                if other not in about:
                    about.append(other)
            record: dict[str, Any] = {
                "id": ident,
                "type": rng.pick(ARTICLE_TYPES),
                "headline": self.text.headline(40, 110),
                "url": f"{self.org_domains[publisher]}{day(published)[:7].replace('-', '/')}/"
                f"{ident}.html",
                "publisher": publisher,
                "authors": authors,
                "datePublished": day(published),
                "inLanguage": rng.pick(LANGUAGES),
                "description": self.text.prose(rng.between(150, 400)),
                "about": about,
            }
            if rng.chance(0.2):
                record["dateModified"] = day(published + rng.between(1, 20))
            if rng.chance(0.3):
                record["archivedAt"] = [
                    f"https://web.archive.org/web/2024/{self.org_domains[publisher]}{ident}"
                ]
            if rng.chance(0.4):
                record["image"] = {
                    "caption": self.text.prose(rng.between(40, 140)),
                    "credit": rng.pick(["AP", "Reuters", "Staff photographer", "Handout"]),
                }
            out.append((ident, dict(sorted(record.items(), key=lambda kv: _ARTICLE_ORDER[kv[0]]))))
        return out

    def party(self) -> dict[str, Any]:
        roll = self.rng.fraction()
        if roll < 0.6:
            return {"person": self.rng.pick(self.person_ids)}
        if roll < 0.85:
            return {"organization": self.rng.pick(self.org_ids)}
        party: dict[str, Any] = {"unnamed": self.rng.pick(UNNAMED)}
        if self.rng.chance(0.5):
            party["affiliation"] = self.rng.pick(self.org_ids)
        return party

    def citation(self, on: int) -> dict[str, Any]:
        rng = self.rng
        if rng.chance(0.4):
            return {"article": rng.pick(self.article_ids)}
        publisher = rng.pick(self.org_ids)
        citation: dict[str, Any] = {
            "name": self.text.headline(25, 90),
            "publisher": publisher,
        }
        if rng.chance(0.3):
            citation["url"] = f"{self.org_domains[publisher]}news/{rng.between(10**5, 10**7 - 1)}"
        citation["date"] = day(on)
        return citation

    def claims(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Yield (id, record) for each claim; a generator, so 100,000 claims stay small."""
        rng, text = self.rng, self.text
        articles = self.article_ids
        for i in range(self.sizes.claims):
            a = i % len(articles)
            made = max(0, self.article_days[a] - rng.between(0, 10))
            claim_reviewed = text.headline(40, 75)
            ident = f"{slug(' '.join(claim_reviewed.split()[:5]))}-{i + 1}"
            record: dict[str, Any] = {"id": ident, "claimReviewed": claim_reviewed}
            if rng.chance(0.65):
                record["quote"] = text.prose(rng.between(20, 200))
            record["claimants"] = [self.party()]
            record["dateMade"] = day(made)
            relays = []
            for r in range(rng.between(0, 3)):
                relay: dict[str, Any] = {"by": self.party(), "date": day(made + r + 1)}
                if rng.chance(0.7):
                    relay["source"] = self.citation(made + r + 1)
                relays.append(relay)
            record["relays"] = relays
            appearances: list[dict[str, Any]] = [{"article": articles[a]}]
            for _ in range(rng.between(0, 2)):
                appearances.append(self.citation(made + rng.between(0, 5)))
            record["appearances"] = appearances
            record["firstAppearance"] = appearances[-1]
            topics = [self.topic_ids[i % len(self.topic_ids)]]
            for _ in range(rng.between(0, 2)):
                other = rng.pick(self.topic_ids)
                if other not in topics:
                    topics.append(other)
            record["topics"] = topics
            record["inLanguage"] = rng.pick(LANGUAGES)
            if rng.chance(0.8):
                record["reviews"] = [self.review(made)]
            yield ident, record

    def review(self, made: int) -> dict[str, Any]:
        rng, text = self.rng, self.text
        published = made + rng.between(1, 400)
        review: dict[str, Any] = {
            "rating": rng.weighted(RATINGS, RATING_CUMULATIVE),
            "summary": text.prose(rng.between(250, 350)),
            "explanation": text.prose(rng.between(500, 700)),
            "datePublished": day(published),
            "authors": [rng.pick(self.editors)],
        }
        if rng.chance(0.05):
            review["corrections"] = [
                {"date": day(published + rng.between(1, 60)), "text": text.prose(120)}
            ]
        review["sources"] = [self.citation(published - 1) for _ in range(rng.between(1, 3))]
        return review


_ARTICLE_ORDER = {
    key: i
    for i, key in enumerate(
        _items(
            "id type headline url archivedAt publisher authors datePublished dateModified "
            "inLanguage description image about"
        )
    )
}


def write(path: Path, text: str) -> None:
    """Create `path` with `text` as UTF-8; os-level calls cost a third of `open()`'s."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


def generate(n: int, out: Path, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write a publication of `n` claims into the records folder `out`; return the counts."""
    if n < 1:
        raise ValueError("the number of claims must be at least 1")
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; give a new or empty folder")
    gen = Generator(n, seed)
    gen.plan()
    out.mkdir(parents=True, exist_ok=True)
    write(out / "site.yaml", yaml_text("site", gen.site()))
    counts: dict[str, int] = {}
    parts: list[tuple[str, str, Iterable[tuple[str, dict[str, Any]]]]] = [
        ("organizations", "organization", gen.organizations()),
        ("people", "person", gen.people()),
        ("topics", "topic", gen.topics()),
        ("articles", "article", gen.articles()),
        ("claims", "claim", gen.claims()),
    ]
    for folder, kind, records in parts:
        target = out / folder
        target.mkdir()
        count = 0
        for ident, record in records:
            write(target / f"{ident}.yaml", yaml_text(kind, record))
            count += 1
        counts[folder] = count
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a synthetic records folder of N claims for claimkit's benchmarks."
    )
    parser.add_argument("n", type=int, metavar="N", help="number of claims")
    parser.add_argument("out", type=Path, metavar="OUT", help="records folder to create")
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    args = parser.parse_args(argv)
    try:
        counts = generate(args.n, args.out, args.seed)
    except (ValueError, FileExistsError) as exc:
        print(f"generate.py: {exc}", file=sys.stderr)
        return 2
    total = sum(counts.values()) + 1
    detail = ", ".join(f"{v} {k}" for k, v in counts.items())
    print(f"wrote {total} records to {args.out}/ ({detail}, site.yaml)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
