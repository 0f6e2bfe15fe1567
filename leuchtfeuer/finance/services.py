"""Writes of the finance part: saved scenarios and uploaded criterion figures.

Keyword-only, `actor` first, authorised here (rules.py), inside one transaction each; bad input
raises ValidationError with a German message and changes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from leuchtfeuer.accounts.models import User
from leuchtfeuer.core.uploads import check_upload
from leuchtfeuer.finance.models import CriterionUpload, CriterionValue, Scenario
from leuchtfeuer.finance.selectors import dataset
from leuchtfeuer.finance.simulation import ScenarioError, Spec, validate
from leuchtfeuer.finance.uploads import ALLOWED, MAX_BYTES, UploadProblem, parse_figures
from leuchtfeuer.places.models import Region

Actor = User | AnonymousUser  # what a view passes as request.user


def _require(actor: Actor, perm: str, obj: object = None) -> User:
    """The signed-in person holding `perm` (on `obj`); PermissionDenied otherwise."""
    if not isinstance(actor, User) or not actor.has_perm(perm, obj):
        raise PermissionDenied("Dafür fehlt Ihnen die Berechtigung.")
    return actor


def _spec_fields(spec: Spec) -> dict[str, object]:
    return {
        "land_code": spec.land,
        "pot": spec.pot,
        "weights": {k: str(v) for k, v in spec.weights.items() if v > 0},
        "demography_years": spec.demography_years,
        "veredelung": {k: str(v) for k, v in spec.veredelung.items() if v != 1},
        "max_loss_percent": spec.max_loss_percent,
        "max_gain_percent": spec.max_gain_percent,
    }


def scenario_spec(scenario: Scenario) -> Spec:
    """The computable scenario of a saved one."""
    return Spec(
        land=scenario.land_code,
        pot=scenario.pot,
        weights={k: Decimal(v) for k, v in scenario.weights.items()},
        demography_years=scenario.demography_years,
        veredelung={k: Decimal(v) for k, v in (scenario.veredelung or {}).items()},
        max_loss_percent=scenario.max_loss_percent,
        max_gain_percent=scenario.max_gain_percent,
    )


@transaction.atomic
def scenario_save(
    *, actor: Actor, spec: Spec, name: str, shared: bool = False, scenario: Scenario | None = None
) -> Scenario:
    """Save a new named scenario, or overwrite the actor's own `scenario`."""
    if scenario is None:
        person = _require(actor, "finance.save_scenario")
    else:
        person = _require(actor, "finance.change_scenario", scenario)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Bitte geben Sie dem Szenario einen Namen."})
    if len(name) > 120:
        raise ValidationError({"name": "Der Name ist zu lang (höchstens 120 Zeichen)."})
    try:
        validate(spec, dataset())
    except ScenarioError as exc:
        raise ValidationError(str(exc)) from None
    duplicate = Scenario.objects.filter(owner=person, land_code=spec.land, name=name)
    if scenario is not None:
        duplicate = duplicate.exclude(pk=scenario.pk)
    if duplicate.exists():
        raise ValidationError({"name": f"Sie haben schon ein Szenario „{name}“ für dieses Land."})
    fields = _spec_fields(spec) | {"name": name, "shared": shared}
    try:
        with transaction.atomic():
            if scenario is None:
                return Scenario.objects.create(owner=person, **fields)
            for key, value in fields.items():
                setattr(scenario, key, value)
            scenario.save()
            return scenario
    except IntegrityError:
        raise ValidationError({"name": f"Sie haben schon ein Szenario „{name}“ für dieses Land."}) from None


@transaction.atomic
def scenario_delete(*, actor: Actor, scenario: Scenario) -> None:
    _require(actor, "finance.change_scenario", scenario)
    scenario.delete()


@transaction.atomic
def criteria_upload(*, actor: Actor, land: str, upload: UploadedFile, reference: str) -> CriterionUpload:
    """Store a Land's own criterion figures from a CSV/XLSX file.

    The criteria named in the file replace the Land's earlier figures for those criteria
    completely (a Gemeinde left empty then has no figure); other criteria stay as they were.
    """
    person = _require(actor, "finance.upload_criteria", land)
    if land not in dataset().lands:
        raise ValidationError({"land": f"Unbekanntes Land „{land}“."})
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError(
            {"reference": "Bitte nennen Sie Stand und Quelle der Zahlen (z. B. „Straßenverzeichnis 2024“)."}
        )
    _type, safe_name = check_upload(upload, allowed=ALLOWED, max_bytes=MAX_BYTES, field="file")
    upload.seek(0)
    content = upload.read()
    regions = dict(
        Region.objects.filter(level=Region.Level.GEMEINDE, land_code=land).values_list("ags", "id")
    )
    try:
        parsed = parse_figures(safe_name, content, land_ags=set(regions))
    except UploadProblem as exc:
        raise ValidationError({"file": str(exc)}) from None
    record = CriterionUpload.objects.create(
        land_code=land,
        uploaded_by=person,
        filename=safe_name,
        rows_read=parsed.rows_read,
        criteria=sorted(parsed.values),
        reference=reference[:200],
    )
    CriterionValue.objects.filter(region__land_code=land, key__in=list(parsed.values)).delete()
    CriterionValue.objects.bulk_create(
        [
            CriterionValue(region_id=regions[ags], key=key, value=value, upload=record)
            for key, by_ags in parsed.values.items()
            for ags, value in by_ags.items()
        ]
    )
    return record
