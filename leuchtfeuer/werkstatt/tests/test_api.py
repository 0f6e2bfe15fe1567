"""/api/v1/processes: what each role reads, and writes through the same services and rules."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.tests import builders

pytestmark = pytest.mark.django_db


def _to_plan(coordinator, process):
    builders.complete_kickoff(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    builders.complete_kommunalprofil(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    builders.complete_zukunftswerkstatt(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)


def test_paths_are_in_the_openapi_spec(client):
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    for path in (
        "/api/v1/processes",
        "/api/v1/processes/{process_id}",
        "/api/v1/processes/{process_id}/stages",
        "/api/v1/processes/{process_id}/stages/close",
        "/api/v1/processes/{process_id}/measures",
        "/api/v1/processes/{process_id}/indicators",
        "/api/v1/processes/{process_id}/indicators/{indicator_id}/readings",
    ):
        assert path in paths


def test_anonymous_gets_401(client, process):
    assert client.get("/api/v1/processes").status_code == 401
    assert client.get(f"/api/v1/processes/{process.pk}").status_code == 401


def test_list_is_limited_to_visible_processes(
    staff_client, role_user, process, other_municipality, user_factory, client
):
    other_coordinator = role_user(Role.KOORDINATION, other_municipality)
    other = process_services.process_start(actor=other_coordinator, municipality=other_municipality)
    c = staff_client(process.created_by)
    assert [p["id"] for p in c.get("/api/v1/processes").json()] == [process.pk]
    assert c.get(f"/api/v1/processes/{other.pk}").status_code == 404
    office = staff_client(user_factory(is_programme_office=True))
    assert {p["id"] for p in office.get("/api/v1/processes").json()} == {process.pk, other.pk}
    citizen = Client()
    citizen.force_login(user_factory())
    assert citizen.get("/api/v1/processes").json() == []
    assert citizen.get(f"/api/v1/processes/{process.pk}").status_code == 404


def test_stages_show_gate_gaps_and_close_through_api(staff_client, coordinator, process):
    c = staff_client(coordinator)
    stages = c.get(f"/api/v1/processes/{process.pk}/stages").json()
    assert [s["kind"] for s in stages] == [
        "kickoff",
        "kommunalprofil",
        "zukunftswerkstatt",
        "werkstattplan",
        "zwischenbilanz",
    ]
    assert stages[0]["status"] == "offen"
    assert "Der Resilienz-Check ist noch nicht ausgefüllt." in stages[0]["missing"]
    response = c.post(
        f"/api/v1/processes/{process.pk}/stages/close", json.dumps({}), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Die Stufe „Kick-Off“ kann noch nicht abgeschlossen werden")
    builders.complete_kickoff(coordinator, process)
    response = c.post(f"/api/v1/processes/{process.pk}/stages/close", "{}", content_type="application/json")
    assert response.status_code == 200
    assert [s["status"] for s in response.json()][:2] == ["abgeschlossen", "offen"]


def test_team_cannot_close_stage_via_api(staff_client, role_user, municipality, process):
    c = staff_client(role_user(Role.TEAM, municipality))
    response = c.post(f"/api/v1/processes/{process.pk}/stages/close", "{}", content_type="application/json")
    assert response.status_code == 403


def test_create_measure_and_enter_indicator_value(
    staff_client, coordinator, process, role_user, municipality
):
    _to_plan(coordinator, process)
    c = staff_client(coordinator)
    response = c.post(
        f"/api/v1/processes/{process.pk}/measures",
        json.dumps(
            {
                "handlungsfeld": "wohnen",
                "title": "Probewohnen",
                "start": "2025-09-01",
                "end": "2026-08-31",
                "target_groups": ["junge-familie"],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["handlungsfeld_label"] == "Wohnen"
    bad = c.post(
        f"/api/v1/processes/{process.pk}/measures",
        json.dumps({"handlungsfeld": "wohnen", "title": "X", "start": "2026-01-01", "end": "2025-01-01"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and "liegt vor dem Beginn" in bad.json()["detail"]
    builders.complete_werkstattplan(coordinator, process)
    indicator = process.indicators.get()
    response = c.post(
        f"/api/v1/processes/{process.pk}/indicators/{indicator.pk}/readings",
        json.dumps({"date": "2025-10-01", "value": "75"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["current_value"] == "75.000" or float(body["current_value"]) == 75
    assert body["progress"] == pytest.approx(0.5) and body["traffic_light"] == "gruen"
    measures = c.get(f"/api/v1/processes/{process.pk}/measures").json()
    assert {m["title"] for m in measures} == {"Probewohnen", "Rückkehrertag"}
    mentor = staff_client(role_user(Role.MENTORING, municipality))
    denied = mentor.post(
        f"/api/v1/processes/{process.pk}/measures",
        json.dumps({"handlungsfeld": "wohnen", "title": "Y"}),
        content_type="application/json",
    )
    assert denied.status_code == 403


def test_writes_need_csrf_token(coordinator, process):
    from leuchtfeuer.accounts import totp

    totp.activate(coordinator, totp.generate_totp_secret())
    c = Client(enforce_csrf_checks=True)
    c.force_login(coordinator)
    response = c.post(f"/api/v1/processes/{process.pk}/stages/close", "{}", content_type="application/json")
    assert response.status_code == 403


def test_patch_measure_progress_in_zwischenbilanz(
    staff_client, coordinator, process, role_user, municipality
):
    _to_plan(coordinator, process)
    builders.complete_werkstattplan(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    measure = process.measures.get()
    team = staff_client(role_user(Role.TEAM, municipality))
    url = f"/api/v1/processes/{process.pk}/measures/{measure.pk}"
    response = team.patch(
        url,
        json.dumps({"status": "laufend", "progress_note": "Erster Termin steht"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (
        response.json()["status"] == "laufend" and response.json()["progress_note"] == "Erster Termin steht"
    )
    # The plan content itself is open in the Zwischenbilanz too (a new draft), but a wrong status is refused.
    bad = team.patch(url, json.dumps({"status": "fertig"}), content_type="application/json")
    assert bad.status_code == 422 and "Status" in bad.json()["detail"]
