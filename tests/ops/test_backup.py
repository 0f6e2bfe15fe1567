"""Backup and restore (issue 19, docs/operations.md): `pg_dump` of a live database restored into
an empty one finds every municipality, ballot (sealed and opened, with their points) and case
again. PostgreSQL only — the procedure is PostgreSQL's tools; CI runs it on PostgreSQL."""

from __future__ import annotations

import os
import shutil
import subprocess

import psycopg
import pytest
from django.db import connection

from leuchtfeuer.participation import ballots
from leuchtfeuer.participation.models import Ballot, BallotItem, SealedBallot
from leuchtfeuer.participation.tests.conftest import coordinator, make_budget, make_project  # noqa: F401
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.portal.models import Case
from leuchtfeuer.portal.tests.factories import CaseFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").split(":", 1)[0] not in {"postgres", "postgresql", "pgsql"},
        reason="backup/restore is pg_dump/pg_restore: runs only with DATABASE_URL=postgres://… (CI does)",
    ),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
]

TABLES = {
    Municipality: "id",
    Case: "id",
    SealedBallot: "id",
    Ballot: "id",
}


def _run(tool: str, *args, env: dict) -> None:
    """Run a PostgreSQL client tool (found on PATH) with fixed arguments built by this test."""
    subprocess.run([shutil.which(tool) or tool, *map(str, args)], env=env, check=True)  # noqa: S603


def _rows(cursor, model, order: str) -> list[tuple]:
    table = model._meta.db_table
    cursor.execute(f'SELECT * FROM "{table}" ORDER BY "{order}"')  # noqa: S608 (our own table names)
    return cursor.fetchall()


def _snapshot(cursor) -> dict[str, list[tuple]]:
    snap = {model._meta.db_table: _rows(cursor, model, order) for model, order in TABLES.items()}
    cursor.execute(f'SELECT ballot_id, proposal_id, points FROM "{BallotItem._meta.db_table}" ORDER BY 1, 2')  # noqa: S608
    snap["items"] = cursor.fetchall()
    return snap


def test_dump_and_restore_into_an_empty_database_keeps_everything(
    tmp_path,
    make_budget,  # noqa: F811 (the participation fixture imported above)
    municipality_factory,
):
    municipality_factory.create_batch(3)
    CaseFactory.create_batch(2)
    budget = make_budget()
    proposals = list(budget.proposals.order_by("cost").values_list("pk", flat=True))
    for choice in ({proposals[0]: 1}, {proposals[1]: 1}, {proposals[0]: 1, proposals[2]: 1}):
        ballots.ballot_seal(budget=budget, choices=choice, is_paper=False, capacity=len(proposals))
    assert ballots.ballots_unseal(budget=budget) == 3
    ballots.ballot_seal(budget=budget, choices={proposals[2]: 1}, is_paper=True, capacity=len(proposals))

    with connection.cursor() as cursor:
        before = _snapshot(cursor)
    assert len(before["places_municipality"]) >= 4 and len(before["portal_case"]) == 2
    assert len(before[Ballot._meta.db_table]) == 3 and len(before[SealedBallot._meta.db_table]) == 1

    params = connection.get_connection_params()
    env = {**os.environ, "PGPASSWORD": str(params.get("password") or "")}
    common = ["-h", str(params.get("host") or "127.0.0.1"), "-p", str(params.get("port") or 5432)]
    common += ["-U", str(params["user"])]
    source = params["dbname"]
    target = f"{source}_restore"
    dump = tmp_path / "leuchtfeuer.dump"
    # the documented procedure (docs/operations.md): custom format, no owner/privileges
    _run("pg_dump", *common, "-Fc", "--no-owner", "--no-privileges", "-f", dump, source, env=env)
    _run("dropdb", *common, "--if-exists", target, env=env)
    _run("createdb", *common, target, env=env)
    try:
        _run(
            "pg_restore",
            *common,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "-d",
            target,
            dump,
            env=env,
        )
        with (
            psycopg.connect(
                host=common[1], port=common[3], user=params["user"], password=env["PGPASSWORD"], dbname=target
            ) as restored,
            restored.cursor() as cursor,
        ):
            after = _snapshot(cursor)
    finally:
        _run("dropdb", *common, "--if-exists", target, env=env)
    assert after == before
