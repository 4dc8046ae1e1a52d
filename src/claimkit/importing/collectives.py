"""Collectives: claimants that are groups ("social media users", "several sources"), not records.

A claimkit site publishes a collective as an Organization node of the claim's page
(`#claimant`, `#claimant-2`, ...) and an unnamed source as a Person node there; other
publishers write groups as a Person or Organization named "Social media users", "Varias
fuentes" and so on. Both are read back as collectives, their kind sorted from their name by
the words below (the kind is a claimkit classification, never published); a name with none
of them is of kind `other`.
"""

from __future__ import annotations

import unicodedata

# Words by kind, matched in the case-folded name with Latin accents removed; the first kind
# with a match wins, so that "unnamed officials" is an anonymous source before an official.
KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "anonymous-sources",
        ("unnamed", "anonymous", "unidentified", "anonim", "anonym", "sin identificar"),
    ),
    (
        "social-media-users",
        (
            "social media",
            "users",
            "usuarios",
            "utilisateurs",
            "internautes",
            "internautas",
            "netizens",
            "utenti",
            "nutzer",
            "redes sociales",
            "redes sociais",
            "reseaux sociaux",
            "यूजर्स",
            "सोशल मीडिया",
            "সামাজিক মাধ্যম",
            "ব্যবহারকারী",
            "網友",
            "网友",
            "社群",
            "користувачі",
            "пользователи",
        ),
    ),
    (
        "multiple-sources",
        (
            "multiple sources",
            "various sources",
            "several sources",
            "many sources",
            "varias fuentes",
            "multiples fuentes",
            "varias fontes",
            "multiplas fontes",
            "plusieurs sources",
            "sources multiples",
            "diverses sources",
            "mehrere quellen",
            "fonti multiple",
            "विभिन्न",
            "একাধিক",
        ),
    ),
    ("officials", ("officials", "agencies", "authorities", "funcionarios", "autoridades")),
    ("media-outlets", ("media outlets", "news outlets", "medios", "media reports", "outlets")),
    ("websites", ("websites", "web sites", "sitios web", "sites", "blogs")),
)


def fold(text: str) -> str:
    """A name as matched: case folded, Latin accents removed, spacing collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Accents are "COMBINING ..." marks; other scripts' vowel signs have names of their own.
    kept = "".join(
        ch
        for ch in decomposed
        if not (unicodedata.combining(ch) and unicodedata.name(ch, "").startswith("COMBINING"))
    )
    return " ".join(unicodedata.normalize("NFC", kept).split())


def collective_kind(name: str) -> str | None:
    """The collective kind a name says, or None when it names no group."""
    folded = fold(name)
    for kind, words in KIND_WORDS:
        if any(word in folded for word in words):
            return kind
    return None
