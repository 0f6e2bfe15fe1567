"""Public portal pages (/ankommen/…) and "Meine Daten" (/meine-daten/…). No login, no JavaScript needed.

Language: German by default; `?lang=en` switches the portal pages to English and remembers the
choice in a cookie (only these pages are translated, so the site-wide language stays German).
"""

from __future__ import annotations

import functools
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from leuchtfeuer.core.actions import FAILED, attempt, form_action
from leuchtfeuer.core.documents import html_to_pdf
from leuchtfeuer.core.net import client_ip
from leuchtfeuer.core.ratelimit import throttled as core_throttled
from leuchtfeuer.core.uploads import stored_file_response
from leuchtfeuer.portal import selectors, services
from leuchtfeuer.portal.forms import (
    InquiryForm,
    MyDataRequestForm,
    OfferFilterForm,
    TrialApplicationForm,
    WelcomeBoxForm,
)
from leuchtfeuer.portal.models import TrialApartment
from leuchtfeuer.portal.uploads import SERVED_IMAGE_TYPES
from leuchtfeuer.portal.vocab import LIFE_PHASE_CHOICES, PHASE_PATHS, OfferKind

PORTAL_LANGUAGES = ("de", "en")
LANG_COOKIE = "leuchtfeuer_portal_lang"


def portal_language(view):
    """Render the view in the visitor's portal language (German unless she chose English)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        chosen = request.GET.get("lang", "")
        lang = chosen if chosen in PORTAL_LANGUAGES else request.COOKIES.get(LANG_COOKIE, "de")
        if lang not in PORTAL_LANGUAGES:
            lang = "de"
        request.portal_lang = lang
        with translation.override(lang):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        if chosen in PORTAL_LANGUAGES:
            response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
        response.headers["Content-Language"] = lang
        return response

    return wrapper


# Public forms send e-mails: limit how often one address or one client may trigger them
# (e-mail bombing, spam). Counters live in the shared cache (database cache in production).
LIMITS = {"inquiry": 10, "my_data": 20, "my_data_email": 5, "inquiry_email": 5, "form": 30}


def throttled(scope: str, key: str) -> bool:
    """Count one attempt; True once more than LIMITS[scope] attempts came within the hour."""
    return core_throttled(f"portal:{scope}", key, limit=LIMITS[scope], window=3600)


def _too_many(form) -> None:
    form.add_error(
        None, _("Zu viele Anfragen in kurzer Zeit. Bitte versuchen Sie es in einer Stunde noch einmal.")
    )


def _base_url(request) -> str:
    return request.build_absolute_uri("/")[:-1]


def _portal(request, slug: str):
    portal = selectors.portal_by_slug(slug, user=request.user)
    if portal is None:
        raise Http404(_("Dieses Portal gibt es nicht oder es ist noch nicht veröffentlicht."))
    return portal


def _ctx(request, portal, **extra) -> dict:
    ids = selectors.member_municipality_ids(portal)
    ctx = {
        "portal": portal,
        "municipality": portal.municipality,
        "member_ids": ids,
        "is_kreis": selectors.is_kreis_portal(portal),
        "life_phases": LIFE_PHASE_CHOICES,
        "lang": request.portal_lang,
        "intro": (portal.intro_en if request.portal_lang == "en" and portal.intro_en else portal.intro),
    }
    ctx.update(extra)
    return ctx


def _easy(request) -> bool:
    """Leichte Sprache: the same view and form with an explanation in Leichte Sprache (German)."""
    return request.GET.get("sprache") == "leicht"


def _status(form) -> int:
    if form.is_bound and form.errors:
        throttled_error = _(
            "Zu viele Anfragen in kurzer Zeit. Bitte versuchen Sie es in einer Stunde noch einmal."
        )
        return 429 if throttled_error in form.non_field_errors() else 422
    return 200


@portal_language
def portal_index(request):
    return render(
        request,
        "portal/portal_index.html",
        {"portals": selectors.published_portals(), "lang": request.portal_lang},
    )


@portal_language
def portal_home(request, slug: str):
    portal = _portal(request, slug)
    ids = selectors.member_municipality_ids(portal)
    offers = list(selectors.visible_offers(ids)[:6])
    return render(
        request,
        "portal/portal_home_easy.html" if _easy(request) else "portal/portal_home.html",
        _ctx(
            request,
            portal,
            key_figures=selectors.key_figures(portal.municipality.region),
            offers=offers,
            stories=list(selectors.published_stories(ids)[:3]),
            events=list(selectors.upcoming_events(ids)[:3]),
            apartments=list(TrialApartment.objects.filter(municipality_id__in=ids, is_active=True)[:3]),
        ),
    )


@portal_language
def phase_path(request, slug: str, phase: str):
    portal = _portal(request, slug)
    labels = dict(LIFE_PHASE_CHOICES)
    if phase not in labels:
        raise Http404(_("Diese Lebensphase gibt es nicht."))
    ids = selectors.member_municipality_ids(portal)
    kinds = PHASE_PATHS.get(phase, ())
    offers = list(selectors.visible_offers(ids).filter(kind__in=kinds)[:200])
    groups = []
    for kind in kinds:
        items = [o for o in offers if o.kind == kind]
        groups.append(
            {"kind": kind, "label": OfferKind(kind).label, "offers": items[:5], "count": len(items)}
        )
    return render(
        request,
        "portal/phase_path.html",
        _ctx(request, portal, phase=phase, phase_label=labels[phase], groups=groups),
    )


@portal_language
def offer_list(request, slug: str):
    portal = _portal(request, slug)
    ids = selectors.member_municipality_ids(portal)
    form = OfferFilterForm(request.GET or None, municipality_ids=ids)
    offers = selectors.visible_offers(ids)
    if form.is_valid():
        offers = selectors.filter_offers(
            offers,
            kind=form.cleaned_data["kind"],
            ortsteil=form.cleaned_data["ortsteil"],
            phase=request.GET.get("phase", ""),
        )
    return render(
        request, "portal/offer_list.html", _ctx(request, portal, form=form, offers=list(offers[:200]))
    )


@portal_language
def offer_detail(request, slug: str, pk: int):
    portal = _portal(request, slug)
    ids = selectors.member_municipality_ids(portal)
    offer = selectors.visible_offers(ids).filter(pk=pk).first()
    if offer is None:
        raise Http404(_("Dieses Angebot gibt es nicht mehr (abgelaufen oder zurückgezogen)."))
    return render(request, "portal/offer_detail.html", _ctx(request, portal, offer=offer))


def _image_response(field):
    """A stored image, with the type its content has (not one guessed from the file name)."""
    response = stored_file_response(field, types=SERVED_IMAGE_TYPES)
    response["Cache-Control"] = "public, max-age=3600"
    return response


def contact_photo(request, slug: str):
    """The contact person's photo of a published portal (served by the app: no media server needed)."""
    return _image_response(_portal(request, slug).contact_photo)


