"""The dates of a recurring event (Rückkehrertag, Willkommensveranstaltung): pure Python.

Month-end rule: every occurrence is computed from the FIRST date (not from the previous one), on
the same day of the month; where that month is shorter, the occurrence falls on its last day.
So a monthly series from 31 January runs 31 Jan → 28 Feb (29 Feb in a leap year) → 31 Mar →
30 Apr → 31 May; a yearly series from 29 Feb 2028 falls on 28 Feb 2029 and 29 Feb 2032. The
clock time stays the same local time (the datetime's tzinfo, e.g. Europe/Berlin, gives the
right summer/winter offset for each date).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime

MONTHS = {"monatlich": 1, "vierteljaehrlich": 3, "jaehrlich": 12}
MAX_OCCURRENCES = 24  # one series may hold at most this many dates (the first included)


class SeriesError(ValueError):
    """A series that cannot be built; `field` names the form field, `message` is German."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def shift_months(moment: datetime, months: int) -> datetime:
    """`moment` moved by whole months, clamped to the last day of a shorter month."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def occurrence_dates(
    first: datetime, repeat: str, *, until: date | None = None, count: int | None = None
) -> list[datetime]:
    """All dates of the series, the first included; ends on `until` (inclusive) or after `count`.

    Raises SeriesError (German) for an unknown rhythm, no end, an end before the start or more
    than MAX_OCCURRENCES dates.
    """
    if not repeat:
        return [first]
    if repeat not in MONTHS:
        raise SeriesError(
            "repeat", "Diese Wiederholung gibt es nicht (monatlich, vierteljährlich, jährlich)."
        )
    if until is None and count is None:
        raise SeriesError(
            "repeat_count", "Bitte geben Sie an, wie oft oder bis wann die Veranstaltung stattfindet."
        )
    if until is not None and count is not None:
        raise SeriesError(
            "repeat_count", "Bitte geben Sie entweder ein Enddatum oder eine Anzahl an, nicht beides."
        )
    if count is not None:
        if count < 2:
            raise SeriesError("repeat_count", "Eine Reihe hat mindestens 2 Termine.")
        if count > MAX_OCCURRENCES:
            raise SeriesError(
                "repeat_count",
                f"Höchstens {MAX_OCCURRENCES} Termine je Reihe; bitte legen Sie danach eine neue an.",
            )
        return [shift_months(first, MONTHS[repeat] * i) for i in range(count)]
    assert until is not None
    if until < first.date():
        raise SeriesError("repeat_until", "Das Ende der Reihe liegt vor dem ersten Termin.")
    dates: list[datetime] = []
    i = 0
    while True:
        moment = shift_months(first, MONTHS[repeat] * i)
        if moment.date() > until:
            break
        dates.append(moment)
        if len(dates) > MAX_OCCURRENCES:
            raise SeriesError(
                "repeat_until",
                f"Bis zu diesem Enddatum wären es mehr als {MAX_OCCURRENCES} Termine; "
                "bitte wählen Sie ein früheres Ende.",
            )
        i += 1
    return dates
