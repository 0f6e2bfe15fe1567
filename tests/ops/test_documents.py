"""The document routes with the database queue (issue 19): the request answers 'wird erstellt'
at once, a real worker builds the file, the same URL then delivers it – with its real content;
a refused request stays refused and enqueues nothing."""

from __future__ import annotations

import io

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from leuchtfeuer.core.models import GeneratedDocument
from leuchtfeuer.core.tests.pdf import assert_pdf_says
from leuchtfeuer.core.tests.worker import run_worker
from leuchtfeuer.projections import presenters

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _queue(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with override_settings(TASKS=DB_TASKS):
        yield


@pytest.mark.usefixtures("official_data")
def test_kommunalprofil_pdf_is_built_by_the_worker(db, client, monkeypatch):
    # the projection engine is not what this is about (its PDF part: projections tests)
    monkeypatch.setattr(presenters, "profile_projection_context", lambda region, **kwargs: {})
    url = "/orte/13071092/kommunalprofil.pdf"
    waiting = client.get(url)
    assert waiting.status_code == 202
    assert "Das Dokument wird erstellt" in waiting.content.decode()
    assert "Kommunalprofil Malchin" in waiting.content.decode()
    assert client.get(url).status_code == 202
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # two requests, one task
    run_worker()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="kommunalprofil-13071092.pdf"'
    assert_pdf_says(response.content, "Malchin")
    assert_pdf_says(response.content, "dl-de/by-2-0")  # the profile with its attribution
    assert GeneratedDocument.objects.get().build_seconds > 0


def test_public_method_kit_docx_is_built_by_the_worker(db, client):
    from docx import Document

    from leuchtfeuer.werkstatt.reports import kits

    kit = kits.BY_KEY["moderationsplan-zukunftswerkstatt"]
    url = f"/werkstatt/methodenkoffer/{kit.key}.docx"
    assert client.get(url).status_code == 202
    run_worker()
    response = client.get(url)
    assert response.status_code == 200
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert kit.title in text
    # the other formats are their own documents (one current file per format)
    assert client.get(f"/werkstatt/methodenkoffer/{kit.key}.odt").status_code == 202
    run_worker()
    assert client.get(url).status_code == 200  # the DOCX is still there
    assert client.get(f"/werkstatt/methodenkoffer/{kit.key}.odt").content[:2] == b"PK"


def test_werkstatt_documents_survive_the_trip_through_the_queue():
    """What the worker gets (JSON) is the same document: every kit, and a table with traffic lights."""
    from leuchtfeuer.werkstatt.reports import exports, kits
    from leuchtfeuer.werkstatt.reports.exports import Cell, Doc, Table

    docs = [kit.build(kits.KitContext()) for kit in kits.KITS]
    docs.append(
        Doc(title="Zwischenbilanz Loitz", blocks=[Table(header=["Indikator", "Ampel"], rows=[["Einwohner", Cell("im Plan", light="gruen")], ["Kitas", None]], widths=[60, 40])])
    )  # fmt: skip
    for doc in docs:
        back = exports.doc_from_data(exports.doc_data(doc))
        assert back.text() == exports.clean_doc(doc).text()
        assert exports.doc_html(back) == exports.doc_html(doc)
