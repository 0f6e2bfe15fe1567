"""Start page, "Mein Bereich" (the personal dashboard) and the legal pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from leuchtfeuer.accounts.roles import roles_by_municipality
from leuchtfeuer.core.panels import personal_panels_for
from leuchtfeuer.home import selectors
from leuchtfeuer.places.models import Municipality


@require_GET
def home(request):
    municipalities = Municipality.objects.select_related("region", "region__parent").order_by("display_name")
    # Leichte Sprache: the same view with the page in Leichte Sprache.
    template = "core/home_easy.html" if request.GET.get("sprache") == "leicht" else "core/home.html"
    return render(request, template, {"municipalities": municipalities})


@login_required
def dashboard(request):
    user = request.user
    context = {
        "memberships": selectors.memberships_with_municipality(user),
        "has_roles": bool(roles_by_municipality(user)),
        "is_office": user.has_perm("places.view_all_municipalities"),
        "personal_panels": personal_panels_for(request),
    }
    if context["is_office"]:
        context["overview"] = selectors.municipalities_overview()
    return render(request, "core/dashboard.html", context)


def page(template: str):
    @require_GET
    def view(request):
        return render(request, template)

    return view
