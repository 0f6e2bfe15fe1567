"""Reads of the participation part that other parts call (dashboard and personal panels) and the project list; the sub-domains have their own selectors.py."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from leuchtfeuer.participation.models import (
    Appeal,
    Assembly,
    Budget,
    ContentReport,
    Idea,
    Moderation,
    Project,
    VoteMarker,
)
from leuchtfeuer.participation.phases import PHASE_BY_KEY, current_phase


def public_projects(municipality=None):
    qs = Project.objects.filter(is_published=True).select_related("municipality", "ortsteil")
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    return qs.prefetch_related("phases").order_by("-created_at")


def project_state(project: Project, now=None) -> dict:
    """The running phase and what it allows, for templates (uses prefetched phases)."""
    now = now or timezone.now()
    phases = list(project.phases.all())
    phase = current_phase(phases, now)
    phase_type = PHASE_BY_KEY[phase.kind] if phase else None
    upcoming = [p for p in phases if p.starts_at > now]
    return {
        "phase": phase,
        "phase_type": phase_type,
        "allows": phase_type.allows if phase_type else frozenset(),
        "phases": phases,
        "next_phase": upcoming[0] if upcoming else None,
    }


def prefetch_projects_with_budget(qs):
    return qs.select_related("budget").prefetch_related(Prefetch("phases"))


PANEL_PROJECTS = 5


PANEL_ASSEMBLIES = 5


def dashboard_panel(municipality, *, with_assemblies: bool, now=None) -> dict:
    """What the dashboard panel shows: open moderation work, the projects (running ones first) with
    their phase and, for budgets, the ballots cast so far, and the Bürgerräte with their state.
    Bounded: eight queries whatever the number of projects, ideas or draws."""
    now = now or timezone.now()
    recent = list(
        prefetch_projects_with_budget(Project.objects.filter(municipality=municipality)).order_by(
            "-created_at"
        )[:50]
    )
    budgets = [project.budget for project in recent if getattr(project, "budget", None) is not None]
    ballots = dict(
        VoteMarker.objects.filter(budget__in=budgets)
        .values("budget")
        .annotate(n=Count("id"))
        .values_list("budget", "n")
    )
    rows = []
    for project in recent:
        state = project_state(project, now)
        budget = getattr(project, "budget", None)
        rows.append(
            {
                "project": project,
                "phase": state["phase"],
                "next_phase": state["next_phase"],
                "budget": budget,
                "ballots": ballots.get(budget.pk, 0) if budget is not None else 0,
            }
        )
    # running phases first (the newest of them on top), then the rest, newest first
    rows.sort(key=lambda row: row["phase"] is None)
    assemblies = []
    if with_assemblies:
        assemblies = list(
            Assembly.objects.filter(municipality=municipality)
            .annotate(
                pool_size=Count("pool", distinct=True),
                first_draws=Count("draws", filter=Q(draws__is_replacement=False), distinct=True),
                replacement_draws=Count("draws", filter=Q(draws__is_replacement=True), distinct=True),
                dropped_count=Count("pool", filter=Q(pool__dropped_out=True), distinct=True),
            )
            .order_by("-created_at")[:PANEL_ASSEMBLIES]
        )
    queue = Q(idea__project__municipality=municipality) | Q(comment__idea__project__municipality=municipality)
    return {
        "municipality": municipality,
        "projects": rows[:PANEL_PROJECTS],
        "more_projects": Project.objects.filter(municipality=municipality).count() - PANEL_PROJECTS
        if len(recent) > PANEL_PROJECTS
        else 0,
        "assemblies": assemblies,
        "with_assemblies": with_assemblies,
        "reports": ContentReport.objects.filter(queue, resolved_at__isnull=True).count(),
        "appeals": Appeal.objects.filter(queue, outcome=Appeal.Outcome.OPEN).count(),
        "unanswered": Idea.objects.filter(
            project__municipality=municipality, official_answer="", moderation=Moderation.VISIBLE
        ).count(),
    }


def my_participation(user) -> dict:
    """ "Mein Bereich": the person's ideas (with their state) and the budgets she voted in with her
    account. Only *that* she voted: ballots are sealed and not linked to anyone, so what she chose
    is nowhere to be read. Votes with a code from a letter are not linked to her account at all."""
    ideas = list(
        Idea.objects.filter(author=user)
        .select_related("project", "project__municipality")
        .order_by("-created_at")
    )
    voted = list(
        Budget.objects.filter(markers__user=user)
        .select_related("project", "project__municipality")
        .order_by("-project__created_at")
    )
    return {"ideas": ideas, "voted": voted}


def personal_panel_context(request) -> dict | None:
    mine = my_participation(request.user)
    return mine if (mine["ideas"] or mine["voted"]) else None
