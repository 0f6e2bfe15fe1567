"""The overview pages of the funding part, composed from its sub-domains: the public catalogue, a
programme's page, a town's funding area and the programme office's start page.

The pages of each sub-domain live in its own package (``programmes``, ``calls``, ``applications``,
``review``, ``selection``, ``grants``); ``urls.py`` names them all. Views are thin: parse a form, call
a service or selector, render. Permissions come from rules.py; writes go through ``core.actions``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from leuchtfeuer.core.actions import form_action
from leuchtfeuer.core.engine.german import format_decimal
from leuchtfeuer.core.permissions import get_permitted, require
from leuchtfeuer.funding.applications.selectors import applications_of_town
from leuchtfeuer.funding.calls.models import Call
from leuchtfeuer.funding.calls.selectors import fit_check, open_calls, public_calls
from leuchtfeuer.funding.common import NO_TOWN_ACCESS, OFFICE_ONLY
from leuchtfeuer.funding.forms import FundingProfileForm
from leuchtfeuer.funding.grants.models import ExpenseClaim
from leuchtfeuer.funding.grants.selectors import grants_of_town
from leuchtfeuer.funding.programmes import services as programme_services
from leuchtfeuer.funding.programmes.models import FundingProfile, Programme
from leuchtfeuer.funding.programmes.selectors import rules_text
from leuchtfeuer.places.models import Municipality


def catalogue(request):
    programmes = Programme.objects.filter(is_active=True)
    return render(
        request,
        "funding/catalogue.html",
        {
            "programmes": [(p, rules_text(p)) for p in programmes],
            "calls": public_calls(),
            "now": timezone.now(),
        },
    )


def programme_detail(request, slug: str):
    programme = get_object_or_404(Programme, slug=slug, is_active=True)
    return render(
        request,
        "funding/programme_detail.html",
        {
            "programme": programme,
            "rules": rules_text(programme),
            "calls": programme.calls.exclude(status=Call.Status.DRAFT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def town_overview(request, slug: str):
    """A town's funding area: fitting programmes, its applications and grants, its own contribution."""
    municipality = get_permitted(
        request.user,
        Municipality.objects.select_related("region"),
        "funding.view_town",
        message=NO_TOWN_ACCESS,
        slug=slug,
    )
    can_apply = request.user.has_perm("funding.edit_application", municipality)
    profile = FundingProfile.objects.filter(municipality=municipality).first()
    initial = (
        {"own_contribution_percent": format_decimal(profile.own_contribution_percent)}
        if profile and profile.own_contribution_percent is not None
        else {}
    )
    profile_form = FundingProfileForm(request.POST or None, initial=initial) if can_apply else None

    def page(form: FundingProfileForm | None):
        return render(
            request,
            "funding/town_overview.html",
            {
                "municipality": municipality,
                "fits": fit_check(municipality),
                "applications": applications_of_town(municipality),
                "grants": grants_of_town(municipality),
                "open_calls": [c for c in open_calls() if "kommune" in c.applicant_types],
                "can_apply": can_apply,
                "profile_form": form,
            },
        )

    if request.method != "POST":
        return page(profile_form)
    if profile_form is None:
        raise PermissionDenied("Sie dürfen die Angaben der Kommune nicht ändern.")
    return form_action(
        request,
        form=profile_form,
        call=lambda: programme_services.funding_profile_set(
            actor=request.user, municipality=municipality, **profile_form.cleaned_data
        ),
        success_url=reverse("funding:town-overview", kwargs={"slug": municipality.slug}),
        error_page=page,
        success_message="Angabe gespeichert – der Abgleich mit den Programmen ist aktualisiert.",
    )


@login_required
def office_overview(request):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    return render(
        request,
        "funding/office_overview.html",
        {
            "programmes": Programme.objects.all(),
            "calls": Call.objects.select_related("programme").all(),
            "pending_claims": ExpenseClaim.objects.filter(status=ExpenseClaim.Status.SUBMITTED).count(),
        },
    )
