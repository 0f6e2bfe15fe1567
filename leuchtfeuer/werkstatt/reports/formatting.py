"""How the reports print numbers, amounts and dates: German, through Django's l10n and
`core.engine.german` (the pages use the same filters)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import number_format

from leuchtfeuer.core.engine.german import format_euro


def fmt_number(value: Any, decimals: int | None = None) -> str:
    """German number through Django's l10n (thousands dot, decimal comma); without `decimals`
    all significant decimals, trailing zeros dropped."""
    if value is None:
        return "–"
    number = Decimal(str(value))
    if decimals is None:
        number = number.normalize()
    return number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def fmt_indicator_value(value: Any) -> str:
    """An indicator value as the pages and the documents print it: rounded to one decimal, the
    decimal dropped when it is zero, German format through Django's l10n (-21.951 -> "-22")."""
    if value is None:
        return "–"
    return floatformat(round(Decimal(str(value)), 1), "-1g")


def fmt_money(value: Decimal | None) -> str:
    return "–" if value is None else format_euro(value)


def fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value:%d.%m.%Y}"


def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)} %"
