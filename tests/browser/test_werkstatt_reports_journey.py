"""Reports as people use them in the browser: the coordinator opens the Zwischenbilanz of a town
in the last stage and downloads its PDF, writes and submits the Kurzbericht; the programme office
sees it in its overview and downloads the evaluation table.

The process is built through the services (report_builders: a measure "Rückkehrertag" with two
indicators at 60 % and 25 % of the way to their targets); the `page` fixture fails the test on any
request to another host, any CSP violation and any JavaScript error.
"""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.werkstatt.models import Report
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.tests import report_builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def town_in_zwischenbilanz(coordinator, municipality):
    process = process_services.process_start(actor=coordinator, municipality=municipality)
    report_builders.zwischenbilanz_process(coordinator, process)
    return process


def test_coordinator_downloads_the_zwischenbilanz_pdf_and_submits_the_kurzbericht(
    page: Page, log_in, coordinator, municipality, town_in_zwischenbilanz, axe_check
):
    base = f"/kommunen/{municipality.slug}/werkstatt/"
    log_in(coordinator)

    # The Zwischenbilanz stage page shows the traffic lights with their figures …
    page.goto(base + "zwischenbilanz/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zwischenbilanz")
    expect(page.locator("main")).to_contain_text("Besuchende am Rückkehrertag")

    # … and the report page the document, with share of the way and light, and the downloads.
    page.goto(base + "zwischenbilanz/bericht/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zwischenbilanz als Bericht")
    main = page.locator("main")
    expect(main).to_contain_text("60 %")
    expect(main).to_contain_text("grün: auf gutem Weg")
    expect(main).to_contain_text("gelb: etwas Fortschritt")
    expect(main).to_contain_text(report_builders.LESSONS)
    axe_check("Zwischenbilanz als Bericht")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Zwischenbilanz als PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"zwischenbilanz-{municipality.slug}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # The Kurzbericht: start it, write the texts, submit it.
    page.goto(base + "kurzbericht/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kurzberichte")
    axe_check("Kurzberichte")
    page.get_by_label("Berichtsjahr (Pflichtfeld)").fill("2025")
    page.get_by_role("button", name="Kurzbericht öffnen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kurzbericht 2025")
    # Submitting without texts is refused, saying what is missing.
    page.get_by_role("button", name="Kurzbericht 2025 einreichen").click()
    expect(page.locator("main")).to_contain_text("kann noch nicht eingereicht werden")
    page.get_by_label("Zusammenfassung").fill("Zwei Rückkehrertage, neue Partner.")
    page.get_by_label("Erreichtes").fill("Der Rückkehrertag ist ein fester Termin.")
    page.get_by_label("Nächste Schritte").fill("Probewohnen vorbereiten.")
    page.get_by_role("button", name="Texte speichern").click()
    expect(page.locator("main")).to_contain_text("Kurzbericht 2025 gespeichert.")
    axe_check("Kurzbericht")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Kurzbericht als Word (DOCX)").click()
    from docx import Document

    with open(download_info.value.path(), "rb") as handle:
        text = "\n".join(p.text for p in Document(io.BytesIO(handle.read())).paragraphs)
    assert "Zwei Rückkehrertage, neue Partner." in text
    page.get_by_role("button", name="Kurzbericht 2025 einreichen").click()
    expect(page.locator("main")).to_contain_text("an die Geschäftsstelle eingereicht")
    report = Report.objects.get(process=town_in_zwischenbilanz, year=2025)
    assert report.status == Report.Status.SUBMITTED and report.submitted_by == coordinator


def test_office_sees_all_towns_and_downloads_the_evaluation_table(
    page: Page, log_in, user_factory, coordinator, municipality, town_in_zwischenbilanz, axe_check
):
    office = user_factory(is_programme_office=True, email="gs@example.org")
    office.totp_secret = totp.generate_totp_secret()
    totp.activate(office, office.totp_secret)
    log_in(office)
    year = town_in_zwischenbilanz.started_on.year  # the test process began this year
    page.goto(f"/geschaeftsstelle/werkstatt/?jahr={year}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Werkstatt-Prozesse aller Kommunen")
    row = page.get_by_role("row", name=str(municipality))
    expect(row).to_contain_text("Zwischenbilanz")
    expect(row).to_contain_text("kein Bericht angelegt")
    axe_check("Übersicht der Geschäftsstelle")

    # Set the due date of this year's Kurzbericht for every town.
    page.get_by_label("Berichtsjahr (Pflichtfeld)").fill(str(year))
    page.get_by_label("fällig am (Pflichtfeld)").fill(f"{year + 1}-01-31")
    page.get_by_role("button", name="Frist speichern").click()
    expect(page.locator("main")).to_contain_text("1 Bericht(e) angelegt")
    expect(page.get_by_role("row", name=str(municipality))).to_contain_text(f"31.01.{year + 1}")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Auswertung {year} als Excel (XLSX)").click()
    from openpyxl import load_workbook

    assert download_info.value.suggested_filename.endswith(".xlsx")
    with open(download_info.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()))["Kommunen"]
    header = [c.value for c in sheet[1]]
    values = [c.value for c in sheet[2]]
    assert values[header.index("AGS")] == municipality.region.ags
    assert values[header.index("Indikatoren grün (auf gutem Weg oder erreicht)")] == 1
    assert values[header.index("Kosten geplant (Euro)")] == pytest.approx(2000.50)

    # The method kits are public; the list passes the accessibility check too.
    page.goto("/werkstatt/methodenkoffer/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Methodenkoffer")
    axe_check("Methodenkoffer")
    with page.expect_download() as download_info:
        page.get_by_role("row", name="Maßnahmenblatt").get_by_role("link", name="OpenDocument (ODT)").click()
    assert download_info.value.suggested_filename == "massnahmenblatt.odt"
