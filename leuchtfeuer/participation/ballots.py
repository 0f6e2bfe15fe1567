"""Secret ballots: sealed when cast, opened and mixed in one batch when the vote is over.

Why (see docs/participation.md, "Wahlgeheimnis / ballot secrecy"): the "has voted" marker and the
ballot are written in the same transaction. Whatever a database records about a transaction –
PostgreSQL's `xmin` on every row, physical order (`ctid`, SQLite `rowid`), sequential ids – is then
shared by the two rows and links them for as long as they exist. So the vote's transaction stores
the ballot only *sealed* (AES-GCM, key from SECRET_KEY, which is not in the database). When the
voting phase has ended, `ballots_unseal` opens all sealed ballots of the budget in one transaction,
writes them as plain `Ballot`/`BallotItem` rows in random order and deletes the sealed rows: every
plain ballot then carries the same transaction and an order that has nothing to do with the voters.

Readers of ballots go through `ballot_contents`: after the vote it unseals first; while the vote is
still running (an export for checking) it opens the sealed ballots in memory only and writes nothing.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from leuchtfeuer.participation.engine import seal
from leuchtfeuer.participation.models import Ballot, BallotItem, Budget, SealedBallot

UNSEAL_FAILED_MESSAGE = (
    "Ein versiegelter Stimmzettel lässt sich nicht öffnen. Wurde der geheime Schlüssel des Servers "
    "(DJANGO_SECRET_KEY) geändert, ohne den bisherigen unter SECRET_KEY_FALLBACKS einzutragen? "
    "Es wurde nichts verändert; mit dem bisherigen Schlüssel lassen sich die Stimmzettel öffnen."
)
_CHUNK = 500


def _keys() -> list[bytes]:
    """The current key first, then those of older secrets (Django's key rotation)."""
    secrets_ = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [seal.derive_key(secret) for secret in secrets_ if secret]


def _aad(budget_id: int) -> bytes:
    """Binds a sealed ballot to its budget: moved to another budget it no longer opens."""
    return f"leuchtfeuer ballot v{seal.VERSION} budget={budget_id}".encode()


def ballot_seal(*, budget: Budget, choices: dict[int, int], is_paper: bool, capacity: int) -> None:
    """Store a checked ballot sealed, in the caller's (the vote's) transaction.
    `capacity`: number of proposals on the ballot (all sealed ballots of a budget get one length)."""
    ciphertext = seal.seal(_keys()[0], choices, is_paper=is_paper, aad=_aad(budget.pk), capacity=capacity)
    SealedBallot.objects.create(budget=budget, ciphertext=ciphertext)


def _open(budget_id: int, ciphertext: bytes) -> seal.OpenBallot:
    try:
        return seal.unseal(_keys(), ciphertext, aad=_aad(budget_id))
    except seal.SealError:
        raise ValidationError(UNSEAL_FAILED_MESSAGE) from None


def vote_over(budget: Budget, now: datetime | None = None) -> bool:
    """The voting phase exists and has ended (then the ballots may be opened for good)."""
    voting = budget.project.phases.filter(kind="voting").first()
    return voting is not None and voting.ends_at <= (now or timezone.now())


@transaction.atomic
def ballots_unseal(*, budget: Budget) -> int:
    """Open ALL sealed ballots of the budget and store them as plain ballots in random order.

    One transaction with the budget row locked (a ballot or paper entry arriving meanwhile waits, or
    stays sealed for the next batch); nothing is written if any sealed ballot fails to open.
    Returns how many ballots were opened. Callers: `ballot_contents` once the vote is over.
    """
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    sealed = list(SealedBallot.objects.filter(budget=budget).values_list("id", "ciphertext"))
    if not sealed:
        return 0
    opened = [_open(budget.pk, ciphertext) for _, ciphertext in sealed]
    secrets.SystemRandom().shuffle(opened)
    ballots = [Ballot(budget=budget, is_paper=ballot.is_paper) for ballot in opened]
    items = [
        BallotItem(ballot=row, proposal_id=proposal_id, points=points)
        for row, ballot in zip(ballots, opened, strict=True)
        for proposal_id, points in ballot.choices
    ]
    Ballot.objects.bulk_create(ballots, batch_size=_CHUNK)
    BallotItem.objects.bulk_create(items, batch_size=_CHUNK)
    ids = [pk for pk, _ in sealed]
    for start in range(0, len(ids), _CHUNK):
        SealedBallot.objects.filter(pk__in=ids[start : start + _CHUNK]).delete()
    return len(opened)


def ballot_contents(budget: Budget) -> list[seal.OpenBallot]:
    """Every ballot of the budget, sorted by content (no storage order leaks to the caller).

    Once the vote is over the sealed ballots are unsealed (stored mixed) first; while it still runs
    they are opened in memory only, so the database keeps no readable ballot of a running vote.
    """
    if vote_over(budget):
        ballots_unseal(budget=budget)
    by_ballot: dict = {pk: [] for pk in Ballot.objects.filter(budget=budget).values_list("id", flat=True)}
    paper = set(Ballot.objects.filter(budget=budget, is_paper=True).values_list("id", flat=True))
    for ballot_id, proposal_id, points in BallotItem.objects.filter(ballot__budget=budget).values_list(
        "ballot_id", "proposal_id", "points"
    ):
        by_ballot[ballot_id].append((proposal_id, points))
    result = [
        seal.OpenBallot(choices=tuple(sorted(choices)), is_paper=pk in paper)
        for pk, choices in by_ballot.items()
    ]
    result.extend(
        _open(budget.pk, ciphertext)
        for ciphertext in SealedBallot.objects.filter(budget=budget).values_list("ciphertext", flat=True)
    )
    result.sort(key=lambda ballot: (ballot.choices, ballot.is_paper))
    return result


def ballots_cast_count(budget: Budget) -> int:
    """Ballots stored so far, sealed or opened, without opening any."""
    return Ballot.objects.filter(budget=budget).count() + SealedBallot.objects.filter(budget=budget).count()
