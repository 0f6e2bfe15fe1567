"""Reads of Willkommenspat:innen: the Lots:in's list, suggestions for a case, anonymous counts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from leuchtfeuer.core.engine.german import format_decimal
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.portal.belonging.models import Buddy, BuddyPairing, PairingStat
from leuchtfeuer.portal.engine import buddies as engine
from leuchtfeuer.portal.engine.stats import SUPPRESSED
from leuchtfeuer.portal.models import Case
from leuchtfeuer.portal.vocab import Interest, life_phase_label

OPEN = (BuddyPairing.Status.PROPOSED, BuddyPairing.Status.ACTIVE)


def with_open_count(queryset: QuerySet[Buddy]) -> QuerySet[Buddy]:
    return queryset.annotate(open_count=Count("pairings", filter=Q(pairings__status__in=OPEN)))


def buddies_for(municipality: Municipality) -> list[Buddy]:
    """All buddies of the town (ended last), each with ``open_count`` and ``free`` places."""
    rows = list(
        with_open_count(Buddy.objects.filter(municipality=municipality))
        .select_related("ortsteil", "consent")
        .order_by("name", "pk")
    )
    order: dict[str, int] = {"aktiv": 0, "angemeldet": 1, "pausiert": 2, "beendet": 3}
    for buddy in rows:
        buddy.free = max(buddy.capacity - buddy.open_count, 0)  # type: ignore[attr-defined]
    return sorted(rows, key=lambda b: order.get(b.status, 9))


def interest_labels() -> dict[str, str]:
    return {key: str(label) for key, label in Interest.choices}


def newcomer_of(case: Case, languages: str = "") -> engine.Newcomer:
    inquiry = case.inquiry
    return engine.Newcomer(
        life_phase=inquiry.life_phase,
        life_phase_label=life_phase_label(inquiry.life_phase),
        ortsteil_id=inquiry.ortsteil_id,
        ortsteil_name=inquiry.ortsteil.name if inquiry.ortsteil else "",
        languages=engine.languages(languages),
        interests=tuple(inquiry.interests or ()),
    )


@dataclass
class Suggested:
    buddy: Buddy
    score: int
    free: int
    reasons: list[str]


def suggestions(case: Case, *, languages: str = "", limit: int = 5) -> list[Suggested]:
    """Active buddies of the case's town with a free place, best first, with reasons."""
    buddies = {
        b.pk: b
        for b in with_open_count(
            Buddy.objects.filter(municipality_id=case.municipality_id, status=Buddy.Status.ACTIVE)
        ).select_related("ortsteil")
    }
    infos = [
        engine.BuddyInfo(
            id=b.pk,
            name=b.name,
            capacity=b.capacity,
            open_pairings=b.open_count,  # type: ignore[attr-defined]
            life_phase=b.life_phase,
            ortsteil_id=b.ortsteil_id,
            ortsteil_name=b.ortsteil.name if b.ortsteil else "",
            languages=engine.languages(b.languages),
            interests=tuple(b.interests or ()),
        )
        for b in buddies.values()
    ]
    declined = BuddyPairing.objects.filter(case=case, status=BuddyPairing.Status.DECLINED).values_list(
        "buddy_id", flat=True
    )
    ranked = engine.suggest(
        newcomer_of(case, languages), infos, interest_labels=interest_labels(), exclude=declined, limit=limit
    )
    return [Suggested(buddies[s.buddy_id], s.score, s.free, s.reasons) for s in ranked]


def case_pairings(case: Case) -> list[BuddyPairing]:
    return list(BuddyPairing.objects.filter(case=case).select_related("buddy__ortsteil"))


def shared_profile(buddy: Buddy) -> dict[str, str]:
    """What the newcomer sees of a proposed buddy: first name and profile, no contact details."""
    labels = interest_labels()
    return {
        _("Vorname"): (buddy.name.split() or [""])[0],
        _("Sprachen"): buddy.languages,
        _("Lebensphase"): life_phase_label(buddy.life_phase) if buddy.life_phase else "",
        _("Ortsteil"): buddy.ortsteil.name if buddy.ortsteil else "",
        _("Interessen"): ", ".join(labels.get(k, k) for k in buddy.interests or []),
        _("Über mich"): buddy.about,
    }


def newcomer_profile(case: Case) -> dict[str, str]:
    """What the buddy sees of the newcomer: first name, life phase, Ortsteil, interests."""
    inquiry = case.inquiry
    labels = interest_labels()
    return {
        _("Vorname"): (inquiry.name.split() or [""])[0],
        _("Lebensphase"): life_phase_label(inquiry.life_phase),
        _("Rückkehr"): _("ja, hat früher hier gelebt") if inquiry.is_returnee else "",
        _("Wunsch-Ortsteil"): inquiry.ortsteil.name if inquiry.ortsteil else "",
        _("Interessen"): ", ".join(labels.get(k, k) for k in inquiry.interests or []),
    }


# ---------------------------------------------------------------------------------------------
# Anonymous statistics (portal statistics page)
# ---------------------------------------------------------------------------------------------


def pairing_statistics(municipality_ids: list[int]) -> engine.PairingSummary:
    rows = PairingStat.objects.filter(municipality_id__in=municipality_ids).values_list(
        "month", "checkin_done", "ended", "weeks"
    )
    records = [engine.PairingRecord(m, c, e, w) for m, c, e, w in rows]
    return engine.summarise_pairings(records)


def pairing_rows(summary: engine.PairingSummary) -> list[list[str]]:
    """The statistics export's rows for pairings (suppressed values as "<5")."""
    rows: list[list[str]] = [[], ["Willkommenspatenschaften (begonnen)", summary.total.display]]
    rows.append(
        [
            "Anteil mit Nachfrage nach vier Wochen (%)",
            SUPPRESSED if summary.checkin_percent is None else format_decimal(summary.checkin_percent, 1),
        ]
    )
    rows.append(
        [
            "Median Dauer beendeter Patenschaften (Wochen)",
            SUPPRESSED if summary.median_weeks is None else format_decimal(summary.median_weeks, 1),
        ]
    )
    for table in summary.tables:
        rows += [[], [table.title], [table.dimension, "Anzahl"]]
        rows.extend([cell.label, cell.display] for cell in table.cells)
    return rows