def story_image(request, slug: str, pk: int):
    portal = _portal(request, slug)
    story = get_object_or_404(selectors.published_stories(selectors.member_municipality_ids(portal)), pk=pk)
    return _image_response(story.image)


@portal_language
def story_list(request, slug: str):
    portal = _portal(request, slug)
    stories = selectors.published_stories(selectors.member_municipality_ids(portal))
    return render(request, "portal/story_list.html", _ctx(request, portal, stories=stories))


@portal_language
def story_detail(request, slug: str, pk: int):
    portal = _portal(request, slug)
    story = get_object_or_404(selectors.published_stories(selectors.member_municipality_ids(portal)), pk=pk)
    return render(request, "portal/story_detail.html", _ctx(request, portal, story=story))


@portal_language
def trial_list(request, slug: str):
    portal = _portal(request, slug)
    apartments = TrialApartment.objects.filter(
        municipality_id__in=selectors.member_municipality_ids(portal), is_active=True
    )
    return render(
        request,
        "portal/trial_list.html",
        _ctx(request, portal, apartments=apartments.select_related("ortsteil")),
    )


@portal_language
@require_http_methods(["GET", "POST"])
def trial_detail(request, slug: str, pk: int):
    portal = _portal(request, slug)
    apartment = get_object_or_404(
        TrialApartment.objects.filter(
            municipality_id__in=selectors.member_municipality_ids(portal), is_active=True
        ),
        pk=pk,
    )
    form = TrialApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and throttled("form", client_ip(request)):
        _too_many(form)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        application = attempt(
            form,
            lambda: services.trial_apply(
                apartment=apartment,
                name=data["name"],
                email=data["email"],
                arrival=data["arrival"],
                departure=data["departure"],
                persons=data["persons"],
                motivation=data["motivation"],
                consent_given=data["consent"],
            ),
        )
        if application is not FAILED:
            if application.status == application.Status.WAITING:
                messages.warning(
                    request, _("Der Zeitraum ist schon belegt. Ihre Bewerbung steht auf der Warteliste.")
                )
            else:
                messages.success(
                    request,
                    _("Danke! Ihre Bewerbung ist eingegangen. Die Lotsin oder der Lotse meldet sich."),
                )
            return redirect("portal:trial-detail", slug=slug, pk=pk)
    grids = selectors.apartment_calendar(apartment, start=timezone.localdate(), months=3)
    return render(
        request,
        "portal/trial_detail.html",
        _ctx(request, portal, apartment=apartment, form=form, grids=grids),
        status=_status(form),
    )


