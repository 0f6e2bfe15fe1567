"""What the participation pages share: finding a project, budget or the staff's municipality (404/403
with German messages), and the way back to a project's management page."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import caches
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.urls import reverse

from leuchtfeuer.core.actions import button_action
from leuchtfeuer.core.permissions import get_permitted
from leuchtfeuer.participation.budgets.models import Budget, Proposal
from leuchtfeuer.participation.budgets.selectors import ballot_proposals
from leuchtfeuer.participation.projects.models import Project
from leuchtfeuer.places.models import Municipality

STAFF_DENIED = "Dafür fehlt Ihnen die Berechtigung in dieser Kommune."


def project_or_404(municipality_slug: str, project_slug: str, *, user=None) -> Project:
    """A published project; an unpublished one only for who may manage it."""
    project = get_object_or_404(
        Project.objects.select_related("municipality", "ortsteil").prefetch_related("phases"),
        municipality__slug=municipality_slug,
        slug=project_slug,
    )
    _require_visible(project, user)
    return project


def _require_visible(project: Project, user) -> None:
    """404 for an unpublished project, unless the user may manage it."""
    if not project.is_published and not (
        user and user.has_perm("participation.manage_project", project.municipality)
    ):
        raise Http404("Dieses Beteiligungsprojekt ist nicht veröffentlicht.")


def project_budget_or_404(municipality_slug: str, project_slug: str, *, user=None) -> tuple[Project, Budget]:
    """A published project and its budget in one query (the vote page and the ballot it posts);
    the same 404s as `project_or_404` and `budget_or_404`."""
    budget = (
        Budget.objects.select_related("project__municipality", "project__ortsteil")
        .prefetch_related("project__phases")
        .filter(project__municipality__slug=municipality_slug, project__slug=project_slug)
        .first()
    )
    if budget is None:
        project_or_404(municipality_slug, project_slug, user=user)  # the project's own 404 first
        raise Http404("Zu diesem Projekt gibt es kein Budget.")
    project = budget.project
    _require_visible(project, user)
    return project, budget


def ballot_page_or_404(
    municipality_slug: str, project_slug: str, *, user=None
) -> tuple[Project, Budget, list[Proposal]]:
    """The vote page's project (with phases), budget and feasible proposals; the same 404s as
    `project_budget_or_404`.

    While a vote runs every voter reads the same rows, so once the rule is locked (the first
    ballot is in: rule and proposal list can no longer change) and the project is published, the
    three reads are kept in this process's "pages" cache for a few seconds (settings.CACHES; each
    request gets its own unpickled copy). A change saved in this process clears it at once (see
    `apps.py`); other processes show it after at most the cache's TIMEOUT. What decides whether a
    ballot counts — phase open, project published, code unused — is checked again in the ballot's
    own transaction (`voting.ballot_cast`), never taken from this copy.
    """
    cache = caches["pages"]
    key = f"ballot:{municipality_slug}:{project_slug}"
    page = cache.get(key)
    if page is None:
        project, budget = project_budget_or_404(municipality_slug, project_slug, user=user)
        page = (project, budget, ballot_proposals(budget))
        if project.is_published and budget.rule_locked:
            cache.set(key, page)
    return page


def clear_page_cache(**kwargs) -> None:
    """Signal receiver: a project, phase, budget, proposal or municipality changed in this process."""
    caches["pages"].clear()


def staff_municipality(request, slug: str, perm: str) -> Municipality:
    return get_permitted(request.user, Municipality, perm, message=STAFF_DENIED, slug=slug)


def staff_project(request, slug: str, project_slug: str, perm: str = "participation.manage_project"):
    """(municipality, project) for the office; 403 without `perm` in the municipality."""
    municipality = staff_municipality(request, slug, perm)
    project = get_object_or_404(
        Project.objects.prefetch_related("phases"), municipality=municipality, slug=project_slug
    )
    return municipality, project


def budget_or_404(project: Project) -> Budget:
    budget = Budget.objects.filter(project=project).first()
    if budget is None:
        raise Http404("Zu diesem Projekt gibt es kein Budget.")
    budget.project = project  # the caller's project, with whatever it has loaded (phases)
    return budget


def back_to_project(slug: str, project_slug: str, anchor: str = "") -> HttpResponseRedirect:
    return redirect(reverse("participation:manage-project", args=[slug, project_slug]) + anchor)


def manage_project_url(slug: str, project_slug: str, anchor: str = "") -> str:
    return reverse("participation:manage-project", args=[slug, project_slug]) + anchor


def form_button(request, *, form, invalid_message: str, call, redirect_to: str, success_message=""):
    """A small form on another page: an invalid form → `invalid_message`; else the service through
    core.actions.button_action (its German errors as messages on the page it goes back to)."""
    if not form.is_valid():
        messages.error(request, invalid_message)
        return HttpResponseRedirect(resolve_url(redirect_to))
    return button_action(request, call=call, redirect_to=redirect_to, success_message=success_message)


def form_error_messages(request, form) -> None:
    """Each error of an invalid form as a message (for forms on another page)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
