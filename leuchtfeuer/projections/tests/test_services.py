"""Scenario services: validation with German messages, permissions, audit, replace measures."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.projections import services
from leuchtfeuer.projections.models import Scenario, ScenarioMeasure
from leuchtfeuer.projections.tests.conftest import FAMILIES, FEWER_OUT, RETURNEES


def _messages(exc: ValidationError) -> str:
    return " ".join(m for msgs in exc.message_dict.values() for m in msgs)


def test_coordinator_creates_scenario_with_plain_labels(role_user, malchin):
    coordinator = role_user(Role.KOORDINATION, malchin)
    scenario = services.scenario_create(
        actor=coordinator, municipality=malchin, name="  Rückkehr  stärken ",
        description="Ziel des Rückkehrerstammtischs", measures=[RETURNEES, FEWER_OUT, FAMILIES],
    )  # fmt: skip
    assert scenario.name == "Rückkehr stärken"
    assert scenario.created_by == coordinator
    labels = [m.label for m in scenario.measures.all()]
    assert labels == [
        "20 Rückkehrende im Alter 25–40 pro Jahr ab 2026",
        "10 % weniger Fortzüge der 18–24-Jährigen ab 2026",
        "15 zuziehende Familien pro Jahr ab 2027 bis 2035",
    ]
    entry = AuditEntry.objects.get(action="scenario.create")
    assert entry.municipality_id == malchin.pk
    assert "20 Rückkehrende" in entry.summary


def test_families_ignore_ages_and_out_moves_ignore_count(role_user, malchin):
    team = role_user(Role.TEAM, malchin)
    scenario = services.scenario_create(
        actor=team, municipality=malchin, name="S",
        measures=[{**FAMILIES, "age_from": 3, "age_to": 5}, {**FEWER_OUT, "count": 7}],
    )  # fmt: skip
    fam, out = scenario.measures.all()
    assert (fam.age_from, fam.age_to, fam.percent) == (None, None, None)
    assert out.count is None and float(out.percent) == 10.0


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({**RETURNEES, "age_from": 40, "age_to": 25}, "Maßnahme 1: Das Alter „von“ (40) liegt über dem Alter „bis“ (25)."),
        ({**RETURNEES, "start_year": 2020}, "Maßnahme 1: „ab Jahr“ muss zwischen 2024 und 2045 liegen."),
        ({**RETURNEES, "end_year": 2025}, "„bis Jahr“ muss zwischen „ab Jahr“ und 2045 liegen"),
        ({**RETURNEES, "count": 0}, "Zahl der Personen pro Jahr an (1 bis 5.000)"),
        ({**FEWER_OUT, "percent": "150"}, "um wie viel Prozent"),
        ({**FEWER_OUT, "age_to": None}, "Bitte geben Sie das Alter von … bis … an"),
        ({"kind": "zauber", "start_year": 2026}, "Bitte wählen Sie die Art der Maßnahme."),
    ],
)  # fmt: skip
def test_bad_measures_are_refused_with_a_clear_message(role_user, malchin, row, message):
    coordinator = role_user(Role.KOORDINATION, malchin)
    with pytest.raises(ValidationError) as info:
        services.scenario_create(actor=coordinator, municipality=malchin, name="S", measures=[row])
    assert message in _messages(info.value)
    assert not Scenario.objects.exists()
    assert not AuditEntry.objects.filter(action="scenario.create").exists()


def test_visible_row_number_is_used_in_messages(role_user, malchin):
    coordinator = role_user(Role.KOORDINATION, malchin)
    with pytest.raises(ValidationError) as info:
        services.scenario_create(
            actor=coordinator,
            municipality=malchin,
            name="S",
            measures=[{**RETURNEES, "count": None, "row": 3}],
        )
    assert "Maßnahme 3:" in _messages(info.value)


def test_empty_name_no_measures_and_duplicate_name(role_user, malchin):
    coordinator = role_user(Role.KOORDINATION, malchin)
    with pytest.raises(ValidationError) as info:
        services.scenario_create(actor=coordinator, municipality=malchin, name=" ", measures=[RETURNEES])
    assert "Namen" in _messages(info.value)
    with pytest.raises(ValidationError) as info:
        services.scenario_create(actor=coordinator, municipality=malchin, name="A", measures=[])
    assert "mindestens eine Maßnahme" in _messages(info.value)
    services.scenario_create(actor=coordinator, municipality=malchin, name="A", measures=[RETURNEES])
    with pytest.raises(ValidationError) as info:
        services.scenario_create(actor=coordinator, municipality=malchin, name="A", measures=[RETURNEES])
    assert "Ein Szenario „A“ gibt es in Stadt Malchin bereits." in _messages(info.value)
    assert Scenario.objects.count() == 1


def test_update_replaces_measures_and_records_changes(role_user, malchin):
    coordinator = role_user(Role.KOORDINATION, malchin)
    scenario = services.scenario_create(
        actor=coordinator, municipality=malchin, name="A", measures=[RETURNEES]
    )
    team = role_user(Role.TEAM, malchin)
    services.scenario_update(actor=team, scenario=scenario, name="B", description="neu", measures=[FAMILIES])
    scenario.refresh_from_db()
    assert scenario.name == "B"
    assert [m.kind for m in scenario.measures.all()] == ["families"]
    assert ScenarioMeasure.objects.count() == 1
    entry = AuditEntry.objects.get(action="scenario.update")
    assert entry.changes["name"] == ["A", "B"]
    assert entry.changes["measures"][0] == ["20 Rückkehrende im Alter 25–40 pro Jahr ab 2026"]


def test_failed_update_changes_nothing(role_user, malchin):
    coordinator = role_user(Role.KOORDINATION, malchin)
    scenario = services.scenario_create(
        actor=coordinator, municipality=malchin, name="A", measures=[RETURNEES]
    )
    with pytest.raises(ValidationError):
        services.scenario_update(
            actor=coordinator, scenario=scenario, name="B", measures=[{**RETURNEES, "age_to": 101}]
        )
    scenario.refresh_from_db()
    assert scenario.name == "A"
    assert scenario.measures.count() == 1


def test_delete_is_audited(role_user, malchin):
    coordinator = role_user(Role.KOORDINATION, malchin)
    scenario = services.scenario_create(
        actor=coordinator, municipality=malchin, name="A", measures=[RETURNEES]
    )
    services.scenario_delete(actor=coordinator, scenario=scenario)
    assert not Scenario.objects.exists()
    assert not ScenarioMeasure.objects.exists()
    assert AuditEntry.objects.get(action="scenario.delete").changes["measures"][0]


@pytest.mark.parametrize("role", [Role.BERATUNG, Role.MENTORING, Role.PARTNER, Role.LOTSE])
def test_readers_and_others_cannot_write(role, role_user, malchin):
    coordinator = role_user(Role.KOORDINATION, malchin)
    scenario = services.scenario_create(
        actor=coordinator, municipality=malchin, name="A", measures=[RETURNEES]
    )
    user = role_user(role, malchin)
    with pytest.raises(PermissionDenied):
        services.scenario_create(actor=user, municipality=malchin, name="B", measures=[RETURNEES])
    with pytest.raises(PermissionDenied):
        services.scenario_update(actor=user, scenario=scenario, name="B", measures=[RETURNEES])
    with pytest.raises(PermissionDenied):
        services.scenario_delete(actor=user, scenario=scenario)
    assert Scenario.objects.get().name == "A"


def test_coordinator_of_another_town_cannot_write(role_user, malchin, other_municipality):
    stranger = role_user(Role.KOORDINATION, other_municipality)
    with pytest.raises(PermissionDenied):
        services.scenario_create(actor=stranger, municipality=malchin, name="B", measures=[RETURNEES])
