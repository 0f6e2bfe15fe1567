"""Loads the seed Praxisbeispiele and Umsetzungshilfen (idempotent, no data migration).

Used by `leuchtfeuer load-examples` (allowed in production: the content is public information
from the project's sources) and by `leuchtfeuer load-demo`. A record that someone has edited
since it was loaded (its last version was not written by this loader) is left alone.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.knowledge import search
from leuchtfeuer.knowledge.examples.services import apply_region, example_terms, record_version, set_terms
from leuchtfeuer.knowledge.models import Document, Example, ExampleComment, ExampleVersion, Vocabulary
from leuchtfeuer.knowledge.seed_documents import SEED_DOCUMENTS
from leuchtfeuer.knowledge.seed_examples import SEED_EXAMPLES, SeedExample
from leuchtfeuer.knowledge.uploads import DOCUMENT_TYPES
from leuchtfeuer.places.models import Region

TEMPLATE_VERSION = "v2"  # raise when seed_documents.py changes, so the files are generated anew
LOADER_NOTE = "aus den Quellen geladen (leuchtfeuer load-examples)"


def _region(key: str | None) -> Region | None:
    if key is None:
        return None
    if len(key) == 8:
        return Region.objects.filter(level=Region.Level.GEMEINDE, ags=key).first()
    return Region.objects.filter(ars=key).first()


def _fields(seed: SeedExample) -> dict:
    return {
        "title": seed.title,
        "place_label": seed.place_label,
        "summary": seed.summary,
        "description": seed.description,
        "source": seed.source,
        "phase": seed.phase,
        "success_factors": seed.success_factors,
        "obstacles": seed.obstacles,
        "funding": seed.funding,
        "costs": seed.costs,
        "cost_range": seed.cost_range,
        "period_start": seed.period_start,
        "links": list(seed.links),
    }


def _terms(seed: SeedExample) -> dict[str, list[str]]:
    return {
        Vocabulary.HANDLUNGSFELD.value: sorted(seed.handlungsfelder),
        Vocabulary.ZIELGRUPPE.value: sorted(seed.zielgruppen),
        Vocabulary.HERAUSFORDERUNG.value: sorted(seed.herausforderungen),
        Vocabulary.PFEILER.value: sorted(seed.pfeiler),
    }


@transaction.atomic
def load_examples() -> tuple[int, int]:
    """Create or refresh the seed examples as published records; returns (created, updated)."""
    created = updated = 0
    now = timezone.now()
    for seed in SEED_EXAMPLES:
        region = _region(seed.region_key)
        if seed.region_key and region is None:
            raise LookupError(f"{seed.title}: Gebietseinheit {seed.region_key} fehlt in den amtlichen Daten.")
        example = Example.objects.filter(slug=seed.slug).first()
        fields, terms = _fields(seed), _terms(seed)
        if example is None:
            example = Example(slug=seed.slug, state=Example.State.PUBLISHED, published_at=now, **fields)
            apply_region(example, region)
            example.save()
            set_terms(example, terms)
            record_version(example, None, LOADER_NOTE)
            ExampleComment.objects.create(
                example=example, kind=ExampleComment.Kind.PUBLISH, body=LOADER_NOTE, version=example.version
            )
            audit_record(
                actor=None,
                action="example.load",
                target=example,
                summary=f"Praxisbeispiel „{seed.title}“ geladen",
            )
            created += 1
        else:
            last = ExampleVersion.objects.filter(example=example).order_by("-number").first()
            if last is None or last.note != LOADER_NOTE or last.created_by_id is not None:
                continue  # edited by a person since: never overwrite
            current = {name: getattr(example, name) for name in fields}
            if (
                current == fields
                and example_terms(example) == terms
                and example.region_id == (region.pk if region else None)
            ):
                search.index_example(example)
                continue
            for name, value in fields.items():
                setattr(example, name, value)
            apply_region(example, region)
            example.version += 1
            example.save()
            set_terms(example, terms)
            record_version(example, None, LOADER_NOTE)
            updated += 1
        search.index_example(
            Example.objects.select_related("region").prefetch_related("terms").get(pk=example.pk)
        )
    return created, updated


@transaction.atomic
def load_documents() -> int:
    """Generate the template documents (DOCX/XLSX) that are not there yet, and renew those made
    from an older TEMPLATE_VERSION (file and source line); returns how many were created."""
    created = 0
    for seed in SEED_DOCUMENTS:
        ext = seed.file_name.rsplit(".", 1)[-1]
        # One file per template version, shared by every database on this machine (dev, tests):
        # generated once, reused afterwards instead of piling up copies.
        name = f"knowledge/documents/{TEMPLATE_VERSION}/{seed.file_name}"
        existing = Document.objects.filter(slug=seed.slug).first()
        if existing is not None and existing.file.name == name:
            continue
        if default_storage.exists(name):
            size = default_storage.size(name)
        else:
            content = seed.build()
            name = default_storage.save(name, ContentFile(content))
            size = len(content)
        if existing is not None:
            existing.file.name, existing.size, existing.source = name, size, seed.source
            existing.save(update_fields=["file", "size", "source"])
            continue
        document = Document(
            slug=seed.slug,
            title=seed.title,
            kind=seed.kind,
            description=seed.description,
            handlungsfeld=seed.handlungsfeld,
            file_name=seed.file_name,
            content_type=DOCUMENT_TYPES[ext].content_type,
            size=size,
            source=seed.source,
        )
        document.file.name = name
        document.save()
        audit_record(
            actor=None,
            action="document.load",
            target=document,
            summary=f"Umsetzungshilfe „{seed.title}“ erzeugt",
        )
        created += 1
    return created
