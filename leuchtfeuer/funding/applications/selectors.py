"""Reads of applications: the data sheet pre-filled from the Kommunalprofil, what is missing, lists."""

from __future__ import annotations

import logging

from leuchtfeuer.core.engine.german import format_decimal, format_number
from leuchtfeuer.funding.applications.models import Application
from leuchtfeuer.funding.calls.models import Call, CallItem
from leuchtfeuer.funding.calls.selectors import PROFILE_FIELDS, call_items
from leuchtfeuer.places.models import Region
from leuchtfeuer.places.profile import build_profile
from leuchtfeuer.projections.selectors import region_projection

PROJECTION_NOTE = "Keine Vorausberechnung für diese Gebietseinheit verfügbar. Bitte tragen Sie den Wert aus Ihrer Prognose selbst ein."
PROJECTION_YEARS = (2035, 2045)


def profile_values(region: Region) -> dict[str, tuple[str, str]]:
    """{profile key: (value as German text, source)} from the Kommunalprofil of the region."""
    values: dict[str, tuple[str, str]] = {}
    profile = build_profile(region, with_map=False, with_peers=False)
    for ind in profile.indicators:
        if ind.key not in PROFILE_FIELDS or ind.value is None:
            continue
        decimals = 0 if ind.unit == "Personen" else 1
        period = ""
        if ind.reference_date:
            period = f"{ind.reference_date:%d.%m.%Y}"
            if ind.reference_start:
                period = f"{ind.reference_start:%d.%m.%Y}–{period}"
        source = f"Kommunalprofil: {ind.source}"
        if period and period not in ind.source:
            source += f", {period}"
        values[ind.key] = (format_number(ind.value, decimals), source)
    projection = projection_value(region)
    if projection is not None:
        values["projection"] = projection
    official = "Kommunalprofil: Gemeindeverzeichnis (Destatis)"
    if region.size_class:
        values["size_class"] = (region.size_class, official + ", Größenklasse nach BBSR")
    if region.degurba:
        values["degurba"] = (Region.Degurba(region.degurba).label, official + ", DEGURBA")
    if profile.kreis is not None:
        values["kreis"] = (profile.kreis.name, official)
    if profile.land is not None:
        values["land"] = (profile.land.name, official)
    return values


def projection_value(region: Region) -> tuple[str, str] | None:
    """The town's current projection (leuchtfeuer.projections) as data-sheet text with its source."""
    try:
        proj = region_projection(region)
    except Exception:  # the projection is optional for the data sheet; never block an application
        logging.getLogger(__name__).exception("projection for %s failed", region.key)
        return None
    if proj is None:
        return None
    parts = []
    base = float(proj.total[0])
    for year in PROJECTION_YEARS:
        if year not in proj.years:
            continue
        i = proj.year_index(year)
        value = float(proj.total[i])
        change = format_number(100 * (value - base) / base, 1, signed=True)
        text = f"{year}: {format_number(value, 0)} ({change} % ggü. {proj.base_year})"
        if proj.has_level(0.8):
            lo, hi = proj.intervals[0.8]
            text += f", 80-%-Bereich {format_number(float(lo[i]), 0)}–{format_number(float(hi[i]), 0)}"
        parts.append(text)
    if not parts:
        return None
    source = (
        f"Leuchtfeuer-Vorausberechnung, Basisjahr {proj.base_year} (Ensemble aus Kohorten-Komponenten-Modell "
        "und Trendverfahren; Bereiche aus eigenen Rückrechnungen kalibriert)"
    )
    if proj.base_estimated:
        source += f"; Altersstruktur im Basisjahr aus {proj.base_table_year} fortgeschrieben (geschätzt)"
    return "; ".join(parts), source


def datasheet_prefill(call: Call, region: Region) -> dict[str, dict]:
    """{item id: {"value", "source", "prefilled"}} for the call's data-sheet fields."""
    items = [i for i in call.items.all() if i.kind == CallItem.Kind.DATASHEET and i.profile_key]
    if not items:
        return {}
    values = profile_values(region)
    result = {}
    for item in items:
        if item.profile_key not in values:
            note = (
                PROJECTION_NOTE if item.profile_key == "projection" else "Im Kommunalprofil nicht verfügbar."
            )
            result[str(item.pk)] = {"value": "", "source": note, "prefilled": False}
        else:
            value, source = values[item.profile_key]
            result[str(item.pk)] = {"value": value, "source": source, "prefilled": True}
    return result


def application_missing(application: Application) -> list[str]:
    """What must still be done before the application can be submitted (German, with where)."""
    call = application.call
    missing = []
    if not application.title.strip():
        missing.append("Titel des Vorhabens fehlt.")
    if not application.summary.strip():
        missing.append("Kurzbeschreibung fehlt.")
    if application.requested_amount is None:
        missing.append("Beantragte Summe fehlt.")
    elif call.max_request is not None and application.requested_amount > call.max_request:
        missing.append(f"Beantragte Summe zu hoch: höchstens {format_decimal(call.max_request)} € je Antrag.")
    if application.applicant_type == "kommune" or not call.short_form:
        items = call_items(call)
        for item in items[CallItem.Kind.PREREQUISITE]:
            entry = application.prerequisites.get(str(item.pk)) or {}
            if not entry.get("fulfilled"):
                missing.append(f"Voraussetzung „{item.label}“: noch nicht als erfüllt bestätigt.")
            elif not (entry.get("evidence") or "").strip():
                missing.append(
                    f"Voraussetzung „{item.label}“: Nachweis fehlt ({item.help_text or 'bitte beschreiben'})."
                )
        for item in items[CallItem.Kind.QUESTION]:
            if item.required and not (application.answers.get(str(item.pk)) or "").strip():
                missing.append(f"Leitfrage „{item.label}“ ist nicht beantwortet.")
        for item in items[CallItem.Kind.DATASHEET]:
            entry = application.datasheet.get(str(item.pk)) or {}
            if item.required and not str(entry.get("value") or "").strip():
                missing.append(f"Datenblatt: „{item.label}“ ist leer.")
        attached = {a.item_id for a in application.attachments.all()}
        for item in items[CallItem.Kind.ATTACHMENT]:
            if item.required and item.pk not in attached:
                missing.append(f"Anlage „{item.label}“ fehlt.")
    return missing


def applications_of_town(municipality):
    return (
        Application.objects.filter(municipality=municipality)
        .select_related("call", "call__programme")
        .order_by("-call__deadline")
    )


def applications_of_user(user):
    return (
        Application.objects.filter(created_by=user, municipality__isnull=True)
        .select_related("call")
        .order_by("-created_at")
    )
