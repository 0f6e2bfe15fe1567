"""The API answers bad input with 422 and a German message saying what and where, unknown objects
with a German 404 – never with a 500 (issue 13, defect 11)."""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from leuchtfeuer.core.api import validation_problem

POPULATION = "/api/v1/regions/13071092/population"


@pytest.mark.usefixtures("official_data")
@pytest.mark.parametrize("year", ["0", "-1", "10000", str(10**30)])
def test_population_year_out_of_range_is_422_in_german(client, db, year):
    response = client.get(POPULATION, {"year": year})
    assert response.status_code == 422
    body = response.json()
    assert "Parameter „year“ der Adresse" in body["detail"]
    assert body["detail"].endswith(("muss mindestens 1900 sein.", "darf höchstens 2100 sein."))
    [param] = body["invalid_params"]
    assert (param["location"], param["name"]) == ("query", "year")
    assert param["type"] in ("greater_than_equal", "less_than_equal")


@pytest.mark.usefixtures("official_data")
def test_population_of_a_year_with_data_still_answers(client, db):
    body = client.get(POPULATION, {"year": 2015}).json()
    assert body["reference_date"].startswith("2015-")


@pytest.mark.usefixtures("official_data")
def test_unknown_and_malformed_region_keys(client, db):
    unknown = client.get("/api/v1/regions/99999999")
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "Keine Gebietseinheit mit dem Schlüssel 99999999."
    malformed = client.get("/api/v1/regions/13O71092/population")  # letter O, not zero
    assert malformed.status_code == 422
    assert malformed.json()["errors"] == [
        "Pfadteil „key“ der Adresse muss ein Gebietsschlüssel aus 1 bis 12 Ziffern sein (AGS oder ARS)."
    ]


def test_wrong_types_and_bounds_in_other_parts(client, db):
    not_a_number = client.get("/api/v1/examples", {"page": "zwei"})
    assert not_a_number.status_code == 422
    assert not_a_number.json()["errors"] == ["Parameter „page“ der Adresse muss eine ganze Zahl sein."]
    too_many = client.get("/api/v1/regions", {"q": "Malchin", "limit": 51})
    assert too_many.json()["errors"] == ["Parameter „limit“ der Adresse darf höchstens 50 sein."]
    control = client.get("/api/v1/examples", {"q": "Dorf\x00laden"})
    assert control.status_code == 422
    assert "darf keine Steuerzeichen" in control.json()["detail"]
    kind = client.get("/api/v1/portals/malchin/offers", {"kind": "schloss"})
    assert kind.status_code == 422
    assert "muss einer dieser Werte sein: '', 'job'" in kind.json()["detail"]
    assert " oder 'wohnen'" in kind.json()["detail"]


def test_get_object_or_404_answers_in_german(client, db):
    response = client.get("/api/v1/beteiligung/buergerraete/nirgendwo/rat/losungen")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Nicht gefunden:")


def test_anonymous_and_csrf_answers_in_german(db, user_factory):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.get("/api/v1/processes").json()["detail"].startswith("Bitte melden Sie sich an")
    client.force_login(user_factory())
    response = client.post("/api/v1/processes/1/stages/close", "{}", content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Die CSRF-Prüfung ist fehlgeschlagen")


def test_body_errors_name_the_field(db):
    problem = validation_problem(
        [
            {"type": "missing", "loc": ("body", "payload", "title"), "msg": "Field required"},
            {"type": "too_long", "loc": ("body", "payload", "target_groups"), "ctx": {"max_length": 20}},
            {"type": "string_type", "loc": ("body", "payload", "target_groups", 3), "msg": "…"},
            {"type": "json_invalid", "loc": ("body", "payload"), "msg": "…"},
            {"type": "something_new", "loc": ("query", "x"), "msg": "…"},
        ]
    )
    assert problem["errors"] == [
        "Feld „title“ im Inhalt fehlt.",
        "Feld „target_groups“ im Inhalt darf höchstens 20 Einträge haben.",
        "Feld „target_groups[3]“ im Inhalt muss ein Text sein.",
        "Der Inhalt der Anfrage (JSON) ist kein gültiges JSON.",
        "Parameter „x“ der Adresse ist ungültig.",
    ]
    assert problem["detail"].startswith(
        "Die Anfrage enthält ungültige Angaben. Feld „title“ im Inhalt fehlt."
    )


def test_openapi_documents_bounds_and_the_problem_answer(client, db):
    spec = client.get("/api/openapi.json").json()
    population = spec["paths"]["/api/v1/regions/{key}/population"]["get"]
    year = next(p for p in population["parameters"] if p["name"] == "year")
    assert year["schema"]["anyOf"][0] | {"type": "integer"} == {
        "type": "integer",
        "minimum": 1900,
        "maximum": 2100,
    }
    assert population["responses"]["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Problem"
    }
    # Two response schemas called IndicatorOut used to overwrite each other in the components,
    # so the regions' indicators were documented with the Werkstatt's fields.
    indicators = spec["paths"]["/api/v1/regions/{key}/indicators"]["get"]["responses"]["200"]
    ref = indicators["content"]["application/json"]["schema"]["items"]["$ref"].rsplit("/", 1)[1]
    assert "comparison" in spec["components"]["schemas"][ref]["properties"]


@pytest.mark.django_db
def test_werkstatt_body_text_is_cleaned_like_form_input(client, role_user, municipality):
    """NUL in a title made PostgreSQL refuse the row (500); U+000B broke the DOCX export later."""
    from leuchtfeuer.accounts import totp
    from leuchtfeuer.accounts.models import Role
    from leuchtfeuer.werkstatt.process import services as process_services
    from leuchtfeuer.werkstatt.tests import builders

    coordinator = role_user(Role.KOORDINATION, municipality)
    process = process_services.process_start(actor=coordinator, municipality=municipality)
    builders.complete_kickoff(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    builders.complete_kommunalprofil(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    builders.complete_zukunftswerkstatt(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    totp.activate(coordinator, totp.generate_totp_secret())
    client.force_login(coordinator)
    response = client.post(
        f"/api/v1/processes/{process.pk}/measures",
        json.dumps({"handlungsfeld": "rueckkehr", "title": "Rückkehrer\x00tag", "description": "a\x0bb"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert (response.json()["title"], response.json()["description"]) == ("Rückkehrertag", "a\nb")


def test_api_docs_load_everything_from_this_host(client, db):
    """Swagger UI used to come from a CDN that the Content-Security-Policy blocks (defect 12)."""
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r"""(?:src|href)=["']([^"']+)""", html)
    assert urls and all(url.startswith("/") and not url.startswith("//") for url in urls), urls
    # No inline script (the CSP allows none): only the JSON settings block has no src.
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts), scripts
    # …and every file is one of our static files (collected by collectstatic, served by WhiteNoise).
    for url in urls:
        assert url.startswith(settings.STATIC_URL) and finders.find(url.removeprefix(settings.STATIC_URL)), (
            url
        )


def test_openapi_json_has_no_duplicate_keys(client, db):
    """A duplicated "422" (int and str keys) made Swagger UI refuse the whole document."""

    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    json.loads(client.get("/api/openapi.json").content, object_pairs_hook=no_duplicates)
