"""Every write of the participation part. Keyword-only, authorised, atomic, audited; German errors."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.taxonomy import HANDLUNGSFELDER
from leuchtfeuer.core.uploads import check_upload, display_name, stored_bytes
from leuchtfeuer.participation.ballots import ballot_contents, ballot_seal
from leuchtfeuer.participation.engine import counting
from leuchtfeuer.participation.engine.pabulib import PBBallot, PBElection, PBProject, write_pb
from leuchtfeuer.participation.engine.sortition import (
    ALGORITHMS,
    FALLBACKS,
    Person,
    SortitionError,
    read_pool_csv,
    replacement_quotas,
    select_panel,
)
from leuchtfeuer.participation.models import (
    Appeal,
    Assembly,
    AssemblyDraw,
    Ballot,
    Budget,
    Comment,
    ContentReport,
    Idea,
    Moderation,
    PaperEntry,
    Phase,
    PoolMember,
    Project,
    Proposal,
    Rating,
    SealedBallot,
    VoteMarker,
    VoterVerification,
    VotingCode,
    YouthMeeting,
    YouthMember,
    YouthMotion,
    YouthParliament,
)
from leuchtfeuer.participation.phases import PHASE_BY_KEY, allows, current_phase
from leuchtfeuer.participation.uploads import IMAGE_MAX_BYTES, IMAGE_TYPES, POOL_MAX_BYTES, POOL_TYPES


def _require(actor, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied("Dafür fehlt Ihnen die Berechtigung.")


def _require_login(actor) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Bitte melden Sie sich dafür an.")


def _require_phase(project: Project, action: str, *, now: datetime | None = None):
    now = now or timezone.now()
    phase = current_phase(project.phases.all(), now)
    if not project.is_published or not allows(phase, action):
        label = {
            "propose": "Vorschläge einreichen",
            "comment": "kommentieren",
            "rate": "bewerten",
            "vote": "abstimmen",
        }.get(action, action)
        when = ""
        for candidate in project.phases.all():
            if action in PHASE_BY_KEY[candidate.kind].allows:
                start = timezone.localtime(candidate.starts_at).strftime("%d.%m.%Y %H:%M")
                end = timezone.localtime(candidate.ends_at).strftime("%d.%m.%Y %H:%M")
                when = f" Das ist möglich vom {start} bis {end} Uhr."
        raise ValidationError(f"In „{project.title}“ kann man gerade nicht {label}.{when}")
    return phase


def _notify(user, subject: str, body: str) -> None:
    """E-mail after the transaction commits (never for users without an address)."""
    if user is None or not getattr(user, "email", ""):
        return
    email = user.email

    def send() -> None:
        send_mail(f"[Leuchtfeuer] {subject}", body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=True)

    transaction.on_commit(send)


def _clean_text(value: str, field: str, label: str, *, max_length: int | None = None, required=True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: f"{label}: Bitte ausfüllen."})
    if max_length and len(value) > max_length:
        raise ValidationError({field: f"{label}: höchstens {max_length} Zeichen (jetzt {len(value)})."})
    return value


# --- projects and phases ------------------------------------------------------------------------


# Slugs that would make a page unreachable because another URL of this part matches first:
# /beteiligung/<kommune>/jugendparlament|buergerrat/… and …/beteiligung/buergerrat/neu/.
RESERVED_PROJECT_SLUGS = frozenset({"jugendparlament", "buergerrat"})
RESERVED_ASSEMBLY_SLUGS = frozenset({"neu"})


@transaction.atomic
def project_create(
    *,
    actor,
    municipality,
    kind: str,
    title: str,
    slug: str,
    summary: str,
    description: str = "",
    ortsteil=None,
    phases: list[tuple[str, datetime, datetime]] = (),
    is_published: bool = False,
) -> Project:
    _require(actor, "participation.manage_project", municipality)
    if ortsteil is not None and ortsteil.municipality_id != municipality.pk:
        raise ValidationError({"ortsteil": f"{ortsteil} gehört nicht zu {municipality}."})
    if kind not in Project.Kind.values:
        raise ValidationError({"kind": f"Unbekannte Projektart „{kind}“."})
    if slug in RESERVED_PROJECT_SLUGS:
        raise ValidationError(
            {
                "slug": f"Der Kurzname „{slug}“ ist für andere Seiten der Beteiligung reserviert. Bitte einen anderen wählen."
            }
        )
    project = Project(
        municipality=municipality,
        ortsteil=ortsteil,
        kind=kind,
        title=_clean_text(title, "title", "Titel", max_length=200),
        slug=slug,
        summary=_clean_text(summary, "summary", "Kurz und einfach erklärt"),
        description=(description or "").strip(),
        is_published=is_published,
        created_by=actor if actor.is_authenticated else None,
    )
    if Project.objects.filter(municipality=municipality, slug=slug).exists():
        raise ValidationError({"slug": f"Den Kurznamen „{slug}“ gibt es in {municipality} schon."})
    project.full_clean(exclude=["municipality", "ortsteil", "created_by"])
    project.save()
    for kind_key, starts_at, ends_at in phases:
        _phase_write(project, kind_key, starts_at, ends_at)
    audit_record(
        actor=actor,
        action="participation.project_create",
        target=project,
        municipality=municipality,
        summary=f"Beteiligungsprojekt „{project.title}“ angelegt",
    )
    return project


def _phase_write(project, kind, starts_at, ends_at) -> Phase:
    if kind not in PHASE_BY_KEY:
        raise ValidationError({"kind": f"Unbekannte Phase „{kind}“."})
    if ends_at <= starts_at:
        raise ValidationError(
            {"ends_at": f"Phase „{PHASE_BY_KEY[kind].label}“: Das Ende muss nach dem Beginn liegen."}
        )
    for other in project.phases.exclude(kind=kind):
        if starts_at < other.ends_at and other.starts_at < ends_at:
            raise ValidationError(
                {
                    "starts_at": f"Die Phase „{PHASE_BY_KEY[kind].label}“ überschneidet sich mit „{other.get_kind_display()}“."
                }
            )
    phase, _ = Phase.objects.update_or_create(
        project=project, kind=kind, defaults={"starts_at": starts_at, "ends_at": ends_at}
    )
    return phase


@transaction.atomic
def phase_set(*, actor, project: Project, kind: str, starts_at: datetime, ends_at: datetime) -> Phase:
    _require(actor, "participation.manage_project", project.municipality)
    budget = getattr(project, "budget", None) if project.kind == Project.Kind.BUDGET else None
    if kind == "voting" and budget is not None and budget.rule_locked:
        existing = project.phases.filter(kind="voting").first()
        if existing and starts_at != existing.starts_at:
            raise ValidationError(
                {"starts_at": "Die Abstimmung hat begonnen; ihr Beginn kann nicht mehr verschoben werden."}
            )
    phase = _phase_write(project, kind, starts_at, ends_at)
    audit_record(
        actor=actor,
        action="participation.phase_set",
        target=project,
        municipality=project.municipality,
        summary=f"Phase {phase.get_kind_display()}: {starts_at:%d.%m.%Y %H:%M} – {ends_at:%d.%m.%Y %H:%M}",
    )
    return phase


@transaction.atomic
def project_publish(*, actor, project: Project, published: bool = True) -> Project:
    _require(actor, "participation.manage_project", project.municipality)
    if published and not project.phases.exists():
        raise ValidationError("Bitte legen Sie vor dem Veröffentlichen mindestens eine Phase mit Datum fest.")
    project.is_published = published
    project.save(update_fields=["is_published"])
    audit_record(
        actor=actor,
        action="participation.project_publish",
        target=project,
        municipality=project.municipality,
        summary=("veröffentlicht" if published else "zurückgezogen") + f": {project.title}",
    )
    return project


# --- ideas, comments, ratings ---------------------------------------------------------------------


@transaction.atomic
def idea_submit(
    *,
    actor,
    project: Project,
    title: str,
    text: str,
    handlungsfeld: str = "",
    ortsteil=None,
    image=None,
    image_alt: str = "",
) -> Idea:
    """A resident's idea, optionally with an image (JPEG/PNG/WebP up to 5 MB, checked by content,
    stored under a safe name) that needs a short description."""
    _require_login(actor)
    _require_phase(project, "propose")
    if handlungsfeld and handlungsfeld not in {t.key for t in HANDLUNGSFELDER}:
        raise ValidationError({"handlungsfeld": f"Unbekanntes Handlungsfeld „{handlungsfeld}“."})
    if ortsteil is not None and ortsteil.municipality_id != project.municipality_id:
        raise ValidationError({"ortsteil": "Dieser Ortsteil gehört nicht zu dieser Kommune."})
    idea = Idea(
        project=project,
        author=actor,
        title=_clean_text(title, "title", "Titel", max_length=200),
        text=_clean_text(text, "text", "Beschreibung", max_length=5000),
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
def comment_add(*, actor, idea: Idea, text: str, parent: Comment | None = None) -> Comment:
    _require_login(actor)
    _require_phase(idea.project, "comment")
    if idea.moderation != Moderation.VISIBLE:
        raise ValidationError("Diese Idee ist ausgeblendet und kann nicht kommentiert werden.")
    if parent is not None:
        if parent.idea_id != idea.pk:
            raise ValidationError("Die Antwort gehört zu einer anderen Idee.")
        if parent.parent_id is not None:
            parent = parent.parent  # replies stay one level deep: answer the thread's first comment
    comment = Comment.objects.create(
        idea=idea, parent=parent, author=actor, text=_clean_text(text, "text", "Kommentar", max_length=3000)
    )
    return comment


@transaction.atomic
def idea_rate(*, actor, idea: Idea, value: int) -> Rating | None:
    _require_login(actor)
    _require_phase(idea.project, "rate")
    if value not in (1, -1, 0):
        raise ValidationError("Eine Bewertung ist „dafür“ (+1) oder „dagegen“ (−1).")
    if value == 0:
        Rating.objects.filter(idea=idea, user=actor).delete()
        return None
    rating, _ = Rating.objects.update_or_create(idea=idea, user=actor, defaults={"value": value})
    return rating


def _target(idea, comment):
    if (idea is None) == (comment is None):
        raise ValidationError("Bitte genau eine Idee oder einen Kommentar angeben.")
    return idea or comment


def _municipality_of(target):
    return target.project.municipality if isinstance(target, Idea) else target.idea.project.municipality


@transaction.atomic
def content_report(*, actor, reason: str, idea: Idea | None = None, comment: Comment | None = None):
    _require_login(actor)
    target = _target(idea, comment)
    report = ContentReport.objects.create(
        idea=idea,
        comment=comment,
        reported_by=actor,
        reason=_clean_text(reason, "reason", "Grund", max_length=2000),
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
    *, actor, hide: bool, reason: str, idea: Idea | None = None, comment: Comment | None = None
):
    """Hide (with a reason the author sees) or show again an idea or a comment."""
    target = _target(idea, comment)
    municipality = _municipality_of(target)
    _require(actor, "participation.moderate", municipality)
    reason = (reason or "").strip()
    if hide and not reason:
        raise ValidationError(
            {"reason": "Bitte nennen Sie den Grund; die Verfasser:in bekommt ihn zu sehen."}
        )
    target.moderation = Moderation.HIDDEN if hide else Moderation.VISIBLE
    target.moderation_reason = reason if hide else ""
    target.moderated_by = actor
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
        _notify(
            target.author,
            "Ihr Beitrag wurde ausgeblendet",
            f"{what} wurde von der Moderation ausgeblendet.\n\nGrund: {reason}\n\n"
            "Wenn Sie nicht einverstanden sind, können Sie auf der Seite des Beitrags Einspruch einlegen. "
            "Eine andere Person aus dem Moderationsteam entscheidet dann.",
        )
    return target


@transaction.atomic
def appeal_submit(*, actor, text: str, idea: Idea | None = None, comment: Comment | None = None) -> Appeal:
    _require_login(actor)
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
        author=actor,
        text=_clean_text(text, "text", "Begründung", max_length=3000),
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
def appeal_decide(*, actor, appeal: Appeal, restore: bool, reason: str) -> Appeal:
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    target = appeal.idea or appeal.comment
    municipality = _municipality_of(target)
    _require(actor, "participation.moderate", municipality)
    if appeal.outcome != Appeal.Outcome.OPEN:
        raise ValidationError("Über diesen Einspruch wurde schon entschieden.")
    if target.moderated_by_id == actor.pk:
        raise ValidationError(
            "Über den Einspruch entscheidet eine andere Person als die, die ausgeblendet hat."
        )
    reason = _clean_text(reason, "reason", "Begründung der Entscheidung", max_length=3000)
    appeal.outcome = Appeal.Outcome.RESTORED if restore else Appeal.Outcome.UPHELD
    appeal.decision_reason = reason
    appeal.decided_by = actor
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
    _notify(
        appeal.author,
        "Entscheidung über Ihren Einspruch",
        f"Ihr Einspruch wurde entschieden: {appeal.get_outcome_display()}.\n\nBegründung: {reason}",
    )
    return appeal


@transaction.atomic
def idea_answer(*, actor, idea: Idea, status: str, answer: str) -> Idea:
    """The administration's official answer and status; the author gets an e-mail."""
    _require(actor, "participation.answer_idea", idea.project.municipality)
    if status not in Idea.Status.values:
        raise ValidationError({"status": f"Unbekannter Stand „{status}“."})
    answer = _clean_text(answer, "answer", "Antwort", max_length=5000)
    changes = field_changes(idea, {"status": status, "official_answer": answer})
    idea.status = status
    idea.official_answer = answer
    idea.answered_by = actor
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
    _notify(
        idea.author,
        f"Antwort auf Ihre Idee „{idea.title}“",
        f"Die Verwaltung hat auf Ihre Idee geantwortet.\n\nStand: {idea.get_status_display()}\n\n{answer}",
    )
    return idea


