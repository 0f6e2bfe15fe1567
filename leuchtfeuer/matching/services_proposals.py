"""Writes of the proposal workflow: the agency proposes a pair, both sides accept or decline,
contact details are exchanged only after both accepted, the outcome is recorded; reminders for
proposals nobody answered. Same conventions as services.py.
"""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.matching import selectors
from leuchtfeuer.matching.models import Decision, Proposal, RegisterStatus, Seeker, Space
from leuchtfeuer.matching.services import _mail_on_commit, _require, _text


def _space_side_emails(space: Space) -> list[str]:
    emails = [space.created_by.email] if space.created_by is not None and space.created_by.email else []
    if space.municipality.contact_email:
        emails.append(space.municipality.contact_email)
    return sorted(set(emails))


def _seeker_emails(seeker: Seeker) -> list[str]:
    return (
        [seeker.person.email] if seeker.person is not None and seeker.person.email else [seeker.contact_email]
    )


@transaction.atomic
def proposal_send(
    *, actor: Actor, space: Space, seeker: Seeker, message: str = "", base_url: str = ""
) -> Proposal:
    """The agency proposes a pair the engine scored; both sides are told by e-mail (no contact
    details yet)."""
    _require(actor, "matching.manage")
    space = Space.objects.select_for_update().select_related("municipality__region").get(pk=space.pk)
    if not selectors.shared_spaces().filter(pk=space.pk).exists():
        raise ValidationError(
            "Dieser Raum ist nicht offen oder die Eigentümer:in hat (noch) nicht eingewilligt, ihn zu zeigen."
        )
    if not selectors.open_seekers().filter(pk=seeker.pk).exists():
        raise ValidationError("Diese Suche ist nicht (mehr) offen.")
    score, reasons = selectors.pair_score(space, seeker)
    if score is None:
        raise ValidationError("Dieses Paar passt nicht: " + "; ".join(reasons[:3]))
    message = _text(message, field="message", label="eine Nachricht", max_length=2000, required=False)
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                space=space,
                seeker=seeker,
                score=score,
                reasons=reasons,
                message=message,
                sent_by=cast(User, actor),  # safe: only signed-in staff hold matching.manage (_require above)
            )
    except IntegrityError as exc:
        raise ValidationError("Für dieses Paar läuft bereits ein Vorschlag.") from exc
    audit_record(actor=actor, action="matching.proposal_send", target=proposal, municipality=space.municipality,
                 summary=f"Vorschlag „{space.title}“ ↔ „{seeker.title}“ gesendet", changes={"score": score})  # fmt: skip
    link = f"{base_url}/matching/vorschlaege/{proposal.pk}/" if base_url else ""
    body = (
        f"Guten Tag,\n\ndie Matching-Agentur schlägt eine Verbindung vor:\n\n{space.title} ({space.municipality})\n↔ {seeker.title}\n\n"
        + "Warum es passt:\n" + "\n".join(f"– {r}" for r in reasons) + "\n\n"
        + "Bitte nehmen Sie den Vorschlag an oder lehnen Sie ihn ab. Kontaktdaten tauschen wir erst aus, wenn beide Seiten zugestimmt haben.\n"
        + (f"\nZum Vorschlag: {link}\n" if link else "") + "\nViele Grüße\nIhre Matching-Agentur"
    )  # fmt: skip
    _mail_on_commit(
        "Vorschlag der Matching-Agentur", body, _space_side_emails(space) + _seeker_emails(seeker)
    )
    return proposal


@transaction.atomic
def proposal_decide(
    *, actor, proposal: Proposal, side: str, accept: bool, reason: str = "", base_url: str = ""
) -> Proposal:
    """One side accepts or declines. When both accepted, contact details are exchanged (status
    "kontakt", e-mails with the other side's details); a decline ends the proposal."""
    if side not in ("space", "seeker"):
        raise ValidationError("Unbekannte Seite.")
    _require(actor, f"matching.decide_{side}_side", proposal)
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("space__municipality", "seeker")
        .get(pk=proposal.pk)
    )
    if proposal.status != Proposal.Status.SENT:
        raise ValidationError("Über diesen Vorschlag ist schon entschieden.")
    field = f"{side}_decision"
    if getattr(proposal, field) != Decision.PENDING:
        raise ValidationError("Ihre Seite hat bereits geantwortet.")
    reason = _text(reason, field="reason", label="einen Grund", max_length=500, required=False)
    setattr(proposal, field, Decision.ACCEPTED if accept else Decision.DECLINED)
    setattr(proposal, f"{side}_decided_at", timezone.now())
    if not accept:
        proposal.status = Proposal.Status.DECLINED
        proposal.outcome_reason = reason or (
            "von der Raumseite abgelehnt" if side == "space" else "von der suchenden Seite abgelehnt"
        )
        proposal.closed_at = timezone.now()
    elif proposal.space_decision == Decision.ACCEPTED and proposal.seeker_decision == Decision.ACCEPTED:
        proposal.status = Proposal.Status.CONTACT
    proposal.save()
    audit_record(actor=actor, action="matching.proposal_decide", target=proposal, municipality=proposal.space.municipality,
                 summary=f"Vorschlag {'angenommen' if accept else 'abgelehnt'} ({'Raumseite' if side == 'space' else 'Suchende'})")  # fmt: skip
    if proposal.status == Proposal.Status.CONTACT:
        _contact_mails(proposal)
    elif proposal.status == Proposal.Status.DECLINED:
        _mail_on_commit(
            "Vorschlag der Matching-Agentur abgelehnt",
            f"Guten Tag,\n\nder Vorschlag „{proposal.space.title}“ ↔ „{proposal.seeker.title}“ wurde abgelehnt.\n\nViele Grüße\nIhre Matching-Agentur",
            _space_side_emails(proposal.space) + _seeker_emails(proposal.seeker),
        )
    return proposal


