"""The five stages of the Werkstatt process as data (HOUSE_STYLE: stages are data).

Each stage declares its deliverables (what the town produces in it), the content areas that may be
edited while it is open, and a gate: a function returning the German list of what is still
missing before the coordinator may close it. Services ask this registry; views and templates
only display it. Adding or reordering a stage means editing `STAGES`, not `if` chains.

Content areas (the `editable` sets):
    kickoff      goals and expectations of the process
    team         team members and partners
    documents    uploads (council decision, minutes …)
    topics       the chosen Handlungsfelder
    resilience   the Resilienz-Check
    profile      snapshots of the Kommunalprofil
    findings     the town's qualitative findings on its profile
    workshops    Zukunftswerkstatt events (three phases)
    ideas        results of the Zukunftswerkstatt
    plan         goals, measures, budget lines, indicators of the Werkstattplan
    progress     measure status/progress and indicator readings
    review       narrative and lessons learned of the Zwischenbilanz
Tasks and comments are allowed in every stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from leuchtfeuer.core.taxonomy import CHALLENGE_FIELDS, RESILIENCE_PILLARS
from leuchtfeuer.werkstatt.kommunalprofil.models import Finding, ResilienceAnswer
from leuchtfeuer.werkstatt.plan.models import Indicator
from leuchtfeuer.werkstatt.plan.selectors import plan_has_unadopted_changes
from leuchtfeuer.werkstatt.process.models import Document, TeamMember
from leuchtfeuer.werkstatt.reports.models import Review

ALWAYS_EDITABLE = frozenset({"team", "documents"})


@dataclass(frozen=True)
class StageDef:
    key: str
    label: str
    position: int
    purpose: str
    deliverables: tuple[str, ...]
    editable: frozenset[str]
    gate: Callable[..., list[str]] = field(repr=False)
    url_name: str = ""

    def missing(self, process) -> list[str]:
        """German descriptions of what must still be done before this stage can be closed."""
        return self.gate(process)


class Gap(str):
    """One item a gate finds missing: its German text, and the page where the town fixes it
    (URL name taking the municipality slug, optionally an object's pk, and a fragment)."""

    url_name: str
    pk: int | None
    fragment: str

    def __new__(cls, text: str, url_name: str, *, pk: int | None = None, fragment: str = ""):
        gap = super().__new__(cls, text)
        gap.url_name, gap.pk, gap.fragment = url_name, pk, fragment
        return gap

    def href(self, slug: str) -> str:
        args = [slug] if self.pk is None else [slug, self.pk]
        return reverse(self.url_name, args=args) + (f"#{self.fragment}" if self.fragment else "")


# ---------------------------------------------------------------------------------------- gates
def _kickoff_gate(process) -> list[str]:
    missing = []
    if not process.objectives.strip():
        missing.append(
            Gap("Die Ziele des Prozesses sind noch nicht beschrieben.", "werkstatt:kickoff", fragment="ziele")
        )
    if not process.expectations.strip():
        missing.append(
            Gap(
                "Die Erwartungen an den Prozess sind noch nicht beschrieben.",
                "werkstatt:kickoff",
                fragment="ziele",
            )
        )
    team = list(process.team.values_list("kind", "sector"))
    if sum(1 for kind, _ in team if kind == TeamMember.Kind.TEAM) < 2:
        missing.append(
            Gap("Das Kernteam braucht mindestens zwei Personen.", "werkstatt:kickoff", fragment="team-titel")
        )
    sectors = {sector for _, sector in team}
    if len(sectors) < 2:
        missing.append(
            Gap(
                "Team und Partner sollen mindestens zwei Bereiche abdecken "
                "(Verwaltung, Politik, Vereine, Wirtschaft, Jugend).",
                "werkstatt:kickoff",
                fragment="team-titel",
            )
        )
    if not process.documents.filter(
        kind__in=[Document.Kind.COUNCIL_DECISION, Document.Kind.LETTER_OF_SUPPORT]
    ).exists():
        missing.append(
            Gap(
                "Der Ratsbeschluss oder das Unterstützungsschreiben ist noch nicht hochgeladen.",
                "werkstatt:kickoff",
                fragment="dokumente",
            )
        )
    if not process.handlungsfelder.exists():
        missing.append(
            Gap(
                "Es sind noch keine Themen (Handlungsfelder) ausgewählt.",
                "werkstatt:kickoff",
                fragment="themen",
            )
        )
    latest = process.resilience_checks.order_by("-taken_on", "-id").first()
    expected = len(RESILIENCE_PILLARS) + len(CHALLENGE_FIELDS)
    if latest is None:
        missing.append(
            Gap(
                "Der Resilienz-Check ist noch nicht ausgefüllt.",
                "werkstatt:resilience",
                fragment="ausfuellen",
            )
        )
    elif ResilienceAnswer.objects.filter(check_run=latest).count() < expected:
        missing.append(
            Gap(
                f"Der Resilienz-Check ist unvollständig (erwartet: {expected} Einschätzungen).",
                "werkstatt:resilience",
                fragment="ausfuellen",
            )
        )
    return missing


def _kommunalprofil_gate(process) -> list[str]:
    missing = []
    if not process.profile_snapshots.exists():
        missing.append(
            Gap(
                "Der Stand des Kommunalprofils ist noch nicht gesichert.",
                "werkstatt:kommunalprofil",
                fragment="stand",
            )
        )
    kinds = set(process.findings.values_list("kind", flat=True))
    if Finding.Kind.STRENGTH not in kinds:
        missing.append(
            Gap("Es ist noch keine Stärke eingetragen.", "werkstatt:kommunalprofil", fragment="befunde")
        )
    if Finding.Kind.WEAKNESS not in kinds:
        missing.append(
            Gap("Es ist noch keine Schwäche eingetragen.", "werkstatt:kommunalprofil", fragment="befunde")
        )
    if not kinds & {Finding.Kind.HALTEFAKTOR, Finding.Kind.ANZIEHUNGSFAKTOR}:
        missing.append(
            Gap(
                "Es ist noch kein Halte- oder Anziehungsfaktor eingetragen.",
                "werkstatt:kommunalprofil",
                fragment="befunde",
            )
        )
    return missing


def _zukunftswerkstatt_gate(process) -> list[str]:
    missing = []
    workshops = list(process.workshops.all())
    if not workshops:
        missing.append(
            Gap(
                "Es ist noch keine Zukunftswerkstatt geplant.",
                "werkstatt:zukunftswerkstatt",
                fragment="termine",
            )
        )
    elif not any(w.held for w in workshops):
        missing.append(
            Gap(
                "Es hat noch keine Zukunftswerkstatt stattgefunden (als „hat stattgefunden“ markieren).",
                "werkstatt:zukunftswerkstatt",
                fragment="termine",
            )
        )
    for w in workshops:
        phases = [
            name
            for name, text in (
                ("Kritik", w.plan_kritik),
                ("Fantasie", w.plan_fantasie),
                ("Verwirklichung", w.plan_verwirklichung),
            )
            if not text.strip()
        ]
        if phases:
            missing.append(
                Gap(
                    f"„{w.title}“: Ablauf fehlt für die Phase(n) {', '.join(phases)}.",
                    "werkstatt:workshop-edit",
                    pk=w.pk,
                )
            )
    if not process.ideas.filter(handlungsfeld__isnull=False).exists():
        missing.append(
            Gap(
                "Es sind noch keine Ergebnisse (Ideen) einem Handlungsfeld zugeordnet.",
                "werkstatt:zukunftswerkstatt",
                fragment="ergebnisse",
            )
        )
    unsorted = process.ideas.filter(handlungsfeld__isnull=True).count()
    if unsorted:
        missing.append(
            Gap(
                f"{unsorted} Idee(n) sind noch keinem Handlungsfeld zugeordnet.",
                "werkstatt:zukunftswerkstatt",
                fragment="ergebnisse",
            )
        )
    return missing


def _werkstattplan_gate(process) -> list[str]:
    missing = []
    fields = list(process.handlungsfelder.prefetch_related("goals", "measures"))
    measures = [m for f in fields for m in f.measures.all()]
    if not any(f.goals.all() for f in fields):
        missing.append(Gap("Der Werkstattplan hat noch kein Ziel.", "werkstatt:plan", fragment="bearbeiten"))
    if not measures:
        missing.append(
            Gap("Der Werkstattplan hat noch keine Maßnahme.", "werkstatt:plan", fragment="bearbeiten")
        )
    for f in fields:
        if f.measures.all() and not f.goals.all():
            missing.append(
                Gap(
                    f"Handlungsfeld „{f.label}“: Maßnahmen ohne Ziel – bitte ein Ziel formulieren.",
                    "werkstatt:plan",
                    fragment="bearbeiten",
                )
            )
    measure_ids_with_indicator = set(
        process.indicators.filter(measure__isnull=False, target_value__isnull=False).values_list(
            "measure_id", flat=True
        )
    )
    for m in measures:
        gaps = []
        if not (m.responsible.strip() or m.responsible_user_id):
            gaps.append("Verantwortliche:r")
        if m.start is None or m.end is None:
            gaps.append("Beginn und Ende")
        if m.pk not in measure_ids_with_indicator:
            gaps.append("Indikator mit Zielwert")
        if gaps:
            missing.append(
                Gap(f"Maßnahme „{m.title}“: es fehlt {', '.join(gaps)}.", "werkstatt:measure-edit", pk=m.pk)
            )
    if not process.plan_versions.exists():
        missing.append(
            Gap(
                "Der Werkstattplan ist noch nicht beschlossen (Version festhalten).",
                "werkstatt:plan",
                fragment="plan-stand",
            )
        )
    elif plan_has_unadopted_changes(process):
        missing.append(
            Gap(
                "Der Werkstattplan wurde nach dem letzten Beschluss geändert – bitte neue Version festhalten.",
                "werkstatt:plan",
                fragment="plan-stand",
            )
        )
    return missing


def _zwischenbilanz_gate(process) -> list[str]:
    missing = []
    review = Review.objects.filter(process=process).first()
    if review is None or not review.narrative.strip():
        missing.append(Gap("Die Bilanz in Worten fehlt.", "werkstatt:zwischenbilanz", fragment="bilanz"))
    if review is None or not review.lessons_learned.strip():
        missing.append(
            Gap("Die Lehren und Erkenntnisse fehlen.", "werkstatt:zwischenbilanz", fragment="bilanz")
        )
    for m in process.measures.filter(progress_note=""):
        missing.append(
            Gap(
                f"Maßnahme „{m.title}“: der Stand der Umsetzung ist nicht beschrieben.",
                "werkstatt:zwischenbilanz",
                fragment=f"massnahme-{m.pk}",
            )
        )
    for ind in process.indicators.filter(kind=Indicator.Kind.CUSTOM, readings__isnull=True):
        missing.append(
            Gap(
                f"Eigener Indikator „{ind.label}“: es ist noch kein aktueller Wert eingetragen.",
                "werkstatt:indicator-detail",
                pk=ind.pk,
            )
        )
    return missing


STAGES: tuple[StageDef, ...] = (
    StageDef(
        key="kickoff",
        label="Kick-Off",
        position=1,
        purpose="Ziele und Erwartungen klären, Team und Partner gewinnen, Themen wählen, Resilienz-Check.",
        deliverables=(
            "Ziele und Erwartungen",
            "Kernteam und Partner aus Verwaltung, Politik, Vereinen, Wirtschaft und Jugend",
            "Ratsbeschluss oder Unterstützungsschreiben (PDF, ODT oder DOCX)",
            "Gewählte Themen (Handlungsfelder)",
            "Resilienz-Check zu fünf Säulen und zehn Herausforderungsfeldern",
        ),
        editable=frozenset({"kickoff", "team", "documents", "topics", "resilience"}),
        gate=_kickoff_gate,
        url_name="werkstatt:kickoff",
    ),
    StageDef(
        key="kommunalprofil",
        label="Kommunalprofil",
        position=2,
        purpose="Den Stand der amtlichen Daten festhalten und eigene Befunde formulieren.",
        deliverables=(
            "Gesicherter Stand des Kommunalprofils (mit Datenstand)",
            "Stärken und Schwächen",
            "Halte- und Anziehungsfaktoren",
        ),
        editable=frozenset({"profile", "findings", "resilience", "topics"}),
        gate=_kommunalprofil_gate,
        url_name="werkstatt:kommunalprofil",
    ),
    StageDef(
        key="zukunftswerkstatt",
        label="Zukunftswerkstatt",
        position=3,
        purpose="Mit Bürger:innen in Kritik-, Fantasie- und Verwirklichungsphase Ideen entwickeln.",
        deliverables=(
            "Geplante und durchgeführte Zukunftswerkstatt(en) in drei Phasen",
            "Ergebnisse (Ideen), sortiert nach Handlungsfeldern",
        ),
        editable=frozenset({"workshops", "ideas", "topics", "findings"}),
        gate=_zukunftswerkstatt_gate,
        url_name="werkstatt:zukunftswerkstatt",
    ),
    StageDef(
        key="werkstattplan",
        label="Werkstattplan",
        position=4,
        purpose="Ziele, Maßnahmen, Kosten und Indikatoren festlegen und den Plan beschließen.",
        deliverables=(
            "Handlungsfelder mit Zielen",
            "Maßnahmen mit Verantwortlichen, Zeitraum, Kosten und Indikatoren",
            "Beschlossene Version des Werkstattplans",
        ),
        editable=frozenset({"plan", "topics", "ideas"}),
        gate=_werkstattplan_gate,
        url_name="werkstatt:plan",
    ),
    StageDef(
        key="zwischenbilanz",
        label="Zwischenbilanz",
        position=5,
        purpose="Umsetzung und Indikatoren gegen Ausgangs- und Zielwerte prüfen, Lehren ziehen.",
        deliverables=(
            "Stand jeder Maßnahme",
            "Aktuelle Werte der eigenen Indikatoren",
            "Bilanz in Worten und Lehren",
        ),
        # The Resilienz-Check may be repeated to see what changed since the Kick-Off.
        editable=frozenset({"progress", "review", "plan", "resilience"}),
        gate=_zwischenbilanz_gate,
        url_name="werkstatt:zwischenbilanz",
    ),
)

BY_KEY: dict[str, StageDef] = {stage.key: stage for stage in STAGES}

AREA_LABELS = {
    "kickoff": "Ziele und Erwartungen",
    "team": "Team und Partner",
    "documents": "Dokumente",
    "topics": "Handlungsfelder",
    "resilience": "Resilienz-Check",
    "profile": "Kommunalprofil-Stand",
    "findings": "Befunde",
    "workshops": "Zukunftswerkstätten",
    "ideas": "Ideen",
    "plan": "Werkstattplan",
    "progress": "Umsetzungsstand",
    "review": "Zwischenbilanz",
}


def stage(key: str) -> StageDef:
    return BY_KEY[key]


def next_stage(key: str) -> StageDef | None:
    position = BY_KEY[key].position
    return next((s for s in STAGES if s.position == position + 1), None)


def editable_areas(current_stage: str) -> frozenset[str]:
    """Areas that may be edited while `current_stage` is open ('' = process completed)."""
    if not current_stage:
        return ALWAYS_EDITABLE | {"progress", "review"}
    return ALWAYS_EDITABLE | BY_KEY[current_stage].editable


def stages_allowing(area: str) -> list[StageDef]:
    return [s for s in STAGES if area in s.editable or area in ALWAYS_EDITABLE]
