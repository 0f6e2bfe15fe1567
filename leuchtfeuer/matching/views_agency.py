"""The agency's workspace: review, scored pairs and the assignment, proposals, money, exports.
Only for agency staff (rules: matching.manage); writes through core.actions.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from leuchtfeuer.core.actions import button_action, form_action
from leuchtfeuer.core.permissions import require
from leuchtfeuer.matching import exports, selectors, services, services_proposals
from leuchtfeuer.matching.forms import ModerateForm, ProgrammeForm, ProposalSendForm
from leuchtfeuer.matching.models import Proposal, RegisterStatus, Seeker, Space


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# ------------------------------------------------------------------------------ agency


@login_required
def agency(request, programme_form=None, status=200):
    require(request.user, "matching.manage", message="Nur für die Matching-Agentur.")
    run = selectors.match_run(top=3)
    calls, programmes = selectors.open_money()
    return render(
        request,
        "matching/agency.html",
        {
            "review_spaces": Space.objects.filter(status=RegisterStatus.REVIEW).select_related(
                "municipality"
            ),
            "review_seekers": Seeker.objects.filter(status=RegisterStatus.REVIEW),
            "run": run,
            "verbund_searches": selectors.open_seekers()
            .filter(kind=Seeker.Kind.VERBUND)
            .select_related("municipality__region"),
            "proposals": Proposal.objects.select_related("space__municipality", "seeker")[:100],
            "calls": calls,
            "programmes": programmes,
            "programme_form": programme_form or ProgrammeForm(),
            "moderate_form": ModerateForm(),
        },
        status=status,
    )


@login_required
@require_POST
def agency_moderate(request, kind: str, pk: int):
    require(request.user, "matching.moderate")
    form = ModerateForm(request.POST)
    if kind not in ("raum", "suche"):
        raise Http404
    space = get_object_or_404(Space, pk=pk) if kind == "raum" else None
    seeker = get_object_or_404(Seeker, pk=pk) if kind == "suche" else None
    if not form.is_valid():
        return button_action(request, call=lambda: None, redirect_to=reverse("matching:agency"))

    def call() -> Space | Seeker:
        approve, note = form.cleaned_data["approve"], form.cleaned_data["note"]
        if space is not None:
            return services.space_moderate(actor=request.user, space=space, approve=approve, note=note)
        assert seeker is not None
        return services.seeker_moderate(actor=request.user, seeker=seeker, approve=approve, note=note)

    return button_action(
        request,
        call=call,
        redirect_to=reverse("matching:agency"),
        success_message=lambda o: f"„{o.title}“: {o.get_status_display()}.",
    )


@login_required
@require_POST
def agency_propose(request):
    require(request.user, "matching.manage")
    form = ProposalSendForm(request.POST)
    if not form.is_valid():
        raise Http404
    space = get_object_or_404(Space, pk=form.cleaned_data["space"])
    seeker = get_object_or_404(Seeker, pk=form.cleaned_data["seeker"])
    return button_action(
        request,
        call=lambda: services_proposals.proposal_send(
            actor=request.user,
            space=space,
            seeker=seeker,
            message=form.cleaned_data["message"],
            base_url=_base_url(request),
        ),
        redirect_to=reverse("matching:agency") + "#vorschlaege",
        success_message=lambda p: f"Vorschlag „{p.space.title}“ ↔ „{p.seeker.title}“ gesendet.",
    )


@login_required
@require_POST
def agency_programme(request):
    require(request.user, "matching.manage")
    form = ProgrammeForm(request.POST)
    return form_action(
        request,
        form=form,
        call=lambda: services.programme_create(actor=request.user, **form.cleaned_data),
        success_url=reverse("matching:agency") + "#geld",
        error_page=lambda f: agency(request, programme_form=f),
        success_message="Das Programm ist eingetragen.",
    )


@login_required
def agency_export(request, fmt: str):
    require(request.user, "matching.manage")
    proposals = Proposal.objects.select_related("space__municipality", "seeker").order_by("-sent_at")
    if fmt == "csv":
        response = HttpResponse(exports.proposals_csv(proposals), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.proposals_xlsx(proposals),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="matching-vorschlaege.{fmt}"'
    return response
