"""Template tags of the Werkstatt reports part: the method kits of a stage (kit_links.html)."""

from django import template

from leuchtfeuer.werkstatt import kits, report_rules  # noqa: F401  (registers the report permissions)

register = template.Library()


@register.simple_tag
def kits_for(stage_kind: str) -> list:
    """The method kits a stage offers (werkstatt/kits.py)."""
    return kits.kits_for(stage_kind or "")