@transaction.atomic
def project_transfer_to_werkstatt(*, actor, project: Project, base_url: str = "") -> int:
    """Send the visible ideas of a Zukunftswerkstatt project into the Werkstatt process."""
    _require(actor, "participation.manage_project", project.municipality)
    if project.kind != Project.Kind.ZUKUNFTSWERKSTATT:
        raise ValidationError("Nur Ideen einer Zukunftswerkstatt werden an den Werkstatt-Prozess übergeben.")
    from leuchtfeuer.werkstatt.services import ideas_receive  # lazy: the Werkstatt part owns it

    ideas = project.ideas.filter(moderation=Moderation.VISIBLE).exclude(status=Idea.Status.DECLINED)
    payload = [
        {
            "title": idea.title,
            "description": idea.text,
            "handlungsfeld": idea.handlungsfeld,
            "source_label": f"Beteiligung: {project.title}",
            "source_url": f"{base_url}/beteiligung/{project.municipality.slug}/{project.slug}/ideen/{idea.pk}/",
        }
        for idea in ideas
    ]
    created = ideas_receive(actor=actor, municipality=project.municipality, ideas=payload)
    project.transferred_to_werkstatt_at = timezone.now()
    project.save(update_fields=["transferred_to_werkstatt_at"])
    audit_record(
        actor=actor,
        action="participation.werkstatt_transfer",
        target=project,
        municipality=project.municipality,
        summary=f"{len(payload)} Ideen an die Werkstatt übergeben",
    )
    return len(created) if created is not None else len(payload)


