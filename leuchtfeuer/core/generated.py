"""Documents built in the background: the page never waits for WeasyPrint, python-docx or a
long computation.

A download view checks its permission as before, gathers what the document is built from (the
rendered HTML, a serialised document, the ids a computation needs) and hands it to
:func:`document_response`:

* not built yet → one :class:`~leuchtfeuer.core.models.GeneratedDocument` row is created (the
  database refuses a second for the same kind, key and version, so two requests enqueue one
  task) and :data:`build_document` is enqueued; the answer is at once a page "Das Dokument wird
  erstellt …" (202) that asks again every few seconds (htmx; without JavaScript a
  ``<noscript>`` meta refresh and an "Erneut prüfen" link);
* built → the same URL delivers the file from Django's storage (local disk or S3);
* failed for good (after the retries of :func:`core.tasks.retrying`) → a German error page
  with "Erneut versuchen"; the row and its error are listed for the platform admin.

The version is the SHA-256 of the builder and its payload (minus ``volatile`` text such as a
"created at" time), so anything that changes the document's content is a new row: a stale file
is never delivered. When a version is built, older built versions of the same kind and key are
removed with their files.

Builders are registered by name (:func:`register_builder`; a domain app does that in its
``AppConfig.ready``), because a task row is data and must not choose arbitrary code, and because
``core`` imports no domain app. A builder takes the JSON payload and returns the file's bytes.

With the immediate task backend (tests, ``TASKS`` without a worker) the task runs inside the
request and the file is delivered at once — the same URL, the same checks.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django_tasks import task

from leuchtfeuer.core import documents
from leuchtfeuer.core.models import GeneratedDocument
from leuchtfeuer.core.tasks import retrying
from leuchtfeuer.core.text import clean_text

logger = logging.getLogger(__name__)

#: Attempts per build (the first and two retries, 30 s and 60 s later).
ATTEMPTS = 3
BACKOFF_SECONDS = 30
#: A request that finds its document still waiting after this long enqueues it again (a worker
#: that died mid-build, a queue row pruned); building twice stores one file.
STALE_AFTER = timedelta(minutes=10)
POLL_SECONDS = 2
WAIT_PARAM = "warten"
RETRY_PARAM = "erneut"

Builder = Callable[[dict[str, Any]], bytes]
BUILDERS: dict[str, Builder] = {}
#: Builders whose documents may be kept only this long after the request (e.g. letters with
#: voting codes in clear): refused after it (410) and removed by `documents_purge`.
BUILDER_KEEP: dict[str, timedelta] = {}


@functools.cache
def code_revision() -> str:
    """A fingerprint of the application's code and templates (read once per process): a builder
    whose output depends only on data that has a version of its own (e.g. the official data)
    adds this to its payload, so that a deployment renews its documents."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.html")]):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def register_builder(name: str, builder: Builder, *, keep: timedelta | None = None) -> None:
    """Make ``builder`` available to the worker under ``name`` (called once per process);
    ``keep``: how long its documents may be downloaded after the request (default: no limit)."""
    BUILDERS[name] = builder
    if keep is not None:
        BUILDER_KEEP[name] = keep


def available_until(doc: GeneratedDocument):
    """When the document stops being delivered (its builder's ``keep``), or None."""
    keep = BUILDER_KEEP.get(doc.builder)
    return doc.requested_at + keep if keep is not None else None


def expired(doc: GeneratedDocument) -> bool:
    until = available_until(doc)
    return until is not None and until <= timezone.now()


def _html_pdf(payload: dict[str, Any]) -> bytes:
    return documents.html_to_pdf(payload["html"])


register_builder("html-pdf", _html_pdf)


def source_version(builder: str, payload: dict[str, Any], volatile: Iterable[str] = ()) -> str:
    """SHA-256 of what the document is built from; ``volatile`` strings (a creation time shown
    in the document) are left out, so that they alone do not make a new version."""
    text = json.dumps([builder, payload], sort_keys=True, ensure_ascii=False, default=str)
    for part in volatile:
        if part:
            text = text.replace(part, "")
    return hashlib.sha256(text.encode()).hexdigest()


# ------------------------------------------------------------------------------------ the task
@task(takes_context=True)
@retrying(attempts=ATTEMPTS, backoff=BACKOFF_SECONDS)
def build_document(document_id: int) -> str:
    """Build one requested document (idempotent: a built one is left alone)."""
    return document_build(document_id=document_id)


