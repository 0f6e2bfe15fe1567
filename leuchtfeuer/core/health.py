"""/healthz for load balancers and operators: database, cache, file storage and the task queue.

Answers 200 with ``{"status": "ok", "database": "ok", "cache": "ok", "storage": "ok",
"tasks": {"status": "ok", "backlog": n, "oldest_waiting_seconds": s}}`` and 503 with
``"status": "error"`` when one part is down (its value is then "error"). A long backlog does not
fail the check — the app servers work without a worker, and a proxy must not take all of them
out because a worker stopped; operators alert on ``oldest_waiting_seconds`` (also a metric).
No part's error text is shown: it may name hosts or credentials.
"""

from __future__ import annotations

import logging
import os
import secrets
from typing import Any

from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

PROBE_NAME = "healthz/probe.txt"


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    key, value = "healthz:probe", secrets.token_hex(8)
    cache.set(key, value, timeout=30)
    if cache.get(key) != value:
        raise RuntimeError("cache did not return the value just written")
    return "ok"


def check_storage() -> str:
    """The upload storage answers: a local directory must exist (or be creatable) and be
    writable; a remote one (S3) must answer a metadata request."""
    if isinstance(default_storage, FileSystemStorage):
        os.makedirs(default_storage.location, exist_ok=True)
        if not os.access(default_storage.location, os.W_OK):
            raise PermissionError("media directory not writable")
    default_storage.exists(PROBE_NAME)
    return "ok"


def check_tasks() -> dict[str, Any]:
    from django.db.models import Min
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    stats = waiting.aggregate(oldest=Min("enqueued_at"))
    oldest = stats["oldest"]
    return {
        "status": "ok",
        "backlog": waiting.count(),
        "oldest_waiting_seconds": round((timezone.now() - oldest).total_seconds()) if oldest else 0,
    }


CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage, "tasks": check_tasks}


def health_report() -> tuple[dict[str, Any], bool]:
    report: dict[str, Any] = {}
    healthy = True
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception:
            logger.exception("health check %s failed", name)
            report[name] = "error"
            healthy = False
    return {"status": "ok" if healthy else "error", **report}, healthy


@never_cache
@require_GET
def healthz(request):
    report, healthy = health_report()
    return JsonResponse(report, status=200 if healthy else 503)
