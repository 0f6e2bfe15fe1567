"""Reads of the portal shared by views, API, exports and commands (bounded queries)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leuchtfeuer.places.models import Municipality, Region
from leuchtfeuer.places.profile import build_profile, data_version
from leuchtfeuer.portal.belonging.buddies import privacy as buddy_privacy
from leuchtfeuer.portal.engine import matching, stats
from leuchtfeuer.portal.models import (
    Case,
    CaseTask,
    Consent,
    Event,
    EventRegistration,
    Inquiry,
    InquiryStat,
    Offer,
    Portal,
    Stage,
    Story,
    TrialApartment,
    TrialApplication,
    TrialNight,
    WelcomeBoxRequest,
)
from leuchtfeuer.portal.shared import add_months
from leuchtfeuer.portal.vocab import (
    HOUSING_TO_KIND,
    LIFE_PHASE_CHOICES,
    PHASE_PATHS,
    TIMEFRAME_MONTHS,
    HousingType,
    Interest,
    JobField,
    OfferKind,
    Origin,
)

# ---------------------------------------------------------------------------------------------
# Public portal
# ---------------------------------------------------------------------------------------------


def published_portals() -> QuerySet[Portal]:
    return Portal.objects.filter(is_published=True).select_related("municipality__region").order_by("title")


def portal_by_slug(slug: str, *, user=None) -> Portal | None:
    """The portal of a municipality; unpublished ones only for people who manage it (preview)."""
    portal = Portal.objects.select_related("municipality__region").filter(municipality__slug=slug).first()
    if portal is None:
        return None
    if portal.is_published or (
        user is not None and user.has_perm("portal.manage_portal", portal.municipality)
    ):
        return portal
    return None


def member_municipality_ids(portal: Portal) -> list[int]:
    """The municipality itself, and for a Kreis portal every municipality in the Kreis."""
    municipality = portal.municipality
    region = municipality.region
    ids = [municipality.pk]
    if region.level == Region.Level.KREIS:
        ids += list(
            Municipality.objects.filter(region__kreis_code=region.ars)
            .exclude(pk=municipality.pk)
            .values_list("pk", flat=True)
        )
    return ids


def is_kreis_portal(portal: Portal) -> bool:
    return portal.municipality.region.level == Region.Level.KREIS


def visible_offers(municipality_ids: list[int], *, today: date | None = None) -> QuerySet[Offer]:
    """Published offers whose end date has not passed: an expired offer disappears by the query
    itself on the day after its last day, no cron job needed."""
    today = today or timezone.localdate()
    return (
        Offer.objects.filter(municipality_id__in=municipality_ids, status=Offer.Status.PUBLISHED)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        # engagement / shared_living: the details of issue 21's offers (one-to-one, same query).
        .select_related(
            "ortsteil", "organisation", "municipality", "apartment", "engagement", "shared_living"
        )
        .order_by("-published_at", "-id")
    )


def filter_offers(
    queryset: QuerySet[Offer], *, kind: str = "", ortsteil: str = "", phase: str = "", job_field: str = ""
) -> QuerySet[Offer]:
    if kind in OfferKind.values:
        queryset = queryset.filter(kind=kind)
    elif kind == "arbeit":
        queryset = queryset.filter(kind__in=[OfferKind.JOB, OfferKind.APPRENTICESHIP])
    elif kind == "wohnen":
        # Azubi-WG rooms and Wohnen für Hilfe are housing too (issue 21).
        queryset = queryset.filter(
            kind__in=[
                OfferKind.FLAT,
                OfferKind.HOUSE,
                OfferKind.PLOT,
                OfferKind.AZUBI_WG,
                OfferKind.HOMESHARING,
            ]
        )
    if ortsteil.isdecimal():
        queryset = queryset.filter(ortsteil_id=int(ortsteil))
    if job_field in JobField.values:
        queryset = queryset.filter(job_field=job_field)
    if phase:
        kinds = PHASE_PATHS.get(phase)
        if kinds:
            queryset = queryset.filter(kind__in=kinds)
    return queryset


def published_stories(municipality_ids: list[int]) -> QuerySet[Story]:
    return Story.objects.filter(municipality_id__in=municipality_ids, is_published=True).select_related(
        "municipality"
    )


def upcoming_events(municipality_ids: list[int]) -> QuerySet[Event]:
    return (
        Event.objects.filter(
            municipality_id__in=municipality_ids, is_published=True, starts_at__gte=timezone.now()
        )
        .annotate(booked=Sum("registrations__persons"))
        .select_related("municipality")
        .order_by("starts_at")
    )


def event_free_places(event: Event) -> int:
    booked = getattr(event, "booked", None)
    if booked is None:
        booked = event.registrations.aggregate(n=Sum("persons"))["n"]
    return max(event.capacity - (booked or 0), 0)


# Key figures shown on a portal's start page: computed by the Kommunalprofil, never typed in.
KEY_FIGURES = (
    ("population", _("Einwohner:innen")),
    ("population_change_10y", _("Bevölkerungsentwicklung über 10 Jahre")),
    ("share_under_18", _("Anteil unter 18-Jähriger")),
    ("mean_age", _("Durchschnittsalter (geschätzt)")),
    ("density", _("Einwohner:innen je km²")),
)


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    value: float
    unit: str
    reference_date: date | None
    reference_start: date | None
    source: str
    definition: str


def key_figures(region: Region) -> list[dict]:
    """A few indicators of the Kommunalprofil (cached per region and data version)."""
    cache_key = f"leuchtfeuer:portal:keyfigures:{region.pk}:{data_version()}"
    result = cache.get(cache_key)
    if result is None:
        profile = build_profile(region, with_map=False, with_peers=False)
        result = []
        for key, _label in KEY_FIGURES:
            ind = profile.indicator(key)
            if ind is None or ind.value is None:
                continue
            result.append(
                {
                    "key": key,
                    "value": ind.value,
                    "unit": ind.unit,
                    "reference_date": ind.reference_date,
                    "reference_start": ind.reference_start,
                    "source": ind.source,
                    "definition": ind.definition,
                }
            )
        cache.set(cache_key, result, timeout=3600)
    labels = dict(KEY_FIGURES)
    return [dict(item, label=labels[item["key"]]) for item in result]


def apartment_calendar(apartment: TrialApartment, *, start: date, months: int = 3) -> list[dict]:
    """Month grids (weeks × days) with each day marked free/booked — no names, one query."""
    first = start.replace(day=1)
    last_month = first
    for _i in range(months - 1):
        last_month = (last_month + timedelta(days=32)).replace(day=1)
    end = last_month.replace(day=calendar.monthrange(last_month.year, last_month.month)[1])
    booked = set(
        TrialNight.objects.filter(apartment=apartment, night__gte=first, night__lte=end).values_list(
            "night", flat=True
        )
    )
    today = timezone.localdate()
    grids = []
    month = first
    for _i in range(months):
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
            weeks.append(
                [
                    {"day": d, "in_month": d.month == month.month, "booked": d in booked, "past": d < today}
                    for d in week
                ]
            )
        grids.append({"month": month, "weeks": weeks})
        month = (month + timedelta(days=32)).replace(day=1)
    return grids


# ---------------------------------------------------------------------------------------------
# Lotse workspace
# ---------------------------------------------------------------------------------------------


def cases_by_stage(municipality: Municipality) -> list[dict]:
    cases = list(
        Case.objects.filter(municipality=municipality)
        .select_related("inquiry", "lotse")
        .annotate(open_tasks=Count("tasks", filter=Q(tasks__done_at__isnull=True)))
        .prefetch_related(  # "über Veranstaltung": the registration that opened the case (issue 21)
            Prefetch("event_registrations", queryset=EventRegistration.objects.select_related("event"))
        )
        .order_by("-opened_at")[:500]
    )
    return [
        {"stage": stage, "label": label, "cases": [c for c in cases if c.stage == stage]}
        for stage, label in Stage.choices
    ]


def due_tasks(municipality: Municipality, *, today: date | None = None):
    today = today or timezone.localdate()
    return (
        CaseTask.objects.filter(
            case__municipality=municipality, done_at__isnull=True, due_on__lte=today + timedelta(days=7)
        )
        .select_related("case")
        .order_by("due_on")[:100]
    )


def case_needs(case: Case) -> matching.Needs:
    inquiry = case.inquiry
    months = TIMEFRAME_MONTHS.get(inquiry.timeframe, 0)
    base = timezone.localdate(case.opened_at)
    arrival = add_months(timezone.localtime(case.opened_at), months).date() if months else base
    housing_kind = HOUSING_TO_KIND.get(inquiry.housing_type, "") if inquiry.housing_type else ""
    return matching.Needs(
        life_phase=inquiry.life_phase,
        job_field=inquiry.job_field,
        job_field_label=str(JobField(inquiry.job_field).label) if inquiry.job_field else "",
        partner_job_field=inquiry.partner_job_field,
        partner_job_field_label=str(JobField(inquiry.partner_job_field).label)
        if inquiry.partner_job_field
        else "",
        housing_kind=str(housing_kind),
        housing_label=str(HousingType(inquiry.housing_type).label) if inquiry.housing_type else "",
        kita=inquiry.needs_kita,
        school=inquiry.needs_school,
        trial=inquiry.wants_trial,
        ortsteil_id=inquiry.ortsteil_id,
        ortsteil_name=inquiry.ortsteil.name if inquiry.ortsteil_id else "",
        arrival=arrival,
    )


def case_matches(case: Case, *, limit: int = 15) -> list[tuple[Offer, matching.Match]]:
    """Published, unexpired offers of the case's town (and its Kreis portal) that fit, with reasons."""
    ids = [case.municipality_id]
    region = case.municipality.region
    if region.kreis_code:
        ids += list(
            Municipality.objects.filter(
                Q(region__ars=region.kreis_code) | Q(region__kreis_code=region.kreis_code)
            )
            .exclude(pk=case.municipality_id)
            .values_list("pk", flat=True)
        )
    offers = {o.pk: o for o in visible_offers(ids)[:1000]}
    infos = [
        matching.OfferInfo(
            id=o.pk,
            kind=o.kind,
            title=o.title,
            job_field=o.job_field,
            ortsteil_id=o.ortsteil_id,
            ortsteil_name=o.ortsteil.name if o.ortsteil_id else "",
            starts_on=o.starts_on,
            ends_on=o.ends_on,
            life_phases=tuple(o.life_phases or ()),
        )
        for o in offers.values()
    ]
    found = matching.match_offers(case_needs(case), infos, today=timezone.localdate(), limit=limit)
    return [(offers[m.offer_id], m) for m in found]


