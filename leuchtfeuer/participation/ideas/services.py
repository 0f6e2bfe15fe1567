"""Writes for ideas: submit, comment, rate, report, moderate, appeal, answer. Keyword-only, authorised, atomic, audited; German errors."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.permissions import require
from leuchtfeuer.core.taxonomy import HANDLUNGSFELDER
from leuchtfeuer.core.uploads import check_upload, stored_bytes
from leuchtfeuer.participation.common import clean_text, notify, require_login, require_phase
from leuchtfeuer.participation.ideas.models import Appeal, Comment, ContentReport, Idea, Moderation, Rating
from leuchtfeuer.participation.projects.models import Project
from leuchtfeuer.participation.uploads import IMAGE_MAX_BYTES, IMAGE_TYPES
from leuchtfeuer.places.models import Municipality, Ortsteil

# --- ideas, comments, ratings ---------------------------------------------------------------------


@transaction.atomic
def idea_submit(
    *,
    actor: Actor,
    project: Project,
    title: str,
    text: str,
    handlungsfeld: str = "",
    ortsteil: Ortsteil | None = None,
    image: UploadedFile | None = None,
    image_alt: str = "",
) -> Idea:
    """A resident's idea, optionally with an image (JPEG/PNG/WebP up to 5 MB, checked by content,
    stored under a safe name) that needs a short description."""
    require_login(actor)
    require_phase(project, "propose")
    if handlungsfeld and handlungsfeld not in {t.key for t in HANDLUNGSFELDER}:
        raise ValidationError({"handlungsfeld": f"Unbekanntes Handlungsfeld „{handlungsfeld}“."})
    if ortsteil is not None and ortsteil.municipality_id != project.municipality_id:
        raise ValidationError({"ortsteil": "Dieser Ortsteil gehört nicht zu dieser Kommune."})
    idea = Idea(
        project=project,
        author=cast(User, actor),  # safe: require_login above rejects anonymous actors
        title=clean_text(title, "title", "Titel", max_length=200),
        text=clean_text(text, "text", "Beschreibung", max_length=5000),
        handlungsfeld=handlungsfeld or "",
        ortsteil=ortsteil,
    )
    image_alt = (image_alt or "").strip()
    if image:
        image_type, name = check_upload(image, allowed=IMAGE_TYPES, max_bytes=IMAGE_MAX_BYTES, field="image")
        if not image_alt:
            raise ValidationError({"image_alt": "Bitte beschreiben Sie kurz, was auf dem Bild zu sehen ist."})
        idea.image_alt = image_alt
        idea.image.save(name, ContentFile(stored_bytes(image, image_type)), save=False)  # no EXIF/GPS
    idea.save()
    audit_record(
        actor=actor,
        action="participation.idea_submit",
        target=idea,
        municipality=project.municipality,
        summary=f"Idee „{idea.title}“ eingereicht" + (f" (Bild {name})" if image else ""),
    )
    return idea


@transaction.atomic
def comment_add(*, actor: Actor, idea: Idea, text: str, parent: Comment | None = None) -> Comment:
    require_login(actor)
    require_phase(idea.project, "comment")
    if idea.moderation != Moderation.VISIBLE:
        raise ValidationError("Diese Idee ist ausgeblendet und kann nicht kommentiert werden.")
    if parent is not None:
        if parent.idea_id != idea.pk:
            raise ValidationError("Die Antwort gehört zu einer anderen Idee.")
        if parent.parent_id is not None:
            parent = parent.parent  # replies stay one level deep: answer the thread's first comment
    comment = Comment.objects.create(
        idea=idea,
        parent=parent,
        author=cast(User, actor),  # safe: require_login above rejects anonymous actors
        text=clean_text(text, "text", "Kommentar", max_length=3000),
    )
    return comment


@transaction.atomic
def idea_rate(*, actor: Actor, idea: Idea, value: int) -> Rating | None:
    require_login(actor)
    require_phase(idea.project, "rate")
    if value not in (1, -1, 0):
        raise ValidationError("Eine Bewertung ist „dafür“ (+1) oder „dagegen“ (−1).")
    user = cast(User, actor)  # safe: require_login above rejects anonymous actors
    if value == 0:
        Rating.objects.filter(idea=idea, user=user).delete()
        return None
    rating, _ = Rating.objects.update_or_create(idea=idea, user=user, defaults={"value": value})
    return rating


def _target(idea: Idea | None, comment: Comment | None) -> Idea | Comment:
    if (idea is None) == (comment is None):
        raise ValidationError("Bitte genau eine Idee oder einen Kommentar angeben.")
    return cast("Idea | Comment", idea or comment)  # exactly one of them is set (checked above)


def _municipality_of(target: Idea | Comment) -> Municipality:
    return target.project.municipality if isinstance(target, Idea) else target.idea.project.municipality


@transaction.atomic
def content_report(
    *, actor: Actor, reason: str, idea: Idea | None = None, comment: Comment | None = None
) -> ContentReport:
    require_login(actor)
    target = _target(idea, comment)
    report = ContentReport.objects.create(
        idea=idea,
        comment=comment,
        reported_by=cast(User, actor),  # safe: require_login above rejects anonymous actors
        reason=clean_text(reason, "reason", "Grund", max_length=2000),
    )
    audit_record(
        actor=actor,
        action="participation.report",
        target=target,
        municipality=_municipality_of(target),
        summary="Beitrag gemeldet",
    )
    return report


@transaction.atomic
def content_moderate(
    *, actor: Actor, hide: bool, reason: str, idea: Idea | None = None, comment: Comment | None = None
) -> Idea | Comment:
    """Hide (with a reason the author sees) or show again an idea or a comment."""
    target = _target(idea, comment)
    municipality = _municipality_of(target)
    require(actor, "participation.moderate", municipality)
    reason = (reason or "").strip()
    if hide and not reason:
        raise ValidationError(
            {"reason": "Bitte nennen Sie den Grund; die Verfasser:in bekommt ihn zu sehen."}
        )
    target.moderation = Moderation.HIDDEN if hide else Moderation.VISIBLE
    target.moderation_reason = reason if hide else ""
    target.moderated_by = cast(
        User, actor
    )  # safe: only signed-in users hold participation.moderate (require above)
    target.moderated_at = timezone.now()
    target.save(update_fields=["moderation", "moderation_reason", "moderated_by", "moderated_at"])
    ContentReport.objects.filter(idea=idea, comment=comment, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor
    )
    audit_record(
        actor=actor,
        action="participation.moderate",
        target=target,
        municipality=municipality,
        summary=("ausgeblendet: " + reason) if hide else "wieder sichtbar",
    )
    if hide:
        what = f"Ihre Idee „{target.title}“" if isinstance(target, Idea) else "Ihr Kommentar"
        notify(
            target.author,
            "Ihr Beitrag wurde ausgeblendet",
            f"{what} wurde von der Moderation ausgeblendet.\n\nGrund: {reason}\n\n"
            "Wenn Sie nicht einverstanden sind, können Sie auf der Seite des Beitrags Einspruch einlegen. "
            "Eine andere Person aus dem Moderationsteam entscheidet dann.",
        )
    return target


@transaction.atomic
def appeal_submit(
    *, actor: Actor, text: str, idea: Idea | None = None, comment: Comment | None = None
) -> Appeal:
    require_login(actor)
    target = _target(idea, comment)
    if target.author_id != actor.pk:
        raise PermissionDenied("Einspruch kann nur die Verfasser:in des Beitrags einlegen.")
    if target.moderation != Moderation.HIDDEN:
        raise ValidationError("Der Beitrag ist nicht ausgeblendet; ein Einspruch ist nicht nötig.")
    if Appeal.objects.filter(idea=idea, comment=comment, outcome=Appeal.Outcome.OPEN).exists():
        raise ValidationError("Zu diesem Beitrag gibt es schon einen offenen Einspruch.")
    appeal = Appeal.objects.create(
        idea=idea,
        comment=comment,
        author=cast(User, actor),  # safe: require_login above rejects anonymous actors
        text=clean_text(text, "text", "Begründung", max_length=3000),
    )
    audit_record(
        actor=actor,
        action="participation.appeal",
        target=target,
        municipality=_municipality_of(target),
        summary="Einspruch gegen Moderation",
    )
    return appeal


@transaction.atomic
def appeal_decide(*, actor: Actor, appeal: Appeal, restore: bool, reason: str) -> Appeal:
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    target = cast("Idea | Comment", appeal.idea or appeal.comment)  # an appeal is about an idea or a comment
    municipality = _municipality_of(target)
    require(actor, "participation.moderate", municipality)
    if appeal.outcome != Appeal.Outcome.OPEN:
        raise ValidationError("Über diesen Einspruch wurde schon entschieden.")
    if target.moderated_by_id == actor.pk:
        raise ValidationError(
            "Über den Einspruch entscheidet eine andere Person als die, die ausgeblendet hat."
        )
    reason = clean_text(reason, "reason", "Begründung der Entscheidung", max_length=3000)
    appeal.outcome = Appeal.Outcome.RESTORED if restore else Appeal.Outcome.UPHELD
    appeal.decision_reason = reason
    appeal.decided_by = cast(
        User, actor
    )  # safe: only signed-in users hold participation.moderate (require above)
    appeal.decided_at = timezone.now()
    appeal.save()
    if restore:
        target.moderation = Moderation.VISIBLE
        target.moderation_reason = ""
        target.save(update_fields=["moderation", "moderation_reason"])
    audit_record(
        actor=actor,
        action="participation.appeal_decide",
        target=target,
        municipality=municipality,
        summary=f"Einspruch {appeal.get_outcome_display()}: {reason}",
    )
    notify(
        appeal.author,
        "Entscheidung über Ihren Einspruch",
        f"Ihr Einspruch wurde entschieden: {appeal.get_outcome_display()}.\n\nBegründung: {reason}",
    )
    return appeal


@transaction.atomic
def idea_answer(*, actor: Actor, idea: Idea, status: str, answer: str) -> Idea:
    """The administration's official answer and status; the author gets an e-mail."""
    require(actor, "participation.answer_idea", idea.project.municipality)
    if status not in Idea.Status.values:
        raise ValidationError({"status": f"Unbekannter Stand „{status}“."})
    answer = clean_text(answer, "answer", "Antwort", max_length=5000)
    changes = field_changes(idea, {"status": status, "official_answer": answer})
    idea.status = status
    idea.official_answer = answer
    idea.answered_by = cast(
        User, actor
    )  # safe: only signed-in users hold participation.answer_idea (require above)
    idea.answered_at = timezone.now()
    idea.save(update_fields=["status", "official_answer", "answered_by", "answered_at"])
    audit_record(
        actor=actor,
        action="participation.idea_answer",
        target=idea,
        municipality=idea.project.municipality,
        summary=f"Antwort auf „{idea.title}“: {idea.get_status_display()}",
        changes=changes,
    )
    notify(
        idea.author,
        f"Antwort auf Ihre Idee „{idea.title}“",
        f"Die Verwaltung hat auf Ihre Idee geantwortet.\n\nStand: {idea.get_status_display()}\n\n{answer}",
    )
    return idea
