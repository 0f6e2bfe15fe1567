"""Models of the Werkstatt process (see HOUSE_STYLE.md: models hold data and invariants,
services change them).

One `Process` per municipality runs through the five stages of the programme (Kick-Off,
Kommunalprofil, Zukunftswerkstatt, Werkstattplan, Zwischenbilanz). What each stage allows and
requires lives in `werkstatt/stages.py` (stages are data); `Stage` here is only the per-process
state of one stage. The Werkstattplan is the live set of Handlungsfelder, goals, measures,
budget lines and indicators; adopting it freezes a JSON snapshot as a `PlanVersion`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

USER = settings.AUTH_USER_MODEL


class StageKind(models.TextChoices):
    KICKOFF = "kickoff", "Kick-Off"
    KOMMUNALPROFIL = "kommunalprofil", "Kommunalprofil"
    ZUKUNFTSWERKSTATT = "zukunftswerkstatt", "Zukunftswerkstatt"
    WERKSTATTPLAN = "werkstattplan", "Werkstattplan"
    ZWISCHENBILANZ = "zwischenbilanz", "Zwischenbilanz"


class Process(models.Model):
    """The Werkstatt process of one municipality (one per municipality)."""

    municipality = models.OneToOneField(
        "places.Municipality",
        verbose_name="Kommune",
        on_delete=models.CASCADE,
        related_name="werkstatt_process",
    )
    title = models.CharField("Titel", max_length=200, default="Zukunftswerkstatt")
    started_on = models.DateField("Beginn")
    # Denormalised for lists (office dashboard); always written by the stage services.
    current_stage = models.CharField(
        "aktuelle Stufe", max_length=30, choices=StageKind.choices, default=StageKind.KICKOFF, blank=True
    )
    completed_at = models.DateTimeField("alle Stufen abgeschlossen am", null=True, blank=True)
    # Kick-Off: what the town wants to reach and expects from the process.
    objectives = models.TextField("Ziele des Prozesses", blank=True)
    expectations = models.TextField("Erwartungen", blank=True)
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    created_by = models.ForeignKey(
        USER, verbose_name="angelegt von", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Werkstatt-Prozess"
        verbose_name_plural = "Werkstatt-Prozesse"
        ordering = ["municipality__display_name"]

    def __str__(self) -> str:
        return f"{self.title} {self.municipality}"


class Stage(models.Model):
    """The state of one of the five stages in one process."""

    class Status(models.TextChoices):
        PENDING = "ausstehend", "noch nicht begonnen"
        OPEN = "offen", "laufend"
        CLOSED = "abgeschlossen", "abgeschlossen"

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="stages"
    )
    kind = models.CharField("Stufe", max_length=30, choices=StageKind.choices)
    position = models.PositiveSmallIntegerField("Reihenfolge")
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.PENDING)
    opened_at = models.DateTimeField("begonnen am", null=True, blank=True)
    closed_at = models.DateTimeField("abgeschlossen am", null=True, blank=True)
    closed_by = models.ForeignKey(
        USER,
        verbose_name="abgeschlossen von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    planned_end = models.DateField("geplantes Ende", null=True, blank=True)
    responsible = models.ForeignKey(
        USER,
        verbose_name="verantwortlich",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="werkstatt_stages",
    )
    notes = models.TextField("Notizen", blank=True)

    class Meta:
        verbose_name = "Stufe"
        verbose_name_plural = "Stufen"
        ordering = ["process", "position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "kind"], name="werkstatt_stage_unique_kind"),
            models.UniqueConstraint(fields=["process", "position"], name="werkstatt_stage_unique_position"),
            # An open stage has a start; a closed one has both dates in order.
            models.CheckConstraint(
                condition=Q(status="ausstehend")
                | (Q(status="offen") & Q(opened_at__isnull=False) & Q(closed_at__isnull=True))
                | (
                    Q(status="abgeschlossen")
                    & Q(opened_at__isnull=False)
                    & Q(closed_at__isnull=False)
                    & Q(closed_at__gte=F("opened_at"))
                ),
                name="werkstatt_stage_dates_match_status",
            ),
            # At most one stage of a process is open at a time.
            models.UniqueConstraint(
                fields=["process"], condition=Q(status="offen"), name="werkstatt_stage_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def municipality_id(self) -> int:
        return self.process.municipality_id


class ProcessOwned(models.Model):
    """Abstract base: content that belongs to a process (and so to its municipality); the
    `municipality_id` property lets the role predicates of accounts/roles.py check it."""

    class Meta:
        abstract = True

    @property
    def municipality_id(self) -> int:
        return self.process.municipality_id


class Sector(models.TextChoices):
    ADMINISTRATION = "verwaltung", "Verwaltung"
    POLITICS = "politik", "Politik"
    ASSOCIATIONS = "vereine", "Vereine und Zivilgesellschaft"
    BUSINESS = "wirtschaft", "Wirtschaft"
    YOUTH = "jugend", "Jugend"
    OTHER = "sonstige", "Sonstige"


class TeamMember(ProcessOwned):
    """A person or organisation in the local team or among the partners (Kick-Off)."""

    class Kind(models.TextChoices):
        TEAM = "team", "Kernteam"
        PARTNER = "partner", "Partner"

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="team"
    )
    kind = models.CharField("Art", max_length=10, choices=Kind.choices, default=Kind.TEAM)
    name = models.CharField("Name", max_length=200)
    function = models.CharField("Funktion", max_length=200, blank=True)
    organisation = models.CharField("Organisation", max_length=200, blank=True)
    sector = models.CharField("Bereich", max_length=20, choices=Sector.choices)
    user = models.ForeignKey(
        USER, verbose_name="Konto", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("eingetragen am", auto_now_add=True)

    class Meta:
        verbose_name = "Team- oder Partnermitglied"
        verbose_name_plural = "Team und Partner"
        ordering = ["process", "kind", "sector", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "kind", "name", "organisation"], name="werkstatt_teammember_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def document_upload_to(instance: Document, filename: str) -> str:
    return f"werkstatt/{instance.process.municipality_id}/{filename}"


class Document(ProcessOwned):
    """An uploaded deliverable (e.g. the council decision). Served only through a checked view."""

    class Kind(models.TextChoices):
        COUNCIL_DECISION = "ratsbeschluss", "Ratsbeschluss"
        LETTER_OF_SUPPORT = "unterstuetzungsschreiben", "Unterstützungsschreiben der Verwaltungsleitung"
        MINUTES = "protokoll", "Protokoll"
        PLAN_DECISION = "planbeschluss", "Beschluss zum Werkstattplan"
        OTHER = "sonstiges", "Sonstiges Dokument"

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="documents"
    )
    stage = models.CharField("Stufe", max_length=30, choices=StageKind.choices)
    kind = models.CharField("Art", max_length=30, choices=Kind.choices)
    title = models.CharField("Titel", max_length=200)
    file = models.FileField("Datei", upload_to=document_upload_to, max_length=300)
    original_name = models.CharField("ursprünglicher Dateiname", max_length=255)
    content_type = models.CharField("Dateityp", max_length=100)
    size = models.PositiveIntegerField("Größe in Bytes")
    uploaded_at = models.DateTimeField("hochgeladen am", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        USER,
        verbose_name="hochgeladen von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "Dokument"
        verbose_name_plural = "Dokumente"
        ordering = ["process", "-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class Handlungsfeld(ProcessOwned):
    """A field of action of this town (start set from core.taxonomy.HANDLUNGSFELDER, editable)."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="handlungsfelder"
    )
    key = models.SlugField("Kurzname", max_length=60)
    label = models.CharField("Bezeichnung", max_length=200)
    description = models.TextField("Beschreibung", blank=True)
    # True when the field comes from the shared vocabulary (core.taxonomy), False for own fields.
    from_taxonomy = models.BooleanField("aus dem Programm-Katalog", default=False)
    position = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        verbose_name = "Handlungsfeld"
        verbose_name_plural = "Handlungsfelder"
        ordering = ["process", "position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="werkstatt_handlungsfeld_unique_key"),
        ]

    def __str__(self) -> str:
        return self.label


