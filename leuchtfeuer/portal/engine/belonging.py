"""Belonging matches for a case: engagement offers by interests, shared living for trainees.

Pure Python beside matching.py (which matches jobs, housing, Kita, school …): the selector feeds
plain dataclasses, every match carries its reasons in plain German so the Lots:in can explain
it and the person reads them in the suggestion e-mail.

Engagement: an offer needs at least one interest in common with the person; the wished
Ortsteil, the life phase the offer names and an explicit welcome for newcomers raise the score.
An age limit the person's life phase cannot meet excludes the offer (the Erhebungsbogen asks no
age, so each life phase stands for a typical age band, `PHASE_AGES`).

Shared living (Azubi-WG, Wohnen für Hilfe): offered to people who asked for it, to trainees
(life phases "jugend" and "nach-ausbildung", or someone an Ausbildungsplatz was matched to) and
to young returnees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Typical ages of a life phase (inclusive). Used only to test an offer's age limits.
PHASE_AGES: dict[str, tuple[int, int]] = {
    "jugend": (14, 21),
    "nach-ausbildung": (18, 30),
    "junge-familie": (22, 45),
    "fachkraft": (20, 65),
    "digitale-nomaden": (20, 60),
    "ruhestand": (60, 99),
    "zuwanderung": (16, 67),
}
YOUNG_PHASES = frozenset({"jugend", "nach-ausbildung"})

ENGAGEMENT_KIND = "engagement"
AZUBI_WG = "azubi-wg"
HOMESHARING = "homesharing"

# Scores (only their order matters; documented so the reasons can be checked by hand).
PER_INTEREST = 30
ORTSTEIL_BONUS = 15
PHASE_BONUS = 5
NEWCOMER_BONUS = 5
LIVING_WISHED = 50
LIVING_TRAINEE = 30
LIVING_YOUNG_RETURNEE = 20


@dataclass(frozen=True)
class Person:
    """What the Erhebungsbogen says about the person, as far as belonging is concerned."""

    life_phase: str
    interests: tuple[str, ...] = ()
    interest_labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    ortsteil_id: int | None = None
    ortsteil_name: str = ""
    is_returnee: bool = False
    housing_kind: str = ""  # offer kind wished: "azubi-wg", "homesharing", "wohnung" …
    housing_label: str = ""
    apprenticeship: bool = False  # an Ausbildungsplatz fits her (matched by matching.py)


@dataclass(frozen=True)
class EngagementInfo:
    id: int
    interests: tuple[str, ...] = ()
    ortsteil_id: int | None = None
    hours_per_month: int | None = None
    min_age: int | None = None
    max_age: int | None = None
    life_phases: tuple[str, ...] = ()
    newcomers_welcome: bool = False


@dataclass(frozen=True)
class LivingInfo:
    id: int
    kind: str  # "azubi-wg" or "homesharing"
    ortsteil_id: int | None = None
    for_trainees: bool = False
    max_age: int | None = None
    help_hours_per_month: int | None = None


@dataclass
class Match:
    offer_id: int
    score: int
    reasons: list[str] = field(default_factory=list)


def age_fits(life_phase: str, min_age: int | None, max_age: int | None) -> bool:
    """Can a person of this life phase meet the age limits? (Overlap of the two age ranges.)"""
    low, high = PHASE_AGES.get(life_phase, (0, 200))
    if min_age is not None and min_age > high:
        return False
    return not (max_age is not None and max_age < low)


def hours_reason(hours: int | None) -> str:
    if not hours:
        return ""
    return f"ca. {hours} Stunde im Monat" if hours == 1 else f"ca. {hours} Stunden im Monat"


def _sorted(result: list[Match], limit: int) -> list[Match]:
    result.sort(key=lambda m: (-m.score, m.offer_id))
    return result[:limit]


def match_engagement(person: Person, offers: list[EngagementInfo], *, limit: int = 10) -> list[Match]:
    """Engagement offers sharing an interest with the person, best first (score, then id)."""
    wanted = list(dict.fromkeys(person.interests))
    result: list[Match] = []
    for offer in offers:
        common = [key for key in wanted if key in offer.interests]
        if not common:
            continue
        if not age_fits(person.life_phase, offer.min_age, offer.max_age):
            continue
        labels = ", ".join(person.interest_labels.get(key, key) for key in common)
        score = PER_INTEREST * len(common)
        reasons = [f"passt zu Ihren Interessen: {labels}"]
        if person.ortsteil_id is not None and offer.ortsteil_id == person.ortsteil_id:
            score += ORTSTEIL_BONUS
            reasons.append(
                f"im Wunsch-Ortsteil {person.ortsteil_name}" if person.ortsteil_name else "im Wunsch-Ortsteil"
            )
        if person.life_phase and person.life_phase in offer.life_phases:
            score += PHASE_BONUS
            reasons.append("ausdrücklich für diese Lebensphase ausgeschrieben")
        if offer.newcomers_welcome:
            score += NEWCOMER_BONUS
            reasons.append("offen für Neue ohne Vorkenntnisse")
        if hours := hours_reason(offer.hours_per_month):
            reasons.append(hours)
        result.append(Match(offer.id, score, reasons))
    return _sorted(result, limit)


def is_trainee(person: Person) -> bool:
    return person.life_phase in YOUNG_PHASES or person.apprenticeship


def is_young_returnee(person: Person) -> bool:
    return person.is_returnee and person.life_phase in YOUNG_PHASES


def match_shared_living(person: Person, offers: list[LivingInfo], *, limit: int = 10) -> list[Match]:
    """Azubi-WG rooms and Wohnen für Hilfe for people who asked, trainees and young returnees."""
    trainee = is_trainee(person)
    young_returnee = is_young_returnee(person)
    result: list[Match] = []
    for offer in offers:
        if offer.kind not in (AZUBI_WG, HOMESHARING):
            continue
        if not age_fits(person.life_phase, None, offer.max_age):
            continue
        score = 0
        reasons: list[str] = []
        if person.housing_kind == offer.kind:
            score += LIVING_WISHED
            reasons.append(f"Wohnform „{person.housing_label}“ wie gewünscht")
        if trainee and (offer.kind == AZUBI_WG or offer.for_trainees):
            score += LIVING_TRAINEE
            reasons.append("für Auszubildende gedacht" if offer.for_trainees else "passt in der Ausbildung")
        if young_returnee:
            score += LIVING_YOUNG_RETURNEE
            reasons.append("für junge Rückkehrende")
        if not reasons:
            continue
        if person.ortsteil_id is not None and offer.ortsteil_id == person.ortsteil_id:
            score += ORTSTEIL_BONUS
            reasons.append(
                f"im Wunsch-Ortsteil {person.ortsteil_name}" if person.ortsteil_name else "im Wunsch-Ortsteil"
            )
        if offer.kind == HOMESHARING and offer.help_hours_per_month:
            reasons.append(f"dafür ca. {offer.help_hours_per_month} Stunden Mithilfe im Monat")
        result.append(Match(offer.id, score, reasons))
    return _sorted(result, limit)
