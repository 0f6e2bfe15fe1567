"""Writes for the Bürgerrat: create, quotas, pool upload, draw, replacement. Keyword-only, authorised, atomic, audited; German errors."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from typing import cast

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.core.permissions import require
from leuchtfeuer.core.uploads import check_upload, display_name
from leuchtfeuer.participation.assembly.models import Assembly, AssemblyDraw, PoolMember
from leuchtfeuer.participation.common import clean_text
from leuchtfeuer.participation.engine.sortition import (
    ALGORITHMS,
    FALLBACKS,
    Draw,
    Person,
    Quotas,
    SortitionError,
    read_pool_csv,
    replacement_quotas,
    select_panel,
)
from leuchtfeuer.participation.uploads import POOL_MAX_BYTES, POOL_TYPES
from leuchtfeuer.places.models import Municipality

# --- Bürgerrat ---------------------------------------------------------------------------------------


# A slug that would collide with …/beteiligung/buergerrat/neu/.
RESERVED_ASSEMBLY_SLUGS = frozenset({"neu"})


def _quotas_from_json(data: dict[str, dict[str, list[int]]]) -> Quotas:
    return {c: {v: (int(b[0]), int(b[1])) for v, b in values.items()} for c, values in data.items()}


@transaction.atomic
def assembly_create(
    *, actor: Actor, municipality: Municipality, title: str, slug: str, summary: str, panel_size: int
) -> Assembly:
    require(actor, "participation.manage_assembly", municipality)
    if slug in RESERVED_ASSEMBLY_SLUGS:
        raise ValidationError(
            {
                "slug": f"Der Kurzname „{slug}“ ist reserviert (Adresse zum Anlegen). Bitte einen anderen wählen."
            }
        )
    if Assembly.objects.filter(municipality=municipality, slug=slug).exists():
        raise ValidationError({"slug": f"Den Kurznamen „{slug}“ gibt es schon."})
    if not 1 <= int(panel_size) <= 500:
        raise ValidationError({"panel_size": "Ein Bürgerrat hat zwischen 1 und 500 Plätze."})
    assembly = Assembly.objects.create(
        municipality=municipality,
        title=clean_text(title, "title", "Titel", max_length=200),
        slug=slug,
        summary=clean_text(summary, "summary", "Kurz erklärt"),
        panel_size=int(panel_size),
    )
    audit_record(
        actor=actor,
        action="participation.assembly_create",
        target=assembly,
        municipality=municipality,
        summary=f"Bürgerrat „{assembly.title}“ mit {panel_size} Plätzen angelegt",
    )
    return assembly


@transaction.atomic
def assembly_set_quotas(
    *, actor: Actor, assembly: Assembly, quotas: dict[str, dict[str, list[int]]], source: str = ""
) -> Assembly:
    require(actor, "participation.manage_assembly", assembly.municipality)
    if assembly.draws.exists():
        raise ValidationError("Es wurde schon gelost; die Quoten dieses Bürgerrats stehen fest.")
    clean = _quotas_from_json(quotas)
    for category, values in clean.items():
        if not values:
            raise ValidationError(f"Merkmal „{category}“ hat keine Ausprägungen.")
        if sum(lo for lo, _ in values.values()) > assembly.panel_size:
            raise ValidationError(
                f"Quoten für „{category}“: Die Mindestzahlen ergeben mehr als {assembly.panel_size}."
            )
        if sum(hi for _, hi in values.values()) < assembly.panel_size:
            raise ValidationError(
                f"Quoten für „{category}“: Die Höchstzahlen ergeben weniger als {assembly.panel_size}."
            )
        for value, (lo, hi) in values.items():
            if lo > hi:
                raise ValidationError(f"Quote „{category}: {value}“: Min {lo} ist größer als Max {hi}.")
    diff = {
        "quotas": [assembly.quotas, {c: {v: list(b) for v, b in vals.items()} for c, vals in clean.items()}]
    }
    assembly.quotas = diff["quotas"][1]
    assembly.categories = list(clean)
    if source:
        assembly.quota_source = source
    assembly.save(update_fields=["quotas", "categories", "quota_source"])
    audit_record(
        actor=actor,
        action="participation.assembly_quotas",
        target=assembly,
        municipality=assembly.municipality,
        summary="Quoten festgelegt",
        changes=diff,
    )
    return assembly


@transaction.atomic
def pool_upload(*, actor: Actor, assembly: Assembly, upload: UploadedFile, consent_confirmed: bool) -> int:
    """Read the pool from an uploaded CSV file (UTF-8, up to 2 MB, checked by content); see pool_import."""
    require(actor, "participation.manage_assembly", assembly.municipality)
    _, name = check_upload(upload, allowed=POOL_TYPES, max_bytes=POOL_MAX_BYTES, field="file")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            {
                "file": f"„{display_name(cast(str, upload.name))}“ ist nicht UTF-8-kodiert. Bitte speichern Sie die Tabelle als "
                "„CSV UTF-8“ (Excel) bzw. mit dem Zeichensatz „Unicode (UTF-8)“ (LibreOffice)."
            }
        ) from None
    return pool_import(
        actor=actor, assembly=assembly, text=text, consent_confirmed=consent_confirmed, source=name
    )


@transaction.atomic
def pool_import(
    *, actor: Actor, assembly: Assembly, text: str, consent_confirmed: bool, source: str = ""
) -> int:
    require(actor, "participation.manage_assembly", assembly.municipality)
    if not consent_confirmed:
        raise ValidationError(
            {
                "consent_confirmed": "Bitte bestätigen Sie, dass alle Personen im Pool der Verarbeitung zugestimmt haben."
            }
        )
    if not assembly.quotas:
        raise ValidationError(
            "Bitte legen Sie zuerst die Quoten fest; die Spalten des Pools richten sich danach."
        )
    if assembly.draws.exists():
        raise ValidationError("Es wurde schon gelost; der Pool kann nicht mehr ersetzt werden.")
    try:
        people = read_pool_csv(text, _quotas_from_json(assembly.quotas))
    except SortitionError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    assembly.pool.all().delete()
    PoolMember.objects.bulk_create(
        [PoolMember(assembly=assembly, key=p.id, features=p.features, household=p.household) for p in people]
    )
    audit_record(
        actor=actor,
        action="participation.pool_import",
        target=assembly,
        municipality=assembly.municipality,
        summary=f"Pool mit {len(people)} Personen eingelesen" + (f" aus „{source}“" if source else ""),
    )
    return len(people)


def _draw_store(
    actor: Actor,
    assembly: Assembly,
    draw: Draw,
    quotas: Quotas,
    *,
    replacement: bool,
    dropped: Sequence[str] = (),
) -> AssemblyDraw:
    record = AssemblyDraw.objects.create(
        assembly=assembly,
        is_replacement=replacement,
        dropped=list(dropped),
        seed=draw.seed,
        algorithm_requested=draw.algorithm_requested,
        algorithm_used=draw.algorithm_used,
        fallback_reason=draw.fallback_reason,
        inputs_sha256=draw.inputs_sha256,
        selected=draw.selected,
        probabilities={k: round(v, 6) for k, v in draw.probabilities.items()},
        min_probability=draw.min_probability,
        probabilities_exact=draw.probabilities_exact,
        quotas_used={c: {v: list(b) for v, b in vals.items()} for c, vals in quotas.items()},
        seconds=draw.seconds,
        library_version=draw.library_version,
        drawn_by=cast(User, actor),  # safe: only signed-in users hold participation.manage_assembly
    )
    audit_record(
        actor=actor,
        action="participation.assembly_draw",
        target=assembly,
        municipality=assembly.municipality,
        summary=(
            (f"Nachrücker-Losung für {', '.join(dropped)} (abgesagt)" if replacement else "Losung")
            + f": {len(draw.selected)} Personen, Verfahren {draw.algorithm_used}"
            + (f" (statt {draw.algorithm_requested}: {draw.fallback_reason})" if draw.fallback_reason else "")
        ),
        changes=draw.audit() | ({"dropped": list(dropped)} if replacement else {}),
    )
    return record


def _people(members: Iterable[PoolMember]) -> list[Person]:
    return [Person(m.key, m.features, m.household) for m in members]


def assembly_draw(
    *,
    actor: Actor,
    assembly: Assembly,
    seed: int | None = None,
    algorithm: str = "leximin",
    fallback: str = "maximin",
    check_households: bool = False,
) -> AssemblyDraw:
    require(actor, "participation.manage_assembly", assembly.municipality)
    if algorithm not in ALGORITHMS or fallback not in FALLBACKS:
        raise ValidationError("Unbekanntes Losverfahren.")
    if assembly.draws.filter(is_replacement=False).exists():
        raise ValidationError("Dieser Bürgerrat ist schon gelost. Für Absagen gibt es die Nachrücker-Losung.")
    seed = seed or secrets.randbelow(2**31 - 2) + 1
    quotas = _quotas_from_json(assembly.quotas)
    try:
        draw = select_panel(
            _people(assembly.pool.all()),
            quotas,
            assembly.panel_size,
            seed=seed,
            algorithm=algorithm,
            fallback=fallback,
            check_households=check_households,
        )
    except SortitionError as exc:
        raise ValidationError(str(exc)) from exc
    with transaction.atomic():
        return _draw_store(actor, assembly, draw, quotas, replacement=False)


def assembly_current_panel(assembly: Assembly) -> list[str]:
    panel: list[str] = []
    for record in assembly.draws.order_by("drawn_at", "pk"):
        panel += record.selected
    dropped = set(assembly.pool.filter(dropped_out=True).values_list("key", flat=True))
    return [key for key in panel if key not in dropped]


def assembly_replace(
    *,
    actor: Actor,
    assembly: Assembly,
    dropped: list[str],
    seed: int | None = None,
    algorithm: str = "leximin",
    fallback: str = "maximin",
) -> AssemblyDraw:
    """Mark `dropped` as having cancelled and draw replacements so that the quotas hold again."""
    require(actor, "participation.manage_assembly", assembly.municipality)
    dropped = list(dict.fromkeys(dropped))
    panel_keys = assembly_current_panel(assembly)
    missing = [key for key in dropped if key not in panel_keys]
    if missing:
        raise ValidationError(f"{missing[0]} sitzt nicht im gelosten Bürgerrat.")
    if not dropped:
        raise ValidationError("Bitte wählen Sie aus, wer abgesagt hat.")
    quotas = _quotas_from_json(assembly.quotas)
    members = {m.key: m for m in assembly.pool.all()}
    panel = _people(members[k] for k in panel_keys)
    new_quotas, seats = replacement_quotas(quotas, panel, dropped)
    ever_drawn = {k for record in assembly.draws.all() for k in record.selected}
    candidates = _people(m for k, m in members.items() if k not in ever_drawn and not m.dropped_out)
    seed = seed or secrets.randbelow(2**31 - 2) + 1
    try:
        draw = select_panel(candidates, new_quotas, seats, seed=seed, algorithm=algorithm, fallback=fallback)
    except SortitionError as exc:
        raise ValidationError(f"Nachrücker-Losung nicht möglich: {exc}") from exc
    with transaction.atomic():
        PoolMember.objects.filter(assembly=assembly, key__in=dropped).update(dropped_out=True)
        return _draw_store(actor, assembly, draw, new_quotas, replacement=True, dropped=dropped)
