"""The office's selection page of a call: compute the selection, adopt it as the funding decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from leuchtfeuer.core.actions import button_action
from leuchtfeuer.core.generated import document_request, document_retry
from leuchtfeuer.core.models import GeneratedDocument
from leuchtfeuer.core.permissions import require
from leuchtfeuer.funding.applications.models import Application
from leuchtfeuer.funding.calls.models import Call
from leuchtfeuer.funding.common import OFFICE_ONLY
from leuchtfeuer.funding.selection import selectors, services
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
        candidates, _ = selectors.selection_candidates(call)
        if len(candidates) >= services.BACKGROUND_FROM:
            return _run_in_background(request, call, candidates, here)
        return button_action(
            request,
            call=lambda: services.selection_run(actor=request.user, call=call),
            redirect_to=here,
            success_message="Auswahl neu berechnet.",
        )
    job = (
        GeneratedDocument.objects.filter(kind=services.SELECTION_JOB, key=str(call.pk))
        .exclude(status=GeneratedDocument.Status.READY)
        .first()
    )
    if request.htmx and "stand" in request.GET:  # the status box asking whether it is done
        return render(request, "funding/_selection_job.html", {"call": call, "job": job})
    run = call.selection_runs.first()
    if job and run and job.status == GeneratedDocument.Status.FAILED and job.updated_at < run.run_at:
        job = None  # an old failure, computed since
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
         "unassessed": unassessed, "decided": decided, "decided_out": decided_out, "locked": call.applications.exclude(lock="").order_by("applicant_name"),
         "job": job},
    )  # fmt: skip


def _run_in_background(request, call: Call, candidates, here: str) -> HttpResponse:
    """A large call's selection is computed by a worker (core.generated, one task per call,
    person and state of scores, locks and rules); the page shows that it is running."""
    if call.status == Call.Status.DECIDED:
        messages.error(request, "Über diesen Aufruf ist schon entschieden.")
        return redirect(here)
    asked = timezone.now()
    job = document_request(
        kind=services.SELECTION_JOB,
        key=str(call.pk),
        builder=services.SELECTION_JOB,
        payload={
            "call": call.pk,
            "actor": request.user.pk,
            "inputs": selectors.inputs_digest(candidates, selectors.selection_rules(call)),
        },
        title=f"Auswahl {call.title}",
        filename=f"auswahl-{call.slug}.json",
        content_type="application/json",
    )
    if job.status == GeneratedDocument.Status.FAILED:
        job = document_retry(job)
    if job.status == GeneratedDocument.Status.PENDING:
        messages.info(
            request,
            f"Die Auswahl unter {len(candidates)} Anträgen wird im Hintergrund berechnet – "
            "das dauert einige Sekunden.",
        )
    elif job.finished_at and job.finished_at < asked:
        messages.info(
            request, "Die Auswahl ist schon berechnet: Bewertungen, Sperren und Regeln sind unverändert."
        )
    elif job.status == GeneratedDocument.Status.READY:
        messages.success(request, "Auswahl neu berechnet.")
    return redirect(here)
