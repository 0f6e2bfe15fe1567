"""Text with control characters (a Word line break copied as U+000B, a page break as U+000C):
forms store it cleaned, and the Zwischenbilanz and Kurzbericht documents are written in every
format even from older data that still holds such characters (python-docx refused it with a
500 and odfpy wrote an ODT that no office suite opens)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from lxml import etree

from leuchtfeuer.werkstatt.models import Measure, Report
from leuchtfeuer.werkstatt.reports import documents as report_documents
from leuchtfeuer.werkstatt.reports import exports as report_exports
from leuchtfeuer.werkstatt.reports import selectors as report_selectors
from leuchtfeuer.werkstatt.reports import services as report_services
from leuchtfeuer.werkstatt.tests import report_builders
from leuchtfeuer.werkstatt.tests.test_reports import _docx_text, _odt_text, _pdf_pages

pytestmark = pytest.mark.django_db

zb = report_builders.zb

DIRTY_TITLE = "Rückkehrer\x0btag\x01 im Herbst\ufffe"
CLEAN_TITLE = "Rückkehrer\ntag im Herbst"


@pytest.fixture
def dirty(coordinator, zb):
    """A process whose measure title and Kurzbericht text hold control characters, as stored before
    forms cleaned their input (or written through another way than a form)."""
    report = report_services.report_for_year(actor=coordinator, process=zb, year=2025)
    Measure.objects.filter(process=zb, title="Rückkehrertag").update(
        title=DIRTY_TITLE, progress_note="Zweiter Termin\x0cim Oktober."
    )
    Report.objects.filter(pk=report.pk).update(summary="Ein gutes\x0b Jahr.\x1b")
    return zb


def _download(staff_client, coordinator, municipality, kind: str, fmt: str):
    url = (
        reverse("werkstatt_reports:zwischenbilanz-download", args=[municipality.slug, fmt])
        if kind == "zwischenbilanz"
        else reverse("werkstatt_reports:report-download", args=[municipality.slug, 2025, fmt])
    )
    return staff_client(coordinator).get(url)


@pytest.mark.parametrize("kind", ["zwischenbilanz", "kurzbericht"])
@pytest.mark.parametrize("fmt", ["docx", "odt", "pdf"])
def test_documents_with_control_characters_are_written(
    staff_client, coordinator, municipality, dirty, kind, fmt
):
    response = _download(staff_client, coordinator, municipality, kind, fmt)
    assert response.status_code == 200
    content = response.content
    if fmt == "docx":
        text = _docx_text(content)
    elif fmt == "odt":
        with zipfile.ZipFile(io.BytesIO(content)) as odt:
            etree.fromstring(odt.read("content.xml"))  # well-formed XML, or an office suite refuses it
        text = _odt_text(content)
    else:
        assert _pdf_pages(content) >= 1
        doc = (
            report_documents.zwischenbilanz_doc(report_selectors.zwischenbilanz_data(dirty))
            if kind == "zwischenbilanz"
            else report_documents.kurzbericht_doc(
                report_selectors.kurzbericht_data(dirty.reports.get(year=2025))
            )
        )
        text = report_exports.doc_html(doc).replace("<br>", "\n")  # what WeasyPrint lays out
    assert CLEAN_TITLE in text  # the line break the author made stays one
    assert not any(ch in text for ch in "\x0b\x0c\x01\x1b\ufffe")
    if kind == "kurzbericht":
        assert "Ein gutes\n Jahr." in text
    else:
        assert "Zweiter Termin\nim Oktober." in text


def test_kurzbericht_form_stores_the_text_cleaned(staff_client, coordinator, municipality, zb):
    report_services.report_for_year(actor=coordinator, process=zb, year=2025)
    response = staff_client(coordinator).post(
        reverse("werkstatt_reports:report", args=[municipality.slug, 2025]),
        {"summary": "Aus Word\x0bkopiert\x07", "highlights": "H\x0c", "challenges": "", "next_steps": "N"},
    )
    assert response.status_code == 302
    report = zb.reports.get(year=2025)
    assert (report.summary, report.highlights) == ("Aus Word\nkopiert", "H")


def test_measure_progress_form_stores_the_note_cleaned(staff_client, coordinator, municipality, zb):
    measure = zb.measures.get(title="Rückkehrertag")
    response = staff_client(coordinator).post(
        f"/kommunen/{municipality.slug}/werkstatt/zwischenbilanz/massnahmen/{measure.pk}/",
        {f"stand-{measure.pk}-status": "laufend", f"stand-{measure.pk}-progress_note": "Termin\x0bsteht\x00"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.progress_note == "Termin\nsteht"
