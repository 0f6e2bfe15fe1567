"""The network: directory and a town's entry, tandems, Hospitationen and events."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.core import taxonomy
from leuchtfeuer.core.actions import button_action, form_action
from leuchtfeuer.knowledge.forms import (
    ContactOptInForm,
    EventForm,
    HospitationAnswerForm,
    HospitationRequestForm,
    NetworkProfileForm,
    TandemProposeForm,
)
from leuchtfeuer.knowledge.models import (
    Event,
    EventRegistration,
    HospitationRequest,
    NetworkContact,
    NetworkProfile,
    Tandem,
)
from leuchtfeuer.knowledge.network import selectors as network
from leuchtfeuer.knowledge.network import services
from leuchtfeuer.knowledge.pages import my_municipalities, status_of
from leuchtfeuer.places.models import Municipality


def network_directory(request):
    profiles = network.directory()
    can_see_contacts = request.user.has_perm("knowledge.view_network_contacts")
    return render(
        request,
        "knowledge/network_directory.html",
        {
            "profiles": profiles,
            "can_see_contacts": can_see_contacts,
            "my_towns": my_municipalities(request.user, (Role.KOORDINATION,))
            if request.user.is_authenticated
            else [],
            "topic_labels": dict(taxonomy.choices(taxonomy.HANDLUNGSFELDER)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_profile_edit(request, slug: str):
    municipality = get_object_or_404(Municipality, slug=slug)
    user = request.user
    can_edit = user.has_perm("knowledge.edit_network_profile", municipality)
    can_join = user.has_perm("knowledge.join_directory", municipality)
    if not (can_edit or can_join):
        raise PermissionDenied("Sie haben keinen Zugriff auf diese Kommune.")
    profile = NetworkProfile.objects.filter(municipality=municipality).first()
    initial = (
        {f: getattr(profile, f) for f in NetworkProfileForm.base_fields} if profile else {"listed": False}
    )
    form = NetworkProfileForm(request.POST if "profile" in request.POST else None, initial=initial)
    contact = NetworkContact.objects.filter(municipality=municipality, user=user).first()
    contact_form = ContactOptInForm(
        request.POST if "contact" in request.POST else None,
        initial={"function": contact.function if contact else ""},
    )
    back = reverse("knowledge:network-profile", kwargs={"slug": slug})

    def page(_form=None):
        return render(
            request,
            "knowledge/network_profile_form.html",
            {
                "municipality": municipality,
                "form": form,
                "contact_form": contact_form,
                "contact": contact,
                "can_edit": can_edit,
                "can_join": can_join,
            },
            status=422 if request.method == "POST" else 200,
        )

    if request.method != "POST":
        return page()
    if "profile" in request.POST and can_edit:
        return form_action(
            request,
            form=form,
            call=lambda: services.network_profile_update(
                actor=user, municipality=municipality, **form.cleaned_data
            ),
            success_url=back,
            error_page=page,
            success_message="Netzwerk-Eintrag gespeichert.",
        )
    if "contact" in request.POST and can_join:
        return form_action(
            request,
            form=contact_form,
            call=lambda: services.network_contact_opt_in(
                actor=user, municipality=municipality, function=contact_form.cleaned_data["function"]
            ),
            success_url=back,
            error_page=page,
            success_message="Sie sind jetzt als Ansprechperson eingetragen.",
        )
    if "opt_out" in request.POST:
        return button_action(
            request,
            call=lambda: services.network_contact_opt_out(actor=user, municipality=municipality),
            redirect_to=back,
            success_message="Ihre Einwilligung ist widerrufen; Sie werden nicht mehr gezeigt.",
        )
    return page()


@login_required
@require_http_methods(["GET", "POST"])
def tandem_list(request):
    user = request.user
    if not user.has_perm("knowledge.open_tandems"):
        raise PermissionDenied("Tandems verwalten Koordinator:innen und die Geschäftsstelle.")
    is_office = user.has_perm("knowledge.manage_tandems")
    towns = list(my_municipalities(user, (Role.KOORDINATION,)))
    mentors = Municipality.objects.filter(network_profile__offers_mentoring=True).order_by("display_name")
    mentees = (
        Municipality.objects.order_by("display_name")
        if is_office
        else Municipality.objects.filter(pk__in=[t.pk for t in towns])
    )
    form = TandemProposeForm(request.POST or None, mentors=mentors, mentees=mentees)
    back = reverse("knowledge:tandem-list")

    def page(form):
        suggestions = (
            network.open_suggestions()
            if is_office
            else [f for t in towns for f in network.tandem_suggestions(t)]
        )
        tandems = network.tandems_for(None if is_office else [t.pk for t in towns])
        return render(
            request,
            "knowledge/tandem_list.html",
            {"form": form, "suggestions": suggestions, "tandems": tandems, "is_office": is_office},
            status=status_of(request, form),
        )

    if request.method != "POST":
        return page(form)
    if "decide" in request.POST:
        tandem = get_object_or_404(Tandem, pk=request.POST.get("tandem"))
        if request.POST["decide"] == "confirm":
            decide, done = services.tandem_confirm, f"Tandem {tandem} bestätigt."
        else:
            decide, done = services.tandem_decline, f"Tandem {tandem} abgelehnt."
        return button_action(
            request, call=lambda: decide(actor=user, tandem=tandem), redirect_to=back, success_message=done
        )
    return form_action(
        request,
        form=form,
        call=lambda: services.tandem_propose(actor=user, **form.cleaned_data),
        success_url=back,
        error_page=page,
        success_message="Tandem vorgeschlagen; die Geschäftsstelle bestätigt es.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def hospitation_list(request):
    user = request.user
    if not user.has_perm("knowledge.open_hospitations"):
        raise PermissionDenied("Hospitationen fragen Koordinator:innen und Teams einer Kommune an.")
    towns = my_municipalities(user)
    is_office = user.has_perm("knowledge.manage_tandems")
    hosts = Municipality.objects.filter(network_profile__listed=True).order_by("display_name")
    form = HospitationRequestForm(request.POST or None, guests=towns, hosts=hosts)

    def page(form):
        requests_ = network.hospitations_for(None if is_office else [t.pk for t in towns])
        my_ids = {t.pk for t in towns}
        return render(
            request,
            "knowledge/hospitation_list.html",
            {"form": form if towns else None, "requests": requests_, "my_ids": my_ids},
            status=status_of(request, form),
        )

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.hospitation_request(actor=user, **form.cleaned_data),
        success_url=reverse("knowledge:hospitation-list"),
        error_page=page,
        success_message="Anfrage verschickt. Die gastgebende Kommune erhält eine E-Mail.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def hospitation_answer(request, pk: int):
    hospitation = get_object_or_404(HospitationRequest.objects.select_related("guest", "host"), pk=pk)
    if not request.user.has_perm("knowledge.answer_hospitation", hospitation.host):
        raise PermissionDenied("Nur die gastgebende Kommune kann antworten.")
    form = HospitationAnswerForm(request.POST or None)

    def page(form):
        return render(
            request,
            "knowledge/hospitation_answer.html",
            {"hospitation": hospitation, "form": form},
            status=status_of(request, form),
        )

    if request.method != "POST":
        return page(form)
    declined = "decline" in request.POST

    def answer():
        data = form.cleaned_data
        if declined:
            return services.hospitation_decline(
                actor=request.user, request=hospitation, message=data["message"]
            )
        return services.hospitation_accept(
            actor=request.user,
            request=hospitation,
            dates=[data["date_1"], data["date_2"], data["date_3"]],
            message=data["message"],
        )

    return form_action(
        request,
        form=form,
        call=answer,
        success_url=reverse("knowledge:hospitation-list"),
        error_page=page,
        success_message="Abgesagt; die anfragende Kommune erhält eine E-Mail."
        if declined
        else "Angenommen; beide Kommunen erhalten die Terminvorschläge per E-Mail.",
    )


def event_list(request):
    events = network.upcoming_events()
    registered = set()
    if request.user.is_authenticated:
        registered = set(
            EventRegistration.objects.filter(user=request.user, event__in=events).values_list(
                "event_id", flat=True
            )
        )
    return render(
        request,
        "knowledge/event_list.html",
        {
            "events": events,
            "registered": registered,
            "can_manage": request.user.has_perm("knowledge.manage_events"),
        },
    )


@login_required
@require_POST
def event_register(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    if "cancel" in request.POST:
        return button_action(
            request,
            call=lambda: services.event_cancel(actor=request.user, event=event),
            redirect_to=reverse("knowledge:event-list"),
            success_message=f"Sie sind von „{event.title}“ abgemeldet.",
        )
    return button_action(
        request,
        call=lambda: services.event_register(actor=request.user, event=event),
        redirect_to=reverse("knowledge:event-list"),
        success_message=f"Sie sind für „{event.title}“ angemeldet. Eine Bestätigung kommt per E-Mail.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    if not request.user.has_perm("knowledge.manage_events"):
        raise PermissionDenied("Veranstaltungen legt die Geschäftsstelle an.")
    form = EventForm(request.POST or None)

    def page(form):
        return render(request, "knowledge/event_form.html", {"form": form}, status=status_of(request, form))

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.event_create(actor=request.user, **form.cleaned_data),
        success_url=reverse("knowledge:event-list"),
        error_page=page,
        success_message="Veranstaltung angelegt.",
    )
