"""Writes for Beteiligungsprojekte: create, phases, publish, hand ideas to the Werkstatt. Keyword-only, authorised, atomic, audited; German errors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.core.permissions import require
from leuchtfeuer.participation.common import clean_text
from leuchtfeuer.participation.ideas.models import Idea, Moderation
from leuchtfeuer.participation.phases import PHASE_BY_KEY
from leuchtfeuer.participation.projects.models import Phase, Project
from leuchtfeuer.places.models import Municipality, Ortsteil

# Slugs that would make a page unreachable because another URL of this part matches first:
# /beteiligung/<kommune>/jugendparlament|buergerrat/….
RESERVED_PROJECT_SLUGS = frozenset({"jugendparlament", "buergerrat"})


@transaction.atomic
def project_create(
    *,
    actor: Actor,
    municipality: Municipality,
    kind: str,
    title: str,
    slug: str,
    summary: str,
    description: str = "",
    ortsteil: Ortsteil | None = None,
    phases: Sequence[tuple[str, datetime, datetime]] = (),
    is_published: bool = False,
) -> Project:
    require(actor, "participation.manage_project", municipality)
    if ortsteil is not None and ortsteil.municipality_id != municipality.pk:
        raise ValidationError({"ortsteil": f"{ortsteil} gehört nicht zu {municipality}."})
    if kind not in Project.Kind.values:
        raise ValidationError({"kind": f"Unbekannte Projektart „{kind}“."})
    if slug in RESERVED_PROJECT_SLUGS:
        raise ValidationError(
            {
                "slug": f"Der Kurzname „{slug}“ ist für andere Seiten der Beteiligung reserviert. Bitte einen anderen wählen."
            }
        )
    project = Project(
        municipality=municipality,
        ortsteil=ortsteil,
        kind=kind,
        title=clean_text(title, "title", "Titel", max_length=200),
        slug=slug,
        summary=clean_text(summary, "summary", "Kurz und einfach erklärt"),
        description=(description or "").strip(),
        is_published=is_published,
        created_by=actor if actor.is_authenticated else None,
    )
    if Project.objects.filter(municipality=municipality, slug=slug).exists():
        raise ValidationError({"slug": f"Den Kurznamen „{slug}“ gibt es in {municipality} schon."})
    project.full_clean(exclude=["municipality", "ortsteil", "created_by"])
    project.save()
    for kind_key, starts_at, ends_at in phases:
        _phase_write(project, kind_key, starts_at, ends_at)
    audit_record(
        actor=actor,
        action="participation.project_create",
        target=project,
        municipality=municipality,
        summary=f"Beteiligungsprojekt „{project.title}“ angelegt",
    )
    return project


def _phase_write(project: Project, kind: str, starts_at: datetime, ends_at: datetime) -> Phase:
    if kind not in PHASE_BY_KEY:
        raise ValidationError({"kind": f"Unbekannte Phase „{kind}“."})
    if ends_at <= starts_at:
        raise ValidationError(
            {"ends_at": f"Phase „{PHASE_BY_KEY[kind].label}“: Das Ende muss nach dem Beginn liegen."}
        )
    for other in project.phases.exclude(kind=kind):
        if starts_at < other.ends_at and other.starts_at < ends_at:
            raise ValidationError(
                {
                    "starts_at": f"Die Phase „{PHASE_BY_KEY[kind].label}“ überschneidet sich mit „{other.get_kind_display()}“."
                }
            )
    phase, _ = Phase.objects.update_or_create(
        project=project, kind=kind, defaults={"starts_at": starts_at, "ends_at": ends_at}
    )
    return phase


@transaction.atomic
def phase_set(*, actor: Actor, project: Project, kind: str, starts_at: datetime, ends_at: datetime) -> Phase:
    require(actor, "participation.manage_project", project.municipality)
    budget = getattr(project, "budget", None) if project.kind == Project.Kind.BUDGET else None
    if kind == "voting" and budget is not None and budget.rule_locked:
        existing = project.phases.filter(kind="voting").first()
        if existing and starts_at != existing.starts_at:
            raise ValidationError(
                {"starts_at": "Die Abstimmung hat begonnen; ihr Beginn kann nicht mehr verschoben werden."}
            )
    phase = _phase_write(project, kind, starts_at, ends_at)
    audit_record(
        actor=actor,
        action="participation.phase_set",
        target=project,
        municipality=project.municipality,
        summary=f"Phase {phase.get_kind_display()}: {starts_at:%d.%m.%Y %H:%M} – {ends_at:%d.%m.%Y %H:%M}",
    )
    return phase


@transaction.atomic
def project_publish(*, actor: Actor, project: Project, published: bool = True) -> Project:
    require(actor, "participation.manage_project", project.municipality)
    if published and not project.phases.exists():
        raise ValidationError("Bitte legen Sie vor dem Veröffentlichen mindestens eine Phase mit Datum fest.")
    project.is_published = published
    project.save(update_fields=["is_published"])
    audit_record(
        actor=actor,
        action="participation.project_publish",
        target=project,
        municipality=project.municipality,
        summary=("veröffentlicht" if published else "zurückgezogen") + f": {project.title}",
    )
    return project


@transaction.atomic
def project_transfer_to_werkstatt(*, actor: Actor, project: Project, base_url: str = "") -> int:
    """Send the visible ideas of a Zukunftswerkstatt project into the Werkstatt process."""
    require(actor, "participation.manage_project", project.municipality)
    if project.kind != Project.Kind.ZUKUNFTSWERKSTATT:
        raise ValidationError("Nur Ideen einer Zukunftswerkstatt werden an den Werkstatt-Prozess übergeben.")
    from leuchtfeuer.werkstatt.services import ideas_receive  # lazy: the Werkstatt part owns it

    ideas = project.ideas.filter(moderation=Moderation.VISIBLE).exclude(status=Idea.Status.DECLINED)
    payload = [
        {
            "title": idea.title,
            "description": idea.text,
            "handlungsfeld": idea.handlungsfeld,
            "source_label": f"Beteiligung: {project.title}",
            "source_url": f"{base_url}/beteiligung/{project.municipality.slug}/{project.slug}/ideen/{idea.pk}/",
        }
        for idea in ideas
    ]
    created = ideas_receive(actor=actor, municipality=project.municipality, ideas=payload)
    project.transferred_to_werkstatt_at = timezone.now()
    project.save(update_fields=["transferred_to_werkstatt_at"])
    audit_record(
        actor=actor,
        action="participation.werkstatt_transfer",
        target=project,
        municipality=project.municipality,
        summary=f"{len(payload)} Ideen an die Werkstatt übergeben",
    )
    return len(created) if created is not None else len(payload)
