"""Normalised rating classes: true, false, mixture or other, from a fact-checker's own label.

Fact-checkers publish their verdicts in their own words and languages. Like ClaimsKG, claimkit
sorts each label into one of four classes so reviews can be compared across publishers: a label
goes into a class only where its meaning is clear; anything else is "other", and `claimkit
import` lists those labels so a person can decide (a mapping file can place them).
"""

from __future__ import annotations

import re
import unicodedata

from claimkit.core.models import RatingClass

T, F, M, X = RatingClass.TRUE, RatingClass.FALSE, RatingClass.MIXTURE, RatingClass.OTHER

# Labels by language (BCP 47 primary subtag). Written in lower case; matching ignores case,
# accents on Latin letters, punctuation and spacing. "Mostly true" counts as true and "mostly
# false" as false, as the bundled site's scale does; a label that mixes both is a mixture;
# "unproven", "satire" and the like are other.
LEXICON: dict[str, dict[str, RatingClass]] = {
    "en": {
        "true": T,
        "correct": T,
        "accurate": T,
        "right": T,
        "verified": T,
        "mostly true": T,
        "mostly correct": T,
        "mostly accurate": T,
        "largely true": T,
        "largely accurate": T,
        "geppetto checkmark": T,
        "false": F,
        "incorrect": F,
        "inaccurate": F,
        "wrong": F,
        "fake": F,
        "hoax": F,
        "fabricated": F,
        "pants on fire": F,
        "pants on fire!": F,
        "mostly false": F,
        "largely false": F,
        "four pinocchios": F,
        "three pinocchios": F,
        "baseless": F,
        "scam": F,
        "altered": F,
        "manipulated": F,
        "not true": F,
        "half true": M,
        "half-true": M,
        "mixture": M,
        "mixed": M,
        "partly true": M,
        "partly false": M,
        "partially true": M,
        "partially false": M,
        "half right": M,
        "misleading": M,
        "missing context": M,
        "needs context": M,
        "lacks context": M,
        "out of context": M,
        "exaggerated": M,
        "exaggeration": M,
        "distorted": M,
        "cherry picks": M,
        "two pinocchios": M,
        "one pinocchio": M,
        "unproven": X,
        "unverified": X,
        "unsupported": X,
        "no evidence": X,
        "unsubstantiated": X,
        "satire": X,
        "opinion": X,
        "research in progress": X,
        "outdated": X,
        "labeled satire": X,
    },
    "es": {
        "verdadero": T,
        "verdad": T,
        "cierto": T,
        "correcto": T,
        "mayormente verdadero": T,
        "mayormente cierto": T,
        "falso": F,
        "mentira": F,
        "bulo": F,
        "incorrecto": F,
        "mayormente falso": F,
        "fabricado": F,
        "verdad a medias": M,
        "medio verdadero": M,
        "parcialmente cierto": M,
        "parcialmente verdadero": M,
        "parcialmente falso": M,
        "enganoso": M,
        "impreciso": M,
        "exagerado": M,
        "sacado de contexto": M,
        "fuera de contexto": M,
        "inverificable": X,
        "no verificable": X,
        "sin evidencia": X,
        "sin pruebas": X,
        "satira": X,
    },
    "fr": {
        "vrai": T,
        "exact": T,
        "correct": T,
        "plutot vrai": T,
        "faux": F,
        "fausse": F,
        "plutot faux": F,
        "intox": F,
        "infox": F,
        "inexact": F,
        "trompeur": M,
        "a nuancer": M,
        "partiellement vrai": M,
        "partiellement faux": M,
        "hors contexte": M,
        "sorti de son contexte": M,
        "exagere": M,
        "invérifiable": X,
        "inverifiable": X,
        "non prouve": X,
        "satire": X,
    },
    "de": {
        "wahr": T,
        "richtig": T,
        "stimmt": T,
        "zutreffend": T,
        "uberwiegend richtig": T,
        "uberwiegend wahr": T,
        "grosstenteils richtig": T,
        "falsch": F,
        "frei erfunden": F,
        "unwahr": F,
        "uberwiegend falsch": F,
        "grosstenteils falsch": F,
        "fake": F,
        "halb wahr": M,
        "halbwahr": M,
        "teilweise richtig": M,
        "teilweise falsch": M,
        "irrefuhrend": M,
        "fehlender kontext": M,
        "aus dem kontext gerissen": M,
        "unbelegt": X,
        "nicht belegt": X,
        "satire": X,
    },
    "pt": {
        "verdadeiro": T,
        "verdade": T,
        "correto": T,
        "falso": F,
        "mentira": F,
        "fake": F,
        "insustentavel": F,
        "enganoso": M,
        "impreciso": M,
        "exagerado": M,
        "distorcido": M,
        "sem contexto": M,
        "fora de contexto": M,
        "verdadeiro mas": M,
        "subestimado": M,
        "contraditorio": X,
        "sem evidencias": X,
        "satira": X,
    },
    "it": {
        "vero": T,
        "corretto": T,
        "falso": F,
        "pinocchio andante": F,
        "panzana pazzesca": F,
        "bufala": F,
        "c'eri quasi": M,
        "ceri quasi": M,
        "nì": M,
        "ni": M,
        "fuorviante": M,
        "impreciso": M,
        "parzialmente vero": M,
        "parzialmente falso": M,
        "senza prove": X,
        "satira": X,
    },
    "nl": {
        "waar": T,
        "klopt": T,
        "grotendeels waar": T,
        "onwaar": F,
        "niet waar": F,
        "klopt niet": F,
        "grotendeels onwaar": F,
        "half waar": M,
        "deels waar": M,
        "misleidend": M,
        "onbewezen": X,
    },
    "ru": {
        "правда": T,
        "верно": T,
        "ложь": F,
        "неправда": F,
        "фейк": F,
        "неверно": F,
        "полуправда": M,
        "частично правда": M,
        "частично верно": M,
        "манипуляция": M,
        "вводит в заблуждение": M,
        "не доказано": X,
        "непроверяемо": X,
    },
    "uk": {
        "правда": T,
        "неправда": F,
        "фейк": F,
        "брехня": F,
        "напівправда": M,
        "частково правда": M,
        "маніпуляція": M,
        "перебільшення": M,
        "неперевірено": X,
        "неможливо перевірити": X,
    },
    "pl": {
        "prawda": T,
        "falsz": F,
        "nieprawda": F,
        "czesciowa prawda": M,
        "czesciowo prawda": M,
        "manipulacja": M,
        "nieweryfikowalne": X,
    },
    "ko": {
        "사실": T,
        "대체로 사실": T,
        "사실 아님": F,
        "거짓": F,
        "대체로 사실 아님": F,
        "전혀 사실 아님": F,
        "절반의 사실": M,
        "일부 사실": M,
        "판단 유보": X,
        "판단 불가": X,
    },
    "ja": {
        "正確": T,
        "ほぼ正確": T,
        "誤り": F,
        "虚偽": F,
        "ミスリード": M,
        "不正確": M,
        "根拠不明": X,
        "判定留保": X,
    },
    "ar": {
        "صحيح": T,
        "زائف": F,
        "خاطئ": F,
        "كاذب": F,
        "مضلل": M,
        "صحيح جزئيا": M,
        "غير مؤكد": X,
    },
    "tr": {
        "dogru": T,
        "yanlis": F,
        "kismen dogru": M,
        "yaniltici": M,
        "kanitsiz": X,
    },
    "id": {
        "benar": T,
        "salah": F,
        "hoaks": F,
        "menyesatkan": M,
        "sebagian benar": M,
    },
}

