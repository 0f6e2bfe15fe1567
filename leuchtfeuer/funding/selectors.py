"""Reads of the funding part that views, services, the API and the command share."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum
from django.utils import timezone

from leuchtfeuer.core.taxonomy import HANDLUNGSFELDER
from leuchtfeuer.funding.engine.eligibility import ApplicantFacts, EligibilityRules, evaluate
from leuchtfeuer.funding.engine.selection import Candidate, SelectionRules
from leuchtfeuer.funding.models import (
    Application,
    BudgetLine,
    Call,
    CallItem,
    ConflictDeclaration,
    Criterion,
    ExpenseClaim,
    Grant,
    Programme,
    Review,
)
from leuchtfeuer.places.models import Region

ZERO = Decimal("0")

# Data-sheet fields the office can pre-fill from the Kommunalprofil (key → label).
PROFILE_FIELDS: dict[str, str] = {
    "population": "Einwohner:innen (letzter Stichtag)",
    "population_change_5y": "Bevölkerungsentwicklung über 5 Jahre (%)",
    "population_change_10y": "Bevölkerungsentwicklung über 10 Jahre (%)",
    "share_under_18": "Anteil unter 18-Jähriger (%)",
    "share_65_plus": "Anteil ab 65-Jähriger (%)",
    "share_75_plus": "Anteil ab 75-Jähriger (%)",
    "old_age_ratio": "Altenquotient",
    "youth_ratio": "Jugendquotient",
    "mean_age": "Durchschnittsalter (geschätzt)",
    "migration_balance_per_1000": "Wanderungssaldo je 1.000 Einwohner:innen",
    "area": "Fläche (km²)",
    "density": "Bevölkerungsdichte (je km²)",
    "size_class": "Größenklasse",
    "degurba": "Grad der Verstädterung",
    "kreis": "Landkreis / kreisfreie Stadt",
    "land": "Bundesland",
    "projection": "Bevölkerungsvorausberechnung",
}
PROJECTION_NOTE = "Keine Vorausberechnung für diese Gebietseinheit verfügbar. Bitte tragen Sie den Wert aus Ihrer Prognose selbst ein."
PROJECTION_YEARS = (2035, 2045)


# ---------------------------------------------------------------------------- catalogue, fit


def programme_rules(programme: Programme) -> EligibilityRules:
    return EligibilityRules(
        lands=tuple(programme.lands or ()),
        size_classes=tuple(programme.size_classes or ()),
        min_population=programme.min_population,
        max_population=programme.max_population,
        degurba=tuple(int(d) for d in programme.degurba or ()),
        applicant_types=tuple(programme.applicant_types or ()),
        own_contribution_percent=programme.own_contribution_percent,
        deadline=programme.deadline,
        topics=tuple(programme.topics or ()),
    )


def applicant_facts(municipality) -> ApplicantFacts:
    from leuchtfeuer.funding.models import FundingProfile
    from leuchtfeuer.werkstatt.selectors import plan_handlungsfelder

    region = municipality.region
    profile = FundingProfile.objects.filter(municipality=municipality).first()
    return ApplicantFacts(
        name=municipality.display_name,
        applicant_type="kommune",
        land_code=region.land_code,
        population=region.population,
        size_class=region.size_class,
        degurba=region.degurba,
        own_contribution_capacity_percent=profile.own_contribution_percent if profile else None,
        topics=tuple(plan_handlungsfelder(municipality)),
        topic_labels={t.key: t.label for t in HANDLUNGSFELDER},
    )


@dataclass
class Fit:
    programme: Programme
    eligible: bool | None
    reasons: list[str]
    missing: list[str]
    open_calls: list[Call] = field(default_factory=list)


def fit_check(municipality, *, today: date | None = None) -> list[Fit]:
    """Every active programme checked against the town: fitting first, then open, then not fitting."""
    today = today or timezone.localdate()
    facts = applicant_facts(municipality)
    now = timezone.now()
    programmes = Programme.objects.filter(is_active=True).prefetch_related(
        Prefetch(
            "calls",
            queryset=Call.objects.filter(status=Call.Status.PUBLISHED, deadline__gt=now),
            to_attr="open_calls_list",
        )
    )
    result = []
    for programme in programmes:
        eligible, reasons, missing = evaluate(programme_rules(programme), facts, today=today)
        result.append(Fit(programme, eligible, reasons, missing, programme.open_calls_list))
    order = {True: 0, None: 1, False: 2}
    return sorted(result, key=lambda f: (order[f.eligible], f.programme.name))


def open_calls(*, now=None):
    now = now or timezone.now()
    return Call.objects.filter(status=Call.Status.PUBLISHED, deadline__gt=now).select_related("programme")


@dataclass(frozen=True)
class CallBudget:
    """An open call and the part of its budget not yet granted (budget − granted budget lines)."""

    call: Call
    granted: Decimal
    remaining: Decimal


def open_calls_with_remaining_budget(*, now=None) -> list[CallBudget]:
    """Open calls with money left, for other parts (the matching agency) to read, never copy."""
    calls = open_calls(now=now).annotate(granted_sum=Sum("grants__budget_lines__amount"))
    result = []
    for call in calls:
        granted = call.granted_sum or ZERO
        if call.budget - granted > 0:
            result.append(CallBudget(call, granted, call.budget - granted))
    return result


def public_calls():
    return Call.objects.exclude(status=Call.Status.DRAFT).select_related("programme")


# ---------------------------------------------------------------------------- data sheet


def _fmt_number(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def profile_values(region: Region) -> dict[str, tuple[str, str]]:
    """{profile key: (value as German text, source)} from the Kommunalprofil of the region."""
    from leuchtfeuer.places.models import Region as RegionModel
    from leuchtfeuer.places.profile import build_profile

    values: dict[str, tuple[str, str]] = {}
    profile = build_profile(region, with_map=False, with_peers=False)
    for ind in profile.indicators:
        if ind.key not in PROFILE_FIELDS or ind.value is None:
            continue
        decimals = 0 if ind.unit == "Personen" else 1
        period = ""
        if ind.reference_date:
            period = f"{ind.reference_date:%d.%m.%Y}"
            if ind.reference_start:
                period = f"{ind.reference_start:%d.%m.%Y}–{period}"
        source = f"Kommunalprofil: {ind.source}"
        if period and period not in ind.source:
            source += f", {period}"
        values[ind.key] = (_fmt_number(ind.value, decimals), source)
    projection = projection_value(region)
    if projection is not None:
        values["projection"] = projection
    official = "Kommunalprofil: Gemeindeverzeichnis (Destatis)"
    if region.size_class:
        values["size_class"] = (region.size_class, official + ", Größenklasse nach BBSR")
    if region.degurba:
        values["degurba"] = (RegionModel.Degurba(region.degurba).label, official + ", DEGURBA")
    if profile.kreis is not None:
        values["kreis"] = (profile.kreis.name, official)
    if profile.land is not None:
        values["land"] = (profile.land.name, official)
    return values


def projection_value(region: Region) -> tuple[str, str] | None:
    """The town's current projection (leuchtfeuer.projections) as data-sheet text with its source."""
    try:
        from leuchtfeuer.projections.current import region_projection

        proj = region_projection(region)
    except Exception:  # the projection is optional for the data sheet; never block an application
        import logging

        logging.getLogger(__name__).exception("projection for %s failed", region.key)
        return None
    if proj is None:
        return None
    parts = []
    base = float(proj.total[0])
    for year in PROJECTION_YEARS:
        if year not in proj.years:
            continue
        i = proj.year_index(year)
        value = float(proj.total[i])
        change = _fmt_number(100 * (value - base) / base, 1)
        change = change.replace("-", "−") if change.startswith("-") else f"+{change}"
        text = f"{year}: {_fmt_number(value, 0)} ({change} % ggü. {proj.base_year})"
        if proj.has_level(0.8):
            lo, hi = proj.intervals[0.8]
            text += f", 80-%-Bereich {_fmt_number(float(lo[i]), 0)}–{_fmt_number(float(hi[i]), 0)}"
        parts.append(text)
    if not parts:
        return None
    source = (
        f"Leuchtfeuer-Vorausberechnung, Basisjahr {proj.base_year} (Ensemble aus Kohorten-Komponenten-Modell "
        "und Trendverfahren; Bereiche aus eigenen Rückrechnungen kalibriert)"
    )
    if proj.base_estimated:
        source += f"; Altersstruktur im Basisjahr aus {proj.base_table_year} fortgeschrieben (geschätzt)"
    return "; ".join(parts), source


