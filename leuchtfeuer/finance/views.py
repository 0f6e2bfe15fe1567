"""Pages of the finance simulator.

The scenario travels in the query string (GET form): results, filters, pages and exports are
plain links that work without JavaScript. Writes (save, delete, upload) are core.actions views.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from itertools import zip_longest
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from leuchtfeuer.core.actions import ActionView
from leuchtfeuer.core.generated import pdf_response
from leuchtfeuer.finance import exports, selectors, services
from leuchtfeuer.finance.catalogue import CRITERIA, KLEINSTADT_MAX
from leuchtfeuer.finance.charts import CLASSES, change_map, land_outline
from leuchtfeuer.finance.forms import SORTS, FilterForm, SaveForm, ScenarioForm, UploadForm, spec_query
from leuchtfeuer.finance.models import Scenario
from leuchtfeuer.finance.simulation import Outcome, ScenarioError, run
from leuchtfeuer.places.models import Region
from leuchtfeuer.places.profile import ATTRIBUTION

PAGE_SIZE = 50
# WeasyPrint needs about 35 ms per table row: the PDF lists every Gemeinde only for small Länder
# (the CSV and XLSX always hold all of them).
PDF_FULL_TABLE = 150
TOP = 10
FILTER_KEYS = ("kreis", "size", "degurba", "kleinstadt", "q", "sort", "desc", "seite")


def _land_or_404(land: str) -> str:
    if land not in selectors.dataset().lands:
        raise Http404("Unbekanntes Land.")
    return land


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied("Dafür fehlt Ihnen die Berechtigung.")


@require_GET
def index(request):
    """Introduction and the Länder; saved scenarios for signed-in people."""
    ds = selectors.dataset()
    lands = [
        (code, name, len(ds.rows_of(code))) for code, name in sorted(ds.lands.items(), key=lambda x: x[1])
    ]
    return render(
        request,
        "finance/index.html",
        {
            "lands": lands,
            "scenarios": [
                (sc, ds.lands.get(sc.land_code, sc.land_code))
                for sc in selectors.visible_scenarios(request.user)
            ],
            "criteria": CRITERIA,
            "can_use": request.user.has_perm("finance.use_simulator"),
        },
    )


def _filtered(outcome: Outcome, filters: FilterForm) -> list:
    rows = outcome.rows
    if not filters.is_valid():
        return rows
    f = filters.cleaned_data
    if f.get("kreis"):
        rows = [r for r in rows if r.kreis == f["kreis"]]
    if f.get("size"):
        rows = [r for r in rows if r.size_class == f["size"]]
    if f.get("degurba"):
        rows = [r for r in rows if r.degurba == f["degurba"]]
    if f.get("kleinstadt"):
        rows = [r for r in rows if r.kleinstadt]
    if f.get("q"):
        needle = f["q"].casefold()
        rows = [r for r in rows if needle in r.name.casefold() or r.ags.startswith(needle)]
    key = f.get("sort") or "name"
    if key == "name":
        rows = sorted(rows, key=lambda r: r.name.casefold(), reverse=bool(f.get("desc")))
    else:
        present = [r for r in rows if getattr(r, key) is not None]
        rows = sorted(present, key=lambda r: getattr(r, key), reverse=bool(f.get("desc"))) + [
            r for r in rows if getattr(r, key) is None
        ]
    return rows


def builder_context(request, land: str, form: ScenarioForm) -> dict:
    """The builder page: the form, and the results once the form is valid."""
    ds = selectors.dataset()
    ctx: dict = {
        "land": land,
        "land_name": ds.lands[land],
        "form": form,
        "criteria": CRITERIA,
        "uploads": selectors.land_uploads(land),
        "can_upload": request.user.has_perm("finance.upload_criteria", land),
        "attribution": ATTRIBUTION,
        "kleinstadt_max": KLEINSTADT_MAX,
    }
    if not form.is_bound or not form.is_valid():
        return ctx
    try:
        outcome = run(form.spec, ds)
    except ScenarioError as exc:
        form.add_error(None, str(exc))
        return ctx
    kreise = sorted({(r.kreis, r.kreis_name) for r in outcome.rows}, key=lambda k: k[1])
    filters = FilterForm(request.GET, kreise=kreise)
    rows = _filtered(outcome, filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = spec_query(form.spec)
    filter_query = {k: v for k, v in request.GET.items() if k in FILTER_KEYS and k != "seite" and v}
    outline = land_outline(land, selectors.dataset().version)
    by_diff = sorted(outcome.rows, key=lambda r: r.diff)
    total_pop = sum(r.population for r in outcome.rows)
    current = _current_scenario(request, land)
    ctx.update(
        {
            "outcome": outcome,
            "filters": filters,
            "page": page,
            "filtered_count": len(rows),
            "query": urlencode(query),
            "page_query": urlencode(query | filter_query),
            "scenario_fields": query,
            "filter_fields": filter_query,
            "winners": [r for r in reversed(by_diff[-TOP:]) if r.diff > 0],
            "losers": [r for r in by_diff[:TOP] if r.diff < 0],
            "map_svg": change_map(
                outline, outcome.rows, title=f"Veränderung je Gemeinde – {outcome.land_name}"
            )
            if outline
            else "",
            "classes": CLASSES,
            "saved": selectors.visible_scenarios(request.user, land),
            "save_form": SaveForm(),
            "sorts": SORTS,
            "current": current,
            "can_delete_current": bool(current and request.user.has_perm("finance.change_scenario", current)),
            "base_per_head": (outcome.total_base / total_pop).quantize(Decimal("0.01"))
            if total_pop
            else None,
        }
    )
    return ctx


def _current_scenario(request, land: str) -> Scenario | None:
    """The saved scenario the page was opened from (?szenario=<id>), if the person may see it."""
    raw = request.GET.get("szenario", "")
    if not raw.isdigit():
        return None
    scenario = Scenario.objects.filter(pk=int(raw), land_code=land).select_related("owner").first()
    if scenario is None or not request.user.has_perm("finance.view_scenario", scenario):
        return None
    return scenario


@require_GET
@login_required
def builder(request, land: str):
    """Scenario builder and results for one Land."""
    _land_or_404(land)
    _require(request, "finance.use_simulator")
    form = ScenarioForm(request.GET if "pot" in request.GET else None, land=land)
    return render(request, "finance/builder.html", builder_context(request, land, form))


@require_GET
@login_required
def export(request, land: str, fmt: str):
    _land_or_404(land)
    _require(request, "finance.use_simulator")
    form = ScenarioForm(request.GET, land=land)
    if not form.is_valid():
        return redirect(f"{reverse('finance:builder', kwargs={'land': land})}?{request.GET.urlencode()}")
    try:
        outcome = run(form.spec)
    except ScenarioError:
        return redirect(f"{reverse('finance:builder', kwargs={'land': land})}?{request.GET.urlencode()}")
    stem = f"finanz-simulator-{land}"
    if fmt == "csv":
        response = HttpResponse(exports.outcome_csv(outcome), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.outcome_xlsx(outcome),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "pdf":
        outline = land_outline(land, selectors.dataset().version)
        context = {
            "outcome": outcome,
            "lines": exports.describe(outcome),
            "pairs": list(
                zip_longest(
                    [r for r in sorted(outcome.rows, key=lambda r: r.diff, reverse=True)[:TOP] if r.diff > 0],
                    [r for r in sorted(outcome.rows, key=lambda r: r.diff)[:TOP] if r.diff < 0],
                )
            ),
            "map_svg": change_map(
                outline, outcome.rows, title=f"Veränderung je Gemeinde – {outcome.land_name}"
            )
            if outline
            else "",
            "classes": CLASSES,
            "attribution": ATTRIBUTION,
            "full_table": len(outcome.rows) <= PDF_FULL_TABLE,
        }
        # built by a worker (core.generated); one document per Land and scenario
        scenario = hashlib.sha256(urlencode(sorted(spec_query(form.spec).items())).encode()).hexdigest()
        return pdf_response(
            request,
            kind="finanz-simulator",
            key=f"{land}-{scenario[:32]}",
            html=exports.outcome_print_html(context),
            title=f"Finanz-Simulator {outcome.land_name}",
            filename=f"{stem}.pdf",
        )
    else:
        raise Http404("Unbekanntes Format.")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


class ScenarioSave(ActionView):
    permission = "finance.save_scenario"
    form_class = SaveForm
    template_name = "finance/builder.html"

    def get_target(self):
        return None

    def post(self, request, *args, **kwargs):
        self.land = _land_or_404(kwargs["land"])
        self.scenario_form = ScenarioForm(request.POST, land=self.land)
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        if not self.scenario_form.is_valid():
            raise ValidationError(
                "Das Szenario selbst ist nicht gültig – bitte prüfen Sie die Eingaben oben."
            )
        return services.scenario_save(
            actor=self.request.user,
            spec=self.scenario_form.spec,
            name=form.cleaned_data["name"],
            shared=form.cleaned_data["shared"],
        )

    def get_success_message(self, result):
        return f"Das Szenario „{result.name}“ ist gespeichert."

    def get_success_url(self, result):
        return reverse("finance:scenario", kwargs={"pk": result.pk})

    def get_error_context(self, form):
        ctx = builder_context(self.request, self.land, self.scenario_form)
        ctx["save_form"] = form
        return ctx


class ScenarioDelete(ActionView):
    permission = "finance.change_scenario"

    def get_target(self):
        return get_object_or_404(Scenario, pk=self.kwargs["pk"])

    def perform(self, form):
        self.land = self.target.land_code
        services.scenario_delete(actor=self.request.user, scenario=self.target)

    def get_success_message(self, result):
        return "Das Szenario ist gelöscht."

    def get_success_url(self, result):
        return reverse("finance:index")


@require_GET
@login_required
def scenario_open(request, pk: int):
    """A saved scenario: its builder page with its parameters."""
    scenario = get_object_or_404(Scenario, pk=pk)
    _require(request, "finance.view_scenario", scenario)
    query = spec_query(services.scenario_spec(scenario)) | {"szenario": str(scenario.pk)}
    return redirect(f"{reverse('finance:builder', kwargs={'land': scenario.land_code})}?{urlencode(query)}")


@require_GET
@login_required
def compare(request):
    """Saved scenarios of one Land side by side, per Gemeinde."""
    ids = [int(v) for v in request.GET.getlist("s") if v.isdigit()][:4]
    visible = {s.pk: s for s in selectors.visible_scenarios(request.user)}
    chosen = [visible[i] for i in ids if i in visible]
    lands = {s.land_code for s in chosen}
    error = ""
    if len(chosen) < 2:
        error = "Bitte wählen Sie mindestens zwei gespeicherte Szenarien aus."
    elif len(lands) > 1:
        error = "Verglichen werden können nur Szenarien desselben Landes."
    ctx: dict = {"error": error, "scenarios": list(visible.values()), "chosen_ids": set(ids)}
    if not error:
        outcomes = [run(services.scenario_spec(s)) for s in chosen]
        base = outcomes[0]
        q = (request.GET.get("q") or "").strip().casefold()
        rows = [
            {"row": row, "cells": [o.rows[i] for o in outcomes]}
            for i, row in enumerate(base.rows)
            if not q or q in row.name.casefold()
        ]
        ctx.update(
            {
                "chosen": list(zip(chosen, outcomes, strict=True)),
                "land_name": base.land_name,
                "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("seite")),
                "query": urlencode([("s", s.pk) for s in chosen] + ([("q", q)] if q else [])),
                "q": q,
                "attribution": ATTRIBUTION,
            }
        )
    return render(request, "finance/compare.html", ctx)


@require_GET
@login_required
def town(request, ags: str):
    """„Was es für uns bedeutet“: one Gemeinde under every saved scenario of its Land."""
    _require(request, "finance.use_simulator")
    region = Region.objects.filter(level=Region.Level.GEMEINDE, ags=ags).first()
    if region is None:
        raise Http404("Unbekannte Gemeinde.")
    ds = selectors.dataset()
    entries = []
    for scenario in selectors.visible_scenarios(request.user, region.land_code):
        try:
            outcome = run(services.scenario_spec(scenario), ds)
        except ScenarioError:
            continue
        row = next((r for r in outcome.rows if r.ags == ags), None)
        if row is not None:
            entries.append({"scenario": scenario, "row": row, "outcome": outcome, "count": len(outcome.rows)})
    return render(
        request,
        "finance/town.html",
        {"region": region, "entries": entries, "land": region.land_code, "attribution": ATTRIBUTION},
    )


@require_GET
@login_required
def criteria_page(request, land: str):
    """Upload of a Land's own criterion figures, with the format and the upload history."""
    _land_or_404(land)
    _require(request, "finance.upload_criteria", land)
    return render(request, "finance/criteria_upload.html", _criteria_context(land, UploadForm()))


def _criteria_context(land: str, form) -> dict:
    ds = selectors.dataset()
    return {
        "land": land,
        "land_name": ds.lands[land],
        "form": form,
        "uploads": selectors.land_uploads(land),
        "upload_criteria": [c for c in CRITERIA if not c.official],
        "example_ags": [ds.ags[i] for i in ds.rows_of(land)[:2]],
    }


class CriteriaUpload(ActionView):
    permission = "finance.upload_criteria"
    form_class = UploadForm
    template_name = "finance/criteria_upload.html"

    def get_target(self):
        return _land_or_404(self.kwargs["land"])

    def perform(self, form):
        return services.criteria_upload(
            actor=self.request.user,
            land=self.target,
            upload=form.cleaned_data["file"],
            reference=form.cleaned_data["reference"],
        )

    def get_success_message(self, result):
        names = ", ".join(c.label for c in CRITERIA if c.key in result.criteria)
        return f"Die Zahlen sind gespeichert: {names} für {result.rows_read} Gemeinden."

    def get_success_url(self, result):
        return reverse("finance:criteria", kwargs={"land": self.target})

    def get_error_context(self, form):
        return _criteria_context(self.target, form)