def document_build(*, document_id: int) -> str:
    """Run the document's builder, store the file, mark it ready; on an exception count the
    attempt (the last one marks it failed, with the error for the admin) and re-raise."""
    doc = GeneratedDocument.objects.filter(pk=document_id).first()
    if doc is None or doc.status == GeneratedDocument.Status.READY:
        return "nothing to do"
    started = time.perf_counter()
    try:
        builder = BUILDERS[doc.builder]
        content = builder(doc.payload)
    except Exception as exc:
        GeneratedDocument.objects.filter(pk=doc.pk).update(
            attempts=F("attempts") + 1, error=f"{type(exc).__name__}: {exc}"[:2000], updated_at=timezone.now()
        )
        GeneratedDocument.objects.filter(
            pk=doc.pk, attempts__gte=ATTEMPTS, status=GeneratedDocument.Status.PENDING
        ).update(status=GeneratedDocument.Status.FAILED)
        logger.warning("document %s/%s (%s) failed: %s", doc.kind, doc.key, doc.builder, exc)
        raise
    seconds = time.perf_counter() - started
    doc.file.save(doc.filename, ContentFile(content), save=False)
    with transaction.atomic():
        GeneratedDocument.objects.filter(pk=doc.pk).update(
            file=doc.file.name, size=len(content), status=GeneratedDocument.Status.READY, payload={},
            error="", attempts=F("attempts") + 1, build_seconds=round(seconds, 3),
            finished_at=timezone.now(), updated_at=timezone.now(),
        )  # fmt: skip
        older = GeneratedDocument.objects.filter(
            kind=doc.kind, key=doc.key, requested_at__lt=doc.requested_at
        )
        _delete(older.exclude(status=GeneratedDocument.Status.PENDING))
    return f"{doc.kind}/{doc.key} {len(content)} bytes in {seconds:.2f} s"


def _delete(documents: Iterable[GeneratedDocument]) -> int:
    count = 0
    for old in documents:
        name = old.file.name
        old.delete()
        if name:
            # after the commit: a rolled-back delete must not lose the file
            transaction.on_commit(functools.partial(old.file.storage.delete, name))
        count += 1
    return count


def documents_purge(*, older_than: timedelta = timedelta(days=30)) -> int:
    """Remove documents nobody asked for in ``older_than``, and those past their builder's
    ``keep`` (with their files)."""
    now = timezone.now()
    with transaction.atomic():
        count = _delete(GeneratedDocument.objects.filter(updated_at__lt=now - older_than))
        for builder, keep in BUILDER_KEEP.items():
            count += _delete(GeneratedDocument.objects.filter(builder=builder, requested_at__lt=now - keep))
        return count


# --------------------------------------------------------------------------- request → document
def document_request(
    *,
    kind: str,
    key: str,
    builder: str,
    payload: dict[str, Any],
    title: str,
    filename: str,
    content_type: str,
    volatile: Iterable[str] = (),
) -> GeneratedDocument:
    """The document for this source: the existing row, or a new one whose build is enqueued.

    Two requests at the same moment: the unique constraint lets one insert; the other reads its
    row and enqueues nothing.
    """
    if builder not in BUILDERS:
        raise ValueError(f"no document builder {builder!r}")
    version = source_version(builder, payload, volatile)
    doc = GeneratedDocument.objects.filter(kind=kind, key=key, version=version).first()
    if doc is None:
        try:
            with transaction.atomic():
                doc = GeneratedDocument.objects.create(
                    kind=kind, key=key, version=version, builder=builder, payload=payload,
                    title=title[:200], filename=filename[:200], content_type=content_type,
                )  # fmt: skip
        except IntegrityError:
            return GeneratedDocument.objects.get(kind=kind, key=key, version=version)
        return _enqueue(doc)
    if doc.status == GeneratedDocument.Status.PENDING and doc.updated_at < timezone.now() - STALE_AFTER:
        logger.warning("document %s/%s waited since %s: enqueued again", kind, key, doc.updated_at)
        GeneratedDocument.objects.filter(pk=doc.pk).update(updated_at=timezone.now())
        return _enqueue(doc)
    # "asked for recently" for documents_purge, noted at most once a day per document
    if doc.status == GeneratedDocument.Status.READY and doc.updated_at < timezone.now() - timedelta(days=1):
        GeneratedDocument.objects.filter(pk=doc.pk).update(updated_at=timezone.now())
    return doc


def document_retry(doc: GeneratedDocument) -> GeneratedDocument:
    """A failed document waits again with fresh attempts (only one request wins the reset)."""
    reset = GeneratedDocument.objects.filter(pk=doc.pk, status=GeneratedDocument.Status.FAILED).update(
        status=GeneratedDocument.Status.PENDING, attempts=0, updated_at=timezone.now()
    )
    if reset:
        return _enqueue(doc)
    doc.refresh_from_db()
    return doc


