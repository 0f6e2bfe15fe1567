"""Funding: programme catalogue, calls, applications, review, selection, grants, claims, reports.

Models hold data and invariants (see HOUSE_STYLE.md); every change goes through services.py.
Money is always DecimalField (exact cents), never float.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

MONEY = {"max_digits": 12, "decimal_places": 2}


class ApplicantType(models.TextChoices):
    KOMMUNE = "kommune", "Kommune"
    VEREIN = "verein", "Verein / Initiative"
    PERSON = "person", "Einzelperson"


class Programme(models.Model):
    """A funding programme in the catalogue, with machine-readable eligibility rules.

    A rule that is empty is not checked (and not invented): programmes seeded from the source
    documents carry only what those documents state and are flagged `needs_completion`.
    """

    slug = models.SlugField("Kurzname", max_length=80, unique=True)
    name = models.CharField("Name", max_length=200)
    sponsor = models.CharField("Fördergeber:in", max_length=200, blank=True)
    summary = models.TextField("Kurzbeschreibung", blank=True)
    facts = models.TextField(
        "Belegte Angaben", blank=True, help_text="Was die Quellen über das Programm sagen."
    )
    source = models.CharField("Quelle", max_length=300, blank=True)
    url = models.URLField("Weitere Informationen", blank=True)
    needs_completion = models.BooleanField("von der Geschäftsstelle zu vervollständigen", default=True)
    is_active = models.BooleanField("im Katalog sichtbar", default=True)
    # Eligibility rules (empty = not checked).
    lands = models.JSONField("Bundesländer (Schlüssel)", default=list, blank=True)
    size_classes = models.JSONField("Größenklassen", default=list, blank=True)
    min_population = models.PositiveIntegerField("mindestens Einwohner:innen", null=True, blank=True)
    max_population = models.PositiveIntegerField("höchstens Einwohner:innen", null=True, blank=True)
    degurba = models.JSONField("Grad der Verstädterung (1–3)", default=list, blank=True)
    applicant_types = models.JSONField("Antragsberechtigte", default=list, blank=True)
    own_contribution_percent = models.DecimalField(
        "Eigenanteil in %", max_digits=5, decimal_places=2, null=True, blank=True
    )
    deadline = models.DateField("Antragsfrist", null=True, blank=True)
    topics = models.JSONField("Förderthemen (Handlungsfelder)", default=list, blank=True)
    max_amount = models.DecimalField("Förderung bis zu (€)", null=True, blank=True, **MONEY)
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Förderprogramm"
        verbose_name_plural = "Förderprogramme"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="funding_programme_name_not_empty"),
            models.CheckConstraint(
                condition=Q(own_contribution_percent__isnull=True)
                | Q(own_contribution_percent__gte=0, own_contribution_percent__lte=100),
                name="funding_programme_own_share_range",
            ),
            models.CheckConstraint(
                condition=Q(min_population__isnull=True)
                | Q(max_population__isnull=True)
                | Q(min_population__lte=models.F("max_population")),
                name="funding_programme_population_range",
            ),
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gt=0),
                name="funding_programme_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FundingProfile(models.Model):
    """What a municipality states about itself for the fit check (beyond the official data)."""

    municipality = models.OneToOneField(
        "places.Municipality",
        verbose_name="Kommune",
        on_delete=models.CASCADE,
        related_name="funding_profile",
    )
    own_contribution_percent = models.DecimalField(
        "Eigenanteil, den die Kommune aufbringen kann (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    updated_at = models.DateTimeField("geändert am", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "Förderprofil einer Kommune"
        verbose_name_plural = "Förderprofile"
        constraints = [
            models.CheckConstraint(
                condition=Q(own_contribution_percent__isnull=True)
                | Q(own_contribution_percent__gte=0, own_contribution_percent__lte=100),
                name="funding_profile_own_share_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Förderprofil {self.municipality}"


class Call(models.Model):
    """A call for applications (Förderaufruf), configured by the programme office without code."""

    class Status(models.TextChoices):
        DRAFT = "entwurf", "Entwurf"
        PUBLISHED = "veroeffentlicht", "veröffentlicht"
        DECIDED = "entschieden", "entschieden"

    programme = models.ForeignKey(
        Programme,
        verbose_name="Programm",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    slug = models.SlugField("Kurzname in Adressen", max_length=80, unique=True)
    title = models.CharField("Titel", max_length=200)
    description = models.TextField("Beschreibung", blank=True)
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.DRAFT)
    applicant_types = models.JSONField("Antragsberechtigte", default=list)
    short_form = models.BooleanField(
        "Kurzantrag (Mikroförderung)",
        default=False,
        help_text="Vereine und Einzelpersonen stellen einen kurzen Antrag ohne Datenblatt.",
    )
    budget = models.DecimalField("Gesamtbudget (€)", **MONEY)
    max_request = models.DecimalField("höchstens je Antrag (€)", null=True, blank=True, **MONEY)
    deadline = models.DateTimeField("Einreichungsfrist")
    # Budget lines of a grant per year (seed 001: up to 30,000 € consulting, 10,000 € material).
    consulting_cap = models.DecimalField("Beratung je Jahr höchstens (€)", null=True, blank=True, **MONEY)
    material_cap = models.DecimalField("Sachmittel je Jahr höchstens (€)", null=True, blank=True, **MONEY)
    first_year = models.PositiveSmallIntegerField("Förderung ab Jahr")
    last_year = models.PositiveSmallIntegerField("Förderung bis Jahr")
    carry_over = models.BooleanField("Reste ins Folgejahr übertragen", default=False)
    report_required = models.BooleanField("jährlicher Kurzbericht", default=True)
    report_due_month = models.PositiveSmallIntegerField("Kurzbericht fällig im Monat (Folgejahr)", default=1)
    report_due_day = models.PositiveSmallIntegerField("Kurzbericht fällig am Tag", default=31)
    # Diversity rules of the selection.
    land_groups = models.JSONField(
        "Ländergruppen", default=dict, blank=True, help_text="{Name: [Land- oder Kreisschlüssel, …]}"
    )
    min_per_land_group = models.PositiveSmallIntegerField("mindestens je Ländergruppe", null=True, blank=True)
    min_grw_share = models.DecimalField(
        "mindestens Anteil aus GRW-Fördergebieten (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    min_per_size_class = models.PositiveSmallIntegerField("mindestens je Größenklasse", null=True, blank=True)
    max_per_kreis = models.PositiveSmallIntegerField("höchstens je Kreis", null=True, blank=True)
    max_selected = models.PositiveSmallIntegerField("höchstens Förderungen insgesamt", null=True, blank=True)
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Förderaufruf"
        verbose_name_plural = "Förderaufrufe"
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gt=0), name="funding_call_budget_positive"),
            models.CheckConstraint(
                condition=Q(max_request__isnull=True) | Q(max_request__gt=0), name="funding_call_max_request_positive"
            ),
            models.CheckConstraint(
                condition=Q(consulting_cap__isnull=True) | Q(consulting_cap__gt=0), name="funding_call_consulting_cap_positive"
            ),
            models.CheckConstraint(
                condition=Q(material_cap__isnull=True) | Q(material_cap__gt=0), name="funding_call_material_cap_positive"
            ),
            models.CheckConstraint(condition=Q(first_year__lte=models.F("last_year")), name="funding_call_years_ordered"),
            models.CheckConstraint(
                condition=Q(min_grw_share__isnull=True) | Q(min_grw_share__gte=0, min_grw_share__lte=100),
                name="funding_call_grw_share_range",
            ),
            models.CheckConstraint(
                condition=Q(report_due_month__gte=1, report_due_month__lte=12, report_due_day__gte=1, report_due_day__lte=31),
                name="funding_call_report_due_valid",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title


class CallItem(models.Model):
    """One configurable element of a call: prerequisite, favourable condition, guiding question,
    data-sheet field or attachment."""

    class Kind(models.TextChoices):
        PREREQUISITE = "voraussetzung", "Voraussetzung (zwingend)"
        FAVOURABLE = "rahmenbedingung", "förderliche Rahmenbedingung"
        QUESTION = "leitfrage", "Leitfrage"
        DATASHEET = "datenblatt", "Datenblatt-Feld"
        ATTACHMENT = "anlage", "Anlage"

    class FieldType(models.TextChoices):
        TEXT = "text", "Text"
        NUMBER = "zahl", "Zahl"
        YESNO = "janein", "Ja/Nein"

    call = models.ForeignKey(Call, verbose_name="Aufruf", on_delete=models.CASCADE, related_name="items")
    kind = models.CharField("Art", max_length=20, choices=Kind.choices)
    label = models.CharField("Bezeichnung", max_length=300)
    help_text = models.TextField(
        "Erläuterung / verlangter Nachweis",
        blank=True,
        help_text="Bei Voraussetzungen: welcher Nachweis verlangt wird.",
    )
    required = models.BooleanField("Pflicht", default=True)
    field_type = models.CharField(
        "Feldart (Datenblatt)", max_length=10, choices=FieldType.choices, default=FieldType.TEXT
    )
    profile_key = models.CharField(
        "aus dem Kommunalprofil übernehmen",
        max_length=40,
        blank=True,
        help_text="Kennzahl, mit der das Feld vorausgefüllt wird",
    )
    order = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        verbose_name = "Element eines Aufrufs"
        verbose_name_plural = "Elemente eines Aufrufs"
        ordering = ["call", "kind", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(label=""), name="funding_callitem_label_not_empty"),
            models.UniqueConstraint(fields=["call", "kind", "label"], name="funding_callitem_unique_label"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.label


class Criterion(models.Model):
    """A scoring criterion of a call with its weight; reviewers give 0 … max_points."""

    call = models.ForeignKey(Call, verbose_name="Aufruf", on_delete=models.CASCADE, related_name="criteria")
    label = models.CharField("Kriterium", max_length=200)
    description = models.TextField("Erläuterung", blank=True)
    weight = models.DecimalField("Gewicht", max_digits=5, decimal_places=2, default=Decimal("1"))
    max_points = models.PositiveSmallIntegerField("höchste Punktzahl", default=5)
    order = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        verbose_name = "Bewertungskriterium"
        verbose_name_plural = "Bewertungskriterien"
        ordering = ["call", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="funding_criterion_weight_positive"),
            models.CheckConstraint(
                condition=Q(max_points__gte=1), name="funding_criterion_max_points_positive"
            ),
            models.UniqueConstraint(fields=["call", "label"], name="funding_criterion_unique_label"),
        ]

    def __str__(self) -> str:
        return self.label


class Application(models.Model):
    """An application to a call: by a municipality (full form) or, in short-form calls, by an
    association or a person."""

    class Status(models.TextChoices):
        DRAFT = "entwurf", "Entwurf"
        SUBMITTED = "eingereicht", "eingereicht"
        SELECTED = "ausgewaehlt", "zur Förderung ausgewählt"
        NOT_SELECTED = "nicht_ausgewaehlt", "nicht ausgewählt"
        WITHDRAWN = "zurueckgezogen", "zurückgezogen"

    class Lock(models.TextChoices):
        NONE = "", "offen"
        LOCKED = "fest", "fest ausgewählt"
        EXCLUDED = "ausgeschlossen", "ausgeschlossen"

    call = models.ForeignKey(
        Call, verbose_name="Aufruf", on_delete=models.PROTECT, related_name="applications"
    )
    applicant_type = models.CharField("Antragsteller:in", max_length=10, choices=ApplicantType.choices)
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name="Kommune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_applications",
    )
    region = models.ForeignKey(
        "places.Region", verbose_name="Ort (Gemeinde)", on_delete=models.PROTECT, related_name="+"
    )
    applicant_name = models.CharField("Name der Antragstellenden", max_length=200)
    contact_email = models.EmailField("Kontakt-E-Mail")
    title = models.CharField("Titel des Vorhabens", max_length=200)
    summary = models.TextField("Kurzbeschreibung", blank=True)
    requested_amount = models.DecimalField("beantragte Summe (€)", null=True, blank=True, **MONEY)
    grw_area = models.BooleanField("liegt in einem GRW-Fördergebiet", default=False)
    answers = models.JSONField("Antworten auf Leitfragen", default=dict, blank=True)
    datasheet = models.JSONField("Datenblatt", default=dict, blank=True)
    prerequisites = models.JSONField("Voraussetzungen (Angaben)", default=dict, blank=True)
    favourable = models.JSONField("Rahmenbedingungen (Angaben)", default=dict, blank=True)
    prerequisite_check = models.JSONField("Prüfung der Voraussetzungen", default=dict, blank=True)
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.DRAFT)
    lock = models.CharField("Auswahl", max_length=20, choices=Lock.choices, default=Lock.NONE, blank=True)
    lock_reason = models.CharField("Begründung (Auswahl)", max_length=300, blank=True)
    submitted_at = models.DateTimeField("eingereicht am", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="angelegt von",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Antrag"
        verbose_name_plural = "Anträge"
        ordering = ["call", "applicant_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "municipality"], condition=Q(municipality__isnull=False), name="funding_application_one_per_town"
            ),
            models.CheckConstraint(
                condition=(Q(applicant_type="kommune") & Q(municipality__isnull=False))
                | (~Q(applicant_type="kommune") & Q(municipality__isnull=True)),
                name="funding_application_town_iff_kommune",
            ),
            models.CheckConstraint(
                condition=Q(requested_amount__isnull=True) | Q(requested_amount__gt=0),
                name="funding_application_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(status="entwurf") | Q(submitted_at__isnull=False), name="funding_application_submitted_at_set"
            ),
            models.CheckConstraint(condition=Q(lock__in=["", "fest", "ausgeschlossen"]), name="funding_application_lock_valid"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.applicant_name}: {self.title}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    item = models.ForeignKey(CallItem, verbose_name="Anlage", on_delete=models.CASCADE, related_name="+")
    file = models.FileField("Datei", upload_to="funding/anlagen/%Y/")
    original_name = models.CharField("Dateiname", max_length=200)
    content_type = models.CharField("Dateityp", max_length=100)
    size = models.PositiveIntegerField("Größe (Byte)")
    uploaded_at = models.DateTimeField("hochgeladen am", auto_now_add=True)

    class Meta:
        verbose_name = "Anlage"
        verbose_name_plural = "Anlagen"
        ordering = ["application", "item", "pk"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="funding_attachment_not_empty")]

    def __str__(self) -> str:
        return self.original_name


class ReviewerAssignment(models.Model):
    """A reviewer assigned to a call by the programme office."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reviewer_assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="funding_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Gutachter:in eines Aufrufs"
        verbose_name_plural = "Gutachter:innen"
        constraints = [models.UniqueConstraint(fields=["call", "reviewer"], name="funding_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.reviewer} – {self.call}"


class ConflictDeclaration(models.Model):
    """A reviewer declares a conflict of interest for one application (and then cannot score it)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("Grund", max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Befangenheitserklärung"
        verbose_name_plural = "Befangenheitserklärungen"
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="funding_conflict_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.reason}"


class Review(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="funding_reviews"
    )
    comment = models.TextField("Gesamteinschätzung", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Begutachtung"
        verbose_name_plural = "Begutachtungen"
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="funding_review_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} – {self.application}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    points = models.PositiveSmallIntegerField("Punkte")
    comment = models.TextField("Begründung", blank=True)

    class Meta:
        verbose_name = "Punktzahl"
        verbose_name_plural = "Punktzahlen"
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="funding_score_unique"),
            models.CheckConstraint(condition=Q(points__gte=0), name="funding_score_points_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class SelectionRun(models.Model):
    """One run of the selection (kept so the office can compare re-runs and see who decided)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="selection_runs")
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    run_at = models.DateTimeField(auto_now_add=True)
    feasible = models.BooleanField()
    result = models.JSONField()
    is_final = models.BooleanField("als Förderentscheidung übernommen", default=False)

    class Meta:
        verbose_name = "Auswahllauf"
        verbose_name_plural = "Auswahlläufe"
        ordering = ["-run_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call"], condition=Q(is_final=True), name="funding_selection_one_final"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call} {self.run_at:%d.%m.%Y %H:%M}"


