"""Scenario editor of a municipality: /kommunen/<slug>/szenarien/ (works without JavaScript)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from leuchtfeuer.core.actions import FAILED, attempt, button_action
from leuchtfeuer.core.permissions import get_permitted
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.places.selectors import region_by_key
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
from leuchtfeuer.projections.presenters import milestone_years, profile_projection_context, scenario_context

NO_ACCESS = "Sie haben keinen Zugriff auf die Szenarien dieser Kommune."


def _municipality(request, slug: str, perm: str) -> Municipality:
    return get_permitted(
        request.user, Municipality.objects.select_related("region"), perm, message=NO_ACCESS, slug=slug
    )


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
    def page(form: ScenarioForm, formset, status: int = 200):
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

    if request.method != "POST":
        form = ScenarioForm(
            initial={"name": scenario.name, "description": scenario.description} if scenario else None
        )
        formset = MeasureFormSet(initial=initial_rows(scenario) if scenario else [], prefix="m")
        return page(form, formset)
    form = ScenarioForm(request.POST)
    formset = MeasureFormSet(request.POST, prefix="m")

    def save() -> Scenario:
        data = {
            "actor": request.user,
            "name": form.cleaned_data["name"],
            "description": form.cleaned_data["description"],
            "measures": measure_rows(formset),
        }
        if scenario is None:
            return services.scenario_create(municipality=municipality, **data)
        return services.scenario_update(scenario=scenario, **data)

    saved = attempt(form, save) if formset.is_valid() else FAILED
    if saved is FAILED:
        return page(form, formset, status=422)
    verb = "angelegt" if scenario is None else "gespeichert"
    messages.success(request, f"Szenario „{saved.name}“ {verb}.")
    return redirect("projections:scenario-detail", slug=municipality.slug, pk=saved.pk)


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
        return button_action(
            request,
            call=lambda: services.scenario_delete(actor=request.user, scenario=scenario),
            redirect_to=reverse("projections:scenario-list", kwargs={"slug": municipality.slug}),
            success_message=f"Szenario „{scenario.name}“ gelöscht.",
        )
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
    region = region_by_key(key)
    if region is None:
        raise Http404(f"Keine Gebietseinheit mit dem Schlüssel {key}.")
    context = {"region": region, **profile_projection_context(region)}
    template = "projections/_profile_section.html" if request.htmx else "projections/profile_section.html"
    return render(request, template, context)
