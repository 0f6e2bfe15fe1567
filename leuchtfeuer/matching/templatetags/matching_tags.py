"""Template helpers of the matching agency."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def fields(form, names: str) -> list:
    """The bound fields of `form` named in `names` (space-separated), in that order."""
    return [form[name] for name in names.split() if name in form.fields]


@register.filter
def percent(value: float | None) -> str:
    """A score 0..1 as a whole percentage ("82 %")."""
    if value is None:
        return "–"
    return f"{round(float(value) * 100)} %"


@register.filter
def features_de(keys) -> str:
    """Feature keys of a space as German words."""
    from leuchtfeuer.matching.selectors import FEATURE_LABELS

    return ", ".join(FEATURE_LABELS.get(k, k) for k in keys or [])
