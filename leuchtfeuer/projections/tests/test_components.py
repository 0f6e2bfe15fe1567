"""What drives a projection, in figures and one German sentence (no database: small projections
built by hand, every expected sum computed in the test)."""

from __future__ import annotations

import numpy as np
import pytest

from leuchtfeuer.projections.current import RegionProjection
from leuchtfeuer.projections.engine.cohort import AGES, Rates
from leuchtfeuer.projections.presenters import component_rows, drivers_sentence, growth_reason


def projection(
    total, cohort_total, births, deaths, net, *, weights=None, methods=None, past=None
) -> RegionProjection:
    """A three-year projection 2023–2026 of a town with the given ensemble total, the cohort
    model's own total and flows (per projected year)."""
    total = np.asarray(total, dtype=float)
    cohort_total = np.asarray(cohort_total, dtype=float)
    n = len(total)
    base = np.zeros((2, AGES))
    base[:, 40] = total[0] / 2
    zeros = np.zeros((1, 2, AGES))
    return RegionProjection(
        key="13075082", name="Loitz", base_year=2023, years=[2023 + h for h in range(n)], total=total,
        intervals={}, group_intervals={}, population=np.zeros((n, 2, AGES)), cohort_total=cohort_total,
        base=base, rates=Rates(np.zeros((1, AGES)), zeros, zeros, zeros, np.zeros(1)),
        weights=weights or {"kohorten": 1.0}, base_estimated=True, base_table_year=2022, history=[],
        sources={},
        cohort_flows={"births": np.asarray(births, float), "deaths": np.asarray(deaths, float),
                      "net_migration": np.asarray(net, float)},
        methods=methods or {}, migration_years=(2013, 2023), past_net_migration=past, past_window=(2013, 2023),
    )  # fmt: skip


def test_rounded_components_add_up_to_the_rounded_totals():
    """Totals 1000.4, 996.6, 993.5; cohort model 1000.4 → 995.4 → 991.0 with 6.2 births and
    11.4 deaths a year: births and deaths are rounded, net migration balances the shown totals
    (997 − 1000 − 6 + 11 = 2; 994 − 997 − 6 + 11 = 2 with births 6.2 · 996.6/995.4 ≈ 6)."""
    proj = projection([1000.4, 996.6, 993.5], [1000.4, 995.4, 991.0], [6.2, 6.2], [11.4, 11.4], [0.2, 0.2])
    rows = component_rows(proj)
    assert [r["year"] for r in rows] == [2024, 2025]
    assert (rows[0]["births"], rows[0]["deaths"], rows[0]["net_migration"]) == (6, 11, 2)
    assert (rows[1]["births"], rows[1]["deaths"], rows[1]["net_migration"]) == (6, 11, 2)
    shown = [1000, 997, 994]
    for h, r in enumerate(rows, start=1):
        assert shown[h] == shown[h - 1] + r["births"] - r["deaths"] + r["net_migration"]
    # the ensemble adds 996.6 − 995.4 = 1.2 in the first year beyond the cohort model
    assert rows[0]["ensemble_adjustment"] == 1


@pytest.mark.parametrize(
    ("total", "births", "deaths", "net", "sentence"),
    [
        # a shrinking town: 2 births, 5 deaths a year, +1 net migration → −2 a year
        ([100, 98, 96], [2, 2], [5, 5], [1, 1],
         "Mehr Sterbefälle als Geburten; der Rückgang wird durch mehr Zu- als Fortzüge (Trend 2013–2023) "
         "teilweise ausgeglichen."),
        ([100, 96, 92], [1, 1], [3, 3], [-2, -2],
         "Mehr Sterbefälle als Geburten und mehr Fort- als Zuzüge (Trend 2013–2023): Beides lässt die "
         "Einwohnerzahl sinken."),
        ([100, 101, 102], [2, 2], [4, 4], [3, 3],
         "Mehr Sterbefälle als Geburten, aber mehr Zu- als Fortzüge (Trend 2013–2023): Sie gleichen den "
         "Sterbeüberschuss mehr als aus."),
        ([100, 102, 104], [3, 3], [2, 2], [1, 1],
         "Mehr Geburten als Sterbefälle und mehr Zu- als Fortzüge (Trend 2013–2023): Beides lässt die "
         "Einwohnerzahl wachsen."),
        ([100, 99, 98], [3, 3], [2, 2], [-2, -2],
         "Mehr Geburten als Sterbefälle, aber mehr Fort- als Zuzüge (Trend 2013–2023): Die "
         "Wanderungsverluste überwiegen."),
        ([100, 97, 94], [1, 1], [4, 4], [0, 0],
         "Mehr Sterbefälle als Geburten bei ausgeglichenen Wanderungen: Die Einwohnerzahl sinkt."),
    ],
)  # fmt: skip
def test_the_sentence_says_what_drives_the_direction(total, births, deaths, net, sentence):
    assert drivers_sentence(projection(total, total, births, deaths, net)) == sentence


def test_the_sentence_comes_from_the_figures_including_the_trend_methods():
    """The cohort model alone loses 3 a year (1 birth, 4 deaths, no migration), the ensemble only
    1: the trend methods' +2 a year count as migration, so the sentence names it."""
    proj = projection([100, 99, 98], [100, 97, 94], [1, 1], [4, 4], [0, 0])
    assert drivers_sentence(proj).startswith(
        "Mehr Sterbefälle als Geburten; der Rückgang wird durch mehr Zu-"
    )


def test_growth_without_a_source_says_where_the_growth_comes_from():
    """Fewer births than deaths, a past net migration of −12 and still growing 100 → 103: the Kreis
    share method (weight 0.8, +6 on its own) adds 4.8 of the ensemble's change, the cohort model
    (weight 0.2, −9) −1.8: the page names the Kreis share."""
    methods = {"kohorten": np.array([100.0, 97, 91]), "kreisanteil": np.array([100.0, 103, 106])}
    proj = projection([100, 101.5, 103], [100, 97, 91], [1, 1], [4, 4], [0, -3], weights={"kohorten": 0.2,
                      "kreisanteil": 0.8}, methods=methods, past=-12.0)  # fmt: skip
    assert proj.growth_without_source()
    reason = growth_reason(proj)
    assert "zwischen 2013 und 2023 nicht mehr Menschen zu- als fortgezogen sind (Saldo −12)" in reason
    assert "„konstanter Anteil am Kreistrend“" in reason
    # with a past gain the growth has a source: no extra statement
    assert growth_reason(projection([100, 101.5, 103], [100, 97, 91], [1, 1], [4, 4], [0, -3],
                                    methods=methods, past=35.0)) is None  # fmt: skip
