"""Near misses: which known name a mistyped one most likely meant, if any.

A suggestion is only useful when it is the name the contributor meant; one that is merely
similar sends them to another record (`kim-jong-un` is not `kim-yong-hyun`, "Half true" is not
"Mostly true"). So a name counts as a near miss only when it is a typo away: at most one edit
(a letter added, dropped, changed, or two neighbours swapped) for names up to 6 characters, two
up to 14, three beyond, ignoring case, and only when no other known name is as close. A word
of four letters or more that is the first whole words of exactly one known name is a near
miss too (`government` for `government-body`).
Measured on the list in tests/unit/test_nearmiss.py (real slips and real non-matches from the
records and reported issues).
"""

from __future__ import annotations

from collections.abc import Iterable


def allowed_edits(word: str) -> int:
    """How many edits a name of this length may be away from the one meant."""
    n = len(word)
    return 1 if n <= 6 else 2 if n <= 14 else 3


def edit_distance(a: str, b: str, limit: int) -> int:
    """The optimal string alignment distance (insertions, deletions, substitutions and swaps of
    neighbours), or limit + 1 as soon as it is certainly over `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]


def _only_extension(folded: str, known: Iterable[str]) -> str | None:
    """The one known name that starts with the word followed by a word break, if just one."""
    if len(folded) < 4:
        return None
    longer = [n for n in known if n.casefold()[: len(folded) + 1] in (folded + "-", folded + " ")]
    return longer[0] if len(longer) == 1 else None


def near_miss(word: str, known: Iterable[str]) -> str | None:
    """The one known name `word` is most likely a typo of, or None when none is a typo away or
    two are equally close."""
    known = list(known)
    folded = word.casefold()
    limit = allowed_edits(folded)
    best: list[tuple[int, str]] = []
    for name in known:
        distance = edit_distance(folded, name.casefold(), limit)
        if distance <= limit:
            best.append((distance, name))
    if not best:
        return _only_extension(folded, known)
    best.sort()
    if len(best) > 1 and best[0][0] == best[1][0]:
        return None
    return best[0][1]
