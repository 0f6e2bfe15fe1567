"""Writes importer rows into the database: idempotent, one transaction per source."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.db import connection, transaction
from django.db.models import Q

from leuchtfeuer.places.importers.base import RegionRow
from leuchtfeuer.places.models import (
    AgeGroupCount,
    CensusFigure,
    PopulationCount,
    Region,
    RegionBoundary,
    VitalEvents,
)

_REGION_FIELDS = [f.name for f in fields(RegionRow) if f.name not in ("ars", "parent_ars")]


@dataclass
class LoadResult:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    skipped: int = 0  # rows for regions that do not exist (today)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def __str__(self) -> str:
        text = f"{self.source}: {self.created} neu, {self.updated} geändert, {self.unchanged} unverändert"
        if self.deleted:
            text += f", {self.deleted} gelöscht"
        return text


def _normalise(value):
    """Compare Decimals by value so '56.730' and '56.73' are the same."""
    return value.normalize() if hasattr(value, "normalize") else value


@transaction.atomic
def load_regions(rows: list[RegionRow], *, source: str) -> LoadResult:
    """Upsert regions by ARS. Rows must list parents before children."""
    result = LoadResult(source)
    existing = {r.ars: r for r in Region.objects.all()}
    id_by_ars = {ars: r.pk for ars, r in existing.items()}
    to_update: list[Region] = []
    changed_fields: set[str] = set()
    # Create level by level so parents have ids before their children are written.
    pending: list[Region] = []
    current_level = None
    for row in rows:
        if row.level != current_level and pending:
            Region.objects.bulk_create(pending, batch_size=1000)
            id_by_ars.update({r.ars: r.pk for r in pending})
            pending = []
        current_level = row.level
        parent_id = id_by_ars.get(row.parent_ars) if row.parent_ars is not None else None
        values = {name: getattr(row, name) for name in _REGION_FIELDS}
        values["parent_id"] = parent_id
        region = existing.get(row.ars)
        if region is None:
            pending.append(Region(ars=row.ars, **values))
            result.created += 1
            continue
        diff = [k for k, v in values.items() if _normalise(getattr(region, k)) != _normalise(v)]
        if diff:
            for key in diff:
                setattr(region, key, values[key])
            changed_fields.update(diff)
            to_update.append(region)
            result.updated += 1
        else:
            result.unchanged += 1
    if pending:
        Region.objects.bulk_create(pending, batch_size=1000)
    if to_update:
        Region.objects.bulk_update(to_update, sorted(changed_fields), batch_size=1000)
    return result


# ------------------------------------------------------------------------------------------
# Official statistics: generic idempotent sync of plain rows into one model
# ------------------------------------------------------------------------------------------


def _region_ids() -> dict[str, int]:
    """Region key (AGS for Gemeinden, ARS otherwise) → id."""
    ids = {}
    for pk, ars, ags, level in Region.objects.values_list("pk", "ars", "ags", "level"):
        ids[ags if level == Region.Level.GEMEINDE else ars] = pk
    return ids


def _sync(
    model,
    rows: list,
    *,
    key_fields: tuple[str, ...],
    value_fields: tuple[str, ...],
    scope: Q,
    result: LoadResult,
    region_ids: dict[str, int],
) -> None:
    """Make `model.objects.filter(scope)` equal to `rows`: create missing, update changed,
    delete rows of this scope that the source no longer has. Compared in memory; writes in
    batches. `rows` carry `region` (key) instead of `region_id`."""
    wanted: dict[tuple, tuple] = {}
    for row in rows:
        region_id = region_ids.get(row.region)
        if region_id is None:
            result.skipped += 1
            continue
        key = (region_id, *(getattr(row, f) for f in key_fields))
        wanted[key] = tuple(getattr(row, f) for f in value_fields)
    existing: dict[tuple, tuple[int, tuple]] = {}
    for values in model.objects.filter(scope).values_list("pk", "region_id", *key_fields, *value_fields):
        pk, key, current = (
            values[0],
            tuple(values[1 : 2 + len(key_fields)]),
            tuple(values[2 + len(key_fields) :]),
        )
        existing[key] = (pk, current)
    to_create, to_update = [], []
    for key, values in wanted.items():
        found = existing.get(key)
        if found is None:
            to_create.append((*key, *values))
        elif found[1] != values:
            fields_ = dict(zip(value_fields, values, strict=True))
            to_update.append(
                model(pk=found[0], region_id=key[0], **dict(zip(key_fields, key[1:], strict=True)), **fields_)
            )
        else:
            result.unchanged += 1
    stale = [pk for key, (pk, _) in existing.items() if key not in wanted]
    _insert_many(model, to_create, ("region_id", *key_fields, *value_fields))
    if to_update:
        model.objects.bulk_update(to_update, list(value_fields), batch_size=1000)
    for start in range(0, len(stale), 900):
        model.objects.filter(pk__in=stale[start : start + 900]).delete()
    result.created += len(to_create)
    result.updated += len(to_update)
    result.deleted += len(stale)


def _insert_many(model, rows: list[tuple], columns: tuple[str, ...]) -> None:
    """Plain multi-row INSERT via executemany: several times faster than bulk_create for the
    ~850,000 rows of a first import (no model instances; SQLite caps bulk_create at 999
    parameters per statement)."""
    if not rows:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    names = ", ".join(
        quote(meta.get_field(c.removesuffix("_id") if c == "region_id" else c).column) for c in columns
    )
    placeholders = ", ".join(["%s"] * len(columns))
    # Identifiers come from the model's meta and are quoted; values are parameters.
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 20_000):
            cursor.executemany(sql, rows[start : start + 20_000])


POPULATION_KEYS = ("reference_date",)
POPULATION_VALUES = ("source", "basis", "territory", "total", "male", "female")
AGE_KEYS = ("kind", "reference_date", "scheme", "age_from")
AGE_VALUES = ("age_to", "total", "male", "female", "basis", "territory", "source")
VITAL_KEYS = ("year",)
VITAL_VALUES = (
    "births",
    "births_male",
    "births_female",
    "deaths",
    "deaths_male",
    "deaths_female",
    "territory",
    "source",
)
CENSUS_KEYS = ("table", "code")
CENSUS_VALUES = ("reference_date", "value", "territory", "source")
BOUNDARY_KEYS: tuple[str, ...] = ()
BOUNDARY_VALUES = ("geometry", "min_lon", "min_lat", "max_lon", "max_lat", "composed", "source")


@transaction.atomic
def load_statistics(
    *,
    source: str,
    population: list | None = None,
    population_sources: tuple[str, ...] = (),
    ages: list | None = None,
    age_sources: tuple[str, ...] = (),
    vital: list | None = None,
    boundaries: list | None = None,
    census: list | None = None,
    census_sources: tuple[str, ...] = (),
) -> LoadResult:
    """Write the rows of one official source in one transaction. Each source owns the rows
    whose `source` column is among its table codes, so sources do not overwrite each other."""
    result = LoadResult(source)
    region_ids = _region_ids()
    common = {"result": result, "region_ids": region_ids}
    if population is not None:
        _sync(PopulationCount, population, key_fields=POPULATION_KEYS, value_fields=POPULATION_VALUES,
              scope=Q(source__in=population_sources), **common)  # fmt: skip
    if ages is not None:
        _sync(AgeGroupCount, ages, key_fields=AGE_KEYS, value_fields=AGE_VALUES,
              scope=Q(source__in=age_sources), **common)  # fmt: skip
    if vital is not None:
        _sync(VitalEvents, vital, key_fields=VITAL_KEYS, value_fields=VITAL_VALUES, scope=Q(), **common)
    if census is not None:
        _sync(CensusFigure, census, key_fields=CENSUS_KEYS, value_fields=CENSUS_VALUES,
              scope=Q(source__in=census_sources), **common)  # fmt: skip
    if boundaries is not None:
        _sync(
            RegionBoundary,
            boundaries,
            key_fields=BOUNDARY_KEYS,
            value_fields=BOUNDARY_VALUES,
            scope=Q(),
            **common,
        )
    return result
