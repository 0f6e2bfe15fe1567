"""The Erhebungsbogen and the case (Fall) it becomes: confirmation, stages, notes, tasks, e-mails
and reminders of the Lots:in's workspace.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, cast

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leuchtfeuer.accounts.models import Membership, Role, User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.core.permissions import require
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.portal import consent as consent_texts
from leuchtfeuer.portal.models import (
    DECIDED_STAGES,
    Case,
    CaseEmail,
    CaseNote,
    CaseTask,
    Consent,
    EventRegistration,
    Inquiry,
    InquiryStat,
    Portal,
    Stage,
)
from leuchtfeuer.portal.shared import (
    add_months,
    clean_email,
    consent_record,
    load_signed,
    notify_lotsen,
    send_on_commit,
)

CONFIRM_SALT = "leuchtfeuer.portal.inquiry-confirm"
CONFIRM_MAX_AGE = timedelta(days=7)

# ---------------------------------------------------------------------------------------------
# Erhebungsbogen → case
# ---------------------------------------------------------------------------------------------

INQUIRY_FIELDS = (
    "name",
    "phone",
    "life_phase",
    "is_returnee",
    "job_field",
    "partner_job_field",
    "housing_type",
    "needs_kita",
    "needs_school",
    "wants_trial",
    "ortsteil",
    "timeframe",
    "origin",
    "origin_place",
    "message",
    "interests",
)


def confirm_token(inquiry: Inquiry) -> str:
    return signing.dumps({"i": inquiry.pk, "e": inquiry.email}, salt=CONFIRM_SALT, compress=True)


@transaction.atomic
def inquiry_submit(
    *, municipality: Municipality, email: str, data: dict[str, Any], consent_given: bool, base_url: str
) -> Inquiry:
    """Store an unconfirmed inquiry with its consent and mail the double-opt-in link."""
    email = clean_email(email)
    data = {k: data[k] for k in INQUIRY_FIELDS if k in data}
    if not (data.get("name") or "").strip():
        raise ValidationError({"name": _("Bitte geben Sie Ihren Namen an.")})
    ortsteil = data.get("ortsteil")
    if ortsteil is not None and ortsteil.municipality_id != municipality.pk:
        raise ValidationError({"ortsteil": _("Dieser Ortsteil gehört nicht zu dieser Kommune.")})
    consent = consent_record(email=email, text=consent_texts.INQUIRY, given=consent_given)
    inquiry = Inquiry.objects.create(municipality=municipality, email=email, consent=consent, **data)
    audit_record(
        actor=None,
        action="inquiry.submit",
        target=inquiry,
        municipality=municipality,
        summary=f"Erhebungsbogen #{inquiry.pk} eingegangen (unbestätigt)",
    )
    inquiry_send_confirmation(
        inquiry=inquiry,
        base_url=base_url,
        subject=translation.gettext("Bitte bestätigen Sie Ihre Anfrage an %(town)s"),
        body=translation.gettext(
            "Guten Tag %(name)s,\n\nSie haben über das Portal von %(town)s einen Erhebungsbogen geschickt. "
            "Bitte bestätigen Sie innerhalb von 7 Tagen, dass die Anfrage von Ihnen stammt:\n\n%(link)s\n\n"
            "Erst nach der Bestätigung sieht die Lotsin oder der Lotse Ihre Angaben. Ohne Bestätigung "
            "werden sie nach 7 Tagen gelöscht. Wenn Sie nichts geschickt haben, ignorieren Sie diese E-Mail.\n"
        ),
    )
    return inquiry


def inquiry_send_confirmation(*, inquiry: Inquiry, base_url: str, subject: str, body: str) -> None:
    """Mail the double-opt-in link of an unconfirmed inquiry (after commit). `subject` and `body`
    are the caller's (translated) wording with the placeholders %(town)s, %(name)s and %(link)s."""
    town = inquiry.municipality.display_name
    link = base_url + reverse("portal:inquiry-confirm", args=[confirm_token(inquiry)])
    send_on_commit(
        subject % {"town": town},
        body % {"name": inquiry.name, "town": town, "link": link},
        [inquiry.email],
    )


def _inquiry_from_token(token: str) -> Inquiry:
    payload = load_signed(
        token,
        salt=CONFIRM_SALT,
        max_age=CONFIRM_MAX_AGE,
        expired=_("Der Bestätigungslink ist abgelaufen (gültig 7 Tage). Bitte senden Sie den Bogen neu."),
        invalid=_("Der Bestätigungslink ist ungültig. Bitte kopieren Sie ihn vollständig aus der E-Mail."),
    )
    inquiry = (
        Inquiry.objects.select_related("municipality", "consent")
        .filter(
            pk=cast(int, payload.get("i")), email=payload.get("e")
        )  # signed by confirm_token: "i" is an int
        .first()
    )
    if inquiry is None:
        raise ValidationError(_("Diese Anfrage gibt es nicht mehr (sie wurde gelöscht)."))
    return inquiry


