"""Writes of an application: start, edit, attachments, submit, withdraw and the office's checks."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core import uploads
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.mail import mail_on_commit
from leuchtfeuer.core.permissions import require
from leuchtfeuer.funding.applications import selectors
from leuchtfeuer.funding.applications.models import Application, Attachment
from leuchtfeuer.funding.calls.models import Call, CallItem
from leuchtfeuer.funding.common import (
    MAX_UPLOAD_BYTES,
    UPLOAD_TYPES,
    local_time,
    money,
    parse_decimal,
)
from leuchtfeuer.funding.engine.selection import format_money
from leuchtfeuer.funding.programmes.models import ApplicantType
from leuchtfeuer.places.models import Municipality, Region


def _call_open(call: Call, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if call.status != Call.Status.PUBLISHED:
        raise ValidationError(
            f"Der Aufruf „{call.title}“ nimmt keine Anträge an (Status: {call.get_status_display()})."
        )
    if now > call.deadline:
        raise ValidationError(
            f"Die Einreichungsfrist für „{call.title}“ endete am {local_time(call.deadline)} (Serverzeit). "
            "Anträge können nicht mehr gestellt oder eingereicht werden."
        )


@transaction.atomic
def application_start(*, actor: Actor, call: Call, municipality: Municipality) -> Application:
    """A town's draft application; the data sheet is pre-filled from the Kommunalprofil."""
    require(actor, "funding.edit_application", municipality)
    if ApplicantType.KOMMUNE not in call.applicant_types:
        raise ValidationError(f"Kommunen sind in „{call.title}“ nicht antragsberechtigt.")
    _call_open(call)
    existing = Application.objects.filter(call=call, municipality=municipality).first()
    if existing is not None:
        return existing
    datasheet = selectors.datasheet_prefill(call, municipality.region)
    user = cast(User, actor)  # safe: only signed-in users hold funding.edit_application (require above)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call, applicant_type=ApplicantType.KOMMUNE, municipality=municipality, region=municipality.region,
                applicant_name=municipality.display_name, contact_email=municipality.contact_email or user.email,
                title="", created_by=user, datasheet=datasheet,
            )  # fmt: skip
    except IntegrityError:
        # A colleague started the same application a moment ago (one application per town and call).
        return Application.objects.get(call=call, municipality=municipality)
    audit_record(
        actor=actor, action="funding.application.start", target=application, municipality=municipality,
        summary=f"Antrag für {call.title} begonnen (Datenblatt aus dem Kommunalprofil vorausgefüllt)",
    )  # fmt: skip
    return application


@transaction.atomic
def application_start_short(
    *, actor: Actor, call: Call, applicant_type: str, applicant_name: str, region: Region | None, contact_email: str,
    title: str, summary: str, requested_amount: Decimal | int | str,
) -> Application:  # fmt: skip
    """A short-form application by an association or a person (micro-funding calls)."""
    require(actor, "funding.apply_short")
    if not call.short_form:
        raise ValidationError("Dieser Aufruf hat keinen Kurzantrag – Anträge stellt hier die Kommune.")
    if applicant_type not in call.applicant_types or applicant_type == ApplicantType.KOMMUNE:
        raise ValidationError(
            {"applicant_type": "Diese Gruppe ist in diesem Aufruf nicht antragsberechtigt."}
        )
    _call_open(call)
    name = " ".join((applicant_name or "").split())
    if not name:
        raise ValidationError({"applicant_name": "Bitte den Namen des Vereins oder Ihren Namen angeben."})
    if region is None or region.level != "gemeinde":
        raise ValidationError({"place": "Bitte den Ort (Gemeinde) des Vorhabens angeben."})
    if not (title or "").strip():
        raise ValidationError({"title": "Bitte einen Titel für das Vorhaben angeben."})
    # money() without allow_none raises instead of returning None
    amount = cast(Decimal, money(requested_amount, "requested_amount", "Beantragte Summe"))
    user = cast(User, actor)  # safe: only signed-in users hold funding.apply_short (require above)
    if call.max_request is not None and amount > call.max_request:
        raise ValidationError({"requested_amount": f"Höchstens {format_money(call.max_request)} je Antrag."})
    application = Application.objects.create(
        call=call, applicant_type=applicant_type, region=region, applicant_name=name,
        contact_email=(contact_email or user.email).strip().lower(), title=title.strip(), summary=(summary or "").strip(),
        requested_amount=amount, created_by=user,
    )  # fmt: skip
    audit_record(
        actor=actor,
        action="funding.application.start",
        target=application,
        summary=f"Kurzantrag für {call.title} angelegt",
    )
    return application


