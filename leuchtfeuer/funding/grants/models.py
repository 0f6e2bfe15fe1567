"""Zuwendungen: grants, their budget lines per year, expense claims (Mittelabruf) and report reminders."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from leuchtfeuer.funding.applications.models import Application
from leuchtfeuer.funding.calls.models import Call
from leuchtfeuer.funding.programmes.models import MONEY


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
