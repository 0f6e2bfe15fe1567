"""Reads of the process: the process of a town, who sees which, the stages with their gates,
open tasks and the dashboard summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.accounts.roles import roles_by_municipality
from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.process.models import Process, Task


# ------------------------------------------------------------------------------ processes
def process_for(municipality) -> Process | None:
    return (
        Process.objects.select_related("municipality", "municipality__region")
        .filter(municipality=municipality)
        .first()
    )


def processes_visible_to(user):
    """Processes the user may see: all for the office/admin, else those of her municipalities."""
    qs = Process.objects.select_related("municipality", "municipality__region").order_by(
        "municipality__display_name"
    )
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.has_perm("werkstatt.view_all_processes"):
        return qs
    visible_roles = {Role.KOORDINATION, Role.TEAM, Role.BERATUNG, Role.MENTORING}
    ids = [mid for mid, roles in roles_by_municipality(user).items() if roles & visible_roles]
    return qs.filter(municipality_id__in=ids)


@dataclass
class StageView:
    key: str
    label: str
    position: int
    purpose: str
    deliverables: tuple[str, ...]
    status: str
    status_label: str
    opened_at: Any
    closed_at: Any
    planned_end: date | None
    responsible: Any
    url_name: str
    stage_id: int
    is_current: bool
    missing: list[str] = field(default_factory=list)


def stage_overview(process: Process, *, with_gate: bool = True) -> list[StageView]:
    """The five stages with their state; the open one with its gate's list of what is missing."""
    rows = {s.kind: s for s in process.stages.select_related("responsible")}
    result = []
    for stage_def in stage_registry.STAGES:
        row = rows[stage_def.key]
        current = process.current_stage == stage_def.key
        result.append(
            StageView(
                key=stage_def.key,
                label=stage_def.label,
                position=stage_def.position,
                purpose=stage_def.purpose,
                deliverables=stage_def.deliverables,
                status=row.status,
                status_label=row.get_status_display(),
                opened_at=row.opened_at,
                closed_at=row.closed_at,
                planned_end=row.planned_end,
                responsible=row.responsible,
                url_name=stage_def.url_name,
                stage_id=row.pk,
                is_current=current,
                missing=stage_def.missing(process) if current and with_gate else [],
            )
        )
    return result


# ------------------------------------------------------------------------------ tasks
def open_tasks(process: Process, limit: int = 50) -> list[Task]:
    return list(
        process.tasks.filter(done=False)
        .select_related("assignee", "measure")
        .order_by("due_date", "id")[:limit]
    )


def dashboard_summary(process: Process) -> dict:
    """Stage, open tasks and next due dates for the dashboard panel (a few bounded queries)."""
    today = timezone.localdate()
    tasks = list(process.tasks.filter(done=False).select_related("assignee").order_by("due_date", "id")[:5])
    counts = process.tasks.filter(done=False).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_date__lt=today))
    )
    open_count, overdue = counts["open"], counts["overdue"]
    stage_rows = list(process.stages.all())
    current = next((s for s in stage_rows if s.kind == process.current_stage), None)
    dated = [
        (s.planned_end, f"Ende der Stufe {s.get_kind_display()}")
        for s in stage_rows
        if s.planned_end and s.status != "abgeschlossen"
    ] + [(t.due_date, t.title) for t in tasks if t.due_date]
    # "Nächste Termine" are ahead; what is past is overdue and said so, not listed as next.
    upcoming = sorted([d for d in dated if d[0] >= today], key=lambda x: x[0])[:5]
    late = sorted([d for d in dated if d[0] < today], key=lambda x: x[0])
    return {
        "process": process,
        "current_label": stage_registry.BY_KEY[process.current_stage].label if process.current_stage else "",
        "current_stage": current,
        "stages": stage_rows,
        "tasks": tasks,
        "open_count": open_count,
        "overdue": overdue,
        "upcoming": upcoming,
        "late": late,
        "today": today,
    }
