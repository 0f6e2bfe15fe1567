"""Report pages and downloads as people use them: the permission matrix (coordinator, team,
consultant, mentor, office, citizen, anonymous, coordinator of another town), the Kurzbericht
forms, the office overview with pinned query counts, and the evaluation export."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.werkstatt.models import Report
from leuchtfeuer.werkstatt.plan import indicators as indicator_services
from leuchtfeuer.werkstatt.plan import services as plan_services
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.reports import services as report_services
from leuchtfeuer.werkstatt.tests import report_builders

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "team", "consultant", "mentor", "office", "citizen", "anonymous", "stranger"]
SEES = {"coordinator", "team", "consultant", "mentor", "office"}


zb = report_builders.zb


@pytest.fixture
def report(coordinator, zb):
    report = report_services.report_for_year(actor=coordinator, process=zb, year=2025)
    report_services.report_update(
        actor=coordinator,
        report=report,
        summary="Zusammenfassung 2025",
        highlights="H",
        challenges="",
        next_steps="N",
    )
    return report


@pytest.fixture
def client_for(client, municipality, other_municipality, role_user, user_factory, coordinator):
    """client_for(role) → a test client logged in as that role (staff with TOTP set up)."""

    def make(role: str):
        if role == "anonymous":
            return client
        user = {
            "coordinator": lambda: coordinator,
            "team": lambda: role_user(Role.TEAM, municipality),
            "consultant": lambda: role_user(Role.BERATUNG, municipality),
            "mentor": lambda: role_user(Role.MENTORING, municipality),
            "office": lambda: user_factory(is_programme_office=True),
            "citizen": lambda: user_factory(),
            "stranger": lambda: role_user(Role.KOORDINATION, other_municipality),
        }[role]()
        if role != "citizen":
            totp.activate(user, totp.generate_totp_secret())
        client.force_login(user)
        client.user = user
        return client

    return make


def _expect(response, allowed: bool, role: str) -> None:
    if allowed:
        assert response.status_code in (200, 302), (role, response.status_code)
        if response.status_code == 302:
            assert "/konto/login/" not in response["Location"], role
    elif role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/"), role
    else:
        assert response.status_code == 403, (role, response.status_code)


# ------------------------------------------------------------------------- permission matrix
@pytest.mark.parametrize("role", ROLES)
def test_zwischenbilanz_pdf_download(client_for, zb, municipality, role):
    c = client_for(role)
    response = c.get(reverse("werkstatt_reports:zwischenbilanz-download", args=[municipality.slug, "pdf"]))
    _expect(response, role in SEES, role)
    if role in SEES:
        assert response["Content-Type"] == "application/pdf"
        assert (
            response["Content-Disposition"]
            == f'attachment; filename="zwischenbilanz-{municipality.slug}.pdf"'
        )
        assert response.content.startswith(b"%PDF-")
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("role", ROLES)
def test_kurzbericht_page_and_docx_download(client_for, report, municipality, role):
    c = client_for(role)
    _expect(c.get(reverse("werkstatt_reports:report", args=[municipality.slug, 2025])), role in SEES, role)
    response = c.get(reverse("werkstatt_reports:report-download", args=[municipality.slug, 2025, "docx"]))
    _expect(response, role in SEES, role)
    if role in SEES:
        from docx import Document

        text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
        assert "Zusammenfassung 2025" in text


@pytest.mark.parametrize("role", ROLES)
def test_kurzbericht_edit(client_for, report, municipality, role):
    c = client_for(role)
    response = c.post(
        reverse("werkstatt_reports:report", args=[municipality.slug, 2025]),
        {"summary": "Neu geschrieben", "highlights": "H", "challenges": "", "next_steps": "N"},
    )
    _expect(response, role in {"coordinator", "team"}, role)
    report.refresh_from_db()
    assert (report.summary == "Neu geschrieben") == (role in {"coordinator", "team"})


@pytest.mark.parametrize("role", ROLES)
def test_kurzbericht_submit(client_for, report, municipality, role):
    c = client_for(role)
    response = c.post(reverse("werkstatt_reports:report-submit", args=[municipality.slug, 2025]))
    _expect(response, role == "coordinator", role)
    report.refresh_from_db()
    assert (report.status == Report.Status.SUBMITTED) == (role == "coordinator")


@pytest.mark.parametrize("role", ROLES)
def test_kurzbericht_review(client_for, coordinator, report, municipality, role):
    report_services.report_submit(actor=coordinator, report=report)
    c = client_for(role)
    response = c.post(
        reverse("werkstatt_reports:report-review", args=[municipality.slug, 2025]),
        {"decision": "annehmen", "comment": ""},
    )
    _expect(response, role == "office", role)
    report.refresh_from_db()
    assert (report.status == Report.Status.ACCEPTED) == (role == "office")


@pytest.mark.parametrize("role", ROLES)
def test_office_overview_and_export(client_for, zb, role):
    c = client_for(role)
    _expect(c.get(reverse("werkstatt_reports:office")), role == "office", role)
    response = c.get(reverse("werkstatt_reports:office-export", args=["csv"]) + "?jahr=2025")
    _expect(response, role == "office", role)
    if role == "office":
        assert response["Content-Type"].startswith("text/csv")
        assert "AGS;Kommune;Land;Größenklasse" in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("role", ROLES)
def test_town_kit_download(client_for, zb, municipality, role):
    c = client_for(role)
    response = c.get(
        reverse("werkstatt_reports:town-kit", args=[municipality.slug, "kick-off-tagesordnung", "odt"])
    )
    _expect(response, role in SEES, role)


def test_blank_kits_are_public(client):
    assert client.get(reverse("werkstatt_reports:kits")).status_code == 200
    response = client.get(reverse("werkstatt_reports:kit", args=["massnahmenblatt", "docx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="massnahmenblatt.docx"'
    assert client.get(reverse("werkstatt_reports:kit", args=["gibt-es-nicht", "docx"])).status_code == 404
    assert client.get(reverse("werkstatt_reports:kit", args=["massnahmenblatt", "exe"])).status_code == 404


# ------------------------------------------------------------------------- forms and pages
def test_submit_without_texts_shows_what_is_missing(client_for, zb, municipality, coordinator):
    report_services.report_for_year(actor=coordinator, process=zb, year=2025)
    c = client_for("coordinator")
    response = c.post(reverse("werkstatt_reports:report-submit", args=[municipality.slug, 2025]), follow=True)
    html = response.content.decode()
    assert "kann noch nicht eingereicht werden" in html and "Zusammenfassung" in html
    assert Report.objects.get(process=zb, year=2025).status == Report.Status.OPEN


def test_coordinator_starts_a_report_from_the_list(client_for, zb, municipality):
    c = client_for("coordinator")
    url = reverse("werkstatt_reports:reports", args=[municipality.slug])
    assert c.get(url).status_code == 200
    response = c.post(url, {"year": "1999"})
    assert response.status_code == 422 and "Berichtsjahr" in response.content.decode()
    response = c.post(url, {"year": "2025"})
    assert response.status_code == 302 and response["Location"].endswith("/kurzbericht/2025/")
    assert Report.objects.filter(process=zb, year=2025).exists()


def test_zwischenbilanz_document_page_shows_figures(client_for, zb, municipality):
    c = client_for("consultant")
    html = c.get(reverse("werkstatt_reports:zwischenbilanz", args=[municipality.slug])).content.decode()
    for figure in ("60 %", "25 %", "2.000,50 €", "auf gutem Weg", "Zwischenbilanz als PDF"):
        assert figure in html


def test_office_schedules_due_dates(client_for, zb):
    # The test process began this year: the Kurzbericht of this year is due next January.
    year = zb.started_on.year
    c = client_for("office")
    response = c.post(
        reverse("werkstatt_reports:office") + f"?jahr={year}", {"year": str(year), "due": f"{year + 1}-02-27"}
    )
    assert response.status_code == 302
    assert Report.objects.get(process=zb, year=year).due.isoformat() == f"{year + 1}-02-27"
    html = c.get(reverse("werkstatt_reports:office") + f"?jahr={year}").content.decode()
    # Years are never shown with a thousands separator ("2.026").
    assert f'auswertung.xlsx?jahr={year}"' in html and f'<option value="{year}" selected>' in html
    assert f"Kurzbericht {year}" in html and f"{str(year)[0]}.{str(year)[1:]}" not in html
    response = c.post(reverse("werkstatt_reports:office"), {"year": str(year), "due": f"{year - 1}-02-27"})
    assert response.status_code == 422 and "liegt vor dem Berichtsjahr" in response.content.decode()


def test_xlsx_export(client_for, zb):
    from openpyxl import load_workbook

    response = client_for("office").get(
        reverse("werkstatt_reports:office-export", args=["xlsx"]) + "?jahr=2025"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Kommunen"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["AGS", "Kommune", "Land", "Größenklasse"]
    assert sheet.max_row == 2


# ------------------------------------------------------------------------- query counts
def _add_towns(n: int, municipality_factory, role_user):
    for _ in range(n):
        town = municipality_factory()
        coordinator = role_user(Role.KOORDINATION, town)
        process = process_services.process_start(
            actor=coordinator, municipality=town, started_on=date(2025, 3, 1)
        )
        process_services.task_create(actor=coordinator, process=process, title="Aufgabe")
        report_services.report_for_year(actor=coordinator, process=process, year=2025)


def test_office_overview_queries_do_not_grow_with_towns(
    client_for, zb, municipality_factory, role_user, django_assert_max_num_queries
):
    c = client_for("office")
    url = reverse("werkstatt_reports:office") + "?jahr=2025"
    _add_towns(2, municipality_factory, role_user)
    c.get(url)  # warm up (session, permissions)
    with CaptureQueriesContext(connection) as few:
        assert c.get(url).status_code == 200
    _add_towns(6, municipality_factory, role_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = c.get(url)
    assert response.content.decode().count('<th scope="row">') == 10  # 1 + 2 + 6 towns + other_municipality


def test_office_overview_query_count_is_pinned(
    client_for, zb, municipality_factory, role_user, django_assert_max_num_queries
):
    c = client_for("office")
    _add_towns(5, municipality_factory, role_user)
    url = reverse("werkstatt_reports:office") + "?jahr=2025"
    c.get(url)
    # session, user, TOTP check, report years, land names, processes (annotated), their reports, municipalities
    with django_assert_max_num_queries(8):
        c.get(url)


def test_kurzbericht_page_queries_do_not_grow_with_measures(
    client_for, coordinator, report, zb, django_assert_max_num_queries
):
    from datetime import date

    from leuchtfeuer.werkstatt.models import Indicator

    c = client_for("coordinator")
    url = reverse("werkstatt_reports:report", args=[zb.municipality.slug, 2025])
    c.get(url)
    with CaptureQueriesContext(connection) as few:
        assert c.get(url).status_code == 200
    field = zb.handlungsfelder.get(key="rueckkehr")
    for n in range(4):
        measure = plan_services.measure_create(
            actor=coordinator, process=zb, handlungsfeld=field, title=f"Maßnahme {n}", responsible="Amt"
        )
        plan_services.budget_line_add(
            actor=coordinator, measure=measure, label="Posten", amount="10.00", year=2025
        )
        indicator = indicator_services.indicator_create(
            actor=coordinator,
            process=zb,
            kind=Indicator.Kind.CUSTOM,
            label=f"Indikator {n}",
            measure=measure,
            baseline_value=0,
            baseline_date=date(2025, 1, 1),
            target_value=10,
        )
        indicator_services.indicator_reading_add(
            actor=coordinator, indicator=indicator, date=date(2025, 5, 1), value=n
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = c.get(url)
    assert "Maßnahme 3" in response.content.decode()
