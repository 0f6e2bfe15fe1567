"""Ballot secrecy (issue 13, defect 2): nothing in the database links a ballot to its voter.

Every voter casts a ballot with a content no one else chose, so after counting we know (and only
the test knows) which ballot is whose. Then every order the database can give – keys, physical
order (SQLite rowid, PostgreSQL ctid), the writing transaction (PostgreSQL xmin) – of the "has
voted" markers and of the ballots is compared: none predicts which ballot belongs to which marker
better than chance. Before the fix the ballots came out in exactly the markers' order (40 of 40).

Bounds: a random order of n ballots puts k or more at the marker's position with probability at
most 1/k! (the expected number of k-sets of fixed points is 1/k!), so `MATCH_LIMIT` = 10 fails a
correct mix with probability below 3e-7. Spearman's rho of a random order has standard deviation
1/sqrt(n-1); five of them (|rho| ≥ 0.8 for n = 40) has probability about 6e-7.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, close_old_connections, connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from leuchtfeuer.participation import ballots as ballot_store
from leuchtfeuer.participation import services
from leuchtfeuer.participation.budgets.selectors import budget_turnout
from leuchtfeuer.participation.engine import seal
from leuchtfeuer.participation.engine.pabulib import read_pb_text
from leuchtfeuer.participation.models import (
    Ballot,
    BallotItem,
    Phase,
    SealedBallot,
    VoteMarker,
    VotingCode,
)

VOTERS = 40
MATCH_LIMIT = 10
RHO_SIGMAS = 5
POSTGRES = "postgresql"

assert 1 / math.factorial(MATCH_LIMIT) < 1e-6
ITEMS_OF_BUDGET = f"ballot_id IN (SELECT id FROM {Ballot._meta.db_table} WHERE budget_id = %s)"  # noqa: S608


# --- helpers ---------------------------------------------------------------------------------------


def cumulative_budget(make_budget, eligibility="codes"):
    """Three proposals, 20 points, at most 10 per proposal: room for 40 different ballots."""
    return make_budget(eligibility=eligibility, rule="cumulative", points_total=20, points_per_proposal=10)


def content(budget, i: int) -> dict[int, int]:
    """Voter i's ballot, different from every other voter's (and the test's ground truth)."""
    a, b, _ = sorted(budget.proposals.values_list("pk", flat=True))
    return {a: 1 + i % 10, b: 1 + i // 10}


def voters(budget, coordinator, user_factory, eligibility):
    """VOTERS ways to vote: codes, or verified accounts (index i = voter i)."""
    if eligibility == "codes":
        return [
            {"code": c}
            for c in services.codes_issue(actor=coordinator, budget=budget, count=VOTERS, batch="A")
        ]
    people = []
    for _ in range(VOTERS):
        user = user_factory()
        services.voter_verify(actor=coordinator, budget=budget, user=user, note="Ausweis gesehen")
        people.append({"user": user})
    return people


def end_vote_and_count(budget, coordinator):
    Phase.objects.filter(project=budget.project).exclude(kind="voting").delete()
    Phase.objects.filter(project=budget.project, kind="voting").update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(minutes=1)
    )
    return services.budget_count(actor=coordinator, budget=budget)


def as_uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def rows(model, columns: str, budget_filter: str, budget_id: int, order: str) -> list[tuple]:
    """Raw rows in an order the database knows about (rowid/ctid are not visible to the ORM)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {budget_filter} ORDER BY {order}", [budget_id])  # noqa: S608
        return cursor.fetchall()


def physical(vendor: str) -> str:
    return "ctid" if vendor == POSTGRES else "rowid"


def marker_orders(budget, voter_of_marker) -> dict[str, list[int]]:
    """Voter indices in each order of the markers the database offers."""
    where = "budget_id = %s"
    orders = {
        "marker id": [voter_of_marker[as_uuid(r[0])] for r in rows(VoteMarker, "id", where, budget.pk, "id")],
        f"marker {physical(connection.vendor)}": [
            voter_of_marker[as_uuid(r[0])]
            for r in rows(VoteMarker, "id", where, budget.pk, physical(connection.vendor))
        ],
    }
    if connection.vendor == POSTGRES:
        orders["marker xmin"] = [
            voter_of_marker[as_uuid(r[0])]
            for r in rows(VoteMarker, "id", where, budget.pk, "xmin::text::bigint, ctid")
        ]
    return orders


def ballot_orders(budget, voter_of_content) -> dict[str, list[int]]:
    """Voter indices (found by the ballots' contents) in each order of the ballots."""
    items: dict[uuid.UUID, list] = {}
    for ballot_id, proposal_id, points in BallotItem.objects.filter(ballot__budget=budget).values_list(
        "ballot_id", "proposal_id", "points"
    ):
        items.setdefault(ballot_id, []).append((proposal_id, points))
    voter_of_ballot = {pk: voter_of_content[tuple(sorted(entries))] for pk, entries in items.items()}

    def ballots_in(order_rows):
        seen: list[int] = []
        for (ballot_id,) in order_rows:
            voter = voter_of_ballot[as_uuid(ballot_id)]
            if voter not in seen:
                seen.append(voter)
        return seen

    where = "budget_id = %s"
    item_where = ITEMS_OF_BUDGET
    phys = physical(connection.vendor)
    return {
        "ballot id": ballots_in(rows(Ballot, "id", where, budget.pk, "id")),
        f"ballot {phys}": ballots_in(rows(Ballot, "id", where, budget.pk, phys)),
        "item id": ballots_in(rows(BallotItem, "ballot_id", item_where, budget.pk, "id")),
        f"item {phys}": ballots_in(rows(BallotItem, "ballot_id", item_where, budget.pk, phys)),
    }


def spearman(first: list[int], second: list[int]) -> float:
    rank_a = {v: i for i, v in enumerate(first)}
    rank_b = {v: i for i, v in enumerate(second)}
    n = len(first)
    d2 = sum((rank_a[v] - rank_b[v]) ** 2 for v in first)
    return 1 - 6 * d2 / (n * (n * n - 1))


def assert_no_ordering_links(budget, voter_of_marker, voter_of_content):
    markers = marker_orders(budget, voter_of_marker)
    ballot_lists = ballot_orders(budget, voter_of_content)
    assert all(len(order) == VOTERS for order in [*markers.values(), *ballot_lists.values()])
    report = []
    for marker_name, marker_order in markers.items():
        for ballot_name, ballot_order in ballot_lists.items():
            matches = sum(m == b for m, b in zip(marker_order, ballot_order, strict=True))
            rho = spearman(marker_order, ballot_order)
            report.append((marker_name, ballot_name, matches, round(rho, 3)))
    linked = [r for r in report if r[2] >= MATCH_LIMIT or abs(r[3]) * math.sqrt(VOTERS - 1) >= RHO_SIGMAS]
    assert not linked, f"Reihenfolgen verraten, wer wie abgestimmt hat: {linked}"
    if connection.vendor == POSTGRES:
        # all plain ballots and items come from one transaction (the unsealing), none from a vote's
        ballot_xmin = rows(Ballot, "DISTINCT xmin::text", "budget_id = %s", budget.pk, "1")
        item_xmin = rows(
            BallotItem,
            "DISTINCT xmin::text",
            ITEMS_OF_BUDGET,
            budget.pk,
            "1",
        )
        marker_xmin = {r[0] for r in rows(VoteMarker, "xmin::text", "budget_id = %s", budget.pk, "1")}
        assert len(ballot_xmin) == 1 and item_xmin == ballot_xmin
        assert ballot_xmin[0][0] not in marker_xmin


def ground_truth(budget, ways):
    """marker id → voter index, ballot content → voter index."""
    voter_of_marker = {}
    for i, way in enumerate(ways):
        if "code" in way:
            code = VotingCode.objects.get(code_hash=services.code_hash(budget.pk, way["code"]))
            marker = VoteMarker.objects.get(code=code)
        else:
            marker = VoteMarker.objects.get(budget=budget, user=way["user"])
        voter_of_marker[marker.pk] = i
    voter_of_content = {tuple(sorted(content(budget, i).items())): i for i in range(VOTERS)}
    assert len(voter_of_content) == VOTERS
    return voter_of_marker, voter_of_content


# --- ordering: sequential and parallel votes -------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("eligibility", ["codes", "accounts"])
def test_sequential_votes_cannot_be_linked_by_any_order(make_budget, coordinator, user_factory, eligibility):
    budget = cumulative_budget(make_budget, eligibility)
    ways = voters(budget, coordinator, user_factory, eligibility)
    for i, way in enumerate(ways):
        services.ballot_cast(budget=budget, choices=content(budget, i), **way)
    result = end_vote_and_count(budget, coordinator)
    assert result["ballots"] == VOTERS
    assert_no_ordering_links(budget, *ground_truth(budget, ways))


@pytest.mark.django_db(transaction=True)
def test_parallel_votes_cannot_be_linked_by_any_order(make_budget, coordinator, user_factory):
    """8 threads with their own database connections vote at once (on SQLite they take turns at
    the write lock and retry; on PostgreSQL they really run concurrently)."""
    budget = cumulative_budget(make_budget)
    ways = voters(budget, coordinator, user_factory, "codes")
    threads_n = 8
    barrier = threading.Barrier(threads_n)
    errors: list[str] = []

    def worker(indices):
        try:
            barrier.wait()
            for i in indices:
                for _attempt in range(200):
                    try:
                        services.ballot_cast(budget=budget, choices=content(budget, i), **ways[i])
                        break
                    except OperationalError as exc:  # SQLite shared in-memory database: table locked
                        if "locked" not in str(exc):
                            raise
                        time.sleep(0.01)
                else:
                    errors.append(f"Stimme {i}: Datenbank blieb gesperrt")
        except Exception as exc:  # anything else is a bug: record it
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(range(t, VOTERS, threads_n),)) for t in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert VoteMarker.objects.filter(budget=budget).count() == VOTERS
    result = end_vote_and_count(budget, coordinator)
    assert result["ballots"] == VOTERS
    assert_no_ordering_links(budget, *ground_truth(budget, ways))


# --- what a sealed row reveals -----------------------------------------------------------------------


@pytest.mark.django_db
def test_sealed_ballot_reveals_nothing_without_the_key(make_budget, coordinator, settings):
    budget = make_budget(rule="k_approval", max_choices=3, amount=9000)
    p = sorted(budget.proposals.values_list("pk", flat=True))
    codes = services.codes_issue(actor=coordinator, budget=budget, count=3, batch="A")
    services.ballot_cast(budget=budget, choices={p[0]: 1}, code=codes[0])
    services.ballot_cast(budget=budget, choices={p[0]: 1, p[1]: 1, p[2]: 1}, code=codes[1])
    sealed = list(SealedBallot.objects.filter(budget=budget))
    assert len(sealed) == 2 and not Ballot.objects.exists() and not BallotItem.objects.exists()
    # one choice or three: the same length; the nonce differs, so equal ballots look different too
    lengths = {len(bytes(s.ciphertext)) for s in sealed}
    assert lengths == {seal.NONCE_BYTES + seal.BUCKET + seal.TAG_BYTES}
    # a wrong key does not open it
    wrong = seal.derive_key("ein-anderer-schluessel")
    aad = ballot_store._aad(budget.pk)
    with pytest.raises(seal.SealError):
        seal.unseal([wrong], bytes(sealed[0].ciphertext), aad=aad)
    # the right key opens it only for its own budget (moved to another budget it is refused)
    right = seal.derive_key(settings.SECRET_KEY)
    assert seal.unseal([right], bytes(sealed[1].ciphertext), aad=aad).choices == tuple((pk, 1) for pk in p)
    with pytest.raises(seal.SealError):
        seal.unseal([right], bytes(sealed[1].ciphertext), aad=ballot_store._aad(budget.pk + 1))
    # the plaintext proposal ids are nowhere in the stored bytes
    for s in sealed:
        assert not any(pk.to_bytes(8, "big") in bytes(s.ciphertext) for pk in p)


def test_padding_hides_the_number_of_choices():
    key = seal.derive_key("k")
    few = seal.seal(key, {7: 1}, is_paper=False, aad=b"x", capacity=30)
    many = seal.seal(key, dict.fromkeys(range(30), 3), is_paper=True, aad=b"x", capacity=30)
    assert len(few) == len(many)
    assert seal.unseal([key], many, aad=b"x") == seal.OpenBallot(
        choices=tuple((i, 3) for i in range(30)), is_paper=True
    )
    # a budget with more proposals than one bucket holds: still one length for every ballot
    big = [seal.seal(key, {1: 1}, is_paper=False, aad=b"x", capacity=80)]
    big.append(seal.seal(key, dict.fromkeys(range(80), 1), is_paper=False, aad=b"x", capacity=80))
    assert len(big[0]) == len(big[1]) > len(few)


@pytest.mark.django_db
def test_key_rotation_keeps_ballots_readable_through_fallbacks(
    make_budget, coordinator, settings, staff_client
):
    budget = make_budget()
    p = sorted(budget.proposals.values_list("pk", flat=True))
    codes = services.codes_issue(actor=coordinator, budget=budget, count=2, batch="A")
    old_key = settings.SECRET_KEY
    services.ballot_cast(budget=budget, choices={p[0]: 1}, code=codes[0])
    services.ballot_cast(budget=budget, choices={p[2]: 1}, code=codes[1])
    settings.SECRET_KEY = "ein-neuer-schluessel-0123456789-abcdefghijklmnopqrstuvwxyz"
    settings.SECRET_KEY_FALLBACKS = []
    Phase.objects.filter(project=budget.project).exclude(kind="voting").delete()
    Phase.objects.filter(project=budget.project, kind="voting").update(
        ends_at=timezone.now() - timedelta(minutes=1)
    )
    # rotated without keeping the old key: a clear German message, nothing changed
    with pytest.raises(ValidationError, match="SECRET_KEY_FALLBACKS"):
        services.budget_count(actor=coordinator, budget=budget)
    assert SealedBallot.objects.filter(budget=budget).count() == 2 and not Ballot.objects.exists()
    export = reverse(
        "participation:manage-export", args=[budget.project.municipality.slug, budget.project.slug]
    )
    response = staff_client(coordinator).get(export, follow=True)
    assert "SECRET_KEY_FALLBACKS" in response.content.decode() and not Ballot.objects.exists()
    # rotated the Django way (old key among the fallbacks): every ballot opens
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert services.budget_count(actor=coordinator, budget=budget)["ballots"] == 2
    assert not SealedBallot.objects.exists() and Ballot.objects.filter(budget=budget).count() == 2


def test_production_reads_the_old_keys_for_rotation():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": "neu-" + "n" * 50,
        "DJANGO_SECRET_KEY_FALLBACKS": "alt-" + "a" * 50 + ", aelter-" + "b" * 50,
        "ALLOWED_HOSTS": "leuchtfeuer.example",
    }
    env.pop("DATABASE_URL", None)
    script = "from django.conf import settings; print(len(settings.SECRET_KEY_FALLBACKS), settings.SECRET_KEY_FALLBACKS[1][:7])"
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.split() == ["2", "aelter-"], done.stderr


