"""Engagement and shared-living offers with their details, and the Lots:in's suggestions.

Offers stay offers (portal/offers/services.py: moderation, expiry, partner organisation); this
module adds what an engagement offer (EngagementDetails) and an Azubi-WG / Wohnen-für-Hilfe
offer (SharedLivingDetails) say beyond that, in the same transaction.

A suggestion (EngagementIntroduction) goes to the person by e-mail with a link; only when she
answers "Ja, Kontakt herstellen" are her name and e-mail address passed to the offer's contact
person — the database refuses a passed contact without her consent.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.core.permissions import require
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.portal.belonging.engagement import selectors
from leuchtfeuer.portal.engine import belonging
from leuchtfeuer.portal.models import (
    Case,
    EngagementDetails,
    EngagementIntroduction,
    Offer,
    SharedLivingDetails,
)
from leuchtfeuer.portal.offers import services as offer_services
from leuchtfeuer.portal.shared import mail_language, send_on_commit
from leuchtfeuer.portal.vocab import SHARED_LIVING_KINDS, EngagementArea, Interest, OfferKind

# Form keys of the details → model fields (both details have a maximum age).
ENGAGEMENT_FIELDS = {
    "area": "area",
    "interests": "interests",
    "sought": "sought",
    "skills": "skills",
    "hours_per_month": "hours_per_month",
    "min_age": "min_age",
    "max_age": "max_age",
    "schedule": "schedule",
    "newcomers_welcome": "newcomers_welcome",
}
LIVING_FIELDS = {
    "rooms": "rooms",
    "room_size_m2": "room_size_m2",
    "rent_eur": "rent_eur",
    "help_hours_per_month": "help_hours_per_month",
    "help_tasks": "help_tasks",
    "host": "host",
    "for_trainees": "for_trainees",
    "living_max_age": "max_age",
}
INTRODUCTION_VALID_DAYS = 60


def _int_in(
    errors: dict[str, str], details: dict[str, Any], key: str, low: int, high: int, message: str
) -> None:
    value = details.get(key)
    if value is None or value == "":
        details[key] = None
        return
    if not isinstance(value, int) or not low <= value <= high:
        errors[key] = message


def validate_engagement(details: dict[str, Any]) -> dict[str, Any]:
    """The EngagementDetails fields, checked; ValidationError naming each wrong field in German."""
    details = {k: details.get(k) for k in ENGAGEMENT_FIELDS}
    errors: dict[str, str] = {}
    if details["area"] not in EngagementArea.values:
        errors["area"] = (
            "Bitte wählen Sie den Bereich (Verein, Ehrenamt, Feuerwehr, Kultur oder Dritter Ort)."
        )
    interests = list(dict.fromkeys(details["interests"] or []))
    if not interests:
        errors["interests"] = (
            "Bitte kreuzen Sie mindestens ein Interesse an, zu dem das Angebot passt – "
            "danach schlägt die Lots:in es Neuen vor."
        )
    elif any(key not in Interest.values for key in interests):
        errors["interests"] = "Bitte wählen Sie nur Interessen aus der Liste."
    details["interests"] = interests
    _int_in(
        errors,
        details,
        "hours_per_month",
        1,
        200,
        "Bitte geben Sie die Zeit pro Monat als 1 bis 200 Stunden an.",
    )
    _int_in(errors, details, "min_age", 0, 120, "Bitte geben Sie das Mindestalter als Zahl von 0 bis 120 an.")
    _int_in(errors, details, "max_age", 0, 120, "Bitte geben Sie das Höchstalter als Zahl von 0 bis 120 an.")
    if (
        "min_age" not in errors
        and "max_age" not in errors
        and details["min_age"] is not None
        and details["max_age"] is not None
        and details["max_age"] < details["min_age"]
    ):
        errors["max_age"] = "Das Höchstalter liegt unter dem Mindestalter."
    for key in ("sought", "skills", "schedule"):
        details[key] = (details[key] or "").strip()
    details["newcomers_welcome"] = bool(details["newcomers_welcome"])
    if errors:
        raise ValidationError(errors)
    return details


def validate_living(kind: str, details: dict[str, Any]) -> dict[str, Any]:
    """The SharedLivingDetails fields for an offer of `kind` (azubi-wg / homesharing), checked."""
    details = {k: details.get(k) for k in LIVING_FIELDS}
    errors: dict[str, str] = {}
    if details["rooms"] in (None, ""):
        details["rooms"] = 1
    _int_in(errors, details, "rooms", 1, 20, "Bitte geben Sie die freien Zimmer als Zahl von 1 bis 20 an.")
    _int_in(errors, details, "room_size_m2", 1, 200, "Bitte geben Sie die Zimmergröße in m² an (1 bis 200).")
    _int_in(
        errors,
        details,
        "help_hours_per_month",
        1,
        200,
        "Bitte geben Sie die vereinbarte Mithilfe als 1 bis 200 Stunden pro Monat an.",
    )
    _int_in(
        errors,
        details,
        "living_max_age",
        14,
        120,
        "Bitte geben Sie das Höchstalter als Zahl von 14 bis 120 an.",
    )
    rent = details["rent_eur"]
    if rent in (None, ""):
        details["rent_eur"] = None
    else:
        try:
            rent = Decimal(str(rent))
        except InvalidOperation:
            rent = Decimal(-1)
        if not (Decimal(0) <= rent <= Decimal(10000)):
            errors["rent_eur"] = "Bitte geben Sie die Miete in Euro an (0 bis 10.000)."
        details["rent_eur"] = rent
    if (
        kind == OfferKind.HOMESHARING
        and not details["help_hours_per_month"]
        and "help_hours_per_month" not in errors
    ):
        errors["help_hours_per_month"] = (
            "Bei Wohnen für Hilfe gehören die vereinbarten Stunden Mithilfe pro Monat dazu "
            "(Feld „vereinbarte Mithilfe“)."
        )
    for key in ("help_tasks", "host"):
        details[key] = (details[key] or "").strip()
    details["for_trainees"] = bool(details["for_trainees"])
    if errors:
        raise ValidationError(errors)
    return details


def _validate_contact(kind: str, data: dict[str, Any]) -> None:
    if kind == OfferKind.ENGAGEMENT and not (data.get("contact_email") or "").strip():
        raise ValidationError(
            {
                "contact_email": "Engagement-Angebote brauchen eine Kontakt-E-Mail: Dorthin gibt die Lots:in "
                "nach Zustimmung Name und E-Mail Interessierter weiter."
            }
        )


@transaction.atomic
def offer_save(
    *,
    actor: Actor,
    municipality: Municipality,
    data: dict[str, Any],
    details: dict[str, Any],
    offer: Offer | None = None,
    publish: bool = False,
) -> Offer:
    """Create or change an offer with its engagement or shared-living details (one transaction).

    Moderation, partner organisation and permissions are those of every offer
    (offers.services.offer_create / offer_update); `details` holds the form keys of
    ENGAGEMENT_FIELDS / LIVING_FIELDS and is ignored for other kinds.
    """
    kind = data.get("kind") or (offer.kind if offer else "")
    errors: dict[str, Any] = {}
    checked: dict[str, Any] = {}
    try:
        if kind == OfferKind.ENGAGEMENT:
            checked = validate_engagement(details)
        elif kind in SHARED_LIVING_KINDS:
            checked = validate_living(kind, details)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        _validate_contact(
            kind, data if "contact_email" in data or offer is None else {"contact_email": offer.contact_email}
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    if offer is None:
        saved = offer_services.offer_create(
            actor=actor, municipality=municipality, data=data, publish=publish
        )
    else:
        saved = offer_services.offer_update(actor=actor, offer=offer, data=data)
    _write_details(saved, checked)
    return saved


def _write_details(offer: Offer, checked: dict[str, Any]) -> None:
    if offer.kind != OfferKind.ENGAGEMENT:
        EngagementDetails.objects.filter(offer=offer).delete()
    if offer.kind not in SHARED_LIVING_KINDS:
        SharedLivingDetails.objects.filter(offer=offer).delete()
    if offer.kind == OfferKind.ENGAGEMENT:
        values = {ENGAGEMENT_FIELDS[k]: v for k, v in checked.items()}
        EngagementDetails.objects.update_or_create(offer=offer, defaults=values)
    elif offer.kind in SHARED_LIVING_KINDS:
        values = {LIVING_FIELDS[k]: v for k, v in checked.items()}
        values["form"] = offer.kind
        SharedLivingDetails.objects.update_or_create(offer=offer, defaults=values)


# ---------------------------------------------------------------------------------------------
# Suggestions (EngagementIntroduction)
# ---------------------------------------------------------------------------------------------


def _offer_label(offer: Offer) -> str:
    who = offer.organisation.name if offer.organisation_id and offer.organisation else offer.contact_name
    return f"„{offer.title}“" + (f" ({who})" if who else "")


@transaction.atomic
def introduction_propose(*, actor: Actor, case: Case, offer: Offer, base_url: str) -> EngagementIntroduction:
    """The Lots:in suggests an engagement offer; the person gets an e-mail with a link to decide."""
    require(actor, "portal.suggest_engagement", case)
    ids = selectors.case_municipality_ids(case)
    current = selectors.visible(ids, [OfferKind.ENGAGEMENT]).filter(pk=offer.pk).first()
    if current is None:
        raise ValidationError(
            "Dieses Engagement-Angebot ist nicht (mehr) veröffentlicht oder gehört nicht zu dieser Kommune."
        )
    if not current.contact_email:
        raise ValidationError(
            "Dieses Angebot hat keine Kontakt-E-Mail; bitte ergänzen Sie sie, bevor Sie es vorschlagen."
        )
    if EngagementIntroduction.objects.filter(case=case, offer=current).exists():
        raise ValidationError("Dieses Angebot wurde für diesen Fall schon vorgeschlagen.")
    found = belonging.match_engagement(selectors.person_of(case), [selectors.engagement_info(current)])
    reasons = found[0].reasons if found else []
    sender = cast(User, actor)  # safe: only signed-in staff hold portal.suggest_engagement
    try:
        with transaction.atomic():
            intro = EngagementIntroduction.objects.create(
                case=case,
                offer=current,
                proposed_by=sender,
                reasons=reasons,
                token=secrets.token_urlsafe(32),
            )
    except IntegrityError as exc:  # two clicks at once
        raise ValidationError("Dieses Angebot wurde für diesen Fall schon vorgeschlagen.") from exc
    town = case.municipality.display_name
    link = base_url + reverse("portal:engagement-answer", args=[intro.token])
    why = "".join(f"\n– {reason}" for reason in reasons)
    with mail_language(case.inquiry.consent):
        send_on_commit(
            _("Ein Vorschlag zum Mitmachen in %(town)s") % {"town": town},
            _(
                "Guten Tag %(name)s,\n\n%(sender)s aus %(town)s schlägt Ihnen ein Angebot zum Mitmachen vor: "
                "%(offer)s.%(why)s\n\nHier sehen Sie das Angebot und entscheiden, ob wir den Kontakt "
                "herstellen sollen:\n%(link)s\n\nErst wenn Sie dort „Ja, Kontakt herstellen“ wählen, geben "
                "wir Ihren Namen und Ihre E-Mail-Adresse an die Kontaktperson des Angebots weiter. Der Link "
                "gilt %(days)s Tage.\n\nAntworten auf diese E-Mail gehen an Ihre Lots:in.\n"
            )
            % {
                "name": case.inquiry.name,
                "sender": sender.name or _("Ihre Lots:in"),
                "town": town,
                "offer": _offer_label(current),
                "why": ("\n" + _("Warum es passen könnte:") + why) if why else "",
                "link": link,
                "days": INTRODUCTION_VALID_DAYS,
            },
            [case.inquiry.email],
            [sender.email],
        )
    audit_record(
        actor=actor,
        action="engagement.propose",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk}: Engagement-Angebot #{current.pk} vorgeschlagen",
    )
    return intro


def _tell_lotsin(intro: EngagementIntroduction, *, accepted: bool) -> None:
    """Tell the Lots:in who made the suggestion how the person decided (no personal data in the mail)."""
    lotsin = intro.proposed_by
    if lotsin is None or not lotsin.email:
        return
    answer = "möchte Kontakt – wir haben ihn hergestellt" if accepted else "möchte keinen Kontakt"
    send_on_commit(
        f"Antwort auf Ihren Vorschlag (Fall #{intro.case_id})",
        f"Guten Tag,\n\ndie Person in Fall #{intro.case_id} hat auf Ihren Vorschlag zum Mitmachen "
        f"(Angebot #{intro.offer_id}) geantwortet: Sie {answer}.\n\n"
        "(Aus Datenschutzgründen stehen keine persönlichen Angaben in dieser E-Mail; "
        "alles Weitere sehen Sie im Fall.)\n",
        [lotsin.email],
    )


@transaction.atomic
def introduction_answer(*, token: str, accept: bool) -> EngagementIntroduction:
    """The person's decision on a suggestion; on yes her name and e-mail go to the contact person."""
    intro = (
        EngagementIntroduction.objects.select_for_update(of=("self",))
        .select_related("case__inquiry", "case__municipality", "offer__organisation", "proposed_by")
        .filter(token=token)
        .first()
    )
    if intro is None:
        raise ValidationError("Dieser Link ist ungültig. Bitte kopieren Sie ihn vollständig aus der E-Mail.")
    if intro.accepted_at or intro.declined_at:
        raise ValidationError("Sie haben auf diesen Vorschlag schon geantwortet.")
    now = timezone.now()
    if now - intro.proposed_at > timedelta(days=INTRODUCTION_VALID_DAYS):
        raise ValidationError(
            f"Dieser Vorschlag ist älter als {INTRODUCTION_VALID_DAYS} Tage. Bitte wenden Sie sich an Ihre Lots:in."
        )
    case = intro.case
    offer = intro.offer
    if not accept:
        intro.declined_at = now
        intro.save(update_fields=["declined_at"])
        _tell_lotsin(intro, accepted=False)
        audit_record(
            actor=None,
            action="engagement.decline",
            target=case,
            municipality=case.municipality,
            summary=f"Fall #{case.pk}: Vorschlag #{intro.pk} abgelehnt",
        )
        return intro
    if not offer.is_visible_on(timezone.localdate()) or not offer.contact_email:
        raise ValidationError(
            "Dieses Angebot ist nicht mehr ausgeschrieben. Bitte wenden Sie sich an Ihre Lots:in."
        )
    intro.accepted_at = now
    intro.contact_sent_at = now
    intro.save(update_fields=["accepted_at", "contact_sent_at"])
    _tell_lotsin(intro, accepted=True)
    inquiry = case.inquiry
    send_on_commit(
        f"Jemand möchte bei „{offer.title}“ mitmachen",
        f"Guten Tag {offer.contact_name or ''}".rstrip() + ",\n\n"
        f"über das Portal von {case.municipality.display_name} hat sich eine Person für Ihr Angebot "
        f"„{offer.title}“ interessiert und ausdrücklich zugestimmt, dass wir Ihnen ihren Kontakt geben:\n\n"
        f"Name: {inquiry.name}\nE-Mail: {inquiry.email}\n\n"
        "Bitte melden Sie sich bei ihr (Antworten auf diese E-Mail gehen direkt an sie). "
        "Nutzen Sie die Angaben nur für diesen Kontakt.\n",
        [offer.contact_email],
        [inquiry.email],
    )
    audit_record(
        actor=None,
        action="engagement.accept",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk}: Vorschlag #{intro.pk} angenommen, Kontakt an Angebot #{offer.pk} weitergegeben",
    )
    return intro
