"""Template filters of belonging/engagement: interests and ages in words (never their codes)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from leuchtfeuer.portal.vocab import Interest

register = template.Library()


@register.filter
def interest_labels(keys: list[str] | None) -> str:
    """`{{ details.interests|interest_labels }}` → "Musik und Gesang, Sport und Bewegung"."""
    labels = dict(Interest.choices)
    return ", ".join(str(labels[key]) for key in keys or [] if key in labels)


@register.simple_tag
def age_range(min_age: int | None, max_age: int | None) -> str:
    """ "ab 16 Jahren", "bis 30 Jahre", "16 bis 30 Jahre" or "" without limits."""
    if min_age is not None and max_age is not None:
        return _("%(low)s bis %(high)s Jahre") % {"low": min_age, "high": max_age}
    if min_age is not None:
        return _("ab %(low)s Jahren") % {"low": min_age}
    if max_age is not None:
        return _("bis %(high)s Jahre") % {"high": max_age}
    return ""


@register.simple_tag
def hours_per_month(hours: int | None) -> str:
    """ "ca. 1 Stunde im Monat" / "ca. 4 Stunden im Monat"."""
    if not hours:
        return ""
    if hours == 1:
        return _("ca. 1 Stunde im Monat")
    return _("ca. %(hours)s Stunden im Monat") % {"hours": hours}
