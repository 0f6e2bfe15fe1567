"""Scenarios on the real official data of the test subset (Mecklenburgische Seenplatte and
Vorpommern-Greifswald in MV, Schmalkalden-Meiningen in Thüringen, Saalekreis in Sachsen-Anhalt)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from leuchtfeuer.finance.simulation import ScenarioError, Spec, parse_decimal, parse_weights, run
from leuchtfeuer.places.models import Region

pytestmark = pytest.mark.django_db

POT = Decimal("100000000")


def test_status_quo_is_population_share_to_the_cent(official_data):
    out = run(Spec(land="13", pot=POT, weights={"population": Decimal(1)}))
    regions = Region.objects.filter(level="gemeinde", land_code="13")
    total_pop = sum(r.population for r in regions)
    assert len(out.rows) == regions.count()
    assert out.total_base == POT and out.total_reform == POT
    for row in out.rows:
        exact = POT * row.population / total_pop  # independent: the plain share
        assert abs(row.base - exact) < Decimal("0.01")
        assert row.reform == row.base
    assert out.gini_base == pytest.approx(0.0, abs=1e-6)


def test_moving_weight_to_area_raises_per_head_of_largest_area_gemeinde(official_data):
    largest = Region.objects.filter(level="gemeinde", land_code="13").order_by("-area_km2").first()
    out = run(Spec(land="13", pot=POT, weights={"population": Decimal("0.7"), "area": Decimal("0.3")}))
    row = next(r for r in out.rows if r.ags == largest.ags)
    assert row.reform_per_head > row.base_per_head
    assert row.mover == "Fläche" and row.mover_direction == 1
    assert out.total_reform == POT
    # Independent calculation of its reform amount: 0.7 · population share + 0.3 · area share.
    regions = list(Region.objects.filter(level="gemeinde", land_code="13"))
    pop_share = largest.population / sum(r.population for r in regions)
    area_share = largest.area_km2 / sum(r.area_km2 for r in regions)
    expected = POT * (Decimal("0.7") * Decimal(pop_share) + Decimal("0.3") * area_share)
    assert abs(row.reform - expected) < Decimal("0.01")


def test_floor_keeps_every_loss_within_limit(official_data):
    out = run(
        Spec(
            land="13",
            pot=POT,
            weights={"population": Decimal("0.5"), "area": Decimal("0.5")},
            max_loss_percent=Decimal("5"),
        )
    )
    assert out.total_reform == POT
    assert min(r.diff_percent for r in out.rows) >= Decimal("-5.00")
    # Without the floor Rostock (the big city) would lose far more than 5 %.
    free = run(Spec(land="13", pot=POT, weights={"population": Decimal("0.5"), "area": Decimal("0.5")}))
    assert min(r.diff_percent for r in free.rows) < Decimal("-5")


def test_criterion_without_upload_is_left_out_with_a_note(official_data):
    out = run(Spec(land="16", pot=POT, weights={"population": Decimal(1), "ortsteile": Decimal(1)}))
    assert [k for k, _, _ in out.criteria] == ["population"]
    assert any("Ortsteile bleibt unberücksichtigt" in n for n in out.notes)
    assert all(r.reform == r.base for r in out.rows)


def test_demography_factor_helps_shrinking_towns(official_data):
    spec = Spec(land="13", pot=POT, weights={"population": Decimal(1)}, demography_years=10)
    out = run(spec)
    assert out.total_reform == POT
    gainers = [r for r in out.rows if r.diff > 0]
    assert gainers and any("Demografiefaktor" in n for n in out.notes)


def test_german_parse_errors():
    assert parse_decimal("1.250.000,50", "Topf") == Decimal("1250000.50")
    assert parse_decimal("0,3", "x") == Decimal("0.3") == parse_decimal("0.3", "x")
    assert parse_decimal("100.000", "Topf") == Decimal("100000")
    with pytest.raises(ScenarioError, match="„viel“ ist keine Zahl"):
        parse_decimal("viel", "Topf")
    with pytest.raises(ScenarioError, match="Unbekanntes Kriterium „flaeche“"):
        parse_weights("flaeche=1")
    with pytest.raises(ScenarioError, match="Mindestens ein Gewicht"):
        parse_weights("area=0")


def test_command_json(official_data, capsys):
    call_command(
        "finance-simulate",
        land="13",
        pot="100000000",
        weights="population=1",
        compare="population=0.7,area=0.3",
        json=True,
    )
    data = json.loads(capsys.readouterr().out)
    assert data["total_base"] == data["total_reform"] == "100000000.00"
    assert sum(Decimal(g["base"]) for g in data["gemeinden"]) == POT
    assert sum(Decimal(g["reform"]) for g in data["gemeinden"]) == POT
    first = data["gemeinden"][0]
    assert set(first) == {"ags", "name", "base", "reform", "diff"}
    assert Decimal(first["reform"]) - Decimal(first["base"]) == Decimal(first["diff"])
    assert all(len(g["base"].split(".")[1]) == 2 for g in data["gemeinden"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"land": "99"}, "Unbekanntes Land „99“"),
        ({"pot": "-5"}, "nicht negativ"),
        ({"pot": "1,234"}, "zwei Nachkommastellen"),
        ({"compare": "strassen=1"}, "Unbekanntes Kriterium „strassen“"),
    ],
)
def test_command_errors_in_german(official_data, kwargs, message):
    args = {"land": "13", "pot": "1000", "compare": "area=1"} | kwargs
    with pytest.raises(CommandError, match=message):
        call_command("finance-simulate", **args)


def test_einwohnerveredelung_by_size_class(official_data):
    # Großstädte count twice: Rostock gets pot · 2·P_R / (ΣP + P_R) (independent calculation).
    regions = list(Region.objects.filter(level="gemeinde", land_code="13"))
    big = [r for r in regions if r.population >= 100_000]
    assert [r.ags for r in big] == ["13003000"]
    total = sum(r.population for r in regions)
    out = run(
        Spec(land="13", pot=POT, weights={"population": Decimal(1)}, veredelung={"Großstadt": Decimal(2)})
    )
    rostock = next(r for r in out.rows if r.ags == "13003000")
    expected = POT * 2 * big[0].population / (total + big[0].population)
    assert abs(rostock.reform - expected) < Decimal("0.01")
    assert out.total_reform == POT
    assert rostock.mover == "Einwohner:innen" and rostock.mover_direction == 1
