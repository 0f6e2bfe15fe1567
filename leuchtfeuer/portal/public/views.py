"""The portal's public content in the workspace: the portal page, stories (Geschichten), events
(Veranstaltungen) and the welcome-box requests (Willkommensbox). The pages visitors see are in
``portal/views.py``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core.actions import button_action, form_action
from leuchtfeuer.portal.forms import PortalForm, StoryForm
from leuchtfeuer.portal.models import Event, Portal, Story, WelcomeBoxRequest
from leuchtfeuer.portal.public import services
from leuchtfeuer.portal.workspace import municipality_for, status_of


@login_required
@require_http_methods(["GET", "POST"])
def portal_edit(request, slug: str):
    municipality = municipality_for(request, slug, "portal.manage_portal")
    portal = Portal.objects.filter(municipality=municipality).first()
    form = PortalForm(request.POST or None, request.FILES or None, instance=portal)

    def page(form):
        return render(
            request,
            "portal/portal_form.html",
            {"municipality": municipality, "form": form, "portal": portal},
            status=status_of(form),
        )

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.portal_save(
            actor=request.user,
            municipality=municipality,
            data={k: v for k, v in form.cleaned_data.items() if k not in ("contact_photo", "remove_photo")},
            photo=request.FILES.get("contact_photo"),
            remove_photo=bool(form.cleaned_data.get("remove_photo")),
        ),
        success_url=reverse("portal:portal-edit", kwargs={"slug": slug}),
        error_page=page,
        success_message="Portal gespeichert.",
    )


@login_required
def stories(request, slug: str):
    municipality = municipality_for(request, slug, "portal.manage_portal")
    return render(
        request,
        "portal/stories_manage.html",
        {
            "municipality": municipality,
            "stories": Story.objects.filter(municipality=municipality).select_related("consent"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def story_edit(request, slug: str, pk: int | None = None):
    municipality = municipality_for(request, slug, "portal.manage_portal")
    story = get_object_or_404(Story, municipality=municipality, pk=pk) if pk else None
    form = StoryForm(request.POST or None, request.FILES or None, instance=story)

    def page(form):
        return render(
            request,
            "portal/story_form.html",
            {"municipality": municipality, "form": form, "story": story},
            status=status_of(form),
        )

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.story_save(
            actor=request.user,
            municipality=municipality,
            data={k: v for k, v in form.cleaned_data.items() if k not in ("image", "consent_email")},
            image=request.FILES.get("image"),
            story=Story.objects.get(pk=story.pk) if story else None,
            consent_email=form.cleaned_data.get("consent_email") or "",
        ),
        success_url=reverse("portal:stories", kwargs={"slug": slug}),
        error_page=page,
        success_message="Geschichte gespeichert.",
    )


@login_required
@require_POST
def story_withdraw(request, slug: str, pk: int):
    municipality = municipality_for(request, slug, "portal.manage_portal")
    story = get_object_or_404(Story, municipality=municipality, pk=pk)
    return button_action(
        request,
        call=lambda: services.story_withdraw_consent(actor=request.user, story=story),
        redirect_to=reverse("portal:stories", kwargs={"slug": slug}),
        success_message=f"„{story.title}“ ist nicht mehr veröffentlicht; das Bild wurde gelöscht.",
    )


@login_required
def events(request, slug: str):
    municipality = municipality_for(request, slug, "portal.manage_portal")
    items = list(Event.objects.filter(municipality=municipality).order_by("-starts_at")[:200])
    return render(request, "portal/events_manage.html", {"municipality": municipality, "events": items})


@login_required
def welcome_boxes(request, slug: str):
    municipality = municipality_for(request, slug, "portal.view_case")
    items = WelcomeBoxRequest.objects.filter(municipality=municipality).order_by("status", "-created_at")[
        :300
    ]
    return render(request, "portal/welcome_boxes.html", {"municipality": municipality, "requests": items})


@login_required
@require_POST
def welcome_box_sent(request, slug: str, pk: int):
    municipality = municipality_for(request, slug, "portal.view_case")
    box = get_object_or_404(WelcomeBoxRequest, municipality=municipality, pk=pk)
    return button_action(
        request,
        call=lambda: services.welcome_box_mark_sent(actor=request.user, request=box),
        redirect_to=reverse("portal:welcome-boxes", kwargs={"slug": slug}),
        success_message="Als übergeben markiert.",
    )
