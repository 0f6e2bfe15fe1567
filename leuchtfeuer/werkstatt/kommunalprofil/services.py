"""Changes in the Kommunalprofil stage: Resilienz-Check, snapshots of the profile, findings."""

from __future__ import annotations

import io
import json
import logging
from datetime import date
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core import taxonomy
from leuchtfeuer.core.permissions import require
from leuchtfeuer.places.models import OfficialImport, Region
from leuchtfeuer.places.profile import build_profile
from leuchtfeuer.places.profile import data_version as profile_data_version
from leuchtfeuer.werkstatt.kommunalprofil.models import (
    Finding,
    ProfileSnapshot,
    ResilienceAnswer,
    ResilienceCheck,
)
from leuchtfeuer.werkstatt.process.guards import DENIED, audit, require_area, text_value
from leuchtfeuer.werkstatt.process.models import Process

logger = logging.getLogger(__name__)


# ----------------------------------------------------------------------------- Resilienz-Check
def resilience_items() -> list[tuple[str, str, str]]:
    """[(dimension, key, label)] of the Resilienz-Check: five pillars, then ten challenge fields."""
    # the cast widens the Dimension members (str enum) to str
    return cast(
        "list[tuple[str, str, str]]",
        [(ResilienceAnswer.Dimension.PILLAR, t.key, t.label) for t in taxonomy.RESILIENCE_PILLARS]
        + [(ResilienceAnswer.Dimension.CHALLENGE, t.key, t.label) for t in taxonomy.CHALLENGE_FIELDS],
    )


@transaction.atomic
def resilience_check_save(
    *, actor: Actor, process: Process, taken_on: date, answers: list[dict[str, Any]], note: str = ""
) -> ResilienceCheck:
    """Store a complete self-assessment: answers = [{dimension, key, score 1–5, note}] for all 15."""
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "resilience")
    items = {(d, k): label for d, k, label in resilience_items()}
    given: dict[tuple[str, str], dict[str, Any]] = {}
    errors: dict[str, list[str]] = {}
    for answer in answers:
        # a pair of whatever was sent; looked up in `items` just below
        ident = cast("tuple[str, str]", (answer.get("dimension"), answer.get("key")))
        if ident not in items:
            errors.setdefault("__all__", []).append(f"Unbekannter Punkt im Resilienz-Check: {ident[1]}.")
            continue
        score: Any = answer.get("score")
        try:
            score = int(score)
        except (TypeError, ValueError):
            score = None
        if score is None or not 1 <= score <= 5:
            errors.setdefault(f"{ident[0]}-{ident[1]}", []).append(
                f"„{items[ident]}“: bitte eine Einschätzung von 1 (sehr schwach) bis 5 (sehr stark) wählen."
            )
            continue
        given[ident] = {"score": score, "note": (answer.get("note") or "").strip()[:500]}
    for ident, label in items.items():
        if ident not in given and f"{ident[0]}-{ident[1]}" not in errors:
            errors.setdefault(f"{ident[0]}-{ident[1]}", []).append(f"„{label}“: die Einschätzung fehlt.")
    if errors:
        raise ValidationError(errors)
    if taken_on is None:
        raise ValidationError({"taken_on": "Bitte geben Sie das Datum des Resilienz-Checks an."})
    check = ResilienceCheck.objects.create(
        process=process,
        taken_on=taken_on,
        note=text_value(note, field="note", label="Anmerkung", max_length=5000, required=False),
        created_by=cast(
            User, actor
        ),  # safe: only signed-in users hold werkstatt.edit_content (require above)
    )
    ResilienceAnswer.objects.bulk_create(
        ResilienceAnswer(check_run=check, dimension=d, key=k, score=v["score"], note=v["note"])
        for (d, k), v in given.items()
    )
    audit(
        actor,
        process,
        "resilience.save",
        check,
        f"Resilienz-Check vom {taken_on:%d.%m.%Y} gespeichert",
        {f"{d}:{k}": v["score"] for (d, k), v in given.items()},
    )
    return check


# ------------------------------------------------------------------------------ Kommunalprofil
def data_version() -> str:
    """The version of the official data: fingerprints of every import plus the profile key."""
    imports = {
        source: fingerprint[:12]
        for source, fingerprint in OfficialImport.objects.order_by("source").values_list(
            "source", "fingerprint"
        )
    }
    return json.dumps(
        {"imports": imports, "profile": profile_data_version()}, ensure_ascii=False, sort_keys=True
    )[:300]


def _profile_dict(region: Region) -> dict[str, Any]:
    profile = build_profile(region, with_map=False, with_peers=False)
    return {
        "region": {"key": region.key, "name": region.name, "level": region.level},
        "indicators": [
            dict(indicator.to_dict(), comparison=profile.comparison.get(indicator.key, {}))
            for indicator in profile.indicators
        ],
        "series": [
            {"date": p.date.isoformat(), "total": p.total, "basis": p.basis, "source": p.source}
            for p in profile.series
        ],
        "age_2015": profile.age_2015,
    }


def _projection_dict(region: Region) -> dict[str, Any] | None:
    """The projection as `leuchtfeuer project <AGS> --json` computes it; None if not possible."""
    if not region.ags or len(region.ags) != 8:
        return None
    out = io.StringIO()
    try:
        call_command("project", region.ags, "--json", stdout=out)
    except Exception as exc:  # any failure there must not block freezing the profile
        logger.warning("projection for %s failed: %s", region.ags, exc)
        return None
    lines = [line for line in out.getvalue().splitlines() if line.startswith("{")]
    return cast(
        "dict[str, Any] | None", json.loads(lines[-1]) if lines else None
    )  # the command prints an object


@transaction.atomic
def profile_snapshot_take(*, actor: Actor, process: Process, with_projection: bool = True) -> ProfileSnapshot:
    """Freeze the Kommunalprofil (and the projection) with the data version into the process."""
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "profile")
    region = process.municipality.region
    snapshot = ProfileSnapshot.objects.create(
        process=process,
        region_key=region.key,
        data_version=data_version(),
        profile=_profile_dict(region),
        projection=_projection_dict(region) if with_projection else None,
        taken_by=cast(User, actor),  # safe: only signed-in users hold werkstatt.edit_content (require above)
    )
    audit(
        actor,
        process,
        "profile.snapshot",
        snapshot,
        f"Stand des Kommunalprofils {region.name} gesichert"
        + (" (mit Vorausberechnung)" if snapshot.projection else " (ohne Vorausberechnung)"),
    )
    return snapshot


@transaction.atomic
def finding_add(*, actor: Actor, process: Process, kind: str, text: str) -> Finding:
    require(actor, "werkstatt.edit_findings", process, message=DENIED)
    require_area(process, "findings")
    if kind not in Finding.Kind.values:
        raise ValidationError({"kind": "Bitte wählen Sie Stärke, Schwäche, Halte- oder Anziehungsfaktor."})
    finding = Finding.objects.create(
        process=process,
        kind=kind,
        text=text_value(text, field="text", label="den Befund", max_length=2000),
        created_by=cast(
            User, actor
        ),  # safe: only signed-in users hold werkstatt.edit_findings (require above)
    )
    audit(actor, process, "finding.add", finding, f"{finding.get_kind_display()}: {finding.text}")
    return finding


@transaction.atomic
def finding_delete(*, actor: Actor, finding: Finding) -> None:
    process = finding.process
    require(actor, "werkstatt.edit_findings", process, message=DENIED)
    require_area(process, "findings")
    audit(actor, process, "finding.delete", finding, f"{finding.get_kind_display()} gelöscht: {finding.text}")
    finding.delete()
