"""Rückkehrertage and Willkommensveranstaltungen (issue 21): recurring events and registrations
that feed the Lots:in's case pipeline.

A series is its first event (`repeat` set) plus occurrences pointing to it (`series`). Saving the
first event creates or updates the occurrences idempotently: occurrences that already have
registrations or lie in the past are never changed; the others follow the first event.

A registration with the contact opt-in asks for the address to be confirmed first, like the
Erhebungsbogen: it stores an unconfirmed Inquiry and mails the portal's double-opt-in link
(`inquiry_send_confirmation`). Only the click opens the case (`inquiry_confirm`, so retention,
InquiryStat and the Lots:in's notice are the same as for the Erhebungsbogen), and `inquiry_confirm`
then sets `EventRegistration.case` for the waiting registrations of that address in that town.
Without the click no case opens and the unconfirmed inquiry is purged after 7 days like any other.
Without the opt-in nothing reaches the pipeline.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.portal import consent as consent_texts
from leuchtfeuer.portal.belonging.gatherings.engine.series import SeriesError, occurrence_dates
from leuchtfeuer.portal.cases.services import CONFIRM_MAX_AGE, inquiry_send_confirmation
from leuchtfeuer.portal.models import Event, EventRegistration, Inquiry
from leuchtfeuer.portal.public.services import event_register, event_save
from leuchtfeuer.portal.shared import clean_email, consent_record
from leuchtfeuer.portal.vocab import LIFE_PHASE_CHOICES, Origin, Timeframe

# Fields an occurrence copies from the first event of its series.
COPIED = ("kind", "title", "description", "place", "capacity", "is_published", "is_demo")


def _series_dates(event: Event, data: dict[str, Any]) -> list[datetime]:
    try:
        return occurrence_dates(
            timezone.localtime(event.starts_at),
            event.repeat,
            until=data.get("repeat_until"),
            count=data.get("repeat_count"),
        )
    except SeriesError as exc:
        raise ValidationError({exc.field: exc.message}) from exc


@transaction.atomic
def event_series_save(
    *, actor: Actor, municipality: Municipality, data: dict[str, Any], event: Event | None = None
) -> Event:
    """Save an event; for the first event of a series also create or update its occurrences.

    `data` holds the event fields plus `repeat` ("" | monatlich | vierteljaehrlich | jaehrlich)
    and `repeat_until` (date) or `repeat_count` (int). An occurrence is saved alone (its rhythm is
    set on the first event).
    """
    if event is not None and event.series_id:
        return event_save(actor=actor, municipality=municipality, data=data, event=event)
    repeat = data.get("repeat") or ""
    if repeat and repeat not in Event.Repeat.values:
        raise ValidationError({"repeat": "Diese Wiederholung gibt es nicht."})
    head = event_save(actor=actor, municipality=municipality, data=data, event=event)
    head.repeat = repeat
    dates = _series_dates(head, data)  # validates before anything of the series is written
    head.save(update_fields=["repeat"])
    created, updated, removed = occurrences_sync(head=head, dates=dates[1:])
    if repeat or removed:
        audit_record(
            actor=actor,
            action="event.series",
            target=head,
            municipality=municipality,
            summary=(
                f"Reihe „{head.title}“ ({head.get_repeat_display() or 'ohne Wiederholung'}): "
                f"{created} Termine neu, {updated} angepasst, {removed} entfernt"
            ),
        )
    return head


@transaction.atomic
def occurrences_sync(*, head: Event, dates: list[datetime]) -> tuple[int, int, int]:
    """Make the free occurrences (future, no registration) follow the head; → (new, changed, removed)."""
    now = timezone.now()
    # Lock first, count apart: PostgreSQL refuses FOR UPDATE together with GROUP BY.
    occurrences = list(Event.objects.select_for_update().filter(series=head).order_by("starts_at", "pk"))
    registered = set(
        EventRegistration.objects.filter(event__in=occurrences).values_list("event_id", flat=True)
    )
    fixed = [o for o in occurrences if o.pk in registered or o.starts_at <= now]
    free = [o for o in occurrences if o not in fixed]
    fixed_days = {timezone.localtime(o.starts_at).date() for o in fixed}
    wanted = [d for d in dates if d > now and d.date() not in fixed_days]
    duration = head.ends_at - head.starts_at if head.ends_at else None
    created = updated = 0
    for moment, occurrence in zip(wanted, free, strict=False):
        values = {k: getattr(head, k) for k in COPIED}
        values.update(starts_at=moment, ends_at=moment + duration if duration else None)
        if any(getattr(occurrence, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(occurrence, key, value)
            occurrence.save()
            updated += 1
    for moment in wanted[len(free) :]:
        Event.objects.create(
            municipality=head.municipality,
            series=head,
            starts_at=moment,
            ends_at=moment + duration if duration else None,
            **{k: getattr(head, k) for k in COPIED},
        )
        created += 1
    surplus = [o.pk for o in free[len(wanted) :]]
    if surplus:
        Event.objects.filter(pk__in=surplus).delete()
    return created, updated, len(surplus)


def series_settings(event: Event) -> dict[str, Any]:
    """The form's initial rhythm of a first event: its repeat and the number of dates it has."""
    if not event.repeat:
        return {}
    return {"repeat": event.repeat, "repeat_count": 1 + event.occurrences.count()}


