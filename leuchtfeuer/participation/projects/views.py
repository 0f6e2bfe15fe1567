"""Pages of Beteiligungsprojekte: the public list and project page, the printable idea form, and for the office the overview, project management, phases, publishing and the hand-over to the Werkstatt."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core import generated
from leuchtfeuer.core.actions import button_action, form_action
from leuchtfeuer.core.taxonomy import HANDLUNGSFELDER
from leuchtfeuer.participation import forms, services
from leuchtfeuer.participation.assembly.models import Assembly
from leuchtfeuer.participation.budgets.letters import letters_of
from leuchtfeuer.participation.budgets.models import Budget
from leuchtfeuer.participation.budgets.selectors import budget_turnout
from leuchtfeuer.participation.engine.counting import RULE_LABELS
from leuchtfeuer.participation.ideas.selectors import moderation_queue, project_ideas
from leuchtfeuer.participation.pages import (
    form_button,
    manage_project_url,
    project_or_404,
    staff_municipality,
    staff_project,
)
from leuchtfeuer.participation.projects.models import Project
from leuchtfeuer.participation.selectors import project_state, public_projects
from leuchtfeuer.participation.youth.models import YouthParliament


def project_list(request):
    projects = list(public_projects())
    for project in projects:
        project.state = project_state(project)
    parliaments = YouthParliament.objects.select_related("municipality").order_by("name")
    assemblies = Assembly.objects.select_related("municipality").order_by("title")
    return render(
        request,
        "participation/project_list.html",
        {"projects": projects, "parliaments": parliaments, "assemblies": assemblies},
    )


def project_detail(request, municipality_slug: str, project_slug: str):
    project = project_or_404(municipality_slug, project_slug, user=request.user)
    state = project_state(project)
    context = {"project": project, "state": state}
    budget = Budget.objects.filter(project=project).first()
    if budget is not None:
        context["budget"] = budget
        context["counting_label"] = RULE_LABELS.get(budget.counting, budget.get_counting_display())
        if budget.min_votes:
            minimum = number_format(budget.min_votes, force_grouping=True)
            context["counting_label"] += f" (Mindeststimmenzahl: {minimum})"
        context["proposals"] = list(budget.proposals.order_by("number"))
    else:
        ideas = list(project_ideas(project, viewer=request.user))
        labels = {t.key: t.label for t in HANDLUNGSFELDER}
        for idea in ideas:
            idea.handlungsfeld_label = labels.get(idea.handlungsfeld, "")
        context["ideas"] = ideas
    return render(request, "participation/project_detail.html", context)


def idea_form_print(request, municipality_slug: str, project_slug: str):
    project = project_or_404(municipality_slug, project_slug, user=request.user)
    return render(
        request,
        "participation/idea_form_print.html",
        {
            "project": project,
            "handlungsfelder": HANDLUNGSFELDER,
            "ortsteile": project.municipality.ortsteile.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_index(request, slug: str):
    municipality = staff_municipality(request, slug, "participation.manage_project")
    form = forms.ProjectForm(request.POST or None, municipality=municipality)

    def page(form):
        context = {
            "municipality": municipality,
            "projects": Project.objects.filter(municipality=municipality).prefetch_related("phases"),
            "assemblies": Assembly.objects.filter(municipality=municipality),
            "parliaments": YouthParliament.objects.filter(municipality=municipality),
            "queue": moderation_queue(municipality),
            "form": form,
            "assembly_form": forms.AssemblyForm(prefix="br"),
            "can_assembly": request.user.has_perm("participation.manage_assembly", municipality),
            "can_youth": request.user.has_perm("participation.manage_youth", municipality),
            "youth_form": forms.YouthParliamentForm(prefix="jp"),
            "reason_form": forms.ReasonForm(),
        }
        return render(request, "participation/manage_index.html", context)

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.project_create(
            actor=request.user, municipality=municipality, **form.cleaned_data
        ),
        success_url=lambda project: reverse("participation:manage-project", args=[slug, project.slug]),
        error_page=page,
        success_message=lambda project: f"„{project.title}“ ist angelegt. Legen Sie jetzt die Phasen fest.",
    )


@login_required
def manage_project(request, slug: str, project_slug: str):
    municipality, project = staff_project(request, slug, project_slug)
    budget = Budget.objects.filter(project=project).first()
    context = {
        "municipality": municipality,
        "project": project,
        "state": project_state(project),
        "phase_form": forms.PhaseForm(),
        "ideas": project.ideas.select_related("author").order_by("-created_at")[:200],
        "answer_form": forms.AnswerForm(),
        "budget": budget,
        "budget_form": forms.BudgetForm(),
        "user_can": {
            "budget": request.user.has_perm("participation.manage_budget", municipality),
            "check": request.user.has_perm("participation.check_feasibility", municipality),
            "paper": request.user.has_perm("participation.enter_paper_ballot", municipality),
            "publish": request.user.has_perm("participation.publish_result", municipality),
        },
    }
    if budget is not None:
        context.update(
            proposals=list(budget.proposals.order_by("number")),
            rule_form=forms.RuleForm(
                initial={
                    f: getattr(budget, f)
                    for f in (
                        "rule",
                        "max_choices",
                        "points_total",
                        "points_per_proposal",
                        "counting",
                        "min_votes",
                        "amount",
                    )
                }
            ),
            proposal_form=forms.ProposalForm(),
            feasibility_form=forms.FeasibilityForm(),
            codes_form=forms.CodesForm(),
            code_letters=[
                (letters, generated.available_until(letters), generated.expired(letters))
                for letters in letters_of(budget)[:10]
            ]
            if budget.eligibility == Budget.Eligibility.CODES  # the section is shown only then
            else [],
            paper_form=forms.PaperEntryForm(),
            turnout=budget_turnout(budget),
            pending_paper=budget.paper_entries.filter(confirmed_at__isnull=True).count(),
        )
    return render(request, "participation/manage_project.html", context)


@login_required
@require_POST
def manage_phase(request, slug: str, project_slug: str):
    _, project = staff_project(request, slug, project_slug)
    form = forms.PhaseForm(request.POST)
    return form_button(
        request,
        form=form,
        invalid_message="Bitte Phase, Beginn und Ende angeben.",
        call=lambda: services.phase_set(actor=request.user, project=project, **form.cleaned_data),
        redirect_to=manage_project_url(slug, project_slug, "#phasen"),
        success_message="Phase gespeichert.",
    )


@login_required
@require_POST
def manage_publish(request, slug: str, project_slug: str):
    _, project = staff_project(request, slug, project_slug)
    return button_action(
        request,
        call=lambda: services.project_publish(
            actor=request.user, project=project, published=request.POST.get("publish") == "1"
        ),
        redirect_to=manage_project_url(slug, project_slug),
        success_message="Gespeichert.",
    )


@login_required
@require_POST
def manage_transfer(request, slug: str, project_slug: str):
    _, project = staff_project(request, slug, project_slug)
    return button_action(
        request,
        call=lambda: services.project_transfer_to_werkstatt(actor=request.user, project=project),
        redirect_to=manage_project_url(slug, project_slug),
        success_message=lambda count: f"{count} Ideen wurden an den Werkstatt-Prozess übergeben.",
    )