# --- budgets ------------------------------------------------------------------------------------

RULE_FIELDS = (
    "rule",
    "counting",
    "max_choices",
    "points_total",
    "points_per_proposal",
    "amount",
    "min_votes",
)


def _check_rule(data: dict) -> None:
    rule = data["rule"]
    if rule not in Budget.Rule.values:
        raise ValidationError({"rule": f"Unbekannte Abstimmungsregel „{rule}“."})
    if data["counting"] not in Budget.Counting.values:
        raise ValidationError({"counting": f"Unbekanntes Zählverfahren „{data['counting']}“."})
    if rule == Budget.Rule.K_APPROVAL and not data.get("max_choices"):
        raise ValidationError({"max_choices": "Bei „höchstens k Vorschläge“ bitte k angeben (mindestens 1)."})
    if rule == Budget.Rule.CUMULATIVE and not (data.get("points_total") and data.get("points_per_proposal")):
        raise ValidationError(
            {"points_total": "Beim Punkte-Verteilen bitte Punkte je Person und je Vorschlag angeben."}
        )
    if Decimal(data["amount"]) <= 0:
        raise ValidationError({"amount": "Das Budget muss größer als 0 € sein."})
    if data["counting"] == Budget.Counting.GREEDY_THRESHOLD and not data.get("min_votes"):
        raise ValidationError(
            {
                "min_votes": "Bei „Reihenfolge nach Stimmen mit Mindeststimmenzahl“ bitte die Mindeststimmenzahl angeben."
            }
        )
    if data["counting"] != Budget.Counting.GREEDY_THRESHOLD:
        data["min_votes"] = None  # only that rule has a minimum; keep no stale number


@transaction.atomic
def budget_create(
    *,
    actor,
    project: Project,
    kind: str,
    amount,
    eligibility: str,
    eligibility_note: str,
    rule: str = "approval",
    counting: str = "mes-complete",
    min_votes=None,
    max_choices=None,
    points_total=None,
    points_per_proposal=None,
    min_age=None,
    max_age=None,
    max_cost_per_proposal=None,
) -> Budget:
    _require(actor, "participation.manage_budget", project.municipality)
    if project.kind != Project.Kind.BUDGET:
        raise ValidationError("Ein Budget gehört zu einem Projekt der Art „Budget“.")
    data = {
        "rule": rule,
        "counting": counting,
        "min_votes": min_votes,
        "max_choices": max_choices,
        "points_total": points_total,
        "points_per_proposal": points_per_proposal,
        "amount": Decimal(str(amount)),
    }
    _check_rule(data)
    if kind == Budget.Kind.ORTSTEIL and project.ortsteil is None:
        raise ValidationError({"kind": "Ein Ortsteilbudget braucht ein Projekt, das einem Ortsteil gehört."})
    if min_age is not None and max_age is not None and min_age > max_age:
        raise ValidationError(
            {"min_age": f"Das Mindestalter {min_age} liegt über dem Höchstalter {max_age}."}
        )
    if eligibility not in Budget.Eligibility.values:
        raise ValidationError({"eligibility": f"Unbekannte Art der Stimmberechtigung „{eligibility}“."})
    budget = Budget.objects.create(
        project=project,
        kind=kind,
        eligibility=eligibility,
        eligibility_note=_clean_text(eligibility_note, "eligibility_note", "Wer darf abstimmen?"),
        min_age=min_age,
        max_age=max_age,
        max_cost_per_proposal=max_cost_per_proposal,
        **data,
    )
    audit_record(
        actor=actor,
        action="participation.budget_create",
        target=budget,
        municipality=project.municipality,
        summary=f"{budget.get_kind_display()} über {counting_euro(budget.amount)} angelegt ({budget.get_rule_display()})",
    )
    return budget


def counting_euro(value) -> str:
    return counting.euro(Fraction(str(value)))


RULE_LOCKED_MESSAGE = (
    "Die Abstimmungsregel kann nicht mehr geändert werden: Seit der erste Stimmzettel abgegeben wurde, "
    "gilt sie unverändert bis zum Ende (damit niemand nachträglich die Spielregeln ändert)."
)


@transaction.atomic
def budget_rule_change(*, actor, budget: Budget, **changes) -> Budget:
    """Change rule, counting, k, points or amount – only before the vote starts and before any ballot."""
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    _require(actor, "participation.manage_budget", budget.project.municipality)
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        raise ValidationError(
            f"Diese Angaben gehören nicht zur Abstimmungsregel: {', '.join(sorted(unknown))}."
        )
    if (
        budget.rule_locked
        or budget.ballot_count
        or Ballot.objects.filter(budget=budget).exists()
        or SealedBallot.objects.filter(budget=budget).exists()
    ):
        raise ValidationError(RULE_LOCKED_MESSAGE)
    voting = budget.project.phases.filter(kind="voting").first()
    if voting is not None and voting.starts_at <= timezone.now():
        raise ValidationError(
            "Die Abstimmungsregel kann nicht mehr geändert werden: Die Abstimmung hat am "
            f"{timezone.localtime(voting.starts_at):%d.%m.%Y um %H:%M} Uhr begonnen."
        )
    data = {field: getattr(budget, field) for field in RULE_FIELDS}
    data.update(changes)
    if "amount" in changes:
        data["amount"] = Decimal(str(changes["amount"]))
    _check_rule(data)
    diff = field_changes(budget, data)
    for field, value in data.items():
        setattr(budget, field, value)
    budget.save(update_fields=list(RULE_FIELDS))
    audit_record(
        actor=actor,
        action="participation.budget_rule_change",
        target=budget,
        municipality=budget.project.municipality,
        summary="Abstimmungsregel geändert",
        changes=diff,
    )
    return budget