def inquiry_for_token(token: str) -> Inquiry:
    return _inquiry_from_token(token)


def _first_lotse(municipality: Municipality) -> User | None:
    ms = (
        Membership.objects.filter(municipality=municipality, role=Role.LOTSE)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return ms.user if ms else None


@transaction.atomic
def inquiry_confirm(*, token: str, base_url: str = "") -> Case:
    """Double opt-in: the signed link confirms the inquiry and opens the case (idempotent)."""
    inquiry = _inquiry_from_token(token)
    inquiry = Inquiry.objects.select_for_update().select_related("municipality", "consent").get(pk=inquiry.pk)
    existing = Case.objects.filter(inquiry=inquiry).first()
    if existing is not None:
        return existing
    now = timezone.now()
    inquiry.confirmed_at = now
    inquiry.save(update_fields=["confirmed_at"])
    Consent.objects.filter(pk=inquiry.consent_id).update(confirmed_at=now)
    municipality = inquiry.municipality
    case = Case.objects.create(
        municipality=municipality,
        inquiry=inquiry,
        lotse=_first_lotse(municipality),
        opened_at=now,
        stage_changed_at=now,
        last_activity_at=now,
        retain_until=add_months(now, inquiry.consent.retention_months),
    )
    # Registrations whose contact opt-in waited for this address to be confirmed (an inquiry from
    # an event registration): the case they asked for is this one.
    linked = EventRegistration.objects.filter(
        event__municipality=municipality, email=inquiry.email, contact_opt_in=True, case__isnull=True
    ).update(case=case)
    InquiryStat.objects.create(
        municipality=municipality,
        case=case,
        month=now.date().replace(day=1),
        life_phase=inquiry.life_phase,
        needs=inquiry.needs,
        origin=inquiry.origin,
        is_returnee=inquiry.is_returnee,
        outcome=Stage.NEW,
    )
    audit_record(
        actor=None,
        action="case.open",
        target=case,
        municipality=municipality,
        summary=f"Fall #{case.pk} eröffnet (Erhebungsbogen #{inquiry.pk} bestätigt)"
        + (f", {linked} Veranstaltungsanmeldung(en) zugeordnet" if linked else ""),
    )
    link = base_url + reverse("portal:case-detail", args=[municipality.slug, case.pk])
    notify_lotsen(
        municipality,
        f"Neuer Fall #{case.pk}",
        f"ein Erhebungsbogen wurde bestätigt. Der Fall #{case.pk} wartet auf Sie:\n{link}",
    )
    return case


def case_access(*, actor: Actor, case: Case, purpose: str = "angesehen") -> Case:
    """Authorise and log every access to a case (who, when, what)."""
    require(actor, "portal.view_case", case)
    audit_record(
        actor=actor,
        action="case.view",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk} {purpose}",
    )
    return case


def _touch(case: Case, now: datetime) -> None:
    case.last_activity_at = now
    case.retain_until = add_months(now, case.inquiry.consent.retention_months)


@transaction.atomic
def case_set_stage(*, actor: Actor, case: Case, stage: str, note: str = "") -> Case:
    require(actor, "portal.change_case", case)
    if stage not in Stage.values:
        raise ValidationError({"stage": "Bitte wählen Sie einen gültigen Stand."})
    case = Case.objects.select_for_update().select_related("inquiry__consent", "municipality").get(pk=case.pk)
    old = case.stage
    if old == stage:
        return case
    now = timezone.now()
    case.stage = stage
    case.stage_changed_at = now
    case.decided_at = now if stage in DECIDED_STAGES else None
    _touch(case, now)
    case.save()
    days = (now - case.opened_at).days if stage in DECIDED_STAGES else None
    InquiryStat.objects.filter(case=case).update(outcome=stage, days_to_decision=days)
    if note.strip():
        CaseNote.objects.create(
            case=case, author=cast(User, actor), text=note.strip()
        )  # safe: only signed-in users hold portal.change_case (require above)
    audit_record(
        actor=actor,
        action="case.stage",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk}: {Stage(old).label} → {Stage(stage).label}",
        changes={"stage": [old, stage]},
    )
    return case


