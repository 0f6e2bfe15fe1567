"""What an operator sees: a request id on every request and log line, JSON logs, and Prometheus
metrics on a path of their own.

- ``RequestIdMiddleware`` takes a well-formed ``X-Request-ID`` from the proxy (so one id follows
  the request through proxy, app and logs) or makes one, and returns it in the response.
- ``RequestIdFilter`` puts it on every log record (``request_id``; "-" outside a request), which
  the JSON formatter (python-json-logger, LOG_FORMAT=json, the default in production) writes.
- ``metrics`` serves django-prometheus' request metrics and the task backlog. It is off unless
  METRICS_TOKEN is set, and then answers only ``Authorization: Bearer <token>``: behind a proxy
  on the same host every request comes from loopback, so the address proves nothing.
"""

from __future__ import annotations

import contextvars
import logging
import re
import secrets
import uuid

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def _request_id(request) -> str:
    incoming = request.headers.get("X-Request-ID", "")
    return incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _request_id(request)
        # kept until request_finished: Django logs 4xx/5xx responses after the middleware returned
        request_id_var.set(request.request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


@receiver(request_finished)
def _forget_request_id(**kwargs) -> None:
    request_id_var.set("-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class TaskQueueCollector:
    """leuchtfeuer_tasks_backlog and leuchtfeuer_tasks_oldest_waiting_seconds, read at scrape time."""

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily

        from leuchtfeuer.core.health import check_tasks

        try:
            stats = check_tasks()
        except Exception:
            return
        yield GaugeMetricFamily("leuchtfeuer_tasks_backlog", "Tasks waiting to run", value=stats["backlog"])
        yield GaugeMetricFamily(
            "leuchtfeuer_tasks_oldest_waiting_seconds",
            "Age of the oldest waiting task",
            value=stats["oldest_waiting_seconds"],
        )


_collector_registered = False


def _register_collector() -> None:
    global _collector_registered
    if not _collector_registered:
        from prometheus_client import REGISTRY

        REGISTRY.register(TaskQueueCollector())
        _collector_registered = True


@never_cache
def metrics(request):
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not secrets.compare_digest(given.encode(), token.encode()):
        response = HttpResponse(
            "Zugang nur mit gültigem Token.", status=401, content_type="text/plain; charset=utf-8"
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

    _register_collector()
    return HttpResponse(generate_latest(REGISTRY), content_type=CONTENT_TYPE_LATEST)
