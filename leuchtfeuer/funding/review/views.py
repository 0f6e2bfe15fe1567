"""Pages of the review: a reviewer's queue and form, conflicts; the office's reviewers and scores."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core.actions import button_action, form_action
from leuchtfeuer.core.permissions import require
from leuchtfeuer.core.text import clean_text
from leuchtfeuer.funding.applications import services as application_services
from leuchtfeuer.funding.applications.models import Application
from leuchtfeuer.funding.calls.models import Call, CallItem
from leuchtfeuer.funding.calls.selectors import call_items
from leuchtfeuer.funding.calls.views import office_call_page
from leuchtfeuer.funding.common import OFFICE_ONLY
from leuchtfeuer.funding.forms import ConflictForm, LockForm, ReviewerForm, ReviewForm
from leuchtfeuer.funding.review import selectors, services
from leuchtfeuer.funding.review.models import ReviewerAssignment

NOT_ASSIGNED = "Sie sind für diesen Aufruf nicht als Gutachter:in eingetragen."


@login_required
def review_list(request):
    require(
        request.user, "funding.review", message="Sie sind keinem Förderaufruf als Gutachter:in zugeordnet."
    )
    return render(request, "funding/review_list.html", {"queue": selectors.reviewer_queue(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def review_application(request, pk: int):
    application = get_object_or_404(
        Application.objects.select_related("call", "region", "municipality"), pk=pk
    )
    if not ReviewerAssignment.objects.filter(call=application.call, reviewer=request.user).exists():
        raise PermissionDenied(NOT_ASSIGNED)
    conflict = selectors.reviewer_conflict(request.user, application)
    if conflict:
        return render(
            request,
            "funding/review_conflict.html",
            {"application": application, "conflict": conflict},
            status=403,
        )
    review = application.reviews.filter(reviewer=request.user).prefetch_related("scores").first()
    form = ReviewForm(request.POST or None, criteria=application.call.criteria.all(), review=review)

    def page(form: ReviewForm):
        return render(
            request,
            "funding/review_form.html",
            {"application": application, "items": call_items(application.call), "form": form,
             "conflict_form": ConflictForm(), "attachments": application.attachments.select_related("item")},
        )  # fmt: skip

    def save():
        try:
            return services.review_save(
                actor=request.user,
                application=application,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except PermissionDenied as exc:  # a conflict declared meanwhile: say so on the form
            raise ValidationError(str(exc)) from exc

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=save,
        success_url="funding:review-list",
        error_page=page,
        success_message=f"Bewertung für „{application.applicant_name}“ gespeichert.",
    )


@login_required
@require_POST
def review_conflict(request, pk: int):
    application = get_object_or_404(Application, pk=pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Bitte nennen Sie den Grund der Befangenheit.")
        return redirect("funding:review-list")
    return button_action(
        request,
        call=lambda: services.conflict_declare(
            actor=request.user, application=application, reason=form.cleaned_data["reason"]
        ),
        redirect_to="funding:review-list",
        success_message="Befangenheit erklärt – der Antrag wird Ihnen nicht mehr zur Bewertung angeboten.",
    )


# ---------------------------------------------------------------------------- office


@login_required
@require_POST
def office_reviewer_add(request, slug: str):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    call = get_object_or_404(Call, slug=slug)
    form = ReviewerForm(request.POST)
    return form_action(
        request,
        form=form,
        call=lambda: services.reviewer_assign(
            actor=request.user, call=call, email=form.cleaned_data["email"]
        ),
        success_url=reverse("funding:office-call", kwargs={"slug": call.slug}),
        error_page=lambda form: office_call_page(request, call, reviewer_form=form),
        success_message=lambda _: f"{form.cleaned_data['email']} begutachtet jetzt diesen Aufruf.",
    )


@login_required
@require_POST
def office_reviewer_remove(request, slug: str, pk: int):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    assignment = get_object_or_404(ReviewerAssignment, pk=pk, call__slug=slug)
    return button_action(
        request,
        call=lambda: services.reviewer_remove(actor=request.user, assignment=assignment),
        redirect_to=reverse("funding:office-call", kwargs={"slug": slug}),
    )


@login_required
def office_applications(request, slug: str):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    call = get_object_or_404(Call, slug=slug)
    rows = selectors.score_table(call)
    return render(
        request,
        "funding/office_applications.html",
        {"call": call, "rows": rows, "criteria": call.criteria.all()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_application(request, pk: int):
    """The office's page of one application: scores, the prerequisite check and the selection lock."""
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    application = get_object_or_404(
        Application.objects.select_related("call", "region", "municipality"), pk=pk
    )
    prereq_items = [i for i in application.call.items.all() if i.kind == CallItem.Kind.PREREQUISITE]
    if request.method == "POST":
        here = reverse("funding:office-application", kwargs={"pk": application.pk})
        action = request.POST.get("action")
        if action == "check":
            checks = {}
            for item in prereq_items:
                value = request.POST.get(f"met_{item.pk}", "")
                checks[str(item.pk)] = {
                    "met": True if value == "ja" else False if value == "nein" else None,
                    "note": clean_text(request.POST.get(f"note_{item.pk}", "")),
                }
            return button_action(
                request,
                call=lambda: application_services.application_check_prerequisites(
                    actor=request.user, application=application, checks=checks
                ),
                redirect_to=here,
                success_message="Prüfung der Voraussetzungen gespeichert.",
            )
        form = LockForm(request.POST)
        if action == "lock" and form.is_valid():
            return button_action(
                request,
                call=lambda: application_services.application_set_lock(
                    actor=request.user, application=application, **form.cleaned_data
                ),
                redirect_to=here,
                success_message="Auswahl-Sperre gespeichert. Berechnen Sie die Auswahl neu.",
            )
        return redirect(here)
    row = next(
        (r for r in selectors.score_table(application.call) if r.application.pk == application.pk), None
    )
    return render(
        request,
        "funding/office_application.html",
        {
            "application": application,
            "items": call_items(application.call),
            "prereq_items": prereq_items,
            "row": row,
            "reviews": application.reviews.select_related("reviewer").prefetch_related("scores__criterion"),
            "lock_form": LockForm(initial={"lock": application.lock, "reason": application.lock_reason}),
            "attachments": application.attachments.select_related("item"),
        },
    )
