"""The health check (the pages around the parts are in leuchtfeuer.home)."""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:
        database = "error"
    status = "ok" if database == "ok" else "error"
    return JsonResponse({"status": status, "database": database}, status=200 if status == "ok" else 503)
