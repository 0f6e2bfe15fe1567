"""The internal pages of one municipality: dashboard, Ortsteile, roles, audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.accounts import services as account_services
from leuchtfeuer.accounts.models import Membership, Role
from leuchtfeuer.accounts.services import TEAM_ROLES
from leuchtfeuer.core import selectors, uploads
from leuchtfeuer.core.actions import FAILED, attempt, button_action, form_action
from leuchtfeuer.core.panels import panels_for
from leuchtfeuer.core.permissions import get_permitted, require
from leuchtfeuer.places import services
from leuchtfeuer.places.forms import (
    ContactForm,
    MembershipForm,
    OrtsteilDataForm,
    OrtsteilForm,
    RegisterMunicipalityForm,
)
from leuchtfeuer.places.models import Municipality, Ortsteil
from leuchtfeuer.places.ortsteil_data import MAX_BYTES as ORTSTEIL_MAX_BYTES
from leuchtfeuer.places.ortsteil_selectors import ortsteil_figures

# An Einwohnermeldeamt export, checked with core.uploads before it is parsed (never stored).
ORTSTEIL_TYPES = {"csv": uploads.CSV, "txt": uploads.TXT, "xlsx": uploads.XLSX}


def _municipality(request, slug: str, perm: str) -> Municipality:
    return get_permitted(
        request.user,
        Municipality.objects.select_related("region", "region__parent"),
        perm,
        message="Sie haben keinen Zugriff auf diese Kommune.",
        slug=slug,
    )


def _dashboard_url(municipality: Municipality) -> str:
    return reverse("places:municipality-dashboard", kwargs={"slug": municipality.slug})


def _grantable_roles(user, municipality) -> list[str]:
    if user.has_perm("accounts.appoint_staff", municipality):
        return list(Role.values)
    if user.has_perm("accounts.manage_team", municipality):
        return [r for r in Role.values if r in TEAM_ROLES]
    return []


@login_required
def municipality_dashboard(request, slug: str):
    municipality = _municipality(request, slug, "places.view_dashboard")
    user = request.user
    context = {
        "municipality": municipality,
        "region": municipality.region,
        "ortsteile": municipality.ortsteile.all(),
        "members": selectors.municipality_members(municipality),
        "can_change": user.has_perm("places.change_municipality", municipality),
        "can_manage_ortsteile": user.has_perm("places.manage_ortsteile", municipality),
        "grantable_roles": _grantable_roles(user, municipality),
        "can_view_audit": user.has_perm("core.view_audit_log", municipality),
        "ortsteil_form": OrtsteilForm(),
        "ortsteil_figures": ortsteil_figures(municipality),
        "contact_form": ContactForm(
            initial={"contact_email": municipality.contact_email, "contact_phone": municipality.contact_phone}
        ),
    }
    if context["grantable_roles"]:
        context["membership_form"] = MembershipForm(roles=context["grantable_roles"])
    context["panels"] = panels_for(request, municipality)
    return render(request, "places/municipality_dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ortsteil_create(request, slug: str):
    municipality = _municipality(request, slug, "places.manage_ortsteile")
    form = OrtsteilForm(request.POST or None)
    if request.method == "POST":
        # Written with `attempt`, not form_action: with htmx the list is answered in place.
        ortsteil = attempt(
            form,
            lambda: services.ortsteil_create(
                actor=request.user, municipality=municipality, **form.cleaned_data
            ),
        )
        if ortsteil is not FAILED:
            messages.success(request, f"Ortsteil „{ortsteil.name}“ angelegt.")
            if not request.htmx:
                return redirect(_dashboard_url(municipality))
            form = OrtsteilForm()
    template = "places/_ortsteile.html" if request.htmx else "places/ortsteil_form.html"
    status = 422 if request.method == "POST" and form.errors else 200
    return render(
        request,
        template,
        {
            "municipality": municipality,
            "ortsteile": municipality.ortsteile.all(),
            "ortsteil_form": form,
            "can_manage_ortsteile": True,
        },
        status=status,
    )


@login_required
@require_POST
def ortsteil_delete(request, slug: str, pk: int):
    municipality = _municipality(request, slug, "places.manage_ortsteile")
    ortsteil = get_object_or_404(Ortsteil, municipality=municipality, pk=pk)
    services.ortsteil_delete(actor=request.user, ortsteil=ortsteil)
    messages.success(request, f"Ortsteil „{ortsteil.name}“ gelöscht.")
    if request.htmx:
        return render(
            request,
            "places/_ortsteile.html",
            {
                "municipality": municipality,
                "ortsteile": municipality.ortsteile.all(),
                "ortsteil_form": OrtsteilForm(),
                "can_manage_ortsteile": True,
            },
        )
    return redirect("places:municipality-dashboard", slug=municipality.slug)


@login_required
@require_http_methods(["GET", "POST"])
def contact_update(request, slug: str):
    municipality = _municipality(request, slug, "places.change_municipality")
    form = ContactForm(
        request.POST or None,
        initial={"contact_email": municipality.contact_email, "contact_phone": municipality.contact_phone},
    )

    def page(form: ContactForm):
        return render(request, "places/contact_form.html", {"municipality": municipality, "form": form})

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.municipality_update_contact(
            actor=request.user, municipality=municipality, **form.cleaned_data
        ),
        success_url=_dashboard_url(municipality),
        error_page=page,
        success_message="Kontaktdaten gespeichert.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_create(request, slug: str):
    municipality = _municipality(request, slug, "places.view_dashboard")
    roles = _grantable_roles(request.user, municipality)
    if not roles:
        raise PermissionDenied("Sie dürfen in dieser Kommune keine Rollen vergeben.")
    form = MembershipForm(request.POST or None, roles=roles)

    def page(form: MembershipForm):
        return render(request, "places/membership_form.html", {"municipality": municipality, "form": form})

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: account_services.membership_grant(
            actor=request.user,
            municipality=municipality,
            base_url=request.build_absolute_uri("/")[:-1],
            **form.cleaned_data,
        ),
        success_url=_dashboard_url(municipality),
        error_page=page,
        success_message=lambda membership: (
            f"{membership.user.email} ist jetzt {membership.get_role_display()}. Eine Einladung wurde verschickt."
        ),
    )


@login_required
@require_POST
def membership_delete(request, slug: str, pk: int):
    municipality = _municipality(request, slug, "places.view_dashboard")
    membership = get_object_or_404(
        Membership.objects.select_related("user", "municipality"), municipality=municipality, pk=pk
    )
    return button_action(
        request,
        call=lambda: account_services.membership_revoke(actor=request.user, membership=membership),
        redirect_to=_dashboard_url(municipality),
        success_message=f"Rolle von {membership.user.email} entfernt.",
    )


@login_required
def audit_log(request, slug: str):
    municipality = _municipality(request, slug, "core.view_audit_log")
    return render(
        request,
        "places/audit_log.html",
        {"municipality": municipality, "entries": selectors.audit_entries(municipality, limit=200)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def municipality_register(request):
    require(request.user, "places.add_municipality", message="Nur die Geschäftsstelle legt Kommunen an.")
    form = RegisterMunicipalityForm(request.POST or None)

    def page(form: RegisterMunicipalityForm):
        return render(request, "places/municipality_register.html", {"form": form})

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.municipality_register(actor=request.user, **form.cleaned_data),
        success_url=_dashboard_url,
        error_page=page,
        success_message=lambda municipality: f"{municipality} ist angelegt.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def ortsteil_data_upload(request, slug: str):
    municipality = _municipality(request, slug, "places.manage_ortsteile")
    form = OrtsteilDataForm(request.POST or None, request.FILES or None)

    def page(form: OrtsteilDataForm):
        return render(request, "places/ortsteil_data_form.html", {"municipality": municipality, "form": form})

    def count():
        upload = form.cleaned_data["file"]
        uploads.check_upload(upload, allowed=ORTSTEIL_TYPES, max_bytes=ORTSTEIL_MAX_BYTES, field="file")
        return services.ortsteil_data_upload(
            actor=request.user, municipality=municipality, filename=upload.name, content=upload.read(),
            reference_date=form.cleaned_data["reference_date"],
            create_missing=form.cleaned_data["create_missing"],
        )  # fmt: skip

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=count,
        success_url=_dashboard_url(municipality),
        error_page=page,
        success_message=lambda result: (
            f"{result.rows_read} Zeilen aus {result.filename} gezählt. Die Einzelzeilen wurden nicht gespeichert."
        ),
    )
