"""Reads of the participation part shared by views, API and services (bounded queries)."""

from __future__ import annotations

import math
from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Sum, Value, When
from django.utils import timezone

from leuchtfeuer.core.engine.german import format_number
from leuchtfeuer.participation.models import (
    Appeal,
    Assembly,
    Budget,
    Comment,
    ContentReport,
    Idea,
    Moderation,
    Project,
    Proposal,
    VoteMarker,
)
from leuchtfeuer.participation.phases import PHASE_BY_KEY, current_phase
from leuchtfeuer.places.models import AgeGroupCount, OrtsteilAgeGroupCount


def public_projects(municipality=None):
    qs = Project.objects.filter(is_published=True).select_related("municipality", "ortsteil")
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    return qs.prefetch_related("phases").order_by("-created_at")


def project_state(project: Project, now=None) -> dict:
    """The running phase and what it allows, for templates (uses prefetched phases)."""
    now = now or timezone.now()
    phases = list(project.phases.all())
    phase = current_phase(phases, now)
    phase_type = PHASE_BY_KEY[phase.kind] if phase else None
    upcoming = [p for p in phases if p.starts_at > now]
    return {
        "phase": phase,
        "phase_type": phase_type,
        "allows": phase_type.allows if phase_type else frozenset(),
        "phases": phases,
        "next_phase": upcoming[0] if upcoming else None,
    }


def project_ideas(project: Project, *, viewer=None):
    """Visible ideas plus the viewer's own hidden ones, with counts (one query)."""
    visible = Q(moderation=Moderation.VISIBLE)
    if viewer is not None and viewer.is_authenticated:
        visible |= Q(author=viewer)
    return (
        project.ideas.filter(visible)
        .select_related("ortsteil")
        .annotate(
            comment_count=Count("comments", filter=Q(comments__moderation=Moderation.VISIBLE), distinct=True),
            rating_sum=Sum("ratings__value", default=0),
        )
        .order_by("-created_at")
    )


class CommentRow:
    """A light comment for display: a page with 1,000 comments renders faster from these than from
    model instances (one query, no per-comment attribute machinery)."""

    __slots__ = (
        "author_id",
        "author_name",
        "created",
        "created_at",
        "key",
        "moderation",
        "moderation_reason",
        "parent_id",
        "pk",
        "reply_list",
        "text",
    )

    def __init__(self, row) -> None:
        (
            self.pk,
            self.parent_id,
            self.author_id,
            name,
            self.text,
            self.moderation,
            self.moderation_reason,
            self.created_at,
        ) = row
        self.author_name = name or "Ein Mensch aus der Stadt"
        self.reply_list: list[CommentRow] = []
        # formatted once here: the date filter and number localisation are the slowest part of
        # rendering 1,000 comments in the template
        self.created = timezone.localtime(self.created_at).strftime("%d.%m.%Y %H:%M")
        self.key = str(self.pk)


def idea_comments(idea: Idea) -> list[CommentRow]:
    """Top-level comments (oldest first) with their replies in `.reply_list`; one query."""
    rows = (
        Comment.objects.filter(idea=idea)
        .order_by("created_at", "pk")
        .values_list(
            "pk",
            "parent_id",
            "author_id",
            "author__name",
            "text",
            "moderation",
            "moderation_reason",
            "created_at",
        )
    )
    top: list[CommentRow] = []
    by_pk: dict[int, CommentRow] = {}
    replies: list[CommentRow] = []
    for row in rows:
        comment = CommentRow(row)
        by_pk[comment.pk] = comment
        (replies if comment.parent_id else top).append(comment)
    for reply in replies:
        parent = by_pk.get(reply.parent_id)
        if parent is not None:
            parent.reply_list.append(reply)
    return top


def idea_rating(idea: Idea, user=None) -> dict:
    rows = dict(idea.ratings.values_list("value").annotate(n=Count("id")))
    mine = None
    if user is not None and user.is_authenticated:
        mine = idea.ratings.filter(user=user).values_list("value", flat=True).first()
    return {"pro": rows.get(1, 0), "contra": rows.get(-1, 0), "mine": mine}


def moderation_queue(municipality):
    reports = (
        ContentReport.objects.filter(resolved_at__isnull=True)
        .filter(
            Q(idea__project__municipality=municipality) | Q(comment__idea__project__municipality=municipality)
        )
        .select_related("idea", "comment", "comment__idea", "reported_by")
        .order_by("created_at")
    )
    appeals = (
        Appeal.objects.filter(outcome=Appeal.Outcome.OPEN)
        .filter(
            Q(idea__project__municipality=municipality) | Q(comment__idea__project__municipality=municipality)
        )
        .select_related(
            "idea", "comment", "comment__idea", "author", "idea__moderated_by", "comment__moderated_by"
        )
        .order_by("created_at")
    )
    unanswered = (
        Idea.objects.filter(
            project__municipality=municipality, official_answer="", moderation=Moderation.VISIBLE
        )
        .select_related("project")
        .order_by("created_at")
    )
    return {"reports": list(reports), "appeals": list(appeals), "unanswered": list(unanswered[:50])}


