"""Build a PeerInput for all inhabited Gemeinden from the raw official files (tests only)."""

from __future__ import annotations

import numpy as np

from leuchtfeuer.places.engine.peers import PeerInput

from .rawdata import DATA, REGIO_GEMEINDEN, all_rows, read_dict_csv


def _num(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


def build_peer_input() -> PeerInput:
    gv = [
        r
        for r in read_dict_csv(DATA / "gemeindeverzeichnis" / "gv_gemeinden_2024Q4.csv")
        if _num(r["pop_total"]) > 0
    ]
    old = {
        r["ags"]: _num(r["pop_total"])
        for r in read_dict_csv(DATA / "gemeindeverzeichnis" / "history" / "gv_gemeinden_31122013.csv.gz")
    }
    ages: dict[str, list[float]] = {}
    for r in all_rows(REGIO_GEMEINDEN / "12411-02-03-5.csv.gz"):
        if r and len(r[0]) == 8 and r[0].isdigit() and len(r) > 19:
            ages[r[0]] = [_num(x) for x in r[2:20]]  # 17 bands + Insgesamt
    pop2015: dict[str, tuple[float, float]] = {}
    for r in all_rows(REGIO_GEMEINDEN / "12411-01-01-5.csv.gz"):
        if r and len(r[0]) == 8 and r[0].isdigit() and len(r) > 5:
            pop2015[r[0]] = (_num(r[2]), _num(r[5]))  # 31.12.2015, 31.12.2014
    net: dict[str, float] = {}
    for r in all_rows(REGIO_GEMEINDEN / "12711-01-03-5.csv.gz"):
        if r and len(r[0]) == 8 and r[0].isdigit() and len(r) > 29:
            net[r[0]] = _num(r[8]) - _num(r[29])  # Zuzüge insgesamt − Fortzüge insgesamt

    nan = float("nan")
    keys, names, lands = [], [], []
    pop, area, u18, o65, change, mig, degurba = ([] for _ in range(7))
    for r in gv:
        ags = r["ags"]
        keys.append(ags)
        names.append(r["name"])
        lands.append(r["land_code"])
        p = _num(r["pop_total"])
        pop.append(p)
        area.append(_num(r["area_km2"]))
        degurba.append(_num(r["degurba_code"]) if r["degurba_code"] else nan)
        a = ages.get(ags)
        if a and a[17] > 0:
            u18.append(100 * sum(a[0:5]) / a[17])
            o65.append(100 * (a[15] + a[16]) / a[17])
        else:
            u18.append(nan)
            o65.append(nan)
        p13 = old.get(ags, nan)
        change.append(100 * (p - p13) / p13 if p13 > 0 else nan)
        p15, p14 = pop2015.get(ags, (nan, nan))
        mig.append(1000 * net.get(ags, nan) / ((p15 + p14) / 2) if p15 + p14 > 0 else nan)
    return PeerInput(
        keys=keys,
        names=names,
        population=np.array(pop),
        area_km2=np.array(area),
        share_under_18=np.array(u18),
        share_65_plus=np.array(o65),
        population_change=np.array(change),
        migration_balance_per_1000=np.array(mig),
        degurba=np.array(degurba),
        land_code=lands,
    )
