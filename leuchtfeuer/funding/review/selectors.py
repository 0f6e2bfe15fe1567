"""Reads of the review: conflicts, a reviewer's queue, the score table of a call."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import Prefetch

from leuchtfeuer.accounts.models import Membership
from leuchtfeuer.funding.applications.models import Application
from leuchtfeuer.funding.calls.models import Call, CallItem, Criterion
from leuchtfeuer.funding.review.models import ConflictDeclaration, Review


def reviewer_conflict(user, application: Application) -> str | None:
    """Why this reviewer may not review this application (None = no conflict)."""
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
