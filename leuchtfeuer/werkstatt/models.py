"""The models of the Werkstatt app, one module per sub-domain (Django loads them from here).

- `process/models.py`: the process, its five stages, team and partners, documents, tasks, comments
- `kommunalprofil/models.py`: Resilienz-Check, frozen Kommunalprofil snapshots, findings
- `zukunftswerkstatt/models.py`: workshops and ideas
- `plan/models.py`: the Werkstattplan (Handlungsfelder, goals, measures, budget lines, indicators,
  adopted versions)
- `reports/models.py`: the Zwischenbilanz text (Review) and the yearly Kurzbericht (Report)

What each stage allows and requires lives in `werkstatt/stages.py` (stages are data).
"""

from __future__ import annotations

from leuchtfeuer.werkstatt.kommunalprofil.models import (
    Finding,
    ProfileSnapshot,
    ResilienceAnswer,
    ResilienceCheck,
)
from leuchtfeuer.werkstatt.plan.models import (
    BudgetLine,
    Goal,
    Handlungsfeld,
    Indicator,
    IndicatorReading,
    Measure,
    PlanVersion,
)
from leuchtfeuer.werkstatt.process.models import (
    USER,
    Comment,
    Document,
    Process,
    ProcessOwned,
    Sector,
    Stage,
    StageKind,
    Task,
    TeamMember,
    document_upload_to,
)
from leuchtfeuer.werkstatt.reports.models import Report, Review
from leuchtfeuer.werkstatt.zukunftswerkstatt.models import Idea, Phase, Workshop

__all__ = [
    "USER",
    "BudgetLine",
    "Comment",
    "Document",
    "Finding",
    "Goal",
    "Handlungsfeld",
    "Idea",
    "Indicator",
    "IndicatorReading",
    "Measure",
    "Phase",
    "PlanVersion",
    "Process",
    "ProcessOwned",
    "ProfileSnapshot",
    "Report",
    "ResilienceAnswer",
    "ResilienceCheck",
    "Review",
    "Sector",
    "Stage",
    "StageKind",
    "Task",
    "TeamMember",
    "Workshop",
    "document_upload_to",
]
