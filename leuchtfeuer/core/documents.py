"""Every PDF of the platform: a rendered template turned into PDF by WeasyPrint; `stored_pdf`
keeps one that many download (the Kommunalprofil) instead of rendering it on every request.

The HTML is cleaned with core.text.clean_text first: forms store no control characters, but
older data, imports and the API can still hold them, and a page that lists such text should
show it without stray glyphs (a lone surrogate would even stop WeasyPrint with an error).
"""

from __future__ import annotations

import hashlib

from django.db import transaction

from leuchtfeuer.core.text import clean_text


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=clean_text(html), base_url=None).write_pdf()


def stored_pdf(*, kind: str, key: str, version: str, html: str) -> bytes:
    """The PDF of `html`, rendered at most once per kind, key, data version and source.

    WeasyPrint takes seconds for a long document; a repeated download reads the stored bytes
    (one indexed query). The source's digest is part of the key, so that anything that changes
    the document – a new import, a municipality's own register data, a new template – renders
    it anew; storing a new one removes what an older data version of the same kind, or an older
    source of the same key, left behind.
    """
    from leuchtfeuer.core.models import StoredDocument

    digest = hashlib.sha256(html.encode()).hexdigest()
    stored = (
        StoredDocument.objects.filter(kind=kind, key=key, version=version, digest=digest)
        .values_list("content", flat=True)
        .first()
    )
    if stored is not None:
        return bytes(stored)
    pdf = html_to_pdf(html)
    with transaction.atomic():
        StoredDocument.objects.filter(kind=kind).exclude(version=version).delete()
        StoredDocument.objects.filter(kind=kind, key=key, version=version).exclude(digest=digest).delete()
        # a request rendering the same document at the same moment may have stored it already
        StoredDocument.objects.get_or_create(
            kind=kind, key=key, version=version, digest=digest, defaults={"content": pdf}
        )
    return pdf
