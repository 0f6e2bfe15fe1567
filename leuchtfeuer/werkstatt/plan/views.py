"""Pages of the Werkstattplan: goals, measures, budget lines, indicators, adoption, versions."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core import taxonomy
from leuchtfeuer.core.actions import FAILED, attempt, button_action, form_action
from leuchtfeuer.werkstatt import charts, forms
from leuchtfeuer.werkstatt.kommunalprofil import selectors as kommunalprofil_selectors
from leuchtfeuer.werkstatt.pages import Ctx, comments_of, edit_page, page_context
from leuchtfeuer.werkstatt.plan import indicators as indicator_services
from leuchtfeuer.werkstatt.plan import selectors as plan_selectors
from leuchtfeuer.werkstatt.plan import services as plan_services
from leuchtfeuer.werkstatt.plan.models import BudgetLine, Goal, Indicator, Measure
from leuchtfeuer.werkstatt.zukunftswerkstatt.models import Idea


# -------------------------------------------------------------------------------- Werkstattplan
def _bars(tree) -> list[charts.Bar]:
    return [
        charts.Bar(m.title, f.label, m.start, m.end, m.status, m.get_status_display())
        for f in tree
        for m in f.measures.all()
    ]


def plan_page(request, ctx: Ctx, status: int = 200, **bound):
    process = ctx.process
    tree = plan_selectors.plan_tree(process)
    versions = plan_selectors.plan_versions(process)
    has_changes = plan_selectors.plan_has_unadopted_changes(process)
    progress = {p.indicator.pk: p for p in plan_selectors.indicator_progress(process)}
    for f in tree:
        for m in f.measures.all():
            m.total = sum((b.amount for b in m.budget_lines.all()), Decimal("0"))
            m.progress = [progress[i.pk] for i in m.indicators.all() if i.pk in progress]
    life = dict(taxonomy.choices(taxonomy.LIFE_PHASES))
    ctx.update(
        stage_key="werkstattplan",
        tree=[f for f in tree if f.goals.all() or f.measures.all()],
        empty_fields=[f for f in tree if not (f.goals.all() or f.measures.all())],
        life_labels=life,
        gantt=charts.gantt_chart(_bars(tree), today=timezone.localdate())
        if any(f.measures.all() for f in tree)
        else "",
        bars=_bars(tree),
        versions=versions,
        has_changes=has_changes,
        goal_form=bound.get("goal_form") or forms.GoalForm(process=process),
        field_form=bound.get("field_form") or forms.HandlungsfeldForm(),
        adopt_form=bound.get("adopt_form") or forms.AdoptForm(initial={"adopted_on": timezone.localdate()}),
        plan_indicators=[p for p in progress.values() if p.indicator.measure_id is None],
        budget_total=plan_selectors.budget_total(process),
        comments=comments_of(process, "werkstattplan"),
        comment_form=forms.CommentForm(),
        recommendations=_recommendations(process.municipality),
    )
    return render(request, "werkstatt/plan.html", ctx, status=status)


def _recommendations(municipality) -> list:
    """Praxisbeispiele for towns like this one (knowledge part), shown beside the plan."""
    from leuchtfeuer.knowledge.recommend import recommendations_for_municipality

    return recommendations_for_municipality(municipality, limit=5)


@login_required
def plan(request, slug: str):
    return plan_page(request, page_context(request, slug, "werkstattplan"))


@login_required
@require_POST
def goal_add(request, slug: str):
    ctx = page_context(request, slug, "werkstattplan")
    form = forms.GoalForm(request.POST, process=ctx.process)
    return form_action(
        request,
        form=form,
        call=lambda: plan_services.goal_add(actor=request.user, process=ctx.process, **form.cleaned_data),
        success_url=reverse("werkstatt:plan", kwargs={"slug": slug}),
        error_page=lambda form: plan_page(request, ctx, goal_form=form),
        success_message="Ziel gespeichert.",
    )


@login_required
@require_POST
def goal_delete(request, slug: str, pk: int):
    ctx = page_context(request, slug)
    goal = get_object_or_404(Goal, process=ctx.process, pk=pk)
    return button_action(
        request,
        call=lambda: plan_services.goal_delete(actor=request.user, goal=goal),
        redirect_to=reverse("werkstatt:plan", kwargs={"slug": slug}),
        success_message="Ziel gelöscht.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request, slug: str, pk: int | None = None):
    ctx = page_context(request, slug, "werkstattplan")
    process = ctx.process
    measure = (
        get_object_or_404(Measure.objects.select_related("handlungsfeld"), process=process, pk=pk)
        if pk
        else None
    )
    status = 200
    if request.method == "POST":
        form = forms.MeasureForm(request.POST, process=process)
        if measure is None:
            saved = attempt(
                form,
                lambda: plan_services.measure_create(
                    actor=request.user, process=process, **form.cleaned_data
                ),
            )
        else:
            saved = attempt(
                form,
                lambda: plan_services.measure_update(
                    actor=request.user, measure=measure, **form.cleaned_data
                ),
            )
        if saved is not FAILED:
            messages.success(request, f"Maßnahme „{saved.title}“ gespeichert.")
            return redirect("werkstatt:measure-edit", slug=slug, pk=saved.pk)
        status = 422
    else:
        initial = {}
        if measure:
            initial = {
                f: getattr(measure, f)
                for f in (
                    "handlungsfeld",
                    "goal",
                    "title",
                    "description",
                    "target_groups",
                    "responsible",
                    "partners",
                    "start",
                    "end",
                    "status",
                    "scenario",
                )
            }
        elif request.GET.get("feld"):
            initial["handlungsfeld"] = request.GET["feld"]
        form = forms.MeasureForm(process=process, initial=initial)
    ctx.update(form=form, measure=measure)
    if measure:
        ctx.update(
            budget_lines=list(measure.budget_lines.all()),
            budget_sum=measure.budget_lines.aggregate(s=Sum("amount"))["s"] or Decimal("0"),
            budget_form=forms.BudgetLineForm(),
            progress=plan_selectors.indicator_progress(
                process, measure.indicators.prefetch_related("readings")
            ),
            ideas=list(measure.ideas.all()),
        )
    return render(request, "werkstatt/measure_form.html", ctx, status=status)


@login_required
@require_POST
def measure_delete(request, slug: str, pk: int):
    ctx = page_context(request, slug)
    measure = get_object_or_404(Measure, process=ctx.process, pk=pk)
    return button_action(
        request,
        call=lambda: plan_services.measure_delete(actor=request.user, measure=measure),
        redirect_to=reverse("werkstatt:plan", kwargs={"slug": slug}),
        success_message=f"Maßnahme „{measure.title}“ gelöscht.",
    )


@login_required
@require_POST
def budget_add(request, slug: str, pk: int):
    ctx = page_context(request, slug, "werkstattplan")
    measure = get_object_or_404(Measure, process=ctx.process, pk=pk)
    form = forms.BudgetLineForm(request.POST)
    if (
        attempt(
            form,
            lambda: plan_services.budget_line_add(actor=request.user, measure=measure, **form.cleaned_data),
        )
        is FAILED
    ):
        for _field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"Kostenposten: {error}")
    else:
        messages.success(request, "Kostenposten gespeichert.")
    return redirect("werkstatt:measure-edit", slug=slug, pk=pk)


@login_required
@require_POST
def budget_delete(request, slug: str, pk: int):
    ctx = page_context(request, slug)
    line = get_object_or_404(BudgetLine, measure__process=ctx.process, pk=pk)
    return button_action(
        request,
        call=lambda: plan_services.budget_line_delete(actor=request.user, line=line),
        redirect_to=reverse("werkstatt:measure-edit", kwargs={"slug": slug, "pk": line.measure_id}),
        success_message="Kostenposten gelöscht.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request, slug: str):
    ctx = page_context(request, slug, "werkstattplan")
    process = ctx.process
    measure_id = request.POST.get("measure") or request.GET.get("massnahme")
    measure = get_object_or_404(Measure, process=process, pk=measure_id) if measure_id else None
    choices = kommunalprofil_selectors.official_indicator_choices(process)
    status = 200
    if request.method == "POST":
        form = forms.IndicatorForm(request.POST, official_choices=choices)
        saved = attempt(
            form,
            lambda: indicator_services.indicator_create(
                actor=request.user, process=process, measure=measure, **form.cleaned_data
            ),
        )
        if saved is not FAILED:
            messages.success(request, f"Indikator „{saved.label}“ angelegt.")
            if measure:
                return redirect("werkstatt:measure-edit", slug=slug, pk=measure.pk)
            return redirect("werkstatt:plan", slug=slug)
        status = 422
    else:
        form = forms.IndicatorForm(official_choices=choices, initial={"kind": Indicator.Kind.OFFICIAL})
    ctx.update(form=form, measure=measure)
    return render(request, "werkstatt/indicator_form.html", ctx, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_detail(request, slug: str, pk: int):
    ctx = page_context(request, slug, "werkstattplan")
    process = ctx.process
    indicator = get_object_or_404(Indicator.objects.select_related("measure"), process=process, pk=pk)
    target_form = forms.IndicatorTargetForm(
        initial={k: getattr(indicator, k) for k in ("target_value", "target_year", "direction", "note")}
    )
    reading_form = forms.ReadingForm(initial={"date": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "reading":
            reading_form = forms.ReadingForm(request.POST)
            ok = attempt(
                reading_form,
                lambda: indicator_services.indicator_reading_add(
                    actor=request.user, indicator=indicator, **reading_form.cleaned_data
                ),
            )
        else:
            target_form = forms.IndicatorTargetForm(request.POST)
            ok = attempt(
                target_form,
                lambda: indicator_services.indicator_update(
                    actor=request.user, indicator=indicator, **target_form.cleaned_data
                ),
            )
        if ok is not FAILED:
            messages.success(request, "Gespeichert.")
            return redirect("werkstatt:indicator-detail", slug=slug, pk=pk)
        status = 422
    ctx.update(
        indicator=indicator,
        progress=plan_selectors.indicator_progress(process, [indicator])[0],
        readings=list(indicator.readings.select_related("entered_by")),
        target_form=target_form,
        reading_form=reading_form,
    )
    return render(request, "werkstatt/indicator_detail.html", ctx, status=status)


@login_required
@require_POST
def plan_adopt(request, slug: str):
    ctx = page_context(request, slug, "werkstattplan")
    form = forms.AdoptForm(request.POST)
    version = attempt(
        form, lambda: plan_services.plan_adopt(actor=request.user, process=ctx.process, **form.cleaned_data)
    )
    if version is FAILED:
        return plan_page(request, ctx, 422, adopt_form=form)
    messages.success(request, f"Werkstattplan Version {version.number} ist beschlossen und festgehalten.")
    return redirect("werkstatt:plan", slug=slug)


@login_required
def plan_version(request, slug: str, number: int):
    ctx = page_context(request, slug, "werkstattplan")
    process = ctx.process
    version = get_object_or_404(process.plan_versions.select_related("adopted_by"), number=number)
    compare = request.GET.get("mit", "")
    if compare == "aktuell":
        other, other_label = plan_selectors.plan_snapshot(process), "aktueller Entwurf"
        diff = plan_selectors.plan_diff(version.snapshot, other)
        direction = f"Von Version {version.number} zum aktuellen Entwurf"
    else:
        previous = process.plan_versions.filter(number__lt=number).order_by("-number").first()
        other_label = f"Version {previous.number}" if previous else ""
        diff = plan_selectors.plan_diff(previous.snapshot, version.snapshot) if previous else []
        direction = f"Von Version {previous.number} zu Version {version.number}" if previous else ""
    ctx.update(
        version=version,
        diff=diff,
        direction=direction,
        other_label=other_label,
        snapshot=version.snapshot,
        life_labels=dict(taxonomy.choices(taxonomy.LIFE_PHASES)),
        status_labels=dict(Measure.Status.choices),
    )
    return render(request, "werkstatt/plan_version.html", ctx)


@login_required
@require_POST
def idea_to_measure(request, slug: str, pk: int):
    ctx = page_context(request, slug)
    idea = get_object_or_404(Idea, process=ctx.process, pk=pk)
    # By hand, not button_action: success opens the new measure, a refusal goes back to the ideas.
    try:
        measure = plan_services.idea_to_measure(actor=request.user, idea=idea)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("werkstatt:zukunftswerkstatt", slug=slug)
    messages.success(
        request, f"Aus der Idee ist die Maßnahme „{measure.title}“ geworden. Bitte ergänzen Sie die Angaben."
    )
    return redirect("werkstatt:measure-edit", slug=slug, pk=measure.pk)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, slug: str, pk: int):
    ctx = page_context(request, slug, "werkstattplan")
    goal = get_object_or_404(Goal, process=ctx.process, pk=pk)
    back = reverse("werkstatt:plan", kwargs={"slug": slug})
    delete = reverse("werkstatt:goal-delete", kwargs={"slug": slug, "pk": pk})
    heading = f"Ziel im Handlungsfeld {goal.handlungsfeld.label} bearbeiten"
    if request.method == "POST":
        form = forms.GoalEditForm(request.POST)
        if (
            attempt(
                form, lambda: plan_services.goal_update(actor=request.user, goal=goal, **form.cleaned_data)
            )
            is not FAILED
        ):
            messages.success(request, "Ziel gespeichert.")
            return redirect(back)
        return edit_page(
            request, ctx, form=form, heading=heading, back_url=back, delete_url=delete, status=422
        )
    form = forms.GoalEditForm(initial={"title": goal.title, "description": goal.description})
    return edit_page(request, ctx, form=form, heading=heading, back_url=back, delete_url=delete)
