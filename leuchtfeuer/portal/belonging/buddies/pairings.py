"""Pairings of a Willkommenspat:in with the person of a case: proposal, both acceptances, start,
check-in after four weeks, end.

The Lots:in proposes; each side gets a personal link (``buddy_token`` / ``newcomer_token``), sees
what the other shares without contact details and accepts or declines. Only when both have
accepted does the pairing start and both receive the other's contact details. A buddy's places
(capacity) are counted under a row lock on the buddy, so two proposals at once cannot over-book
her; the database refuses a second open pairing for one case.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.core.permissions import require
from leuchtfeuer.portal.belonging.models import CHECKIN_AFTER_DAYS, Buddy, BuddyPairing, PairingStat
from leuchtfeuer.portal.models import Case, CaseTask
from leuchtfeuer.portal.shared import mail_language, notify_lotsen, send_on_commit

OPEN = (BuddyPairing.Status.PROPOSED, BuddyPairing.Status.ACTIVE)
CHECKIN_TASK = "Nachfrage Patenschaft"
BUDDY_SIDE, NEWCOMER_SIDE = "pate", "person"


def open_pairings(buddy: Buddy) -> int:
    return BuddyPairing.objects.filter(buddy=buddy, status__in=OPEN).count()


def _link(base_url: str, token: str) -> str:
    return base_url + reverse("portal:pairing-respond", args=[token])


@transaction.atomic
def pairing_propose(
    *, actor: Actor, case: Case, buddy: Buddy, message: str = "", base_url: str = ""
) -> BuddyPairing:
    """Propose a buddy for a case and mail both their personal link (no contact details yet)."""
    require(actor, "portal.pair_buddies", case.municipality)
    # The lock serialises proposals for this buddy: the count below cannot change until commit.
    buddy = Buddy.objects.select_for_update(of=("self",)).get(pk=buddy.pk)
    if buddy.municipality_id != case.municipality_id:
        raise ValidationError({"buddy": "Diese Pat:in gehört nicht zu dieser Kommune."})
    if buddy.status != Buddy.Status.ACTIVE:
        raise ValidationError(
            {
                "buddy": f"{buddy.name} ist nicht aktiv ({buddy.get_status_display()}) und kann nicht "
                "vorgeschlagen werden."
            }
        )
    taken = open_pairings(buddy)
    if taken >= buddy.capacity:
        raise ValidationError(
            {
                "buddy": f"{buddy.name} begleitet schon {taken} von höchstens {buddy.capacity} Menschen – "
                "kein Platz frei."
            }
        )
    if BuddyPairing.objects.filter(case=case, buddy=buddy, status=BuddyPairing.Status.DECLINED).exists():
        raise ValidationError({"buddy": f"{buddy.name} wurde für diesen Fall schon einmal abgelehnt."})
    try:
        with transaction.atomic():
            pairing = BuddyPairing.objects.create(
                case=case,
                buddy=buddy,
                proposed_by=cast(User, actor),  # safe: only signed-in users hold pair_buddies
                message=(message or "").strip(),
                buddy_token=secrets.token_urlsafe(32),
                newcomer_token=secrets.token_urlsafe(32),
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"buddy": "Für diesen Fall gibt es schon eine vorgeschlagene oder laufende Patenschaft."}
        ) from exc
    inquiry = case.inquiry
    town = case.municipality.display_name
    with mail_language(buddy.consent):
        send_on_commit(
            _("Vorschlag: eine Willkommenspatenschaft in %(town)s") % {"town": town},
            _(
                "Guten Tag %(name)s,\n\ndie Lotsin oder der Lotse in %(town)s schlägt Sie als "
                "Willkommenspat:in für einen neuen Menschen vor. Was die Person über sich teilt und ob Sie "
                "zusagen, sehen und entscheiden Sie hier:\n\n%(link)s\n\nKontaktdaten tauschen Sie erst "
                "aus, wenn Sie beide zugestimmt haben.%(note)s\n"
            )
            % {
                "name": buddy.name,
                "town": town,
                "link": _link(base_url, pairing.buddy_token),
                "note": _lotse_note(pairing),
            },
            [buddy.email],
        )
    with mail_language(inquiry.consent):
        send_on_commit(
            _("Eine Willkommenspatin oder ein Willkommenspate in %(town)s") % {"town": town},
            _(
                "Guten Tag %(name)s,\n\nin %(town)s gibt es Willkommenspat:innen: Menschen von hier, die "
                "Neuen beim Ankommen helfen – Vereine, Nachbarschaft, Alltag. Ihre Lotsin oder Ihr Lotse "
                "schlägt Ihnen eine Patin oder einen Paten vor. Wer es ist und ob Sie zusagen, sehen und "
                "entscheiden Sie hier:\n\n%(link)s\n\nKontaktdaten werden erst ausgetauscht, wenn Sie "
                "beide zugestimmt haben.%(note)s\n"
            )
            % {
                "name": inquiry.name,
                "town": town,
                "link": _link(base_url, pairing.newcomer_token),
                "note": _lotse_note(pairing),
            },
            [inquiry.email],
        )
    audit_record(
        actor=actor,
        action="pairing.propose",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk}: Willkommenspat:in #{buddy.pk} vorgeschlagen",
    )
    return pairing


def pairing_for_token(token: str) -> tuple[BuddyPairing, str]:
    """The pairing a personal link belongs to and the side ("pate" or "person")."""
    pairing = (
        BuddyPairing.objects.select_related(
            "buddy__ortsteil", "case__inquiry__ortsteil", "case__municipality"
        )
        .filter(buddy_token=token)
        .first()
    )
    if pairing is not None:
        return pairing, BUDDY_SIDE
    pairing = (
        BuddyPairing.objects.select_related(
            "buddy__ortsteil", "case__inquiry__ortsteil", "case__municipality"
        )
        .filter(newcomer_token=token)
        .first()
    )
    if pairing is None:
        raise ValidationError(
            _(
                "Dieser Link ist ungültig oder der Vorschlag wurde gelöscht. Bitte kopieren Sie ihn "
                "vollständig aus der E-Mail."
            )
        )
    return pairing, NEWCOMER_SIDE


def _contact_lines(name: str, email: str, phone: str) -> str:
    """In the language of the mail it goes into (the caller's `mail_language`)."""
    return f"{name}\n{_('E-Mail')}: {email}" + (f"\n{_('Telefon')}: {phone}" if phone else "")


def _lotse_note(pairing: BuddyPairing) -> str:
    """The Lots:in's own words to both sides (as written), under a heading in the mail's language."""
    if not pairing.message:
        return ""
    return "\n\n" + _("Nachricht der Lotsin oder des Lotsen:") + "\n" + pairing.message


@transaction.atomic
def pairing_respond(*, token: str, accept: bool) -> BuddyPairing:
    """One side accepts or declines. When both accepted: start, check-in date, contact details."""
    pairing, side = pairing_for_token(token)
    pairing = (
        BuddyPairing.objects.select_for_update(of=("self",))
        .select_related("buddy", "case__inquiry", "case__municipality", "case__lotse")
        .get(pk=pairing.pk)
    )
    field = "buddy_accepted_at" if side == BUDDY_SIDE else "newcomer_accepted_at"
    if pairing.status != BuddyPairing.Status.PROPOSED:
        if accept and getattr(pairing, field) is not None:
            return pairing  # the same link pressed twice
        raise ValidationError(
            _("Dieser Vorschlag ist nicht mehr offen (Stand: %(status)s).")
            % {"status": pairing.get_status_display()}
        )
    case = pairing.case
    now = timezone.now()
    who = "die Pat:in" if side == BUDDY_SIDE else "die neue Person"
    if not accept:
        pairing.status = BuddyPairing.Status.DECLINED
        pairing.declined_by = side
        pairing.save(update_fields=["status", "declined_by"])
        audit_record(
            actor=None,
            action="pairing.decline",
            target=case,
            municipality=case.municipality,
            summary=f"Fall #{case.pk}: Patenschaft #{pairing.pk} abgelehnt durch {who}",
        )
        _tell_lotse(
            case, f"ein Vorschlag für eine Willkommenspatenschaft zu Fall #{case.pk} wurde abgelehnt."
        )
        return pairing
    if getattr(pairing, field) is not None:
        return pairing
    setattr(pairing, field, now)
    fields = [field]
    if pairing.contact_shared:
        today = timezone.localdate(now)
        pairing.status = BuddyPairing.Status.ACTIVE
        pairing.started_on = today
        pairing.checkin_due_on = today + timedelta(days=CHECKIN_AFTER_DAYS)
        fields += ["status", "started_on", "checkin_due_on"]
    pairing.save(update_fields=fields)
    audit_record(
        actor=None,
        action="pairing.accept",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk}: Patenschaft #{pairing.pk} zugesagt durch {who}"
        + (" – beide haben zugestimmt, Kontaktdaten ausgetauscht" if pairing.contact_shared else ""),
    )
    if pairing.status == BuddyPairing.Status.ACTIVE:
        PairingStat.objects.create(
            municipality=case.municipality,
            pairing=pairing,
            month=cast(date, pairing.started_on).replace(day=1),
        )
        _share_contacts(pairing)
        _tell_lotse(
            case, f"die Willkommenspatenschaft zu Fall #{case.pk} hat begonnen: beide haben zugesagt."
        )
    return pairing


