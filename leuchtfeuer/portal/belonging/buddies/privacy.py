"""Meine Daten and retention for belonging's personal data: Willkommenspat:innen, their pairings
and the engagement introductions of a case (called by portal/privacy/services.py and
portal/selectors.py person_export).

- Export: a buddy's sign-up and her pairings; a newcomer's pairings and introductions (on her cases).
- Delete: a buddy's rows go with their pairings; a newcomer's pairings and introductions go with
  her case (database cascade). PairingStat keeps the anonymous count (pairing set to NULL).
- Retention: an unconfirmed sign-up after 7 days; a buddy without an open pairing after her
  consent's retention, counted from her last pairing's end (or her sign-up if there was none);
  an ended or declined pairing after the same period, counted from its end or its proposal.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from leuchtfeuer.portal.belonging.models import Buddy, BuddyPairing, EngagementIntroduction
from leuchtfeuer.portal.shared import add_months

UNCONFIRMED_RETENTION = timedelta(days=7)
OPEN = (BuddyPairing.Status.PROPOSED, BuddyPairing.Status.ACTIVE)
KIND_BUDDY = "Willkommenspat:in"
KIND_BUDDY_UNCONFIRMED = "Willkommenspat:in (unbestätigt)"
KIND_PAIRING = "Patenschaft (beendet)"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def records(email: str) -> dict[str, list[Any]]:
    email = email.strip().lower()
    return {
        "buddies": list(
            Buddy.objects.filter(email=email)
            .select_related("municipality", "ortsteil")
            .prefetch_related("pairings")
        ),
        "case_pairings": list(
            BuddyPairing.objects.filter(case__inquiry__email=email).select_related("case__municipality")
        ),
        "introductions": list(
            EngagementIntroduction.objects.filter(case__inquiry__email=email).select_related("offer")
        ),
    }


def _pairing(p: BuddyPairing) -> dict[str, Any]:
    return {
        "id": p.pk,
        "status": p.get_status_display(),
        "proposed_at": _iso(p.proposed_at),
        "buddy_accepted_at": _iso(p.buddy_accepted_at),
        "newcomer_accepted_at": _iso(p.newcomer_accepted_at),
        "started_on": _iso(p.started_on),
        "checkin_done_at": _iso(p.checkin_done_at),
        "ended_on": _iso(p.ended_on),
        "end_reason": p.end_reason,
    }


def export(email: str) -> dict[str, list[dict[str, Any]]]:
    r = records(email)
    return {
        "buddy_signups": [
            {
                "id": b.pk,
                "municipality": b.municipality.display_name,
                "name": b.name,
                "email": b.email,
                "phone": b.phone,
                "languages": b.languages,
                "life_phase": b.get_life_phase_display(),
                "ortsteil": b.ortsteil.name if b.ortsteil_id else "",
                "interests": list(b.interests or []),
                "capacity": b.capacity,
                "about": b.about,
                "status": b.get_status_display(),
                "signed_up_at": _iso(b.created_at),
                "pairings": [_pairing(p) for p in b.pairings.all()],
            }
            for b in r["buddies"]
        ],
        "buddy_pairings_as_newcomer": [
            {**_pairing(p), "municipality": p.case.municipality.display_name, "case": p.case_id}
            for p in r["case_pairings"]
        ],
        "engagement_introductions": [
            {
                "id": i.pk,
                "case": i.case_id,
                "offer": i.offer.title,
                "proposed_at": _iso(i.proposed_at),
                "accepted_at": _iso(i.accepted_at),
                "declined_at": _iso(i.declined_at),
                "contact_sent_at": _iso(i.contact_sent_at),
            }
            for i in r["introductions"]
        ],
    }


def delete(email: str) -> dict[str, int]:
    """Delete the buddy rows of this address (with their pairings). Run inside the caller's transaction,
    before the case and consent rows are deleted (a buddy's consent is protected while she exists)."""
    email = email.strip().lower()
    pairings = BuddyPairing.objects.filter(buddy__email=email).count()
    deleted = Buddy.objects.filter(email=email).delete()[1]
    return {"Willkommenspatenschaften": deleted.get("portal.Buddy", 0), "Patenschaften als Pat:in": pairings}


def _moment(day: Any) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day))


def expired(now: datetime) -> list[tuple[str, int, str, str]]:
    """(kind, pk, municipality, reason) of every buddy and ended pairing past its retention."""
    result: list[tuple[str, int, str, str]] = []
    buddies = (
        Buddy.objects.select_related("municipality", "consent").prefetch_related("pairings").order_by("pk")
    )
    for buddy in buddies:
        if buddy.consent.confirmed_at is None:
            if buddy.created_at < now - UNCONFIRMED_RETENTION:
                result.append(
                    (
                        KIND_BUDDY_UNCONFIRMED,
                        buddy.pk,
                        buddy.municipality.display_name,
                        "E-Mail nicht innerhalb von 7 Tagen bestätigt",
                    )
                )
            continue
        pairings = list(buddy.pairings.all())
        if any(p.status in OPEN for p in pairings):
            continue
        last = max(
            [buddy.created_at]
            + [_moment(p.ended_on) for p in pairings if p.ended_on]
            + [p.proposed_at for p in pairings]
        )
        limit = add_months(last, buddy.consent.retention_months)
        if limit < now:
            result.append(
                (
                    KIND_BUDDY,
                    buddy.pk,
                    buddy.municipality.display_name,
                    f"Speicherfrist abgelaufen am {timezone.localtime(limit):%d.%m.%Y}",
                )
            )
    purged_buddies = {pk for kind, pk, _m, _r in result}
    closed = (
        BuddyPairing.objects.exclude(status__in=OPEN)
        .exclude(buddy_id__in=purged_buddies)
        .select_related("buddy__consent", "case__municipality")
        .order_by("pk")
    )
    for p in closed:
        start = _moment(p.ended_on) if p.ended_on else p.proposed_at
        limit = add_months(start, p.buddy.consent.retention_months)
        if limit < now:
            result.append(
                (
                    KIND_PAIRING,
                    p.pk,
                    p.case.municipality.display_name,
                    f"Speicherfrist abgelaufen am {timezone.localtime(limit):%d.%m.%Y}",
                )
            )
    return result


def purge(by_kind: dict[str, list[int]]) -> None:
    """Delete what ``expired`` found (inside the caller's transaction; anonymous counts remain)."""
    BuddyPairing.objects.filter(pk__in=by_kind.get(KIND_PAIRING, [])).delete()
    Buddy.objects.filter(
        pk__in=by_kind.get(KIND_BUDDY, []) + by_kind.get(KIND_BUDDY_UNCONFIRMED, [])
    ).delete()


def consent_ids_in_use() -> set[int]:
    return set(Buddy.objects.values_list("consent_id", flat=True))