@transaction.atomic
def proposal_submit(
    *,
    actor,
    budget: Budget,
    title: str,
    description: str,
    cost,
    handlungsfeld: str = "",
    ortsteil=None,
    by_office: bool = False,
) -> Proposal:
    if by_office:
        _require(actor, "participation.check_feasibility", budget.project.municipality)
    else:
        _require_login(actor)
        _require_phase(budget.project, "propose")
    try:
        cost = Decimal(str(cost))
    except Exception:
        raise ValidationError({"cost": f"„{cost}“ ist kein Betrag."}) from None
    if cost <= 0:
        raise ValidationError({"cost": "Die Kosten müssen größer als 0 € sein."})
    if cost > budget.amount:
        raise ValidationError(
            {"cost": f"Die Kosten sind höher als das ganze Budget ({counting_euro(budget.amount)})."}
        )
    if budget.max_cost_per_proposal and cost > budget.max_cost_per_proposal:
        raise ValidationError(
            {"cost": f"Ein Vorschlag darf höchstens {counting_euro(budget.max_cost_per_proposal)} kosten."}
        )
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    number = (budget.proposals.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    proposal = Proposal.objects.create(
        budget=budget,
        number=number,
        title=_clean_text(title, "title", "Titel", max_length=200),
        description=_clean_text(description, "description", "Beschreibung", max_length=5000),
        cost=cost,
        handlungsfeld=handlungsfeld or "",
        ortsteil=ortsteil,
        submitted_by=actor if actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action="participation.proposal_submit",
        target=proposal,
        municipality=budget.project.municipality,
        summary=f"Vorschlag {number} „{proposal.title}“",
    )
    return proposal


@transaction.atomic
def proposal_check(*, actor, proposal: Proposal, feasible: bool, reason: str) -> Proposal:
    budget = proposal.budget
    _require(actor, "participation.check_feasibility", budget.project.municipality)
    if budget.rule_locked:
        raise ValidationError("Die Abstimmung läuft; die Liste der Vorschläge steht fest.")
    proposal.feasibility = Proposal.Feasibility.FEASIBLE if feasible else Proposal.Feasibility.NOT_FEASIBLE
    proposal.feasibility_reason = _clean_text(reason, "reason", "Begründung", max_length=3000)
    proposal.checked_by = actor
    proposal.checked_at = timezone.now()
    proposal.save()
    audit_record(
        actor=actor,
        action="participation.proposal_check",
        target=proposal,
        municipality=budget.project.municipality,
        summary=f"Vorschlag {proposal.number}: {proposal.get_feasibility_display()} – {proposal.feasibility_reason}",
    )
    _notify(
        proposal.submitted_by,
        f"Prüfung Ihres Vorschlags „{proposal.title}“",
        f"Ergebnis der Prüfung: {proposal.get_feasibility_display()}.\n\nBegründung: {proposal.feasibility_reason}",
    )
    return proposal


CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum()).replace("O", "0").replace("I", "1")


def code_hash(budget_id: int, code: str) -> str:
    return hashlib.sha256(f"leuchtfeuer-code:{budget_id}:{normalise_code(code)}".encode()).hexdigest()


@transaction.atomic
def codes_issue(*, actor, budget: Budget, count: int, batch: str, ortsteil=None) -> list[str]:
    """Create `count` one-time codes; returns them in clear ONCE (for the letters), stores hashes."""
    _require(actor, "participation.manage_budget", budget.project.municipality)
    if budget.eligibility != Budget.Eligibility.CODES:
        raise ValidationError("Dieses Budget arbeitet mit geprüften Konten, nicht mit Codes.")
    if not 1 <= count <= 20000:
        raise ValidationError({"count": "Bitte zwischen 1 und 20.000 Codes auf einmal erzeugen."})
    batch = _clean_text(batch, "batch", "Bezeichnung des Druckstapels", max_length=40)
    if budget.project.ortsteil_id is not None:
        # an Ortsteil's budget: every code belongs to that Ortsteil
        ortsteil = budget.project.ortsteil
    codes = []
    rows = []
    for _ in range(count):
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        codes.append(code)
        rows.append(
            VotingCode(budget=budget, code_hash=code_hash(budget.pk, code), batch=batch, ortsteil=ortsteil)
        )
    VotingCode.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="participation.codes_issue",
        target=budget,
        municipality=budget.project.municipality,
        summary=f"{count} Abstimmungscodes erzeugt (Stapel {batch})",
    )
    return codes


@transaction.atomic
def voter_verify(*, actor, budget: Budget, user, note: str) -> VoterVerification:
    _require(actor, "participation.manage_budget", budget.project.municipality)
    if budget.eligibility != Budget.Eligibility.ACCOUNTS:
        raise ValidationError("Dieses Budget arbeitet mit Codes; Konten werden nicht freigeschaltet.")
    verification, _ = VoterVerification.objects.get_or_create(
        budget=budget,
        user=user,
        defaults={"verified_by": actor, "note": _clean_text(note, "note", "womit geprüft", max_length=200)},
    )
    audit_record(
        actor=actor,
        action="participation.voter_verify",
        target=budget,
        municipality=budget.project.municipality,
        summary=f"Konto {user.email} als stimmberechtigt geprüft ({note})",
    )
    return verification


