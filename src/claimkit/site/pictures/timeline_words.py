"""The words a timeline writes besides the records' own: its dates and its verdict classes' names.

Every date is written in the site's language (a `DateWords`: Babel's CLDR data for the site's
language, never the machine's locale) at the precision the date has: a year as the year, a
month as the month and year, a day as the site's pages write it ("October 14, 2024" in English),
a date-time as its day. Where room is tight the month is abbreviated: ticks name the month alone
("Oct", "oct.", "жовт."), periods under the axis of a timeline of counts read "Oct 2024" or
"Q4 2024", and the dates at the axis's ends are written shorter when in full they would take too
much of the frame (`timeline_layout` decides). The text alternative and the tooltips always
write dates in full. No month or quarter name is written here: all come from CLDR.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton

from claimkit.core.dates import first_day
from claimkit.site.dates import DateWords
from claimkit.site.pictures.text import clean
from claimkit.site.pictures.verdicts import CLASS_NAMES

__all__ = ["class_names", "date_label", "month_names", "period_label", "year_label"]

# DateWords writes "14 October 2024" for a language Babel does not know: British English.
_ENGLISH = Locale.parse("en_GB")


def _locale(dates: DateWords) -> Locale:
    """The locale the picture's dates are written in: the site's, or British English where
    Babel knows no form of the site's language (DateWords then writes English words in the
    same order)."""
    return dates.locale or _ENGLISH


def date_label(text: str, dates: DateWords, tight: int = 0) -> str:
    """A point's date as the picture writes it, in the site's language at the precision it has,
    a date-time as its day. With tight 0, in words as the site's pages write dates ("2024",
    "October 2024", "October 14, 2024" in English); with tight 1, the month abbreviated ("Oct
    2024", "Oct 14, 2024"); with tight 2, in figures ("10/2024", "10/14/24"). A year is the
    year at every level."""
    day = text.strip()[:10]
    if tight == 0 or len(day) == 4:
        return dates.words(day)
    return _short_date(_locale(dates), day, tight)


@functools.lru_cache(maxsize=4096)
def _short_date(locale: Locale, day: str, tight: int) -> str:
    when = first_day(day)
    if len(day) == 7:
        return format_skeleton("yMMM" if tight == 1 else "yMM", when, locale=locale)
    return format_date(when, "medium" if tight == 1 else "short", locale=locale)


def month_names(dates: DateWords) -> tuple[str, ...]:
    """The abbreviated names of the twelve months, as a tick writes them ("Jan" ... "Dec" in
    English, "janv." ... "déc." in French)."""
    return _month_names(_locale(dates))


@functools.lru_cache(maxsize=64)
def _month_names(locale: Locale) -> tuple[str, ...]:
    return tuple(
        format_skeleton("MMM", dt.date(2000, month, 1), locale=locale) for month in range(1, 13)
    )


def year_label(year: int, dates: DateWords) -> str:
    """A year as the site's language writes it ("2024", "2024年")."""
    return _year(_locale(dates), year)


@functools.lru_cache(maxsize=1024)
def _year(locale: Locale, year: int) -> str:
    return format_skeleton("y", dt.date(year, 1, 1), locale=locale)


def period_label(index: int, step: int, dates: DateWords, tight: bool = True) -> str:
    """The name of period number index when periods are step months long, in the site's
    language.

    Periods are counted from year 0, so index * step is the first month of the period. Under
    the axis (tight) a month is written with its name abbreviated ("Mar 2024" in English), a
    quarter with the locale's short quarter name ("Q1 2024") and a half-year as the month it
    starts ("Jul 2024": CLDR names no half-years, and its first and last month take too much room
    on a phone); in the text alternative and the tooltips (not tight) the names are written in
    full ("March 2024", "1st quarter 2024", a half-year as its first and last month, "July -
    December 2024"). A year is the year, and a longer period its first and last year ("2020 -
    2024"). Ranges are joined as the locale joins them (in English by a dash between thin
    spaces).
    """
    return _period(_locale(dates), index, step, tight)


@functools.lru_cache(maxsize=4096)
def _period(locale: Locale, index: int, step: int, tight: bool) -> str:
    year, month = divmod(index * step, 12)
    if step == 1 or (step == 6 and tight):
        return format_skeleton(
            "yMMM" if tight else "yMMMM", dt.date(year, month + 1, 1), locale=locale
        )
    if step == 3:
        return format_skeleton(
            "yQQQ" if tight else "yQQQQ", dt.date(year, month + 1, 1), locale=locale
        )
    if step == 6:
        start, end = dt.date(year, month + 1, 1), dt.date(year, month + 6, 1)
        return format_interval(start, end, "yMMMM", locale=locale)
    if step == 12:
        return _year(locale, year)
    # Longer periods are counted from year 0, which no date holds, and may end after 9999.
    start = dt.date(max(1, year), 1, 1)
    end = dt.date(min(9999, (index * step + step - 1) // 12), 1, 1)
    return format_interval(start, end, "y", locale=locale)


def class_names(verdicts: Iterable[str | None], classes: Sequence[str]) -> dict[str, str]:
    """The name of each verdict class shown, for legends and lanes, from the points' verdicts
    and classes in turn: the verdicts its marks stand for as the points name them, in the order
    first met ("Mostly true / True"), so that a mark is never named by another verdict of its
    class; a class's own name for points that give no verdict ("Not reviewed")."""
    found: dict[str, list[str]] = {}
    met: set[tuple[str | None, str]] = set()  # points share verdicts: each pair is named once
    for pair in zip(verdicts, classes, strict=True):
        if pair in met:
            continue
        met.add(pair)
        verdict, cls = pair
        label = clean(verdict) if verdict else ""
        names = found.setdefault(cls, [])
        name = label or CLASS_NAMES[cls]
        if name not in names:
            names.append(name)
    return {cls: " / ".join(names) for cls, names in found.items()}
