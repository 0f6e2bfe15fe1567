"""Writes for the youth parliament: create, members, meetings, motions and their answers. Keyword-only, authorised, atomic, audited; German errors."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.core.permissions import require
from leuchtfeuer.participation.common import clean_text
from leuchtfeuer.participation.youth.models import YouthMeeting, YouthMember, YouthMotion, YouthParliament
from leuchtfeuer.places.models import Municipality

# --- youth parliament ----------------------------------------------------------------------------


@transaction.atomic
def motion_answer(*, actor: Actor, motion: YouthMotion, answer: str) -> YouthMotion:
    require(actor, "participation.manage_youth", motion.parliament.municipality)
    motion.council_answer = clean_text(answer, "answer", "Antwort des Stadtrats", max_length=5000)
    motion.status = YouthMotion.Status.ANSWERED
    motion.answered_on = timezone.localdate()
    motion.save()
    audit_record(
        actor=actor,
        action="participation.motion_answer",
        target=motion,
        municipality=motion.parliament.municipality,
        summary=f"Antwort des Rats auf „{motion.title}“ eingetragen",
    )
    return motion


@transaction.atomic
def youth_parliament_create(
    *, actor: Actor, municipality: Municipality, name: str, slug: str, summary: str, contact: str = ""
) -> YouthParliament:
    require(actor, "participation.manage_youth", municipality)
    if YouthParliament.objects.filter(municipality=municipality, slug=slug).exists():
        raise ValidationError({"slug": f"Den Kurznamen „{slug}“ gibt es schon."})
    parliament = YouthParliament.objects.create(
        municipality=municipality,
        name=clean_text(name, "name", "Name", max_length=200),
        slug=slug,
        summary=clean_text(summary, "summary", "Kurz erklärt"),
        contact=(contact or "").strip()[:200],
    )
    audit_record(
        actor=actor,
        action="participation.youth_create",
        target=parliament,
        municipality=municipality,
        summary=f"Jugendparlament „{parliament.name}“ angelegt",
    )
    return parliament


@transaction.atomic
def youth_member_add(
    *,
    actor: Actor,
    parliament: YouthParliament,
    display_name: str,
    role: str,
    since: dt.date,
    consent_given: bool,
) -> YouthMember:
    require(actor, "participation.manage_youth", parliament.municipality)
    if not consent_given:
        raise ValidationError(
            {
                "consent_given": "Ohne Einverständnis (bei unter 16-Jährigen der Eltern) wird niemand veröffentlicht."
            }
        )
    member = YouthMember.objects.create(
        parliament=parliament,
        display_name=clean_text(display_name, "display_name", "Name", max_length=100),
        role=(role or "").strip()[:100],
        since=since,
        consent_given=True,
    )
    audit_record(
        actor=actor,
        action="participation.youth_member",
        target=parliament,
        municipality=parliament.municipality,
        summary=f"Mitglied {member.display_name} eingetragen",
    )
    return member


@transaction.atomic
def youth_meeting_add(
    *,
    actor: Actor,
    parliament: YouthParliament,
    date: dt.datetime,
    place: str,
    agenda: str,
    minutes: str = "",
) -> YouthMeeting:
    require(actor, "participation.manage_youth", parliament.municipality)
    meeting = YouthMeeting.objects.create(
        parliament=parliament,
        date=date,
        place=clean_text(place, "place", "Ort", max_length=200),
        agenda=clean_text(agenda, "agenda", "Tagesordnung"),
        minutes=(minutes or "").strip(),
    )
    audit_record(
        actor=actor,
        action="participation.youth_meeting",
        target=parliament,
        municipality=parliament.municipality,
        summary=f"Sitzung am {date:%d.%m.%Y} eingetragen",
    )
    return meeting


@transaction.atomic
def youth_motion_submit(
    *, actor: Actor, parliament: YouthParliament, title: str, text: str, submitted_on: dt.date
) -> YouthMotion:
    require(actor, "participation.manage_youth", parliament.municipality)
    motion = YouthMotion.objects.create(
        parliament=parliament,
        title=clean_text(title, "title", "Titel", max_length=200),
        text=clean_text(text, "text", "Antrag"),
        submitted_on=submitted_on,
    )
    audit_record(
        actor=actor,
        action="participation.youth_motion",
        target=motion,
        municipality=parliament.municipality,
        summary=f"Antrag „{motion.title}“ eingetragen",
    )
    return motion
