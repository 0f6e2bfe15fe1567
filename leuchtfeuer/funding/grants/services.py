"""Writes of a grant: budget lines, expense claims (Mittelabruf), year-end closing, report reminders."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from leuchtfeuer.accounts.models import Membership, Role, User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core import uploads
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.core.mail import mail_on_commit
from leuchtfeuer.core.permissions import require
from leuchtfeuer.funding.calls.models import Call
from leuchtfeuer.funding.common import (
    MAX_UPLOAD_BYTES,
    UPLOAD_TYPES,
    ZERO,
    money,
)
from leuchtfeuer.funding.engine.selection import format_money
from leuchtfeuer.funding.grants import selectors
from leuchtfeuer.funding.grants.models import BudgetLine, ExpenseClaim, Grant, ReportReminder

SEED_001 = "Bekanntmachung „Zukunftswerkstatt Kommunen – Attraktiv im Wandel“, Abschnitt 4 Leistungen"
RULE_CONSTRUCTION = f"„Bau und Investitionsvorhaben sind nicht förderfähig.“ ({SEED_001})"
RULE_STAFF = (
    "„Personalkosten, die bereits aus dem öffentlichen Haushalt gedeckt sind, werden ebenfalls nicht "
    f"übernommen.“ ({SEED_001})"
)
LINE_COST_TYPES: dict[str, set[str]] = {
    BudgetLine.Category.CONSULTING: {ExpenseClaim.CostType.CONSULTING},
    BudgetLine.Category.MATERIAL: {
        ExpenseClaim.CostType.PUBLICITY,
        ExpenseClaim.CostType.EVENT,
        ExpenseClaim.CostType.MATERIAL,
    },
    BudgetLine.Category.PROJECT: {
        ExpenseClaim.CostType.CONSULTING,
        ExpenseClaim.CostType.PUBLICITY,
        ExpenseClaim.CostType.EVENT,
        ExpenseClaim.CostType.MATERIAL,
        ExpenseClaim.CostType.STAFF,
    },
}


def budget_lines_for(call: Call, amount: Decimal) -> list[tuple[int, str, Decimal]]:
    """Lines (year, category, amount) for a granted amount: year by year, consulting then material,
    each up to the call's yearly cap; without caps one project line in the first year."""
    if call.consulting_cap is None and call.material_cap is None:
        return [(call.first_year, BudgetLine.Category.PROJECT, amount)]
    rest = amount
    lines: list[tuple[int, str, Decimal]] = []
    for year in range(call.first_year, call.last_year + 1):
        for category, cap in (
            (BudgetLine.Category.CONSULTING, call.consulting_cap),
            (BudgetLine.Category.MATERIAL, call.material_cap),
        ):
            if cap is None or rest <= 0:
                continue
            part = min(cap, rest)
            lines.append((year, category, part))
            rest -= part
    return lines  # fmt: skip


@transaction.atomic
def budget_line_set(*, actor: Actor, grant: Grant, year: int, category: str, amount: Any) -> BudgetLine:
    require(actor, "funding.manage")
    call = grant.call
    amount = money(amount, "amount", "Budgetposten")
    if not call.first_year <= year <= call.last_year:
        raise ValidationError({"year": f"Gefördert wird von {call.first_year} bis {call.last_year}."})
    caps: dict[str, Decimal | None] = {
        BudgetLine.Category.CONSULTING: call.consulting_cap,
        BudgetLine.Category.MATERIAL: call.material_cap,
    }
    cap = caps.get(category)
    if category not in BudgetLine.Category.values:
        raise ValidationError({"category": "Unbekannter Budgetposten."})
    line = BudgetLine.objects.select_for_update().filter(grant=grant, year=year, category=category).first()
    carried = line.carried_over if line else ZERO
    if cap is not None and amount - carried > cap:
        raise ValidationError(
            {
                "amount": f"{BudgetLine.Category(category).label}: höchstens {format_money(cap)} je Jahr (laut Aufruf)."
            }
        )
    if line is not None:
        if line.closed_at:
            raise ValidationError(f"Das Jahr {year} ist abgeschlossen.")
        used = (
            line.claims.exclude(status=ExpenseClaim.Status.REJECTED).aggregate(s=Sum("amount"))["s"] or ZERO
        )
        if amount < used:
            raise ValidationError(
                {
                    "amount": f"Es sind schon {format_money(used)} abgerufen – der Posten kann nicht kleiner werden."
                }
            )
        old = line.amount
        line.amount = amount
        line.save(update_fields=["amount"])
    else:
        old = None
        line = BudgetLine.objects.create(grant=grant, year=year, category=category, amount=amount)
    audit_record(actor=actor, action="funding.budget.set", target=grant, municipality=grant.municipality,
                 summary=f"{line} auf {format_money(amount)} gesetzt", changes={"amount": [str(old) if old is not None else None, str(amount)]})  # fmt: skip
    return line


