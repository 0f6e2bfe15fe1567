"""The office's selection page of a call: compute the selection, adopt it as the funding decision."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from leuchtfeuer.core.actions import button_action
from leuchtfeuer.core.permissions import require
from leuchtfeuer.funding.applications.models import Application
from leuchtfeuer.funding.calls.models import Call
from leuchtfeuer.funding.common import OFFICE_ONLY
from leuchtfeuer.funding.selection import services
from leuchtfeuer.funding.selection.models import SelectionRun


@login_required
@require_http_methods(["GET", "POST"])
def office_selection(request, slug: str):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    call = get_object_or_404(Call, slug=slug)
    if request.method == "POST":
        here = reverse("funding:office-selection", kwargs={"slug": call.slug})
        if request.POST.get("action") == "finalise":
            chosen = get_object_or_404(SelectionRun, pk=request.POST.get("run"), call=call)
            return button_action(
                request,
                call=lambda: services.selection_finalise(actor=request.user, run=chosen),
                redirect_to=here,
                success_message=lambda grants: (
                    f"Förderentscheidung übernommen: {len(grants)} Zuwendungen angelegt."
                ),
            )
        return button_action(
            request,
            call=lambda: services.selection_run(actor=request.user, call=call),
            redirect_to=here,
            success_message="Auswahl neu berechnet.",
        )
    run = call.selection_runs.first()
    result = run.result if run else None
    # A rule with no status (no application carries its attribute) is not "fulfilled": name it.
    unassessed = [r["label"] for r in result["rules"] if not r["value"]] if result else []
    decided = decided_out = None
    if call.status == Call.Status.DECIDED:
        # The decision itself lives on the applications and grants (a run may not exist, e.g. imported rounds).
        decided = call.applications.filter(status=Application.Status.SELECTED).select_related(
            "grant", "region"
        )
        decided = decided.order_by("applicant_name")
        decided_out = call.applications.filter(status=Application.Status.NOT_SELECTED).count()
    return render(
        request,
        "funding/office_selection.html",
        {"call": call, "run": run, "result": result, "runs": call.selection_runs.all()[:10],
         "unassessed": unassessed, "decided": decided, "decided_out": decided_out, "locked": call.applications.exclude(lock="").order_by("applicant_name")},
    )  # fmt: skip
