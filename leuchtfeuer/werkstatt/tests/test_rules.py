"""Role × stage-action matrix (HOUSE_STYLE: every rules.py gets one).

Roles: coordinator, team, consultant (Beratung), mentor, programme office, citizen (logged in,
no role), anonymous, and a coordinator of another town. Each stage action is called through its
service in the stage where it belongs, so the matrix covers permission and stage together.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.werkstatt.kommunalprofil import services as kommunalprofil_services
from leuchtfeuer.werkstatt.models import Finding, Sector
from leuchtfeuer.werkstatt.plan import services as plan_services
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.reports import services as report_services
from leuchtfeuer.werkstatt.tests import builders
from leuchtfeuer.werkstatt.zukunftswerkstatt import services as zukunftswerkstatt_services

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "team", "consultant", "mentor", "office", "citizen", "anonymous", "stranger"]


@pytest.fixture
def actors(municipality, other_municipality, role_user, user_factory, coordinator):
    return {
        "coordinator": coordinator,
        "team": role_user(Role.TEAM, municipality),
        "consultant": role_user(Role.BERATUNG, municipality),
        "mentor": role_user(Role.MENTORING, municipality),
        "office": user_factory(is_programme_office=True),
        "citizen": user_factory(),
        "anonymous": AnonymousUser(),
        "stranger": role_user(Role.KOORDINATION, other_municipality),
    }


def _advance(process, coordinator, until: str) -> None:
    steps = [
        ("kickoff", builders.complete_kickoff),
        ("kommunalprofil", builders.complete_kommunalprofil),
        ("zukunftswerkstatt", builders.complete_zukunftswerkstatt),
        ("werkstattplan", builders.complete_werkstattplan),
    ]
    for key, complete in steps:
        if key == until:
            return
        complete(coordinator, process)
        process_services.stage_close(actor=coordinator, process=process)


# ----------------------------------------------------------------------- plain permissions
PERMISSIONS = {
    # permission: roles that hold it
    "werkstatt.view_process": {"coordinator", "team", "consultant", "mentor", "office"},
    "werkstatt.start_process": {"coordinator", "office"},
    "werkstatt.advance_stage": {"coordinator"},
    "werkstatt.manage_stage": {"coordinator"},
    "werkstatt.edit_content": {"coordinator", "team"},
    "werkstatt.edit_findings": {"coordinator", "team", "consultant"},
    "werkstatt.adopt_plan": {"coordinator"},
    "werkstatt.manage_tasks": {"coordinator", "team"},
    "werkstatt.comment": {"coordinator", "team", "consultant", "mentor", "office"},
    "werkstatt.receive_ideas": {"coordinator", "team"},
}


@pytest.mark.parametrize("perm", sorted(PERMISSIONS))
def test_permission_matrix(actors, municipality, perm):
    got = {role for role in ROLES if actors[role].has_perm(perm, municipality)}
    assert got == PERMISSIONS[perm]


# ----------------------------------------------------------------- stage actions by role
def _kickoff_edit(actor, process):
    process_services.kickoff_update(actor=actor, process=process, objectives="x", expectations="y")


def _team_add(actor, process):
    process_services.team_member_add(
        actor=actor, process=process, name=f"Neu {actor.pk}", sector=Sector.BUSINESS
    )


def _upload(actor, process):
    process_services.document_upload(
        actor=actor, process=process, kind="ratsbeschluss", title="", upload=builders.pdf()
    )


def _resilience(actor, process):
    kommunalprofil_services.resilience_check_save(
        actor=actor, process=process, taken_on=date(2025, 2, 1), answers=builders.all_answers()
    )


def _finding(actor, process):
    kommunalprofil_services.finding_add(
        actor=actor, process=process, kind=Finding.Kind.STRENGTH, text="Lage am See"
    )


def _snapshot(actor, process):
    kommunalprofil_services.profile_snapshot_take(actor=actor, process=process, with_projection=False)


def _workshop(actor, process):
    zukunftswerkstatt_services.workshop_save(
        actor=actor, process=process, title="ZW", date=date(2025, 5, 1), place="Saal"
    )


def _idea(actor, process):
    zukunftswerkstatt_services.idea_add(actor=actor, process=process, title="Idee")


def _measure(actor, process):
    field = process.handlungsfelder.get(key="wohnen")
    plan_services.measure_create(actor=actor, process=process, handlungsfeld=field, title="Probewohnen")


def _adopt(actor, process):
    field = process.handlungsfelder.get(key="wohnen")
    process.measures.create(handlungsfeld=field, title="Probewohnen")
    plan_services.plan_adopt(actor=actor, process=process, adopted_on=date(2025, 8, 1))


def _review(actor, process):
    report_services.review_save(actor=actor, process=process, narrative="n", lessons_learned="l")


def _progress(actor, process):
    plan_services.measure_update(
        actor=actor, measure=process.measures.first(), status="laufend", progress_note="läuft"
    )


def _close(actor, process):
    process_services.stage_close(actor=actor, process=process)


def _task(actor, process):
    process_services.task_create(actor=actor, process=process, title="Aufgabe")


def _comment(actor, process):
    process_services.comment_add(actor=actor, process=process, stage=process.current_stage, text="Hinweis")


EDITORS = {"coordinator", "team"}
VIEWERS = {"coordinator", "team", "consultant", "mentor", "office"}
ACTIONS = [
    # (stage in which the action is tried, action, roles allowed)
    ("kickoff", _kickoff_edit, EDITORS),
    ("kickoff", _team_add, EDITORS),
    ("kickoff", _upload, EDITORS),
    ("kickoff", _resilience, EDITORS),
    ("kickoff", _task, EDITORS),
    ("kickoff", _comment, VIEWERS),
    ("kommunalprofil", _snapshot, EDITORS),
    ("kommunalprofil", _finding, EDITORS | {"consultant"}),
    ("kommunalprofil", _close, {"coordinator"}),
    ("zukunftswerkstatt", _workshop, EDITORS),
    ("zukunftswerkstatt", _idea, EDITORS),
    ("zukunftswerkstatt", _comment, VIEWERS),
    ("werkstattplan", _measure, EDITORS),
    ("werkstattplan", _adopt, {"coordinator"}),
    ("werkstattplan", _close, {"coordinator"}),
    ("zwischenbilanz", _progress, EDITORS),
    ("zwischenbilanz", _review, EDITORS),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("stage", "action", "allowed"), ACTIONS, ids=lambda v: getattr(v, "__name__", v) if callable(v) else None
)
def test_stage_action_matrix(actors, process, coordinator, role, stage, action, allowed):
    _advance(process, coordinator, stage)
    if action is _close:
        # give the gate what it needs so that only the permission decides
        {
            "kommunalprofil": builders.complete_kommunalprofil,
            "werkstattplan": builders.complete_werkstattplan,
        }[stage](coordinator, process)
    process.refresh_from_db()
    assert process.current_stage == stage
    actor = actors[role]
    if role in allowed:
        action(actor, process)
    else:
        with pytest.raises(PermissionDenied):
            action(actor, process)


@pytest.mark.parametrize(
    ("stage", "action"),
    [
        ("kickoff", _measure),
        ("kickoff", _finding),
        ("werkstattplan", _kickoff_edit),
        ("werkstattplan", _workshop),
    ],
    ids=["measure-in-kickoff", "finding-in-kickoff", "kickoff-in-plan", "workshop-in-plan"],
)
def test_stage_forbids_content_of_other_stages_even_for_coordinator(process, coordinator, stage, action):
    from django.core.exceptions import ValidationError

    plan_services.topics_set(
        actor=coordinator, process=process, keys=["rueckkehr", "wohnen"]
    ) if stage == "kickoff" else None
    _advance(process, coordinator, stage)
    with pytest.raises(ValidationError, match="nicht bearbeitet werden"):
        action(coordinator, process)
