"""Willkommenspat:innen: the public sign-up and confirmation, each side's personal pairing link,
the Lots:in's list of buddies and the pairing actions on the case page."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core.actions import button_action, form_action
from leuchtfeuer.core.forms import Form
from leuchtfeuer.core.net import client_ip
from leuchtfeuer.portal.belonging.buddies import pairings, selectors, services
from leuchtfeuer.portal.belonging.buddies.forms import (
    BuddySignupForm,
    BuddyStatusForm,
    CheckinForm,
    EndPairingForm,
)
from leuchtfeuer.portal.belonging.models import Buddy, BuddyPairing
from leuchtfeuer.portal.cases import services as case_services
from leuchtfeuer.portal.cases.views import _case, _render_case
from leuchtfeuer.portal.models import Case
from leuchtfeuer.portal.views import _base_url, _ctx, _portal, _status, _too_many, portal_language, throttled
from leuchtfeuer.portal.workspace import municipality_for, workspace_perms

# ---------------------------------------------------------------------------------------------
# Public: sign-up, e-mail confirmation, personal pairing link
# ---------------------------------------------------------------------------------------------


@portal_language
@require_http_methods(["GET", "POST"])
def buddy_signup(request: HttpRequest, slug: str) -> HttpResponse:
    portal = _portal(request, slug)
    municipality = portal.municipality
    form = BuddySignupForm(request.POST or None, municipality=municipality)

    def page(form: forms.Form) -> HttpResponse:
        return render(
            request,
            "portal/belonging/buddy_signup.html",
            _ctx(request, portal, form=form),
            status=_status(form),
        )

    if request.method != "POST":
        return page(form)
    if form.is_valid() and throttled("form", client_ip(request)):
        _too_many(form)
        return render(
            request, "portal/belonging/buddy_signup.html", _ctx(request, portal, form=form), status=429
        )

    def call() -> Buddy:
        data = dict(form.cleaned_data)
        return services.buddy_signup(
            municipality=municipality,
            email=data.pop("email"),
            consent_given=data.pop("consent"),
            data=data,
            base_url=_base_url(request),
            user=request.user,
        )

    return form_action(
        request,
        form=form,
        call=call,
        success_url=reverse("portal:buddy-signup-sent", kwargs={"slug": slug}),
        error_page=page,
    )


@portal_language
def buddy_signup_sent(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "portal/belonging/buddy_signup_sent.html", _ctx(request, _portal(request, slug)))


@never_cache
@portal_language
@require_http_methods(["GET", "POST"])
def buddy_confirm(request: HttpRequest, token: str) -> HttpResponse:
    template = "portal/belonging/buddy_confirm.html"
    try:
        buddy = services.buddy_for_token(token)
        if request.method == "POST":
            buddy = services.buddy_confirm_email(token=token, base_url=_base_url(request))
    except ValidationError as exc:
        return render(
            request,
            template,
            {"error": exc.messages[0], "lang": getattr(request, "portal_lang", "de")},
            status=400,
        )
    return render(
        request,
        template,
        {
            "buddy": buddy,
            "confirmed": buddy.consent.confirmed_at is not None,
            "portal": getattr(buddy.municipality, "portal", None),
            "lang": getattr(request, "portal_lang", "de"),
        },
    )


@never_cache
@portal_language
@require_http_methods(["GET", "POST"])
def pairing_respond(request: HttpRequest, token: str) -> HttpResponse:
    """Each side's personal link: what the other shares (no contact data), accept or decline."""
    template = "portal/belonging/buddy_pairing.html"
    error = ""
    try:
        pairing, side = pairings.pairing_for_token(token)
    except ValidationError as exc:
        return render(
            request,
            template,
            {"error": exc.messages[0], "lang": getattr(request, "portal_lang", "de")},
            status=404,
        )
    status = 200
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in ("accept", "decline"):
            error, status = _("Bitte wählen Sie „Zusagen“ oder „Ablehnen“."), 422
        else:
            try:
                pairings.pairing_respond(token=token, accept=decision == "accept")
            except ValidationError as exc:
                error, status = exc.messages[0], 422
            else:
                return HttpResponseRedirect(request.path)  # POST/redirect/GET: the page shows the new state
        pairing, side = pairings.pairing_for_token(token)
    is_buddy = side == pairings.BUDDY_SIDE
    mine = pairing.buddy_accepted_at if is_buddy else pairing.newcomer_accepted_at
    other = selectors.newcomer_profile(pairing.case) if is_buddy else selectors.shared_profile(pairing.buddy)
    return render(
        request,
        template,
        {
            "pairing": pairing,
            "is_buddy": is_buddy,
            "accepted": mine is not None,
            "other": [(k, v) for k, v in other.items() if v],
            "error": error,
            "token": token,
            "portal": getattr(pairing.case.municipality, "portal", None),
            "lang": getattr(request, "portal_lang", "de"),
        },
        status=status,
    )