@portal_language
@require_http_methods(["GET", "POST"])
def inquiry_create(request, slug: str):
    portal = _portal(request, slug)
    municipality = portal.municipality
    form = InquiryForm(
        request.POST or None, municipality=municipality, initial={"life_phase": request.GET.get("phase", "")}
    )

    def page(form):
        template = "portal/inquiry_form_easy.html" if _easy(request) else "portal/inquiry_form.html"
        return render(request, template, _ctx(request, portal, form=form), status=_status(form))

    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        email = data.pop("email")
        consent = data.pop("consent")
        if throttled("inquiry", client_ip(request)) or throttled("inquiry_email", email.lower()):
            _too_many(form)
            return render(request, "portal/inquiry_form.html", _ctx(request, portal, form=form), status=429)
        return form_action(
            request,
            form=form,
            call=lambda: services.inquiry_submit(
                municipality=municipality,
                email=email,
                data=data,
                consent_given=consent,
                base_url=_base_url(request),
            ),
            success_url=reverse("portal:inquiry-sent", kwargs={"slug": slug}),
            error_page=page,
        )
    return page(form)


@portal_language
def inquiry_sent(request, slug: str):
    return render(request, "portal/inquiry_sent.html", _ctx(request, _portal(request, slug)))


@never_cache
@portal_language
@require_http_methods(["GET", "POST"])
def inquiry_confirm(request, token: str):
    try:
        inquiry = services.inquiry_for_token(token)
    except ValidationError as exc:
        return render(
            request,
            "portal/inquiry_confirm.html",
            {"error": exc.messages[0], "lang": request.portal_lang},
            status=400,
        )
    confirmed = bool(inquiry.confirmed_at)
    if request.method == "POST":
        try:
            services.inquiry_confirm(token=token, base_url=_base_url(request))
        except ValidationError as exc:
            return render(
                request,
                "portal/inquiry_confirm.html",
                {"error": exc.messages[0], "lang": request.portal_lang},
                status=400,
            )
        confirmed = True
    portal = getattr(inquiry.municipality, "portal", None)
    return render(
        request,
        "portal/inquiry_confirm.html",
        {"inquiry": inquiry, "confirmed": confirmed, "portal": portal, "lang": request.portal_lang},
    )


@portal_language
@require_http_methods(["GET", "POST"])
def welcome_box(request, slug: str):
    portal = _portal(request, slug)
    form = WelcomeBoxForm(request.POST or None)

    def page(form):
        return render(
            request, "portal/welcome_box.html", _ctx(request, portal, form=form), status=_status(form)
        )

    if request.method == "POST" and form.is_valid():
        if throttled("form", client_ip(request)):
            _too_many(form)
            return page(form)
        data = dict(form.cleaned_data)
        consent = data.pop("consent")
        return form_action(
            request,
            form=form,
            call=lambda: services.welcome_box_request(
                municipality=portal.municipality, consent_given=consent, **data
            ),
            success_url=reverse("portal:start", kwargs={"slug": slug}),
            error_page=page,
            success_message=_("Danke! Wir melden uns wegen Ihrer Willkommensbox."),
        )
    return page(form)


# --- Meine Daten ------------------------------------------------------------------------------


@portal_language
@require_http_methods(["GET", "POST"])
def my_data(request):
    form = MyDataRequestForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        if throttled("my_data", client_ip(request)) or throttled("my_data_email", email):
            sent = True  # same answer, no e-mail: the page never tells whether or why nothing was sent
        else:
            sent = (
                attempt(form, lambda: services.my_data_request_link(email=email, base_url=_base_url(request)))
                is not FAILED
            )
    return render(
        request,
        "portal/my_data_request.html",
        {"form": form, "sent": sent, "lang": request.portal_lang},
        status=_status(form),
    )


def _my_email(request, token: str):
    try:
        return services.my_data_email(token), None
    except ValidationError as exc:
        return None, render(
            request,
            "portal/my_data_request.html",
            {"form": MyDataRequestForm(), "error": exc.messages[0], "lang": request.portal_lang},
            status=400,
        )


@never_cache
@portal_language
def my_data_view(request, token: str):
    email, error = _my_email(request, token)
    if error:
        return error
    return render(
        request,
        "portal/my_data.html",
        {
            "email": email,
            "token": token,
            "records": selectors.person_records(email),
            "lang": request.portal_lang,
        },
    )


@never_cache
@portal_language
def my_data_export(request, token: str, fmt: str):
    email, error = _my_email(request, token)
    if error:
        return error
    if fmt == "json":
        response = HttpResponse(
            json.dumps(selectors.person_export(email), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
    elif fmt == "pdf":
        html = render_to_string(
            "portal/my_data_print.html",
            {"records": selectors.person_records(email), "email": email, "exported_at": timezone.now()},
            request=None,
        )
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    else:
        raise Http404("Unbekanntes Format.")
    response["Content-Disposition"] = f'attachment; filename="meine-daten.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@portal_language
@require_http_methods(["GET", "POST"])
def my_data_delete(request, token: str):
    email, error = _my_email(request, token)
    if error:
        return error
    if request.method == "POST":
        counts = services.my_data_delete(email=email)
        return render(request, "portal/my_data_deleted.html", {"counts": counts, "lang": request.portal_lang})
    return render(
        request, "portal/my_data_delete.html", {"email": email, "token": token, "lang": request.portal_lang}
    )