class Grant(models.Model):
    """A funded application: the grant with budget lines per year."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="grant")
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="grants")
    municipality = models.ForeignKey(
        "places.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="funding_grants"
    )
    recipient_name = models.CharField("Zuwendungsempfänger:in", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "Zuwendung"
        verbose_name_plural = "Zuwendungen"
        ordering = ["call", "recipient_name"]

    def __str__(self) -> str:
        return f"{self.recipient_name} – {self.call}"


class BudgetLine(models.Model):
    class Category(models.TextChoices):
        CONSULTING = "beratung", "Externe Beratung"
        MATERIAL = "sachmittel", "Sachmittel (Öffentlichkeitsarbeit, Veranstaltungen)"
        PROJECT = "projekt", "Projektmittel (Mikroförderung)"

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField("Jahr")
    category = models.CharField("Budgetposten", max_length=20, choices=Category.choices)
    amount = models.DecimalField("Betrag (€)", **MONEY)
    carried_over = models.DecimalField("davon Übertrag aus dem Vorjahr (€)", default=Decimal("0"), **MONEY)
    closed_at = models.DateTimeField("Jahresabschluss am", null=True, blank=True)
    lapsed = models.DecimalField("verfallen beim Jahresabschluss (€)", default=Decimal("0"), **MONEY)
    transferred = models.DecimalField("ins Folgejahr übertragen (€)", default=Decimal("0"), **MONEY)

    class Meta:
        verbose_name = "Budgetposten"
        verbose_name_plural = "Budgetposten"
        ordering = ["grant", "year", "category"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "year", "category"], name="funding_budgetline_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_budgetline_amount_positive"),
            models.CheckConstraint(condition=Q(carried_over__gte=0), name="funding_budgetline_carry_nonnegative"),
            models.CheckConstraint(condition=Q(lapsed__gte=0), name="funding_budgetline_lapsed_nonnegative"),
            models.CheckConstraint(condition=Q(transferred__gte=0), name="funding_budgetline_transferred_nonnegative"),
            models.CheckConstraint(condition=Q(carried_over__lte=models.F("amount")), name="funding_budgetline_carry_within"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.year}"


class ExpenseClaim(models.Model):
    """A claim against a budget line with its receipt; approved or refused by the office."""

    class CostType(models.TextChoices):
        CONSULTING = "beratung", "Honorar externe Beratung / Moderation"
        PUBLICITY = "oeffentlichkeitsarbeit", "Öffentlichkeitsarbeit, Druck, Medien"
        EVENT = "veranstaltung", "Veranstaltung, Zukunftswerkstatt, Raummiete"
        MATERIAL = "material", "Material und Sachkosten"
        STAFF = "personal", "Personalkosten"
        CONSTRUCTION = "bau", "Bau- oder Umbaumaßnahme"
        INVESTMENT = "investition", "Investition (Anschaffung, Ausstattung mit Anlagevermögen)"

    class Status(models.TextChoices):
        SUBMITTED = "eingereicht", "eingereicht"
        APPROVED = "genehmigt", "genehmigt"
        REJECTED = "abgelehnt", "abgelehnt"

    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="claims")
    amount = models.DecimalField("Betrag (€)", **MONEY)
    cost_type = models.CharField("Kostenart", max_length=30, choices=CostType.choices)
    description = models.CharField("Beschreibung", max_length=300)
    spent_on = models.DateField("Rechnungsdatum")
    staff_publicly_funded = models.BooleanField(
        "Personal bereits aus öffentlichem Haushalt bezahlt", default=False
    )
    receipt = models.FileField("Beleg", upload_to="funding/belege/%Y/")
    receipt_name = models.CharField("Dateiname des Belegs", max_length=200)
    receipt_type = models.CharField("Dateityp des Belegs", max_length=100)
    receipt_size = models.PositiveIntegerField("Größe des Belegs (Byte)")
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField("Begründung", max_length=500, blank=True)

    class Meta:
        verbose_name = "Mittelabruf"
        verbose_name_plural = "Mittelabrufe"
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_claim_amount_positive"),
            models.CheckConstraint(condition=~Q(cost_type__in=["bau", "investition"]), name="funding_claim_no_construction"),
            models.CheckConstraint(
                condition=~Q(cost_type="personal", staff_publicly_funded=True), name="funding_claim_no_funded_staff"
            ),
            models.CheckConstraint(condition=Q(receipt_size__gt=0), name="funding_claim_receipt_not_empty"),
            models.CheckConstraint(
                condition=Q(status="eingereicht") | Q(decided_at__isnull=False), name="funding_claim_decision_dated"
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.description} ({self.amount} €)"


class ReportReminder(models.Model):
    """A reminder e-mail about the yearly Kurzbericht, recorded so it is sent only once."""

    class Kind(models.TextChoices):
        UPCOMING = "bald_faellig", "bald fällig"
        OVERDUE = "ueberfaellig", "überfällig"

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="report_reminders")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grant", "year", "kind"], name="funding_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.grant} {self.year} {self.kind}"
