from decimal import Decimal

from django import template

from leuchtfeuer.core.engine.german import format_decimal
from leuchtfeuer.funding.engine.selection import format_money

register = template.Library()


@register.filter
def euro(value) -> str:
    if value in (None, ""):
        return "–"
    return format_money(Decimal(str(value)))


@register.filter
def points(value) -> str:
    if value is None:
        return "–"
    return format_decimal(float(value), 1)


@register.filter
def get_item(mapping, key):
    if not mapping:
        return None
    return mapping.get(str(key))
