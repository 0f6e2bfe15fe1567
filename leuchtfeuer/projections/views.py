"""Scenario editor of a municipality: /kommunen/<slug>/szenarien/ (works without JavaScript)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from leuchtfeuer.core.forms import add_service_errors
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.projections import services
from leuchtfeuer.projections.current import END_YEAR, region_projection
from leuchtfeuer.projections.forms import (
    KIND_HELP,
    MeasureFormSet,
    ScenarioForm,
    initial_rows,
    measure_rows,
)
from leuchtfeuer.projections.models import Scenario
from leuchtfeuer.projections.presenters import milestone_years, scenario_context


def _municipality(request, slug: str, perm: str) -> Municipality:
    municipality = get_object_or_404(Municipality.objects.select_related("region"), slug=slug)
    if not request.user.has_perm(perm, municipality):
        raise PermissionDenied("Sie haben keinen Zugriff auf die Szenarien dieser Kommune.")
    return municipality


def _scenario(municipality: Municipality, pk: int) -> Scenario:
    return get_object_or_404(
        Scenario.objects.select_related("created_by").prefetch_related("measures"),
        pk=pk,
        municipality=municipality,
    )


def _can(user, municipality) -> dict:
    return {
        "can_add": user.has_perm("projections.add_scenario", municipality),
        "can_change": user.has_perm("projections.change_scenario", municipality),
        "can_delete": user.has_perm("projections.delete_scenario", municipality),
    }


@login_required
def scenario_list(request, slug: str):
    municipality = _municipality(request, slug, "projections.view_scenario")
    projection = region_projection(municipality.region)
    scenarios = municipality.scenarios.select_related("created_by").prefetch_related("measures")
    context = {"municipality": municipality, "scenarios": scenarios, "projection": projection}
    if projection is not None:
        years = milestone_years(projection)
        context["baseline"] = [(y, round(float(projection.total[projection.year_index(y)]))) for y in years]
    context.update(_can(request.user, municipality))
    return render(request, "projections/scenario_list.html", context)


def _editor(request, municipality: Municipality, scenario: Scenario | None):
    initial = initial_rows(scenario) if scenario else []
    if request.method == "POST":
        form = ScenarioForm(request.POST)
        formset = MeasureFormSet(request.POST, prefix="m")
        if form.is_valid() and formset.is_valid():
            data = {
                "actor": request.user,
                "name": form.cleaned_data["name"],
                "description": form.cleaned_data["description"],
                "measures": measure_rows(formset),
            }
            try:
                if scenario is None:
                    scenario = services.scenario_create(municipality=municipality, **data)
                    messages.success(request, f"Szenario „{scenario.name}“ angelegt.")
                else:
                    scenario = services.scenario_update(scenario=scenario, **data)
                    messages.success(request, f"Szenario „{scenario.name}“ gespeichert.")
                return redirect("projections:scenario-detail", slug=municipality.slug, pk=scenario.pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
        status = 422
    else:
        form = ScenarioForm(
            initial={"name": scenario.name, "description": scenario.description} if scenario else None
        )
        formset = MeasureFormSet(initial=initial, prefix="m")
        status = 200
    context = {
        "municipality": municipality,
        "scenario": scenario,
        "form": form,
        "formset": formset,
        "kind_help": KIND_HELP,
        "first_year": services.first_measure_year(municipality),
        "end_year": END_YEAR,
    }
    return render(request, "projections/scenario_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def scenario_create(request, slug: str):
    municipality = _municipality(request, slug, "projections.add_scenario")
    return _editor(request, municipality, None)


@login_required
@require_http_methods(["GET", "POST"])
def scenario_update(request, slug: str, pk: int):
    municipality = _municipality(request, slug, "projections.change_scenario")
    return _editor(request, municipality, _scenario(municipality, pk))


@login_required
def scenario_detail(request, slug: str, pk: int):
    municipality = _municipality(request, slug, "projections.view_scenario")
    scenario = _scenario(municipality, pk)
    projection = region_projection(municipality.region)
    context = {"municipality": municipality, "scenario": scenario, "projection": projection}
    if projection is not None:
        context.update(scenario_context(projection, scenario))
    context.update(_can(request.user, municipality))
    return render(request, "projections/scenario_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def scenario_delete(request, slug: str, pk: int):
    municipality = _municipality(request, slug, "projections.delete_scenario")
    scenario = _scenario(municipality, pk)
    if request.method == "POST":
        name = scenario.name
        services.scenario_delete(actor=request.user, scenario=scenario)
        messages.success(request, f"Szenario „{name}“ gelöscht.")
        return redirect("projections:scenario-list", slug=municipality.slug)
    return render(
        request,
        "projections/scenario_confirm_delete.html",
        {"municipality": municipality, "scenario": scenario},
    )


@require_http_methods(["GET"])
def profile_section(request, key: str):
    """The projection section of a Kommunalprofil on its own (computed if not stored yet).

    htmx swaps it into the profile page; without JavaScript it is a page of its own.
    """
    from leuchtfeuer.places.selectors import region_by_key
    from leuchtfeuer.projections.presenters import profile_projection_context

    region = region_by_key(key)
    if region is None:
        raise Http404(f"Keine Gebietseinheit mit dem Schlüssel {key}.")
    context = {"region": region, **profile_projection_context(region)}
    template = "projections/_profile_section.html" if request.htmx else "projections/profile_section.html"
    return render(request, template, context)