def _remaining(line: BudgetLine) -> Decimal:
    used = line.claims.exclude(status=ExpenseClaim.Status.REJECTED).aggregate(s=Sum("amount"))["s"] or ZERO
    return line.amount - used - line.lapsed - line.transferred


@transaction.atomic
def claim_submit(
    *, actor: Actor, line: BudgetLine, amount: Any, cost_type: str, description: str, spent_on: date, receipt: UploadedFile,
    staff_publicly_funded: bool = False,
) -> ExpenseClaim:  # fmt: skip
    """An expense claim with its receipt; refused with the rule for ineligible categories."""
    grant = line.grant
    if grant.municipality_id is not None:
        require(actor, "funding.claim_expense", grant)
    elif grant.application.created_by_id != actor.pk:
        raise PermissionDenied("Diese Zuwendung gehört nicht zu Ihrem Konto.")
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    if cost_type in (ExpenseClaim.CostType.CONSTRUCTION, ExpenseClaim.CostType.INVESTMENT):
        raise ValidationError({"cost_type": f"Nicht förderfähig: {RULE_CONSTRUCTION}"})
    if cost_type == ExpenseClaim.CostType.STAFF and staff_publicly_funded:
        raise ValidationError({"cost_type": f"Nicht förderfähig: {RULE_STAFF}"})
    if cost_type not in ExpenseClaim.CostType.values:
        raise ValidationError({"cost_type": "Bitte eine Kostenart wählen."})
    if cost_type not in LINE_COST_TYPES[line.category]:
        allowed = ", ".join(ExpenseClaim.CostType(c).label for c in sorted(LINE_COST_TYPES[line.category]))
        raise ValidationError(
            {"cost_type": f"Aus dem Posten „{line.get_category_display()}“ sind nur abrechenbar: {allowed}."}
        )
    description = " ".join((description or "").split())
    if not description:
        raise ValidationError({"description": "Bitte beschreiben Sie, wofür das Geld ausgegeben wurde."})
    if line.closed_at:
        raise ValidationError(
            f"Das Förderjahr {line.year} ist abgeschlossen – es können keine Belege mehr eingereicht werden."
        )
    if spent_on is None or spent_on.year != line.year:
        raise ValidationError({"spent_on": f"Das Rechnungsdatum muss im Förderjahr {line.year} liegen."})
    if spent_on > timezone.localdate():
        raise ValidationError({"spent_on": "Das Rechnungsdatum liegt in der Zukunft."})
    amount = money(amount, "amount", "Betrag")
    remaining = _remaining(line)
    if amount > remaining:
        raise ValidationError(
            {
                "amount": f"Im Posten „{line}“ sind nur noch {format_money(remaining)} frei (beantragt: {format_money(amount)})."
            }
        )
    file_type, name = uploads.check_upload(
        receipt, allowed=UPLOAD_TYPES, max_bytes=MAX_UPLOAD_BYTES, field="receipt"
    )
    claim = ExpenseClaim(
        budget_line=line, amount=amount, cost_type=cost_type, description=description[:300], spent_on=spent_on,
        staff_publicly_funded=bool(staff_publicly_funded), receipt_name=name, receipt_type=file_type.content_type,
        # casts: an upload always has its size; the actor holds claim_expense or owns the application (signed in)
        receipt_size=cast(int, receipt.size), submitted_by=cast(User, actor),
    )  # fmt: skip
    claim.receipt.save(f"{uuid.uuid4().hex}.{file_type.extension}", receipt, save=False)
    claim.save()
    audit_record(actor=actor, action="funding.claim.submit", target=claim, municipality=grant.municipality,
                 summary=f"Mittelabruf {format_money(amount)} aus {line}: {description[:120]}")  # fmt: skip
    return claim