def _editable(actor: Actor, application: Application) -> None:
    if application.municipality_id is not None:
        require(actor, "funding.edit_application", application)
    elif application.created_by_id != actor.pk:
        raise PermissionDenied("Dieser Antrag gehört nicht zu Ihrem Konto.")
    if application.status != Application.Status.DRAFT:
        raise ValidationError("Der Antrag ist bereits eingereicht und kann nicht mehr geändert werden.")


@transaction.atomic
def application_update(*, actor: Actor, application: Application, data: dict[str, Any]) -> Application:
    """Save a draft (nothing is required yet; the 'what is missing' list tells what is left)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _editable(actor, application)
    call = application.call
    items = {str(i.pk): i for i in call.items.all()}
    update: dict[str, Any] = {}
    for key in ("title", "summary"):
        if key in data:
            update[key] = (data[key] or "").strip()
    if "title" in update and len(update["title"]) > 200:
        raise ValidationError({"title": "Der Titel ist zu lang (höchstens 200 Zeichen)."})
    if data.get("contact_email"):
        update["contact_email"] = data["contact_email"].strip().lower()
    if "requested_amount" in data:
        update["requested_amount"] = money(
            data["requested_amount"], "requested_amount", "Beantragte Summe", allow_none=True
        )
        if update["requested_amount"] and call.max_request and update["requested_amount"] > call.max_request:
            raise ValidationError(
                {"requested_amount": f"Höchstens {format_money(call.max_request)} je Antrag."}
            )
    if "grw_area" in data:
        update["grw_area"] = bool(data["grw_area"])
    for key, kind in (
        ("answers", CallItem.Kind.QUESTION),
        ("favourable", CallItem.Kind.FAVOURABLE),
        ("prerequisites", CallItem.Kind.PREREQUISITE),
        ("datasheet", CallItem.Kind.DATASHEET),
    ):
        if key not in data:
            continue
        unknown = [k for k in data[key] if k not in items or items[k].kind != kind]
        if unknown:
            raise ValidationError(f"Unbekannte Felder im Antrag: {', '.join(unknown)}.")
        merged = dict(getattr(application, key) or {})
        for item_id, value in data[key].items():
            if key == "datasheet":
                old = merged.get(item_id) or {}
                value = str(value if value is not None else "").strip()
                item = items[item_id]
                if value and item.field_type == CallItem.FieldType.NUMBER:
                    try:
                        parse_decimal(value)
                    except InvalidOperation as exc:
                        raise ValidationError(
                            f"Datenblatt „{item.label}“: „{value}“ ist keine Zahl."
                        ) from exc
                if value != old.get("value"):
                    merged[item_id] = {
                        "value": value,
                        "source": "Angabe der Antragstellenden",
                        "prefilled": False,
                    }
            else:
                merged[item_id] = value
        update[key] = merged  # fmt: skip
    changes = field_changes(
        application,
        {k: v for k, v in update.items() if k not in ("answers", "datasheet", "prerequisites", "favourable")},
    )
    for key, value in update.items():
        setattr(application, key, value)
    application.save()
    audit_record(
        actor=actor, action="funding.application.update", target=application, municipality=application.municipality,
        summary=f"Antragsentwurf „{application.title or call.title}“ gespeichert", changes=changes,
    )  # fmt: skip
    return application


@transaction.atomic
def attachment_add(
    *, actor: Actor, application: Application, item: CallItem, upload: UploadedFile
) -> Attachment:
    application = Application.objects.select_for_update().get(pk=application.pk)
    _editable(actor, application)
    if item.call_id != application.call_id or item.kind != CallItem.Kind.ATTACHMENT:
        raise ValidationError({"item": "Diese Anlage gehört nicht zu diesem Aufruf."})
    file_type, name = uploads.check_upload(
        upload, allowed=UPLOAD_TYPES, max_bytes=MAX_UPLOAD_BYTES, field="file"
    )
    attachment = Attachment(
        application=application,
        item=item,
        original_name=name,
        content_type=file_type.content_type,
        size=cast(int, upload.size),  # an uploaded file always has its size
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{file_type.extension}", upload, save=False)
    attachment.save()
    audit_record(actor=actor, action="funding.application.attach", target=application, municipality=application.municipality,
                 summary=f"Anlage „{item.label}“ hochgeladen: {attachment.original_name}")  # fmt: skip
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Actor, attachment: Attachment) -> None:
    _editable(actor, Application.objects.select_for_update().get(pk=attachment.application_id))
    audit_record(actor=actor, action="funding.application.detach", target=attachment.application,
                 municipality=attachment.application.municipality, summary=f"Anlage entfernt: {attachment.original_name}")  # fmt: skip
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def application_submit(*, actor: Actor, application: Application, now: datetime | None = None) -> Application:
    """Submit before the deadline (server time); late or incomplete applications are refused."""
    now = now or timezone.now()
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if application.municipality_id is not None:
        require(actor, "funding.submit_application", application)
    elif application.created_by_id != actor.pk:
        raise PermissionDenied("Dieser Antrag gehört nicht zu Ihrem Konto.")
    if application.status != Application.Status.DRAFT:
        raise ValidationError("Der Antrag ist bereits eingereicht.")
    call = application.call
    if now > call.deadline:
        raise ValidationError(
            f"Zu spät: Die Einreichungsfrist endete am {local_time(call.deadline)} (Serverzeit). Es ist jetzt {local_time(now)}. "
            "Ihr Antrag wurde nicht eingereicht und bleibt als Entwurf gespeichert."
        )
    if call.status != Call.Status.PUBLISHED:
        raise ValidationError(f"Der Aufruf nimmt keine Anträge an (Status: {call.get_status_display()}).")
    missing = selectors.application_missing(application)
    if missing:
        raise ValidationError(["Der Antrag ist noch nicht vollständig:", *missing])
    application.status = Application.Status.SUBMITTED
    application.submitted_at = now
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(actor=actor, action="funding.application.submit", target=application, municipality=application.municipality,
                 summary=f"Antrag „{application.title}“ für {call.title} eingereicht")  # fmt: skip
    mail_on_commit(
        f"Eingangsbestätigung: {call.title}",
        f"Guten Tag,\n\nIhr Antrag „{application.title}“ ({application.applicant_name}) ist am {local_time(now)} "
        f"fristgerecht eingegangen.\n\nIhre Geschäftsstelle",
        [application.contact_email],
    )
    return application


@transaction.atomic
def application_withdraw(*, actor: Actor, application: Application) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.municipality_id is not None:
        require(actor, "funding.submit_application", application)
    elif application.created_by_id != actor.pk:
        raise PermissionDenied("Dieser Antrag gehört nicht zu Ihrem Konto.")
    if application.status not in (Application.Status.DRAFT, Application.Status.SUBMITTED):
        raise ValidationError(
            "Über den Antrag ist schon entschieden – er kann nicht mehr zurückgezogen werden."
        )
    application.status = Application.Status.WITHDRAWN
    application.submitted_at = application.submitted_at or timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(actor=actor, action="funding.application.withdraw", target=application, municipality=application.municipality,
                 summary=f"Antrag „{application.title}“ zurückgezogen")  # fmt: skip
    return application


@transaction.atomic
def application_check_prerequisites(
    *, actor: Actor, application: Application, checks: dict[str, dict[str, Any]]
) -> Application:
    """The office records, per mandatory prerequisite, whether the evidence shows it is met."""
    require(actor, "funding.manage")
    application = Application.objects.select_for_update().get(pk=application.pk)
    valid = {str(i.pk) for i in application.call.items.filter(kind=CallItem.Kind.PREREQUISITE)}
    unknown = set(checks) - valid
    if unknown:
        raise ValidationError("Unbekannte Voraussetzungen in der Prüfung.")
    merged = dict(application.prerequisite_check or {})
    for key, value in checks.items():
        met = value.get("met")
        if met is False and not (value.get("note") or "").strip():
            raise ValidationError("Bitte begründen Sie, warum eine Voraussetzung nicht erfüllt ist.")
        # safe cast: only signed-in staff hold funding.manage (require above)
        merged[key] = {"met": met, "note": (value.get("note") or "").strip(), "by": cast(User, actor).email}
    application.prerequisite_check = merged
    application.save(update_fields=["prerequisite_check", "updated_at"])
    audit_record(actor=actor, action="funding.application.check", target=application, municipality=application.municipality,
                 summary="Voraussetzungen geprüft", changes={"prerequisite_check": [None, str(merged)]})  # fmt: skip
    return application


@transaction.atomic
def application_set_lock(
    *, actor: Actor, application: Application, lock: str, reason: str = ""
) -> Application:
    require(actor, "funding.manage")
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if lock not in Application.Lock.values:
        raise ValidationError({"lock": "Unbekannte Auswahl."})
    if lock and not reason.strip():
        raise ValidationError(
            {"reason": "Bitte begründen Sie, warum der Antrag fest ausgewählt oder ausgeschlossen wird."}
        )
    if application.call.status == Call.Status.DECIDED:
        raise ValidationError("Über den Aufruf ist schon entschieden.")
    changes = field_changes(application, {"lock": lock, "lock_reason": reason.strip()})
    application.lock = lock
    application.lock_reason = reason.strip() if lock else ""
    application.save(update_fields=["lock", "lock_reason", "updated_at"])
    audit_record(actor=actor, action="funding.application.lock", target=application, municipality=application.municipality,
                 summary=f"Auswahl für {application.applicant_name}: {application.get_lock_display()}", changes=changes)  # fmt: skip
    return application