STAFF_IDEAS_LIMIT = 500


def staff_project_ideas(project: Project, *, status: str = "", handlungsfeld: str = "", ortsteil=None):
    """Every idea of a project for staff (hidden ones included), unanswered first, then oldest first
    (who waits longest is answered first). Two queries however many ideas: the ideas with their
    Ortsteil and counts, nothing per row. Returns (rows, total matching) so the page can say when it
    shows only the first STAFF_IDEAS_LIMIT."""
    qs = Idea.objects.filter(project=project)
    if status:
        qs = qs.filter(status=status)
    if handlungsfeld:
        qs = qs.filter(handlungsfeld=handlungsfeld)
    if ortsteil is not None:
        qs = qs.filter(ortsteil=ortsteil)
    total = qs.count()
    rows = (
        qs.select_related("ortsteil", "author")
        .annotate(
            unanswered=Case(
                When(official_answer="", then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            comment_count=Count("comments", distinct=True),
            open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True), distinct=True),
        )
        .order_by("unanswered", "created_at", "pk")[:STAFF_IDEAS_LIMIT]
    )
    return list(rows), total


def ballot_proposals(budget: Budget):
    return list(budget.proposals.filter(feasibility=Proposal.Feasibility.FEASIBLE).order_by("number"))


def budget_turnout(budget: Budget) -> dict:
    return {
        "ballots": budget.ballot_count,
        "codes": budget.codes.count(),
        "markers": VoteMarker.objects.filter(budget=budget).count(),
    }


