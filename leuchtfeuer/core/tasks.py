"""Background tasks through the Django Tasks API (the `django-tasks` backport on Django 5.2; on
Django 6 the imports become `django.tasks`).

The database backend (`django_tasks_db`) keeps the queue in one table; `leuchtfeuer worker`
(any number, on any machine) claims a row with SELECT … FOR UPDATE SKIP LOCKED, so each task
runs once. The backend has no retries: :func:`retrying` wraps a task function so that a failed
attempt is recorded as failed (visible in the admin under "Task results", with its traceback)
and a new attempt is enqueued after an exponential backoff, up to ``attempts`` in all. Task
functions must therefore be idempotent — a retry repeats the whole function.

Periodic jobs are the existing management commands (settings.PERIODIC_COMMANDS); the worker's
scheduler (core/scheduler.py) enqueues :data:`run_command` for each due slot.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskContext, task

logger = logging.getLogger(__name__)

DEFAULT_ATTEMPTS = 5
DEFAULT_BACKOFF_SECONDS = 30


def backoff_delay(attempt: int, *, base: float = DEFAULT_BACKOFF_SECONDS) -> timedelta:
    """Wait before attempt ``attempt + 1``: base · 2^(attempt − 1) — 30 s, 1 min, 2 min, 4 min …
    capped at one hour."""
    return timedelta(seconds=min(base * 2 ** (attempt - 1), 3600))


def retrying(
    *, attempts: int = DEFAULT_ATTEMPTS, backoff: float = DEFAULT_BACKOFF_SECONDS
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a task function (below ``@task(takes_context=True)``) with retries.

    The wrapped function takes the TaskContext first and an optional keyword ``attempt``
    (1-based). When it raises and attempts remain, the same task is enqueued again with
    ``attempt + 1`` to run after :func:`backoff_delay`; the exception is re-raised so that this
    attempt is stored as failed. On a backend without deferred tasks (the immediate backend of
    the tests) the next attempt runs at once.
    """

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(context: TaskContext, *args: Any, attempt: int = 1, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except Exception:
                if attempt >= attempts:
                    logger.error("task %s failed for good after %d attempts", func.__qualname__, attempt)
                    raise
                this = context.task_result.task
                if this.get_backend().supports_defer:
                    this = this.using(run_after=timezone.now() + backoff_delay(attempt, base=backoff))
                logger.warning(
                    "task %s failed (attempt %d of %d), retrying", func.__qualname__, attempt, attempts
                )
                this.enqueue(*args, attempt=attempt + 1, **kwargs)
                raise

        # The backend reads the signature to check the `context` argument: show the wrapper's.
        del wrapper.__wrapped__
        return wrapper

    return decorator


@task(takes_context=True)
@retrying()
def send_mail_task(subject: str, body: str, to: list[str], from_email: str | None = None) -> int:
    """Send one message; an unreachable mail server fails the attempt and it is retried."""
    return send_mail(subject, body, from_email, to, fail_silently=False)


def allowed_commands() -> set[str]:
    return set(settings.PERIODIC_COMMANDS) | set(settings.TASK_COMMANDS)


@task(takes_context=True)
@retrying(attempts=3, backoff=300)
def run_command(name: str) -> str:
    """Run one of the configured management commands (the periodic jobs; warm-projections).

    Only names in settings.PERIODIC_COMMANDS or TASK_COMMANDS run: a task row is data, and data
    must not choose arbitrary code. The commands are idempotent (each says so in its docstring):
    reminders record what they sent, purge-expired finds nothing on a second run.
    """
    if name not in allowed_commands():
        raise ValueError(f"command {name!r} is not allowed as a task")
    call_command(name, verbosity=0)
    return name
