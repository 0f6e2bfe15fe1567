"""Pages of a call: the public call page and the office's set-up (settings, elements, criteria)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.accounts.roles import roles_by_municipality
from leuchtfeuer.core.actions import button_action, form_action
from leuchtfeuer.core.permissions import require
from leuchtfeuer.funding.calls import selectors, services
from leuchtfeuer.funding.calls.models import Call, CallItem, Criterion
from leuchtfeuer.funding.common import OFFICE_ONLY
from leuchtfeuer.funding.engine.eligibility import APPLICANT_TYPES
from leuchtfeuer.funding.forms import CallForm, CallItemForm, CriterionForm, ReviewerForm
from leuchtfeuer.places.models import Municipality


def _office_call_url(slug: str) -> str:
    return reverse("funding:office-call", kwargs={"slug": slug})


def call_detail(request, slug: str):
    call = get_object_or_404(Call.objects.select_related("programme"), slug=slug)
    if call.status == Call.Status.DRAFT and not request.user.has_perm("funding.manage"):
        raise Http404("Diesen Aufruf gibt es nicht.")
    user = request.user
    towns = []
    if user.is_authenticated and "kommune" in call.applicant_types:
        ids = [mid for mid, roles in roles_by_municipality(user).items() if roles & {"koordination", "team"}]
        towns = list(Municipality.objects.filter(pk__in=ids))
    return render(
        request,
        "funding/call_detail.html",
        {
            "call": call,
            "items": selectors.call_items(call),
            "criteria": call.criteria.all(),
            "is_open": call.status == Call.Status.PUBLISHED and timezone.now() <= call.deadline,
            "towns": towns,
            "applicant_labels": [APPLICANT_TYPES.get(t, t) for t in call.applicant_types],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_call_edit(request, slug: str | None = None):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    call = get_object_or_404(Call, slug=slug) if slug else None
    initial = (
        CallForm.initial_for(call)
        if call
        else {"status": Call.Status.DRAFT, "report_required": True, "applicant_types": ["kommune"]}
    )
    form = CallForm(request.POST or None, initial=initial)

    def page(form: CallForm):
        return render(request, "funding/office_call_form.html", {"form": form, "call": call})

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.call_save(actor=request.user, data=form.cleaned_data, call=call),
        success_url=lambda saved: _office_call_url(saved.slug),
        error_page=page,
        success_message=lambda saved: f"Aufruf „{saved.title}“ gespeichert.",
    )


def office_call_page(
    request, call: Call, *, item_form=None, criterion_form=None, reviewer_form=None, status=200
):
    """The office's page of a call; the forms given carry their errors (the others start empty)."""
    return render(
        request,
        "funding/office_call.html",
        {
            "call": call,
            "items": selectors.call_items(call),
            "kinds": CallItem.Kind.choices,
            "criteria": call.criteria.all(),
            "assignments": call.reviewer_assignments.select_related("reviewer"),
            "item_form": item_form or CallItemForm(initial={"required": True}),
            "criterion_form": criterion_form or CriterionForm(),
            "reviewer_form": reviewer_form or ReviewerForm(),
            # "entwurf": Application.Status.DRAFT (the calls part does not import the applications part)
            "application_count": call.applications.exclude(status="entwurf").count(),
            "draft_count": call.applications.filter(status="entwurf").count(),
        },
        status=status,
    )


@login_required
def office_call(request, slug: str):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    return office_call_page(request, get_object_or_404(Call, slug=slug))


@login_required
@require_POST
def office_call_item_add(request, slug: str):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    call = get_object_or_404(Call, slug=slug)
    form = CallItemForm(request.POST)
    return form_action(
        request,
        form=form,
        call=lambda: services.call_item_add(actor=request.user, call=call, **form.cleaned_data),
        success_url=_office_call_url(call.slug),
        error_page=lambda form: office_call_page(request, call, item_form=form),
        success_message=lambda _item: f"„{form.cleaned_data['label']}“ hinzugefügt.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_call_item_edit(request, slug: str, pk: int):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    item = get_object_or_404(CallItem.objects.select_related("call"), pk=pk, call__slug=slug)
    initial = {
        k: getattr(item, k) for k in ("kind", "label", "help_text", "required", "field_type", "profile_key")
    }
    form = CallItemForm(request.POST or None, initial=initial)
    form.fields["kind"].disabled = True

    def page(form: CallItemForm):
        return render(
            request, "funding/office_item_form.html", {"form": form, "item": item, "call": item.call}
        )

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.call_item_update(actor=request.user, item=item, **form.cleaned_data),
        success_url=_office_call_url(slug),
        error_page=page,
        success_message=lambda saved: f"„{saved.label}“ gespeichert.",
    )


@login_required
@require_POST
def office_call_item_delete(request, slug: str, pk: int):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    item = get_object_or_404(CallItem, pk=pk, call__slug=slug)
    return button_action(
        request,
        call=lambda: services.call_item_delete(actor=request.user, item=item),
        redirect_to=_office_call_url(slug),
    )


@login_required
@require_POST
def office_criterion_add(request, slug: str):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    call = get_object_or_404(Call, slug=slug)
    form = CriterionForm(request.POST)
    return form_action(
        request,
        form=form,
        call=lambda: services.criterion_add(actor=request.user, call=call, **form.cleaned_data),
        success_url=_office_call_url(call.slug),
        error_page=lambda form: office_call_page(request, call, criterion_form=form),
    )


@login_required
@require_POST
def office_criterion_delete(request, slug: str, pk: int):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    criterion = get_object_or_404(Criterion, pk=pk, call__slug=slug)
    return button_action(
        request,
        call=lambda: services.criterion_delete(actor=request.user, criterion=criterion),
        redirect_to=_office_call_url(slug),
    )
