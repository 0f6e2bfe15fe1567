"""Trial living (Probewohnen) in the workspace: apartments, their bookings and the decisions on
applications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core.actions import button_action, form_action
from leuchtfeuer.portal import selectors
from leuchtfeuer.portal.forms import ApartmentForm
from leuchtfeuer.portal.models import TrialApartment, TrialApplication
from leuchtfeuer.portal.trial_living import services
from leuchtfeuer.portal.workspace import municipality_for, status_of, workspace_perms


@login_required
def apartments(request, slug: str):
    municipality = municipality_for(request, slug, "portal.manage_portal")
    items = TrialApartment.objects.filter(municipality=municipality).select_related("ortsteil")
    return render(
        request,
        "portal/apartments_manage.html",
        {"municipality": municipality, "apartments": items, **workspace_perms(request.user, municipality)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def apartment_edit(request, slug: str, pk: int | None = None):
    municipality = municipality_for(request, slug, "portal.manage_portal")
    apartment = get_object_or_404(TrialApartment, municipality=municipality, pk=pk) if pk else None
    form = ApartmentForm(request.POST or None, instance=apartment, municipality=municipality)

    def page(form):
        return render(
            request,
            "portal/apartment_form.html",
            {"municipality": municipality, "form": form, "apartment": apartment},
            status=status_of(form),
        )

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.apartment_save(
            actor=request.user,
            municipality=municipality,
            data=form.cleaned_data,
            apartment=TrialApartment.objects.get(pk=apartment.pk) if apartment else None,
        ),
        success_url=reverse("portal:apartments", kwargs={"slug": slug}),
        error_page=page,
        success_message=lambda saved: f"Probewohnung „{saved.name}“ gespeichert.",
    )


@login_required
def apartment_bookings(request, slug: str, pk: int):
    municipality = municipality_for(request, slug, "portal.view_case")
    apartment = get_object_or_404(TrialApartment, municipality=municipality, pk=pk)
    applications = apartment.applications.order_by("status", "arrival", "created_at")
    return render(
        request,
        "portal/apartment_bookings.html",
        {
            "municipality": municipality,
            "apartment": apartment,
            "applications": applications,
            "waiting": selectors.waiting_list(apartment),
            "grids": selectors.apartment_calendar(apartment, start=timezone.localdate(), months=4),
        },
    )


@login_required
@require_POST
def application_decide(request, slug: str, pk: int, app_pk: int):
    municipality = municipality_for(request, slug, "portal.view_case")
    application = get_object_or_404(
        TrialApplication, apartment__municipality=municipality, apartment_id=pk, pk=app_pk
    )
    back = reverse("portal:apartment-bookings", kwargs={"slug": slug, "pk": pk})
    decision = request.POST.get("decision")
    if decision == "accept":
        return button_action(
            request,
            call=lambda: services.trial_accept(actor=request.user, application=application),
            redirect_to=back,
            success_message=(
                f"Zugesagt: {application.name}, "
                f"{date_format(application.arrival, 'd.m.Y')}–{date_format(application.departure, 'd.m.Y')}."
            ),
        )
    if decision in ("decline", "waitlist"):
        return button_action(
            request,
            call=lambda: services.trial_decline(
                actor=request.user, application=application, waitlist=decision == "waitlist"
            ),
            redirect_to=back,
            success_message="Bewerbung "
            + ("auf die Warteliste gesetzt." if decision == "waitlist" else "abgelehnt."),
        )
    messages.error(request, "Unbekannte Entscheidung.")
    return redirect(back)