def datasheet_prefill(call: Call, region: Region) -> dict[str, dict]:
    """{item id: {"value", "source", "prefilled"}} for the call's data-sheet fields."""
    items = [i for i in call.items.all() if i.kind == CallItem.Kind.DATASHEET and i.profile_key]
    if not items:
        return {}
    values = profile_values(region)
    result = {}
    for item in items:
        if item.profile_key not in values:
            note = (
                PROJECTION_NOTE if item.profile_key == "projection" else "Im Kommunalprofil nicht verfügbar."
            )
            result[str(item.pk)] = {"value": "", "source": note, "prefilled": False}
        else:
            value, source = values[item.profile_key]
            result[str(item.pk)] = {"value": value, "source": source, "prefilled": True}
    return result


# ---------------------------------------------------------------------------- applications


def call_items(call: Call) -> dict[str, list[CallItem]]:
    grouped: dict[str, list[CallItem]] = {kind: [] for kind in CallItem.Kind.values}
    for item in call.items.all():
        grouped[item.kind].append(item)
    return grouped


def application_missing(application: Application) -> list[str]:
    """What must still be done before the application can be submitted (German, with where)."""
    call = application.call
    missing = []
    if not application.title.strip():
        missing.append("Titel des Vorhabens fehlt.")
    if not application.summary.strip():
        missing.append("Kurzbeschreibung fehlt.")
    if application.requested_amount is None:
        missing.append("Beantragte Summe fehlt.")
    elif call.max_request is not None and application.requested_amount > call.max_request:
        missing.append(
            f"Beantragte Summe zu hoch: höchstens {call.max_request:.2f} € je Antrag.".replace(".", ",", 1)
        )
    if application.applicant_type == "kommune" or not call.short_form:
        items = call_items(call)
        for item in items[CallItem.Kind.PREREQUISITE]:
            entry = application.prerequisites.get(str(item.pk)) or {}
            if not entry.get("fulfilled"):
                missing.append(f"Voraussetzung „{item.label}“: noch nicht als erfüllt bestätigt.")
            elif not (entry.get("evidence") or "").strip():
                missing.append(
                    f"Voraussetzung „{item.label}“: Nachweis fehlt ({item.help_text or 'bitte beschreiben'})."
                )
        for item in items[CallItem.Kind.QUESTION]:
            if item.required and not (application.answers.get(str(item.pk)) or "").strip():
                missing.append(f"Leitfrage „{item.label}“ ist nicht beantwortet.")
        for item in items[CallItem.Kind.DATASHEET]:
            entry = application.datasheet.get(str(item.pk)) or {}
            if item.required and not str(entry.get("value") or "").strip():
                missing.append(f"Datenblatt: „{item.label}“ ist leer.")
        attached = {a.item_id for a in application.attachments.all()}
        for item in items[CallItem.Kind.ATTACHMENT]:
            if item.required and item.pk not in attached:
                missing.append(f"Anlage „{item.label}“ fehlt.")
    return missing


