"""Reads of gatherings: upcoming events with their series (next date, rhythm, further dates)."""

from __future__ import annotations

from django.db.models import Sum

from leuchtfeuer.portal.models import Event
from leuchtfeuer.portal.selectors import upcoming_events

MAX_EVENTS = 300
MAX_FURTHER = 6  # further dates listed under a series' next date


def _repeat_of(event: Event) -> str:
    if event.series_id and event.series is not None:
        return event.series.repeat
    return event.repeat


def upcoming_with_series(municipality_ids: list[int], *, kinds: tuple[str, ...] = ()) -> list[Event]:
    """Upcoming published events; a series appears once, as its next date, with
    `rhythm` (Event.Repeat value or "") and `further` (the later dates, at most MAX_FURTHER) set.
    Every item also has `free` (free places). Two queries whatever the number of events."""
    queryset = upcoming_events(municipality_ids).select_related("series")
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    items: list[Event] = []
    by_series: dict[int, Event] = {}
    for event in queryset[:MAX_EVENTS]:
        event.free = max(event.capacity - (event.booked or 0), 0)
        repeat = _repeat_of(event)
        key = (event.series_id or event.pk) if repeat else None
        if key is not None and key in by_series:
            first = by_series[key]
            if len(first.further) < MAX_FURTHER:
                first.further.append(event)
            continue
        event.rhythm = repeat
        event.further = []
        if key is not None:
            by_series[key] = event
        items.append(event)
    return items


def series_dates(event: Event) -> list[Event]:
    """The later published dates of the series an event belongs to."""
    head_id = event.series_id or (event.pk if event.repeat else None)
    if head_id is None:
        return []
    return list(
        Event.objects.filter(series_id=head_id, is_published=True, starts_at__gt=event.starts_at)
        .annotate(booked=Sum("registrations__persons"))
        .order_by("starts_at")[:12]
    )
