"""The youth parliament: members, meetings, motions."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

# --- Youth parliament ----------------------------------------------------------------------------


class YouthParliament(models.Model):
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="youth_parliaments"
    )
    name = models.CharField("Name", max_length=200)
    slug = models.SlugField(max_length=80)
    summary = models.TextField("Kurz und einfach erklärt")
    contact = models.CharField("Kontakt", max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="participation_youth_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class YouthMember(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """A member, shown with the name they agreed to show (first name or nickname)."""

    parliament = models.ForeignKey(YouthParliament, on_delete=models.CASCADE, related_name="members")
    display_name = models.CharField("angezeigter Name", max_length=100)
    role = models.CharField("Aufgabe", max_length=100, blank=True)
    since = models.DateField("dabei seit")
    until = models.DateField("bis", null=True, blank=True)
    consent_given = models.BooleanField("Einverständnis zur Veröffentlichung", default=False)

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_given=True), name="participation_youth_member_consent"
            ),
        ]


class YouthMeeting(models.Model):  # noqa: DJ008 (rows shown through their parent)
    parliament = models.ForeignKey(YouthParliament, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateTimeField("Termin")
    place = models.CharField("Ort", max_length=200)
    agenda = models.TextField("Tagesordnung")
    minutes = models.TextField("Protokoll", blank=True)

    class Meta:
        ordering = ["-date"]


class YouthMotion(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """A motion of the youth parliament to the council, and the council's answer."""

    class Status(models.TextChoices):
        SUBMITTED = "eingereicht", "eingereicht"
        IN_COUNCIL = "im_rat", "im Stadtrat"
        ANSWERED = "beantwortet", "beantwortet"

    parliament = models.ForeignKey(YouthParliament, on_delete=models.CASCADE, related_name="motions")
    title = models.CharField("Titel", max_length=200)
    text = models.TextField("Antrag")
    submitted_on = models.DateField("eingereicht am")
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.SUBMITTED)
    council_answer = models.TextField("Antwort des Stadtrats", blank=True)
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="beantwortet") | ~Q(council_answer=""),
                name="participation_motion_answer_text",
            ),
        ]
