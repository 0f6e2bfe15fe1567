"""Knowledge and network: Praxisbeispiele (good-practice examples) with an editorial workflow and
versions, the search index, Umsetzungshilfen (document library), and the network of
municipalities (directory, tandems, Hospitationen, events).

Models hold data and invariants; every change goes through knowledge/services.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from leuchtfeuer.core import taxonomy


class Vocabulary(models.TextChoices):
    """The shared vocabularies of core/taxonomy.py that classify an example."""

    HANDLUNGSFELD = "handlungsfeld", "Handlungsfeld"
    ZIELGRUPPE = "zielgruppe", "Zielgruppe"
    HERAUSFORDERUNG = "herausforderung", "Herausforderung"
    PFEILER = "pfeiler", "Pfeiler der Resilienz"


VOCABULARY_TERMS = {
    Vocabulary.HANDLUNGSFELD: taxonomy.HANDLUNGSFELDER,
    Vocabulary.ZIELGRUPPE: taxonomy.LIFE_PHASES,
    Vocabulary.HERAUSFORDERUNG: taxonomy.CHALLENGE_FIELDS,
    Vocabulary.PFEILER: taxonomy.RESILIENCE_PILLARS,
}


class Example(models.Model):
    """A Praxisbeispiel: what a town (or Kreis, Land, foundation) did, as a structured record."""

    class Phase(models.TextChoices):
        IDEA = "idee", "Idee"
        RUNNING = "laufend", "läuft"
        ESTABLISHED = "etabliert", "etabliert / verstetigt"
        ENDED = "beendet", "beendet"

    class State(models.TextChoices):
        DRAFT = "entwurf", "Entwurf"
        SUBMITTED = "eingereicht", "eingereicht, in Prüfung"
        CHANGES_REQUESTED = "ueberarbeiten", "Überarbeitung erbeten"
        PUBLISHED = "veroeffentlicht", "veröffentlicht"
        REJECTED = "abgelehnt", "abgelehnt"

    class CostRange(models.TextChoices):
        UNKNOWN = "unbekannt", "keine Angabe"
        NONE = "ohne", "ohne eigene Kosten"
        UP_TO_10K = "bis-10000", "bis 10.000 €"
        UP_TO_50K = "bis-50000", "10.000 bis 50.000 €"
        UP_TO_250K = "bis-250000", "50.000 bis 250.000 €"
        ABOVE_250K = "ueber-250000", "über 250.000 €"

    slug = models.SlugField("Kurzname in Adressen", max_length=120, unique=True)
    title = models.CharField("Titel", max_length=200)
    region = models.ForeignKey(
        "places.Region",
        verbose_name="Ort (amtliche Gebietseinheit)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="knowledge_examples",
        help_text="Gemeinde, Kreis oder Land des Beispiels; leer bei bundesweiten Initiativen.",
    )
    place_label = models.CharField(
        "Ortsangabe", max_length=200, blank=True, help_text="z. B. „Hochsauerlandkreis, NRW“"
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name="eingereicht von Kommune",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_examples",
    )
    # Denormalised from the region for facets and sorting; kept in sync by the services.
    land_code = models.CharField("Land", max_length=2, blank=True, db_index=True)
    size_class = models.CharField("Größenklasse", max_length=20, blank=True, db_index=True)
    population = models.PositiveIntegerField("Einwohner:innen des Orts", null=True, blank=True)

    period_start = models.PositiveSmallIntegerField("seit (Jahr)", null=True, blank=True)
    period_end = models.PositiveSmallIntegerField("bis (Jahr)", null=True, blank=True)
    summary = models.CharField("Kurzbeschreibung", max_length=400)
    description = models.TextField("Beschreibung")
    costs = models.TextField("Kosten", blank=True)
    funding = models.TextField("Finanzierung und Förderung", blank=True)
    cost_range = models.CharField(
        "Kostenrahmen", max_length=20, choices=CostRange.choices, default=CostRange.UNKNOWN
    )
    success_factors = models.TextField("Erfolgsfaktoren", blank=True)
    obstacles = models.TextField("Hürden", blank=True)
    contact_name = models.CharField("Ansprechperson", max_length=150, blank=True)
    contact_email = models.EmailField("E-Mail der Ansprechperson", blank=True)
    contact_consent_at = models.DateTimeField(
        "Einwilligung der Ansprechperson zur Veröffentlichung", null=True, blank=True
    )
    links = models.JSONField("Links", default=list, blank=True)
    phase = models.CharField("Stand", max_length=12, choices=Phase.choices, default=Phase.RUNNING)
    source = models.TextField(
        "Quelle", blank=True, help_text="Woher die Angaben stammen (Dokument, Seite, Einreichung)."
    )

    state = models.CharField(
        "Redaktionsstatus", max_length=16, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField("Version", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)
    submitted_at = models.DateTimeField("eingereicht am", null=True, blank=True)
    published_at = models.DateTimeField("veröffentlicht am", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "Praxisbeispiel"
        verbose_name_plural = "Praxisbeispiele"
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="knowledge_example_period_valid",
            ),
            models.CheckConstraint(
                condition=Q(contact_email="") | Q(contact_consent_at__isnull=False),
                name="knowledge_example_contact_needs_consent",
            ),
            models.CheckConstraint(
                condition=Q(
                    state__in=["entwurf", "eingereicht", "ueberarbeiten", "veroeffentlicht", "abgelehnt"]
                ),
                name="knowledge_example_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="veroeffentlicht") | Q(published_at__isnull=False),
                name="knowledge_example_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["state", "-published_at"], name="knowledge_ex_state_pub")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def place(self) -> str:
        if self.place_label:
            return self.place_label
        return self.region.short_name if self.region_id else "bundesweit"


class ExampleTerm(models.Model):
    """One classification of an example (Handlungsfeld, target group, challenge field, pillar)."""

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="terms")
    vocabulary = models.CharField(max_length=20, choices=Vocabulary.choices)
    key = models.CharField(max_length=40)

    class Meta:
        verbose_name = "Zuordnung"
        verbose_name_plural = "Zuordnungen"
        constraints = [
            models.UniqueConstraint(fields=["example", "vocabulary", "key"], name="knowledge_term_unique"),
        ]
        indexes = [models.Index(fields=["vocabulary", "key"], name="knowledge_term_vocab_key")]

    def __str__(self) -> str:
        return f"{self.vocabulary}:{self.key}"


class ExampleVersion(models.Model):
    """A snapshot of an example after each change (the version history)."""

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("Version")
    data = models.JSONField("Inhalt")
    note = models.CharField("Anlass", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("Zeitpunkt", auto_now_add=True)

    class Meta:
        verbose_name = "Version eines Praxisbeispiels"
        verbose_name_plural = "Versionen von Praxisbeispielen"
        ordering = ["example", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["example", "number"], name="knowledge_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.example_id} v{self.number}"


class ExampleComment(models.Model):
    """A step of the editorial workflow: a comment, or a decision with its reason."""

    class Kind(models.TextChoices):
        COMMENT = "kommentar", "Kommentar"
        SUBMIT = "eingereicht", "eingereicht"
        REQUEST_CHANGES = "ueberarbeiten", "Überarbeitung erbeten"
        PUBLISH = "veroeffentlicht", "veröffentlicht"
        REJECT = "abgelehnt", "abgelehnt"

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.COMMENT)
    body = models.TextField("Text", blank=True)
    version = models.PositiveIntegerField("zu Version", default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Redaktionsnotiz"
        verbose_name_plural = "Redaktionsnotizen"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} zu {self.example_id}"


class ExampleImage(models.Model):
    """An image of an example; the alternative text is required (WCAG 1.1.1)."""

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="images")
    file = models.FileField("Bilddatei", upload_to="knowledge/images/%Y/")
    alt_text = models.CharField("Alternativtext", max_length=300)
    credit = models.CharField("Bildnachweis", max_length=200, blank=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField("Größe (Bytes)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Bild"
        verbose_name_plural = "Bilder"
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="knowledge_image_alt_required"),
        ]

    def __str__(self) -> str:
        return self.alt_text


class SearchEntry(models.Model):
    """The search index row of a published example: normalised terms (knowledge/engine/text.py).

    SQLite mirrors these rows into the FTS5 table `knowledge_example_fts` (rowid = example id);
    PostgreSQL keeps a `vector tsvector` column with a GIN index (both added in migration 0001,
    each only on its own database). Written only by knowledge/search.py `index_example`.
    """

    example = models.OneToOneField(Example, on_delete=models.CASCADE, primary_key=True, related_name="+")
    title_terms = models.TextField()
    body_terms = models.TextField()
    title_text = models.TextField()
    body_text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Suchindex-Eintrag"
        verbose_name_plural = "Suchindex"

    def __str__(self) -> str:
        return f"Suchindex {self.example_id}"


class Document(models.Model):
    """An Umsetzungshilfe: template, checklist, Bewertungsmatrix, Erhebungsbogen …"""

    class Kind(models.TextChoices):
        TEXTBAUSTEIN = "textbaustein", "Textbausteine"
        MATRIX = "bewertungsmatrix", "Bewertungsmatrix"
        CHECKLIST = "checkliste", "Checkliste"
        SURVEY = "erhebungsbogen", "Erhebungsbogen"
        WELCOME = "begruessung", "Begrüßungspaket"
        OTHER = "sonstiges", "Sonstiges"

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField("Titel", max_length=200)
    kind = models.CharField("Art", max_length=20, choices=Kind.choices)
    description = models.TextField("Beschreibung")
    handlungsfeld = models.CharField("Handlungsfeld", max_length=40, blank=True)
    file = models.FileField("Datei", upload_to="knowledge/documents/")
    file_name = models.CharField("Dateiname", max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("Größe (Bytes)")
    source = models.TextField("Grundlage", blank=True)
    download_count = models.PositiveIntegerField("Downloads", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Umsetzungshilfe"
        verbose_name_plural = "Umsetzungshilfen"
        ordering = ["kind", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="knowledge_document_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------


class NetworkProfile(models.Model):
    """A municipality's entry in the network directory (shown only when `listed`)."""

    municipality = models.OneToOneField(
        "places.Municipality", on_delete=models.CASCADE, related_name="network_profile"
    )
    listed = models.BooleanField("im Verzeichnis zeigen", default=False)
    description = models.TextField("Worin wir Erfahrung haben / was wir suchen", blank=True)
    topics = models.JSONField("Themen (Handlungsfelder)", default=list, blank=True)
    offers_mentoring = models.BooleanField("bietet Mentoring / Tandem an (erfahrene Kommune)", default=False)
    seeks_mentoring = models.BooleanField("sucht eine erfahrene Tandem-Kommune", default=False)
    offers_hospitation = models.BooleanField("nimmt Hospitationen auf", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Netzwerk-Eintrag"
        verbose_name_plural = "Netzwerk-Einträge"

    def __str__(self) -> str:
        return str(self.municipality)


class NetworkContact(models.Model):
    """A contact person in the directory — only with her own consent (opt-in, revocable)."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="network_contacts"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    function = models.CharField("Funktion", max_length=150, blank=True)
    consent_at = models.DateTimeField("eingewilligt am")

    class Meta:
        verbose_name = "Ansprechperson im Netzwerk"
        verbose_name_plural = "Ansprechpersonen im Netzwerk"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "user"], name="knowledge_contact_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.municipality})"


class Tandem(models.Model):
    """A mentoring tandem: an experienced town accompanies a new one; the office confirms it."""

    class State(models.TextChoices):
        PROPOSED = "vorgeschlagen", "vorgeschlagen"
        CONFIRMED = "bestaetigt", "bestätigt"
        DECLINED = "abgelehnt", "abgelehnt"
        ENDED = "beendet", "beendet"

    mentor = models.ForeignKey(
        "places.Municipality", verbose_name="erfahrene Kommune", on_delete=models.CASCADE, related_name="+"
    )
    mentee = models.ForeignKey(
        "places.Municipality", verbose_name="neue Kommune", on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(max_length=14, choices=State.choices, default=State.PROPOSED)
    score = models.FloatField("Passung", default=0)
    explanation = models.TextField("Begründung", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Tandem"
        verbose_name_plural = "Tandems"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="knowledge_tandem_distinct"),
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=Q(state__in=["vorgeschlagen", "bestaetigt"]),
                name="knowledge_tandem_unique_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"


class HospitationRequest(models.Model):
    """A town asks to visit another; the host accepts and proposes dates, or declines."""

    class State(models.TextChoices):
        REQUESTED = "angefragt", "angefragt"
        ACCEPTED = "angenommen", "angenommen, Termine vorgeschlagen"
        DECLINED = "abgelehnt", "abgelehnt"
        WITHDRAWN = "zurueckgezogen", "zurückgezogen"

    guest = models.ForeignKey(
        "places.Municipality", verbose_name="Gast-Kommune", on_delete=models.CASCADE, related_name="+"
    )
    host = models.ForeignKey(
        "places.Municipality", verbose_name="gastgebende Kommune", on_delete=models.CASCADE, related_name="+"
    )
    topic = models.CharField("Thema", max_length=200)
    message = models.TextField("Nachricht")
    state = models.CharField(max_length=16, choices=State.choices, default=State.REQUESTED)
    proposed_dates = models.JSONField("vorgeschlagene Termine", default=list, blank=True)
    host_message = models.TextField("Antwort der Gastgeber:innen", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Hospitationsanfrage"
        verbose_name_plural = "Hospitationsanfragen"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(guest=F("host")), name="knowledge_hospitation_distinct"),
        ]

    def __str__(self) -> str:
        return f"{self.guest} besucht {self.host}"


class Event(models.Model):
    """A Praxiswerkstatt or online seminar with limited seats."""

    class Kind(models.TextChoices):
        WORKSHOP = "praxiswerkstatt", "Praxiswerkstatt"
        SEMINAR = "online-seminar", "Online-Seminar"
        MEETING = "austauschtreffen", "Austauschtreffen"

    title = models.CharField("Titel", max_length=200)
    kind = models.CharField("Format", max_length=20, choices=Kind.choices)
    description = models.TextField("Beschreibung")
    starts_at = models.DateTimeField("Beginn")
    ends_at = models.DateTimeField("Ende")
    location = models.CharField("Ort oder Zugang", max_length=200)
    capacity = models.PositiveIntegerField("Plätze")
    seats_taken = models.PositiveIntegerField("belegte Plätze", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Veranstaltung"
        verbose_name_plural = "Veranstaltungen"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="knowledge_event_capacity_positive"),
            # The database refuses over-booking: registrations bump this counter in the same
            # transaction, and the counter can never exceed the capacity.
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")), name="knowledge_event_not_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="knowledge_event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def seats_left(self) -> int:
        return self.capacity - self.seats_taken


class EventRegistration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        "places.Municipality", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Anmeldung"
        verbose_name_plural = "Anmeldungen"
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="knowledge_registration_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event_id}"
