"""Reads for the selection: the call's rules and its candidates (from the score table)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from leuchtfeuer.funding.applications.models import Application
from leuchtfeuer.funding.calls.models import Call
from leuchtfeuer.funding.engine.selection import Candidate, SelectionRules
from leuchtfeuer.funding.review.selectors import score_table
from leuchtfeuer.places.models import Region


def land_group_of(call: Call, region: Region) -> str:
    for name, keys in (call.land_groups or {}).items():
        for key in keys:
            key = str(key).strip()
            if key and (region.land_code == key or region.kreis_code == key or region.ars.startswith(key)):
                return name
    return ""


def selection_rules(call: Call) -> SelectionRules:
    return SelectionRules(
        budget=call.budget,
        max_per_kreis=call.max_per_kreis,
        min_per_land_group=call.min_per_land_group if call.land_groups else None,
        min_grw_share=call.min_grw_share,
        min_per_size_class=call.min_per_size_class,
        max_selected=call.max_selected,
    )


def selection_candidates(call: Call) -> tuple[list[Candidate], list[str]]:
    """Candidates for the selection and German notes on applications left out (and why)."""
    rows = score_table(call)
    kreis_codes = {r.application.region.kreis_code for r in rows if r.application.region.kreis_code}
    kreis_names = dict(Region.objects.filter(ars__in=kreis_codes).values_list("ars", "name"))
    candidates, notes = [], []
    for row in rows:
        app = row.application
        if app.status == Application.Status.WITHDRAWN:
            continue
        if row.total is None:
            notes.append(f"{app.applicant_name}: noch keine Bewertung – nicht in der Auswahl.")
            continue
        if app.requested_amount is None:
            notes.append(f"{app.applicant_name}: keine beantragte Summe – nicht in der Auswahl.")
            continue
        excluded = app.lock == Application.Lock.EXCLUDED
        if row.prerequisites_ok is False and not excluded:
            notes.append(f"{app.applicant_name}: zwingende Voraussetzung nicht erfüllt – ausgeschlossen.")
            excluded = True
        region = app.region
        candidates.append(
            Candidate(
                key=str(app.pk),
                label=app.applicant_name,
                cost=app.requested_amount,
                score=round(row.total, 6),
                kreis=region.kreis_code,
                kreis_name=kreis_names.get(region.kreis_code, region.kreis_code),
                land_group=land_group_of(call, region),
                size_class=region.size_class,
                grw=app.grw_area,
                locked=app.lock == Application.Lock.LOCKED,
                excluded=excluded,
            )
        )
    return candidates, notes


def inputs_digest(candidates: list[Candidate], rules: SelectionRules) -> str:
    """SHA-256 of everything the selection is computed from (scores, costs, locks, regions, rules):
    equal digests give the same selection, so adopting a run needs no second computation."""
    data = [asdict(c) for c in candidates], asdict(rules)
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