def applications_of_town(municipality):
    return (
        Application.objects.filter(municipality=municipality)
        .select_related("call", "call__programme")
        .order_by("-call__deadline")
    )


def applications_of_user(user):
    return (
        Application.objects.filter(created_by=user, municipality__isnull=True)
        .select_related("call")
        .order_by("-created_at")
    )


# ---------------------------------------------------------------------------- review


def reviewer_conflict(user, application: Application) -> str | None:
    """Why this reviewer may not review this application (None = no conflict)."""
    from leuchtfeuer.accounts.models import Membership

    if application.municipality_id is not None and application.created_by_id == user.pk:
        return "Sie haben den Antrag selbst angelegt."
    if application.created_by_id == user.pk:
        return "Sie haben den Antrag selbst gestellt."
    region = application.region
    kreis = region.kreis_code
    for m in Membership.objects.filter(user=user).select_related("municipality", "municipality__region"):
        if application.municipality_id and m.municipality_id == application.municipality_id:
            return f"Sie haben eine Rolle in {m.municipality} – derselben Kommune wie der Antrag."
        own = m.municipality.region
        if own.pk == region.pk:
            return f"Sie haben eine Rolle in {m.municipality} – demselben Ort wie der Antrag."
        if kreis and own.kreis_code == kreis:
            return f"Sie haben eine Rolle in {m.municipality} – im selben Kreis wie der Antrag."
    declared = ConflictDeclaration.objects.filter(application=application, reviewer=user).first()
    if declared is not None:
        return f"Sie haben Befangenheit erklärt: {declared.reason}"
    return None


