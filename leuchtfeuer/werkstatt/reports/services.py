"""Services of the reports: the Zwischenbilanz text; the Kurzbericht: write, submit, review,
schedule (keyword-only `<noun>_<verb>`, permission check in reports/rules.py, transaction, audit
entry, e-mails after commit)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from leuchtfeuer.accounts.models import Membership, Role, User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.mail import mail_on_commit
from leuchtfeuer.core.permissions import require
from leuchtfeuer.werkstatt.process.guards import DENIED, audit, require_area, text_value
from leuchtfeuer.werkstatt.process.models import Process
from leuchtfeuer.werkstatt.reports.formatting import fmt_date
from leuchtfeuer.werkstatt.reports.models import Report, Review

# The Kurzbericht for year Y is due on 31 January of Y + 1 unless the office sets another date
# (the same default as the funding calls' report due date).
DEFAULT_DUE_MONTH, DEFAULT_DUE_DAY = 1, 31
EDITABLE_STATUSES = (Report.Status.OPEN, Report.Status.DRAFT, Report.Status.RETURNED)
REQUIRED_FOR_SUBMIT = (
    ("summary", "Zusammenfassung"),
    ("highlights", "Erreichtes"),
    ("next_steps", "Nächste Schritte"),
)


def default_due(year: int) -> date:
    return date(year + 1, DEFAULT_DUE_MONTH, DEFAULT_DUE_DAY)


# ------------------------------------------------------------------------------ services
def _audit(
    actor: Actor, report: Report, action: str, summary: str, changes: dict[str, Any] | None = None
) -> None:
    audit_record(
        actor=actor,
        action=f"werkstatt.{action}",
        target=report,
        municipality=report.process.municipality,
        summary=summary,
        changes=changes,
    )


def office_emails() -> list[str]:
    User = get_user_model()
    return sorted(
        User.objects.filter(is_programme_office=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def coordinator_emails(municipality_id: int) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(
                municipality_id=municipality_id, role=Role.KOORDINATION, user__is_active=True
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


@transaction.atomic
def report_for_year(*, actor: Actor, process: Process, year: int) -> Report:
    """The Kurzbericht of a year, created (due on the default date) when the town starts writing it."""
    require(actor, "werkstatt.edit_report", process)
    first, last = process.started_on.year, timezone.localdate().year
    if not first <= year <= last:
        raise ValidationError(
            {
                "year": f"Einen Kurzbericht gibt es für die Jahre seit Beginn des Prozesses ({first}) "
                f"bis zum laufenden Jahr ({last}), nicht für {year}."
            }
        )
    report, created = Report.objects.get_or_create(
        process=process, year=year, defaults={"due": default_due(year)}
    )
    if created:
        _audit(
            actor, report, "report.create", f"Kurzbericht {year} angelegt (fällig am {fmt_date(report.due)})"
        )
    return report


@transaction.atomic
def report_update(
    *, actor: Actor, report: Report, summary: str, highlights: str, challenges: str, next_steps: str
) -> Report:
    report = Report.objects.select_for_update().select_related("process__municipality").get(pk=report.pk)
    require(actor, "werkstatt.edit_report", report)
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(
            f"Der Kurzbericht {report.year} ist {report.get_status_display()} und kann nicht mehr geändert werden."
        )
    data = {}
    for name, label, value in (
        ("summary", "Zusammenfassung", summary),
        ("highlights", "Erreichtes", highlights),
        ("challenges", "Schwierigkeiten", challenges),
        ("next_steps", "Nächste Schritte", next_steps),
    ):
        text = (value or "").strip()
        if len(text) > 10000:
            raise ValidationError({name: f"{label} ist zu lang (höchstens 10.000 Zeichen)."})
        data[name] = text
    changes = field_changes(report, data)
    if not changes:
        return report
    for key, value in data.items():
        setattr(report, key, value)
    report.status = Report.Status.DRAFT
    report.save()
    _audit(actor, report, "report.update", f"Kurzbericht {report.year} bearbeitet", changes)
    return report


@transaction.atomic
def report_submit(*, actor: Actor, report: Report, base_url: str = "") -> Report:
    """The coordinator submits the Kurzbericht to the programme office (status → eingereicht)."""
    report = Report.objects.select_for_update().select_related("process__municipality").get(pk=report.pk)
    require(actor, "werkstatt.submit_report", report)
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(f"Der Kurzbericht {report.year} ist bereits {report.get_status_display()}.")
    missing = [label for name, label in REQUIRED_FOR_SUBMIT if not getattr(report, name).strip()]
    if missing:
        raise ValidationError(
            f"Der Kurzbericht {report.year} kann noch nicht eingereicht werden: es fehlt "
            + ", ".join(f"„{m}“" for m in missing)
            + "."
        )
    report.status = Report.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = cast(
        User, actor
    )  # safe: only signed-in users hold werkstatt.submit_report (require above)
    report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    municipality = report.process.municipality
    late = timezone.localdate(report.submitted_at) > report.due
    _audit(
        actor,
        report,
        "report.submit",
        f"Kurzbericht {report.year} eingereicht" + (" (nach der Frist)" if late else ""),
    )
    link = f"{base_url}/geschaeftsstelle/werkstatt/" if base_url else ""
    mail_on_commit(
        f"Kurzbericht {report.year} von {municipality} eingereicht",
        f"Guten Tag,\n\n{municipality} hat den Kurzbericht {report.year} eingereicht "
        f"(fällig am {fmt_date(report.due)}, eingereicht am {fmt_date(report.submitted_at)}"
        f" von {actor}).\n\n"
        + (f"Zur Übersicht der Geschäftsstelle: {link}\n\n" if link else "")
        + "Leuchtfeuer",
        office_emails(),
        fail_silently=False,
    )
    return report


@transaction.atomic
def report_review(*, actor: Actor, report: Report, accept: bool, comment: str = "") -> Report:
    """The programme office accepts a submitted Kurzbericht or returns it with a comment."""
    report = Report.objects.select_for_update().select_related("process__municipality").get(pk=report.pk)
    require(actor, "werkstatt.review_report", report)
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(
            f"Nur ein eingereichter Kurzbericht kann angenommen oder zurückgegeben werden "
            f"(Status: {report.get_status_display()})."
        )
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError({"comment": "Bitte schreiben Sie, was überarbeitet werden soll."})
    if len(comment) > 5000:
        raise ValidationError({"comment": "Die Rückmeldung ist zu lang (höchstens 5.000 Zeichen)."})
    report.office_comment = comment
    if accept:
        report.status = Report.Status.ACCEPTED
    else:
        # Back to the town: no longer counts as submitted (overdue again once the due date has passed).
        report.status = Report.Status.RETURNED
        report.submitted_at = None
        report.submitted_by = None
    report.reminder_sent_at = None
    report.save()
    municipality = report.process.municipality
    verb = "angenommen" if accept else "zur Überarbeitung zurückgegeben"
    _audit(actor, report, "report.accept" if accept else "report.return", f"Kurzbericht {report.year} {verb}")
    mail_on_commit(
        f"Kurzbericht {report.year}: {verb}",
        f"Guten Tag,\n\ndie Geschäftsstelle hat den Kurzbericht {report.year} von {municipality} {verb}."
        + (f"\n\nRückmeldung:\n{comment}" if comment else "")
        + "\n\nIhre Geschäftsstelle",
        coordinator_emails(municipality.pk),
        fail_silently=False,
    )
    return report


@transaction.atomic
def reports_schedule(*, actor: Actor, year: int, due: date) -> dict[str, int]:
    """The programme office sets the due date of the Kurzbericht `year` for every process that had
    begun by the end of that year: creates the missing reports and moves the due date of those not
    yet submitted. → {created, changed}."""
    if not actor.has_perm("werkstatt.schedule_reports"):
        raise PermissionDenied("Nur die Geschäftsstelle legt die Fristen der Kurzberichte fest.")
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": f"Das Berichtsjahr {year} ist nicht plausibel."})
    if due < date(year, 1, 1):
        raise ValidationError({"due": f"Die Frist {fmt_date(due)} liegt vor dem Berichtsjahr {year}."})
    created = changed = 0
    existing = {
        r.process_id: r
        for r in Report.objects.select_for_update().filter(year=year).select_related("process__municipality")
    }
    started = Process.objects.filter(started_on__lte=date(year, 12, 31))
    for process in started.select_related("municipality").order_by("pk"):
        report = existing.get(process.pk)
        if report is None:
            report = Report.objects.create(process=process, year=year, due=due)
            created += 1
            _audit(
                actor, report, "report.schedule", f"Kurzbericht {year} angelegt, fällig am {fmt_date(due)}"
            )
        elif report.due != due and report.status in EDITABLE_STATUSES:
            old = report.due
            report.due = due
            report.reminder_sent_at = None
            report.save(update_fields=["due", "reminder_sent_at", "updated_at"])
            changed += 1
            _audit(
                actor,
                report,
                "report.schedule",
                f"Frist des Kurzberichts {year} auf {fmt_date(due)} gesetzt",
                {"due": [old.isoformat(), due.isoformat()]},
            )
    return {"created": created, "changed": changed}


# ------------------------------------------------------------------------------- Zwischenbilanz
@transaction.atomic
def review_save(*, actor: Actor, process: Process, narrative: str, lessons_learned: str) -> Review:
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "review")
    review, _ = Review.objects.get_or_create(process=process)
    data = {
        "narrative": text_value(
            narrative, field="narrative", label="Bilanz", max_length=20000, required=False
        ),
        "lessons_learned": text_value(
            lessons_learned, field="lessons_learned", label="Lehren", max_length=20000, required=False
        ),
    }
    changes = field_changes(review, data)
    for key, value in data.items():
        setattr(review, key, value)
    review.updated_by = cast(
        User, actor
    )  # safe: only signed-in users hold werkstatt.edit_content (require above)
    review.save()
    if changes:
        audit(actor, process, "review.save", review, "Zwischenbilanz geändert", changes)
    return review
