"""Registers of the matching agency: spaces, seekers, a town's location facts, programmes entered
by the agency, and proposals between a space and a seeker.

The database holds the lines that must never be crossed: a space is shared beyond its town only
with the owner's recorded consent, exact coordinates only with the owner's agreement, ranges are
ordered, a proposal cannot reach "Kontakt"/"vereinbart" unless both sides accepted, a failed one
carries its reason, and a space–seeker pair has at most one running proposal.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class RegisterStatus(models.TextChoices):
    """Life of an entry in a register (spaces, seekers)."""

    REVIEW = "pruefung", "in Prüfung"
    OPEN = "offen", "offen"
    MATCHED = "vermittelt", "vermittelt"
    CLOSED = "geschlossen", "geschlossen"
    REJECTED = "abgelehnt", "nicht freigegeben"


class SpaceKind(models.TextChoices):
    SHOP = "laden", "Ladenlokal"
    FLAT = "wohnung", "Wohnung"
    OFFICE = "buero", "Büro / Co-Working"
    HALL = "halle", "Halle / Werkstatt"
    LAND = "flaeche", "Fläche / Grundstück"
    THIRD_PLACE = "dritter_ort", "Dritter Ort (Begegnungsort)"
    LAND_FUND = "bodenfonds", "Grundstück eines Bodenfonds"


SPACE_FEATURES = {
    "kueche": "Küche",
    "sanitaer": "Sanitärräume",
    "schaufenster": "Schaufenster",
    "starkstrom": "Starkstrom",
    "glasfaser": "Glasfaser",
    "parkplaetze": "Parkplätze",
    "lager": "Lagerraum",
    "veranstaltung": "für Veranstaltungen geeignet",
}


class Space(models.Model):
    """A vacant shop, flat, hall, plot, Dritter Ort or Bodenfonds plot offered through the agency."""

    class EnteredAs(models.TextChoices):
        TOWN = "kommune", "Kommune"
        PARTNER = "partner", "Partner im Auftrag der Eigentümer:in"
        OWNER = "eigentuemer", "Eigentümer:in"

    class Condition(models.TextChoices):
        READY = "bezugsfertig", "bezugsfertig"
        MINOR = "renovierung", "renovierungsbedürftig"
        MAJOR = "sanierung", "sanierungsbedürftig"
        UNBUILT = "unbebaut", "unbebaut"

    class Accessibility(models.TextChoices):
        FULL = "barrierefrei", "barrierefrei"
        PARTIAL = "teilweise", "teilweise barrierefrei"
        NONE = "nein", "nicht barrierefrei"

    class Visibility(models.TextChoices):
        TOWN = "kommune", "nur in der Kommune"
        REGION = "region", "auch für Agentur und Nachbarkommunen"

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name="Kommune",
        on_delete=models.PROTECT,
        related_name="matching_spaces",
    )
    ortsteil = models.ForeignKey(
        "places.Ortsteil",
        verbose_name="Ortsteil",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField("Bezeichnung", max_length=150)
    kind = models.CharField("Art", max_length=20, choices=SpaceKind.choices)
    description = models.TextField("Beschreibung", blank=True)
    area_m2 = models.PositiveIntegerField("Fläche (m²)")
    condition = models.CharField("Zustand", max_length=20, choices=Condition.choices)
    rent_min = models.DecimalField(
        "Miete ab (€ im Monat)", null=True, blank=True, max_digits=12, decimal_places=2
    )
    rent_max = models.DecimalField(
        "Miete bis (€ im Monat)", null=True, blank=True, max_digits=12, decimal_places=2
    )
    price_min = models.DecimalField(
        "Kaufpreis ab (€)", null=True, blank=True, max_digits=12, decimal_places=2
    )
    price_max = models.DecimalField(
        "Kaufpreis bis (€)", null=True, blank=True, max_digits=12, decimal_places=2
    )
    available_from = models.DateField("frei ab")
    available_until = models.DateField("frei bis", null=True, blank=True)
    accessibility = models.CharField("Barrierefreiheit", max_length=20, choices=Accessibility.choices)
    features = models.JSONField("Ausstattung", default=list, blank=True)
    # Location: the Gemeinde centre from the official data unless the owner agrees to more.
    exact_location_consent = models.BooleanField("genaue Lage darf gezeigt werden", default=False)
    lat = models.FloatField("Breitengrad (genau)", null=True, blank=True)
    lon = models.FloatField("Längengrad (genau)", null=True, blank=True)
    # Owner and consent.
    entered_as = models.CharField("eingetragen als", max_length=20, choices=EnteredAs.choices)
    partner = models.ForeignKey(
        "accounts.PartnerOrganisation",
        verbose_name="Partnerorganisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner_name = models.CharField("Eigentümer:in", max_length=150)
    owner_email = models.EmailField("E-Mail der Eigentümer:in", blank=True)
    owner_phone = models.CharField("Telefon der Eigentümer:in", max_length=50, blank=True)
    owner_consent_at = models.DateTimeField("Einwilligung der Eigentümer:in am", null=True, blank=True)
    owner_consent_note = models.CharField("Einwilligung: wie erteilt", max_length=300, blank=True)
    visibility = models.CharField(
        "sichtbar", max_length=20, choices=Visibility.choices, default=Visibility.TOWN
    )
    status = models.CharField("Status", max_length=20, choices=RegisterStatus.choices)
    moderation_note = models.CharField("Hinweis der Prüfung", max_length=300, blank=True)
    expires_on = models.DateField("Eintrag gültig bis")
    is_demo = models.BooleanField("Demo", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="matching_spaces"
    )
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Raum / Fläche"
        verbose_name_plural = "Räume und Flächen"
        ordering = ["municipality", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SpaceKind.values), name="matching_space_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=RegisterStatus.values), name="matching_space_status_valid"),
            models.CheckConstraint(condition=Q(area_m2__gt=0), name="matching_space_area_positive"),
            # Shown beyond the town only with the owner's recorded consent.
            models.CheckConstraint(
                condition=Q(visibility="kommune") | Q(owner_consent_at__isnull=False),
                name="matching_space_shared_needs_consent",
            ),
            # Exact coordinates only with the owner's agreement; otherwise the Gemeinde centre.
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lon__isnull=True) | Q(exact_location_consent=True),
                name="matching_space_exact_location_needs_consent",
            ),
            models.CheckConstraint(
                condition=Q(rent_min__isnull=True) | Q(rent_min__gte=0), name="matching_space_rent_min_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(rent_min__isnull=True) | Q(rent_max__isnull=True) | Q(rent_min__lte=models.F("rent_max")),
                name="matching_space_rent_ordered",
            ),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True) | Q(price_min__gte=0), name="matching_space_price_min_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True) | Q(price_max__isnull=True) | Q(price_min__lte=models.F("price_max")),
                name="matching_space_price_ordered",
            ),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True) | Q(available_from__lte=models.F("available_until")),
                name="matching_space_dates_ordered",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    @property
    def shared(self) -> bool:
        return self.visibility == self.Visibility.REGION


class SpacePhoto(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField("Foto", upload_to="matching/fotos/")
    alt_text = models.CharField("Alternativtext", max_length=300)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Foto"
        verbose_name_plural = "Fotos"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.alt_text


class Seeker(models.Model):
    """Somebody looking: a project maker, a company seeking a location, or a town seeking partners
    for a shared specialist post (Resilienz-Verbund)."""

    class Kind(models.TextChoices):
        PROJECT = "projekt", "Projektemacher:in"
        COMPANY = "unternehmen", "Unternehmen auf Standortsuche"
        VERBUND = "verbund", "Kommune sucht Partner für eine gemeinsame Stelle"

    class Sector(models.TextChoices):
        CULTURE = "kultur", "Kultur"
        SOCIAL = "soziales", "Soziales"
        CRAFT = "handwerk", "Handwerk"
        COWORKING = "coworking", "Co-Working"
        TRADE = "handel", "Handel / Gastronomie"
        OTHER = "sonstiges", "Sonstiges"

    class Post(models.TextChoices):
        CLIMATE = "klimaschutz", "Klimaschutzmanagement"
        DIGITAL = "digitalisierung", "Digitalisierung"
        FUNDING = "foerdermittel", "Fördermittelmanagement"

    kind = models.CharField("Art", max_length=20, choices=Kind.choices)
    title = models.CharField("Vorhaben", max_length=150)
    description = models.TextField("Beschreibung", blank=True)
    sector = models.CharField("Bereich", max_length=20, choices=Sector.choices, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Konto",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="matching_seekers",
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name="Kommune (bei gemeinsamer Stelle)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matching_seekers",
    )
    contact_name = models.CharField("Ansprechperson", max_length=150)
    contact_email = models.EmailField("E-Mail")
    contact_phone = models.CharField("Telefon", max_length=50, blank=True)
    # Needs.
    space_kinds = models.JSONField("gesuchte Arten", default=list, blank=True)
    area_min_m2 = models.PositiveIntegerField("Fläche mindestens (m²)", null=True, blank=True)
    area_max_m2 = models.PositiveIntegerField("Fläche höchstens (m²)", null=True, blank=True)
    budget_max = models.DecimalField(
        "Miete höchstens (€ im Monat)", null=True, blank=True, max_digits=12, decimal_places=2
    )
    needed_from = models.DateField("gebraucht ab", null=True, blank=True)
    needed_until = models.DateField("gebraucht bis", null=True, blank=True)
    place = models.ForeignKey(
        "places.Region",
        verbose_name="Wunschort",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    radius_km = models.PositiveIntegerField("Umkreis (km)", null=True, blank=True)
    kreise = models.JSONField("Kreise (Schlüssel)", default=list, blank=True)
    needs_accessible = models.BooleanField("muss barrierefrei sein", default=False)
    required_features = models.JSONField("nötige Ausstattung", default=list, blank=True)
    # Companies.
    employees = models.PositiveIntegerField("Beschäftigte", null=True, blank=True)
    needs_rail = models.BooleanField("Bahnanschluss nötig", default=False)
    needs_motorway = models.BooleanField("Autobahn in der Nähe nötig", default=False)
    needs_broadband = models.BooleanField("Glasfaser / Gigabit nötig", default=False)
    labour_wish = models.CharField("Wunsch an den Arbeitsmarkt", max_length=300, blank=True)
    # Towns seeking a shared post.
    post = models.CharField("gemeinsame Stelle", max_length=20, choices=Post.choices, blank=True)
    consent_at = models.DateTimeField("Einwilligung in die Vermittlung am")
    status = models.CharField("Status", max_length=20, choices=RegisterStatus.choices)
    moderation_note = models.CharField("Hinweis der Prüfung", max_length=300, blank=True)
    expires_on = models.DateField("Eintrag gültig bis")
    is_demo = models.BooleanField("Demo", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Suche"
        verbose_name_plural = "Suchende"
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["projekt", "unternehmen", "verbund"]), name="matching_seeker_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=RegisterStatus.values), name="matching_seeker_status_valid"),
            models.CheckConstraint(
                condition=Q(area_min_m2__isnull=True) | Q(area_max_m2__isnull=True) | Q(area_min_m2__lte=models.F("area_max_m2")),
                name="matching_seeker_area_ordered",
            ),
            models.CheckConstraint(
                condition=Q(needed_from__isnull=True) | Q(needed_until__isnull=True) | Q(needed_from__lte=models.F("needed_until")),
                name="matching_seeker_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(budget_max__isnull=True) | Q(budget_max__gte=0), name="matching_seeker_budget_nonnegative"
            ),
            models.CheckConstraint(
                condition=~Q(kind="verbund") | (Q(municipality__isnull=False) & ~Q(post="")),
                name="matching_seeker_verbund_has_town_and_post",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title


class TownFacts(models.Model):
    """A town's location facts for companies, as the town states them (not official figures)."""

    municipality = models.OneToOneField(
        "places.Municipality", verbose_name="Kommune", on_delete=models.CASCADE, related_name="matching_facts"
    )
    rail_station = models.BooleanField("Bahnhof mit Personen- oder Güterverkehr", default=False)
    motorway_km = models.PositiveIntegerField(
        "Entfernung zur nächsten Autobahnauffahrt (km)", null=True, blank=True
    )
    gigabit = models.BooleanField("Gewerbegebiet mit Glasfaser / Gigabit", default=False)
    note = models.CharField("Hinweis", max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("Stand", auto_now=True)

    class Meta:
        verbose_name = "Standortangaben der Kommune"
        verbose_name_plural = "Standortangaben der Kommunen"

    def __str__(self) -> str:
        return f"Standortangaben {self.municipality}"


class Programme(models.Model):
    """A funding programme with money left, entered by the agency (beside the open calls that the
    funding part publishes, which are read from there, never copied)."""

    name = models.CharField("Programm", max_length=200)
    sponsor = models.CharField("Fördergeber", max_length=200)
    summary = models.TextField("Wofür", blank=True)
    remaining = models.DecimalField("verfügbare Mittel (€)", max_digits=12, decimal_places=2)
    deadline = models.DateField("Frist", null=True, blank=True)
    url = models.URLField("Weitere Informationen", blank=True)
    is_open = models.BooleanField("offen", default=True)
    is_demo = models.BooleanField("Demo", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)

    class Meta:
        verbose_name = "Förderprogramm (Agentur)"
        verbose_name_plural = "Förderprogramme (Agentur)"
        ordering = ["deadline", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(remaining__gte=0), name="matching_programme_remaining_nonnegative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Decision(models.TextChoices):
    PENDING = "offen", "noch offen"
    ACCEPTED = "angenommen", "angenommen"
    DECLINED = "abgelehnt", "abgelehnt"


class Proposal(models.Model):
    """A match the agency proposed: both sides accept or decline; contact details are exchanged
    only after both accepted; it ends as "vereinbart" or "nicht zustande gekommen" (with reason)."""

    class Status(models.TextChoices):
        SENT = "gesendet", "vorgeschlagen"
        CONTACT = "kontakt", "beide einverstanden – Kontakt ausgetauscht"
        DECLINED = "abgelehnt", "abgelehnt"
        AGREED = "vereinbart", "vereinbart"
        FAILED = "gescheitert", "nicht zustande gekommen"
        WITHDRAWN = "zurueckgezogen", "zurückgezogen"

    RUNNING = (Status.SENT, Status.CONTACT)

    space = models.ForeignKey(
        Space, verbose_name="Raum / Fläche", on_delete=models.PROTECT, related_name="proposals"
    )
    seeker = models.ForeignKey(
        Seeker, verbose_name="Suche", on_delete=models.PROTECT, related_name="proposals"
    )
    score = models.FloatField("Passung")
    reasons = models.JSONField("Gründe", default=list)
    message = models.TextField("Nachricht der Agentur", blank=True)
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.SENT)
    space_decision = models.CharField(
        "Antwort Raumseite", max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    seeker_decision = models.CharField(
        "Antwort Suchende", max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    space_decided_at = models.DateTimeField(null=True, blank=True)
    seeker_decided_at = models.DateTimeField(null=True, blank=True)
    outcome_reason = models.CharField("Begründung", max_length=500, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField("gesendet am", auto_now_add=True)
    reminded_at = models.DateTimeField("erinnert am", null=True, blank=True)
    closed_at = models.DateTimeField("abgeschlossen am", null=True, blank=True)

    class Meta:
        verbose_name = "Vorschlag"
        verbose_name_plural = "Vorschläge"
        ordering = ["-sent_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["gesendet", "kontakt", "abgelehnt", "vereinbart", "gescheitert", "zurueckgezogen"]), name="matching_proposal_status_valid"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="matching_proposal_score_range"),
            # Contact details are exchanged (and an agreement recorded) only after both accepted.
            models.CheckConstraint(
                condition=~Q(status__in=["kontakt", "vereinbart"]) | Q(space_decision="angenommen", seeker_decision="angenommen"),
                name="matching_proposal_contact_needs_both",
            ),
            models.CheckConstraint(
                condition=~Q(status="gescheitert") | ~Q(outcome_reason=""), name="matching_proposal_failed_has_reason"
            ),
            # One running proposal per pair.
            models.UniqueConstraint(
                fields=["space", "seeker"], condition=Q(status__in=["gesendet", "kontakt"]), name="matching_proposal_one_running"
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.space} ↔ {self.seeker}"

    @property
    def contact_open(self) -> bool:
        return self.status in (self.Status.CONTACT, self.Status.AGREED)
