"""Method kits: every stage offers at least one; each kit opens as DOCX, ODT and PDF; the town's
version carries its data (Handlungsfelder, workshop phases, measure figures)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.reports import exports as report_exports
from leuchtfeuer.werkstatt.reports import kits
from leuchtfeuer.werkstatt.tests import report_builders
from leuchtfeuer.werkstatt.tests.test_reports import _docx_text, _odt_text, _pdf_pages


def test_every_stage_offers_a_kit():
    assert {kit.stage for kit in kits.KITS} == {s.key for s in stage_registry.STAGES}
    assert [k.key for k in kits.kits_for("zukunftswerkstatt")] == ["moderationsplan-zukunftswerkstatt"]
    assert kits.kits_for("gibt-es-nicht") == []


@pytest.mark.parametrize("kit", kits.KITS, ids=lambda k: k.key)
def test_blank_kit_opens_in_all_formats(kit):
    doc = kit.build(kits.KitContext())
    assert doc.title == kit.title
    docx = _docx_text(report_exports.render(doc, "docx"))
    odt = _odt_text(report_exports.render(doc, "odt"))
    assert kit.title in docx and kit.title in odt
    assert _pdf_pages(report_exports.render(doc, "pdf")) >= 1


def test_moderation_plan_has_the_three_phases():
    doc = kits.BY_KEY["moderationsplan-zukunftswerkstatt"].build(kits.KitContext())
    headings = [b.text for b in doc.blocks if isinstance(b, report_exports.Heading)]
    phases = [h for h in headings if h.endswith("phase")]
    assert phases == ["Kritikphase", "Fantasiephase", "Verwirklichungsphase"]
    text = _docx_text(report_exports.render(doc, "docx"))
    for phase in phases:
        assert f"Ergebnisse der {phase}" in text
    assert "Neuzugewanderte" in text  # who to invite (seed 001)


@pytest.mark.django_db
def test_town_kits_carry_the_towns_data(coordinator, process, municipality):
    measure = report_builders.zwischenbilanz_process(coordinator, process)
    process.refresh_from_db()
    agenda = kits.BY_KEY["kick-off-tagesordnung"].build(kits.kit_context(process))
    agenda_text = _odt_text(report_exports.render(agenda, "odt"))
    assert str(municipality) in agenda_text
    chosen = [row for block in agenda.blocks if isinstance(block, report_exports.Table) for row in block.rows]
    assert ["☒", "Rückkehr", "Rückkehrende gewinnen und begleiten"] in chosen
    assert ["☐", "Digitale Konzepte", "lessons learned aus der Corona-Pandemie"] in chosen

    sheet = kits.BY_KEY["massnahmenblatt"].build(kits.kit_context(process, measure=measure))
    text = _docx_text(report_exports.render(sheet, "docx"))
    for expected in (
        "Rückkehrertag",
        "Stadtmarketing",
        "Besuchende am Rückkehrertag",
        "1200,50",
        "Saalmiete",
    ):
        assert expected in text

    workshop = process.workshops.get()
    plan = kits.BY_KEY["moderationsplan-zukunftswerkstatt"].build(
        kits.kit_context(process, workshop=workshop)
    )
    text = _docx_text(report_exports.render(plan, "docx"))
    assert "Rathaus" in text and "Geplanter Ablauf der Kommune: Kritik sammeln" in text


@pytest.mark.django_db
def test_town_kit_view_checks_the_selected_object(
    staff_client, coordinator, process, municipality, other_municipality, role_user
):
    from leuchtfeuer.accounts.models import Role

    measure = report_builders.zwischenbilanz_process(coordinator, process)
    other_process = process_services.process_start(
        actor=role_user(Role.KOORDINATION, other_municipality), municipality=other_municipality
    )
    c = staff_client(coordinator)
    url = reverse("werkstatt_reports:town-kit", args=[municipality.slug, "massnahmenblatt", "docx"])
    response = c.get(url + f"?massnahme={measure.pk}")
    assert response.status_code == 200
    assert f"massnahmenblatt-{municipality.slug}-{measure.pk}.docx" in response["Content-Disposition"]
    from docx import Document

    assert Document(io.BytesIO(response.content)).tables[0].rows[1].cells[1].text == "Rückkehrertag"
    assert c.get(url + "?massnahme=abc").status_code == 404
    # A measure id of another town's process is not found here.
    assert other_process.measures.count() == 0
    assert c.get(url + "?massnahme=999999").status_code == 404


def test_kit_links_include_renders_links(rf):
    from django.template.loader import render_to_string

    html = render_to_string("werkstatt/kit_links.html", {"stage_kind": "werkstattplan"})
    assert "Maßnahmenblatt als Word (DOCX)" in html
    assert reverse("werkstatt_reports:kit", args=["massnahmenblatt", "pdf"]) in html
    assert render_to_string("werkstatt/kit_links.html", {"stage_kind": ""}).strip() == ""


@pytest.mark.django_db
def test_item_link_includes_point_at_the_filled_in_kits(coordinator, process, municipality):
    from django.template.loader import render_to_string

    measure = report_builders.zwischenbilanz_process(coordinator, process)
    html = render_to_string(
        "werkstatt/kit_measure_link.html", {"municipality": municipality, "measure": measure}
    )
    url = reverse("werkstatt_reports:town-kit", args=[municipality.slug, "massnahmenblatt", "odt"])
    assert f"{url}?massnahme={measure.pk}" in html
    workshop = process.workshops.get()
    html = render_to_string(
        "werkstatt/kit_workshop_link.html", {"municipality": municipality, "workshop": workshop}
    )
    assert f"?termin={workshop.pk}" in html and "Moderationsplan „Zukunftswerkstatt 1“" in html
