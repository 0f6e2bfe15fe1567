"""Return and newcomer portal: portals, offers, stories, events, inquiries → cases, trial living.

Models hold data and invariants (constraints); every write goes through services.py.

Personal data lives in: Consent, Inquiry, Case (+ notes, tasks, e-mails), TrialApplication,
EventRegistration, WelcomeBoxRequest. Each of them is found by the person's e-mail address
(`email`, lower-case) so "Meine Daten" can show, export and delete all of it. `InquiryStat` holds
the anonymous counts that remain after deletion (no name, no contact, no free text).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format

from leuchtfeuer.portal.consent import PURPOSE_LABELS
from leuchtfeuer.portal.vocab import (
    LIFE_PHASE_CHOICES,
    HousingType,
    JobField,
    OfferKind,
    Origin,
    Timeframe,
)


class Portal(models.Model):
    """The public portal of a municipality or a Kreis (a Kreis portal lists its towns' offers)."""

    municipality = models.OneToOneField(
        "places.Municipality", verbose_name="Kommune", on_delete=models.CASCADE, related_name="portal"
    )
    title = models.CharField("Titel", max_length=120, help_text="z. B. „Einfach Ankommen“")
    intro = models.TextField("Begrüßung", max_length=2000, blank=True)
    intro_en = models.TextField("Begrüßung (Englisch)", max_length=2000, blank=True)
    contact_name = models.CharField("Ansprechperson", max_length=120, blank=True)
    contact_role = models.CharField("Funktion", max_length=120, blank=True)
    contact_phone = models.CharField("Telefon", max_length=50, blank=True)
    contact_email = models.EmailField("E-Mail", blank=True)
    contact_photo = models.ImageField("Foto", upload_to="portal/contact/", blank=True)
    contact_photo_alt = models.CharField("Bildbeschreibung (Alternativtext)", max_length=200, blank=True)
    is_published = models.BooleanField("veröffentlicht", default=False)
    shared_living_note = models.TextField(
        "Rechtlicher Hinweis zu Azubi-WG und Wohnen für Hilfe",
        max_length=3000,
        blank=True,
        help_text="Wird bei jedem Angebot zum gemeinsamen Wohnen gezeigt (z. B. Mietrecht, Versicherung).",
    )
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Portal"
        verbose_name_plural = "Portale"
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contact_photo="") | ~Q(contact_photo_alt=""),
                name="portal_portal_photo_has_alt",
                violation_error_message="Bitte beschreiben Sie das Foto in einem Satz (für Menschen, die es nicht sehen).",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Consent(models.Model):
    """One consent given by one person: purpose, version and the text shown (DSGVO Art. 7 (1))."""

    email = models.EmailField("E-Mail", db_index=True, blank=True)
    purpose = models.CharField("Zweck", max_length=20)
    version = models.CharField("Textversion", max_length=20)
    text = models.TextField("Wortlaut wie angezeigt")
    language = models.CharField("Sprache", max_length=8, default="de")
    retention_months = models.PositiveSmallIntegerField("Speicherdauer (Monate, 0 = bis Widerruf)")
    given_at = models.DateTimeField("erteilt am", default=timezone.now)
    confirmed_at = models.DateTimeField("per E-Mail bestätigt am", null=True, blank=True)
    withdrawn_at = models.DateTimeField("widerrufen am", null=True, blank=True)

    class Meta:
        verbose_name = "Einwilligung"
        verbose_name_plural = "Einwilligungen"
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.purpose} {self.version} {date_format(self.given_at, 'd.m.Y')}"

    @property
    def purpose_label(self) -> str:
        """The purpose in words, not as its code."""
        return str(PURPOSE_LABELS.get(self.purpose, self.purpose))


