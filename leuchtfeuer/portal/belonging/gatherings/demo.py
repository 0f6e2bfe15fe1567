"""Demo content of belonging/gatherings (fictional, marked as demo); called by portal.belonging.demo.

In every demo town with a portal: a monthly Rückkehrer-Stammtisch (6 dates) and a quarterly
Willkommensabend (4 dates), each a series whose occurrences are kept in step by the same code as
the town's event form. Idempotent: a second run finds the series and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from leuchtfeuer.portal.belonging.gatherings.engine.series import occurrence_dates
from leuchtfeuer.portal.belonging.gatherings.services import occurrences_sync
from leuchtfeuer.portal.models import Event, Portal


@dataclass(frozen=True)
class SeriesSpec:
    title: str
    kind: str
    repeat: str
    count: int
    days_ahead: int
    hour: int
    place: str
    capacity: int
    description: str


SERIES = (
    SeriesSpec(
        title="Rückkehrer-Stammtisch (Demo)",
        kind=Event.Kind.RETURNEE_DAY,
        repeat=Event.Repeat.MONTHLY,
        count=6,
        days_ahead=12,
        hour=18,
        place="Gasthof am Markt (Demo)",
        capacity=25,
        description="Fiktive Demo-Veranstaltung: Wer zurückgekommen ist oder es vorhat, trifft sich "
        "einmal im Monat. Die Lotsin ist dabei.",
    ),
    SeriesSpec(
        title="Willkommensabend für Neue (Demo)",
        kind=Event.Kind.WELCOME,
        repeat=Event.Repeat.QUARTERLY,
        count=4,
        days_ahead=25,
        hour=19,
        place="Bürgerhaus (Demo)",
        capacity=40,
        description="Fiktive Demo-Veranstaltung: Vereine, Feuerwehr und Nachbarschaft stellen sich vor.",
    ),
)


def load(municipalities: dict[str, Any], users: dict[str, Any]) -> None:
    """municipalities: {slug: Municipality}; users: {email: User} of the demo accounts."""
    with_portal = set(
        Portal.objects.filter(municipality__in=list(municipalities.values())).values_list(
            "municipality_id", flat=True
        )
    )
    for municipality in municipalities.values():
        if municipality.pk not in with_portal:
            continue
        for spec in SERIES:
            first = timezone.localtime(timezone.now() + timedelta(days=spec.days_ahead)).replace(
                hour=spec.hour, minute=0, second=0, microsecond=0
            )
            head, _ = Event.objects.get_or_create(
                municipality=municipality,
                title=spec.title,
                series=None,
                defaults={
                    "kind": spec.kind,
                    "repeat": spec.repeat,
                    "place": spec.place,
                    "capacity": spec.capacity,
                    "description": spec.description,
                    "starts_at": first,
                    "ends_at": first + timedelta(hours=2),
                    "is_demo": True,
                },
            )
            dates = occurrence_dates(timezone.localtime(head.starts_at), head.repeat, count=spec.count)
            occurrences_sync(head=head, dates=dates[1:])