# --- when ballots are opened -------------------------------------------------------------------------


@pytest.mark.django_db
def test_ballots_stay_sealed_while_the_vote_runs(make_budget, coordinator, team, staff_client):
    budget = make_budget()
    p = sorted(budget.proposals.values_list("pk", flat=True))
    codes = services.codes_issue(actor=coordinator, budget=budget, count=3, batch="A")
    for code, chosen in zip(codes, (p[0], p[1], p[1]), strict=True):
        services.ballot_cast(budget=budget, choices={chosen: 1}, code=code)
    numbers = dict(budget.proposals.values_list("pk", "number"))
    services.paper_entry_submit(actor=team, budget=budget, sheet="P-7", choices={numbers[p[2]]: 1})
    services.paper_entry_submit(actor=coordinator, budget=budget, sheet="P-7", choices={numbers[p[2]]: 1})
    # the office sees how many voted, without anything being opened
    budget.refresh_from_db()
    assert budget_turnout(budget)["ballots"] == 4
    assert ballot_store.ballots_cast_count(budget) == 4
    # an export during the vote opens the ballots in memory only
    export = reverse(
        "participation:manage-export", args=[budget.project.municipality.slug, budget.project.slug]
    )
    response = staff_client(coordinator).get(export)
    assert response.status_code == 200
    assert len(read_pb_text(response.content.decode()).ballots) == 4
    assert SealedBallot.objects.count() == 4 and not Ballot.objects.exists()
    # counting after the end opens all of them in one batch
    result = end_vote_and_count(budget, coordinator)
    assert result["ballots"] == 4 and result["paper_ballots"] == 1
    assert not SealedBallot.objects.exists() and Ballot.objects.count() == 4
    assert Ballot.objects.filter(is_paper=True).count() == 1


