"""Writes importer rows into the database: idempotent, one transaction per source."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.db import transaction

from leuchtfeuer.places.importers.base import RegionRow
from leuchtfeuer.places.models import Region

_REGION_FIELDS = [f.name for f in fields(RegionRow) if f.name not in ("ars", "parent_ars")]


@dataclass
class LoadResult:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def __str__(self) -> str:
        return f"{self.source}: {self.created} neu, {self.updated} geändert, {self.unchanged} unverändert"


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
