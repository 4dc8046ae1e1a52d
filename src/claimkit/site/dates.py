"""Dates for readers, in the site's language (Babel's CLDR data), at the precision the record
gives: "2024" stays a year, "2024-10" reads "October 2024" (in English), a day reads as the
language writes a long date, and a date-time keeps its clock and zone as written."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton

from claimkit.core.dates import display
from claimkit.site.html import esc, inline

__all__ = ["DateWords", "locale_for"]


@lru_cache(maxsize=64)
def locale_for(language: str) -> Locale | None:
    """The Babel locale of a BCP 47 tag, or of its shorter forms (`sr-Latn-RS`, `sr-Latn`,
    `sr`); None when Babel knows none of them."""
    parts = language.replace("_", "-").split("-")
    while parts:
        try:
            return Locale.parse("-".join(parts), sep="-")
        except (ValueError, UnknownLocaleError):
            parts.pop()
    return None


class DateWords:
    """Record dates as words in one language; each text is worked out once (dates repeat)."""

    def __init__(self, language: str) -> None:
        self.locale = locale_for(language)
        self._words: dict[str, str] = {}
        self._html: dict[str, str] = {}

    def words(self, text: str) -> str:
        """A date as words at its precision: the year alone, the month and year, the long date,
        or the long date with the time and zone as written ("09:30 (UTC+03:00)")."""
        known = self._words.get(text)
        if known is None:
            known = self._words[text] = self._say(text)
        return known

    def _say(self, text: str) -> str:
        if self.locale is None:
            return display(text)
        year = int(text[:4])
        if len(text) == 4:
            return format_skeleton("y", dt.date(year, 1, 1), locale=self.locale)
        month = int(text[5:7])
        if len(text) == 7:
            return format_skeleton("yMMMM", dt.date(year, month, 1), locale=self.locale)
        day = format_date(dt.date(year, month, int(text[8:10])), "long", locale=self.locale)
        if len(text) == 10:
            return day
        # The clock and zone as the source wrote them, never moved to another zone.
        return f"{day}, {display(text).rsplit(', ', 1)[1]}"

    def html(self, text: str | None, missing: str = "date unknown") -> str:
        """A date in a <time> element whose `datetime` is the date as written (every form a
        record holds is one HTML accepts), kept on one line; the words `missing` when there
        is no date."""
        if not text:
            return inline(missing)
        known = self._html.get(text)
        if known is None:
            known = self._html[text] = (
                f'<time datetime="{esc(text)}">{esc(self.words(text))}</time>'
            )
        return known
