"""Reads of ideas: the public list, comments as rows, ratings, the moderation queue and the staff's idea list (bounded queries)."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from leuchtfeuer.participation.models import (
    Appeal,
    Comment,
    ContentReport,
    Idea,
    Moderation,
    Project,
)


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
