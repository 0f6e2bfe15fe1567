"""The network: directory (profiles, contacts), tandems, Hospitationen and events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core import taxonomy
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.permissions import require
from leuchtfeuer.knowledge.mail import office_emails, send_after_commit, town_staff_emails
from leuchtfeuer.knowledge.models import (
    Event,
    EventRegistration,
    HospitationRequest,
    NetworkContact,
    NetworkProfile,
    Tandem,
)
from leuchtfeuer.knowledge.network.selectors import tandem_fit
from leuchtfeuer.places.models import Municipality

# --- Network: directory -----------------------------------------------------------------------


@transaction.atomic
def network_profile_update(
    *,
    actor: Actor,
    municipality: Municipality,
    listed: bool,
    description: str = "",
    topics: list[str] | None = None,
    offers_mentoring: bool = False,
    seeks_mentoring: bool = False,
    offers_hospitation: bool = False,
) -> NetworkProfile:
    require(actor, "knowledge.edit_network_profile", municipality)
    topics = list(dict.fromkeys(topics or []))
    unknown = [t for t in topics if t not in {term.key for term in taxonomy.HANDLUNGSFELDER}]
    if unknown:
        raise ValidationError({"topics": f"Unbekannte Handlungsfelder: {', '.join(unknown)}."})
    if offers_mentoring and seeks_mentoring:
        raise ValidationError(
            {"seeks_mentoring": "Eine Kommune bietet Mentoring an oder sucht es – nicht beides zugleich."}
        )
    profile, _ = NetworkProfile.objects.select_for_update().get_or_create(municipality=municipality)
    data = {
        "listed": bool(listed),
        "description": (description or "").strip(),
        "topics": topics,
        "offers_mentoring": bool(offers_mentoring),
        "seeks_mentoring": bool(seeks_mentoring),
        "offers_hospitation": bool(offers_hospitation),
    }
    changes = field_changes(profile, data)
    for name, value in data.items():
        setattr(profile, name, value)
    profile.save()
    if changes:
        audit_record(
            actor=actor,
            action="network.profile_update",
            target=profile,
            municipality=municipality,
            summary="Eintrag im Netzwerk-Verzeichnis geändert",
            changes=changes,
        )
    return profile


@transaction.atomic
def network_contact_opt_in(*, actor: Actor, municipality: Municipality, function: str = "") -> NetworkContact:
    """The person herself agrees to be shown as contact of her town (never someone else)."""
    require(actor, "knowledge.join_directory", municipality)
    contact, _created = NetworkContact.objects.update_or_create(
        municipality=municipality,
        user=cast(User, actor),  # safe: only signed-in users hold knowledge.join_directory (require above)
        defaults={"function": function.strip()[:150], "consent_at": timezone.now()},
    )
    audit_record(
        actor=actor,
        action="network.contact_opt_in",
        target=contact,
        municipality=municipality,
        summary=f"{actor} als Ansprechperson im Netzwerk eingetragen (Einwilligung)",
    )
    return contact


@transaction.atomic
def network_contact_opt_out(*, actor: Actor, municipality: Municipality) -> None:
    user = cast(
        User, actor
    )  # safe: the views require a signed-in user; an anonymous actor has no entry to delete
    deleted, _ = NetworkContact.objects.filter(municipality=municipality, user=user).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="network.contact_opt_out",
            target=municipality,
            municipality=municipality,
            summary=f"{actor} hat die Einwilligung als Ansprechperson widerrufen",
        )


# --- Network: tandems -------------------------------------------------------------------------


@transaction.atomic
def tandem_propose(*, actor: Actor, mentor: Municipality, mentee: Municipality) -> Tandem:
    require(actor, "knowledge.propose_tandem", mentee)
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentor": "Eine Kommune kann nicht ihr eigenes Tandem sein."})
    fit = tandem_fit(mentor, mentee)
    try:
        with transaction.atomic():
            tandem = Tandem.objects.create(
                mentor=mentor,
                mentee=mentee,
                score=fit.score,
                explanation=fit.explanation,
                proposed_by=cast(User, actor),  # safe: only signed-in users hold knowledge.propose_tandem
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"mentor": f"Ein Tandem {mentor} → {mentee} ist bereits vorgeschlagen oder bestätigt."}
        ) from exc
    audit_record(
        actor=actor,
        action="tandem.propose",
        target=tandem,
        municipality=mentee,
        summary=f"Tandem {mentor} → {mentee} vorgeschlagen",
    )
    send_after_commit(
        f"Tandem-Vorschlag: {mentor} und {mentee}",
        f"Vorgeschlagen wurde ein Tandem: {mentor} begleitet {mentee}.\n{fit.explanation}\n"
        "Die Geschäftsstelle bestätigt Tandems unter /netzwerk/tandems/.",
        office_emails(),
    )
    return tandem


def _tandem_decide(*, actor: Actor, tandem: Tandem, to: str, verb: str) -> Tandem:
    require(actor, "knowledge.manage_tandems")
    tandem = Tandem.objects.select_for_update().select_related("mentor", "mentee").get(pk=tandem.pk)
    if tandem.state != Tandem.State.PROPOSED:
        raise ValidationError(f"Das Tandem {tandem} ist bereits {tandem.get_state_display()}.")
    decided_by = cast(User, actor)  # safe: only signed-in users hold knowledge.manage_tandems (require above)
    tandem.state, tandem.decided_by, tandem.decided_at = to, decided_by, timezone.now()
    tandem.save(update_fields=["state", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=f"tandem.{verb}",
        target=tandem,
        municipality=tandem.mentee,
        summary=f"Tandem {tandem.mentor} → {tandem.mentee} {tandem.get_state_display()}",
    )
    send_after_commit(
        f"Tandem {tandem.get_state_display()}: {tandem.mentor} und {tandem.mentee}",
        f"Die Geschäftsstelle hat das Tandem {tandem.mentor} → {tandem.mentee} {tandem.get_state_display()}.",
        town_staff_emails(tandem.mentor) + town_staff_emails(tandem.mentee),
    )
    return tandem


@transaction.atomic
def tandem_confirm(*, actor: Actor, tandem: Tandem) -> Tandem:
    return _tandem_decide(actor=actor, tandem=tandem, to=Tandem.State.CONFIRMED, verb="confirm")


@transaction.atomic
def tandem_decline(*, actor: Actor, tandem: Tandem) -> Tandem:
    return _tandem_decide(actor=actor, tandem=tandem, to=Tandem.State.DECLINED, verb="decline")


# --- Network: Hospitation ---------------------------------------------------------------------


@transaction.atomic
def hospitation_request(
    *, actor: Actor, guest: Municipality, host: Municipality, topic: str, message: str
) -> HospitationRequest:
    require(actor, "knowledge.request_hospitation", guest)
    topic, message = (topic or "").strip(), (message or "").strip()
    if guest.pk == host.pk:
        raise ValidationError({"host": "Bitte wählen Sie eine andere Kommune als Ihre eigene."})
    if not topic:
        raise ValidationError({"topic": "Bitte nennen Sie das Thema der Hospitation."})
    if len(message) < 20:
        raise ValidationError(
            {"message": "Bitte beschreiben Sie in ein, zwei Sätzen, was Sie sehen und lernen möchten."}
        )
    if HospitationRequest.objects.filter(
        guest=guest, host=host, state=HospitationRequest.State.REQUESTED
    ).exists():
        raise ValidationError({"host": f"Es gibt bereits eine offene Anfrage von {guest} an {host}."})
    request = HospitationRequest.objects.create(
        guest=guest,
        host=host,
        topic=topic[:200],
        message=message,
        requested_by=cast(User, actor),  # safe: only signed-in users hold knowledge.request_hospitation
    )
    audit_record(
        actor=actor,
        action="hospitation.request",
        target=request,
        municipality=guest,
        summary=f"Hospitation bei {host} angefragt: {topic[:80]}",
    )
    send_after_commit(
        f"Hospitationsanfrage aus {guest}",
        f"{guest} möchte bei Ihnen hospitieren.\nThema: {topic}\n\n{message}\n\n"
        "Antworten und Termine vorschlagen: /netzwerk/hospitationen/",
        town_staff_emails(host),
    )
    send_after_commit(
        f"Ihre Hospitationsanfrage an {host}",
        f"Ihre Anfrage an {host} (Thema: {topic}) ist verschickt. Sie erhalten eine E-Mail, sobald {host} antwortet.",
        [cast(User, actor).email],  # safe: only signed-in users hold knowledge.request_hospitation
    )
    return request


def _parse_dates(dates: Iterable[Any]) -> list[dt.date]:
    parsed: list[dt.date] = []
    for n, value in enumerate(dates, start=1):
        if not value:
            continue
        if isinstance(value, dt.date):
            parsed.append(value)
            continue
        try:
            parsed.append(dt.date.fromisoformat(str(value).strip()))
        except ValueError as exc:
            raise ValidationError({"dates": f"Termin {n} („{value}“) ist kein gültiges Datum."}) from exc
    return sorted(set(parsed))


@transaction.atomic
def hospitation_accept(
    *, actor: Actor, request: HospitationRequest, dates: Iterable[Any], message: str = ""
) -> HospitationRequest:
    request = (
        HospitationRequest.objects.select_for_update().select_related("guest", "host").get(pk=request.pk)
    )
    require(actor, "knowledge.answer_hospitation", request.host)
    if request.state != HospitationRequest.State.REQUESTED:
        raise ValidationError(f"Die Anfrage ist bereits {request.get_state_display()}.")
    parsed = _parse_dates(dates)
    if not parsed:
        raise ValidationError({"dates": "Bitte schlagen Sie mindestens einen Termin vor."})
    today = timezone.localdate()
    past = [d for d in parsed if d <= today]
    if past:
        raise ValidationError(
            {"dates": f"Der Termin {date_format(past[0], 'd.m.Y')} liegt nicht in der Zukunft."}
        )
    request.state = HospitationRequest.State.ACCEPTED
    request.proposed_dates = [d.isoformat() for d in parsed]
    request.host_message = (message or "").strip()
    answered_by = cast(
        User, actor
    )  # safe: only signed-in users hold knowledge.answer_hospitation (require above)
    request.answered_by, request.answered_at = answered_by, timezone.now()
    request.save()
    audit_record(
        actor=actor,
        action="hospitation.accept",
        target=request,
        municipality=request.host,
        summary=f"Hospitation von {request.guest} angenommen, {len(parsed)} Termin(e) vorgeschlagen",
    )
    date_lines = "\n".join(f"- {date_format(d, 'd.m.Y')}" for d in parsed)
    body = (
        f"{request.host} nimmt die Hospitation von {request.guest} an (Thema: {request.topic}).\n"
        f"Vorgeschlagene Termine:\n{date_lines}\n\n{request.host_message}"
    )
    recipients = town_staff_emails(request.guest) + town_staff_emails(request.host)
    if request.requested_by_id:
        recipients.append(cast(User, request.requested_by).email)  # requested_by_id set: the user is there
    send_after_commit(f"Hospitation {request.guest} bei {request.host}: Terminvorschläge", body, recipients)
    return request


@transaction.atomic
def hospitation_decline(
    *, actor: Actor, request: HospitationRequest, message: str = ""
) -> HospitationRequest:
    request = (
        HospitationRequest.objects.select_for_update().select_related("guest", "host").get(pk=request.pk)
    )
    require(actor, "knowledge.answer_hospitation", request.host)
    if request.state != HospitationRequest.State.REQUESTED:
        raise ValidationError(f"Die Anfrage ist bereits {request.get_state_display()}.")
    request.state = HospitationRequest.State.DECLINED
    request.host_message = (message or "").strip()
    answered_by = cast(
        User, actor
    )  # safe: only signed-in users hold knowledge.answer_hospitation (require above)
    request.answered_by, request.answered_at = answered_by, timezone.now()
    request.save()
    audit_record(
        actor=actor,
        action="hospitation.decline",
        target=request,
        municipality=request.host,
        summary=f"Hospitation von {request.guest} abgelehnt",
    )
    recipients = town_staff_emails(request.guest)
    if request.requested_by_id:
        recipients.append(cast(User, request.requested_by).email)  # requested_by_id set: the user is there
    send_after_commit(
        f"Hospitation bei {request.host}: leider nicht möglich",
        f"{request.host} kann die Hospitation (Thema: {request.topic}) nicht anbieten.\n\n{request.host_message}",
        recipients,
    )
    return request


# --- Network: events --------------------------------------------------------------------------


@transaction.atomic
def event_create(
    *,
    actor: Actor,
    title: str,
    kind: str,
    description: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    location: str,
    capacity: int,
) -> Event:
    require(actor, "knowledge.manage_events")
    title, location = (title or "").strip(), (location or "").strip()
    if not title:
        raise ValidationError({"title": "Bitte geben Sie einen Titel an."})
    if kind not in Event.Kind.values:
        raise ValidationError({"kind": "Bitte wählen Sie ein Format aus der Liste."})
    if not location:
        raise ValidationError({"location": "Bitte geben Sie einen Ort oder den Zugang (online) an."})
    if capacity is None or int(capacity) < 1:
        raise ValidationError({"capacity": "Eine Veranstaltung braucht mindestens einen Platz."})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "Das Ende muss nach dem Beginn liegen."})
    event = Event.objects.create(
        title=title,
        kind=kind,
        description=(description or "").strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        capacity=int(capacity),
        created_by=cast(
            User, actor
        ),  # safe: only signed-in users hold knowledge.manage_events (require above)
    )
    audit_record(
        actor=actor, action="event.create", target=event, summary=f"Veranstaltung „{title}“ angelegt"
    )
    return event


@transaction.atomic
def event_register(
    *, actor: Actor, event: Event, municipality: Municipality | None = None
) -> EventRegistration:
    """One seat for `actor`. The database refuses a second registration of the same person
    (unique constraint) and any registration beyond the capacity (check constraint on the
    counter, incremented in the same transaction)."""
    require(actor, "knowledge.register_event")
    if event.ends_at <= timezone.now():
        raise ValidationError(f"„{event.title}“ ist bereits vorbei.")
    try:
        with transaction.atomic():
            registration = EventRegistration.objects.create(
                event=event,
                user=cast(User, actor),  # safe: only signed-in users hold knowledge.register_event
                municipality=municipality,
            )
    except IntegrityError as exc:
        raise ValidationError(f"Sie sind für „{event.title}“ bereits angemeldet.") from exc
    try:
        with transaction.atomic():
            Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") + 1)
    except IntegrityError as exc:
        raise ValidationError(
            f"„{event.title}“ ist ausgebucht – alle {event.capacity} Plätze sind vergeben."
        ) from exc
    audit_record(
        actor=actor,
        action="event.register",
        target=event,
        municipality=municipality,
        summary=f"Anmeldung zu „{event.title}“",
    )
    send_after_commit(
        f"Anmeldung bestätigt: {event.title}",
        f"Sie sind angemeldet: {event.title}\n{date_format(timezone.localtime(event.starts_at), 'd.m.Y, H:i')} Uhr, {event.location}",
        [cast(User, actor).email],  # safe: only signed-in users hold knowledge.register_event
    )
    return registration


@transaction.atomic
def event_cancel(*, actor: Actor, event: Event) -> None:
    user = cast(
        User, actor
    )  # safe: the views require a signed-in user; an anonymous actor has no registration to delete
    deleted, _ = EventRegistration.objects.filter(event=event, user=user).delete()
    if not deleted:
        raise ValidationError(f"Sie sind für „{event.title}“ nicht angemeldet.")
    Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") - 1)
    audit_record(actor=actor, action="event.cancel", target=event, summary=f"Abmeldung von „{event.title}“")
