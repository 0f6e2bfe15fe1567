"""Births, deaths and net migration of a projection: table rows and the German sentences on what
drives the direction (and where growth without a source comes from)."""

from __future__ import annotations

from leuchtfeuer.core.engine.german import format_number
from leuchtfeuer.projections.engine.components import growth_drivers
from leuchtfeuer.projections.presenters.common import signed
from leuchtfeuer.projections.result import (
    RegionProjection,
)


def component_rows(proj: RegionProjection, total=None, extra: dict | None = None) -> list[dict]:
    """One row per projected year: births, deaths, net migration and the part of it from the
    trend methods, in whole persons, so that total(t) = total(t−1) + births − deaths + net
    migration holds *exactly* for the rounded totals shown (net migration is the balancing
    item; see `engine.components`)."""
    total = proj.total if total is None else total
    comps = proj.components(None if extra is None else total, extra)
    shown = [round(float(v)) for v in total]
    rows = []
    for h, year in enumerate(proj.years[1:], start=1):
        births = round(float(comps.births[0, h - 1]))
        deaths = round(float(comps.deaths[0, h - 1]))
        rows.append(
            {
                "year": year,
                "births": births,
                "deaths": deaths,
                "net_migration": shown[h] - shown[h - 1] - births + deaths,
                "ensemble_adjustment": round(float(comps.ensemble_adjustment[0, h - 1])),
            }
        )
    return rows


def _migration_period(proj: RegionProjection) -> str:
    if proj.migration_years:
        return f" (Trend {proj.migration_years[0]}–{proj.migration_years[1]})"
    return ""


def drivers_sentence(proj: RegionProjection) -> str:
    """One German sentence on what drives the direction, from the summed components."""
    rows = component_rows(proj)
    natural = sum(r["births"] - r["deaths"] for r in rows)
    net = sum(r["net_migration"] for r in rows)
    change = round(float(proj.total[-1])) - round(float(proj.total[0]))
    period = _migration_period(proj)
    if natural < 0:
        if net > 0:
            if change < 0:
                return (
                    f"Mehr Sterbefälle als Geburten; der Rückgang wird durch mehr Zu- als Fortzüge{period} "
                    "teilweise ausgeglichen."
                )
            how = "mehr als" if change > 0 else "ganz"
            return (
                f"Mehr Sterbefälle als Geburten, aber mehr Zu- als Fortzüge{period}: Sie gleichen den "
                f"Sterbeüberschuss {how} aus."
            )
        if net < 0:
            return (
                f"Mehr Sterbefälle als Geburten und mehr Fort- als Zuzüge{period}: Beides lässt die "
                "Einwohnerzahl sinken."
            )
        return "Mehr Sterbefälle als Geburten bei ausgeglichenen Wanderungen: Die Einwohnerzahl sinkt."
    if net < 0:
        if change < 0:
            return (
                f"Mehr Geburten als Sterbefälle, aber mehr Fort- als Zuzüge{period}: Die Wanderungsverluste "
                "überwiegen."
            )
        return f"Mehr Geburten als Sterbefälle; sie gleichen die Wanderungsverluste{period} aus."
    if natural > 0 or net > 0:
        return (
            f"Mehr Geburten als Sterbefälle und mehr Zu- als Fortzüge{period}: Beides lässt die "
            "Einwohnerzahl wachsen."
            if natural > 0 and net > 0
            else (
                "Mehr Geburten als Sterbefälle bei ausgeglichenen Wanderungen: Die Einwohnerzahl wächst."
                if natural > 0
                else f"Geburten und Sterbefälle halten sich die Waage; mehr Zu- als Fortzüge{period} lassen "
                "die Einwohnerzahl wachsen."
            )
        )
    return "Geburten und Sterbefälle wie Zu- und Fortzüge halten sich die Waage."


def components_summary(proj: RegionProjection) -> dict:
    """Sums over the whole projection and the migration of the history window, for the page."""
    rows = component_rows(proj)
    net = sum(r["net_migration"] for r in rows)
    adjustment = sum(r["ensemble_adjustment"] for r in rows)
    return {
        "first": proj.years[1],
        "last": proj.years[-1],
        "births": sum(r["births"] for r in rows),
        "deaths": sum(r["deaths"] for r in rows),
        "net_migration": net,
        "net_migration_text": signed(net),
        "ensemble_adjustment": adjustment,
        "ensemble_adjustment_text": signed(adjustment),
        "past_net_migration_text": None
        if proj.past_net_migration is None
        else signed(proj.past_net_migration),
        "past_window": proj.past_window,
        "last_vital_year": proj.last_vital_year,
    }


DRIVER_TEXT = {
    "kohorten": (
        "der Wanderungsannahme des Kohorten-Komponenten-Modells ({rate} je 1.000 Einwohner:innen und Jahr: "
        "die Wanderungssalden der Gemeinde, bei kleinen Gemeinden an den Saldo des Kreises angelehnt)"
    ),
    "kreisanteil": (
        "dem Verfahren „konstanter Anteil am Kreistrend“: Die Einwohnerzahl des Kreises ist in den letzten "
        "Jahren gewachsen, und die Gemeinde behält ihren Anteil daran (gedämpft fortgeschrieben)"
    ),
    "linear": "dem linearen Trend der eigenen Einwohnerzahl der letzten Jahre (gedämpft fortgeschrieben)",
    "exponentiell": "dem exponentiellen Trend der eigenen Einwohnerzahl der letzten Jahre (gedämpft fortgeschrieben)",
}


def growth_reason(proj: RegionProjection) -> str | None:
    """For a projection that grows although births < deaths and the last ten years brought no
    net migration gain: where the growth comes from (the ensemble method that adds most)."""
    if not proj.growth_without_source():
        return None
    start = float(proj.total[0])
    changes = {m: float(v[-1]) - start for m, v in proj.methods.items()}
    drivers = growth_drivers(proj.weights, changes)
    top = drivers[0][0] if drivers and drivers[0][1] > 0 else "kohorten"
    size = max(float(proj.base.sum()), 1.0)
    net_rate = (
        float(proj.rates.in_level[0]) - float((proj.rates.out_rate[0] * proj.base).sum()) / size
    ) * 1000
    rate = format_number(net_rate, 1, signed=True)
    window = proj.past_window
    past = (
        f"zwischen {window[0]} und {window[1]} nicht mehr Menschen zu- als fortgezogen sind "
        f"(Saldo {signed(proj.past_net_migration)})"
        if window and proj.past_net_migration is not None
        else "in den letzten Jahren nicht mehr Menschen zu- als fortgezogen sind"
    )
    return (
        f"Die Einwohnerzahl steigt in dieser Vorausberechnung, obwohl mehr Menschen sterben als geboren "
        f"werden und {past}. Der Zuwachs kommt aus {DRIVER_TEXT[top].format(rate=rate)}."
    )
