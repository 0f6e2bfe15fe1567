"""Template tags of the Werkstatt reports part: the method kits of a stage (kit_links.html)."""

from django import template

from leuchtfeuer.werkstatt.reports import kits, rules  # noqa: F401  (registers the report permissions)
from leuchtfeuer.werkstatt.reports.formatting import fmt_indicator_value

register = template.Library()


@register.simple_tag
def kits_for(stage_kind: str) -> list:
    """The method kits a stage offers (werkstatt/reports/kits.py)."""
    return kits.kits_for(stage_kind or "")


@register.filter
def indicator_value(value) -> str:
    """An indicator value rounded and formatted exactly as in the generated documents."""
    return fmt_indicator_value(value)
