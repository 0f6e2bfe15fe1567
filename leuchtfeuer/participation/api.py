"""API of the participation part (django-ninja router mounted at /api/v1/). Public reads only:
published projects and published budget results with their explanations; the draw protocol of a
Bürgerrat (algorithm actually used, seed, input hash, minimum probability – no names)."""

from __future__ import annotations

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from leuchtfeuer.core.api import Slug, Word
from leuchtfeuer.participation.models import Assembly, Budget
from leuchtfeuer.participation.selectors import project_state, public_projects

router = Router(tags=["Beteiligung"])


class ProjectOut(Schema):
    municipality: str
    municipality_slug: str
    slug: str
    title: str
    kind: str
    summary: str
    current_phase: str | None
    url: str


class DrawOut(Schema):
    drawn_at: datetime
    is_replacement: bool
    algorithm_requested: str
    algorithm_used: str
    fallback_reason: str
    seed: int
    inputs_sha256: str
    min_probability: float
    probabilities_exact: bool
    panel_size: int
    dropped_count: int  # people who cancelled and were replaced by this draw (0 for the first draw)


@router.get("beteiligung/projekte", response=list[ProjectOut])
def projects(request, kommune: Word = ""):
    """Published participation projects (optionally of one municipality, by its slug)."""
    qs = public_projects()
    if kommune:
        qs = qs.filter(municipality__slug=kommune)
    result = []
    for project in qs[:500]:
        state = project_state(project)
        result.append(
            ProjectOut(
                municipality=project.municipality.display_name,
                municipality_slug=project.municipality.slug,
                slug=project.slug,
                title=project.title,
                kind=project.kind,
                summary=project.summary,
                current_phase=state["phase"].kind if state["phase"] else None,
                url=f"/beteiligung/{project.municipality.slug}/{project.slug}/",
            )
        )
    return result


@router.get("beteiligung/projekte/{kommune}/{slug}/ergebnis")
def budget_result(request, kommune: Slug, slug: Slug):
    """The published result of a budget: winners, costs, explanation per proposal, comparison."""
    budget = get_object_or_404(
        Budget.objects.select_related("project"), project__municipality__slug=kommune, project__slug=slug
    )
    if not budget.result or budget.result_published_at is None or not budget.project.is_published:
        raise HttpError(404, "Das Ergebnis ist nicht veröffentlicht.")
    return budget.result | {"published_at": budget.result_published_at.isoformat()}


@router.get("beteiligung/buergerraete/{kommune}/{slug}/losungen", response=list[DrawOut])
def assembly_draws(request, kommune: Slug, slug: Slug):
    assembly = get_object_or_404(Assembly, municipality__slug=kommune, slug=slug)
    return [
        DrawOut(
            drawn_at=d.drawn_at,
            is_replacement=d.is_replacement,
            algorithm_requested=d.algorithm_requested,
            algorithm_used=d.algorithm_used,
            fallback_reason=d.fallback_reason,
            seed=d.seed,
            inputs_sha256=d.inputs_sha256,
            min_probability=d.min_probability,
            probabilities_exact=d.probabilities_exact,
            panel_size=len(d.selected),
            dropped_count=len(d.dropped),
        )
        for d in assembly.draws.all()
    ]