# --- migration of existing ballots -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_existing_ballots_and_mixes_them(make_budget, coordinator):
    budget = make_budget()
    p = sorted(budget.proposals.values_list("pk", flat=True))
    executor = MigrationExecutor(connection)
    # back to before the sealing, and forward to the app's newest migration (not a fixed name:
    # a later migration, e.g. 0006 min_votes, must be applied for the models of today to work)
    before, latest = (
        [("participation", "0002_draw_dropped")],
        executor.loader.graph.leaf_nodes("participation"),
    )
    try:
        executor.migrate(before)
        executor.loader.build_graph()
        old = executor.loader.project_state(before).apps
        OldBallot, OldItem = (
            old.get_model("participation", "Ballot"),
            old.get_model("participation", "BallotItem"),
        )
        written = []
        for i in range(12):  # the old way: ballot and items in voting order, sequential item ids
            ballot = OldBallot.objects.create(id=uuid.uuid4(), budget_id=budget.pk, is_paper=i == 5)
            choice = [p[i % 3]] if i % 2 else [p[i % 3], p[(i + 1) % 3]]
            for pk in choice:
                OldItem.objects.create(ballot=ballot, proposal_id=pk, points=1)
            written.append((ballot.pk, (tuple(sorted(choice)), i == 5)))
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)
    stored = [
        (tuple(sorted(b.items.values_list("proposal_id", flat=True))), b.is_paper)
        for b in Ballot.objects.all()
    ]
    assert sorted(stored) == sorted(content for _, content in written)
    # every ballot has a new random key; the items have UUID keys
    assert not set(Ballot.objects.values_list("id", flat=True)) & {pk for pk, _ in written}
    assert all(isinstance(pk, uuid.UUID) for pk in BallotItem.objects.values_list("id", flat=True))
    # and back: the items return to the old table with their ballots
    try:
        MigrationExecutor(connection).migrate(before)
        old = MigrationExecutor(connection).loader.project_state(before).apps
        back = [
            (tuple(sorted(b.items.values_list("proposal_id", flat=True))), b.is_paper)
            for b in old.get_model("participation", "Ballot").objects.all()
        ]
        assert sorted(back) == sorted(stored)
    finally:
        MigrationExecutor(connection).migrate(latest)
    # going back refuses while sealed ballots exist (they would be lost)
    code = services.codes_issue(actor=coordinator, budget=budget, count=1, batch="A")[0]
    services.ballot_cast(budget=budget, choices={p[0]: 1}, code=code)
    with pytest.raises(RuntimeError, match="versiegelte Stimmzettel"):
        MigrationExecutor(connection).migrate(before)
    MigrationExecutor(connection).migrate(latest)
