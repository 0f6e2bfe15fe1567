"""Writes of the review: reviewers of a call, declared conflicts and reviews."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.core.mail import mail_on_commit
from leuchtfeuer.core.permissions import require
from leuchtfeuer.funding.applications.models import Application
from leuchtfeuer.funding.calls.models import Call
from leuchtfeuer.funding.review import selectors
from leuchtfeuer.funding.review.models import ConflictDeclaration, Review, ReviewerAssignment, Score


@transaction.atomic
def reviewer_assign(*, actor: Actor, call: Call, email: str) -> ReviewerAssignment:
    require(actor, "funding.manage")
    email = (email or "").strip().lower()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise ValidationError({"email": f"Es gibt kein aktives Konto mit der Adresse {email or '(leer)'}."})
    assignment, created = ReviewerAssignment.objects.get_or_create(
        call=call, reviewer=user, defaults={"assigned_by": actor}
    )
    if not created:
        raise ValidationError({"email": f"{email} begutachtet diesen Aufruf bereits."})
    audit_record(
        actor=actor, action="funding.reviewer.assign", target=call, summary=f"Gutachter:in {email} zugeordnet"
    )
    mail_on_commit(
        f"Begutachtung: {call.title}",
        f"Guten Tag,\n\nSie wurden als Gutachter:in für den Förderaufruf „{call.title}“ eingetragen. "
        "Ihre Anträge finden Sie nach der Anmeldung unter „Begutachtung“ (/foerderung/begutachtung/).\n",
        [user.email],
    )
    return assignment  # fmt: skip


@transaction.atomic
def reviewer_remove(*, actor: Actor, assignment: ReviewerAssignment) -> None:
    require(actor, "funding.manage")
    if Review.objects.filter(application__call=assignment.call, reviewer=assignment.reviewer).exists():
        raise ValidationError("Diese Person hat schon bewertet – die Zuordnung bleibt erhalten.")
    audit_record(
        actor=actor,
        action="funding.reviewer.remove",
        target=assignment.call,
        summary=f"Gutachter:in {assignment.reviewer.email} entfernt",
    )
    assignment.delete()


@transaction.atomic
def conflict_declare(*, actor: Actor, application: Application, reason: str) -> ConflictDeclaration:
    reviewer = cast(User, actor)  # safe: an anonymous actor is never an assigned reviewer (checked next)
    if not ReviewerAssignment.objects.filter(call=application.call, reviewer=reviewer).exists():
        raise PermissionDenied("Sie sind für diesen Aufruf nicht als Gutachter:in eingetragen.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Bitte nennen Sie kurz den Grund der Befangenheit."})
    declaration, _ = ConflictDeclaration.objects.get_or_create(
        application=application, reviewer=reviewer, defaults={"reason": reason[:300]}
    )
    Review.objects.filter(application=application, reviewer=reviewer).delete()
    audit_record(actor=actor, action="funding.review.conflict", target=application, municipality=application.municipality,
                 summary=f"Befangenheit erklärt: {reason[:200]}")  # fmt: skip
    return declaration


@transaction.atomic
def review_save(
    *, actor: Actor, application: Application, scores: dict[int, tuple[int, str]], comment: str = ""
) -> Review:
    """Score every criterion (0 … max points) with a comment. Conflicts are enforced here."""
    application = Application.objects.select_related("call", "region", "municipality").get(pk=application.pk)
    reviewer = cast(User, actor)  # safe: an anonymous actor is never an assigned reviewer (checked next)
    if not ReviewerAssignment.objects.filter(call=application.call, reviewer=reviewer).exists():
        raise PermissionDenied("Sie sind für diesen Aufruf nicht als Gutachter:in eingetragen.")
    conflict = selectors.reviewer_conflict(actor, application)
    if conflict:
        raise PermissionDenied(f"Befangenheit: {conflict} Sie können diesen Antrag nicht begutachten.")
    if application.status not in (Application.Status.SUBMITTED,):
        raise ValidationError("Nur eingereichte Anträge ohne Förderentscheidung können bewertet werden.")
    criteria = {c.pk: c for c in application.call.criteria.all()}
    if not criteria:
        raise ValidationError("Für diesen Aufruf sind noch keine Bewertungskriterien festgelegt.")
    missing = [c.label for pk, c in criteria.items() if pk not in scores]
    if missing:
        raise ValidationError(f"Bitte bewerten Sie jedes Kriterium; es fehlt: {', '.join(missing)}.")
    for pk, (points, _comment) in scores.items():
        criterion = criteria.get(pk)
        if criterion is None:
            raise ValidationError("Unbekanntes Kriterium in der Bewertung.")
        if not isinstance(points, int) or not 0 <= points <= criterion.max_points:
            raise ValidationError(
                {f"points_{pk}": f"„{criterion.label}“: 0 bis {criterion.max_points} Punkte."}
            )
    review, _ = Review.objects.select_for_update().get_or_create(application=application, reviewer=reviewer)
    review.comment = (comment or "").strip()
    review.save()
    for pk, (points, text) in scores.items():
        Score.objects.update_or_create(
            review=review, criterion_id=pk, defaults={"points": points, "comment": (text or "").strip()}
        )
    audit_record(actor=actor, action="funding.review.save", target=application, municipality=application.municipality,
                 summary=f"Bewertung gespeichert ({sum(p for p, _ in scores.values())} Punkte)")  # fmt: skip
    return review
