"""Pages of the youth parliament: the public page and for the office members, meetings, motions and the council's answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from leuchtfeuer.core.actions import FAILED, attempt, button_action
from leuchtfeuer.participation import forms, services
from leuchtfeuer.participation.pages import (
    form_error_messages,
    staff_municipality,
)
from leuchtfeuer.participation.youth.models import YouthMotion, YouthParliament


def youth_parliament(request, municipality_slug: str, slug: str):
    parliament = get_object_or_404(
        YouthParliament.objects.select_related("municipality"),
        municipality__slug=municipality_slug,
        slug=slug,
    )
    today = timezone.localdate()
    return render(
        request,
        "participation/youth_parliament.html",
        {
            "parliament": parliament,
            "members": parliament.members.filter(until__isnull=True)
            | parliament.members.filter(until__gte=today),
            "meetings": parliament.meetings.all()[:20],
            "motions": parliament.motions.all()[:50],
            "can_manage": request.user.has_perm("participation.manage_youth", parliament.municipality),
            "answer_form": forms.MotionAnswerForm(),
            "member_form": forms.YouthMemberForm(prefix="mitglied"),
            "meeting_form": forms.YouthMeetingForm(prefix="sitzung"),
            "motion_form": forms.YouthMotionForm(prefix="antrag"),
        },
    )


@login_required
@require_POST
def manage_motion_answer(request, slug: str, pk: int):
    municipality = staff_municipality(request, slug, "participation.manage_youth")
    motion = get_object_or_404(YouthMotion, parliament__municipality=municipality, pk=pk)
    form = forms.MotionAnswerForm(request.POST)
    back = reverse("participation:youth-parliament", args=[slug, motion.parliament.slug])
    if not form.is_valid():
        return redirect(back)
    return button_action(
        request,
        call=lambda: services.motion_answer(
            actor=request.user, motion=motion, answer=form.cleaned_data["answer"]
        ),
        redirect_to=back,
        success_message="Antwort des Stadtrats eingetragen.",
    )


YOUTH_FORMS = {
    "mitglied": (forms.YouthMemberForm, services.youth_member_add, "Mitglied eingetragen."),
    "sitzung": (forms.YouthMeetingForm, services.youth_meeting_add, "Sitzung eingetragen."),
    "antrag": (forms.YouthMotionForm, services.youth_motion_submit, "Antrag eingetragen."),
}


@login_required
@require_POST
def manage_youth_create(request, slug: str):
    municipality = staff_municipality(request, slug, "participation.manage_youth")
    form = forms.YouthParliamentForm(request.POST, prefix="jp")
    if not form.is_valid():
        messages.error(request, "Bitte Name, Kurzname und Kurzbeschreibung angeben.")
        return redirect("participation:manage-index", slug)
    parliament = attempt(
        form,
        lambda: services.youth_parliament_create(
            actor=request.user, municipality=municipality, **form.cleaned_data
        ),
    )
    if parliament is FAILED:
        form_error_messages(request, form)
        return redirect("participation:manage-index", slug)
    messages.success(request, f"„{parliament.name}“ angelegt.")
    return redirect("participation:youth-parliament", slug, parliament.slug)


@login_required
@require_POST
def manage_youth_add(request, slug: str, parliament_slug: str, what: str):
    municipality = staff_municipality(request, slug, "participation.manage_youth")
    parliament = get_object_or_404(YouthParliament, municipality=municipality, slug=parliament_slug)
    if what not in YOUTH_FORMS:
        raise Http404("Unbekannter Eintrag.")
    form_class, service, done = YOUTH_FORMS[what]
    form = form_class(request.POST, prefix=what)
    back = reverse("participation:youth-parliament", args=[slug, parliament_slug])
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect(back)
    return button_action(
        request,
        call=lambda: service(actor=request.user, parliament=parliament, **form.cleaned_data),
        redirect_to=back,
        success_message=done,
    )
