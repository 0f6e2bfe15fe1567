"""Trial living (Probewohnen): apartments, applications, bookings night by night."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.permissions import require
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.portal import consent as consent_texts
from leuchtfeuer.portal.models import (
    TrialApartment,
    TrialApplication,
    TrialNight,
)
from leuchtfeuer.portal.shared import clean_email, consent_record, notify_lotsen, send_on_commit

# ---------------------------------------------------------------------------------------------
# Trial living (Probewohnen)
# ---------------------------------------------------------------------------------------------

APARTMENT_FIELDS = ("name", "description", "ortsteil", "min_nights", "max_nights", "conditions", "is_active")


@transaction.atomic
def apartment_save(
    *, actor: Actor, municipality: Municipality, data: dict[str, Any], apartment: TrialApartment | None = None
) -> TrialApartment:
    require(actor, "portal.manage_portal", municipality)
    data = {k: data[k] for k in APARTMENT_FIELDS if k in data}
    if data.get("min_nights") and data.get("max_nights") and data["max_nights"] < data["min_nights"]:
        raise ValidationError(
            {"max_nights": "Höchstens-Nächte müssen mindestens so viele sein wie Mindest-Nächte."}
        )
    apartment = apartment or TrialApartment(municipality=municipality)
    changes: dict[str, Any] = (
        cast("dict[str, Any]", field_changes(apartment, data)) if apartment.pk else {"neu": True}
    )
    for key, value in data.items():
        setattr(apartment, key, value)
    try:
        with transaction.atomic():
            apartment.save()
    except IntegrityError as exc:
        raise ValidationError({"name": "Eine Probewohnung mit diesem Namen gibt es schon."}) from exc
    audit_record(
        actor=actor,
        action="apartment.save",
        target=apartment,
        municipality=municipality,
        summary=f"Probewohnung „{apartment.name}“ gespeichert",
        changes=changes,
    )
    return apartment


def _nights(arrival: date, departure: date) -> list[date]:
    return [arrival + timedelta(days=i) for i in range((departure - arrival).days)]


def booked_nights(apartment: TrialApartment, arrival: date, departure: date) -> list[date]:
    return list(
        TrialNight.objects.filter(apartment=apartment, night__gte=arrival, night__lt=departure)
        .order_by("night")
        .values_list("night", flat=True)
    )


@transaction.atomic
def trial_apply(
    *,
    apartment: TrialApartment,
    name: str,
    email: str,
    arrival: date,
    departure: date,
    persons: int,
    motivation: str,
    consent_given: bool,
) -> TrialApplication:
    """An application for trial living. If the dates are taken it goes onto the waiting list."""
    email = clean_email(email)
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Bitte geben Sie Ihren Namen an.")
    if not (motivation or "").strip():
        errors["motivation"] = _("Bitte schreiben Sie kurz, warum Sie zur Probe wohnen möchten.")
    if arrival is None or departure is None:
        errors["arrival"] = _("Bitte geben Sie An- und Abreise an.")
    elif departure <= arrival:
        errors["departure"] = _("Die Abreise muss nach der Anreise liegen.")
    elif arrival <= timezone.localdate():
        errors["arrival"] = _("Die Anreise muss in der Zukunft liegen.")
    else:
        nights = (departure - arrival).days
        if not apartment.min_nights <= nights <= apartment.max_nights:
            errors["departure"] = _(
                "Diese Wohnung gibt es für %(lo)s bis %(hi)s Nächte; gewählt sind %(n)s."
            ) % {
                "lo": apartment.min_nights,
                "hi": apartment.max_nights,
                "n": nights,
            }
    if not 1 <= (persons or 0) <= 8:
        errors["persons"] = _("Bitte geben Sie 1 bis 8 Personen an.")
    if not apartment.is_active:
        errors["__all__"] = _("Diese Wohnung ist zurzeit nicht buchbar.")
    if errors:
        raise ValidationError(errors)
    consent = consent_record(email=email, text=consent_texts.TRIAL, given=consent_given)
    taken = booked_nights(apartment, arrival, departure)
    application = TrialApplication.objects.create(
        apartment=apartment,
        name=name.strip(),
        email=email,
        arrival=arrival,
        departure=departure,
        persons=persons,
        motivation=motivation.strip(),
        consent=consent,
        status=TrialApplication.Status.WAITING if taken else TrialApplication.Status.RECEIVED,
    )
    send_on_commit(
        _("Ihre Bewerbung zum Probewohnen: %(apartment)s") % {"apartment": apartment.name},
        (
            _("Guten Tag %(name)s,\n\nIhre Bewerbung für %(arrival)s bis %(departure)s ist eingegangen.")
            % {
                "name": application.name,
                "arrival": date_format(arrival, "d.m.Y"),
                "departure": date_format(departure, "d.m.Y"),
            }
            + " "
            + (
                _("Der Zeitraum ist schon belegt; Sie stehen auf der Warteliste.")
                if taken
                else _("Die Lotsin oder der Lotse meldet sich bei Ihnen.")
            )
            + "\n"
        ),
        [email],
    )
    notify_lotsen(
        apartment.municipality,
        f"Neue Bewerbung zum Probewohnen ({apartment.name})",
        f"für „{apartment.name}“ ist eine Bewerbung eingegangen"
        + (" (Zeitraum belegt: Warteliste)" if taken else "")
        + ". Belegung und Bewerbungen: "
        + reverse("portal:apartment-bookings", args=[apartment.municipality.slug, apartment.pk]),
    )
    audit_record(
        actor=None,
        action="trial.apply",
        target=application,
        municipality=apartment.municipality,
        summary=f"Bewerbung Probewohnen „{apartment.name}“ {date_format(arrival, 'd.m.Y')}–{date_format(departure, 'd.m.Y')}"
        + (" (Warteliste)" if taken else ""),
    )
    return application


class DoubleBooking(ValidationError):
    pass


@transaction.atomic
def trial_accept(*, actor: Actor, application: TrialApplication) -> TrialApplication:
    """Accept = book the nights. The UNIQUE (apartment, night) constraint decides races: exactly
    one of several overlapping accepts can insert its nights; the others roll back completely."""
    require(actor, "portal.view_case", application.apartment)
    application = (
        TrialApplication.objects.select_for_update()
        .select_related("apartment__municipality")
        .get(pk=application.pk)
    )
    if application.status == TrialApplication.Status.ACCEPTED:
        return application
    if application.status == TrialApplication.Status.CANCELLED:
        raise ValidationError("Diese Bewerbung wurde storniert.")
    apartment = application.apartment
    try:
        with transaction.atomic():
            TrialNight.objects.bulk_create(
                [
                    TrialNight(apartment=apartment, night=n, application=application)
                    for n in _nights(application.arrival, application.departure)
                ]
            )
    except IntegrityError as exc:
        taken = booked_nights(apartment, application.arrival, application.departure)
        span = (
            f"{date_format(taken[0], 'd.m.Y')}–{date_format(taken[-1] + timedelta(days=1), 'd.m.Y')}"
            if taken
            else "diesem Zeitraum"
        )
        raise DoubleBooking(
            f"„{apartment.name}“ ist im Zeitraum {span} bereits vergeben – die Bewerbung wurde nicht angenommen. "
            "Setzen Sie sie auf die Warteliste oder schlagen Sie andere Daten vor."
        ) from exc
    application.status = TrialApplication.Status.ACCEPTED
    application.decided_by = cast(
        User, actor
    )  # safe: only signed-in users hold portal.view_case (require above)
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="trial.accept",
        target=application,
        municipality=apartment.municipality,
        summary=f"Probewohnen „{apartment.name}“ {date_format(application.arrival, 'd.m.Y')}–{date_format(application.departure, 'd.m.Y')} zugesagt",
    )
    send_on_commit(
        f"Zusage Probewohnen: {apartment.name}",
        f"Guten Tag {application.name},\n\nSie können vom {date_format(application.arrival, 'd.m.Y')} bis zum "
        f"{date_format(application.departure, 'd.m.Y')} in „{apartment.name}“ ({apartment.municipality.display_name}) "
        "zur Probe wohnen. Wir melden uns mit den Einzelheiten.\n",
        [application.email],
    )
    return application


@transaction.atomic
def trial_decline(*, actor: Actor, application: TrialApplication, waitlist: bool = False) -> TrialApplication:
    require(actor, "portal.view_case", application.apartment)
    if application.status == TrialApplication.Status.ACCEPTED:
        TrialNight.objects.filter(application=application).delete()
    application.status = TrialApplication.Status.WAITING if waitlist else TrialApplication.Status.DECLINED
    application.decided_by = cast(
        User, actor
    )  # safe: only signed-in users hold portal.view_case (require above)
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_by", "decided_at"])
    apartment = application.apartment
    audit_record(
        actor=actor,
        action="trial.waitlist" if waitlist else "trial.decline",
        target=application,
        municipality=apartment.municipality,
        summary=f"Bewerbung #{application.pk} für „{apartment.name}“: {application.get_status_display()}",
    )
    if waitlist:
        text = f"Sie stehen für „{apartment.name}“ auf der Warteliste. Wir melden uns, sobald der Zeitraum frei wird."
    else:
        text = f"Leider können wir Ihnen „{apartment.name}“ im gewünschten Zeitraum nicht anbieten."
    send_on_commit(
        f"Probewohnen: {apartment.name}", f"Guten Tag {application.name},\n\n{text}\n", [application.email]
    )
    return application
