"""A coordinator walks her town through the Werkstatt process, from Kick-Off to an adopted
Werkstattplan; a gate blocks closing a stage that lacks its deliverables, in German.

The `page` fixture fails the test on any request to another host, any CSP violation and any
JavaScript error; the pages are htmx-boosted, so this also checks the boosted forms.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.werkstatt.models import Process
from leuchtfeuer.werkstatt.tests.builders import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def close_stage(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Stufen des Werkstatt-Prozesses").get_by_role(
        "link", name="Übersicht"
    ).click()
    page.get_by_role("button", name=f"Stufe „{label}“ abschließen").click()


def test_coordinator_walks_from_kickoff_to_adopted_plan(
    page: Page, log_in, coordinator, municipality, axe_check
):
    base = f"/kommunen/{municipality.slug}/werkstatt/"
    log_in(coordinator)
    page.goto(base)
    page.get_by_role("button", name="Werkstatt-Prozess beginnen").click()
    expect(page.get_by_role("status")).to_contain_text("die Stufe Kick-Off ist offen")

    # The gate: closing the Kick-Off without its deliverables is refused, saying what is missing.
    page.get_by_role("button", name="Stufe „Kick-Off“ abschließen").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Die Stufe „Kick-Off“ kann noch nicht abgeschlossen werden. Es fehlt:")
    expect(alert).to_contain_text(
        "Der Ratsbeschluss oder das Unterstützungsschreiben ist noch nicht hochgeladen."
    )
    expect(alert).to_contain_text("Der Resilienz-Check ist noch nicht ausgefüllt.")
    assert Process.objects.get(municipality=municipality).current_stage == "kickoff"

    # --- Kick-Off
    page.get_by_role("link", name="Zur Stufe Kick-Off").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kick-Off")
    page.get_by_label("Ziele des Prozesses", exact=True).fill(
        "Junge Familien halten und Rückkehrende gewinnen."
    )
    page.get_by_label("Erwartungen", exact=True).fill(
        "Beratung für die Zukunftswerkstatt, Austausch im Mentoring."
    )
    page.get_by_role("button", name="Ziele und Erwartungen speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Ziele und Erwartungen gespeichert.")
    for name, sector in (("Anna Amt", "Verwaltung"), ("Jonas Jugend", "Jugend")):
        page.get_by_text("Person oder Partner eintragen").click()
        page.get_by_label(re.compile(r"^Name")).fill(name)
        page.get_by_label("Bereich").select_option(label=sector)
        page.get_by_role("button", name="Eintragen").click()
        expect(page.get_by_role("status")).to_contain_text(f"{name} eingetragen.")
    page.get_by_label("Art des Dokuments").select_option(label="Ratsbeschluss")
    page.get_by_label("Datei").set_input_files(
        files=[{"name": "Ratsbeschluss Mai 2025.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Hochladen").click()
    expect(page.get_by_role("status")).to_contain_text("hochgeladen")
    expect(page.get_by_role("link", name="Ratsbeschluss-Mai-2025.pdf")).to_be_visible()
    page.get_by_label("Rückkehr", exact=True).check()
    page.get_by_label("Wohnen", exact=True).check()
    page.get_by_role("button", name="Themen speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Themen gespeichert.")
    axe_check("Kick-Off")

    page.get_by_role("link", name="Zum Resilienz-Check").click()
    selects = page.locator("select[name^='rc-']")
    expect(selects).to_have_count(15)
    for i in range(15):
        selects.nth(i).select_option("2" if i == 12 else "4")
    page.get_by_label("Begründung zu Mobilität (optional)").fill("Kaum Busse am Abend")
    page.get_by_role("button", name="Resilienz-Check speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Resilienz-Check gespeichert.")
    expect(page.locator("figure svg")).to_have_count(1)
    expect(page.get_by_role("table", name="Einschätzungen (Daten des Diagramms)")).to_contain_text(
        "Kaum Busse am Abend"
    )
    axe_check("Resilienz-Check")

    close_stage(page, "Kick-Off")
    expect(page.get_by_role("status")).to_contain_text("Jetzt läuft die Stufe Kommunalprofil.")

    # --- Kommunalprofil
    page.get_by_role("link", name="Zur Stufe Kommunalprofil").click()
    page.get_by_label("mit Bevölkerungsvorausberechnung").uncheck()
    page.get_by_role("button", name="Stand des Kommunalprofils sichern").click()
    expect(page.get_by_role("status")).to_contain_text("Der Stand des Kommunalprofils ist gesichert.")
    for kind, text in (("Stärke", "Kitas am Ort"), ("Schwäche", "Wenig Busse"), ("Haltefaktor", "Vereine")):
        page.get_by_role("combobox", name=re.compile(r"^Art")).select_option(label=kind)
        page.get_by_role("textbox", name=re.compile(r"^Befund")).fill(text)
        page.get_by_role("button", name="Befund speichern").click()
        expect(page.locator(".findings")).to_contain_text(text)
    close_stage(page, "Kommunalprofil")
    expect(page.get_by_role("status")).to_contain_text("Jetzt läuft die Stufe Zukunftswerkstatt.")

    # --- Zukunftswerkstatt
    page.get_by_role("link", name="Zur Stufe Zukunftswerkstatt").click()
    page.get_by_role("link", name="Zukunftswerkstatt planen").click()
    page.get_by_label("Titel").fill("Zukunftswerkstatt im Rathaus")
    page.get_by_label("Datum").fill((date.today() - timedelta(days=7)).isoformat())
    page.get_by_label("Ort").fill("Rathaussaal")
    page.get_by_label("Kritikphase: Ablauf und Methoden").fill("Kartenabfrage: Was fehlt?")
    page.get_by_label("Fantasiephase: Ablauf und Methoden").fill("Zukunftsreise 2035")
    page.get_by_label("Verwirklichungsphase: Ablauf und Methoden").fill("Patenschaften festlegen")
    page.get_by_label("hat stattgefunden").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status")).to_contain_text("gespeichert")
    page.get_by_text("Idee eintragen").click()
    page.get_by_label(re.compile(r"^Idee")).fill("Rückkehrertag zwischen den Feiertagen")
    page.get_by_role("combobox", name="Handlungsfeld", exact=True).select_option(label="Rückkehr")
    page.get_by_role("button", name="Idee speichern").click()
    expect(page.get_by_role("status")).to_contain_text("eingetragen")
    close_stage(page, "Zukunftswerkstatt")
    expect(page.get_by_role("status")).to_contain_text("Jetzt läuft die Stufe Werkstattplan.")

    # --- Werkstattplan: the idea becomes a measure; goal, indicator, adoption
    page.get_by_role("navigation", name="Stufen des Werkstatt-Prozesses").get_by_role(
        "link", name=re.compile("Zukunftswerkstatt")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zukunftswerkstatt")
    page.get_by_role("button", name=re.compile(r"Als Maßnahme übernehmen.*Rückkehrertag")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rückkehrertag zwischen den Feiertagen")
    page.get_by_label("verantwortlich (Person oder Stelle)").fill("Stadtmarketing")
    page.get_by_label("Beginn", exact=True).fill("2026-01-01")
    page.get_by_label("Ende", exact=True).fill("2027-12-31")
    page.get_by_label("Junge Familien").check()
    page.get_by_role("button", name="Maßnahme speichern").click()
    expect(page.get_by_role("status")).to_contain_text("gespeichert")
    page.get_by_label("Posten").fill("Raummiete")
    page.get_by_label("Betrag in Euro").fill("1500.50")
    page.get_by_role("button", name="Kostenposten hinzufügen").click()
    expect(page.get_by_role("table").filter(has_text="Raummiete")).to_contain_text("1.500,50 €")
    page.get_by_role("link", name="Indikator hinzufügen").click()
    page.get_by_label("eigener Indikator der Kommune").check()
    page.get_by_label("Bezeichnung (eigener Indikator)").fill("Besuchende am Rückkehrertag")
    page.get_by_label("Ausgangswert (eigener Indikator)").fill("0")
    page.get_by_label("Stand des Ausgangswerts").fill("2025-12-31")
    page.get_by_label("Zielwert (Ziel der Kommune)").fill("120")
    page.get_by_label("Zieljahr").fill("2027")
    page.get_by_role("button", name="Indikator anlegen").click()
    expect(page.get_by_role("status")).to_contain_text("Indikator „Besuchende am Rückkehrertag“ angelegt.")

    page.get_by_role("link", name="Zurück zum Werkstattplan").click()
    page.get_by_text("Ziel formulieren").click()
    page.get_by_role("combobox", name="Handlungsfeld (Pflichtfeld)", exact=True).select_option(
        label="Rückkehr"
    )
    page.get_by_label(re.compile(r"^Ziel \(")).fill("Mehr Weggezogene kommen zurück")
    page.get_by_role("button", name="Ziel speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Ziel gespeichert.")
    expect(page.get_by_role("img", name=re.compile("Zeitplan der Maßnahmen"))).to_be_visible()
    page.get_by_text("Plan beschließen (Version festhalten)").click()
    page.get_by_label("Beschluss", exact=True).fill("Stadtvertretung, Drucksache 12/2025")
    page.get_by_role("button", name="Werkstattplan beschließen").click()
    expect(page.get_by_role("status")).to_contain_text("Werkstattplan Version 1 ist beschlossen")
    expect(page.get_by_role("link", name="Version 1")).to_be_visible()
    axe_check("Werkstattplan")

    close_stage(page, "Werkstattplan")
    expect(page.get_by_role("status")).to_contain_text("Jetzt läuft die Stufe Zwischenbilanz.")
    process = Process.objects.get(municipality=municipality)
    assert process.current_stage == "zwischenbilanz"
    assert process.plan_versions.get().snapshot["measures"][0]["budget_total"] == "1500.50"
    assert AuditEntry.objects.filter(municipality=municipality, action="werkstatt.stage.close").count() == 4
    axe_check("Übersicht")
