"""Reads of the catalogue: a programme's eligibility rules (for the fit check and as German text)."""

from __future__ import annotations

from leuchtfeuer.core.engine.german import format_number
from leuchtfeuer.core.taxonomy import HANDLUNGSFELDER, label
from leuchtfeuer.funding.engine.eligibility import (
    APPLICANT_TYPES,
    DEGURBA_LABELS,
    LAND_NAMES,
    EligibilityRules,
)
from leuchtfeuer.funding.programmes.models import Programme


def programme_rules(programme: Programme) -> EligibilityRules:
    return EligibilityRules(
        lands=tuple(programme.lands or ()),
        size_classes=tuple(programme.size_classes or ()),
        min_population=programme.min_population,
        max_population=programme.max_population,
        degurba=tuple(int(d) for d in programme.degurba or ()),
        applicant_types=tuple(programme.applicant_types or ()),
        own_contribution_percent=programme.own_contribution_percent,
        deadline=programme.deadline,
        topics=tuple(programme.topics or ()),
    )


def rules_text(programme: Programme) -> list[str]:
    """The programme's eligibility rules as German sentences for its page."""
    rules = []
    if programme.lands:
        rules.append("Länder: " + ", ".join(LAND_NAMES.get(c, c) for c in programme.lands))
    if programme.size_classes:
        rules.append("Größenklassen: " + ", ".join(programme.size_classes))
    if programme.min_population is not None:
        rules.append(f"mindestens {format_number(programme.min_population)} Einwohner:innen")
    if programme.max_population is not None:
        rules.append(f"höchstens {format_number(programme.max_population)} Einwohner:innen")
    if programme.degurba:
        rules.append(
            "Besiedlung: " + ", ".join(DEGURBA_LABELS.get(int(d), str(d)) for d in programme.degurba)
        )
    if programme.applicant_types:
        rules.append(
            "Antragsberechtigt: " + ", ".join(APPLICANT_TYPES.get(t, t) for t in programme.applicant_types)
        )
    if programme.own_contribution_percent is not None:
        rules.append(f"Eigenanteil: {programme.own_contribution_percent:g} %".replace(".", ","))
    if programme.deadline:
        rules.append(f"Antragsfrist: {programme.deadline:%d.%m.%Y}")
    if programme.topics:
        rules.append("Themen: " + ", ".join(label(HANDLUNGSFELDER, t) for t in programme.topics))
    return rules