def ballot_validate(
    budget: Budget, choices: dict[int, int], proposals: dict[int, Proposal]
) -> dict[int, int]:
    """Check a ballot against the budget's rule. choices: {proposal id: points}. German errors."""
    clean = {}
    for pid, points in choices.items():
        if pid not in proposals:
            raise ValidationError("Der Stimmzettel enthält einen Vorschlag, der nicht zur Abstimmung steht.")
        try:
            points = int(points)
        except (TypeError, ValueError):
            raise ValidationError(
                f"Vorschlag {proposals[pid].number}: „{points}“ ist keine Punktzahl."
            ) from None
        if points < 0:
            raise ValidationError(f"Vorschlag {proposals[pid].number}: Punkte können nicht negativ sein.")
        if points:
            clean[pid] = points
    if not clean:
        raise ValidationError("Bitte wählen Sie mindestens einen Vorschlag aus.")
    if budget.rule in (Budget.Rule.APPROVAL, Budget.Rule.K_APPROVAL) and any(p != 1 for p in clean.values()):
        raise ValidationError("Bei dieser Abstimmung kreuzen Sie Vorschläge an; Punkte gibt es nicht.")
    if budget.rule == Budget.Rule.APPROVAL:
        total = sum(proposals[pid].cost for pid in clean)
        if total > budget.amount:
            raise ValidationError(
                f"Ihre Auswahl kostet zusammen {counting_euro(total)}, das Budget ist aber nur "
                f"{counting_euro(budget.amount)}. Bitte wählen Sie weniger aus."
            )
    if budget.rule == Budget.Rule.K_APPROVAL and len(clean) > budget.max_choices:
        raise ValidationError(
            f"Sie haben {len(clean)} Vorschläge angekreuzt; erlaubt sind höchstens {budget.max_choices}."
        )
    if budget.rule == Budget.Rule.CUMULATIVE:
        if sum(clean.values()) > budget.points_total:
            raise ValidationError(
                f"Sie haben {sum(clean.values())} Punkte verteilt; Sie haben aber nur {budget.points_total}."
            )
        too_many = [proposals[pid].number for pid, pts in clean.items() if pts > budget.points_per_proposal]
        if too_many:
            raise ValidationError(
                f"Vorschlag {too_many[0]}: höchstens {budget.points_per_proposal} Punkte je Vorschlag."
            )
    return clean


def _lock_and_store(budget: Budget, clean: dict[int, int], *, is_paper: bool, capacity: int) -> None:
    """Write the ballot sealed (see `ballots.py`: readable only after the vote, mixed with all
    others), then count it and lock the rule, in the caller's transaction.

    The budget row is updated LAST, so its row lock is held only for the moment until commit
    (ballots of different voters do not wait for each other's validation). The UPDATE copies the
    rule columns into `locked_*` and only matches if the rule is still the one this ballot was
    checked against; otherwise nothing is stored.
    """
    ballot_seal(budget=budget, choices=clean, is_paper=is_paper, capacity=capacity)
    updated = Budget.objects.filter(
        pk=budget.pk,
        rule=budget.rule,
        counting=budget.counting,
        amount=budget.amount,
        max_choices=budget.max_choices,
        points_total=budget.points_total,
        points_per_proposal=budget.points_per_proposal,
        min_votes=budget.min_votes,
    ).update(
        ballot_count=F("ballot_count") + 1,
        rule_locked=True,
        locked_rule=F("rule"),
        locked_counting=F("counting"),
        locked_max_choices=F("max_choices"),
        locked_points_total=F("points_total"),
        locked_points_per_proposal=F("points_per_proposal"),
        locked_min_votes=F("min_votes"),
        locked_amount=F("amount"),
    )
    if updated != 1:
        raise ValidationError("Die Abstimmungsregel wurde gerade geändert. Bitte laden Sie die Seite neu.")


def _voting_proposals(budget: Budget) -> dict[int, Proposal]:
    return {p.pk: p for p in budget.proposals.filter(feasibility=Proposal.Feasibility.FEASIBLE)}


def ballot_cast(*, budget: Budget, choices: dict[int, int], code: str = "", user=None) -> None:
    """Cast a secret ballot with a one-time code or a verified account.

    In one transaction: check the phase, the rule and eligibility, write the "has voted" marker
    (unique per code / per user: the database refuses a second one, also from a concurrent request),
    write the ballot sealed (no link to code, user or time; opened only with all others after the
    vote, in random order), then count it and lock the rule.
    """
    try:
        with transaction.atomic():
            budget = Budget.objects.select_related("project").get(pk=budget.pk)
            _require_phase(budget.project, "vote")
            proposals = _voting_proposals(budget)
            clean = ballot_validate(budget, choices, proposals)
            if budget.eligibility == Budget.Eligibility.CODES:
                if not normalise_code(code):
                    raise ValidationError({"code": "Bitte geben Sie den Code aus Ihrem Brief ein."})
                voting_code = VotingCode.objects.filter(
                    budget=budget, code_hash=code_hash(budget.pk, code)
                ).first()
                if voting_code is None:
                    raise ValidationError(
                        {
                            "code": "Diesen Code kennen wir nicht. Bitte prüfen Sie die Schreibweise (Groß/klein egal)."
                        }
                    )
                if budget.project.ortsteil_id and voting_code.ortsteil_id not in (
                    None,
                    budget.project.ortsteil_id,
                ):
                    raise ValidationError(
                        {
                            "code": f"Dieser Code gilt für einen anderen Ortsteil als {budget.project.ortsteil}."
                        }
                    )
                if VoteMarker.objects.filter(code=voting_code).exists():
                    raise ValidationError(
                        {"code": "Mit diesem Code wurde schon abgestimmt. Jeder Code gilt nur einmal."}
                    )
                VoteMarker.objects.create(budget=budget, code=voting_code)
            else:
                _require_login(user)
                if not VoterVerification.objects.filter(budget=budget, user=user).exists():
                    raise PermissionDenied(
                        "Ihr Konto ist für diese Abstimmung noch nicht freigeschaltet. "
                        + budget.eligibility_note
                    )
                if VoteMarker.objects.filter(budget=budget, user=user).exists():
                    raise ValidationError("Sie haben schon abgestimmt. Jede Person stimmt einmal ab.")
                VoteMarker.objects.create(budget=budget, user=user)
            _lock_and_store(budget, clean, is_paper=False, capacity=len(proposals))
    except IntegrityError:
        # A concurrent request with the same code/account won the race; the database refused this one.
        raise ValidationError("Mit diesem Code oder Konto wurde gerade schon abgestimmt.") from None


