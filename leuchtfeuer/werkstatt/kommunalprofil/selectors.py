"""Reads of the Kommunalprofil stage: the latest Resilienz-Check, the live and the frozen
official figures of the town, and the comparison of both."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache

from leuchtfeuer.core import taxonomy
from leuchtfeuer.places.profile import build_profile, data_version
from leuchtfeuer.werkstatt.kommunalprofil.models import ProfileSnapshot, ResilienceAnswer, ResilienceCheck
from leuchtfeuer.werkstatt.process.models import Process


def latest_resilience(process: Process) -> tuple[ResilienceCheck | None, list[dict]]:
    """The latest check and its answers as rows [{dimension, key, label, score, note}] in taxonomy order."""
    checks = list(process.resilience_checks.order_by("-taken_on", "-id")[:2])
    if not checks:
        return None, []
    check = checks[0]
    answers = {(a.dimension, a.key): a for a in check.answers.all()}
    previous = {(a.dimension, a.key): a.score for a in checks[1].answers.all()} if len(checks) > 1 else {}
    rows = []
    for dimension, terms in (
        (ResilienceAnswer.Dimension.PILLAR, taxonomy.RESILIENCE_PILLARS),
        (ResilienceAnswer.Dimension.CHALLENGE, taxonomy.CHALLENGE_FIELDS),
    ):
        for term in terms:
            answer = answers.get((dimension, term.key))
            rows.append(
                {
                    "dimension": dimension,
                    "dimension_label": ResilienceAnswer.Dimension(dimension).label,
                    "key": term.key,
                    "label": term.label,
                    "score": answer.score if answer else None,
                    "previous": previous.get((dimension, term.key)),
                    "note": answer.note if answer else "",
                }
            )
    return check, rows


# ------------------------------------------------------------------------- official indicators
def live_profile_indicators(process: Process) -> dict[str, dict]:
    """{key: {label, unit, value, date, source}} of the live Kommunalprofil (cached per data version)."""
    region = process.municipality.region
    key = f"leuchtfeuer:werkstatt:profile:{region.pk}:{data_version()}"
    cached = cache.get(key)
    if cached is None:
        profile = build_profile(region, with_map=False, with_peers=False)
        cached = {
            i.key: {
                "label": i.label,
                "unit": i.unit,
                "value": i.value,
                "date": i.reference_date,
                "source": i.source,
                "estimated": i.estimated,
            }
            for i in profile.indicators
        }
        cache.set(key, cached, 60 * 60)
    return cached


def official_indicator_choices(process: Process) -> list[tuple[str, str]]:
    return [(key, f"{v['label']} ({v['unit']})") for key, v in live_profile_indicators(process).items()]


def snapshot_indicator(process: Process, key: str) -> dict | None:
    """The indicator as frozen in the latest Kommunalprofil snapshot of the process."""
    snapshot = process.profile_snapshots.order_by("-taken_at", "-id").first()
    if snapshot is None:
        return None
    for item in snapshot.profile.get("indicators", []):
        if item.get("key") == key:
            ref = item.get("reference_date")
            return {
                "label": item.get("label", key),
                "unit": item.get("unit", ""),
                "value": item.get("value"),
                "date": date.fromisoformat(ref) if ref else None,
                "source": item.get("source", ""),
            }
    return None


def latest_snapshot(process: Process) -> ProfileSnapshot | None:
    return process.profile_snapshots.order_by("-taken_at", "-id").first()


def profile_comparison(process: Process, keys: list[str] | None = None) -> list[dict]:
    """Each Kommunalprofil indicator as frozen at the start (latest snapshot) and as the data say
    today: [{key, label, unit, start, start_date, current, current_date, change}]; [] without a
    snapshot. `change` is current − start where both exist and the current figure is newer."""
    snapshot = latest_snapshot(process)
    if snapshot is None:
        return []
    live = live_profile_indicators(process)
    rows = []
    for item in snapshot.profile.get("indicators", []):
        if keys is not None and item.get("key") not in keys:
            continue
        now = live.get(item.get("key"), {})
        start_date = date.fromisoformat(item["reference_date"]) if item.get("reference_date") else None
        current, current_date = now.get("value"), now.get("date")
        newer = current is not None and item.get("value") is not None and current_date != start_date
        rows.append(
            {
                "key": item.get("key"),
                "label": item.get("label", item.get("key")),
                "unit": item.get("unit", ""),
                "start": item.get("value"),
                "start_date": start_date,
                "current": current,
                "current_date": current_date,
                "change": (current - item["value"]) if newer else None,
            }
        )
    return rows