@transaction.atomic
def case_assign(*, actor: Actor, case: Case, lotse: User | None) -> Case:
    """Hand a case to another Lotse or coordinator of the same town."""
    require(actor, "portal.change_case", case)
    if lotse is None or not lotse.has_perm("portal.view_case", case.municipality):
        raise ValidationError(
            {"lotse": "Zuständig kann nur eine Lotsin, ein Lotse oder die Koordination dieser Kommune sein."}
        )
    old = case.lotse
    if old == lotse:
        return case
    case.lotse = lotse
    case.save(update_fields=["lotse"])
    audit_record(
        actor=actor,
        action="case.assign",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk}: zuständig jetzt {lotse.name or lotse.email}",
        changes={"lotse": [str(old) if old else None, str(lotse)]},
    )
    return case


@transaction.atomic
def case_add_note(*, actor: Actor, case: Case, text: str) -> CaseNote:
    require(actor, "portal.change_case", case)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Die Notiz ist leer."})
    note = CaseNote.objects.create(
        case=case, author=cast(User, actor), text=text
    )  # safe: only signed-in users hold portal.change_case (require above)
    _touch(case, timezone.now())
    case.save(update_fields=["last_activity_at", "retain_until"])
    audit_record(
        actor=actor,
        action="case.note",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk}: Notiz hinzugefügt",
    )
    return note


@transaction.atomic
def case_add_task(*, actor: Actor, case: Case, title: str, due_on: date) -> CaseTask:
    require(actor, "portal.change_case", case)
    if not (title or "").strip():
        raise ValidationError({"title": "Bitte beschreiben Sie die Aufgabe."})
    if due_on is None:
        raise ValidationError({"due_on": "Bitte geben Sie ein Fälligkeitsdatum an."})
    task = CaseTask.objects.create(
        case=case,
        title=title.strip(),
        due_on=due_on,
        assignee=case.lotse
        or cast(User, actor),  # safe: only signed-in users hold portal.change_case (require above)
    )
    audit_record(
        actor=actor,
        action="case.task",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk}: Aufgabe bis {date_format(due_on, 'd.m.Y')} angelegt",
    )
    return task


@transaction.atomic
def case_complete_task(*, actor: Actor, task: CaseTask) -> CaseTask:
    require(actor, "portal.change_case", task.case)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        audit_record(
            actor=actor,
            action="case.task_done",
            target=task.case,
            municipality=task.case.municipality,
            summary=f"Fall #{task.case_id}: Aufgabe erledigt",
        )
    return task


@transaction.atomic
def case_send_email(*, actor: Actor, case: Case, subject: str, body: str) -> CaseEmail:
    """An e-mail from the platform to the person; replies go to the Lotse."""
    require(actor, "portal.change_case", case)
    subject, body = (subject or "").strip(), (body or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = "Bitte geben Sie einen Betreff an."
    if not body:
        errors["body"] = "Die Nachricht ist leer."
    if errors:
        raise ValidationError(errors)
    sender = cast(User, actor)  # safe: only signed-in users hold portal.change_case (require above)
    mail = CaseEmail.objects.create(case=case, sender=sender, subject=subject[:200], body=body)
    _touch(case, timezone.now())
    case.save(update_fields=["last_activity_at", "retain_until"])
    portal = Portal.objects.filter(municipality=case.municipality).first()
    reply_to = [portal.contact_email] if portal and portal.contact_email else [sender.email]
    footer = (
        f"\n\n--\n{sender.name or sender.email}, {case.municipality.display_name}\n"
        "Ihre Daten einsehen, herunterladen oder löschen: über „Meine Daten“ im Portal."
    )
    send_on_commit(subject, body + footer, [case.inquiry.email], reply_to)
    audit_record(
        actor=actor,
        action="case.email",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk}: E-Mail an die Person gesendet",
    )
    return mail


def send_due_reminders(*, today: date | None = None) -> int:
    """Mail each open task due today or earlier once to its assignee (for `portal-reminders`)."""
    today = today or timezone.localdate()
    sent = 0
    tasks = CaseTask.objects.filter(
        done_at__isnull=True, reminded_at__isnull=True, due_on__lte=today, assignee__isnull=False
    ).select_related("assignee", "case__municipality")
    for task in tasks:
        with transaction.atomic():
            updated = CaseTask.objects.filter(pk=task.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not updated:
                continue
            send_on_commit(
                f"Erinnerung: Aufgabe zu Fall #{task.case_id} fällig",
                f"Guten Tag,\n\ndie Aufgabe „{task.title}“ zu Fall #{task.case_id} in "
                f"{task.case.municipality.display_name} ist am {date_format(task.due_on, 'd.m.Y')} fällig.\n",
                [cast(User, task.assignee).email],  # assignee__isnull=False above
            )
            sent += 1
    return sent
