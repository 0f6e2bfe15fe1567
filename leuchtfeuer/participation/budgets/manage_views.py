"""The office's budget actions: create, voting rule, proposals and feasibility, voting-code letters, paper ballots, counting, publishing, the pabulib export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from leuchtfeuer.core import generated
from leuchtfeuer.core.actions import FAILED, ActionView, attempt, button_action
from leuchtfeuer.participation import forms, services
from leuchtfeuer.participation.budgets.letters import letters_of, letters_request
from leuchtfeuer.participation.budgets.models import Proposal
from leuchtfeuer.participation.pages import (
    back_to_project,
    budget_or_404,
    form_button,
    form_error_messages,
    manage_project_url,
    staff_project,
)


@login_required
@require_POST
def manage_budget_create(request, slug: str, project_slug: str):
    _, project = staff_project(request, slug, project_slug, "participation.manage_budget")
    form = forms.BudgetForm(request.POST)
    return form_button(
        request,
        form=form,
        invalid_message="Bitte die Pflichtangaben zum Budget ausfüllen.",
        call=lambda: services.budget_create(actor=request.user, project=project, **form.cleaned_data),
        redirect_to=manage_project_url(slug, project_slug, "#budget"),
        success_message="Budget angelegt.",
    )


@login_required
@require_POST
def manage_rule(request, slug: str, project_slug: str):
    _, project = staff_project(request, slug, project_slug, "participation.manage_budget")
    budget = budget_or_404(project)
    form = forms.RuleForm(request.POST)
    return form_button(
        request,
        form=form,
        invalid_message="Bitte die Angaben zur Regel prüfen.",
        call=lambda: services.budget_rule_change(actor=request.user, budget=budget, **form.cleaned_data),
        redirect_to=manage_project_url(slug, project_slug, "#regel"),
        success_message="Abstimmungsregel gespeichert.",
    )


@login_required
@require_POST
def manage_proposal(request, slug: str, project_slug: str):
    _, project = staff_project(request, slug, project_slug, "participation.check_feasibility")
    form = forms.ProposalForm(request.POST)
    return form_button(
        request,
        form=form,
        invalid_message="Bitte Titel, Beschreibung und Kosten angeben.",
        call=lambda: services.proposal_submit(
            actor=request.user, budget=budget_or_404(project), by_office=True, **form.cleaned_data
        ),
        redirect_to=manage_project_url(slug, project_slug, "#vorschlaege"),
        success_message="Vorschlag eingetragen.",
    )


@login_required
@require_POST
def manage_feasibility(request, slug: str, project_slug: str, pk: int):
    _, project = staff_project(request, slug, project_slug, "participation.check_feasibility")
    proposal = get_object_or_404(Proposal, budget__project=project, pk=pk)
    form = forms.FeasibilityForm(request.POST)
    return form_button(
        request,
        form=form,
        invalid_message="Bitte Ergebnis und Begründung angeben.",
        call=lambda: services.proposal_check(actor=request.user, proposal=proposal, **form.cleaned_data),
        redirect_to=manage_project_url(slug, project_slug, "#vorschlaege"),
        success_message=f"Prüfung von Vorschlag {proposal.number} gespeichert.",
    )


@login_required
@require_POST
def manage_codes(request, slug: str, project_slug: str):
    """Order letters with new codes: checked at once, built by a worker (budgets/letters.py); the
    office waits on the letters' page, which then delivers the PDF. Only hashes are stored."""
    _, project = staff_project(request, slug, project_slug, "participation.manage_budget")
    budget = budget_or_404(project)
    form = forms.CodesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Bitte Anzahl (1 bis 20.000) und Bezeichnung angeben.")
        return back_to_project(slug, project_slug, "#codes")
    vote_url = request.build_absolute_uri(reverse("participation:vote", args=[slug, project_slug]))
    doc = attempt(
        form,
        lambda: letters_request(actor=request.user, budget=budget, vote_url=vote_url, **form.cleaned_data),
    )
    if doc is FAILED:
        form_error_messages(request, form)
        return back_to_project(slug, project_slug, "#codes")
    return redirect("participation:manage-code-letters", slug, project_slug, doc.pk)


@login_required
def manage_code_letters(request, slug: str, project_slug: str, pk: int):
    """The ordered letters: "werden erstellt" while the worker builds them, then the PDF (until
    `letters.LETTERS_KEEP` has passed); only for the office of this budget."""
    _, project = staff_project(request, slug, project_slug, "participation.manage_budget")
    doc = get_object_or_404(letters_of(budget_or_404(project)), pk=pk)
    return generated.document_page(request, doc)


PAPER_OUTCOME = {
    "waiting": "Erste Erfassung gespeichert. Eine zweite Person muss den Zettel noch einmal erfassen.",
    "stored": "Beide Erfassungen stimmen überein; der Stimmzettel ist gezählt.",
}


@login_required
@require_POST
def manage_paper(request, slug: str, project_slug: str):
    _, project = staff_project(request, slug, project_slug, "participation.enter_paper_ballot")
    form = forms.PaperEntryForm(request.POST)
    back = manage_project_url(slug, project_slug, "#papier")
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect(back)
    return button_action(
        request,
        call=lambda: services.paper_entry_submit(
            actor=request.user,
            budget=budget_or_404(project),
            sheet=form.cleaned_data["sheet"],
            choices=form.cleaned_data["choices_text"],
        ),
        redirect_to=back,
        success_message=lambda outcome: PAPER_OUTCOME["waiting" if outcome == "waiting" else "stored"],
    )


class ManageCount(ActionView):
    """Count the ballots: on success to the result preview, else back to the project's result section."""

    success_message = "Gezählt. Prüfen Sie die Vorschau und veröffentlichen Sie dann das Ergebnis."

    def get_target(self):
        _, project = staff_project(
            self.request, self.kwargs["slug"], self.kwargs["project_slug"], "participation.manage_budget"
        )
        return project

    def perform(self, form):
        return services.budget_count(actor=self.request.user, budget=budget_or_404(self.target))

    def get_success_url(self, result):
        return reverse("participation:result", args=[self.kwargs["slug"], self.kwargs["project_slug"]])

    def get_failure_url(self):
        return manage_project_url(self.kwargs["slug"], self.kwargs["project_slug"], "#ergebnis")


manage_count = ManageCount.as_view()


@login_required
@require_POST
def manage_publish_result(request, slug: str, project_slug: str):
    _, project = staff_project(request, slug, project_slug, "participation.publish_result")
    return button_action(
        request,
        call=lambda: services.budget_result_publish(actor=request.user, budget=budget_or_404(project)),
        redirect_to=reverse("participation:result", args=[slug, project_slug]),
        success_message="Das Ergebnis ist veröffentlicht.",
    )


@login_required
def manage_export(request, slug: str, project_slug: str):
    _, project = staff_project(request, slug, project_slug, "participation.manage_budget")
    budget = budget_or_404(project)
    try:
        text = services.budget_export_pb(budget)
    except ValidationError as exc:  # a sealed ballot that the server's keys do not open
        for message in exc.messages:
            messages.error(request, message)
        return back_to_project(slug, project_slug, "#ergebnis")
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{project.slug}.pb"'
    return response