@transaction.atomic
def paper_entry_submit(*, actor, budget: Budget, sheet: str, choices: dict[int, int]) -> str:
    """Four-eyes entry of a paper ballot. choices are keyed by proposal NUMBER (as printed).

    Returns "waiting" after the first entry, "stored" when a second, different person's entry
    matches (the ballot is then stored), and raises when the second entry differs.
    """
    budget = Budget.objects.select_for_update().select_related("project").get(pk=budget.pk)
    _require(actor, "participation.enter_paper_ballot", budget.project.municipality)
    sheet = _clean_text(sheet, "sheet", "Nummer des Stimmzettels", max_length=40)
    by_number = {p.number: p for p in _voting_proposals(budget).values()}
    try:
        normalised = {int(k): int(v) for k, v in choices.items() if int(v)}
    except (TypeError, ValueError):
        raise ValidationError("Bitte nur ganze Zahlen eintragen.") from None
    unknown = [n for n in normalised if n not in by_number]
    if unknown:
        raise ValidationError(f"Stimmzettel {sheet}: Vorschlag Nr. {unknown[0]} steht nicht zur Abstimmung.")
    entry = PaperEntry.objects.select_for_update().filter(budget=budget, sheet=sheet).first()
    stored_form = {str(k): v for k, v in sorted(normalised.items())}
    if entry is None:
        # validate now so that the first person learns about an invalid sheet at once
        ballot_validate(
            budget, {by_number[n].pk: v for n, v in normalised.items()}, _voting_proposals(budget)
        )
        PaperEntry.objects.create(budget=budget, sheet=sheet, first_by=actor, choices=stored_form)
        audit_record(
            actor=actor,
            action="participation.paper_first",
            target=budget,
            municipality=budget.project.municipality,
            summary=f"Papierstimmzettel {sheet}: erste Erfassung",
        )
        return "waiting"
    if entry.confirmed_at is not None:
        raise ValidationError(f"Stimmzettel {sheet} ist bereits erfasst und bestätigt.")
    if entry.first_by_id == actor.pk:
        raise ValidationError(
            f"Stimmzettel {sheet}: Die zweite Erfassung muss eine andere Person machen (Vier-Augen-Prinzip)."
        )
    if entry.choices != stored_form:
        audit_record(
            actor=actor,
            action="participation.paper_mismatch",
            target=budget,
            municipality=budget.project.municipality,
            summary=f"Papierstimmzettel {sheet}: Erfassungen weichen ab",
        )
        raise ValidationError(
            f"Stimmzettel {sheet}: Ihre Erfassung weicht von der ersten ab. Bitte den Zettel gemeinsam prüfen; "
            "gespeichert wurde nichts."
        )
    proposals = _voting_proposals(budget)
    clean = ballot_validate(budget, {by_number[n].pk: v for n, v in normalised.items()}, proposals)
    VoteMarker.objects.create(budget=budget, paper_sheet=sheet)
    _lock_and_store(budget, clean, is_paper=True, capacity=len(proposals))
    entry.confirmed_by = actor
    entry.confirmed_at = timezone.now()
    entry.save(update_fields=["confirmed_by", "confirmed_at"])
    audit_record(
        actor=actor,
        action="participation.paper_confirm",
        target=budget,
        municipality=budget.project.municipality,
        summary=f"Papierstimmzettel {sheet}: bestätigt und gezählt",
    )
    return "stored"


def budget_election(budget: Budget, contents: list | None = None) -> PBElection:
    """The budget as a pabulib election (feasible proposals, all stored ballots).

    Reads the ballots through `ballot_contents`: after the vote that unseals them (stored mixed),
    during the vote it opens them in memory only. `contents` if the caller has read them already.
    """
    proposals = list(budget.proposals.filter(feasibility=Proposal.Feasibility.FEASIBLE).order_by("number"))
    ids = {p.pk: str(p.number) for p in proposals}
    if contents is None:
        contents = ballot_contents(budget)
    vote_type = "cumulative" if budget.rule == Budget.Rule.CUMULATIVE else "approval"
    ballots = []
    for content in contents:
        entries = sorted(((ids[pid], points) for pid, points in content.choices), key=lambda e: int(e[0]))
        projects = tuple(e[0] for e in entries)
        points = tuple(Fraction(e[1]) for e in entries) if vote_type == "cumulative" else None
        ballots.append(PBBallot(projects, points))
    ballots.sort(key=lambda b: (b.projects, b.points or ()))  # no storage order leaks into exports
    meta = {
        "description": budget.project.title,
        "country": "Germany",
        "unit": budget.project.municipality.display_name,
        "instance": str(timezone.localdate().year),
        "currency": "EUR",
        "rule": counting.PABULIB_NAMES.get(budget.counting, budget.counting),
        "language": "de",
    }
    if budget.min_votes:
        meta["min_project_score_threshold"] = str(budget.min_votes)
    if budget.rule == Budget.Rule.K_APPROVAL:
        meta["max_length"] = str(budget.max_choices)
    if budget.rule == Budget.Rule.CUMULATIVE:
        meta["max_sum_points"] = str(budget.points_total)
        meta["max_points"] = str(budget.points_per_proposal)
    return PBElection(
        vote_type=vote_type,
        budget=Fraction(str(budget.amount)),
        projects=[PBProject(ids[p.pk], Fraction(str(p.cost)), p.title) for p in proposals],
        ballots=ballots,
        meta=meta,
    )


def budget_export_pb(budget: Budget) -> str:
    return write_pb(budget_election(budget))


@transaction.atomic
def budget_count(*, actor, budget: Budget) -> dict:
    """Count with the budget's method and, for comparison, the other rules; store the result."""
    budget = Budget.objects.select_for_update().select_related("project").get(pk=budget.pk)
    _require(actor, "participation.manage_budget", budget.project.municipality)
    voting = budget.project.phases.filter(kind="voting").first()
    if voting is None or voting.ends_at > timezone.now():
        raise ValidationError("Gezählt wird erst, wenn die Abstimmung zu Ende ist.")
    if PaperEntry.objects.filter(budget=budget, confirmed_at__isnull=True).exists():
        raise ValidationError("Es gibt Papierstimmzettel, deren zweite Erfassung noch fehlt.")
    contents = ballot_contents(budget)  # the vote is over: unseals all ballots in one mixed batch
    election = budget_election(budget, contents)
    if not election.ballots:
        raise ValidationError("Es wurde noch kein Stimmzettel abgegeben.")
    main = counting.count(election, budget.counting, threshold=budget.min_votes)
    others = [rule for rule in ("mes-complete", "greedy") if rule != budget.counting]
    titles = {str(p.number): p.title for p in budget.proposals.all()}
    result = {
        "rule": budget.counting,
        "main": _result_dict(main, titles),
        "comparison": [_result_dict(counting.count(election, rule), titles) for rule in others],
        "ballots": len(election.ballots),
        "paper_ballots": sum(1 for content in contents if content.is_paper),
        "counted_at": timezone.now().isoformat(),
    }
    budget.result = result
    budget.save(update_fields=["result"])
    audit_record(
        actor=actor,
        action="participation.budget_count",
        target=budget,
        municipality=budget.project.municipality,
        summary=f"Gezählt ({budget.counting}): {len(main.winners)} Vorschläge ausgewählt",
    )
    return result


def _result_dict(result: counting.CountResult, titles: dict[str, str]) -> dict:
    data = result.as_dict()
    data["label"] = counting.RULE_LABELS[result.rule]
    for outcome in data["outcomes"]:
        outcome["name"] = titles.get(outcome["project_id"], outcome["name"])
    return data


@transaction.atomic
def budget_result_publish(*, actor, budget: Budget) -> Budget:
    budget = Budget.objects.select_for_update().select_related("project__municipality").get(pk=budget.pk)
    _require(actor, "participation.publish_result", budget.project.municipality)
    if not budget.result:
        raise ValidationError("Bitte zuerst zählen; dann kann das Ergebnis veröffentlicht werden.")
    budget.result_published_at = timezone.now()
    budget.save(update_fields=["result_published_at"])
    audit_record(
        actor=actor,
        action="participation.result_publish",
        target=budget,
        municipality=budget.project.municipality,
        summary="Ergebnis mit Begründungen veröffentlicht",
    )
    return budget


