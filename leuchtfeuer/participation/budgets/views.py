"""Public pages of a budget: proposing, voting (online, Leichte Sprache, printable ballot) and the result. Everything works without JavaScript."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from leuchtfeuer.core.actions import form_action
from leuchtfeuer.participation import forms, services
from leuchtfeuer.participation.budgets.models import Budget, Proposal
from leuchtfeuer.participation.budgets.selectors import ballot_proposals, has_voted
from leuchtfeuer.participation.engine.counting import relabel
from leuchtfeuer.participation.pages import ballot_page_or_404, project_budget_or_404
from leuchtfeuer.participation.selectors import project_state
from leuchtfeuer.participation.voice import informal


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request, municipality_slug: str, project_slug: str):
    """A resident proposes how to spend the budget (ideas phase); the office checks feasibility."""
    project, budget = project_budget_or_404(municipality_slug, project_slug, user=request.user)
    form = forms.ProposalForm(request.POST or None)

    def page(form):
        context = {
            "project": project,
            "budget": budget,
            "form": form,
            "state": project_state(project),
        }
        return render(request, "participation/proposal_form.html", context)

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.proposal_submit(actor=request.user, budget=budget, **form.cleaned_data),
        success_url=reverse("participation:project-detail", args=[municipality_slug, project_slug]),
        error_page=page,
        success_message=lambda proposal: (
            f"Danke! Ihr Vorschlag hat die Nummer {proposal.number}. Die Verwaltung prüft, ob er machbar ist, "
            "und Sie bekommen das Ergebnis mit Begründung per E-Mail."
        ),
    )


def _parse_ballot(request, budget: Budget, proposals: list[Proposal]) -> dict[int, int]:
    if budget.rule == Budget.Rule.CUMULATIVE:
        result = {}
        for proposal in proposals:
            raw = request.POST.get(f"punkte_{proposal.pk}", "").strip() or "0"
            if not raw.isdecimal():
                raise ValidationError(f"Vorschlag {proposal.number}: Bitte eine ganze Zahl eintragen.")
            result[proposal.pk] = int(raw)
        return result
    chosen = set(request.POST.getlist("vorschlag"))
    return {p.pk: 1 for p in proposals if str(p.pk) in chosen}


@require_http_methods(["GET", "POST"])
def vote(request, municipality_slug: str, project_slug: str):
    project, budget, proposals = ballot_page_or_404(municipality_slug, project_slug, user=request.user)
    state = project_state(project)
    errors: list[str] = []
    code = ""
    selected: dict[int, int] = {}
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            selected = _parse_ballot(request, budget, proposals)
            services.ballot_cast(
                budget=budget, choices=selected, code=code, user=request.user, proposals=proposals
            )
        except ValidationError as exc:
            errors = exc.messages
        except PermissionDenied as exc:
            errors = [str(exc)]
        else:
            return redirect("participation:vote-done", municipality_slug, project_slug)
        if budget.kind == budget.Kind.JUGEND:
            errors = [informal(error) for error in errors]
    context = {
        "project": project,
        "budget": budget,
        "proposals": proposals,
        "state": state,
        "errors": errors,
        "code": code,
        "selected": selected,
        "ballot": [(proposal, selected.get(proposal.pk)) for proposal in proposals],
        "has_voted": has_voted(budget, request.user),
    }
    if budget.rule == Budget.Rule.APPROVAL and selected:
        # shown again after a submit, so the sum against the budget is visible without JavaScript too
        chosen_cost = sum(p.cost for p in proposals if selected.get(p.pk))
        context["chosen_cost"] = chosen_cost
        context["budget_left"] = budget.amount - chosen_cost
        context["over_budget"] = chosen_cost - budget.amount
    # Leichte Sprache: the same view and form, with the explanation in Leichte Sprache on top.
    easy = request.GET.get("sprache") == "leicht"
    context["easy"] = easy
    template = "participation/vote_easy.html" if easy else "participation/vote.html"
    return render(request, template, context, status=422 if errors else 200)


def vote_done(request, municipality_slug: str, project_slug: str):
    project, budget, _ = ballot_page_or_404(municipality_slug, project_slug, user=request.user)
    return render(request, "participation/vote_done.html", {"project": project, "budget": budget})


def ballot_print(request, municipality_slug: str, project_slug: str):
    """A printable paper ballot (for people offline; entered later by two people)."""
    project, budget = project_budget_or_404(municipality_slug, project_slug, user=request.user)
    return render(
        request,
        "participation/ballot_print.html",
        {"project": project, "budget": budget, "proposals": ballot_proposals(budget)},
    )


def result(request, municipality_slug: str, project_slug: str):
    project, budget = project_budget_or_404(municipality_slug, project_slug, user=request.user)
    staff = request.user.has_perm("participation.manage_budget", project.municipality)
    if not budget.result or (budget.result_published_at is None and not staff):
        # Not a 404: people follow this address from letters and the vote page, so say when it comes.
        phases = {phase.kind: phase for phase in project.phases.all()}
        return render(
            request,
            "participation/result_pending.html",
            {
                "project": project,
                "budget": budget,
                "voting": phases.get("voting"),
                "results_phase": phases.get("results"),
                "now": timezone.now(),
            },
        )
    return render(
        request,
        "participation/result.html",
        {
            "project": project,
            "budget": budget,
            "result": budget.result
            | {
                "main": relabel(budget.result["main"]),
                "comparison": [relabel(other) for other in budget.result.get("comparison", [])],
            },
            "preview": budget.result_published_at is None,
            "can_publish": request.user.has_perm("participation.publish_result", project.municipality),
        },
    )
