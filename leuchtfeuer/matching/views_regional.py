"""Regional pages of the matching agency: compensation for a large settlement, Verbund proposals.

Both are calculations on the official Gemeinde data and change nothing, so they are GET forms
(a result can be bookmarked and shared); bad input re-renders the form with status 422 and a German
message naming the field.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from leuchtfeuer.core.permissions import require
from leuchtfeuer.matching.engine.compensation import DEFAULT_EXPONENT, DEFAULT_RADIUS_KM, DEFAULT_SCALE_KM
from leuchtfeuer.matching.engine.verbund import DEFAULT_MAX_DISTANCE_KM, DEFAULT_POST_POPULATION, POST_TOPICS
from leuchtfeuer.matching.regional import (
    SHARE_CLASSES,
    RegionalError,
    compensation_csv,
    compensation_for,
    compensation_map,
    compensation_xlsx,
    verbund_map,
    verbund_proposals_for,
)
from leuchtfeuer.places.profile import ATTRIBUTION

DENIED = "Die regionalen Werkzeuge der Matching-Agentur stehen der Agentur und den Kommunen offen."


class CompensationForm(forms.Form):
    gemeinde = forms.CharField(
        label="Gemeinde der Ansiedlung",
        max_length=120,
        help_text="Name oder 8-stelliger Gemeindeschlüssel (AGS), z. B. „Malchin“ oder 13071092.",
    )
    jobs = forms.IntegerField(label="Neue Arbeitsplätze", min_value=1, max_value=1_000_000)
    radius_km = forms.FloatField(
        label="Pendelradius in km",
        localize=True,
        min_value=1,
        max_value=200,
        initial=DEFAULT_RADIUS_KM,
        required=False,
        help_text=f"Nachbargemeinden bis zu dieser Entfernung (Luftlinie zwischen den Ortsmitten); ohne Angabe {DEFAULT_RADIUS_KM:g} km.",
    )
    amount = forms.DecimalField(
        label="Ausgleichsbetrag in Euro (freiwillig)",
        min_value=Decimal("0"),
        max_value=Decimal("1000000000"),
        decimal_places=2,
        required=False,
        localize=True,
        help_text="Wird nach den Anteilen auf den Cent genau verteilt.",
    )
    decay = forms.ChoiceField(
        label="Abnahme mit der Entfernung",
        choices=[
            ("power", f"mit dem Quadrat der Entfernung (Exponent {DEFAULT_EXPONENT:g})"),
            ("exponential", f"exponentiell (Abklinglänge {DEFAULT_SCALE_KM:g} km)"),
        ],
        initial="power",
        required=False,
    )


class VerbundForm(forms.Form):
    gemeinde = forms.CharField(
        label="Ihre Gemeinde",
        max_length=120,
        help_text="Name oder 8-stelliger Gemeindeschlüssel (AGS).",
    )
    topic = forms.ChoiceField(label="Gemeinsame Stelle für", choices=list(POST_TOPICS.items()))
    population_min = forms.IntegerField(
        label="Einwohner:innen je Stelle mindestens",
        min_value=1,
        max_value=1_000_000,
        initial=DEFAULT_POST_POPULATION[0],
        required=False,
    )
    population_max = forms.IntegerField(
        label="Einwohner:innen je Stelle höchstens",
        min_value=1,
        max_value=1_000_000,
        initial=DEFAULT_POST_POPULATION[1],
        required=False,
    )
    max_distance_km = forms.FloatField(
        label="Größte Entfernung in km",
        localize=True,
        min_value=1,
        max_value=100,
        initial=DEFAULT_MAX_DISTANCE_KM,
        required=False,
    )

    def clean(self):
        data = super().clean()
        lo = data.get("population_min") or DEFAULT_POST_POPULATION[0]
        hi = data.get("population_max") or DEFAULT_POST_POPULATION[1]
        if lo > hi:
            self.add_error(
                "population_max", "Die Obergrenze muss mindestens so groß wie die Untergrenze sein."
            )
        return data


def _check(request) -> None:
    require(request.user, "matching.use_regional", message=DENIED)


@login_required
@require_GET
def compensation(request) -> HttpResponse:
    _check(request)
    form = CompensationForm(request.GET or None)
    ctx: dict = {"form": form, "attribution": ATTRIBUTION, "classes": SHARE_CLASSES}
    status = 200
    if request.GET:
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = compensation_for(
                    ags=data["gemeinde"],
                    jobs=data["jobs"],
                    radius_km=data["radius_km"] or DEFAULT_RADIUS_KM,
                    amount=data["amount"],
                    decay=data["decay"] or "power",
                )
            except RegionalError as exc:
                form.add_error("gemeinde", str(exc))
                status = 422
            else:
                fmt = request.GET.get("format")
                if fmt in ("csv", "xlsx"):
                    return _download(result, fmt)
                ctx["result"] = result
                query = request.GET.copy()
                query.pop("format", None)
                ctx["query"] = query.urlencode()
                ctx["rows"] = [
                    {"share": s, "percent": s.share * 100, "distance": round(s.distance_km, 1)}
                    for s in result.shares
                ]
                ctx["total_population"] = sum(s.population for s in result.shares)
                ctx["map_svg"] = compensation_map(result)
        else:
            status = 422
    return render(request, "matching/regional/compensation.html", ctx, status=status)


def _download(result, fmt: str) -> HttpResponse:
    stem = f"ausgleich-{result.origin.ags}-{result.jobs}"
    if fmt == "csv":
        response = HttpResponse(compensation_csv(result), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            compensation_xlsx(result),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@login_required
@require_GET
def verbund(request) -> HttpResponse:
    _check(request)
    form = VerbundForm(request.GET or None)
    ctx: dict = {"form": form, "attribution": ATTRIBUTION}
    status = 200
    if request.GET:
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = verbund_proposals_for(
                    ags=data["gemeinde"],
                    topic=data["topic"],
                    post_population_min=data["population_min"] or DEFAULT_POST_POPULATION[0],
                    post_population_max=data["population_max"] or DEFAULT_POST_POPULATION[1],
                    max_distance_km=data["max_distance_km"] or DEFAULT_MAX_DISTANCE_KM,
                )
            except RegionalError as exc:
                form.add_error("gemeinde", str(exc))
                status = 422
            else:
                ctx["result"] = result
                ctx["topic_label"] = POST_TOPICS[data["topic"]]
                ctx["proposals"] = [
                    {"proposal": p, "index": i, "map_svg": verbund_map(result, p, i)}
                    for i, p in enumerate(result.proposals, start=1)
                ]
        else:
            status = 422
    return render(request, "matching/regional/verbund.html", ctx, status=status)
