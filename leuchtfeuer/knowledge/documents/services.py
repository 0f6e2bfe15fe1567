"""Umsetzungshilfen (documents): upload, download count, delete."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core import taxonomy
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.core.permissions import require
from leuchtfeuer.core.uploads import check_upload, delete_after_commit
from leuchtfeuer.knowledge.models import (
    Document,
)
from leuchtfeuer.knowledge.uploads import DOCUMENT_MAX_BYTES, DOCUMENT_TYPES

# --- Umsetzungshilfen --------------------------------------------------------------------------


@transaction.atomic
def document_upload(
    *,
    actor: Actor,
    upload: UploadedFile,
    title: str,
    kind: str,
    description: str,
    handlungsfeld: str = "",
    source: str = "",
) -> Document:
    require(actor, "knowledge.manage_documents")
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        raise ValidationError({"title": "Bitte geben Sie einen Titel an."})
    if not description:
        raise ValidationError({"description": "Bitte beschreiben Sie kurz, wofür die Vorlage dient."})
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": "Bitte wählen Sie eine Art aus der Liste."})
    if handlungsfeld and handlungsfeld not in {t.key for t in taxonomy.HANDLUNGSFELDER}:
        raise ValidationError({"handlungsfeld": "Unbekanntes Handlungsfeld."})
    file_type, name = check_upload(upload, allowed=DOCUMENT_TYPES, max_bytes=DOCUMENT_MAX_BYTES, field="file")
    upload.seek(0)
    content = upload.read()
    slug_base = slugify(title.replace("ß", "ss"))[:100] or "vorlage"
    slug, n = slug_base, 2
    while Document.objects.filter(slug=slug).exists():
        slug, n = f"{slug_base}-{n}", n + 1
    document = Document(
        slug=slug,
        title=title,
        kind=kind,
        description=description,
        handlungsfeld=handlungsfeld,
        file_name=name,
        content_type=file_type.content_type,
        size=len(content),
        source=source.strip(),
        uploaded_by=cast(User, actor)
        if getattr(actor, "is_authenticated", False)
        else None,  # signed in: a User
    )
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    audit_record(
        actor=actor,
        action="document.upload",
        target=document,
        summary=f"Umsetzungshilfe „{title}“ hochgeladen",
    )
    return document


def document_count_download(*, document: Document) -> None:
    """One more download (atomic increment, no lost updates under concurrency)."""
    Document.objects.filter(pk=document.pk).update(download_count=F("download_count") + 1)


@transaction.atomic
def document_delete(*, actor: Actor, document: Document) -> None:
    require(actor, "knowledge.manage_documents")
    audit_record(
        actor=actor,
        action="document.delete",
        target=document,
        summary=f"Umsetzungshilfe „{document.title}“ gelöscht",
    )
    delete_after_commit(document.file)
    document.delete()
