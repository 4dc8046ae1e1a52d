"""Random changes to a generated publication that keep it valid (the incremental export's and
the incremental site's tests compare each run after them with a full one), and a random source
whose seed is printed: set CLAIMKIT_INCREMENTAL_SEED to run one again."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def generate(root: Path, claims: int) -> Path:
    """A generated publication of `claims` claims (benchmarks/generate.py) in `root`/r."""
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(claims), str(root / "r")],
        check=True,
        capture_output=True,
    )
    return root / "r"


def copy_tree(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        if path.is_file():
            out = target / path.relative_to(source)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(path.read_bytes())


def words(rng: random.Random) -> str:
    pool = [
        "harbour",
        "vote",
        "grain",
        "bridge",
        "Zürich",
        "naïve",
        "«quoted»",
        "drought",
        "ruling",
        "port",
        "summit",
    ]
    return " ".join(rng.choice(pool) for _ in range(rng.randint(1, 5))).capitalize()


def set_field(path: Path, field: str, value: str) -> bool:
    """Give the first top-level `field:` of a record a new string value."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf'^({re.escape(field)}: )"[^"\n]*"$', re.M)
    if not pattern.search(text):
        return False
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(pattern.sub(lambda m: f'{m.group(1)}"{escaped}"', text, count=1), "utf-8")
    return True


class Editor:
    """Random changes to a records folder that keep it valid."""

    def __init__(self, records: Path, rng: random.Random) -> None:
        self.records = records
        self.rng = rng
        self.added = 0

    def files(self, folder: str) -> list[Path]:
        return sorted((self.records / folder).glob("*.yaml"))

    def pick(self, folder: str) -> Path:
        return self.rng.choice(self.files(folder))

    def edit_claim(self) -> str:
        path = self.pick("claims")
        set_field(path, "claimReviewed", words(self.rng))
        return f"edit claim {path.stem}"

    def redate_review(self) -> str:
        """A review's date: may move the data's last change (the feed's head, the dataset)."""
        candidates = [
            p for p in self.files("claims") if "corrections:" not in p.read_text(encoding="utf-8")
        ]
        path = self.rng.choice(candidates)
        text = path.read_text(encoding="utf-8")
        day = f"2026-{self.rng.randint(1, 10):02d}-{self.rng.randint(1, 28):02d}"
        new = re.sub(r'(\n    datePublished: )"[^"]*"', rf'\1"{day}"', text, count=1)
        path.write_text(new, encoding="utf-8")
        return f"redate the review of {path.stem} to {day}"

    def rename(self, folder: str, field: str) -> str:
        """A person's, organization's, topic's or article's stub: shown on other pages."""
        candidates = [p for p in self.files(folder) if "synthetic-fact-desk" not in p.name]
        path = self.rng.choice(candidates)
        set_field(path, field, words(self.rng))
        return f"rename {folder}/{path.stem}"

    def add_claim(self) -> str:
        source = self.pick("claims")
        self.added += 1
        ident = f"{self.rng.choice('abcmz')}-added-claim-{self.added}"
        text = source.read_text(encoding="utf-8")
        text = re.sub(r'^id: "[^"]*"$', f'id: "{ident}"', text, count=1, flags=re.M)
        (self.records / "claims" / f"{ident}.yaml").write_text(text, encoding="utf-8")
        return f"add claim {ident}"

    def delete_claim(self) -> str:
        path = self.pick("claims")
        path.unlink()
        return f"delete claim {path.stem}"

    def _swap(self, pattern: str, folder: str, written: str) -> tuple[Path, str, str] | None:
        """In a random claim, put another record of `folder` in place of the id the first match
        of `pattern` holds (its group 1), one the claim does not name after it (as `written`
        writes an id); the claim's file, the old id and the new, or None when none can be."""
        path = self.pick("claims")
        text = path.read_text(encoding="utf-8")
        found = re.search(pattern, text)
        ids = [p.stem for p in self.files(folder)]
        if found is None or len(ids) < 2:
            return None
        other = self.rng.choice([i for i in ids if i != found.group(1)])
        if written.format(other) in text[found.end() :]:
            return None  # already named
        path.write_text(text[: found.start(1)] + other + text[found.end(1) :], encoding="utf-8")
        return path, found.group(1), other

    def retopic(self) -> str:
        """A claim's first topic for another: the claim leaves one topic's lists and related
        claims and joins another's."""
        swapped = self._swap(r'\ntopics:\n  - "([^"]+)"', "topics", '"{}"')
        if swapped is None:
            return self.edit_claim()
        path, old, new = swapped
        return f"move claim {path.stem} from topic {old} to {new}"

    def reclaimant(self) -> str:
        """A claim's first claimant, a person, for another person."""
        swapped = self._swap(r'\nclaimants:\n  - person: "([^"]+)"', "people", 'person: "{}"')
        if swapped is None:
            return self.edit_claim()
        path, old, new = swapped
        return f"give claim {path.stem} the claimant {new} for {old}"

    def several(self) -> str:
        return "; ".join(self.one() for _ in range(self.rng.randint(2, 5)))

    def one(self) -> str:
        choices: list[Callable[[], str]] = [
            self.edit_claim,
            self.edit_claim,
            self.redate_review,
            lambda: self.rename("people", "name"),
            lambda: self.rename("organizations", "name"),
            lambda: self.rename("topics", "name"),
            lambda: self.rename("articles", "headline"),
            self.add_claim,
            self.delete_claim,
            self.retopic,
            self.reclaimant,
        ]
        return self.rng.choice(choices)()


def seeded(test: str) -> tuple[int, random.Random]:
    """A random source whose seed is printed (CLAIMKIT_INCREMENTAL_SEED replays it)."""
    seed = int(
        os.environ.get("CLAIMKIT_INCREMENTAL_SEED") or random.SystemRandom().randrange(10**6)
    )
    print(f"{test} test seed: {seed}")
    return seed, random.Random(seed)
