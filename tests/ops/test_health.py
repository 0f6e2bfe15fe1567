"""/healthz (issue 19): database, cache, storage and the task queue; 503 when one part is down."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from leuchtfeuer.core import health

pytestmark = pytest.mark.django_db


def test_all_parts_ok_with_task_backlog(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from leuchtfeuer.core.tasks import send_mail_task

    first = send_mail_task.enqueue("Betreff", "Text", ["a@example.org"])
    send_mail_task.enqueue("Betreff", "Text", ["b@example.org"])
    DBTaskResult.objects.filter(pk=first.id).update(enqueued_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == body["database"] == body["cache"] == body["storage"] == "ok"
    assert body["tasks"]["status"] == "ok"
    assert body["tasks"]["backlog"] == 2
    assert 299 <= body["tasks"]["oldest_waiting_seconds"] <= 310
    assert response["Cache-Control"].startswith("max-age=0")


def test_empty_queue_reports_zero(client):
    assert client.get("/healthz").json()["tasks"] == {
        "status": "ok",
        "backlog": 0,
        "oldest_waiting_seconds": 0,
    }


def _broken(*args, **kwargs):
    raise ConnectionError("host db.intern:5432 unreachable, password=geheim")


@pytest.mark.parametrize(
    ("part", "target"),
    [
        ("database", "leuchtfeuer.core.health.connection.cursor"),
        ("cache", "leuchtfeuer.core.health.cache.set"),
        ("storage", "leuchtfeuer.core.health.default_storage.exists"),
        ("tasks", "django_tasks_db.models.DBTaskResultQuerySet.ready"),
    ],
)
def test_one_part_down_answers_503_and_names_it(client, monkeypatch, part, target):
    monkeypatch.setattr(target, _broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body[part] == "error"
    # the task queue lives in the database: without it, the queue is down too
    expected = {part, "tasks"} if part == "database" else {part}
    assert {name for name in health.CHECKS if body[name] == "error"} == expected
    assert "geheim" not in response.content.decode()  # no error text leaks


def test_cache_that_forgets_is_down(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["cache"] == "error"


def test_unwritable_media_directory_is_down(client, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("leuchtfeuer.core.health.os.access", lambda path, mode: False)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["storage"] == "error"
