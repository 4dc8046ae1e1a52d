"""Near misses: a suggestion only for a typo of one known name, tested on real slips and on real
names that are similar but are other records or other verdicts."""

from __future__ import annotations

import pytest

from claimkit.core.nearmiss import edit_distance, near_miss

SCALE = ["False", "Mostly false", "Mixed", "Mostly true", "True", "Unverified"]
PEOPLE = ["kim-yong-hyun", "dmitry-peskov", "volodymyr-zelenskyy", "matthew-miller"]
ORGS = ["kyiv-independent", "kyiv-post", "stars-and-stripes", "south-korea-nis", "kcna", "tass"]
KINDS = ["news-outlet", "government-body", "fact-checker", "intelligence-agency"]

SLIPS = [
    ("Mostly ture", SCALE, "Mostly true"),
    ("mostly True", SCALE, "Mostly true"),
    ("false", SCALE, "False"),
    ("Unverfied", SCALE, "Unverified"),
    ("kyiv-independant", ORGS, "kyiv-independent"),
    ("stars-and-stripe", ORGS, "stars-and-stripes"),
    ("dmitri-peskov", PEOPLE, "dmitry-peskov"),
    ("volodymyr-zelensky", PEOPLE, "volodymyr-zelenskyy"),
    ("tas", ORGS, "tass"),
    ("government", KINDS, "government-body"),
    ("factchecker", KINDS, "fact-checker"),
]
OTHERS = [
    ("kim-jong-un", PEOPLE),  # another person, not a typo of kim-yong-hyun
    ("Half true", SCALE),  # another verdict, not Mostly true
    ("Pants on Fire", SCALE),
    ("peskov", PEOPLE),
    ("kyiv-pravda", ORGS),
    ("nato", ORGS),  # no more like kcna or tass than like each other
    ("kim", PEOPLE),
]


@pytest.mark.parametrize(("word", "known", "meant"), SLIPS)
def test_a_typo_gets_the_name_meant(word: str, known: list[str], meant: str) -> None:
    assert near_miss(word, known) == meant


@pytest.mark.parametrize(("word", "known"), OTHERS)
def test_a_different_name_gets_no_suggestion(word: str, known: list[str]) -> None:
    assert near_miss(word, known) is None


def test_two_equally_close_names_give_none() -> None:
    assert near_miss("kyiv-pos", ["kyiv-post", "kyiv-pose"]) is None


def test_edit_distance_counts_a_swap_as_one_edit() -> None:
    assert edit_distance("ture", "true", 3) == 1
    assert edit_distance("abc", "abcdef", 2) == 3  # over the limit: limit + 1
