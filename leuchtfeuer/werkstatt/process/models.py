"""Models of the Werkstatt process itself (see HOUSE_STYLE.md: models hold data and invariants,
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


class Task(ProcessOwned):
    """A task with a due date and a responsible person; assignment sends an e-mail."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="tasks"
    )
    stage = models.CharField("Stufe", max_length=30, choices=StageKind.choices, blank=True)
    measure = models.ForeignKey(
        "Measure",
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
