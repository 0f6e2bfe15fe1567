"""The selection of a call: compute it, record a run, adopt it as the funding decision."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.core.mail import mail_on_commit
from leuchtfeuer.core.permissions import require
from leuchtfeuer.funding.applications.models import Application
from leuchtfeuer.funding.calls.models import Call
from leuchtfeuer.funding.engine.selection import format_money, select
from leuchtfeuer.funding.grants.models import BudgetLine, Grant
from leuchtfeuer.funding.grants.services import budget_lines_for
from leuchtfeuer.funding.selection import selectors
from leuchtfeuer.funding.selection.models import SelectionRun

#: From this many candidates on the selection is computed by a worker (core.generated): the full
#: comparison takes ~0.3 s for 39 applications, ~1 s for 100, 8–11 s for 300
#: (benchmarks/funding_selection.py, benchmarks/document_request.py).
BACKGROUND_FROM = 60
#: core.generated kind and builder of a selection computed in the background
SELECTION_JOB = "funding-selection"


def selection_compute(call: Call) -> dict[str, Any]:
    """The selection as a JSON-ready dict (ILP beside greedy, binding rules, differences, notes)."""
    candidates, notes = selectors.selection_candidates(call)
    rules = selectors.selection_rules(call)
    result = select(candidates, rules)
    labels = {c.key: c for c in candidates}

    def entries(keys: list[str]) -> list[dict[str, Any]]:
        return [
            {"id": int(k), "name": labels[k].label, "cost": str(labels[k].cost), "score": round(labels[k].score, 2),
             "kreis": labels[k].kreis_name, "land_group": labels[k].land_group, "size_class": labels[k].size_class,
             "grw": labels[k].grw}
            for k in sorted(keys, key=lambda k: (-labels[k].score, k))
        ]  # fmt: skip

    return {
        "call": call.slug,
        "feasible": result.optimal.feasible,
        "message": result.optimal.message,
        "budget": str(call.budget),
        "selected": entries(result.optimal.selected),
        "total_cost": str(result.optimal.total_cost),
        "total_score": round(result.optimal.total_score, 4),
        "binding": result.binding,
        "rules": result.rule_status,
        "greedy": {
            "selected": entries(result.greedy.selected),
            "total_cost": str(result.greedy.total_cost),
            "total_score": round(result.greedy.total_score, 4),
            "violations": result.greedy_violations,
            "feasible": not result.greedy_violations,
        },
        "differences": [
            {"id": int(d.key), "name": d.label, "chosen_by": "optimierung" if d.in_optimal else "rangfolge", "explanation": d.explanation}
            for d in result.differences
        ],
        "notes": notes,
        "candidates": len(candidates),
        "inputs": selectors.inputs_digest(candidates, rules),
    }  # fmt: skip


@transaction.atomic
def selection_run(*, actor: Actor, call: Call) -> SelectionRun:
    require(actor, "funding.manage")
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status == Call.Status.DECIDED:
        raise ValidationError("Über diesen Aufruf ist schon entschieden.")
    data = selection_compute(call)
    run_by = cast(User, actor)  # safe: only signed-in staff hold funding.manage (require above)
    run = SelectionRun.objects.create(call=call, run_by=run_by, feasible=data["feasible"], result=data)
    audit_record(actor=actor, action="funding.selection.run", target=call,
                 summary=f"Auswahl berechnet: {len(data['selected'])} Anträge, {data['total_cost']} €, {data['total_score']} Punkte")  # fmt: skip
    return run


def _inputs_changed(call: Call, run: SelectionRun) -> bool:
    """Scores, locks or rules changed since the run? Compared by the inputs' digest (one read of
    the score table); a run recorded before the digest existed is computed again."""
    if run.result.get("inputs"):
        candidates, _ = selectors.selection_candidates(call)
        stored: str = run.result["inputs"]
        return selectors.inputs_digest(candidates, selectors.selection_rules(call)) != stored
    fresh = selection_compute(call)
    return [e["id"] for e in fresh["selected"]] != [e["id"] for e in run.result["selected"]]


def selection_build(payload: dict[str, Any]) -> bytes:
    """core.generated builder "funding-selection": a worker runs the selection of a large call
    for the person who asked ({"call": pk, "actor": pk, "inputs": digest}) and records the run."""
    call = Call.objects.get(pk=payload["call"])
    actor = User.objects.get(pk=payload["actor"])
    run = selection_run(actor=actor, call=call)
    return json.dumps({"run": run.pk, "selected": len(run.result["selected"])}).encode()


@transaction.atomic
def selection_finalise(*, actor: Actor, run: SelectionRun) -> list[Grant]:
    """Adopt a feasible run as the funding decision: grants and budget lines for the chosen."""
    require(actor, "funding.manage")
    call = Call.objects.select_for_update().get(pk=run.call_id)
    if call.status == Call.Status.DECIDED:
        raise ValidationError("Über diesen Aufruf ist schon entschieden.")
    if run.result.get("candidates") == 0:
        raise ValidationError("Es liegen keine eingereichten Anträge vor – es gibt nichts zu übernehmen.")
    if not run.feasible:
        raise ValidationError(
            "Dieser Auswahllauf hat keine zulässige Auswahl – bitte Regeln anpassen und neu berechnen."
        )
    latest = call.selection_runs.first()
    if latest is None or latest.pk != run.pk:
        raise ValidationError("Es gibt einen neueren Auswahllauf – bitte den aktuellen übernehmen.")
    if _inputs_changed(call, run):
        raise ValidationError(
            "Bewertungen oder Sperren haben sich seit der Berechnung geändert – bitte neu berechnen."
        )
    chosen = {e["id"] for e in run.result["selected"]}
    grants = []
    for application in call.applications.select_for_update().filter(status=Application.Status.SUBMITTED):
        if application.pk in chosen:
            application.status = Application.Status.SELECTED
            # casts: only signed-in staff hold funding.manage (require above); a submitted application
            # states its amount (a missing amount blocks the submission)
            requested = cast(Decimal, application.requested_amount)
            grant = Grant.objects.create(
                application=application, call=call, municipality=application.municipality,
                recipient_name=application.applicant_name, created_by=cast(User, actor),
            )  # fmt: skip
            for year, category, amount in budget_lines_for(call, requested):
                BudgetLine.objects.create(grant=grant, year=year, category=category, amount=amount)
            grants.append(grant)
            mail_on_commit(
                f"Förderzusage: {call.title}",
                f"Guten Tag,\n\nIhr Antrag „{application.title}“ wurde zur Förderung ausgewählt "
                f"({format_money(requested)}). Budget und Mittelabruf finden Sie in Leuchtfeuer.\n",
                [application.contact_email],
            )
        else:
            application.status = Application.Status.NOT_SELECTED
        application.save(update_fields=["status", "updated_at"])
    run.is_final = True
    run.save(update_fields=["is_final"])
    call.status = Call.Status.DECIDED
    call.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="funding.selection.finalise", target=call,
                 summary=f"Förderentscheidung: {len(grants)} Zuwendungen, {run.result['total_cost']} €")  # fmt: skip
    return grants
