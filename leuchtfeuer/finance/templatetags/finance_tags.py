"""German money and change figures for the finance pages (through core.engine.german)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from leuchtfeuer.core.engine.german import format_euro, format_number, format_percent

register = template.Library()


@register.filter
def euro(value) -> str:
    return "–" if value in (None, "") else format_euro(Decimal(str(value)))


@register.filter
def signed_euro(value) -> str:
    if value in (None, ""):
        return "–"
    amount = Decimal(str(value))
    return ("+" if amount > 0 else "") + format_euro(amount)


@register.filter
def signed_percent(value) -> str:
    return "–" if value in (None, "") else format_percent(float(value), 2, signed=True)


@register.filter
def share(value) -> str:
    """0.3 → '30,0 %'."""
    return "–" if value in (None, "") else format_percent(float(value) * 100, 1)


@register.filter
def gini(value) -> str:
    return "–" if value is None else format_number(float(value), 3)


@register.filter
def direction_word(value) -> str:
    return {1: "hebt", -1: "senkt"}.get(value, "")


@register.filter
def winners_count(rows) -> int:
    return sum(1 for r in rows if r.diff > 0)


@register.filter
def losers_count(rows) -> int:
    return sum(1 for r in rows if r.diff < 0)
