"""Pages of the Kommunalprofil stage: Resilienz-Check, the frozen profile, findings."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core import taxonomy
from leuchtfeuer.core.actions import FAILED, attempt, button_action, form_action
from leuchtfeuer.werkstatt import charts, forms
from leuchtfeuer.werkstatt.kommunalprofil import selectors as kommunalprofil_selectors
from leuchtfeuer.werkstatt.kommunalprofil import services as kommunalprofil_services
from leuchtfeuer.werkstatt.kommunalprofil.models import Finding
from leuchtfeuer.werkstatt.pages import Ctx, comments_of, page_context


# -------------------------------------------------------------------------- Resilienz-Check
def _radar(rows: list[dict]) -> str:
    return charts.radar_chart(
        [(r["label"], r["score"]) for r in rows],
        markers=[r["dimension"] == "saeule" for r in rows],
        title="Resilienz-Check: Einschätzung von 1 (sehr schwach) bis 5 (sehr stark)",
    )


@login_required
@require_http_methods(["GET", "POST"])
def resilience(request, slug: str):
    ctx = page_context(request, slug, "resilience")
    process = ctx.process
    items = kommunalprofil_services.resilience_items()
    check, rows = kommunalprofil_selectors.latest_resilience(process)
    status = 200
    if request.method == "POST":
        form = forms.ResilienceForm(request.POST, items=items)
        if (
            attempt(
                form,
                lambda: kommunalprofil_services.resilience_check_save(
                    actor=request.user,
                    process=process,
                    taken_on=form.cleaned_data["taken_on"],
                    note=form.cleaned_data["note"],
                    answers=form.answers(),
                ),
            )
            is not FAILED
        ):
            messages.success(request, "Resilienz-Check gespeichert.")
            return redirect("werkstatt:resilience", slug=slug)
        status = 422
    else:
        initial = {"taken_on": timezone.localdate()}
        for r in rows:
            initial[f"{r['dimension']}-{r['key']}"] = str(r["score"] or "")
            initial[f"{r['dimension']}-{r['key']}-note"] = r["note"]
        form = forms.ResilienceForm(items=items, initial=initial)
    ctx.update(
        form=form,
        check=check,
        rows=rows,
        radar=_radar(rows) if rows else "",
        weak=[r["label"] for r in rows if r["score"] is not None and r["score"] <= 2],
        has_previous=any(r["previous"] is not None for r in rows),
        history=list(process.resilience_checks.all()[:10]),
        pillar_count=len(taxonomy.RESILIENCE_PILLARS),
    )
    return render(request, "werkstatt/resilience.html", ctx, status=status)


# ---------------------------------------------------------------------------- Kommunalprofil
def _frozen_projection(projection: dict | None) -> dict:
    """Every fifth year ({year, total, range80}), base year and note of a frozen projection.

    Snapshots hold what `leuchtfeuer project <AGS> --json` printed when they were taken: the
    current projection with English keys, or (older snapshots) the German keys of before."""
    if not projection:
        return {"projection_years": []}
    if "years" in projection:
        rows = [
            {"year": y["year"], "total": y["total"], "range80": y.get("range80")} for y in projection["years"]
        ]
        note = " ".join(filter(None, [projection.get("method", "") + ".", projection.get("drivers", "")]))
        base = projection.get("base_year")
    else:
        rows = [
            {"year": y["jahr"], "total": y["insgesamt"], "range80": y.get("bereich80")}
            for y in projection.get("jahre", [])
        ]
        note = f"{projection.get('methode', '')}. {projection.get('hinweis', '')}"
        base = projection.get("basisjahr")
    return {"projection_years": rows[::5], "projection_base_year": base, "projection_note": note}


def profile_page(request, ctx: Ctx, status: int = 200, **bound):
    process = ctx.process
    snapshot = kommunalprofil_selectors.latest_snapshot(process)
    rows = kommunalprofil_selectors.profile_comparison(process)
    findings = defaultdict(list)
    for f in process.findings.select_related("created_by"):
        findings[f.kind].append(f)
    ctx.update(
        stage_key="kommunalprofil",
        snapshot=snapshot,
        snapshot_rows=rows,
        snapshot_count=process.profile_snapshots.count(),
        **_frozen_projection(snapshot.projection if snapshot else None),
        findings=[(value, label, findings.get(value, [])) for value, label in Finding.Kind.choices],
        finding_form=bound.get("finding_form") or forms.FindingForm(),
        comments=comments_of(process, "kommunalprofil"),
        comment_form=forms.CommentForm(),
    )
    return render(request, "werkstatt/kommunalprofil.html", ctx, status=status)


@login_required
def kommunalprofil(request, slug: str):
    return profile_page(request, page_context(request, slug, "kommunalprofil"))


@login_required
@require_POST
def snapshot_take(request, slug: str):
    ctx = page_context(request, slug)
    return button_action(
        request,
        call=lambda: kommunalprofil_services.profile_snapshot_take(
            actor=request.user, process=ctx.process, with_projection=request.POST.get("projection") == "1"
        ),
        redirect_to=reverse("werkstatt:kommunalprofil", kwargs={"slug": slug}),
        success_message="Der Stand des Kommunalprofils ist gesichert.",
    )


@login_required
@require_POST
def finding_add(request, slug: str):
    ctx = page_context(request, slug, "kommunalprofil")
    form = forms.FindingForm(request.POST)
    return form_action(
        request,
        form=form,
        call=lambda: kommunalprofil_services.finding_add(
            actor=request.user, process=ctx.process, **form.cleaned_data
        ),
        success_url=reverse("werkstatt:kommunalprofil", kwargs={"slug": slug}),
        error_page=lambda form: profile_page(request, ctx, finding_form=form),
        success_message="Befund gespeichert.",
    )


@login_required
@require_POST
def finding_delete(request, slug: str, pk: int):
    ctx = page_context(request, slug)
    finding = get_object_or_404(Finding, process=ctx.process, pk=pk)
    return button_action(
        request,
        call=lambda: kommunalprofil_services.finding_delete(actor=request.user, finding=finding),
        redirect_to=reverse("werkstatt:kommunalprofil", kwargs={"slug": slug}),
        success_message="Befund gelöscht.",
    )