def _share_contacts(pairing: BuddyPairing) -> None:
    """Both have accepted: each receives the other's contact details (and nothing before that)."""
    buddy, inquiry = pairing.buddy, pairing.case.inquiry
    town = pairing.case.municipality.display_name
    with mail_language(buddy.consent):
        send_on_commit(
            _("Ihre Willkommenspatenschaft in %(town)s beginnt") % {"town": town},
            _(
                "Guten Tag %(name)s,\n\nbeide haben zugestimmt – danke! So erreichen Sie die Person, die Sie "
                "beim Ankommen begleiten:\n\n%(contact)s\n\nNach vier Wochen fragt die Lotsin oder der "
                "Lotse nach, wie es läuft.\n"
            )
            % {"name": buddy.name, "contact": _contact_lines(inquiry.name, inquiry.email, inquiry.phone)},
            [buddy.email],
        )
    with mail_language(inquiry.consent):
        send_on_commit(
            _("Ihre Willkommenspatenschaft in %(town)s beginnt") % {"town": town},
            _(
                "Guten Tag %(name)s,\n\nbeide haben zugestimmt. So erreichen Sie Ihre Patin oder Ihren "
                "Paten:\n\n%(contact)s\n\nNach vier Wochen fragt die Lotsin oder der Lotse nach, wie es "
                "läuft.\n"
            )
            % {"name": inquiry.name, "contact": _contact_lines(buddy.name, buddy.email, buddy.phone)},
            [inquiry.email],
        )