def reviewer_queue(user):
    """[(call, [(application, conflict or None, own review or None)])] for the reviewer."""
    calls = Call.objects.filter(reviewer_assignments__reviewer=user).order_by("-deadline").distinct()
    result = []
    for call in calls:
        apps = (
            call.applications.exclude(status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])
            .select_related("region", "municipality", "call")
            .prefetch_related(
                Prefetch("reviews", queryset=Review.objects.filter(reviewer=user), to_attr="mine")
            )
        )
        result.append((call, [(a, reviewer_conflict(user, a), a.mine[0] if a.mine else None) for a in apps]))
    return result


@dataclass
class ScoreRow:
    application: Application
    reviews: int
    per_criterion: list[dict]  # {"criterion", "points": [..], "mean", "spread"}
    total: float | None  # weighted score 0–100
    reviewer_totals: list[float]
    spread: float | None  # max − min of the reviewers' totals
    stdev: float | None
    prerequisites_ok: bool | None  # office check: True all met, False one not met, None unchecked


def weighted_total(points: dict[int, list[int]], criteria: list[Criterion]) -> float | None:
    """0–100: Σ weight × mean points / max points, divided by Σ weight (criteria without points skipped)."""
    num = 0.0
    den = 0.0
    for c in criteria:
        values = points.get(c.pk) or []
        if not values:
            continue
        num += float(c.weight) * (sum(values) / len(values)) / c.max_points
        den += float(c.weight)
    if den == 0:
        return None
    return 100.0 * num / den


def prerequisites_ok(application: Application, prerequisite_items: list[CallItem]) -> bool | None:
    check = application.prerequisite_check or {}
    if not prerequisite_items:
        return True
    states = [check.get(str(i.pk), {}).get("met") for i in prerequisite_items]
    if any(s is False for s in states):
        return False
    if all(s is True for s in states):
        return True
    return None


def score_table(call: Call) -> list[ScoreRow]:
    """All submitted applications of a call with every reviewer's scores, mean, spread and check."""
    criteria = list(call.criteria.all())
    prereq_items = [i for i in call.items.all() if i.kind == CallItem.Kind.PREREQUISITE]
    apps = (
        call.applications.exclude(status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])
        .select_related("region", "municipality")
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer").prefetch_related("scores"))
        )
    )
    rows = []
    for app in apps:
        points: dict[int, list[int]] = {}
        totals = []
        for review in app.reviews.all():
            own: dict[int, list[int]] = {}
            for s in review.scores.all():
                points.setdefault(s.criterion_id, []).append(s.points)
                own.setdefault(s.criterion_id, []).append(s.points)
            t = weighted_total(own, criteria)
            if t is not None:
                totals.append(t)
        per = []
        for c in criteria:
            values = points.get(c.pk, [])
            per.append(
                {
                    "criterion": c,
                    "points": values,
                    "mean": (sum(values) / len(values)) if values else None,
                    "spread": (max(values) - min(values)) if values else None,
                }
            )
        rows.append(
            ScoreRow(
                application=app,
                reviews=len(app.reviews.all()),
                per_criterion=per,
                total=weighted_total(points, criteria),
                reviewer_totals=totals,
                spread=(max(totals) - min(totals)) if totals else None,
                stdev=statistics.pstdev(totals) if len(totals) > 1 else None,
                prerequisites_ok=prerequisites_ok(app, prereq_items),
            )
        )
    rows.sort(key=lambda r: (r.total is None, -(r.total or 0), r.application.applicant_name))
    return rows


# ---------------------------------------------------------------------------- selection


def land_group_of(call: Call, region: Region) -> str:
    for name, keys in (call.land_groups or {}).items():
        for key in keys:
            key = str(key).strip()
            if key and (region.land_code == key or region.kreis_code == key or region.ars.startswith(key)):
                return name
    return ""


def selection_rules(call: Call) -> SelectionRules:
    return SelectionRules(
        budget=call.budget,
        max_per_kreis=call.max_per_kreis,
        min_per_land_group=call.min_per_land_group if call.land_groups else None,
        min_grw_share=call.min_grw_share,
        min_per_size_class=call.min_per_size_class,
        max_selected=call.max_selected,
    )


