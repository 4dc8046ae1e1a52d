"""The normalised classes of rating labels, in the languages the lexicon knows."""

from __future__ import annotations

import pytest

from claimkit.core.models import RatingClass
from claimkit.importing.rating_classes import LEXICON, classify, fold

T, F, M, X = RatingClass.TRUE, RatingClass.FALSE, RatingClass.MIXTURE, RatingClass.OTHER


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("TRUE", T),
        ("Mostly False", F),
        ("Pants on Fire!", F),
        ("Half-True", M),
        ("  missing   context ", M),
        ("Unproven", X),
        ("Engañoso", M),
        ("ENGANOSO", M),
        ("Plutôt vrai", T),
        ("Größtenteils falsch", F),
        ("Irreführend", M),
        ("Verdadeiro", T),
        ("Niet waar", F),
        ("Маніпуляція", M),
        ("Фейк", F),
        ("대체로 사실", T),
        ("사실 아님", F),
        ("ミスリード", M),
        ("مضلل", M),
        ("Yanıltıcı", M),
        ("Hoaks", F),
        ("Fałsz", F),
    ],
)
def test_labels_in_many_languages(label: str, expected: RatingClass) -> None:
    assert classify(label) is expected


def test_unclear_labels_have_no_class() -> None:
    assert classify("Needs more scrutiny") is None
    assert classify("") is None
    assert classify("Verdict pending (see update)") is None


def test_the_review_language_decides_first_and_a_mapping_wins() -> None:
    assert classify("Falso", ("pt",)) is F
    assert classify("Cherry-picked") is None
    assert classify("Cherry-picked", (), {fold("cherry picked"): M}) is M
    assert classify("False", ("en",), {fold("false"): X}) is X


def test_no_label_means_two_things_across_languages() -> None:
    seen: dict[str, tuple[str, RatingClass]] = {}
    for language, words in LEXICON.items():
        for label, cls in words.items():
            key = fold(label)
            if key in seen:
                assert seen[key][1] is cls, (label, language, seen[key])
            seen[key] = (language, cls)


def test_fold_keeps_other_scripts_whole() -> None:
    assert fold("Ложь.") == "ложь"
    assert fold("ミスリード") == "ミスリード"  # dakuten are part of the word
    assert fold("Plutôt  VRAI") == "plutot vrai"