def _contact_mails(proposal: Proposal) -> None:
    space, seeker = proposal.space, proposal.seeker
    owner = "\n".join(x for x in (space.owner_name, space.owner_email, space.owner_phone) if x)
    person = "\n".join(x for x in (seeker.contact_name, seeker.contact_email, seeker.contact_phone) if x)
    _mail_on_commit(
        "Beide Seiten einverstanden – Kontakt",
        f"Guten Tag,\n\nbeide Seiten haben dem Vorschlag „{space.title}“ zugestimmt. So erreichen Sie die Suchenden:\n\n{person}\n\nViele Grüße\nIhre Matching-Agentur",
        _space_side_emails(space),
    )
    _mail_on_commit(
        "Beide Seiten einverstanden – Kontakt",
        f"Guten Tag,\n\nbeide Seiten haben dem Vorschlag „{space.title}“ zugestimmt. So erreichen Sie die Anbieter:in:\n\n{owner}\n\nViele Grüße\nIhre Matching-Agentur",
        _seeker_emails(seeker),
    )


@transaction.atomic
def proposal_close(*, actor: Actor, proposal: Proposal, agreed: bool, reason: str = "") -> Proposal:
    """Record the outcome after contact: "vereinbart" or "nicht zustande gekommen" (with reason).
    An agreement marks the space and the search as "vermittelt"."""
    _require(actor, "matching.close_proposal", proposal)
    proposal = Proposal.objects.select_for_update().select_related("space", "seeker").get(pk=proposal.pk)
    if proposal.status != Proposal.Status.CONTACT:
        raise ValidationError(
            "Ein Ergebnis lässt sich erst festhalten, wenn beide Seiten zugestimmt haben und der Vorschlag noch läuft."
        )
    reason = _text(
        reason,
        field="reason",
        label="den Grund, warum es nicht zustande kam",
        max_length=500,
        required=not agreed,
    )
    proposal.status = Proposal.Status.AGREED if agreed else Proposal.Status.FAILED
    proposal.outcome_reason = reason
    proposal.closed_at = timezone.now()
    proposal.save()
    if agreed:
        for obj in (proposal.space, proposal.seeker):
            obj.status = RegisterStatus.MATCHED
            obj.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="matching.proposal_close", target=proposal, municipality=proposal.space.municipality,
                 summary=f"Vorschlag {'vereinbart' if agreed else 'nicht zustande gekommen'}", changes={"reason": reason})  # fmt: skip
    return proposal


def proposals_remind(*, now=None, base_url: str = "") -> int:
    """Remind the sides that have not answered a proposal older than STALE_AFTER; → number reminded."""
    now = now or timezone.now()
    count = 0
    for proposal in selectors.stale_proposals(now=now).select_related(
        "space__municipality", "space__created_by", "seeker__person"
    ):
        with transaction.atomic():
            locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
            if locked.status != Proposal.Status.SENT:
                continue
            recipients = []
            if locked.space_decision == Decision.PENDING:
                recipients += _space_side_emails(proposal.space)
            if locked.seeker_decision == Decision.PENDING:
                recipients += _seeker_emails(proposal.seeker)
            locked.reminded_at = now
            locked.save(update_fields=["reminded_at"])
            link = f"{base_url}/matching/vorschlaege/{locked.pk}/" if base_url else ""
            _mail_on_commit(
                "Erinnerung: Vorschlag der Matching-Agentur",
                f"Guten Tag,\n\nder Vorschlag „{proposal.space.title}“ ↔ „{proposal.seeker.title}“ wartet seit "
                f"{proposal.sent_at:%d.%m.%Y} auf Ihre Antwort.\n" + (f"\nZum Vorschlag: {link}\n" if link else "") + "\nViele Grüße\nIhre Matching-Agentur",
                recipients,
            )  # fmt: skip
            count += 1
    return count