def has_voted(budget: Budget, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return VoteMarker.objects.filter(budget=budget, user=user).exists()


def prefetch_projects_with_budget(qs):
    return qs.select_related("budget").prefetch_related(Prefetch("phases"))


PANEL_PROJECTS = 5
PANEL_ASSEMBLIES = 5


def dashboard_panel(municipality, *, with_assemblies: bool, now=None) -> dict:
    """What the dashboard panel shows: open moderation work, the projects (running ones first) with
    their phase and, for budgets, the ballots cast so far, and the Bürgerräte with their state.
    Bounded: seven queries whatever the number of projects, ideas or draws."""
    now = now or timezone.now()
    recent = list(
        prefetch_projects_with_budget(Project.objects.filter(municipality=municipality)).order_by(
            "-created_at"
        )[:50]
    )
    rows = []
    for project in recent:
        state = project_state(project, now)
        rows.append(
            {
                "project": project,
                "phase": state["phase"],
                "next_phase": state["next_phase"],
                "budget": getattr(project, "budget", None),
            }
        )
    # running phases first (the newest of them on top), then the rest, newest first
    rows.sort(key=lambda row: row["phase"] is None)
    assemblies = []
    if with_assemblies:
        assemblies = list(
            Assembly.objects.filter(municipality=municipality)
            .annotate(
                pool_size=Count("pool", distinct=True),
                first_draws=Count("draws", filter=Q(draws__is_replacement=False), distinct=True),
                replacement_draws=Count("draws", filter=Q(draws__is_replacement=True), distinct=True),
                dropped_count=Count("pool", filter=Q(pool__dropped_out=True), distinct=True),
            )
            .order_by("-created_at")[:PANEL_ASSEMBLIES]
        )
    queue = Q(idea__project__municipality=municipality) | Q(comment__idea__project__municipality=municipality)
    return {
        "municipality": municipality,
        "projects": rows[:PANEL_PROJECTS],
        "more_projects": Project.objects.filter(municipality=municipality).count() - PANEL_PROJECTS
        if len(recent) > PANEL_PROJECTS
        else 0,
        "assemblies": assemblies,
        "with_assemblies": with_assemblies,
        "reports": ContentReport.objects.filter(queue, resolved_at__isnull=True).count(),
        "appeals": Appeal.objects.filter(queue, outcome=Appeal.Outcome.OPEN).count(),
        "unanswered": Idea.objects.filter(
            project__municipality=municipality, official_answer="", moderation=Moderation.VISIBLE
        ).count(),
    }


# --- Bürgerrat quotas from the Kommunalprofil --------------------------------------------------------

AGE_BANDS = [("16-24", 16, 25), ("25-39", 25, 40), ("40-59", 40, 60), ("60-74", 60, 75), ("75+", 75, None)]


def _bounds(share: float, panel_size: int, tolerance: int) -> tuple[int, int]:
    target = share * panel_size
    return max(math.floor(target) - tolerance, 0), math.ceil(target) + tolerance


def assembly_quota_proposal(municipality, panel_size: int, *, tolerance: int = 1) -> tuple[dict, str, list]:
    """Quotas proposed from the official population of the municipality (age, sex) and from the
    town's own Ortsteil upload (Ortsteil). Returns (quotas, source text, table rows for display:
    [category, value, population, share %, min, max])."""
    region = municipality.region
    quotas: dict = {}
    rows: list = []
    sources: list[str] = []
    age_rows = list(
        AgeGroupCount.objects.filter(
            region=region, kind=AgeGroupCount.Kind.POPULATION, scheme="zensus22_11"
        ).values_list("age_from", "age_to", "total", "reference_date")
    )
    if age_rows:
        counts = {}
        for label, lo, hi in AGE_BANDS:
            counts[label] = sum(
                total or 0
                for a_from, a_to, total, _ in age_rows
                if a_from >= lo and (hi is None or (a_to is not None and a_to <= hi))
            )
        total = sum(counts.values())
        if total:
            quotas["Alter"] = {}
            for label, _, _ in AGE_BANDS:
                share = counts[label] / total
                quotas["Alter"][label] = list(_bounds(share, panel_size, tolerance))
                rows.append(["Alter", label, counts[label], round(100 * share, 1), *quotas["Alter"][label]])
            sources.append(
                f"Alter: Zensus 2022 (15.05.2022), Einwohner:innen ab 16 Jahren ({format_number(total)})"
            )
    sex_rows = list(
        AgeGroupCount.objects.filter(region=region, kind=AgeGroupCount.Kind.POPULATION, scheme="regio17")
        .exclude(male__isnull=True)
        .values_list("age_from", "male", "female", "reference_date")
    )
    if sex_rows:
        male = sum(m or 0 for a, m, f, _ in sex_rows if a >= 18)
        female = sum(f or 0 for a, m, f, _ in sex_rows if a >= 18)
        if male + female:
            date = sex_rows[0][3]
            quotas["Geschlecht"] = {}
            for label, n in (("weiblich", female), ("männlich", male)):
                share = n / (male + female)
                quotas["Geschlecht"][label] = list(_bounds(share, panel_size, tolerance))
                rows.append(["Geschlecht", label, n, round(100 * share, 1), *quotas["Geschlecht"][label]])
            quotas["Geschlecht"]["divers"] = [0, 1]
            rows.append(["Geschlecht", "divers", None, None, 0, 1])
            sources.append(
                f"Geschlecht: Regionalstatistik 12411-02-03-5, Stand {date:%d.%m.%Y}, ab 18 Jahren "
                "(jüngste amtliche Zahl nach Geschlecht für die Gemeinde); „divers“ wird amtlich nicht "
                "getrennt ausgewiesen: 0 bis 1 Platz"
            )
    ortsteil_rows = list(
        OrtsteilAgeGroupCount.objects.filter(
            ortsteil__municipality=municipality, age_from__gte=16
        ).values_list("ortsteil__name", "reference_date", "count")
    )
    if ortsteil_rows:
        latest: dict[str, object] = {}
        for name, date, _ in ortsteil_rows:
            latest[name] = max(latest.get(name, date), date)
        counts = defaultdict(int)
        for name, date, n in ortsteil_rows:
            if date == latest[name]:
                counts[name] += n
        total = sum(counts.values())
        if total:
            quotas["Ortsteil"] = {}
            for name in sorted(counts):
                share = counts[name] / total
                quotas["Ortsteil"][name] = list(_bounds(share, panel_size, tolerance))
                rows.append(
                    ["Ortsteil", name, counts[name], round(100 * share, 1), *quotas["Ortsteil"][name]]
                )
            sources.append("Ortsteil: eigene Meldedaten der Kommune (Ortsteil-Upload), ab 16 Jahren")
    source = "; ".join(sources) + f". Spanne: Anteil × {panel_size} Plätze, ±{tolerance}."
    return quotas, source, rows


def my_participation(user) -> dict:
    """ "Mein Bereich": the person's ideas (with their state) and the budgets she voted in with her
    account. Only *that* she voted: ballots are sealed and not linked to anyone, so what she chose
    is nowhere to be read. Votes with a code from a letter are not linked to her account at all."""
    ideas = list(
        Idea.objects.filter(author=user)
        .select_related("project", "project__municipality")
        .order_by("-created_at")
    )
    voted = list(
        Budget.objects.filter(markers__user=user)
        .select_related("project", "project__municipality")
        .order_by("-project__created_at")
    )
    return {"ideas": ideas, "voted": voted}


def personal_panel_context(request) -> dict | None:
    mine = my_participation(request.user)
    return mine if (mine["ideas"] or mine["voted"]) else None
