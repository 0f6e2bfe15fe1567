"""Eligibility of an applicant for a funding programme: a pure function over plain data.

A programme's rules are machine-readable (`EligibilityRules`); every rule that is not set is not
checked. `evaluate` returns (eligible, reasons, missing):

* eligible: False as soon as one set rule is not met, True when every set rule is met, None when
  no rule failed but at least one could not be checked because a fact about the applicant is
  unknown (see `missing`).
* reasons: one German sentence per checked rule, saying what the rule is and how the applicant
  stands ("passt" / "passt nicht").
* missing: what the applicant (or the office) still has to provide before the check is complete.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from leuchtfeuer.core.engine.german import format_number

APPLICANT_TYPES = {
    "kommune": "Kommune",
    "verein": "Verein / Initiative",
    "person": "Einzelperson",
}
DEGURBA_LABELS = {1: "dicht besiedelt", 2: "mittlere Besiedlungsdichte", 3: "gering besiedelt"}
LAND_NAMES = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}
SIZE_CLASSES = ("Landgemeinde", "Kleinstadt", "Mittelstadt", "Großstadt")


@dataclass(frozen=True)
class EligibilityRules:
    lands: tuple[str, ...] = ()  # two-digit Land codes; empty = every Land
    size_classes: tuple[str, ...] = ()  # SIZE_CLASSES; empty = every size
    min_population: int | None = None
    max_population: int | None = None
    degurba: tuple[int, ...] = ()  # 1, 2, 3; empty = any
    applicant_types: tuple[str, ...] = ()  # APPLICANT_TYPES keys; empty = any
    own_contribution_percent: Decimal | None = None  # share the applicant must pay itself
    deadline: date | None = None  # last day to apply
    topics: tuple[str, ...] = ()  # Handlungsfeld keys the programme funds; empty = open topic

    @property
    def is_empty(self) -> bool:
        return not (
            self.lands
            or self.size_classes
            or self.min_population is not None
            or self.max_population is not None
            or self.degurba
            or self.applicant_types
            or self.own_contribution_percent is not None
            or self.deadline is not None
            or self.topics
        )


@dataclass(frozen=True)
class ApplicantFacts:
    name: str
    applicant_type: str = "kommune"
    land_code: str = ""
    population: int | None = None
    size_class: str = ""
    degurba: int | None = None
    # The share of own money the applicant can contribute (None = not stated yet).
    own_contribution_capacity_percent: Decimal | None = None
    topics: tuple[str, ...] = ()  # Handlungsfelder the applicant works on (its Werkstattplan)
    topic_labels: dict[str, str] = field(default_factory=dict)


def _de_int(value: int) -> str:
    return format_number(value)


def _de_percent(value: Decimal) -> str:
    text = f"{value.normalize():f}".replace(".", ",")
    return f"{text} %"


def evaluate(
    rules: EligibilityRules, applicant: ApplicantFacts, *, today: date
) -> tuple[bool | None, list[str], list[str]]:
    """Check every set rule against the applicant's facts. Pure: no I/O, no clock."""
    failed = False
    unknown = False
    reasons: list[str] = []
    missing: list[str] = []
    name = applicant.name

    if rules.is_empty:
        missing.append(
            "Für dieses Programm sind noch keine Förderregeln hinterlegt (von der Geschäftsstelle zu vervollständigen)."
        )
        return None, reasons, missing

    if rules.deadline is not None:
        if today > rules.deadline:
            failed = True
            reasons.append(f"Die Antragsfrist ist am {rules.deadline:%d.%m.%Y} abgelaufen.")
        else:
            reasons.append(f"Anträge sind bis {rules.deadline:%d.%m.%Y} möglich.")

    if rules.applicant_types:
        allowed = ", ".join(APPLICANT_TYPES.get(t, t) for t in rules.applicant_types)
        if applicant.applicant_type in rules.applicant_types:
            reasons.append(f"Antragsberechtigt sind: {allowed} – passt.")
        else:
            failed = True
            own = APPLICANT_TYPES.get(applicant.applicant_type, applicant.applicant_type)
            reasons.append(f"Antragsberechtigt sind nur: {allowed}; {name} ist {own}.")

    if rules.lands:
        allowed = ", ".join(LAND_NAMES.get(code, code) for code in rules.lands)
        if not applicant.land_code:
            unknown = True
            missing.append("Bundesland der Antragstellenden ist nicht bekannt.")
        elif applicant.land_code in rules.lands:
            reasons.append(f"Gefördert wird in: {allowed} – passt.")
        else:
            failed = True
            own = LAND_NAMES.get(applicant.land_code, applicant.land_code)
            reasons.append(f"Gefördert wird nur in: {allowed}; {name} liegt in {own}.")

    if rules.min_population is not None or rules.max_population is not None:
        if applicant.population is None:
            unknown = True
            missing.append("Die Einwohnerzahl fehlt in den amtlichen Daten.")
        else:
            pop = applicant.population
            if rules.min_population is not None and pop < rules.min_population:
                failed = True
                reasons.append(
                    f"Mindestens {_de_int(rules.min_population)} Einwohner:innen verlangt; "
                    f"{name} hat {_de_int(pop)}."
                )
            elif rules.max_population is not None and pop > rules.max_population:
                failed = True
                reasons.append(
                    f"Höchstens {_de_int(rules.max_population)} Einwohner:innen erlaubt; "
                    f"{name} hat {_de_int(pop)}."
                )
            else:
                bounds = []
                if rules.min_population is not None:
                    bounds.append(f"mindestens {_de_int(rules.min_population)}")
                if rules.max_population is not None:
                    bounds.append(f"höchstens {_de_int(rules.max_population)}")
                reasons.append(
                    f"Einwohnerzahl {' und '.join(bounds)} verlangt; {name} hat {_de_int(pop)} – passt."
                )

    if rules.size_classes:
        allowed = ", ".join(rules.size_classes)
        if not applicant.size_class:
            unknown = True
            missing.append("Die Größenklasse ist nicht bekannt (Einwohnerzahl fehlt).")
        elif applicant.size_class in rules.size_classes:
            reasons.append(f"Größenklassen: {allowed} – {name} ist {applicant.size_class}, passt.")
        else:
            failed = True
            reasons.append(f"Nur für {allowed}; {name} ist {applicant.size_class}.")

    if rules.degurba:
        allowed = ", ".join(DEGURBA_LABELS.get(d, str(d)) for d in rules.degurba)
        if applicant.degurba is None:
            unknown = True
            missing.append("Der Grad der Verstädterung (DEGURBA) ist nicht bekannt.")
        elif applicant.degurba in rules.degurba:
            reasons.append(f"Besiedlung: {allowed} – passt.")
        else:
            failed = True
            own = DEGURBA_LABELS.get(applicant.degurba, str(applicant.degurba))
            reasons.append(f"Nur für Gebiete mit {allowed}; {name} ist {own}.")

    if rules.own_contribution_percent is not None:
        required = rules.own_contribution_percent
        if required == 0:
            reasons.append("Kein finanzieller Eigenanteil verlangt.")
        elif applicant.own_contribution_capacity_percent is None:
            unknown = True
            missing.append(
                f"Eigenanteil von {_de_percent(required)} verlangt – "
                "bitte auf der Förderseite angeben, welchen Eigenanteil Sie aufbringen können."
            )
        elif applicant.own_contribution_capacity_percent >= required:
            reasons.append(f"Eigenanteil von {_de_percent(required)} kann aufgebracht werden – passt.")
        else:
            failed = True
            reasons.append(
                f"Eigenanteil von {_de_percent(required)} verlangt; {name} kann "
                f"{_de_percent(applicant.own_contribution_capacity_percent)} aufbringen."
            )

    if rules.topics:
        labels = applicant.topic_labels
        funded = ", ".join(labels.get(t, t) for t in rules.topics)
        if not applicant.topics:
            unknown = True
            missing.append(
                f"Förderthemen: {funded}. Legen Sie im Werkstattplan Ihre Handlungsfelder fest, "
                "damit der Abgleich möglich ist."
            )
        else:
            common = [t for t in rules.topics if t in applicant.topics]
            if common:
                reasons.append(
                    "Gemeinsame Themen mit Ihrem Werkstattplan: "
                    + ", ".join(labels.get(t, t) for t in common)
                    + "."
                )
            else:
                failed = True
                reasons.append(
                    f"Gefördert werden nur die Themen {funded}; Ihr Werkstattplan enthält keines davon."
                )

    if failed:
        return False, reasons, missing
    if unknown:
        return None, reasons, missing
    return True, reasons, missing