def document_rebuild(doc: GeneratedDocument, *, payload: dict[str, Any]) -> GeneratedDocument:
    """A ready document whose file is gone waits again, with the source the request has."""
    reset = GeneratedDocument.objects.filter(pk=doc.pk, status=GeneratedDocument.Status.READY).update(
        status=GeneratedDocument.Status.PENDING, payload=payload, file="", size=0, attempts=0,
        updated_at=timezone.now(),
    )  # fmt: skip
    if reset:
        return _enqueue(doc)
    doc.refresh_from_db()
    return doc


def _enqueue(doc: GeneratedDocument) -> GeneratedDocument:
    build_document.enqueue(doc.pk)
    doc.refresh_from_db()  # the immediate backend has built it already
    return doc


def _url(request: HttpRequest, **extra: str) -> str:
    params = [(k, v) for k, v in request.GET.items() if k not in (WAIT_PARAM, RETRY_PARAM)]
    params += list(extra.items())
    return request.path + (f"?{urlencode(params)}" if params else "")


def deliver(doc: GeneratedDocument) -> HttpResponse:
    with doc.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=doc.content_type)
    response["Content-Disposition"] = f'attachment; filename="{doc.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def document_response(
    request: HttpRequest,
    *,
    kind: str,
    key: str,
    builder: str,
    payload: dict[str, Any],
    title: str,
    filename: str,
    content_type: str,
    volatile: Iterable[str] = (),
) -> HttpResponse:
    """Answer a download request: the file when it is built, otherwise the status page.

    The caller has checked the permission; ``?warten=1`` (the status page's poll) answers
    "fertig" with a link instead of the file, ``?erneut=1`` starts a failed build again.
    """
    doc = document_request(
        kind=kind, key=key, builder=builder, payload=payload, title=title,
        filename=filename, content_type=content_type, volatile=volatile,
    )  # fmt: skip
    return document_page(request, doc, payload=payload)


def document_page(
    request: HttpRequest, doc: GeneratedDocument, *, payload: dict[str, Any] | None = None
) -> HttpResponse:
    """The file, or the page saying how the document stands (see `document_response`).

    ``payload``: the source to build it from again if the storage lost the file; without it (a
    document that must not be built twice, e.g. letters with new voting codes) a lost or expired
    file is answered "nicht mehr verfügbar" (410).
    """
    if expired(doc):
        return _gone(request, doc)
    if RETRY_PARAM in request.GET:
        if doc.status == GeneratedDocument.Status.FAILED:
            doc = document_retry(doc)
        return HttpResponseRedirect(_url(request, **{WAIT_PARAM: "1"}))
    waiting = WAIT_PARAM in request.GET
    if doc.status == GeneratedDocument.Status.READY and not waiting:
        try:
            return deliver(doc)
        except FileNotFoundError:  # the storage lost it (restored database, emptied bucket)
            logger.warning("document %s/%s: file %s missing", doc.kind, doc.key, doc.file.name)
            if payload is None:
                return _gone(request, doc)
            doc = document_rebuild(doc, payload=payload)
    fragment = bool(getattr(request, "htmx", False))
    status = {
        GeneratedDocument.Status.PENDING: 202,
        GeneratedDocument.Status.READY: 200,
        GeneratedDocument.Status.FAILED: 500,
    }[GeneratedDocument.Status(doc.status)]
    context = {
        "doc": doc,
        "available_until": available_until(doc),
        "download_url": _url(request),
        "poll_url": _url(request, **{WAIT_PARAM: "1"}),
        "retry_url": _url(request, **{RETRY_PARAM: "1"}),
        "poll_seconds": POLL_SECONDS,
    }
    if fragment:
        # htmx swaps only 2xx answers (base.html's responseHandling): the fragment says the state
        return render(request, "core/_generated_status.html", context, status=200)
    return render(request, "core/generated_status.html", context, status=status)


def _gone(request: HttpRequest, doc: GeneratedDocument) -> HttpResponse:
    return render(request, "core/generated_gone.html", {"doc": doc}, status=410)


def pdf_response(
    request: HttpRequest,
    *,
    kind: str,
    key: str,
    html: str,
    title: str,
    filename: str,
    volatile: Iterable[str] = (),
    data_version: str = "",
) -> HttpResponse:
    """:func:`document_response` for a PDF from rendered HTML (WeasyPrint in the worker).

    The HTML is cleaned here (core.text.clean_text), before it is stored as the task's source:
    a lone surrogate could not even be stored in PostgreSQL's JSON. ``data_version`` (e.g. the
    official data's import state) is part of the version even where the HTML does not show it.
    """
    payload = {"html": clean_text(html)} | ({"data": data_version} if data_version else {})
    return document_response(
        request, kind=kind, key=key, builder="html-pdf", payload=payload,
        title=title, filename=filename, content_type="application/pdf", volatile=volatile,
    )  # fmt: skip