def case_related_records(case: Case) -> dict[str, list]:
    """The person's other requests in the same town (found by her e-mail address)."""
    email = case.inquiry.email
    return {
        "trial_applications": list(
            TrialApplication.objects.filter(email=email, apartment__municipality_id=case.municipality_id)
            .select_related("apartment")
            .order_by("arrival")[:20]
        ),
        "event_registrations": list(
            EventRegistration.objects.filter(email=email, event__municipality_id=case.municipality_id)
            .select_related("event")
            .order_by("event__starts_at")[:20]
        ),
        "welcome_boxes": list(
            WelcomeBoxRequest.objects.filter(email=email, municipality_id=case.municipality_id)[:5]
        ),
    }


def waiting_list(apartment: TrialApartment) -> QuerySet[TrialApplication]:
    return apartment.applications.filter(status=TrialApplication.Status.WAITING).order_by("created_at", "id")


def dashboard_panel_context(request, municipality: Municipality) -> dict | None:
    user = request.user
    can_cases = user.has_perm("portal.view_case", municipality)
    can_manage = user.has_perm("portal.manage_portal", municipality)
    can_offer = user.has_perm("portal.submit_offer", municipality)
    can_stats = user.has_perm("portal.view_statistics", municipality)
    if not (can_cases or can_manage or can_offer or can_stats):
        return None
    portal = Portal.objects.filter(municipality=municipality).first()
    context = {
        "municipality": municipality,
        "portal": portal,
        "can_cases": can_cases,
        "can_manage": can_manage,
        "can_offer": can_offer,
        "can_stats": can_stats,
    }
    if can_cases:
        context["open_cases"] = (
            Case.objects.filter(municipality=municipality)
            .exclude(stage__in=[Stage.MOVED, Stage.NOT_MOVED])
            .count()
        )
        context["submitted_offers"] = Offer.objects.filter(
            municipality=municipality, status=Offer.Status.SUBMITTED
        ).count()
    return context