def selection_candidates(call: Call) -> tuple[list[Candidate], list[str]]:
    """Candidates for the selection and German notes on applications left out (and why)."""
    rows = score_table(call)
    kreis_codes = {r.application.region.kreis_code for r in rows if r.application.region.kreis_code}
    kreis_names = dict(Region.objects.filter(ars__in=kreis_codes).values_list("ars", "name"))
    candidates, notes = [], []
    for row in rows:
        app = row.application
        if app.status == Application.Status.WITHDRAWN:
            continue
        if row.total is None:
            notes.append(f"{app.applicant_name}: noch keine Bewertung – nicht in der Auswahl.")
            continue
        if app.requested_amount is None:
            notes.append(f"{app.applicant_name}: keine beantragte Summe – nicht in der Auswahl.")
            continue
        excluded = app.lock == Application.Lock.EXCLUDED
        if row.prerequisites_ok is False and not excluded:
            notes.append(f"{app.applicant_name}: zwingende Voraussetzung nicht erfüllt – ausgeschlossen.")
            excluded = True
        region = app.region
        candidates.append(
            Candidate(
                key=str(app.pk),
                label=app.applicant_name,
                cost=app.requested_amount,
                score=round(row.total, 6),
                kreis=region.kreis_code,
                kreis_name=kreis_names.get(region.kreis_code, region.kreis_code),
                land_group=land_group_of(call, region),
                size_class=region.size_class,
                grw=app.grw_area,
                locked=app.lock == Application.Lock.LOCKED,
                excluded=excluded,
            )
        )
    return candidates, notes


# ---------------------------------------------------------------------------- grants, budgets


@dataclass
class LineStatus:
    line: BudgetLine
    approved: Decimal
    pending: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.line.amount - self.approved - self.pending - self.line.lapsed - self.line.transferred


def budget_status(grant: Grant) -> list[LineStatus]:
    lines = grant.budget_lines.annotate(
        approved_sum=Sum("claims__amount", filter=Q(claims__status=ExpenseClaim.Status.APPROVED)),
        pending_sum=Sum("claims__amount", filter=Q(claims__status=ExpenseClaim.Status.SUBMITTED)),
    ).order_by("year", "category")
    return [LineStatus(line, line.approved_sum or ZERO, line.pending_sum or ZERO) for line in lines]


def grants_of_town(municipality):
    return Grant.objects.filter(municipality=municipality).select_related("call", "application")


def claims_for_office(*, status: str | None = None):
    qs = ExpenseClaim.objects.select_related(
        "budget_line", "budget_line__grant", "budget_line__grant__call", "submitted_by", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("budget_line__grant__recipient_name", "-submitted_at")


CONSTRUCTION_WORDS = (
    "sanierung",
    "umbau",
    "neubau",
    "anbau",
    "baumaßnahme",
    "bauarbeiten",
    "investition",
    "renovierung",
)


def claim_warnings(claim: ExpenseClaim) -> list[str]:
    text = claim.description.lower()
    found = [w for w in CONSTRUCTION_WORDS if w in text]
    if found:
        return [
            f"Die Beschreibung nennt „{', '.join(found)}“ – bitte prüfen, ob es sich um ein Bau- oder "
            "Investitionsvorhaben handelt (nicht förderfähig)."
        ]
    return []


# ---------------------------------------------------------------------------- reports


def report_due_date(call: Call, year: int) -> date:
    import calendar

    day = min(call.report_due_day, calendar.monthrange(year + 1, call.report_due_month)[1])
    return date(year + 1, call.report_due_month, day)


@dataclass
class ReportRow:
    grant: Grant
    year: int
    due: date
    submitted: object  # datetime | None
    state: str  # "eingereicht", "verspätet eingereicht", "überfällig", "offen"
    tracked_by_werkstatt: bool = False  # the Werkstatt part has the report (and sends its reminders)


def report_rows(*, today: date | None = None, year: int | None = None) -> list[ReportRow]:
    """Every funded municipality's yearly Kurzbericht: due date, submitted, late or missing."""
    from leuchtfeuer.werkstatt.selectors import report_status

    today = today or timezone.localdate()
    rows = []
    grants = Grant.objects.filter(municipality__isnull=False, call__report_required=True).select_related(
        "call", "municipality", "municipality__region"
    )
    for grant in grants:
        years = {line.year for line in grant.budget_lines.all()} or set(
            range(grant.call.first_year, grant.call.last_year + 1)
        )
        for y in sorted(years):
            if year is not None and y != year:
                continue
            status = report_status(grant.municipality, y) or {}
            due = status.get("due") or report_due_date(grant.call, y)
            submitted = status.get("submitted")
            if submitted is not None:
                submitted_day = timezone.localdate(submitted) if hasattr(submitted, "tzinfo") else submitted
                state = "verspätet eingereicht" if submitted_day > due else "eingereicht"
            elif status.get("overdue") or today > due:
                state = "überfällig"
            else:
                state = "offen"
            rows.append(
                ReportRow(grant, y, due, submitted, state, tracked_by_werkstatt=status.get("due") is not None)
            )
    return rows
