"""A scenario computed for one Land (or all at once): the glue between data and engine.

Used by the pages, the exports, the API and `leuchtfeuer finance-simulate`, so all of them show
the same figures. Read-only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import numpy as np

from leuchtfeuer.finance.catalogue import BY_KEY, CRITERIA, SIZE_CLASSES
from leuchtfeuer.finance.engine import criteria as ec
from leuchtfeuer.finance.engine.allocation import AllocationError, to_cents, to_euros
from leuchtfeuer.finance.engine.simulate import population_for_need, simulate
from leuchtfeuer.finance.selectors import Dataset, dataset, uploaded_values

CENT = Decimal("0.01")
_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


class ScenarioError(ValueError):
    """Bad scenario input; the message is German and names the field."""


@dataclass(frozen=True)
class Spec:
    land: str
    pot: Decimal
    weights: Mapping[str, Decimal]
    demography_years: int | None = None
    veredelung: Mapping[str, Decimal] = field(default_factory=dict)
    max_loss_percent: Decimal | None = None
    max_gain_percent: Decimal | None = None


@dataclass
class Row:
    index: int
    ags: str
    name: str
    kreis: str
    kreis_name: str
    size_class: str
    degurba: int
    kleinstadt: bool
    population: int
    base: Decimal
    reform: Decimal
    diff: Decimal
    diff_percent: Decimal | None
    base_per_head: Decimal | None
    reform_per_head: Decimal | None
    rank_base: int
    rank_reform: int
    mover: str  # label of the criterion that moves it most ("" if none)
    mover_direction: int  # +1 raises, -1 lowers the Gemeinde's share


@dataclass
class Outcome:
    spec: Spec
    land_name: str
    rows: list[Row]
    criteria: list[tuple[str, str, float]]  # (key, label, effective weight) used in the reform
    notes: list[str]
    total_base: Decimal
    total_reform: Decimal
    gini_base: float
    gini_reform: float
    by_size_class: list[dict]
    population_date: object


def parse_decimal(text: str, what: str) -> Decimal:
    # German input: "1.250.000,50" and "0,3"; dots alone count as thousands separators only in
    # the pattern 1.234(.567…) (so "0.3" stays 0.3 and "100.000" is one hundred thousand).
    raw = (text or "").strip().replace(" ", "").replace("\u202f", "").replace("\xa0", "")
    if "," in raw or _THOUSANDS.match(raw):
        raw = raw.replace(".", "").replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ScenarioError(f"{what}: „{text}“ ist keine Zahl.") from None
    if not value.is_finite():
        raise ScenarioError(f"{what}: „{text}“ ist keine Zahl.")
    return value


def parse_weights(text: str) -> dict[str, Decimal]:
    """'population=0.7,area=0.3' → weights; German errors naming the bad part."""
    out: dict[str, Decimal] = {}
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            raise ScenarioError(f"Gewicht „{part}“: erwartet wird Kriterium=Zahl, z. B. area=0.3.")
        key, _, value = part.partition("=")
        key = key.strip()
        if key not in BY_KEY:
            known = ", ".join(c.key for c in CRITERIA)
            raise ScenarioError(f"Unbekanntes Kriterium „{key}“. Möglich sind: {known}.")
        weight = parse_decimal(value, f"Gewicht für {key}")
        if weight < 0:
            raise ScenarioError(f"Gewicht für {key}: darf nicht negativ sein.")
        out[key] = weight
    if not out or not any(w > 0 for w in out.values()):
        raise ScenarioError("Mindestens ein Gewicht muss größer als 0 sein.")
    return out


def validate(spec: Spec, ds: Dataset) -> None:
    if spec.land not in ds.lands:
        raise ScenarioError(
            f"Unbekanntes Land „{spec.land}“. Erwartet wird der zweistellige Schlüssel, z. B. 13 für "
            "Mecklenburg-Vorpommern."
        )
    if spec.pot < 0:
        raise ScenarioError("Topf: Der Betrag darf nicht negativ sein.")
    if spec.pot > Decimal("1e12"):
        raise ScenarioError("Topf: höchstens 1 Billion €.")
    try:
        to_cents(spec.pot)
    except AllocationError:
        raise ScenarioError("Topf: höchstens zwei Nachkommastellen (Cent).") from None
    if spec.max_loss_percent is not None and not (0 <= spec.max_loss_percent <= 100):
        raise ScenarioError("Höchster Verlust: zwischen 0 und 100 Prozent.")
    if spec.max_gain_percent is not None and spec.max_gain_percent < 0:
        raise ScenarioError("Höchster Zuwachs: darf nicht negativ sein.")
    for size_class, factor in spec.veredelung.items():
        if size_class not in SIZE_CLASSES or factor <= 0 or factor > 10:
            raise ScenarioError(f"Einwohnerveredelung {size_class}: ein Faktor größer 0 und höchstens 10.")


def run(spec: Spec, ds: Dataset | None = None) -> Outcome:
    """Status quo and reform of one Land, with notes on criteria left out."""
    ds = ds or dataset()
    validate(spec, ds)
    rows_idx = ds.rows_of(spec.land)
    groups = np.zeros(len(ds.ags), dtype=np.int64)
    groups[:] = 1  # everything outside the Land: group 1 with pot 0
    groups[rows_idx] = 0
    crit = ds.official_criteria(groups, 2)
    notes: list[str] = []
    uploads = uploaded_values(spec.land, ds)
    for c in CRITERIA:
        if c.official:
            continue
        values = uploads.get(c.key)
        if values is None:
            crit[c.key] = np.full(len(ds.ags), np.nan)
        elif c.key == "tax":
            crit[c.key] = ec.tax_shortfall(ds.population, values, groups, 2)
        else:
            crit[c.key] = values
    demography = None
    if spec.demography_years:
        ref = ds.population_date.year if ds.population_date else 0
        years = np.array([d.year for d in ds.history_dates], dtype=np.int64)
        demography = ec.demography_population(ds.population, ds.history, years, ref, spec.demography_years)
    factor = None
    if spec.veredelung and any(v != 1 for v in spec.veredelung.values()):
        table = {k: float(v) for k, v in spec.veredelung.items()}
        factor = np.array([table.get(sc, 1.0) for sc in ds.size_classes])
    crit["population"] = population_for_need(ds.population, demography=demography, factor=factor)
    weights = {k: float(w) for k, w in spec.weights.items() if w > 0}
    try:
        res = simulate(
            pots_cents=[to_cents(spec.pot)],
            population=ds.population[rows_idx],
            groups=np.zeros(len(rows_idx), dtype=np.int64),
            criteria={k: v[rows_idx] for k, v in crit.items()},
            weights=weights,
            max_loss_percent=spec.max_loss_percent,
            max_gain_percent=spec.max_gain_percent,
        )
    except AllocationError as exc:
        raise ScenarioError(str(exc)) from None
    for j, key in enumerate(res.keys):
        if not res.usable[0, j]:
            label = BY_KEY[key].label
            missing = [ds.names[i] for i in rows_idx if np.isnan(crit[key][i])]
            if BY_KEY[key].official:
                why = "für diese Gemeinden fehlt ein vergleichbarer amtlicher Wert"
            else:
                why = "für diese Gemeinden wurden keine Zahlen hochgeladen"
            if missing and len(missing) < len(rows_idx):
                shown = ", ".join(sorted(missing)[:8]) + (" …" if len(missing) > 8 else "")
                notes.append(
                    f"{label} bleibt unberücksichtigt: {why} ({len(missing)}): {shown}. "
                    "Es wird kein Wert geschätzt."
                )
            elif missing:
                notes.append(f"{label} bleibt unberücksichtigt: {why.replace('diese ', 'die ')} des Landes.")
            else:
                notes.append(f"{label} bleibt unberücksichtigt: im Land ist die Summe 0.")
    used = [
        (k, BY_KEY[k].label, float(res.weights[0, j])) for j, k in enumerate(res.keys) if res.usable[0, j]
    ]
    if not used:
        notes.append(
            "Kein gewähltes Kriterium hat Werte für dieses Land: die Reform entspricht dem Status quo."
        )
    if spec.demography_years:
        notes.append(
            f"Demografiefaktor: Es zählt die höhere Zahl aus heutiger Bevölkerung und dem Mittel der "
            f"Werte der letzten {spec.demography_years} Jahre (vorhandene Stichtage: "
            + ", ".join(
                d.strftime("%d.%m.%Y") for d in ds.history_dates if d.year > ref - spec.demography_years
            )
            + ")."
        )
    return _outcome(spec, ds, rows_idx, res, used, notes)


def _outcome(spec, ds: Dataset, rows_idx, res, used, notes) -> Outcome:
    pop = ds.population[rows_idx]
    base_c = np.array(res.base, dtype=np.float64)
    reform_c = np.array(res.reform, dtype=np.float64)
    safe = np.where(pop > 0, pop, np.nan)
    # Ranks by € per inhabitant (1 = most per head), ties by AGS order.
    rank_base = _ranks(base_c / safe)
    rank_reform = _ranks(reform_c / safe)
    total_pop = pop.sum()
    pop_share = pop / total_pop if total_pop > 0 else np.zeros(len(pop))
    contrib = res.contributions(pop_share, np.zeros(len(pop), dtype=np.int64))
    kleinstadt = ds.kleinstadt
    sizes = ds.size_classes
    rows: list[Row] = []
    for pos, i in enumerate(rows_idx):
        base = to_euros(res.base[pos])
        reform = to_euros(res.reform[pos])
        p = int(ds.population[i])
        mover, direction = "", 0
        if contrib.shape[1]:
            j = int(np.argmax(np.abs(contrib[pos])))
            if abs(contrib[pos, j]) > 1e-12:
                mover, direction = BY_KEY[res.keys[j]].label, (1 if contrib[pos, j] > 0 else -1)
        rows.append(
            Row(
                index=int(i),
                ags=ds.ags[i],
                name=ds.names[i],
                kreis=ds.kreis_codes[i],
                kreis_name=ds.kreise.get(ds.kreis_codes[i], ds.kreis_codes[i]),
                size_class=sizes[i],
                degurba=int(ds.degurba[i]),
                kleinstadt=bool(kleinstadt[i]),
                population=p,
                base=base,
                reform=reform,
                diff=reform - base,
                diff_percent=((reform - base) / base * 100).quantize(CENT) if base else None,
                base_per_head=(base / p).quantize(CENT) if p else None,
                reform_per_head=(reform / p).quantize(CENT) if p else None,
                rank_base=int(rank_base[pos]),
                rank_reform=int(rank_reform[pos]),
                mover=mover,
                mover_direction=direction,
            )
        )
    by_size = []
    for sc in SIZE_CLASSES:
        members = [r for r in rows if r.size_class == sc]
        if not members:
            continue
        b = sum((r.base for r in members), Decimal(0))
        f = sum((r.reform for r in members), Decimal(0))
        people = sum(r.population for r in members)
        by_size.append(
            {
                "size_class": sc,
                "count": len(members),
                "population": people,
                "base": b,
                "reform": f,
                "diff": f - b,
                "base_per_head": (b / people).quantize(CENT) if people else None,
                "reform_per_head": (f / people).quantize(CENT) if people else None,
            }
        )
    return Outcome(
        spec=spec,
        land_name=ds.lands.get(spec.land, spec.land),
        rows=rows,
        criteria=used,
        notes=notes,
        total_base=sum((r.base for r in rows), Decimal(0)),
        total_reform=sum((r.reform for r in rows), Decimal(0)),
        gini_base=ec.weighted_gini(base_c / safe, pop),
        gini_reform=ec.weighted_gini(reform_c / safe, pop),
        by_size_class=by_size,
        population_date=ds.population_date,
    )


def _ranks(values: np.ndarray) -> np.ndarray:
    """Competition ranking (1 = most) on whole cents: equal amounts per head share a rank."""
    v = np.where(np.isnan(values), -np.inf, np.round(values))  # values are cents per head
    higher = np.sort(-v)
    return np.searchsorted(higher, -v, side="left") + 1


def money(value: Decimal) -> str:
    """Euro amount as a plain string with two decimals ('1234.50'), for JSON and CSV."""
    return str(value.quantize(CENT))
