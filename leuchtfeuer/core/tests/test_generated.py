"""core.generated: a download that is not built yet answers 'wird erstellt' at once, one task is
enqueued however often it is asked for, a worker builds it, the same URL then delivers the file;
a failed build says so in German with 'Erneut versuchen' and is listed for the platform admin."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from leuchtfeuer.accounts import totp
from leuchtfeuer.core import generated
from leuchtfeuer.core.models import GeneratedDocument
from leuchtfeuer.core.tests.worker import run_worker

pytestmark = pytest.mark.urls("leuchtfeuer.core.tests.generated_urls")

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
URL = "/test/brief/malchin.txt"
BUILT: list[str] = []
FAIL = {"times": 0}


def _letter(payload: dict) -> bytes:
    """The test builder: fails FAIL["times"] times, then writes the text."""
    BUILT.append(payload["text"])
    if FAIL["times"] > 0:
        FAIL["times"] -= 1
        raise OSError("Schriftart fehlt")
    return payload["text"].encode()


generated.register_builder("test-brief", _letter)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    BUILT.clear()
    FAIL["times"] = 0


@pytest.fixture
def db_tasks():
    with override_settings(TASKS=DB_TASKS):
        yield


def worker():
    run_worker()


def test_first_request_answers_at_once_and_a_worker_builds_it(db, client, db_tasks):
    waiting = client.get(URL)
    assert waiting.status_code == 202
    html = waiting.content.decode()
    assert "Das Dokument wird erstellt" in html and "Brief an malchin" in html
    assert 'role="status"' in html
    assert f'hx-get="{URL}?warten=1"' in html  # htmx asks again …
    assert f'<a href="{URL}?warten=1">Erneut prüfen</a>' in html  # … or the person does
    assert f'<noscript><meta http-equiv="refresh" content="5;url={URL}?warten=1"></noscript>' in html
    assert "<script" not in html.split("</head>")[1]  # no inline script (strict CSP)
    assert BUILT == []  # nothing built inside the request
    assert DBTaskResult.objects.get().task_path == "leuchtfeuer.core.generated.build_document"

    worker()
    assert BUILT == ["Hallo malchin"]
    doc = GeneratedDocument.objects.get()
    assert doc.status == "fertig" and doc.size == len(b"Hallo malchin") and doc.payload == {}
    assert doc.file.name.startswith("generated/brief/malchin/")

    ready = client.get(f"{URL}?warten=1")  # the poll: a link, not the file
    assert ready.status_code == 200
    assert "Das Dokument ist fertig." in ready.content.decode()
    assert f'href="{URL}"' in ready.content.decode()
    download = client.get(URL)
    assert download.status_code == 200 and download.content == b"Hallo malchin"
    assert download["Content-Disposition"] == 'attachment; filename="brief-malchin.txt"'
    assert download["Cache-Control"] == "private, no-store"
    assert BUILT == ["Hallo malchin"]  # delivered from storage, not built again


def test_many_requests_enqueue_one_task(db, client, db_tasks):
    for _ in range(3):
        assert client.get(URL).status_code == 202
    assert client.get(f"{URL}?warten=1", headers={"HX-Request": "true"}).status_code == 200
    assert DBTaskResult.objects.count() == 1
    assert GeneratedDocument.objects.count() == 1
    worker()
    assert BUILT == ["Hallo malchin"]


def test_the_database_refuses_a_second_row_for_the_same_version(db):
    fields = {"kind": "brief", "key": "malchin", "version": "v1", "builder": "test-brief", "title": "B",
              "filename": "b.txt", "content_type": "text/plain"}  # fmt: skip
    GeneratedDocument.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        GeneratedDocument.objects.create(**fields)


def test_htmx_poll_gets_the_status_fragment(db, client, db_tasks):
    client.get(URL)
    poll = client.get(f"{URL}?warten=1", headers={"HX-Request": "true"})
    html = poll.content.decode()
    assert poll.status_code == 200 and "<html" not in html  # a fragment htmx swaps
    assert 'id="dokument-status"' in html and "wird erstellt" in html


def test_changed_source_is_a_new_version_and_the_old_file_goes(
    db, client, db_tasks, django_capture_on_commit_callbacks
):
    client.get(URL)
    worker()
    old = GeneratedDocument.objects.get()
    old_path = old.file.path
    assert client.get(f"{URL}?text=Neue+Daten").status_code == 202  # never the stale file
    with django_capture_on_commit_callbacks(execute=True):  # the file goes after the commit
        worker()
    assert client.get(f"{URL}?text=Neue+Daten").content == b"Neue Daten"
    assert list(GeneratedDocument.objects.values_list("status", flat=True)) == ["fertig"]
    assert not GeneratedDocument.objects.filter(pk=old.pk).exists()
    assert not os.path.exists(old_path)


def test_immediate_backend_delivers_in_the_same_request(db, client):
    response = client.get(URL)
    assert response.status_code == 200 and response.content == b"Hallo malchin"


def test_view_checks_come_first(db, client, db_tasks):
    assert client.get("/test/brief/geheim.txt").status_code == 404
    assert not GeneratedDocument.objects.exists() and not DBTaskResult.objects.exists()


def test_failed_build_says_so_and_can_be_tried_again(db, client):
    FAIL["times"] = 3  # every attempt of the immediate backend fails
    failed = client.get(URL)
    assert failed.status_code == 500
    html = failed.content.decode()
    assert "Das Dokument konnte nicht erstellt werden." in html and 'role="alert"' in html
    assert "nach 3 Versuchen" in html
    assert f'<a class="button" href="{URL}?erneut=1">Erneut versuchen</a>' in html
    doc = GeneratedDocument.objects.get()
    assert doc.status == "fehler" and doc.attempts == 3 and doc.error == "OSError: Schriftart fehlt"
    assert len(BUILT) == 3

    retry = client.get(f"{URL}?erneut=1")  # the retry works this time
    assert retry.status_code == 302 and retry["Location"] == f"{URL}?warten=1"
    assert "Das Dokument ist fertig." in client.get(retry["Location"]).content.decode()
    assert client.get(URL).content == b"Hallo malchin"


def test_a_retry_that_succeeds_before_the_last_attempt_is_not_an_error(db, client):
    FAIL["times"] = 2
    assert client.get(URL).content == b"Hallo malchin"
    assert GeneratedDocument.objects.get().attempts == 3


def test_platform_admin_sees_failed_documents(db, client, user_factory):
    FAIL["times"] = 3
    client.get(URL)
    admin = user_factory(is_superuser=True, is_staff=True)
    totp.activate(admin, totp.generate_totp_secret())
    client.force_login(admin)
    page = client.get("/verwaltung/core/generateddocument/?status__exact=fehler")
    assert page.status_code == 200
    assert "Brief an malchin" in page.content.decode() and "Schriftart fehlt" in page.content.decode()


def test_a_document_left_waiting_is_enqueued_again(db, client, db_tasks):
    client.get(URL)
    DBTaskResult.objects.all().delete()  # the queue row is gone (pruned, lost)
    GeneratedDocument.objects.update(updated_at=timezone.now() - timedelta(minutes=11))
    assert client.get(URL).status_code == 202
    assert DBTaskResult.objects.count() == 1
    worker()
    assert client.get(URL).content == b"Hallo malchin"


def test_purge_removes_what_nobody_asked_for(db, client):
    client.get(URL)
    client.get("/test/brief/loitz.txt")
    GeneratedDocument.objects.filter(key="loitz").update(updated_at=timezone.now() - timedelta(days=31))
    assert generated.documents_purge() == 1
    assert list(GeneratedDocument.objects.values_list("key", flat=True)) == ["malchin"]


def test_purge_is_a_periodic_job(db, client, settings):
    assert settings.PERIODIC_COMMANDS["purge-documents"] == "45 3 * * *"
    client.get(URL)
    GeneratedDocument.objects.update(updated_at=timezone.now() - timedelta(days=40))
    out = io.StringIO()
    call_command("purge-documents", stdout=out)
    assert out.getvalue() == "1 erzeugte Dokument(e) gelöscht.\n"
    assert not GeneratedDocument.objects.exists()


def test_a_lost_file_is_built_again(db, client, db_tasks):
    client.get(URL)
    worker()
    doc = GeneratedDocument.objects.get()
    doc.file.storage.delete(doc.file.name)  # e.g. a restored database without its media
    assert client.get(URL).status_code == 202
    worker()
    assert client.get(URL).content == b"Hallo malchin"
    assert BUILT == ["Hallo malchin", "Hallo malchin"]
