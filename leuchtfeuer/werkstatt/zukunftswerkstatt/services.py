"""Changes in the Zukunftswerkstatt stage: workshops and ideas (also ideas sent in from a
participation project)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import field_changes
from leuchtfeuer.core.permissions import require
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.werkstatt.process.guards import DENIED, audit, check_own, require_area, text_value
from leuchtfeuer.werkstatt.process.models import Process
from leuchtfeuer.werkstatt.zukunftswerkstatt.models import Idea, Phase, Workshop

if TYPE_CHECKING:  # annotations only: the plan builds on the Zukunftswerkstatt, not the reverse
    from leuchtfeuer.werkstatt.plan.models import Handlungsfeld

# ---------------------------------------------------------------------------- Zukunftswerkstatt
WORKSHOP_FIELDS = (
    "title",
    "date",
    "place",
    "moderation",
    "plan_kritik",
    "plan_fantasie",
    "plan_verwirklichung",
    "participants",
    "held",
    "summary",
)


@transaction.atomic
def workshop_save(
    *, actor: Actor, process: Process, workshop: Workshop | None = None, **data: Any
) -> Workshop:
    """Create or change a Zukunftswerkstatt event with its three phases."""
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "workshops")
    check_own(process, workshop, "Der Termin")
    unknown = set(data) - set(WORKSHOP_FIELDS)
    if unknown:
        raise TypeError(f"unknown workshop fields: {unknown}")
    clean: dict[str, Any] = {
        "title": text_value(data.get("title"), field="title", label="einen Titel", max_length=200),
        "place": text_value(data.get("place"), field="place", label="den Ort", max_length=200),
        "moderation": text_value(
            data.get("moderation"), field="moderation", label="Moderation", max_length=200, required=False
        ),
        "plan_kritik": (data.get("plan_kritik") or "").strip(),
        "plan_fantasie": (data.get("plan_fantasie") or "").strip(),
        "plan_verwirklichung": (data.get("plan_verwirklichung") or "").strip(),
        "participants": data.get("participants"),
        "held": bool(data.get("held")),
        "summary": (data.get("summary") or "").strip(),
    }
    if not data.get("date"):
        raise ValidationError({"date": "Bitte geben Sie das Datum der Zukunftswerkstatt an."})
    clean["date"] = data["date"]
    if clean["held"] and clean["date"] > timezone.localdate():
        raise ValidationError(
            {"held": "Eine Zukunftswerkstatt in der Zukunft kann noch nicht stattgefunden haben."}
        )
    if clean["participants"] is not None and clean["participants"] < 0:
        raise ValidationError({"participants": "Die Zahl der Teilnehmenden kann nicht negativ sein."})
    if workshop is None:
        workshop = Workshop.objects.create(process=process, **clean)
        audit(actor, process, "workshop.create", workshop, f"Zukunftswerkstatt „{workshop.title}“ geplant")
    else:
        changes = field_changes(workshop, clean)
        for key, value in clean.items():
            setattr(workshop, key, value)
        workshop.save()
        if changes:
            audit(
                actor,
                process,
                "workshop.update",
                workshop,
                f"Zukunftswerkstatt „{workshop.title}“ geändert",
                changes,
            )
    return workshop


def _field_by_key(process: Process, key: str) -> Handlungsfeld | None:
    if not key:
        return None
    return process.handlungsfelder.filter(key=key).first()


@transaction.atomic
def idea_add(
    *,
    actor: Actor,
    process: Process,
    title: str,
    description: str = "",
    handlungsfeld: Handlungsfeld | None = None,
    phase: str = "",
    workshop: Workshop | None = None,
) -> Idea:
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "ideas")
    check_own(process, handlungsfeld, "Das Handlungsfeld")
    check_own(process, workshop, "Der Termin")
    if phase and phase not in Phase.values:
        raise ValidationError({"phase": "Bitte wählen Sie eine der drei Phasen."})
    idea = Idea.objects.create(
        process=process,
        title=text_value(title, field="title", label="einen Titel", max_length=200),
        description=text_value(
            description, field="description", label="Beschreibung", max_length=5000, required=False
        ),
        handlungsfeld=handlungsfeld,
        phase=phase,
        workshop=workshop,
        source_label=workshop.title if workshop else "",
        created_by=cast(
            User, actor
        ),  # safe: only signed-in users hold werkstatt.edit_content (require above)
    )
    audit(actor, process, "idea.add", idea, f"Idee „{idea.title}“ eingetragen")
    return idea


@transaction.atomic
def idea_assign(*, actor: Actor, idea: Idea, handlungsfeld: Handlungsfeld | None) -> Idea:
    """Sort an idea into a Handlungsfeld (or take it out again with None)."""
    process = idea.process
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "ideas")
    check_own(process, handlungsfeld, "Das Handlungsfeld")
    old = idea.handlungsfeld.label if idea.handlungsfeld else "–"
    idea.handlungsfeld = handlungsfeld
    idea.save(update_fields=["handlungsfeld"])
    audit(
        actor,
        process,
        "idea.assign",
        idea,
        f"Idee „{idea.title}“ zugeordnet: {handlungsfeld.label if handlungsfeld else 'ohne Handlungsfeld'}",
        {"handlungsfeld": [old, handlungsfeld.label if handlungsfeld else "–"]},
    )
    return idea


@transaction.atomic
def ideas_receive(*, actor: Actor, municipality: Municipality, ideas: list[dict[str, Any]]) -> list[Idea]:
    """Take ideas from a participation project into the Zukunftswerkstatt results.

    Each dict: title, description, handlungsfeld (a key of the town's fields or ''), source_label,
    source_url. Re-sending the same idea (same source_url and title) changes nothing; unknown
    Handlungsfeld keys leave the idea unsorted for the team. Works in every stage: ideas may
    arrive while the plan is already being written. Returns the newly created ideas.
    """
    process = Process.objects.filter(municipality=municipality).first()
    if process is None:
        raise ValidationError(f"{municipality} hat noch keinen Werkstatt-Prozess, der Ideen aufnehmen kann.")
    require(actor, "werkstatt.receive_ideas", process, message=DENIED)
    fields = {f.key: f for f in process.handlungsfelder.all()}
    created: list[Idea] = []
    for index, raw in enumerate(ideas, start=1):
        title = (raw.get("title") or "").strip()
        if not title:
            raise ValidationError(f"Idee Nr. {index}: der Titel fehlt.")
        if len(title) > 200:
            raise ValidationError(f"Idee Nr. {index}: der Titel ist zu lang (höchstens 200 Zeichen).")
        source_url = (raw.get("source_url") or "").strip()[:500]
        if source_url and not (
            source_url.startswith(("https://", "http://")) or re.match(r"^/(?!/)", source_url)
        ):
            raise ValidationError(f"Idee Nr. {index}: der Link „{source_url}“ ist keine Web-Adresse.")
        if source_url and Idea.objects.filter(process=process, source_url=source_url, title=title).exists():
            continue
        idea = Idea.objects.create(
            process=process,
            title=title,
            description=(raw.get("description") or "").strip(),
            handlungsfeld=fields.get((raw.get("handlungsfeld") or "").strip()),
            source_label=(raw.get("source_label") or "Beteiligung").strip()[:200],
            source_url=source_url,
            created_by=cast(User, actor)
            if getattr(actor, "is_authenticated", False)
            else None,  # signed in: a User
        )
        created.append(idea)
    if created:
        audit(
            actor,
            process,
            "ideas.receive",
            process,
            f"{len(created)} Idee(n) aus der Beteiligung übernommen",
            {"ideen": [i.title for i in created]},
        )
    return created
