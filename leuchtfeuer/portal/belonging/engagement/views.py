"""Views of belonging/engagement: the Lots:in suggests an offer on a case; the person answers.

Both are POST endpoints through core.actions (button_action / form_action); the person's page is
public (the token in the e-mail is the key) and works without JavaScript.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core.actions import button_action, form_action
from leuchtfeuer.portal.belonging.engagement import selectors, services
from leuchtfeuer.portal.belonging.engagement.forms import AnswerForm
from leuchtfeuer.portal.models import Case, EngagementIntroduction, Offer, Portal
from leuchtfeuer.portal.views import portal_language
from leuchtfeuer.portal.workspace import municipality_for


@login_required
@require_POST
def propose(request: HttpRequest, slug: str, pk: int, offer_pk: int) -> HttpResponse:
    municipality = municipality_for(request, slug, "portal.suggest_engagement")
    case = get_object_or_404(
        Case.objects.select_related("inquiry__ortsteil", "municipality__region"),
        municipality=municipality,
        pk=pk,
    )
    offer = get_object_or_404(Offer, pk=offer_pk)
    return button_action(
        request,
        call=lambda: services.introduction_propose(
            actor=request.user, case=case, offer=offer, base_url=request.build_absolute_uri("/")[:-1]
        ),
        redirect_to=reverse("portal:case-detail", kwargs={"slug": slug, "pk": pk}) + "#mitmachen",
        success_message=lambda intro: (
            f"„{intro.offer.title}“ vorgeschlagen: Die Person hat eine E-Mail mit dem Angebot bekommen "
            "und entscheidet selbst über den Kontakt."
        ),
    )


def _answer_page(request: HttpRequest, intro: EngagementIntroduction, form: forms.Form) -> HttpResponse:
    portal = Portal.objects.filter(municipality=intro.case.municipality, is_published=True).first()
    return render(
        request,
        "portal/belonging/engagement_answer.html",
        {
            "intro": intro,
            "offer": intro.offer,
            "form": form,
            "portal": portal,
            "municipality": intro.case.municipality,
            "lang": getattr(request, "portal_lang", "de"),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@never_cache
@portal_language
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    intro = selectors.introduction_by_token(token)
    if intro is None:
        raise Http404("Dieser Link ist ungültig. Bitte kopieren Sie ihn vollständig aus der E-Mail.")
    form = AnswerForm(request.POST or None)
    if request.method != "POST":
        return _answer_page(request, intro, form)
    return form_action(
        request,
        form=form,
        call=lambda: services.introduction_answer(token=token, accept=form.cleaned_data["decision"] == "ja"),
        success_url=reverse("portal:engagement-answer", args=[token]),
        error_page=lambda bad: _answer_page(request, intro, bad),
        success_message=lambda done: (
            _("Danke! Wir haben Ihren Namen und Ihre E-Mail-Adresse an die Kontaktperson weitergegeben.")
            if done.accepted_at
            else _("Danke für Ihre Antwort. Wir geben nichts weiter.")
        ),
    )
