"""Public pages: region search and the Kommunalprofil with its downloads (no login needed)."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from leuchtfeuer.core import documents
from leuchtfeuer.core.charts import bar_chart, line_chart, map_svg, pyramid
from leuchtfeuer.core.charts.svg import Band, Marker
from leuchtfeuer.core.generated import code_revision, document_response
from leuchtfeuer.places import exports
from leuchtfeuer.places.engine.agegroups import MIGRATION_6, REGIO_17
from leuchtfeuer.places.engine.steps import describe
from leuchtfeuer.places.models import PopulationBasis, Region
from leuchtfeuer.places.profile import ATTRIBUTION, BASIS_WORDS, Profile, build_profile, data_version
from leuchtfeuer.places.profile_sections import sections_context
from leuchtfeuer.places.profile_table import indicator_table
from leuchtfeuer.places.selectors import region_by_key, search_regions


@require_GET
def region_search(request):
    query = request.GET.get("q", "").strip()
    results = search_regions(query, limit=20) if query else []
    exact_key = bool(results) and query.isdigit() and results[0][0].key == query
    if not request.htmx and (len(results) == 1 or exact_key):
        return redirect("places:profile", key=results[0][0].key)
    template = "places/_search_results.html" if request.htmx else "places/region_search.html"
    return render(request, template, {"query": query, "results": results})


def _profile_or_404(key: str) -> Profile:
    region = region_by_key(key)
    if region is None:
        raise Http404(f"Keine Gebietseinheit mit dem Schlüssel {key}.")
    return build_profile(region)


def chart_context(profile: Profile) -> dict:
    """SVG charts and the tables beside them, computed from the profile (shared with the PDF)."""
    ctx: dict = {}
    a15 = profile.age_2015
    if a15.get("male"):
        bands = [
            Band(lo, hi, m, f)
            for lo, hi, m, f in zip(REGIO_17.lower, REGIO_17.upper, a15["male"], a15["female"], strict=True)
        ]
        overlay = None
        a11 = profile.age_2011
        if a11.get("male") and a11.get("lowers"):
            lowers = a11["lowers"]
            uppers = [*lowers[1:], None]
            overlay = [
                Band(lo, hi, m, f)
                for lo, hi, m, f in zip(lowers, uppers, a11["male"], a11["female"], strict=True)
            ]
        ctx["pyramid_svg"] = pyramid(
            bands,
            title=f"Bevölkerung nach Alter und Geschlecht, 31.12.2015 – {profile.region.short_name}",
            overlay=overlay,
            overlay_label="Zensus 2011 (09.05.2011)",
        )
        ctx["pyramid_rows"] = [
            {"label": label, "male": m, "female": f, "total": t}
            for label, m, f, t in zip(REGIO_17.labels, a15["male"], a15["female"], a15["total"], strict=True)
        ]
    points = [(p.date, p.total) for p in profile.series]
    if points:
        broken = [p.date for p in profile.series if not p.comparable]
        markers = [Marker(date(2011, 5, 9), "Zensus 2011: Niveausprung")]
        if any(p.basis == BASIS_WORDS[PopulationBasis.ZENSUS_2022] for p in profile.series):
            # figures on the Zensus 2022 basis (the count, Kreise from 31.12.2024): a new level
            markers.append(Marker(date(2022, 5, 15), "Zensus 2022: neue Basis"))
        # every jump of more than 5 % within a year, numbered as in the list below the chart
        markers += [Marker(step.end, f"{i} {step.label}") for i, step in enumerate(profile.steps, 1)]
        ctx["series_svg"] = line_chart(
            points,
            title=f"Bevölkerung seit 1990 – {profile.region.short_name}",
            markers=markers,
            broken_before=max(broken) if broken else None,
            apart=[p.date for p in profile.series if p.count],
        )
        ctx["series_has_break"] = bool(broken)
        ctx["step_texts"] = [describe(step) for step in profile.steps]
    mig = profile.migration
    if mig.get("in") and mig.get("out"):
        rows = []
        for label, inflow, outflow in zip(MIGRATION_6.labels, mig["in"], mig["out"], strict=True):
            balance = None if inflow is None or outflow is None else inflow - outflow
            rows.append({"label": label, "in": inflow, "out": outflow, "balance": balance})
        ctx["migration_rows"] = rows
        ctx["migration_svg"] = bar_chart(
            [(r["label"], r["balance"]) for r in rows],
            title=f"Wanderungssaldo 2015 nach Altersgruppen – {profile.region.short_name}",
            unit="Personen (Zuzüge minus Fortzüge)",
            decimals=0,
        )
    if profile.kreis_map:
        ctx["map_svg"] = map_svg(
            profile.kreis_map,
            title=f"{profile.region.short_name} im Kreis {profile.kreis.name if profile.kreis else ''}",
        )
    return ctx


def _context(profile: Profile, *, compute_projection: bool = True, sections: bool = True) -> dict:
    ctx = {"profile": profile, "region": profile.region, "attribution": ATTRIBUTION}
    ctx.update(chart_context(profile))
    ctx["indicator_rows"] = exports.indicator_rows(profile)
    ctx["indicator_table"] = indicator_table(profile)
    zensus = profile.indicator("population_zensus2022")
    ctx["profile_zensus2022"] = zensus.value if zensus else None
    if sections:
        ctx.update(sections_context(profile.region, compute_missing=compute_projection))
    return ctx


@require_GET
def profile(request, key: str):
    prof = _profile_or_404(key)
    # the page never waits for the projection engine: a missing projection loads separately
    return render(request, "places/profile.html", _context(prof, compute_projection=False))


@require_GET
def profile_export(request, key: str, fmt: str):
    if fmt == "pdf":
        return profile_pdf(request, key)
    prof = _profile_or_404(key)
    stem = f"kommunalprofil-{prof.region.key}"
    if fmt == "csv":
        response = HttpResponse(exports.profile_csv(prof), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.profile_xlsx(prof),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404("Unbekanntes Format.")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def profile_pdf(request, key: str):
    """The Kommunalprofil as PDF, built by a worker (core.generated) with the population outlook.

    The profile shows official data only (and what other parts derive from it), so the
    document's version is the region, the official data's state and the code's revision: the
    request reads no more than that and answers at once, however many ask at the same moment."""
    region = region_by_key(key)
    if region is None:
        raise Http404(f"Keine Gebietseinheit mit dem Schlüssel {key}.")
    return document_response(
        request,
        kind="kommunalprofil",
        key=region.key,
        builder=PROFILE_PDF_BUILDER,
        payload={"key": region.key, "data": data_version(), "code": code_revision()},
        title=f"Kommunalprofil {region.name}",
        filename=f"kommunalprofil-{region.key}.pdf",
        content_type="application/pdf",
    )


PROFILE_PDF_BUILDER = "kommunalprofil-pdf"


def build_profile_pdf(payload: dict) -> bytes:
    """The worker's builder (registered in PlacesConfig.ready): the whole Kommunalprofil with the
    sections other parts add (the population outlook, computed here if it is not stored yet)."""
    region = region_by_key(payload["key"])
    if region is None:
        raise ValueError(f"Keine Gebietseinheit mit dem Schlüssel {payload['key']}.")
    return documents.html_to_pdf(exports.profile_print_html(_context(build_profile(region))))


def profile_pdf_bytes(region: Region) -> bytes:
    prof = build_profile(region)
    return exports.profile_pdf(prof, _context(prof))
