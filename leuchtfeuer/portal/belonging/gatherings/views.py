"""Views of gatherings: the public event list and registration (with the opt-in that feeds the
case pipeline) and the town's event form with "Wiederholung". The portal's URL names
`event-list`, `event-detail`, `event-create` and `event-edit` point here."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leuchtfeuer.core.actions import form_action
from leuchtfeuer.core.net import client_ip
from leuchtfeuer.portal import selectors as portal_selectors
from leuchtfeuer.portal.belonging.gatherings import selectors, services
from leuchtfeuer.portal.belonging.gatherings.forms import EventSeriesForm, RegistrationForm
from leuchtfeuer.portal.models import Event
from leuchtfeuer.portal.views import (
    _base_url,
    _ctx,
    _portal,
    _status,
    _too_many,
    portal_language,
    throttled,
)
from leuchtfeuer.portal.workspace import municipality_for, status_of

# ---------------------------------------------------------------------------------------------
# Public pages
# ---------------------------------------------------------------------------------------------


@portal_language
def event_list(request, slug: str):
    portal = _portal(request, slug)
    events = selectors.upcoming_with_series(portal_selectors.member_municipality_ids(portal))
    return render(request, "portal/belonging/event_list.html", _ctx(request, portal, events=events))


@portal_language
@require_http_methods(["GET", "POST"])
def event_detail(request, slug: str, pk: int):
    portal = _portal(request, slug)
    event = get_object_or_404(
        Event.objects.filter(
            municipality_id__in=portal_selectors.member_municipality_ids(portal), is_published=True
        ).select_related("series"),
        pk=pk,
    )
    form = RegistrationForm(request.POST or None)

    def page(form):
        return render(
            request,
            "portal/belonging/event_detail.html",
            _ctx(
                request,
                portal,
                event=event,
                form=form,
                free=portal_selectors.event_free_places(event),
                repeat=(event.series.repeat if event.series_id and event.series else event.repeat),
                further=selectors.series_dates(event),
            ),
            status=_status(form),
        )

    if request.method == "POST" and form.is_valid():
        if throttled("form", client_ip(request)):
            _too_many(form)
            return page(form)
        data = form.cleaned_data
        return form_action(
            request,
            form=form,
            call=lambda: services.registration_submit(
                event=event,
                name=data["name"],
                email=data["email"],
                persons=data["persons"],
                consent_given=data["consent"],
                is_returnee=data["is_returnee"],
                contact_opt_in=data["contact_opt_in"],
                life_phase=data["life_phase"],
                timeframe=data["timeframe"],
                origin=data["origin"],
                base_url=_base_url(request),
            ),
            success_url=reverse("portal:event-detail", kwargs={"slug": slug, "pk": pk}),
            error_page=page,
            success_message=lambda registration: (
                _("Sie sind angemeldet. Eine Bestätigung ist per E-Mail unterwegs.")
                + (
                    " "
                    + _(
                        "Ihren Kontaktwunsch bestätigen Sie bitte mit dem Link in einer zweiten E-Mail. "
                        "Erst nach Ihrem Klick meldet sich die Lots:in bei Ihnen."
                    )
                    if registration.contact_opt_in
                    else ""
                )
            ),
        )
    return page(form)


# ---------------------------------------------------------------------------------------------
# The town's workspace
# ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, slug: str, pk: int | None = None):
    municipality = municipality_for(request, slug, "portal.manage_portal")
    event = (
        get_object_or_404(Event.objects.select_related("series"), municipality=municipality, pk=pk)
        if pk
        else None
    )
    form = EventSeriesForm(
        request.POST or None,
        instance=event,
        initial=services.series_settings(event) if event is not None else None,
    )

    def page(form):
        registrations = None
        if event is not None and request.user.has_perm("portal.view_case", municipality):
            registrations = event.registrations.select_related("case")
        return render(
            request,
            "portal/belonging/event_form.html",
            {
                "municipality": municipality,
                "form": form,
                "event": event,
                "registrations": registrations,
                "occurrences": list(event.occurrences.order_by("starts_at")) if event else [],
            },
            status=status_of(form),
        )

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=cast("forms.Form", form),  # a ModelForm: the same protocol
        call=lambda: services.event_series_save(
            actor=request.user,
            municipality=municipality,
            data=form.cleaned_data,
            event=Event.objects.get(pk=event.pk) if event else None,
        ),
        success_url=reverse("portal:events", kwargs={"slug": slug}),
        error_page=page,
        success_message="Veranstaltung gespeichert.",
    )