# --- Bürgerrat ---------------------------------------------------------------------------------------


def _quotas_from_json(data: dict) -> dict:
    return {c: {v: (int(b[0]), int(b[1])) for v, b in values.items()} for c, values in data.items()}


@transaction.atomic
def assembly_create(*, actor, municipality, title: str, slug: str, summary: str, panel_size: int) -> Assembly:
    _require(actor, "participation.manage_assembly", municipality)
    if slug in RESERVED_ASSEMBLY_SLUGS:
        raise ValidationError(
            {
                "slug": f"Der Kurzname „{slug}“ ist reserviert (Adresse zum Anlegen). Bitte einen anderen wählen."
            }
        )
    if Assembly.objects.filter(municipality=municipality, slug=slug).exists():
        raise ValidationError({"slug": f"Den Kurznamen „{slug}“ gibt es schon."})
    if not 1 <= int(panel_size) <= 500:
        raise ValidationError({"panel_size": "Ein Bürgerrat hat zwischen 1 und 500 Plätze."})
    assembly = Assembly.objects.create(
        municipality=municipality,
        title=_clean_text(title, "title", "Titel", max_length=200),
        slug=slug,
        summary=_clean_text(summary, "summary", "Kurz erklärt"),
        panel_size=int(panel_size),
    )
    audit_record(
        actor=actor,
        action="participation.assembly_create",
        target=assembly,
        municipality=municipality,
        summary=f"Bürgerrat „{assembly.title}“ mit {panel_size} Plätzen angelegt",
    )
    return assembly


@transaction.atomic
def assembly_set_quotas(*, actor, assembly: Assembly, quotas: dict, source: str = "") -> Assembly:
    _require(actor, "participation.manage_assembly", assembly.municipality)
    if assembly.draws.exists():
        raise ValidationError("Es wurde schon gelost; die Quoten dieses Bürgerrats stehen fest.")
    clean = _quotas_from_json(quotas)
    for category, values in clean.items():
        if not values:
            raise ValidationError(f"Merkmal „{category}“ hat keine Ausprägungen.")
        if sum(lo for lo, _ in values.values()) > assembly.panel_size:
            raise ValidationError(
                f"Quoten für „{category}“: Die Mindestzahlen ergeben mehr als {assembly.panel_size}."
            )
        if sum(hi for _, hi in values.values()) < assembly.panel_size:
            raise ValidationError(
                f"Quoten für „{category}“: Die Höchstzahlen ergeben weniger als {assembly.panel_size}."
            )
        for value, (lo, hi) in values.items():
            if lo > hi:
                raise ValidationError(f"Quote „{category}: {value}“: Min {lo} ist größer als Max {hi}.")
    diff = {
        "quotas": [assembly.quotas, {c: {v: list(b) for v, b in vals.items()} for c, vals in clean.items()}]
    }
    assembly.quotas = diff["quotas"][1]
    assembly.categories = list(clean)
    if source:
        assembly.quota_source = source
    assembly.save(update_fields=["quotas", "categories", "quota_source"])
    audit_record(
        actor=actor,
        action="participation.assembly_quotas",
        target=assembly,
        municipality=assembly.municipality,
        summary="Quoten festgelegt",
        changes=diff,
    )
    return assembly


@transaction.atomic
def pool_upload(*, actor, assembly: Assembly, upload, consent_confirmed: bool) -> int:
    """Read the pool from an uploaded CSV file (UTF-8, up to 2 MB, checked by content); see pool_import."""
    _require(actor, "participation.manage_assembly", assembly.municipality)
    _, name = check_upload(upload, allowed=POOL_TYPES, max_bytes=POOL_MAX_BYTES, field="file")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            {
                "file": f"„{display_name(upload.name)}“ ist nicht UTF-8-kodiert. Bitte speichern Sie die Tabelle als "
                "„CSV UTF-8“ (Excel) bzw. mit dem Zeichensatz „Unicode (UTF-8)“ (LibreOffice)."
            }
        ) from None
    return pool_import(
        actor=actor, assembly=assembly, text=text, consent_confirmed=consent_confirmed, source=name
    )


@transaction.atomic
def pool_import(*, actor, assembly: Assembly, text: str, consent_confirmed: bool, source: str = "") -> int:
    _require(actor, "participation.manage_assembly", assembly.municipality)
    if not consent_confirmed:
        raise ValidationError(
            {
                "consent_confirmed": "Bitte bestätigen Sie, dass alle Personen im Pool der Verarbeitung zugestimmt haben."
            }
        )
    if not assembly.quotas:
        raise ValidationError(
            "Bitte legen Sie zuerst die Quoten fest; die Spalten des Pools richten sich danach."
        )
    if assembly.draws.exists():
        raise ValidationError("Es wurde schon gelost; der Pool kann nicht mehr ersetzt werden.")
    try:
        people = read_pool_csv(text, _quotas_from_json(assembly.quotas))
    except SortitionError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    assembly.pool.all().delete()
    PoolMember.objects.bulk_create(
        [PoolMember(assembly=assembly, key=p.id, features=p.features, household=p.household) for p in people]
    )
    audit_record(
        actor=actor,
        action="participation.pool_import",
        target=assembly,
        municipality=assembly.municipality,
        summary=f"Pool mit {len(people)} Personen eingelesen" + (f" aus „{source}“" if source else ""),
    )
    return len(people)


def _draw_store(actor, assembly, draw, quotas, *, replacement: bool, dropped=()) -> AssemblyDraw:
    record = AssemblyDraw.objects.create(
        assembly=assembly,
        is_replacement=replacement,
        dropped=list(dropped),
        seed=draw.seed,
        algorithm_requested=draw.algorithm_requested,
        algorithm_used=draw.algorithm_used,
        fallback_reason=draw.fallback_reason,
        inputs_sha256=draw.inputs_sha256,
        selected=draw.selected,
        probabilities={k: round(v, 6) for k, v in draw.probabilities.items()},
        min_probability=draw.min_probability,
        probabilities_exact=draw.probabilities_exact,
        quotas_used={c: {v: list(b) for v, b in vals.items()} for c, vals in quotas.items()},
        seconds=draw.seconds,
        library_version=draw.library_version,
        drawn_by=actor,
    )
    audit_record(
        actor=actor,
        action="participation.assembly_draw",
        target=assembly,
        municipality=assembly.municipality,
        summary=(
            (f"Nachrücker-Losung für {', '.join(dropped)} (abgesagt)" if replacement else "Losung")
            + f": {len(draw.selected)} Personen, Verfahren {draw.algorithm_used}"
            + (f" (statt {draw.algorithm_requested}: {draw.fallback_reason})" if draw.fallback_reason else "")
        ),
        changes=draw.audit() | ({"dropped": list(dropped)} if replacement else {}),
    )
    return record


def _people(members) -> list[Person]:
    return [Person(m.key, m.features, m.household) for m in members]