class ResilienceCheck(ProcessOwned):
    """One self-assessment (Resilienz-Check) on the five pillars and ten challenge fields."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="resilience_checks"
    )
    taken_on = models.DateField("durchgeführt am")
    note = models.TextField("Anmerkung", blank=True)
    created_at = models.DateTimeField("gespeichert am", auto_now_add=True)
    created_by = models.ForeignKey(
        USER,
        verbose_name="eingetragen von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "Resilienz-Check"
        verbose_name_plural = "Resilienz-Checks"
        ordering = ["process", "-taken_on", "-id"]
        get_latest_by = ["taken_on", "id"]

    def __str__(self) -> str:
        return f"Resilienz-Check {self.taken_on:%d.%m.%Y}"


class ResilienceAnswer(models.Model):
    """A score 1 (very weak) … 5 (very strong) on one pillar or challenge field, with a note."""

    class Dimension(models.TextChoices):
        PILLAR = "saeule", "Säule der Resilienz"
        CHALLENGE = "feld", "Herausforderungsfeld"

    check_run = models.ForeignKey(
        ResilienceCheck, verbose_name="Resilienz-Check", on_delete=models.CASCADE, related_name="answers"
    )
    dimension = models.CharField("Dimension", max_length=10, choices=Dimension.choices)
    key = models.CharField("Schlüssel", max_length=40)
    score = models.PositiveSmallIntegerField("Einschätzung (1–5)")
    note = models.CharField("Begründung", max_length=500, blank=True)

    class Meta:
        verbose_name = "Antwort im Resilienz-Check"
        verbose_name_plural = "Antworten im Resilienz-Check"
        ordering = ["check_run", "dimension", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_run", "dimension", "key"], name="werkstatt_resilienceanswer_unique"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="werkstatt_resilienceanswer_score_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.score}"


class ProfileSnapshot(ProcessOwned):
    """The Kommunalprofil (and, where available, the projection) frozen into the process."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="profile_snapshots"
    )
    region_key = models.CharField("Gebietsschlüssel", max_length=12)
    data_version = models.CharField("Datenstand", max_length=300)
    profile = models.JSONField("Profil")
    projection = models.JSONField("Vorausberechnung", null=True, blank=True)
    taken_at = models.DateTimeField("gesichert am", auto_now_add=True)
    taken_by = models.ForeignKey(
        USER, verbose_name="gesichert von", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "Kommunalprofil-Stand"
        verbose_name_plural = "Kommunalprofil-Stände"
        ordering = ["process", "-taken_at", "-id"]
        get_latest_by = ["taken_at", "id"]

    def __str__(self) -> str:
        return f"Kommunalprofil {self.region_key} ({self.taken_at:%d.%m.%Y})"


class Finding(ProcessOwned):
    """The town's own qualitative finding on its Kommunalprofil."""

    class Kind(models.TextChoices):
        STRENGTH = "staerke", "Stärke"
        WEAKNESS = "schwaeche", "Schwäche"
        HALTEFAKTOR = "haltefaktor", "Haltefaktor"
        ANZIEHUNGSFAKTOR = "anziehungsfaktor", "Anziehungsfaktor"

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField("Art", max_length=20, choices=Kind.choices)
    text = models.TextField("Befund")
    created_at = models.DateTimeField("eingetragen am", auto_now_add=True)
    created_by = models.ForeignKey(
        USER,
        verbose_name="eingetragen von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "Befund"
        verbose_name_plural = "Befunde"
        ordering = ["process", "kind", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Workshop(ProcessOwned):
    """A Zukunftswerkstatt event, planned in the classic three phases."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="workshops"
    )
    title = models.CharField("Titel", max_length=200)
    date = models.DateField("Datum")
    place = models.CharField("Ort", max_length=200)
    moderation = models.CharField("Moderation", max_length=200, blank=True)
    plan_kritik = models.TextField("Kritikphase: Ablauf und Methoden", blank=True)
    plan_fantasie = models.TextField("Fantasiephase: Ablauf und Methoden", blank=True)
    plan_verwirklichung = models.TextField("Verwirklichungsphase: Ablauf und Methoden", blank=True)
    participants = models.PositiveIntegerField("Zahl der Teilnehmenden", null=True, blank=True)
    held = models.BooleanField("hat stattgefunden", default=False)
    summary = models.TextField("Zusammenfassung", blank=True)
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)

    class Meta:
        verbose_name = "Zukunftswerkstatt-Termin"
        verbose_name_plural = "Zukunftswerkstatt-Termine"
        ordering = ["process", "date", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"


class Phase(models.TextChoices):
    KRITIK = "kritik", "Kritikphase"
    FANTASIE = "fantasie", "Fantasiephase"
    VERWIRKLICHUNG = "verwirklichung", "Verwirklichungsphase"


class Idea(ProcessOwned):
    """A result of the Zukunftswerkstatt (or an idea sent in from a participation project)."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="ideas"
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name="Termin",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    phase = models.CharField("Phase", max_length=20, choices=Phase.choices, blank=True)
    handlungsfeld = models.ForeignKey(
        Handlungsfeld,
        verbose_name="Handlungsfeld",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    title = models.CharField("Titel", max_length=200)
    description = models.TextField("Beschreibung", blank=True)
    source_label = models.CharField("Herkunft", max_length=200, blank=True)
    source_url = models.CharField("Link zur Herkunft", max_length=500, blank=True)
    measure = models.ForeignKey(
        "Measure",
        verbose_name="daraus entstandene Maßnahme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    created_at = models.DateTimeField("eingetragen am", auto_now_add=True)
    created_by = models.ForeignKey(
        USER,
        verbose_name="eingetragen von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "Idee"
        verbose_name_plural = "Ideen"
        ordering = ["process", "handlungsfeld__position", "id"]
        constraints = [
            # An idea received from elsewhere arrives once (re-sending is idempotent).
            models.UniqueConstraint(
                fields=["process", "source_url", "title"],
                condition=~Q(source_url=""),
                name="werkstatt_idea_unique_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Goal(ProcessOwned):
    """A goal within one Handlungsfeld of the Werkstattplan."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="goals"
    )
    handlungsfeld = models.ForeignKey(
        Handlungsfeld, verbose_name="Handlungsfeld", on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField("Ziel", max_length=300)
    description = models.TextField("Beschreibung", blank=True)
    position = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        verbose_name = "Ziel"
        verbose_name_plural = "Ziele"
        ordering = ["process", "handlungsfeld__position", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Measure(ProcessOwned):
    """A measure (Maßnahme) of the Werkstattplan."""

    class Status(models.TextChoices):
        PLANNED = "geplant", "geplant"
        RUNNING = "laufend", "in Umsetzung"
        DONE = "abgeschlossen", "abgeschlossen"
        PAUSED = "zurueckgestellt", "zurückgestellt"
        DROPPED = "verworfen", "verworfen"

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="measures"
    )
    # RESTRICT, not PROTECT: a field with measures cannot be deleted on its own, but deleting the
    # whole process (or municipality) takes both along.
    handlungsfeld = models.ForeignKey(
        Handlungsfeld, verbose_name="Handlungsfeld", on_delete=models.RESTRICT, related_name="measures"
    )
    goal = models.ForeignKey(
        Goal, verbose_name="Ziel", null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    title = models.CharField("Titel", max_length=200)
    description = models.TextField("Beschreibung", blank=True)
    # Keys of core.taxonomy.LIFE_PHASES.
    target_groups = models.JSONField("Zielgruppen", default=list, blank=True)
    responsible = models.CharField("verantwortlich", max_length=200, blank=True)
    responsible_user = models.ForeignKey(
        USER,
        verbose_name="verantwortliches Konto",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="werkstatt_measures",
    )
    partners = models.TextField("Partner", blank=True)
    start = models.DateField("Beginn", null=True, blank=True)
    end = models.DateField("Ende", null=True, blank=True)
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.PLANNED)
    progress_note = models.TextField("Stand der Umsetzung", blank=True)
    # A projection scenario (projections.Scenario) showing what the measure could change.
    scenario = models.ForeignKey(
        "projections.Scenario",
        verbose_name="Szenario der Vorausberechnung",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="werkstatt_measures",
    )
    position = models.PositiveSmallIntegerField("Reihenfolge", default=0)
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Maßnahme"
        verbose_name_plural = "Maßnahmen"
        ordering = ["process", "handlungsfeld__position", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="werkstatt_measure_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    """A planned cost line of a measure (euros, exact decimals)."""

    measure = models.ForeignKey(
        Measure, verbose_name="Maßnahme", on_delete=models.CASCADE, related_name="budget_lines"
    )
    label = models.CharField("Posten", max_length=200)
    year = models.PositiveSmallIntegerField("Jahr", null=True, blank=True)
    amount = models.DecimalField("Betrag in Euro", max_digits=12, decimal_places=2)
    funding_source = models.CharField("Finanzierung", max_length=200, blank=True)

    class Meta:
        verbose_name = "Kostenposten"
        verbose_name_plural = "Kostenposten"
        ordering = ["measure", "year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="werkstatt_budgetline_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount} €"

    @property
    def municipality_id(self) -> int:
        return self.measure.process.municipality_id


class Indicator(ProcessOwned):
    """An indicator with baseline and target.

    Official indicators name a key of the Kommunalprofil; their current value is read from the
    profile (it updates itself with the data). Custom indicators are the town's own figures; their
    values are entered as `IndicatorReading`s. Targets are always the town's own targets.
    """

    class Kind(models.TextChoices):
        OFFICIAL = "amtlich", "amtlicher Indikator aus dem Kommunalprofil"
        CUSTOM = "eigen", "eigener Indikator der Kommune"

    class Direction(models.TextChoices):
        UP = "steigen", "höher ist besser"
        DOWN = "sinken", "niedriger ist besser"

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="indicators"
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name="Maßnahme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    goal = models.ForeignKey(
        Goal, verbose_name="Ziel", null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    kind = models.CharField("Art", max_length=10, choices=Kind.choices)
    official_key = models.CharField("Kennzahl im Kommunalprofil", max_length=60, blank=True)
    label = models.CharField("Bezeichnung", max_length=200)
    unit = models.CharField("Einheit", max_length=60, blank=True)
    direction = models.CharField("Richtung", max_length=10, choices=Direction.choices, default=Direction.UP)
    baseline_value = models.DecimalField(
        "Ausgangswert", max_digits=14, decimal_places=3, null=True, blank=True
    )
    baseline_date = models.DateField("Stand des Ausgangswerts", null=True, blank=True)
    baseline_source = models.CharField("Quelle des Ausgangswerts", max_length=300, blank=True)
    target_value = models.DecimalField("Zielwert", max_digits=14, decimal_places=3, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField("Zieljahr", null=True, blank=True)
    note = models.TextField("Anmerkung", blank=True)
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)

    class Meta:
        verbose_name = "Indikator"
        verbose_name_plural = "Indikatoren"
        ordering = ["process", "measure_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="amtlich") & ~Q(official_key="")) | (Q(kind="eigen") & Q(official_key="")),
                name="werkstatt_indicator_official_has_key",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class IndicatorReading(models.Model):
    """A value of a custom indicator entered by the town (its own figure)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="Indikator", on_delete=models.CASCADE, related_name="readings"
    )
    date = models.DateField("Stand")
    value = models.DecimalField("Wert", max_digits=14, decimal_places=3)
    source = models.CharField("Quelle", max_length=300, blank=True)
    entered_at = models.DateTimeField("eingetragen am", auto_now_add=True)
    entered_by = models.ForeignKey(
        USER,
        verbose_name="eingetragen von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "Messwert"
        verbose_name_plural = "Messwerte"
        ordering = ["indicator", "date", "id"]
        get_latest_by = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="werkstatt_reading_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.date:%d.%m.%Y})"


class PlanVersion(ProcessOwned):
    """A frozen, adopted version of the Werkstattplan (JSON snapshot of the live plan)."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="plan_versions"
    )
    number = models.PositiveIntegerField("Version")
    adopted_on = models.DateField("beschlossen am")
    adopted_by = models.ForeignKey(
        USER,
        verbose_name="festgestellt von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.CharField("Beschluss (Gremium, Datum, Drucksache)", max_length=300, blank=True)
    snapshot = models.JSONField("Stand des Plans")
    created_at = models.DateTimeField("festgehalten am", auto_now_add=True)

    class Meta:
        verbose_name = "Werkstattplan-Version"
        verbose_name_plural = "Werkstattplan-Versionen"
        ordering = ["process", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="werkstatt_planversion_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="werkstatt_planversion_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Werkstattplan Version {self.number}"


class Task(ProcessOwned):
    """A task with a due date and a responsible person; assignment sends an e-mail."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="tasks"
    )
    stage = models.CharField("Stufe", max_length=30, choices=StageKind.choices, blank=True)
    measure = models.ForeignKey(
        Measure,
        verbose_name="Maßnahme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    title = models.CharField("Aufgabe", max_length=200)
    description = models.TextField("Beschreibung", blank=True)
    due_date = models.DateField("fällig am", null=True, blank=True)
    assignee = models.ForeignKey(
        USER,
        verbose_name="zuständig",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="werkstatt_tasks",
    )
    done = models.BooleanField("erledigt", default=False)
    done_at = models.DateTimeField("erledigt am", null=True, blank=True)
    reminder_sent_at = models.DateTimeField("zuletzt erinnert am", null=True, blank=True)
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    created_by = models.ForeignKey(
        USER, verbose_name="angelegt von", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "Aufgabe"
        verbose_name_plural = "Aufgaben"
        ordering = ["process", "done", "due_date", "id"]
        indexes = [models.Index(fields=["done", "due_date"], name="werkstatt_task_open_due")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(done=True) & Q(done_at__isnull=False))
                | (Q(done=False) & Q(done_at__isnull=True)),
                name="werkstatt_task_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Comment(ProcessOwned):
    """A remark on a stage (e.g. by the consultant or the mentor)."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="comments"
    )
    stage = models.CharField("Stufe", max_length=30, choices=StageKind.choices)
    text = models.TextField("Anmerkung")
    author = models.ForeignKey(
        USER, verbose_name="von", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("geschrieben am", auto_now_add=True)

    class Meta:
        verbose_name = "Anmerkung"
        verbose_name_plural = "Anmerkungen"
        ordering = ["process", "stage", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Review(ProcessOwned):
    """The Zwischenbilanz text of a process: narrative and lessons learned (one per process)."""

    process = models.OneToOneField(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="review"
    )
    narrative = models.TextField("Bilanz in Worten", blank=True)
    lessons_learned = models.TextField("Lehren und Erkenntnisse", blank=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)
    updated_by = models.ForeignKey(
        USER, verbose_name="geändert von", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "Zwischenbilanz"
        verbose_name_plural = "Zwischenbilanzen"

    def __str__(self) -> str:
        return f"Zwischenbilanz {self.process.municipality}"


class Report(ProcessOwned):
    """The yearly Kurzbericht to the programme office (one per process and year)."""

    class Status(models.TextChoices):
        OPEN = "offen", "offen"
        DRAFT = "entwurf", "in Arbeit"
        SUBMITTED = "eingereicht", "eingereicht"
        ACCEPTED = "angenommen", "angenommen"
        RETURNED = "zurueckgegeben", "zur Überarbeitung zurückgegeben"

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField("Berichtsjahr")
    due = models.DateField("fällig am")
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.OPEN)
    summary = models.TextField("Zusammenfassung", blank=True)
    highlights = models.TextField("Erreichtes", blank=True)
    challenges = models.TextField("Schwierigkeiten", blank=True)
    next_steps = models.TextField("Nächste Schritte", blank=True)
    office_comment = models.TextField("Rückmeldung der Geschäftsstelle", blank=True)
    submitted_at = models.DateTimeField("eingereicht am", null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER,
        verbose_name="eingereicht von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminder_sent_at = models.DateTimeField("zuletzt erinnert am", null=True, blank=True)
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Kurzbericht"
        verbose_name_plural = "Kurzberichte"
        ordering = ["process", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["process", "year"], name="werkstatt_report_unique_year"),
            models.CheckConstraint(
                condition=~Q(status__in=["eingereicht", "angenommen"]) | Q(submitted_at__isnull=False),
                name="werkstatt_report_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Kurzbericht {self.year} {self.process.municipality}"
