"""Belonging (issue 21, seed 000): engagement offers, shared living, welcome buddies and pairings.

The half of Ankommen that makes people stay: Vereine, Ehrenamt, Feuerwehr, culture and Dritte
Orte publish what they offer and whom they seek (an `Offer` of kind ``engagement`` with its
`EngagementDetails`); Azubi-WG rooms and Wohnen für Hilfe are housing offers with
`SharedLivingDetails`; residents volunteer as Willkommenspat:innen (`Buddy`) and the Lots:in
pairs one with a case (`BuddyPairing`) once both have accepted. `PairingStat` keeps the anonymous
count of a pairing after the people's data is deleted.

These models belong to the portal app (imported by portal/models.py); every write goes through
the services of portal/belonging.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from leuchtfeuer.portal.vocab import LIFE_PHASE_CHOICES, EngagementArea

MAX_BUDDY_CAPACITY = 5
CHECKIN_AFTER_DAYS = 28  # "a check-in reminder after 4 weeks"


class EngagementDetails(models.Model):
    """What an engagement offer (Offer.kind == "engagement") offers and whom it seeks."""

    offer = models.OneToOneField(
        "portal.Offer", verbose_name="Angebot", on_delete=models.CASCADE, related_name="engagement"
    )
    area = models.CharField("Bereich", max_length=20, choices=EngagementArea.choices)
    interests = models.JSONField(
        "passt zu Interessen", default=list, help_text="Schlüssel aus portal.vocab.Interest"
    )
    sought = models.TextField("Wen wir suchen", max_length=2000, blank=True)
    skills = models.CharField("hilfreiche Fähigkeiten", max_length=300, blank=True)
    hours_per_month = models.PositiveSmallIntegerField("Zeit pro Monat (Stunden)", null=True, blank=True)
    min_age = models.PositiveSmallIntegerField("Mindestalter", null=True, blank=True)
    max_age = models.PositiveSmallIntegerField("Höchstalter", null=True, blank=True)
    schedule = models.CharField("Wann", max_length=200, blank=True, help_text="z. B. „dienstags ab 19 Uhr“")
    newcomers_welcome = models.BooleanField("ausdrücklich offen für Neue ohne Vorkenntnisse", default=True)

    class Meta:
        verbose_name = "Engagement-Angebot"
        verbose_name_plural = "Engagement-Angebote"
        constraints = [
            models.CheckConstraint(
                condition=Q(area__in=EngagementArea.values), name="portal_engagement_area_valid"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_month__isnull=True)
                | (Q(hours_per_month__gte=1) & Q(hours_per_month__lte=200)),
                name="portal_engagement_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(max_age__gte=F("min_age")),
                name="portal_engagement_ages_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Engagement zu Angebot #{self.offer_id}"


class EngagementIntroduction(models.Model):
    """The Lots:in suggests an engagement offer to the person of a case; contact after consent.

    The person receives the suggestion and decides; only when she accepts (`accepted_at`) are her
    name and e-mail passed to the offer's contact person (`contact_sent_at`).
    """

    case = models.ForeignKey("portal.Case", on_delete=models.CASCADE, related_name="introductions")
    offer = models.ForeignKey("portal.Offer", on_delete=models.CASCADE, related_name="introductions")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField("vorgeschlagen am", default=timezone.now)
    reasons = models.JSONField("Gründe", default=list, blank=True)
    token = models.CharField(max_length=64, unique=True)
    accepted_at = models.DateTimeField("Kontakt gewünscht am", null=True, blank=True)
    declined_at = models.DateTimeField("abgelehnt am", null=True, blank=True)
    contact_sent_at = models.DateTimeField("Kontakt weitergegeben am", null=True, blank=True)

    class Meta:
        verbose_name = "Vermittlung ins Engagement"
        verbose_name_plural = "Vermittlungen ins Engagement"
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "offer"],
                name="portal_introduction_once_per_offer",
                violation_error_message="Dieses Angebot wurde für diesen Fall schon vorgeschlagen.",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(declined_at__isnull=True),
                name="portal_introduction_accept_or_decline",
            ),
            models.CheckConstraint(
                condition=Q(contact_sent_at__isnull=True) | Q(accepted_at__isnull=False),
                name="portal_introduction_contact_after_consent",
                violation_error_message="Kontaktdaten werden erst nach Zustimmung weitergegeben.",
            ),
        ]

    def __str__(self) -> str:
        return f"Vermittlung #{self.pk}"


class SharedLivingDetails(models.Model):
    """A room in an Azubi-WG or Wohnen für Hilfe (Offer.kind "azubi-wg" / "homesharing")."""

    class Form(models.TextChoices):
        AZUBI_WG = "azubi-wg", "Azubi-WG"
        HOMESHARING = "homesharing", "Wohnen für Hilfe"

    offer = models.OneToOneField(
        "portal.Offer", verbose_name="Angebot", on_delete=models.CASCADE, related_name="shared_living"
    )
    form = models.CharField("Wohnform", max_length=20, choices=Form.choices)
    rooms = models.PositiveSmallIntegerField("freie Zimmer", default=1)
    room_size_m2 = models.PositiveSmallIntegerField("Zimmergröße (m²)", null=True, blank=True)
    rent_eur = models.DecimalField(
        "Miete pro Monat (€, warm)", max_digits=7, decimal_places=2, null=True, blank=True
    )
    help_hours_per_month = models.PositiveSmallIntegerField(
        "vereinbarte Mithilfe (Stunden pro Monat)", null=True, blank=True
    )
    help_tasks = models.CharField(
        "Art der Mithilfe", max_length=300, blank=True, help_text="z. B. Einkaufen, Garten, Gesellschaft"
    )
    host = models.CharField(
        "Wer anbietet", max_length=300, blank=True, help_text="z. B. „Seniorin, 78, mit Hund“ oder „Betrieb“"
    )
    for_trainees = models.BooleanField("für Auszubildende", default=False)
    max_age = models.PositiveSmallIntegerField("für junge Menschen bis (Alter)", null=True, blank=True)

    class Meta:
        verbose_name = "gemeinsames Wohnen"
        verbose_name_plural = "gemeinsames Wohnen"
        constraints = [
            models.CheckConstraint(
                condition=Q(form__in=["azubi-wg", "homesharing"]), name="portal_sharedliving_form_valid"
            ),
            models.CheckConstraint(
                condition=~Q(form="homesharing") | Q(help_hours_per_month__gte=1),
                name="portal_sharedliving_homesharing_hours",
                violation_error_message="Bei Wohnen für Hilfe gehören die vereinbarten Stunden pro Monat dazu.",
            ),
            models.CheckConstraint(
                condition=Q(rooms__gte=1) & Q(rooms__lte=20), name="portal_sharedliving_rooms_range"
            ),
            models.CheckConstraint(
                condition=Q(rent_eur__isnull=True) | Q(rent_eur__gte=0),
                name="portal_sharedliving_rent_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} zu Angebot #{self.offer_id}"


class Buddy(models.Model):
    """A resident who volunteers as Willkommenspat:in (welcome buddy)."""

    class Status(models.TextChoices):
        PENDING = "angemeldet", "angemeldet, noch nicht bestätigt"
        ACTIVE = "aktiv", "aktiv"
        PAUSED = "pausiert", "pausiert"
        ENDED = "beendet", "beendet"

    municipality = models.ForeignKey(
        "places.Municipality", verbose_name="Kommune", on_delete=models.CASCADE, related_name="buddies"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="buddy_roles"
    )
    name = models.CharField("Name", max_length=120)
    email = models.EmailField("E-Mail", db_index=True)
    phone = models.CharField("Telefon", max_length=50, blank=True)
    languages = models.CharField("Sprachen", max_length=200, help_text="z. B. Deutsch, Englisch, Polnisch")
    life_phase = models.CharField("Lebensphase", max_length=30, choices=LIFE_PHASE_CHOICES, blank=True)
    ortsteil = models.ForeignKey(
        "places.Ortsteil", verbose_name="Ortsteil", null=True, blank=True, on_delete=models.SET_NULL
    )
    interests = models.JSONField("Interessen", default=list, blank=True)
    capacity = models.PositiveSmallIntegerField("Neue gleichzeitig begleiten", default=1)
    about = models.TextField("Über mich", max_length=1500, blank=True)
    consent = models.ForeignKey("portal.Consent", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.PENDING)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField("bestätigt am", null=True, blank=True)
    created_at = models.DateTimeField("angemeldet am", default=timezone.now)

    class Meta:
        verbose_name = "Willkommenspat:in"
        verbose_name_plural = "Willkommenspat:innen"
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=MAX_BUDDY_CAPACITY),
                name="portal_buddy_capacity_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["angemeldet", "aktiv", "pausiert", "beendet"]),
                name="portal_buddy_status_valid",
            ),
            models.UniqueConstraint(
                fields=["municipality", "email"],
                condition=~Q(status="beendet"),
                name="portal_buddy_unique_email",
                violation_error_message="Mit dieser E-Mail-Adresse ist hier schon eine Patenschaft angemeldet.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BuddyPairing(models.Model):
    """A buddy accompanies the person of a case: proposed by the Lots:in, accepted by both.

    Contact details are shared only once both have accepted (the database refuses an active
    pairing without both acceptances); a check-in is due four weeks after the start.
    """

    class Status(models.TextChoices):
        PROPOSED = "vorgeschlagen", "vorgeschlagen"
        ACTIVE = "aktiv", "aktiv"
        DECLINED = "abgelehnt", "abgelehnt"
        ENDED = "beendet", "beendet"

    case = models.ForeignKey("portal.Case", on_delete=models.CASCADE, related_name="pairings")
    buddy = models.ForeignKey(Buddy, on_delete=models.CASCADE, related_name="pairings")
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField("vorgeschlagen am", default=timezone.now)
    message = models.TextField("Nachricht der Lots:in", max_length=2000, blank=True)
    buddy_token = models.CharField(max_length=64, unique=True)
    newcomer_token = models.CharField(max_length=64, unique=True)
    buddy_accepted_at = models.DateTimeField("Zusage Pat:in", null=True, blank=True)
    newcomer_accepted_at = models.DateTimeField("Zusage neue Person", null=True, blank=True)
    declined_by = models.CharField("abgelehnt von", max_length=20, blank=True)
    started_on = models.DateField("begonnen am", null=True, blank=True)
    checkin_due_on = models.DateField("Nachfrage fällig am", null=True, blank=True)
    checkin_sent_at = models.DateTimeField("Nachfrage gesendet am", null=True, blank=True)
    checkin_done_at = models.DateTimeField("Nachfrage erledigt am", null=True, blank=True)
    checkin_note = models.TextField("Ergebnis der Nachfrage", max_length=2000, blank=True)
    ended_on = models.DateField("beendet am", null=True, blank=True)
    end_reason = models.CharField("Grund des Endes", max_length=300, blank=True)

    class Meta:
        verbose_name = "Patenschaft"
        verbose_name_plural = "Patenschaften"
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["vorgeschlagen", "aktiv", "abgelehnt", "beendet"]),
                name="portal_pairing_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["aktiv", "beendet"])
                | (
                    Q(buddy_accepted_at__isnull=False)
                    & Q(newcomer_accepted_at__isnull=False)
                    & Q(started_on__isnull=False)
                ),
                name="portal_pairing_active_needs_both_consents",
                violation_error_message="Eine Patenschaft beginnt erst, wenn beide zugestimmt haben.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="portal_pairing_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="beendet") | Q(ended_on__isnull=False),
                name="portal_pairing_ended_has_date",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["vorgeschlagen", "aktiv"]),
                name="portal_pairing_one_open_per_case",
                violation_error_message="Für diesen Fall gibt es schon eine vorgeschlagene oder laufende Patenschaft.",
            ),
        ]
        indexes = [models.Index(fields=["status", "checkin_due_on"], name="portal_pairing_checkin")]

    def __str__(self) -> str:
        return f"Patenschaft #{self.pk}"

    @property
    def contact_shared(self) -> bool:
        """Contact details are shown to either side only after both acceptances."""
        return self.buddy_accepted_at is not None and self.newcomer_accepted_at is not None


class PairingStat(models.Model):
    """Anonymous count of one pairing, kept after deletion (no name, contact or free text).

    Statistics never show a cell with fewer than 5 of these.
    """

    municipality = models.ForeignKey("places.Municipality", on_delete=models.CASCADE, related_name="+")
    pairing = models.OneToOneField(
        BuddyPairing, null=True, blank=True, on_delete=models.SET_NULL, related_name="stat"
    )
    month = models.DateField("Monat des Beginns (erster Tag)")
    checkin_done = models.BooleanField(default=False)
    ended = models.BooleanField(default=False)
    weeks = models.PositiveSmallIntegerField("Dauer in Wochen", null=True, blank=True)

    class Meta:
        verbose_name = "anonyme Zählung Patenschaft"
        verbose_name_plural = "anonyme Zählungen Patenschaften"
        indexes = [models.Index(fields=["municipality", "month"], name="portal_pairingstat_muni_month")]

    def __str__(self) -> str:
        return f"Patenschaft-Zählung {self.month:%m/%Y}"
