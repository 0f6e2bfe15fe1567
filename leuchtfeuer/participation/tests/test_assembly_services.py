"""Bürgerrat in the database: quotas proposed from the official population, pool import, draw with
audit record, replacement draw that restores the quotas."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.participation import services
from leuchtfeuer.participation.assembly.selectors import assembly_quota_proposal

pytestmark = pytest.mark.django_db


def test_quota_proposal_from_zensus_2022_schmalkalden(official_data, municipality_factory):
    from leuchtfeuer.places.models import Region

    schmalkalden = municipality_factory(region=Region.objects.get(ags="16066063"), slug="schmalkalden-q")
    quotas, source, rows = assembly_quota_proposal(schmalkalden, 30)
    # Zensus 2022 (15.05.2022), Schmalkalden, published age groups from 16 on:
    # 16–18 464, 19–24 1,392, 25–39 3,319, 40–59 4,765, 60–66 2,205, 67–74 1,992, 75+ 2,462 → 16,599
    shares = {row[1]: row[3] for row in rows if row[0] == "Alter"}
    assert shares["16-24"] == round(100 * 1856 / 16599, 1)
    assert shares["75+"] == round(100 * 2462 / 16599, 1)
    # 40–59: 28.7 % of 30 seats = 8.6 → 7 to 10 with ±1
    assert quotas["Alter"]["40-59"] == [7, 10]
    assert "Zensus 2022" in source and "Geschlecht" in quotas


def test_pool_draw_and_replacement(municipality, coordinator):
    assembly = services.assembly_create(
        actor=coordinator,
        municipality=municipality,
        title="Bürgerrat Mobilität",
        slug="mobilitaet",
        summary="Zwölf Menschen beraten.",
        panel_size=6,
    )
    quotas = {"Alter": {"16-39": [2, 3], "40+": [3, 4]}, "Geschlecht": {"w": [3, 3], "m": [3, 3]}}
    services.assembly_set_quotas(actor=coordinator, assembly=assembly, quotas=quotas)
    rows = ["Kennung;Alter;Geschlecht"]
    for i in range(30):
        rows.append(f"R{i:02d};{20 + (i * 7) % 60};{'w' if i % 2 else 'm'}")
    with pytest.raises(ValidationError):
        services.pool_import(
            actor=coordinator, assembly=assembly, text="\n".join(rows), consent_confirmed=False
        )
    with pytest.raises(ValidationError, match="Zeile 2, Spalte Geschlecht"):
        services.pool_import(
            actor=coordinator,
            assembly=assembly,
            text="Kennung;Alter;Geschlecht\nX;30;q\n",
            consent_confirmed=True,
        )
    # ages as numbers map into the bands
    quotas = {"Alter": {"16-39": [2, 3], "40+": [3, 4]}, "Geschlecht": {"w": [3, 3], "m": [3, 3]}}
    assert (
        services.pool_import(
            actor=coordinator, assembly=assembly, text="\n".join(rows), consent_confirmed=True
        )
        == 30
    )
    draw = services.assembly_draw(actor=coordinator, assembly=assembly, seed=2026)
    assert draw.algorithm_used == "leximin" and len(draw.selected) == 6
    entry = AuditEntry.objects.filter(action="participation.assembly_draw").get()
    assert entry.changes["seed"] == 2026 and entry.changes["algorithm_used"] == "leximin"
    with pytest.raises(ValidationError, match="schon gelost"):
        services.assembly_draw(actor=coordinator, assembly=assembly, seed=1)
    with pytest.raises(ValidationError, match="Quoten dieses Bürgerrats stehen fest"):
        services.assembly_set_quotas(actor=coordinator, assembly=assembly, quotas=quotas)
    dropped = draw.selected[:2]
    replacement = services.assembly_replace(actor=coordinator, assembly=assembly, dropped=dropped, seed=7)
    assert len(replacement.selected) == 2 and not set(replacement.selected) & set(draw.selected)
    # the protocol records who cancelled, in the draw and in the audit entry
    assert replacement.dropped == dropped and draw.dropped == []
    entry = AuditEntry.objects.filter(action="participation.assembly_draw").latest("pk")
    assert entry.changes["dropped"] == dropped and entry.changes["seed"] == 7
    assert entry.summary.startswith(f"Nachrücker-Losung für {', '.join(dropped)} (abgesagt)")
    panel = services.assembly_current_panel(assembly)
    assert len(panel) == 6
    members = {m.key: m.features for m in assembly.pool.all()}
    assert sum(1 for k in panel if members[k]["Geschlecht"] == "w") == 3
    assert 2 <= sum(1 for k in panel if members[k]["Alter"] == "16-39") <= 3
    # the open-data API lists both draws with how many cancelled — never who
    from django.test import Client

    draws = Client().get(f"/api/v1/beteiligung/buergerraete/{municipality.slug}/mobilitaet/losungen").json()
    assert [(d["is_replacement"], d["seed"], d["panel_size"], d["dropped_count"]) for d in draws] == [
        (False, 2026, 6, 0),
        (True, 7, 2, 2),
    ]
    assert not any(key in str(draws) for key in dropped)
