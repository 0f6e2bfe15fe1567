"""The Zwischenbilanz page: indicator progress, measure status, the text of the review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core.actions import FAILED, attempt
from leuchtfeuer.werkstatt import forms
from leuchtfeuer.werkstatt.kommunalprofil import selectors as kommunalprofil_selectors
from leuchtfeuer.werkstatt.pages import comments_of, page_context
from leuchtfeuer.werkstatt.plan import selectors as plan_selectors
from leuchtfeuer.werkstatt.plan import services as plan_services
from leuchtfeuer.werkstatt.plan.models import Measure
from leuchtfeuer.werkstatt.reports import services as report_services
from leuchtfeuer.werkstatt.reports.models import Review

# ------------------------------------------------------------------------------ Zwischenbilanz
# Kommunalprofil figures the Zwischenbilanz compares with the start (the demographic core).
ZWISCHENBILANZ_KEYS = [
    "population",
    "share_under_18",
    "share_65_plus",
    "old_age_ratio",
    "births",
    "migration_balance",
    "migration_family",
    "migration_education",
    "migration_career_start",
]


@login_required
@require_http_methods(["GET", "POST"])
def zwischenbilanz(request, slug: str):
    ctx = page_context(request, slug, "zwischenbilanz")
    process = ctx.process
    review = Review.objects.filter(process=process).first()
    status = 200
    if request.method == "POST":
        form = forms.ReviewForm(request.POST)
        if (
            attempt(
                form,
                lambda: report_services.review_save(actor=request.user, process=process, **form.cleaned_data),
            )
            is not FAILED
        ):
            messages.success(request, "Zwischenbilanz gespeichert.")
            return redirect("werkstatt:zwischenbilanz", slug=slug)
        status = 422
    else:
        form = forms.ReviewForm(
            initial={"narrative": review.narrative, "lessons_learned": review.lessons_learned}
            if review
            else {}
        )
    tree = plan_selectors.plan_tree(process)
    progress = {p.indicator.pk: p for p in plan_selectors.indicator_progress(process)}
    measures = []
    for f in tree:
        for m in f.measures.all():
            m.field_label = f.label
            m.progress = [progress[i.pk] for i in m.indicators.all() if i.pk in progress]

            measures.append(m)
    ctx.update(
        stage_key="zwischenbilanz",
        status_choices=Measure.Status.choices,
        form=form,
        review=review,
        measures=measures,
        plan_indicators=[p for p in progress.values() if p.indicator.measure_id is None],
        snapshot=kommunalprofil_selectors.latest_snapshot(process),
        comparison=kommunalprofil_selectors.profile_comparison(process, keys=ZWISCHENBILANZ_KEYS),
        comments=comments_of(process, "zwischenbilanz"),
        comment_form=forms.CommentForm(),
    )
    return render(request, "werkstatt/zwischenbilanz.html", ctx, status=status)


@login_required
@require_POST
def measure_progress(request, slug: str, pk: int):
    ctx = page_context(request, slug)
    measure = get_object_or_404(Measure, process=ctx.process, pk=pk)
    form = forms.ProgressForm(request.POST, prefix=f"stand-{pk}")
    if (
        attempt(
            form,
            lambda: plan_services.measure_update(actor=request.user, measure=measure, **form.cleaned_data),
        )
        is FAILED
    ):
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"„{measure.title}“: {error}")
    else:
        messages.success(request, f"Stand von „{measure.title}“ gespeichert.")
    return redirect(reverse("werkstatt:zwischenbilanz", kwargs={"slug": slug}) + f"#massnahme-{pk}")