def assembly_draw(
    *,
    actor,
    assembly: Assembly,
    seed: int | None = None,
    algorithm: str = "leximin",
    fallback: str = "maximin",
    check_households: bool = False,
) -> AssemblyDraw:
    _require(actor, "participation.manage_assembly", assembly.municipality)
    if algorithm not in ALGORITHMS or fallback not in FALLBACKS:
        raise ValidationError("Unbekanntes Losverfahren.")
    if assembly.draws.filter(is_replacement=False).exists():
        raise ValidationError("Dieser Bürgerrat ist schon gelost. Für Absagen gibt es die Nachrücker-Losung.")
    seed = seed or secrets.randbelow(2**31 - 2) + 1
    quotas = _quotas_from_json(assembly.quotas)
    try:
        draw = select_panel(
            _people(assembly.pool.all()),
            quotas,
            assembly.panel_size,
            seed=seed,
            algorithm=algorithm,
            fallback=fallback,
            check_households=check_households,
        )
    except SortitionError as exc:
        raise ValidationError(str(exc)) from exc
    with transaction.atomic():
        return _draw_store(actor, assembly, draw, quotas, replacement=False)


def assembly_current_panel(assembly: Assembly) -> list[str]:
    panel: list[str] = []
    for record in assembly.draws.order_by("drawn_at", "pk"):
        panel += record.selected
    dropped = set(assembly.pool.filter(dropped_out=True).values_list("key", flat=True))
    return [key for key in panel if key not in dropped]


def assembly_replace(
    *,
    actor,
    assembly: Assembly,
    dropped: list[str],
    seed: int | None = None,
    algorithm: str = "leximin",
    fallback: str = "maximin",
) -> AssemblyDraw:
    """Mark `dropped` as having cancelled and draw replacements so that the quotas hold again."""
    _require(actor, "participation.manage_assembly", assembly.municipality)
    dropped = list(dict.fromkeys(dropped))
    panel_keys = assembly_current_panel(assembly)
    missing = [key for key in dropped if key not in panel_keys]
    if missing:
        raise ValidationError(f"{missing[0]} sitzt nicht im gelosten Bürgerrat.")
    if not dropped:
        raise ValidationError("Bitte wählen Sie aus, wer abgesagt hat.")
    quotas = _quotas_from_json(assembly.quotas)
    members = {m.key: m for m in assembly.pool.all()}
    panel = _people(members[k] for k in panel_keys)
    new_quotas, seats = replacement_quotas(quotas, panel, dropped)
    ever_drawn = {k for record in assembly.draws.all() for k in record.selected}
    candidates = _people(m for k, m in members.items() if k not in ever_drawn and not m.dropped_out)
    seed = seed or secrets.randbelow(2**31 - 2) + 1
    try:
        draw = select_panel(candidates, new_quotas, seats, seed=seed, algorithm=algorithm, fallback=fallback)
    except SortitionError as exc:
        raise ValidationError(f"Nachrücker-Losung nicht möglich: {exc}") from exc
    with transaction.atomic():
        PoolMember.objects.filter(assembly=assembly, key__in=dropped).update(dropped_out=True)
        return _draw_store(actor, assembly, draw, new_quotas, replacement=True, dropped=dropped)


# --- youth parliament ----------------------------------------------------------------------------


@transaction.atomic
def motion_answer(*, actor, motion: YouthMotion, answer: str) -> YouthMotion:
    _require(actor, "participation.manage_youth", motion.parliament.municipality)
    motion.council_answer = _clean_text(answer, "answer", "Antwort des Stadtrats", max_length=5000)
    motion.status = YouthMotion.Status.ANSWERED
    motion.answered_on = timezone.localdate()
    motion.save()
    audit_record(
        actor=actor,
        action="participation.motion_answer",
        target=motion,
        municipality=motion.parliament.municipality,
        summary=f"Antwort des Rats auf „{motion.title}“ eingetragen",
    )
    return motion


@transaction.atomic
def youth_parliament_create(*, actor, municipality, name: str, slug: str, summary: str, contact: str = ""):
    _require(actor, "participation.manage_youth", municipality)
    if YouthParliament.objects.filter(municipality=municipality, slug=slug).exists():
        raise ValidationError({"slug": f"Den Kurznamen „{slug}“ gibt es schon."})
    parliament = YouthParliament.objects.create(
        municipality=municipality,
        name=_clean_text(name, "name", "Name", max_length=200),
        slug=slug,
        summary=_clean_text(summary, "summary", "Kurz erklärt"),
        contact=(contact or "").strip()[:200],
    )
    audit_record(
        actor=actor,
        action="participation.youth_create",
        target=parliament,
        municipality=municipality,
        summary=f"Jugendparlament „{parliament.name}“ angelegt",
    )
    return parliament


@transaction.atomic
def youth_member_add(*, actor, parliament, display_name: str, role: str, since, consent_given: bool):
    _require(actor, "participation.manage_youth", parliament.municipality)
    if not consent_given:
        raise ValidationError(
            {
                "consent_given": "Ohne Einverständnis (bei unter 16-Jährigen der Eltern) wird niemand veröffentlicht."
            }
        )
    member = YouthMember.objects.create(
        parliament=parliament,
        display_name=_clean_text(display_name, "display_name", "Name", max_length=100),
        role=(role or "").strip()[:100],
        since=since,
        consent_given=True,
    )
    audit_record(
        actor=actor,
        action="participation.youth_member",
        target=parliament,
        municipality=parliament.municipality,
        summary=f"Mitglied {member.display_name} eingetragen",
    )
    return member


@transaction.atomic
def youth_meeting_add(*, actor, parliament, date, place: str, agenda: str, minutes: str = ""):
    _require(actor, "participation.manage_youth", parliament.municipality)
    meeting = YouthMeeting.objects.create(
        parliament=parliament,
        date=date,
        place=_clean_text(place, "place", "Ort", max_length=200),
        agenda=_clean_text(agenda, "agenda", "Tagesordnung"),
        minutes=(minutes or "").strip(),
    )
    audit_record(
        actor=actor,
        action="participation.youth_meeting",
        target=parliament,
        municipality=parliament.municipality,
        summary=f"Sitzung am {date:%d.%m.%Y} eingetragen",
    )
    return meeting


@transaction.atomic
def youth_motion_submit(*, actor, parliament, title: str, text: str, submitted_on):
    _require(actor, "participation.manage_youth", parliament.municipality)
    motion = YouthMotion.objects.create(
        parliament=parliament,
        title=_clean_text(title, "title", "Titel", max_length=200),
        text=_clean_text(text, "text", "Antrag"),
        submitted_on=submitted_on,
    )
    audit_record(
        actor=actor,
        action="participation.youth_motion",
        target=motion,
        municipality=parliament.municipality,
        summary=f"Antrag „{motion.title}“ eingetragen",
    )
    return motion