def _tell_lotse(case: Case, text: str) -> None:
    link = reverse("portal:case-detail", args=[case.municipality.slug, case.pk])
    if case.lotse is not None:
        send_on_commit(
            f"Willkommenspatenschaft zu Fall #{case.pk}",
            f"Guten Tag,\n\n{text}\n{link}\n\n(Aus Datenschutzgründen stehen keine persönlichen Angaben in "
            "dieser E-Mail.)\n",
            [case.lotse.email],
        )
    else:
        notify_lotsen(case.municipality, f"Willkommenspatenschaft zu Fall #{case.pk}", f"{text}\n{link}")


def _lock(pairing: BuddyPairing) -> BuddyPairing:
    return (
        BuddyPairing.objects.select_for_update(of=("self",))
        .select_related("case__municipality", "buddy")
        .get(pk=pairing.pk)
    )


@transaction.atomic
def pairing_end(*, actor: Actor, pairing: BuddyPairing, reason: str) -> BuddyPairing:
    """End a running pairing (or withdraw a proposal) with a reason; the anonymous count keeps the weeks."""
    require(actor, "portal.pair_buddies", pairing.case.municipality)
    pairing = _lock(pairing)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"end_reason": "Bitte geben Sie einen Grund für das Ende an."})
    today = timezone.localdate()
    if pairing.status == BuddyPairing.Status.PROPOSED:
        pairing.status = BuddyPairing.Status.DECLINED
        pairing.declined_by = "lotse"
        pairing.end_reason = reason[:300]
        pairing.save(update_fields=["status", "declined_by", "end_reason"])
    elif pairing.status == BuddyPairing.Status.ACTIVE:
        pairing.status = BuddyPairing.Status.ENDED
        pairing.ended_on = today
        pairing.end_reason = reason[:300]
        pairing.save(update_fields=["status", "ended_on", "end_reason"])
        weeks = (today - cast(date, pairing.started_on)).days // 7  # active pairings have a start
        PairingStat.objects.filter(pairing=pairing).update(ended=True, weeks=weeks)
    else:
        raise ValidationError(f"Diese Patenschaft ist schon {pairing.get_status_display()}.")
    audit_record(
        actor=actor,
        action="pairing.end",
        target=pairing.case,
        municipality=pairing.case.municipality,
        summary=f"Fall #{pairing.case_id}: Patenschaft #{pairing.pk} {pairing.get_status_display()}",
    )
    return pairing


