"""Offer matching for a case: which published offers fit what the person needs, and why.

Pure Python: the service feeds plain dataclasses. A match needs a fitting need (job field,
housing type, Kita, school, coworking, trial living) and an offer that is still available when
the person plans to arrive; the place (wished Ortsteil) and the date only raise the score.
Every match carries the reasons in plain German so the Lotse can explain it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Needs:
    life_phase: str
    job_field: str = ""
    job_field_label: str = ""
    partner_job_field: str = ""
    partner_job_field_label: str = ""
    housing_kind: str = ""  # offer kind wanted: wohnung, haus, bauplatz
    housing_label: str = ""
    kita: bool = False
    school: bool = False
    trial: bool = False
    ortsteil_id: int | None = None
    ortsteil_name: str = ""
    arrival: date | None = None  # earliest planned arrival


@dataclass(frozen=True)
class OfferInfo:
    id: int
    kind: str
    title: str
    job_field: str = ""
    ortsteil_id: int | None = None
    ortsteil_name: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    life_phases: tuple[str, ...] = ()


@dataclass
class Match:
    offer_id: int
    score: int
    reasons: list[str] = field(default_factory=list)


def _fmt(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def match_offers(needs: Needs, offers: list[OfferInfo], *, today: date, limit: int = 20) -> list[Match]:
    """Offers that fit, best first (score desc, then offer id for a stable order)."""
    result: list[Match] = []
    for offer in offers:
        reasons: list[str] = []
        score = 0
        if offer.kind in ("job", "ausbildung"):
            if needs.job_field and offer.job_field == needs.job_field:
                score += 50
                reasons.append(f"Berufsfeld „{needs.job_field_label}“ wie gewünscht")
            elif needs.partner_job_field and offer.job_field == needs.partner_job_field:
                score += 40
                reasons.append(
                    f"Berufsfeld „{needs.partner_job_field_label}“ passt für die Partnerin / den Partner"
                )
            else:
                continue
            if offer.kind == "ausbildung" and needs.life_phase not in (
                "jugend",
                "nach-ausbildung",
                "zuwanderung",
            ):
                score -= 20
        elif offer.kind in ("wohnung", "haus", "bauplatz"):
            if not needs.housing_kind or offer.kind != needs.housing_kind:
                continue
            score += 50
            reasons.append(f"Wohnform „{needs.housing_label}“ wie gewünscht")
        elif offer.kind == "kita":
            if not needs.kita:
                continue
            score += 45
            reasons.append("Kita-Platz gesucht")
        elif offer.kind == "schule":
            if not needs.school:
                continue
            score += 40
            reasons.append("Schule gesucht")
        elif offer.kind == "coworking":
            if not (needs.life_phase == "digitale-nomaden" or needs.job_field == "it"):
                continue
            score += 30
            reasons.append("Arbeitsplatz im Coworking für ortsunabhängiges Arbeiten")
        elif offer.kind == "probewohnen":
            if not needs.trial:
                continue
            score += 40
            reasons.append("Interesse am Probewohnen")
        else:
            continue

        # Date: gone before the person arrives → no match; available around the arrival → bonus.
        arrival = needs.arrival or today
        if offer.ends_on is not None and offer.ends_on < arrival:
            continue
        if offer.starts_on is None or offer.starts_on <= arrival:
            score += 10
            reasons.append(f"verfügbar zur geplanten Ankunft ab {_fmt(arrival)}")
        elif (offer.starts_on - arrival).days <= 92:
            score += 5
            reasons.append(f"verfügbar ab {_fmt(offer.starts_on)}, kurz nach der geplanten Ankunft")
        else:
            reasons.append(f"erst ab {_fmt(offer.starts_on)} verfügbar")

        # Place: the wished Ortsteil.
        if needs.ortsteil_id is not None and offer.ortsteil_id == needs.ortsteil_id:
            score += 15
            reasons.append(f"im gewünschten Ortsteil {needs.ortsteil_name}")

        if needs.life_phase and needs.life_phase in offer.life_phases:
            score += 5
            reasons.append("ausdrücklich für diese Lebensphase ausgeschrieben")
        result.append(Match(offer.id, score, reasons))
    result.sort(key=lambda m: (-m.score, m.offer_id))
    return result[:limit]