# ---------------------------------------------------------------------------------------------
# Registration → case
# ---------------------------------------------------------------------------------------------


def _check_inquiry_answers(life_phase: str, timeframe: str, origin: str) -> None:
    errors = {}
    if life_phase not in dict(LIFE_PHASE_CHOICES):
        errors["life_phase"] = _("Bitte wählen Sie Ihre Lebensphase, damit die Lots:in Sie ansprechen kann.")
    if timeframe not in Timeframe.values:
        errors["timeframe"] = _("Bitte wählen Sie, wann Sie kommen möchten.")
    if origin not in Origin.values:
        errors["origin"] = _("Bitte wählen Sie, wo Sie heute leben.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def registration_submit(
    *,
    event: Event,
    name: str,
    email: str,
    persons: int,
    consent_given: bool,
    is_returnee: bool = False,
    contact_opt_in: bool = False,
    life_phase: str = "",
    timeframe: str = "",
    origin: str = "",
    base_url: str = "",
) -> EventRegistration:
    """Register for an event (capacity under a row lock, as `event_register`); with the contact
    opt-in store an unconfirmed inquiry and mail its confirmation link (the case opens on the click)."""
    if contact_opt_in:
        _check_inquiry_answers(life_phase, timeframe, origin)
    registration = event_register(
        event=event, name=name, email=email, persons=persons, consent_given=consent_given, base_url=base_url
    )
    registration.is_returnee = bool(is_returnee)
    registration.contact_opt_in = bool(contact_opt_in)
    registration.save(update_fields=["is_returnee", "contact_opt_in"])
    if contact_opt_in:
        _ask_confirmation(
            registration, life_phase=life_phase, timeframe=timeframe, origin=origin, base_url=base_url
        )
    return registration


def _ask_confirmation(
    registration: EventRegistration, *, life_phase: str, timeframe: str, origin: str, base_url: str
) -> Inquiry:
    """The unconfirmed inquiry behind the opt-in, with its confirmation e-mail. A second opt-in
    of the same address in the same town within the 7 days reuses the waiting inquiry (one
    click, one case) and mails its link again."""
    event = registration.event
    municipality = event.municipality
    email = clean_email(registration.email)
    when = date_format(timezone.localtime(event.starts_at), "d.m.Y")
    line = f"Über Veranstaltung: {event.title} am {when}"
    inquiry = (
        Inquiry.objects.select_for_update()
        .filter(
            municipality=municipality,
            email=email,
            confirmed_at__isnull=True,
            consent__purpose=consent_texts.EVENT_CONTACT.purpose,
            created_at__gte=timezone.now() - CONFIRM_MAX_AGE,
        )
        .order_by("-created_at")
        .first()
    )
    if inquiry is None:
        consent = consent_record(email=email, text=consent_texts.EVENT_CONTACT, given=True)
        inquiry = Inquiry.objects.create(
            municipality=municipality,
            name=registration.name,
            email=email,
            life_phase=life_phase,
            is_returnee=registration.is_returnee,
            timeframe=timeframe,
            origin=origin,
            message=line,
            consent=consent,
        )
    elif line not in inquiry.message:
        inquiry.message = f"{inquiry.message}\n{line}"
        inquiry.save(update_fields=["message"])
    audit_record(
        actor=None,
        action="event.opt_in",
        target=inquiry,
        municipality=municipality,
        summary=f"Kontaktwunsch bei Anmeldung zu „{event.title}“ am {when} (unbestätigt, Link gesendet)",
    )
    inquiry_send_confirmation(
        inquiry=inquiry,
        base_url=base_url,
        subject=translation.gettext("Bitte bestätigen Sie Ihren Kontaktwunsch an %(town)s"),
        body=translation.gettext(
            "Guten Tag %(name)s,\n\nbei Ihrer Anmeldung zu einer Veranstaltung in %(town)s haben Sie "
            "angekreuzt, dass die Lots:in Sie ansprechen darf. Bitte bestätigen Sie innerhalb von 7 Tagen "
            "mit diesem Link, dass das von Ihnen stammt:\n\n%(link)s\n\n"
            "Erst nach Ihrem Klick sieht die Lots:in Ihre Angaben und meldet sich bei Ihnen. Ohne "
            "Bestätigung werden diese Angaben nach 7 Tagen gelöscht; Ihre Anmeldung zur Veranstaltung "
            "bleibt bestehen. Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese E-Mail.\n"
        ),
    )
    return inquiry