# ---------------------------------------------------------------------------------------------
# Workspace: the town's buddies
# ---------------------------------------------------------------------------------------------


@login_required
def buddies(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for(request, slug, "portal.manage_buddies")
    rows = selectors.buddies_for(municipality)
    return render(
        request,
        "portal/belonging/buddy_list.html",
        {
            "municipality": municipality,
            "buddies": rows,
            "free_total": sum(getattr(b, "free", 0) for b in rows if b.status == Buddy.Status.ACTIVE),
            "status_form": BuddyStatusForm(),
            **workspace_perms(request.user, municipality),
        },
    )


@login_required
@require_POST
def buddy_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    municipality = municipality_for(request, slug, "portal.manage_buddies")
    buddy = get_object_or_404(Buddy, municipality=municipality, pk=pk)
    status = request.POST.get("status", "")
    return button_action(
        request,
        call=lambda: services.buddy_set_status(actor=request.user, buddy=buddy, status=status),
        redirect_to=reverse("portal:buddies", kwargs={"slug": slug}),
        success_message=lambda b: (
            f"{b.name}: {services.STATUS_MESSAGES.get(b.status, b.get_status_display())}."
        ),
    )


# ---------------------------------------------------------------------------------------------
# Case page: propose, end, check-in
# ---------------------------------------------------------------------------------------------


def _pairing_case(request: HttpRequest, slug: str, pk: int, action: str) -> Case:
    municipality_for(request, slug, "portal.pair_buddies")
    case = _case(request, slug, pk)
    case_services.case_access(actor=request.user, case=case, purpose=f"bearbeitet (Patenschaft {action})")
    return case


@login_required
@require_POST
def pairing_propose(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    case = _pairing_case(request, slug, pk, "vorschlagen")
    buddy = get_object_or_404(Buddy, municipality=case.municipality, pk=request.POST.get("buddy") or 0)
    return button_action(
        request,
        call=lambda: pairings.pairing_propose(
            actor=request.user,
            case=case,
            buddy=buddy,
            message=request.POST.get("message", ""),
            base_url=_base_url(request),
        ),
        redirect_to=reverse("portal:case-detail", kwargs={"slug": slug, "pk": pk}) + "#paten",
        success_message=f"{buddy.name} ist vorgeschlagen. Beide haben eine E-Mail mit ihrem Link bekommen.",
    )


def _pairing_action(request: HttpRequest, slug: str, pk: int, pairing_pk: int, action: str) -> HttpResponse:
    case = _pairing_case(request, slug, pk, action)
    pairing = get_object_or_404(BuddyPairing, case=case, pk=pairing_pk)
    if action == "end":
        form: Form = EndPairingForm(request.POST, auto_id=f"ende{pairing.pk}-%s")
        key = "end"

        def call() -> BuddyPairing:
            return pairings.pairing_end(
                actor=request.user, pairing=pairing, reason=form.cleaned_data["end_reason"]
            )

        done = "Die Patenschaft ist beendet."
    else:
        form = CheckinForm(request.POST, auto_id=f"nachfrage{pairing.pk}-%s")
        key = "checkin"

        def call() -> BuddyPairing:
            return pairings.pairing_record_checkin(
                actor=request.user, pairing=pairing, note=form.cleaned_data["checkin_note"]
            )

        done = "Die Nachfrage ist festgehalten."

    def error_page(form: forms.Form) -> HttpResponse:
        request.buddy_forms = {key: form, "pairing": pairing.pk}  # type: ignore[attr-defined]
        return _render_case(request, case)

    return form_action(
        request,
        form=form,
        call=call,
        success_url=reverse("portal:case-detail", kwargs={"slug": slug, "pk": pk}) + "#paten",
        error_page=error_page,
        success_message=done,
    )


@login_required
@require_POST
def pairing_end(request: HttpRequest, slug: str, pk: int, pairing_pk: int) -> HttpResponse:
    return _pairing_action(request, slug, pk, pairing_pk, "end")


@login_required
@require_POST
def pairing_checkin(request: HttpRequest, slug: str, pk: int, pairing_pk: int) -> HttpResponse:
    return _pairing_action(request, slug, pk, pairing_pk, "checkin")
