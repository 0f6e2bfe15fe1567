"""Willkommenspat:innen: the public sign-up with e-mail confirmation and the town's confirmation.

A resident signs up on the town's portal (no login; linked to her account if she is logged in);
the e-mail link confirms that the address is hers (the consent's ``confirmed_at``); the Lots:in
or the coordination then confirms her as active, can pause her and end her engagement. Pairings
with cases: ``pairings.py``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.core.permissions import require
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.portal import consent as consent_texts
from leuchtfeuer.portal.belonging.models import MAX_BUDDY_CAPACITY, Buddy, BuddyPairing
from leuchtfeuer.portal.models import Consent
from leuchtfeuer.portal.shared import clean_email, consent_record, load_signed, notify_lotsen, send_on_commit
from leuchtfeuer.portal.vocab import LIFE_PHASE_CHOICES, Interest

CONFIRM_SALT = "leuchtfeuer.portal.buddy-confirm"
CONFIRM_MAX_AGE = timedelta(days=7)
DUPLICATE = gettext_lazy("Mit dieser E-Mail-Adresse ist hier schon eine Patenschaft angemeldet.")

BUDDY_FIELDS = ("name", "phone", "languages", "life_phase", "ortsteil", "interests", "capacity", "about")


def confirm_token(buddy: Buddy) -> str:
    return signing.dumps({"b": buddy.pk, "e": buddy.email}, salt=CONFIRM_SALT, compress=True)


def _validate(municipality: Municipality, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if not (data.get("name") or "").strip():
        errors["name"] = _("Bitte geben Sie Ihren Namen an.")
    if not (data.get("languages") or "").strip():
        errors["languages"] = _("Bitte nennen Sie mindestens eine Sprache, die Sie sprechen.")
    capacity = data.get("capacity")
    if not isinstance(capacity, int) or not 1 <= capacity <= MAX_BUDDY_CAPACITY:
        errors["capacity"] = _(
            "Bitte geben Sie an, wie viele neue Menschen Sie gleichzeitig begleiten möchten: 1 bis %(max)s."
        ) % {"max": MAX_BUDDY_CAPACITY}
    phase = data.get("life_phase") or ""
    if phase and phase not in dict(LIFE_PHASE_CHOICES):
        errors["life_phase"] = _("Bitte wählen Sie eine Lebensphase aus der Liste.")
    unknown = [i for i in data.get("interests") or [] if i not in Interest.values]
    if unknown:
        errors["interests"] = _("Bitte wählen Sie Interessen aus der Liste.")
    ortsteil = data.get("ortsteil")
    if ortsteil is not None and ortsteil.municipality_id != municipality.pk:
        errors["ortsteil"] = _("Dieser Ortsteil gehört nicht zu dieser Kommune.")
    return errors


@transaction.atomic
def buddy_signup(
    *,
    municipality: Municipality,
    email: str,
    data: dict[str, Any],
    consent_given: bool,
    base_url: str,
    user: Actor | None = None,
) -> Buddy:
    """Store a sign-up (status "angemeldet") with its consent and mail the confirmation link."""
    email = clean_email(email)
    data = {k: data[k] for k in BUDDY_FIELDS if k in data}
    errors = _validate(municipality, data)
    if (
        Buddy.objects.filter(municipality=municipality, email=email)
        .exclude(status=Buddy.Status.ENDED)
        .exists()
    ):
        errors["email"] = DUPLICATE
    if not consent_given:
        errors["consent"] = _("Ohne Ihre Einwilligung können wir die Anmeldung nicht speichern.")
    if errors:
        raise ValidationError(errors)
    consent = consent_record(email=email, text=consent_texts.BUDDY, given=consent_given)
    data["name"] = data["name"].strip()
    data["languages"] = data["languages"].strip()
    try:
        with transaction.atomic():
            buddy = Buddy.objects.create(
                municipality=municipality,
                email=email,
                consent=consent,
                user=user if isinstance(user, User) else None,
                **data,
            )
    except IntegrityError as exc:  # a second sign-up racing the first
        raise ValidationError({"email": DUPLICATE}) from exc
    audit_record(
        actor=None,
        action="buddy.signup",
        target=buddy,
        municipality=municipality,
        summary=f"Willkommenspat:in #{buddy.pk} angemeldet (E-Mail unbestätigt)",
    )
    link = base_url + reverse("portal:buddy-confirm", args=[confirm_token(buddy)])
    town = municipality.display_name
    send_on_commit(
        _("Bitte bestätigen Sie Ihre Anmeldung als Willkommenspat:in in %(town)s") % {"town": town},
        _(
            "Guten Tag %(name)s,\n\nSie haben sich im Portal von %(town)s als Willkommenspat:in "
            "angemeldet – danke! Bitte bestätigen Sie innerhalb von 7 Tagen, dass die Anmeldung von Ihnen "
            "stammt:\n\n%(link)s\n\nDanach meldet sich die Lotsin oder der Lotse bei Ihnen. Ohne "
            "Bestätigung wird die Anmeldung nach 7 Tagen gelöscht. Wenn Sie sich nicht angemeldet haben, "
            "ignorieren Sie diese E-Mail.\n"
        )
        % {"name": buddy.name, "town": town, "link": link},
        [email],
    )
    return buddy


def buddy_for_token(token: str) -> Buddy:
    payload = load_signed(
        token,
        salt=CONFIRM_SALT,
        max_age=CONFIRM_MAX_AGE,
        expired=_("Der Bestätigungslink ist abgelaufen (gültig 7 Tage). Bitte melden Sie sich neu an."),
        invalid=_("Der Bestätigungslink ist ungültig. Bitte kopieren Sie ihn vollständig aus der E-Mail."),
    )
    buddy = (
        Buddy.objects.select_related("municipality", "consent")
        .filter(pk=cast(int, payload.get("b")), email=payload.get("e"))
        .first()
    )
    if buddy is None:
        raise ValidationError(_("Diese Anmeldung gibt es nicht mehr (sie wurde gelöscht)."))
    return buddy


@transaction.atomic
def buddy_confirm_email(*, token: str, base_url: str = "") -> Buddy:
    """Double opt-in: the signed link confirms the address (idempotent); the Lots:in is told."""
    buddy = buddy_for_token(token)
    consent = Consent.objects.select_for_update(of=("self",)).get(pk=buddy.consent_id)
    if consent.confirmed_at is not None:
        return buddy
    consent.confirmed_at = timezone.now()
    consent.save(update_fields=["confirmed_at"])
    audit_record(
        actor=None,
        action="buddy.confirm_email",
        target=buddy,
        municipality=buddy.municipality,
        summary=f"Willkommenspat:in #{buddy.pk}: E-Mail bestätigt",
    )
    link = base_url + reverse("portal:buddies", args=[buddy.municipality.slug])
    notify_lotsen(
        buddy.municipality,
        "Neue Anmeldung als Willkommenspat:in",
        f"jemand hat sich als Willkommenspat:in angemeldet und die E-Mail bestätigt. Bitte bestätigen Sie "
        f"die Anmeldung:\n{link}",
    )
    buddy.consent = consent
    return buddy


TRANSITIONS: dict[str, tuple[str, ...]] = {
    # new status: from which statuses
    Buddy.Status.ACTIVE: (Buddy.Status.PENDING, Buddy.Status.PAUSED),
    Buddy.Status.PAUSED: (Buddy.Status.ACTIVE,),
    Buddy.Status.ENDED: (Buddy.Status.PENDING, Buddy.Status.ACTIVE, Buddy.Status.PAUSED),
}
STATUS_MESSAGES = {
    Buddy.Status.ACTIVE: "ist jetzt aktiv und kann vorgeschlagen werden",
    Buddy.Status.PAUSED: "pausiert: wird nicht vorgeschlagen",
    Buddy.Status.ENDED: "beendet",
}


@transaction.atomic
def buddy_set_status(*, actor: Actor, buddy: Buddy, status: str) -> Buddy:
    """Confirm (aktiv), pause or end a buddy. Ending needs her pairings to be ended first."""
    require(actor, "portal.manage_buddies", buddy.municipality)
    buddy = (
        Buddy.objects.select_for_update(of=("self",))
        .select_related("consent", "municipality")
        .get(pk=buddy.pk)
    )
    if status not in TRANSITIONS:
        raise ValidationError({"status": "Bitte wählen Sie aktiv, pausiert oder beendet."})
    if buddy.status == status:
        return buddy
    if buddy.status not in TRANSITIONS[status]:
        raise ValidationError(
            {
                "status": f"Eine Patenschaft mit dem Stand „{buddy.get_status_display()}“ kann nicht "
                f"auf „{Buddy.Status(status).label}“ gesetzt werden."
            }
        )
    if status == Buddy.Status.ACTIVE and buddy.consent.confirmed_at is None:
        raise ValidationError(
            {
                "status": "Die E-Mail-Adresse ist noch nicht bestätigt. Erst danach kann die Anmeldung "
                "bestätigt werden."
            }
        )
    if (
        status == Buddy.Status.ENDED
        and buddy.pairings.filter(
            status__in=[BuddyPairing.Status.PROPOSED, BuddyPairing.Status.ACTIVE]
        ).exists()
    ):
        raise ValidationError(
            {
                "status": "Diese Pat:in hat noch vorgeschlagene oder laufende Patenschaften. Beenden Sie "
                "diese zuerst."
            }
        )
    old = buddy.status
    buddy.status = status
    fields = ["status"]
    if status == Buddy.Status.ACTIVE and buddy.approved_at is None:
        buddy.approved_by = cast(User, actor)  # safe: only signed-in users hold manage_buddies
        buddy.approved_at = timezone.now()
        fields += ["approved_by", "approved_at"]
    buddy.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="buddy.status",
        target=buddy,
        municipality=buddy.municipality,
        summary=f"Willkommenspat:in #{buddy.pk}: {Buddy.Status(old).label} → {Buddy.Status(status).label}",
        changes={"status": [old, status]},
    )
    if status == Buddy.Status.ACTIVE and old == Buddy.Status.PENDING:
        send_on_commit(
            f"Sie sind Willkommenspat:in in {buddy.municipality.display_name}",
            f"Guten Tag {buddy.name},\n\ndie Lotsin oder der Lotse hat Ihre Anmeldung bestätigt. Wenn ein "
            "neuer Mensch zu Ihnen passt, bekommen Sie eine E-Mail mit einem Vorschlag – Sie entscheiden "
            "dann, ob Sie zusagen. Ihre Daten einsehen oder löschen: über „Meine Daten“ im Portal.\n",
            [buddy.email],
        )
    return buddy