@transaction.atomic
def pairing_record_checkin(*, actor: Actor, pairing: BuddyPairing, note: str) -> BuddyPairing:
    """The Lots:in asked how it goes and writes down the answer (closes the check-in task)."""
    require(actor, "portal.pair_buddies", pairing.case.municipality)
    pairing = _lock(pairing)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"checkin_note": "Bitte schreiben Sie kurz auf, wie es läuft."})
    if pairing.status not in (BuddyPairing.Status.ACTIVE, BuddyPairing.Status.ENDED):
        raise ValidationError("Eine Nachfrage gibt es erst, wenn die Patenschaft begonnen hat.")
    now = timezone.now()
    pairing.checkin_done_at = now
    pairing.checkin_note = note
    pairing.save(update_fields=["checkin_done_at", "checkin_note"])
    PairingStat.objects.filter(pairing=pairing).update(checkin_done=True)
    CaseTask.objects.filter(case=pairing.case, title=CHECKIN_TASK, done_at__isnull=True).update(done_at=now)
    audit_record(
        actor=actor,
        action="pairing.checkin",
        target=pairing.case,
        municipality=pairing.case.municipality,
        summary=f"Fall #{pairing.case_id}: Nachfrage zur Patenschaft #{pairing.pk} festgehalten",
    )
    return pairing


def send_checkin_reminders(*, today: date | None = None) -> int:
    """For each running pairing whose check-in is due: one task "Nachfrage Patenschaft" for the
    Lots:in of the case and one e-mail to her (idempotent: ``checkin_sent_at`` is set once)."""
    today = today or timezone.localdate()
    due = BuddyPairing.objects.filter(
        status=BuddyPairing.Status.ACTIVE,
        checkin_due_on__lte=today,
        checkin_sent_at__isnull=True,
        checkin_done_at__isnull=True,
    ).select_related("case__municipality", "case__lotse")
    sent = 0
    for pairing in due:
        with transaction.atomic():
            claimed = BuddyPairing.objects.filter(pk=pairing.pk, checkin_sent_at__isnull=True).update(
                checkin_sent_at=timezone.now()
            )
            if not claimed:
                continue
            case = pairing.case
            CaseTask.objects.create(
                case=case,
                title=CHECKIN_TASK,
                due_on=today,
                assignee=case.lotse,
                reminded_at=timezone.now(),  # this e-mail is the reminder
            )
            _tell_lotse(
                case,
                f"die Willkommenspatenschaft zu Fall #{case.pk} läuft seit "
                f"{date_format(cast(date, pairing.started_on), 'd.m.Y')}. Bitte fragen Sie bei beiden nach, "
                "wie es läuft, und halten Sie das Ergebnis im Fall fest.",
            )
            sent += 1
    return sent
