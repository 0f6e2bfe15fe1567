"""Offers (Angebote) in the workspace: the list, one offer, the town's moderation, the job import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core import uploads
from leuchtfeuer.core.actions import button_action, form_action
from leuchtfeuer.portal.belonging.engagement import services as engagement_services
from leuchtfeuer.portal.belonging.engagement.forms import OfferWithDetailsForm
from leuchtfeuer.portal.forms import ModerationForm, OfferImportForm
from leuchtfeuer.portal.importer import IMPORT_MAX_BYTES, IMPORT_TYPES
from leuchtfeuer.portal.models import Offer
from leuchtfeuer.portal.offers import services
from leuchtfeuer.portal.workspace import municipality_for, status_of, workspace_perms


@login_required
def offers(request, slug: str):
    municipality = municipality_for(request, slug, "portal.submit_offer")
    perms = workspace_perms(request.user, municipality)
    queryset = Offer.objects.filter(municipality=municipality).select_related("organisation", "ortsteil")
    if not perms["can_moderate"]:
        org = services.partner_organisation(request.user, municipality)
        queryset = queryset.filter(organisation=org) if org else queryset.filter(created_by=request.user)
    return render(
        request,
        "portal/offers_manage.html",
        {
            "municipality": municipality,
            "offers": queryset.order_by("status", "-created_at")[:500],
            "today": timezone.localdate(),
            "moderation_form": ModerationForm(),
            **perms,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request, slug: str, pk: int | None = None):
    municipality = municipality_for(request, slug, "portal.submit_offer")
    offer = get_object_or_404(Offer, municipality=municipality, pk=pk) if pk else None
    can_publish = request.user.has_perm("portal.moderate_offer", municipality)
    # The offer form with the details of engagement and shared-living offers (issue 21).
    form = OfferWithDetailsForm(
        request.POST or None, instance=offer, municipality=municipality, can_publish=can_publish
    )

    def page(form):
        return render(
            request,
            "portal/offer_form.html",
            {"municipality": municipality, "form": form, "offer": offer},
            status=status_of(form),
        )

    if request.method != "POST":
        return page(form)

    def save() -> Offer:
        data, details, publish = form.split()
        return engagement_services.offer_save(
            actor=request.user,
            municipality=municipality,
            data=data,
            details=details,
            offer=Offer.objects.get(pk=offer.pk) if offer is not None else None,
            publish=publish,
        )

    return form_action(
        request,
        form=form,
        call=save,
        success_url=reverse("portal:offers", kwargs={"slug": slug}),
        error_page=page,
        success_message=lambda saved: f"Angebot „{saved.title}“ gespeichert ({saved.get_status_display()}).",
    )


@login_required
@require_POST
def offer_moderate(request, slug: str, pk: int):
    municipality = municipality_for(request, slug, "portal.moderate_offer")
    offer = get_object_or_404(Offer, municipality=municipality, pk=pk)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Bitte wählen Sie eine Entscheidung.")
        return redirect("portal:offers", slug=slug)
    return button_action(
        request,
        call=lambda: services.offer_moderate(
            actor=request.user,
            offer=offer,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        ),
        redirect_to=reverse("portal:offers", kwargs={"slug": slug}),
        success_message=lambda moderated: f"Angebot „{moderated.title}“: {moderated.get_status_display()}.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_import(request, slug: str):
    municipality = municipality_for(request, slug, "portal.submit_offer")
    form = OfferImportForm(request.POST or None, request.FILES or None)
    if not request.user.has_perm("portal.moderate_offer", municipality):
        del form.fields["publish"]

    def page(form):
        return render(
            request,
            "portal/offer_import.html",
            {"municipality": municipality, "form": form},
            status=status_of(form),
        )

    if request.method != "POST":
        return page(form)

    def run() -> services.ImportResult:
        upload = form.cleaned_data["file"]
        uploads.check_upload(upload, allowed=IMPORT_TYPES, max_bytes=IMPORT_MAX_BYTES, field="file")
        return services.offer_import_jobs(
            actor=request.user,
            municipality=municipality,
            filename=upload.name,
            content=upload.read(),
            publish=form.cleaned_data.get("publish", False),
        )

    return form_action(
        request,
        form=form,
        call=run,
        success_url=reverse("portal:offers", kwargs={"slug": slug}),
        error_page=page,
        success_message=lambda result: (
            f"{result.created} Stellen neu, {result.updated} aktualisiert ({Offer.Status(result.status).label})."
        ),
    )