# ---------------------------------------------------------------------------------------------
# Meine Daten
# ---------------------------------------------------------------------------------------------


def person_records(email: str) -> dict[str, list]:
    email = email.strip().lower()
    cases = list(
        Case.objects.filter(inquiry__email=email)
        .select_related("municipality", "inquiry", "lotse")
        .prefetch_related("notes", "tasks", "emails")
    )
    return {
        "inquiries": list(
            Inquiry.objects.filter(email=email).select_related("municipality", "ortsteil", "consent")
        ),
        "cases": cases,
        "trial_applications": list(
            TrialApplication.objects.filter(email=email).select_related("apartment__municipality")
        ),
        "event_registrations": list(
            EventRegistration.objects.filter(email=email).select_related("event__municipality")
        ),
        "welcome_boxes": list(WelcomeBoxRequest.objects.filter(email=email).select_related("municipality")),
        "consents": list(Consent.objects.filter(email=email).order_by("given_at")),
        **buddy_privacy.records(email),
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def person_export(email: str) -> dict:
    """Everything stored about an e-mail address, as plain data (JSON export, Art. 15/20 DSGVO)."""
    r = person_records(email)
    return {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "inquiries": [
            {
                "id": i.pk,
                "municipality": i.municipality.display_name,
                "name": i.name,
                "email": i.email,
                "phone": i.phone,
                "life_phase": i.get_life_phase_display(),
                "is_returnee": i.is_returnee,
                "job_field": i.get_job_field_display(),
                "partner_job_field": i.get_partner_job_field_display(),
                "housing_type": i.get_housing_type_display(),
                "needs_kita": i.needs_kita,
                "needs_school": i.needs_school,
                "wants_trial": i.wants_trial,
                "ortsteil": i.ortsteil.name if i.ortsteil_id else "",
                "interests": [str(Interest(k).label) for k in i.interests or [] if k in Interest.values],
                "timeframe": i.get_timeframe_display(),
                "origin": i.get_origin_display(),
                "origin_place": i.origin_place,
                "message": i.message,
                "sent_at": _iso(i.created_at),
                "confirmed_at": _iso(i.confirmed_at),
            }
            for i in r["inquiries"]
        ],
        "cases": [
            {
                "id": c.pk,
                "municipality": c.municipality.display_name,
                "stage": c.get_stage_display(),
                "lotse": (c.lotse.name or c.lotse.email) if c.lotse else "",
                "opened_at": _iso(c.opened_at),
                "retain_until": _iso(c.retain_until),
                "notes": [{"text": n.text, "created_at": _iso(n.created_at)} for n in c.notes.all()],
                "tasks": [
                    {"title": t.title, "due_on": _iso(t.due_on), "done_at": _iso(t.done_at)}
                    for t in c.tasks.all()
                ],
                "emails": [
                    {"subject": e.subject, "body": e.body, "sent_at": _iso(e.sent_at)} for e in c.emails.all()
                ],
            }
            for c in r["cases"]
        ],
        "trial_applications": [
            {
                "id": a.pk,
                "apartment": a.apartment.name,
                "municipality": a.apartment.municipality.display_name,
                "name": a.name,
                "arrival": _iso(a.arrival),
                "departure": _iso(a.departure),
                "persons": a.persons,
                "motivation": a.motivation,
                "status": a.get_status_display(),
                "sent_at": _iso(a.created_at),
            }
            for a in r["trial_applications"]
        ],
        "event_registrations": [
            {
                "id": e.pk,
                "event": e.event.title,
                "municipality": e.event.municipality.display_name,
                "name": e.name,
                "persons": e.persons,
                "registered_at": _iso(e.created_at),
            }
            for e in r["event_registrations"]
        ],
        "welcome_boxes": [
            {
                "id": b.pk,
                "municipality": b.municipality.display_name,
                "name": b.name,
                "address": b.address,
                "moved_in_on": _iso(b.moved_in_on),
                "household": b.household,
                "status": b.get_status_display(),
                "requested_at": _iso(b.created_at),
            }
            for b in r["welcome_boxes"]
        ],
        **buddy_privacy.export(email),
        "consents": [
            {
                "purpose": c.purpose,
                "version": c.version,
                "text": c.text,
                "language": c.language,
                "retention_months": c.retention_months,
                "given_at": _iso(c.given_at),
                "confirmed_at": _iso(c.confirmed_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in r["consents"]
        ],
    }


# ---------------------------------------------------------------------------------------------
# Datenwissen (anonymous statistics)
# ---------------------------------------------------------------------------------------------

NEED_LABELS = [
    ("job", "Arbeit"),
    ("partner_job", "Arbeit für Partner:in"),
    ("housing", "Wohnen"),
    ("kita", "Kita-Platz"),
    ("school", "Schule"),
    ("trial", "Probewohnen"),
]


def statistics_scope(municipality: Municipality, scope: str) -> tuple[list[int], str]:
    """Municipality ids and a German label for the town (`gemeinde`) or its Kreis (`kreis`)."""
    region = municipality.region
    if scope == "kreis" or region.level == Region.Level.KREIS:
        kreis_code = region.ars if region.level == Region.Level.KREIS else region.kreis_code
        kreis = Region.objects.filter(ars=kreis_code).first()
        ids = list(
            Municipality.objects.filter(
                Q(region__ars=kreis_code) | Q(region__kreis_code=kreis_code)
            ).values_list("pk", flat=True)
        )
        return ids, f"Kreis {kreis.name if kreis else kreis_code} (alle Kommunen mit Portal)"
    return [municipality.pk], municipality.display_name


def last_months(today: date, n: int = 12) -> list[date]:
    months = []
    month = today.replace(day=1)
    for _i in range(n):
        months.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def statistics(municipality_ids: list[int], *, today: date | None = None) -> stats.Summary:
    today = today or timezone.localdate()
    rows = InquiryStat.objects.filter(municipality_id__in=municipality_ids).values_list(
        "month", "life_phase", "needs", "origin", "outcome", "days_to_decision", "is_returnee"
    )
    records = [stats.Record(m, p, tuple(n or ()), o, out, d, r) for m, p, n, o, out, d, r in rows]
    return stats.summarise(
        records,
        phase_labels=[(k, str(v)) for k, v in LIFE_PHASE_CHOICES],
        need_labels=NEED_LABELS,
        origin_labels=[(k, str(v)) for k, v in Origin.choices],
        months=last_months(today),
    )