@transaction.atomic
def claim_decide(*, actor: Actor, claim: ExpenseClaim, approve: bool, note: str = "") -> ExpenseClaim:
    require(actor, "funding.approve_claim")
    claim = (
        ExpenseClaim.objects.select_for_update()
        .select_related("budget_line", "budget_line__grant")
        .get(pk=claim.pk)
    )
    if claim.status != ExpenseClaim.Status.SUBMITTED:
        raise ValidationError("Über diesen Mittelabruf ist schon entschieden.")
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": "Bitte begründen Sie die Ablehnung."})
    if claim.budget_line.closed_at:
        raise ValidationError("Das Förderjahr ist abgeschlossen.")
    claim.status = ExpenseClaim.Status.APPROVED if approve else ExpenseClaim.Status.REJECTED
    claim.decided_by = cast(
        User, actor
    )  # safe: only signed-in staff hold funding.approve_claim (require above)
    claim.decided_at = timezone.now()
    claim.decision_note = note[:500]
    claim.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    grant = claim.budget_line.grant
    audit_record(actor=actor, action="funding.claim.decide", target=claim, municipality=grant.municipality,
                 summary=f"Mittelabruf {format_money(claim.amount)} {claim.get_status_display()}")  # fmt: skip
    if claim.submitted_by is not None:
        mail_on_commit(
            f"Mittelabruf {claim.get_status_display()}",
            f"Guten Tag,\n\nIhr Mittelabruf „{claim.description}“ über {format_money(claim.amount)} wurde "
            f"{claim.get_status_display()}.{' Begründung: ' + note if note else ''}\n",
            [claim.submitted_by.email],
        )
    return claim


@transaction.atomic
def budget_year_close(*, actor: Actor, grant: Grant, year: int) -> list[BudgetLine]:
    """Year-end: every claim must be decided; what is left lapses or (if the call allows) carries over."""
    require(actor, "funding.manage")
    lines = list(BudgetLine.objects.select_for_update().filter(grant=grant, year=year))
    if not lines:
        raise ValidationError(f"Für {year} gibt es keine Budgetposten.")
    if any(line.closed_at for line in lines):
        raise ValidationError(f"Das Jahr {year} ist bereits abgeschlossen.")
    pending = ExpenseClaim.objects.filter(budget_line__in=lines, status=ExpenseClaim.Status.SUBMITTED).count()
    if pending:
        raise ValidationError(
            f"Es sind noch {pending} Mittelabrufe aus {year} offen – bitte zuerst entscheiden."
        )
    call = grant.call
    now = timezone.now()
    for line in lines:
        rest = _remaining(line)
        if rest > 0 and call.carry_over and year < call.last_year:
            nxt = (
                BudgetLine.objects.select_for_update()
                .filter(grant=grant, year=year + 1, category=line.category)
                .first()
            )
            if nxt is None:
                BudgetLine.objects.create(
                    grant=grant, year=year + 1, category=line.category, amount=rest, carried_over=rest
                )
            else:
                nxt.amount += rest
                nxt.carried_over += rest
                nxt.save(update_fields=["amount", "carried_over"])
            line.lapsed = ZERO
            line.transferred = rest
        else:
            line.lapsed = max(rest, ZERO)
        line.closed_at = now
        line.save(update_fields=["lapsed", "transferred", "closed_at"])
    audit_record(actor=actor, action="funding.budget.close_year", target=grant, municipality=grant.municipality,
                 summary=f"Jahresabschluss {year}: " + ", ".join(f"{line.get_category_display()} verfallen {format_money(line.lapsed)}" for line in lines))  # fmt: skip
    return lines


def report_reminders_send(*, today: date | None = None, days_before: int = 14) -> int:
    """E-mail the coordinators of funded towns before the Kurzbericht is due and when it is overdue.
    Each reminder is sent once (recorded); returns how many were sent. Reports the Werkstatt part
    already schedules are left to its own reminders (no double e-mails)."""
    today = today or timezone.localdate()
    sent = 0
    for row in selectors.report_rows(today=today):
        if row.submitted is not None or row.tracked_by_werkstatt:
            continue  # submitted, or the Werkstatt part reminds of its own scheduled report
        days = (row.due - today).days
        if 0 <= days <= days_before:
            kind = ReportReminder.Kind.UPCOMING
        elif days < 0:
            kind = ReportReminder.Kind.OVERDUE
        else:
            continue
        with transaction.atomic():
            reminder, created = ReportReminder.objects.get_or_create(
                grant=row.grant, year=row.year, kind=kind
            )
            if not created:
                continue
            emails = list(
                Membership.objects.filter(
                    municipality=row.grant.municipality, role=Role.KOORDINATION
                ).values_list("user__email", flat=True)
            )
            reminder.recipients = len(emails)
            reminder.save(update_fields=["recipients"])
            when = (
                f"ist am {row.due:%d.%m.%Y} fällig"
                if kind == ReportReminder.Kind.UPCOMING
                else f"war am {row.due:%d.%m.%Y} fällig und fehlt noch"
            )
            mail_on_commit(
                f"Kurzbericht {row.year}: {row.grant.call.title}",
                f"Guten Tag,\n\nder jährliche Kurzbericht {row.year} für „{row.grant.call.title}“ {when}. "
                "Sie schreiben ihn in Leuchtfeuer im Bereich Werkstatt.\n\nIhre Geschäftsstelle",
                emails,
            )
            sent += 1
    return sent  # fmt: skip
