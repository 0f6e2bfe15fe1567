"""The frame every Werkstatt page shares: the town, its process, what the user may do in the open
stage (`Ctx`), and small helpers of the stage pages."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import render

from leuchtfeuer.core.permissions import get_permitted
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.process import selectors as process_selectors
from leuchtfeuer.werkstatt.process.guards import ASSIGNABLE_ROLES
from leuchtfeuer.werkstatt.process.models import Process


# ------------------------------------------------------------------------------- helpers
class Ctx(dict):
    """The shared context of every Werkstatt page: municipality, process, permissions."""

    @property
    def process(self) -> Process:
        return self["process"]

    @property
    def municipality(self) -> Municipality:
        return self["municipality"]


def visible_municipality(request, slug: str) -> Municipality:
    """The town of the page (404) — if the user may see its process (else a German 403)."""
    return get_permitted(
        request.user,
        Municipality.objects.select_related("region"),
        "werkstatt.view_process",
        message="Sie haben keinen Zugriff auf den Werkstatt-Prozess dieser Kommune.",
        slug=slug,
    )


def page_context(request, slug: str, section: str = "") -> Ctx:
    municipality = visible_municipality(request, slug)
    process = process_selectors.process_for(municipality)
    if process is None:
        raise Http404("Diese Kommune hat noch keinen Werkstatt-Prozess.")
    user = request.user
    areas = stage_registry.editable_areas(process.current_stage)
    can_edit = user.has_perm("werkstatt.edit_content", process)
    return Ctx(
        municipality=municipality,
        process=process,
        section=section,
        stage_nav=list(process.stages.all()),
        current_label=stage_registry.BY_KEY[process.current_stage].label if process.current_stage else "",
        areas=areas,
        can_edit=can_edit,
        can_advance=user.has_perm("werkstatt.advance_stage", process),
        can_manage_stage=user.has_perm("werkstatt.manage_stage", process),
        can_adopt=user.has_perm("werkstatt.adopt_plan", process),
        can_findings=user.has_perm("werkstatt.edit_findings", process) and "findings" in areas,
        can_tasks=user.has_perm("werkstatt.manage_tasks", process),
        can_comment=user.has_perm("werkstatt.comment", process),
        edit={area: can_edit and area in areas for area in stage_registry.AREA_LABELS},
    )


def assignable_people(process: Process):
    User = get_user_model()
    return (
        User.objects.filter(
            memberships__municipality_id=process.municipality_id,
            memberships__role__in=ASSIGNABLE_ROLES,
        )
        .distinct()
        .order_by("name", "email")
    )


def base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def comments_of(process: Process, stage: str) -> list:
    return list(process.comments.filter(stage=stage).select_related("author"))


def linked(slug: str, items) -> list[dict]:
    """Gate messages as {text, href}: what a gate finds missing (a Gap) links to where it is fixed."""
    return [
        {"text": str(m), "href": m.href(slug) if isinstance(m, stage_registry.Gap) else ""} for m in items
    ]


# ------------------------------------------------------------------------- small edit pages
def edit_page(
    request, ctx: Ctx, *, form, heading: str, back_url: str, delete_url: str = "", status: int = 200
):
    ctx.update(form=form, heading=heading, back_url=back_url, delete_url=delete_url)
    return render(request, "werkstatt/edit_form.html", ctx, status=status)