# Latin letters with a stroke or without a dot, which Unicode does not split into letter + mark.
# Typographic apostrophes count as the plain one.
_UNDECOMPOSED = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "æ": "ae", "œ": "oe"}
    | {"’": "'", "‘": "'", "ʼ": "'"}
)
_SPACE = re.compile(r"[\s\u00a0_\-]+")
_EDGE_PUNCTUATION = " .,;:!?¡¿\"'«»“”‘’()[]"


def fold(label: str) -> str:
    """A label as matched: lower case, accents dropped, spacing and end punctuation tidied."""
    text = unicodedata.normalize("NFKD", label.casefold())
    # Only the combining diacritics of Latin, Greek and Cyrillic letters go (é -> e); marks of
    # other scripts, such as Japanese dakuten, change the word and stay.
    text = "".join(ch for ch in text if not "\u0300" <= ch <= "\u036f")
    text = unicodedata.normalize("NFC", text).translate(_UNDECOMPOSED)
    return _SPACE.sub(" ", text).strip(_EDGE_PUNCTUATION).strip()


def _folded() -> dict[str, dict[str, RatingClass]]:
    return {lang: {fold(k): v for k, v in words.items()} for lang, words in LEXICON.items()}


_BY_LANGUAGE = _folded()
_ANY: dict[str, set[RatingClass]] = {}
for _words in _BY_LANGUAGE.values():
    for _label, _cls in _words.items():
        _ANY.setdefault(_label, set()).add(_cls)


def classify(
    label: str, languages: tuple[str, ...] = (), extra: dict[str, RatingClass] | None = None
) -> RatingClass | None:
    """The class of a label, or None when it is not clear.

    `extra` (from a mapping file, keys folded) wins; then the label's meaning in the given
    languages, in order; then any language where every language that knows it agrees.
    """
    key = fold(label)
    if extra and key in extra:
        return extra[key]
    for language in languages:
        found = _BY_LANGUAGE.get(language.split("-")[0].lower(), {}).get(key)
        if found is not None:
            return found
    classes = _ANY.get(key, set())
    return next(iter(classes)) if len(classes) == 1 else None
