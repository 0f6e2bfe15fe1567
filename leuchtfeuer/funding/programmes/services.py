"""Writes of the programme catalogue and of a town's funding profile."""

from __future__ import annotations

from decimal import InvalidOperation
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.permissions import require
from leuchtfeuer.funding.common import (
    CENT,
    ZERO,
    parse_decimal,
)
from leuchtfeuer.funding.programmes.models import FundingProfile, Programme
from leuchtfeuer.places.models import Municipality

PROGRAMME_FIELDS = (
    "name", "sponsor", "summary", "facts", "source", "url", "needs_completion", "is_active", "lands",
    "size_classes", "min_population", "max_population", "degurba", "applicant_types",
    "own_contribution_percent", "deadline", "topics", "max_amount",
)  # fmt: skip


@transaction.atomic
def programme_save(*, actor: Actor, data: dict[str, Any], programme: Programme | None = None) -> Programme:
    require(actor, "funding.manage")
    data = {k: v for k, v in data.items() if k in PROGRAMME_FIELDS}
    name = " ".join((data.get("name") or "").split())
    if not name:
        raise ValidationError({"name": "Bitte einen Namen für das Programm angeben."})
    data["name"] = name
    lo, hi = data.get("min_population"), data.get("max_population")
    if lo is not None and hi is not None and lo > hi:
        raise ValidationError(
            {"max_population": "Die Höchstzahl liegt unter der Mindestzahl der Einwohner:innen."}
        )
    share = data.get("own_contribution_percent")
    if share is not None and not (ZERO <= share <= 100):
        raise ValidationError(
            {"own_contribution_percent": "Der Eigenanteil muss zwischen 0 und 100 % liegen."}
        )
    if programme is None:
        base = slugify(name.replace("ß", "ss"))[:70] or "programm"
        slug, n = base, 2
        while Programme.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        programme = Programme.objects.create(slug=slug, **data)
        audit_record(
            actor=actor,
            action="funding.programme.create",
            target=programme,
            summary=f"Förderprogramm {name} angelegt",
        )
        return programme
    changes = field_changes(programme, data)
    for key, value in data.items():
        setattr(programme, key, value)
    programme.save()
    if changes:
        audit_record(
            actor=actor,
            action="funding.programme.update",
            target=programme,
            summary=f"Förderprogramm {name} geändert",
            changes=changes,
        )
    return programme  # fmt: skip


@transaction.atomic
def funding_profile_set(
    *, actor: Actor, municipality: Municipality, own_contribution_percent: Any
) -> FundingProfile:
    """The own contribution a town can afford (used by the fit check); empty = not stated."""
    require(actor, "funding.edit_application", municipality)
    value = own_contribution_percent
    if value in ("", None):
        value = None
    else:
        try:
            value = parse_decimal(str(value))
        except InvalidOperation as exc:
            raise ValidationError(
                {"own_contribution_percent": f"„{own_contribution_percent}“ ist keine Zahl."}
            ) from exc
        if not ZERO <= value <= 100:
            raise ValidationError(
                {"own_contribution_percent": "Der Eigenanteil muss zwischen 0 und 100 % liegen."}
            )
        value = value.quantize(CENT)
    profile, _ = FundingProfile.objects.select_for_update().get_or_create(municipality=municipality)
    changes = field_changes(profile, {"own_contribution_percent": value})
    profile.own_contribution_percent = value
    profile.updated_by = cast(
        User, actor
    )  # safe: only signed-in users hold funding.edit_application (require above)
    profile.save()
    if changes:
        audit_record(actor=actor, action="funding.profile.update", target=profile, municipality=municipality,
                     summary="Eigenanteil für den Förderabgleich geändert", changes=changes)  # fmt: skip
    return profile