class Offer(models.Model):
    """A job, flat, house, building plot, Kita/school information, coworking or trial-living offer."""

    class Status(models.TextChoices):
        DRAFT = "entwurf", "Entwurf"
        SUBMITTED = "eingereicht", "zur Prüfung eingereicht"
        PUBLISHED = "veroeffentlicht", "veröffentlicht"
        REJECTED = "abgelehnt", "abgelehnt"

    municipality = models.ForeignKey(
        "places.Municipality", verbose_name="Kommune", on_delete=models.CASCADE, related_name="offers"
    )
    organisation = models.ForeignKey(
        "accounts.PartnerOrganisation",
        verbose_name="Partnerorganisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
    kind = models.CharField("Art", max_length=20, choices=OfferKind.choices)
    title = models.CharField("Titel", max_length=200)
    description = models.TextField("Beschreibung", max_length=5000, blank=True)
    job_field = models.CharField("Berufsfeld", max_length=20, choices=JobField.choices, blank=True)
    ortsteil = models.ForeignKey(
        "places.Ortsteil", verbose_name="Ortsteil", null=True, blank=True, on_delete=models.SET_NULL
    )
    place_text = models.CharField("Ort (Freitext)", max_length=200, blank=True)
    starts_on = models.DateField("verfügbar ab", null=True, blank=True)
    ends_on = models.DateField(
        "sichtbar bis einschließlich", null=True, blank=True, help_text="Danach verschwindet das Angebot."
    )
    conditions = models.TextField("Bedingungen", max_length=2000, blank=True)
    contact_name = models.CharField("Kontaktperson", max_length=120, blank=True)
    contact_email = models.EmailField("Kontakt-E-Mail", blank=True)
    contact_phone = models.CharField("Kontakt-Telefon", max_length=50, blank=True)
    life_phases = models.JSONField("besonders für", default=list, blank=True)
    apartment = models.ForeignKey(
        "TrialApartment", verbose_name="Probewohnung", null=True, blank=True, on_delete=models.SET_NULL
    )
    external_ref = models.CharField("Nummer in der Quelle", max_length=60, blank=True)
    is_demo = models.BooleanField("fiktives Demo-Angebot", default=False)
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.DRAFT)
    moderation_note = models.CharField("Hinweis der Moderation", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    published_at = models.DateTimeField("veröffentlicht am", null=True, blank=True)

    class Meta:
        verbose_name = "Angebot"
        verbose_name_plural = "Angebote"
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["municipality", "status", "ends_on"], name="portal_offer_visible")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="portal_offer_dates_ordered",
            ),
            models.CheckConstraint(condition=Q(kind__in=OfferKind.values), name="portal_offer_kind_valid"),
            models.UniqueConstraint(
                fields=["municipality", "organisation", "external_ref"],
                condition=~Q(external_ref=""),
                name="portal_offer_unique_external_ref",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_visible_on(self, day: date) -> bool:
        return self.status == self.Status.PUBLISHED and (self.ends_on is None or self.ends_on >= day)


class Story(models.Model):
    """A returnee portrait, published only with a recorded consent of the person shown."""

    municipality = models.ForeignKey(
        "places.Municipality", verbose_name="Kommune", on_delete=models.CASCADE, related_name="stories"
    )
    title = models.CharField("Überschrift", max_length=200)
    person_name = models.CharField("Name, wie veröffentlicht", max_length=120)
    quote = models.CharField("Zitat", max_length=300, blank=True)
    body = models.TextField("Text", max_length=8000)
    image = models.ImageField("Bild", upload_to="portal/stories/", blank=True)
    image_alt = models.CharField("Bildbeschreibung (Alternativtext)", max_length=250, blank=True)
    source_note = models.CharField("Quelle", max_length=300, blank=True)
    is_fictional = models.BooleanField("fiktives Demo-Porträt", default=False)
    consent = models.ForeignKey(
        Consent, verbose_name="Einwilligung", null=True, blank=True, on_delete=models.PROTECT
    )
    consent_evidence = models.CharField(
        "Nachweis der Einwilligung",
        max_length=300,
        blank=True,
        help_text="z. B. „unterschrieben am …, Akte …“",
    )
    is_published = models.BooleanField("veröffentlicht", default=False)
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)

    class Meta:
        verbose_name = "Geschichte"
        verbose_name_plural = "Geschichten"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="portal_story_image_has_alt",
                violation_error_message="Bitte beschreiben Sie das Bild (Alternativtext für Menschen, die es nicht sehen).",
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(consent__isnull=False) | Q(is_fictional=True),
                name="portal_story_published_needs_consent",
                violation_error_message="Veröffentlichen nur mit Einwilligung der porträtierten Person.",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class WelcomeBoxRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "offen", "offen"
        SENT = "versandt", "übergeben / versandt"

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="welcome_box_requests"
    )
    name = models.CharField("Name", max_length=120)
    email = models.EmailField("E-Mail")
    address = models.TextField("Anschrift", max_length=500)
    moved_in_on = models.DateField("eingezogen am", null=True, blank=True)
    household = models.PositiveSmallIntegerField("Personen im Haushalt", default=1)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("Status", max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField("angefragt am", auto_now_add=True)

    class Meta:
        verbose_name = "Willkommensbox-Anfrage"
        verbose_name_plural = "Willkommensbox-Anfragen"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Willkommensbox #{self.pk}"


class Inquiry(models.Model):
    """The Erhebungsbogen: what a person who wants to come needs. Becomes a Case when confirmed."""

    municipality = models.ForeignKey(
        "places.Municipality", verbose_name="Kommune", on_delete=models.CASCADE, related_name="inquiries"
    )
    name = models.CharField("Name", max_length=120)
    email = models.EmailField("E-Mail", db_index=True)
    phone = models.CharField("Telefon", max_length=50, blank=True)
    life_phase = models.CharField("Lebensphase", max_length=30, choices=LIFE_PHASE_CHOICES)
    is_returnee = models.BooleanField("hat früher hier gelebt", default=False)
    job_field = models.CharField("Berufsfeld", max_length=20, choices=JobField.choices, blank=True)
    partner_job_field = models.CharField(
        "Berufsfeld Partner:in", max_length=20, choices=JobField.choices, blank=True
    )
    housing_type = models.CharField("Wohnen", max_length=20, choices=HousingType.choices, blank=True)
    needs_kita = models.BooleanField("Kita-Platz gesucht", default=False)
    needs_school = models.BooleanField("Schule gesucht", default=False)
    wants_trial = models.BooleanField("Interesse am Probewohnen", default=False)
    ortsteil = models.ForeignKey(
        "places.Ortsteil", verbose_name="Wunsch-Ortsteil", null=True, blank=True, on_delete=models.SET_NULL
    )
    timeframe = models.CharField("Zeitpunkt", max_length=10, choices=Timeframe.choices)
    origin = models.CharField("Herkunftsregion", max_length=10, choices=Origin.choices)
    origin_place = models.CharField("Wohnort heute", max_length=120, blank=True)
    message = models.TextField("Nachricht", max_length=3000, blank=True)
    interests = models.JSONField("Interessen in der Freizeit", default=list, blank=True)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("gesendet am", default=timezone.now)
    confirmed_at = models.DateTimeField("bestätigt am", null=True, blank=True)

    class Meta:
        verbose_name = "Erhebungsbogen"
        verbose_name_plural = "Erhebungsbögen"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Erhebungsbogen #{self.pk}"

    @property
    def needs(self) -> list[str]:
        """Need keys for statistics and matching (job, partner_job, housing, kita, school, trial)."""
        result = []
        if self.job_field:
            result.append("job")
        if self.partner_job_field:
            result.append("partner_job")
        if self.housing_type:
            result.append("housing")
        if self.needs_kita:
            result.append("kita")
        if self.needs_school:
            result.append("school")
        if self.wants_trial:
            result.append("trial")
        return result


class Stage(models.TextChoices):
    NEW = "neu", "neu"
    TALKING = "gespraech", "im Gespräch"
    VISIT = "besuch", "Besuch geplant"
    MOVED = "zugezogen", "zugezogen"
    NOT_MOVED = "nicht_zugezogen", "nicht zugezogen"
    DORMANT = "ruht", "ruht"


DECIDED_STAGES = frozenset({Stage.MOVED, Stage.NOT_MOVED})


class Case(models.Model):
    """A confirmed inquiry in the Lotse's pipeline."""

    municipality = models.ForeignKey(
        "places.Municipality", verbose_name="Kommune", on_delete=models.CASCADE, related_name="cases"
    )
    inquiry = models.OneToOneField(Inquiry, on_delete=models.CASCADE, related_name="case")
    stage = models.CharField("Stand", max_length=20, choices=Stage.choices, default=Stage.NEW)
    lotse = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Lots:in",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_cases",
    )
    opened_at = models.DateTimeField("eröffnet am", default=timezone.now)
    stage_changed_at = models.DateTimeField("Stand geändert am", default=timezone.now)
    decided_at = models.DateTimeField("entschieden am", null=True, blank=True)
    last_activity_at = models.DateTimeField("letzter Kontakt", default=timezone.now)
    retain_until = models.DateTimeField("löschen nach", db_index=True)

    class Meta:
        verbose_name = "Fall"
        verbose_name_plural = "Fälle"
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="portal_case_stage_valid"),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | Q(stage__in=[Stage.MOVED, Stage.NOT_MOVED]),
                name="portal_case_decided_only_when_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"Fall #{self.pk}"

    @property
    def email(self) -> str:
        return self.inquiry.email


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("Notiz", max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Notiz #{self.pk} zu Fall #{self.case_id}"


class CaseTask(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("Aufgabe", max_length=200)
    due_on = models.DateField("fällig am")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField("erledigt am", null=True, blank=True)
    reminded_at = models.DateTimeField("erinnert am", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class CaseEmail(models.Model):
    """An e-mail the platform sent to the person of a case (kept with the case, deleted with it)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="emails")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField("Betreff", max_length=200)
    body = models.TextField("Text", max_length=8000)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.subject


class InquiryStat(models.Model):
    """Anonymous counting record of one confirmed inquiry (no name, contact or free text).

    Written when an inquiry is confirmed, updated with the case's outcome, and kept when the
    person's data is deleted (the link to the case is set to NULL) — "nothing remains but
    anonymous counts". Statistics never show a cell with fewer than 5 of these.
    """

    municipality = models.ForeignKey("places.Municipality", on_delete=models.CASCADE, related_name="+")
    case = models.OneToOneField(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="stat")
    month = models.DateField("Monat (erster Tag)")
    life_phase = models.CharField(max_length=30)
    needs = models.JSONField(default=list)
    origin = models.CharField(max_length=10)
    is_returnee = models.BooleanField(default=False)
    outcome = models.CharField(max_length=20, default=Stage.NEW)
    days_to_decision = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "anonyme Zählung"
        verbose_name_plural = "anonyme Zählungen"
        indexes = [models.Index(fields=["municipality", "month"], name="portal_stat_muni_month")]

    def __str__(self) -> str:
        return f"Zählung {self.month:%m/%Y} {self.life_phase}"


class TrialApartment(models.Model):
    """A trial-living apartment (Probewohnen) with a calendar of booked nights."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="trial_apartments"
    )
    name = models.CharField("Name", max_length=150)
    description = models.TextField("Beschreibung", max_length=4000, blank=True)
    ortsteil = models.ForeignKey("places.Ortsteil", null=True, blank=True, on_delete=models.SET_NULL)
    min_nights = models.PositiveSmallIntegerField("mindestens Nächte", default=7)
    max_nights = models.PositiveSmallIntegerField("höchstens Nächte", default=31)
    conditions = models.TextField("Bedingungen", max_length=2000, blank=True)
    is_demo = models.BooleanField("fiktive Demo-Wohnung", default=False)
    is_active = models.BooleanField("buchbar", default=True)

    class Meta:
        verbose_name = "Probewohnung"
        verbose_name_plural = "Probewohnungen"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="portal_apartment_unique_name"),
            models.CheckConstraint(
                condition=Q(min_nights__gte=1) & Q(max_nights__gte=F("min_nights")),
                name="portal_apartment_nights_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TrialApplication(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "eingegangen", "eingegangen"
        ACCEPTED = "angenommen", "angenommen"
        DECLINED = "abgelehnt", "abgelehnt"
        WAITING = "warteliste", "auf der Warteliste"
        CANCELLED = "storniert", "storniert"

    apartment = models.ForeignKey(TrialApartment, on_delete=models.CASCADE, related_name="applications")
    name = models.CharField("Name", max_length=120)
    email = models.EmailField("E-Mail", db_index=True)
    arrival = models.DateField("Anreise")
    departure = models.DateField("Abreise")
    persons = models.PositiveSmallIntegerField("Personen", default=1)
    motivation = models.TextField("Motivation", max_length=3000)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("Status", max_length=15, choices=Status.choices, default=Status.RECEIVED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Bewerbung Probewohnen"
        verbose_name_plural = "Bewerbungen Probewohnen"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(departure__gt=F("arrival")), name="portal_trial_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"Bewerbung #{self.pk}"

    @property
    def nights(self) -> int:
        return (self.departure - self.arrival).days


class TrialNight(models.Model):
    """One booked night of an apartment. UNIQUE (apartment, night) makes double bookings impossible
    on every database, also when two accepts race: the second insert fails and rolls back whole."""

    apartment = models.ForeignKey(TrialApartment, on_delete=models.CASCADE, related_name="nights")
    night = models.DateField("Nacht vom")
    application = models.ForeignKey(TrialApplication, on_delete=models.CASCADE, related_name="booked_nights")

    class Meta:
        verbose_name = "gebuchte Nacht"
        verbose_name_plural = "gebuchte Nächte"
        ordering = ["apartment", "night"]
        constraints = [
            models.UniqueConstraint(
                fields=["apartment", "night"], name="portal_trialnight_no_double_booking"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.apartment_id} {self.night}"


# Events and belonging (issue 21) live in their own modules; importing them here registers them.
from leuchtfeuer.portal.belonging.events import Event, EventRegistration  # noqa: E402, F401
from leuchtfeuer.portal.belonging.models import (  # noqa: E402, F401
    Buddy,
    BuddyPairing,
    EngagementDetails,
    EngagementIntroduction,
    PairingStat,
    SharedLivingDetails,
)
