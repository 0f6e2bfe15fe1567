"""Reads of gatherings: upcoming events with their series (next date, rhythm, further dates)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Sum

from leuchtfeuer.portal.models import Event
from leuchtfeuer.portal.selectors import upcoming_events

MAX_EVENTS = 300
MAX_FURTHER = 6  # further dates listed under a series' next date


@dataclass
class UpcomingEvent:
    """One line of the public event list: an event or the next date of a series."""

    event: Event
    free: int  # free places
    rhythm: str = ""  # Event.Repeat value of the series, "" for a single event
    further: list[Event] = field(default_factory=list)  # the series' later dates

    @property
    def series_id(self) -> int | None:
        return (self.event.series_id or self.event.pk) if self.rhythm else None


def _repeat_of(event: Event) -> str:
    if event.series_id and event.series is not None:
        return event.series.repeat
    return event.repeat


def upcoming_with_series(municipality_ids: list[int], *, kinds: tuple[str, ...] = ()) -> list[UpcomingEvent]:
    """Upcoming published events; a series appears once, as its next date, with its rhythm and
    at most MAX_FURTHER later dates. One query whatever the number of events."""
    queryset = upcoming_events(municipality_ids).select_related("series")
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    items: list[UpcomingEvent] = []
    by_series: dict[int, UpcomingEvent] = {}
    for event in queryset[:MAX_EVENTS]:
        rhythm = _repeat_of(event)
        key = (event.series_id or event.pk) if rhythm else None
        if key is not None and key in by_series:
            first = by_series[key]
            if len(first.further) < MAX_FURTHER:
                first.further.append(event)
            continue
        booked = getattr(event, "booked", None) or 0  # annotated by upcoming_events
        item = UpcomingEvent(event=event, free=max(event.capacity - booked, 0), rhythm=rhythm)
        if key is not None:
            by_series[key] = item
        items.append(item)
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
