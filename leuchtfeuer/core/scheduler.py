"""Periodic jobs without cron: APScheduler (the scheduler django-crontask builds on; django-crontask
itself needs Python ≥ 3.12) runs inside `leuchtfeuer worker` and *enqueues* a task for each due
slot of settings.PERIODIC_COMMANDS — the work itself runs in the task queue with its retries.

Several workers may run the scheduler: a slot (command + minute) is claimed with ``cache.add``,
which is atomic in the shared database cache (an INSERT that a second process loses), so each
slot is enqueued once. The commands are idempotent besides.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)


def slot_key(name: str, when: datetime) -> str:
    """The cache key of one scheduled run: the command and its minute (rounded, so that two
    schedulers firing a few seconds apart claim the same slot)."""
    minute = (when + timedelta(seconds=30)).replace(second=0, microsecond=0)
    return f"periodic:{name}:{minute:%Y%m%d%H%M}"


def enqueue_due(name: str, *, now: datetime | None = None) -> bool:
    """Enqueue `run_command(name)` unless another scheduler already did for this slot."""
    from leuchtfeuer.core.tasks import run_command

    if not cache.add(slot_key(name, now or timezone.now()), 1, timeout=24 * 3600):
        logger.info("periodic %s: slot already enqueued by another scheduler", name)
        return False
    run_command.enqueue(name)
    logger.info("periodic %s enqueued", name)
    return True


def build_scheduler():
    """A background APScheduler with one cron job per configured command (not started)."""
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.cron import CronTrigger

    scheduler = BackgroundScheduler(timezone=settings.TIME_ZONE)
    for name, crontab in settings.PERIODIC_COMMANDS.items():
        scheduler.add_job(
            enqueue_due,
            CronTrigger.from_crontab(crontab, timezone=settings.TIME_ZONE),
            args=[name],
            id=name,
            misfire_grace_time=3600,
            coalesce=True,
        )
    return scheduler
