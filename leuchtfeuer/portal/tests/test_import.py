"""Job lists from CSV/XLSX: all rows or nothing, German errors naming row and column."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.places.models import Ortsteil
from leuchtfeuer.portal import services
from leuchtfeuer.portal.models import Offer

HEADER = "Titel;Art;Berufsfeld;Ortsteil;verfügbar ab;sichtbar bis;Kontakt-E-Mail;Nummer\n"


@pytest.fixture
def altstadt(municipality):
    return Ortsteil.objects.create(municipality=municipality, name="Altstadt")


def test_valid_csv_imports_every_row(municipality, lotse, altstadt):
    content = (
        HEADER
        + "Pflegefachkraft;Stelle;Gesundheit und Pflege;Altstadt;01.02.2027;30.04.2027;jobs@pflege.de;P-1\n"
        "Azubi Tischlerei;Ausbildung;handwerk;;;;;\n"
    ).encode()
    result = services.offer_import_jobs(
        actor=lotse, municipality=municipality, filename="stellen.csv", content=content, publish=True
    )
    assert (result.created, result.updated) == (2, 0)
    first = Offer.objects.get(external_ref="P-1")
    assert (first.kind, first.job_field, first.ortsteil, first.status) == (
        "job",
        "gesundheit",
        altstadt,
        "veroeffentlicht",
    )
    assert str(first.ends_on) == "2027-04-30" and first.contact_email == "jobs@pflege.de"
    assert Offer.objects.get(title="Azubi Tischlerei").kind == "ausbildung"


def test_reimport_with_the_same_number_updates(municipality, lotse, altstadt):
    row = "Pflegefachkraft;Stelle;gesundheit;;;{end};;P-1\n"
    services.offer_import_jobs(
        actor=lotse,
        municipality=municipality,
        filename="a.csv",
        content=(HEADER + row.format(end="30.04.2027")).encode(),
    )
    result = services.offer_import_jobs(
        actor=lotse,
        municipality=municipality,
        filename="a.csv",
        content=(HEADER + row.format(end="31.05.2027")).encode(),
    )
    assert (result.created, result.updated) == (0, 1)
    assert str(Offer.objects.get().ends_on) == "2027-05-31"


def test_errors_name_row_and_column_and_nothing_is_imported(municipality, lotse, altstadt):
    content = (
        HEADER
        + "Gute Stelle;Stelle;gesundheit;Altstadt;01.02.2027;;;\n"
        + "Kaputtes Datum;Stelle;gesundheit;;31.02.2027;;;\n"
        + ";Stelle;Raketenbau;Neustadt;;;keine-mail;\n"
        + "Umgedreht;Job;it;;01.05.2027;01.04.2027;;\n"
    ).encode()
    with pytest.raises(ValidationError) as info:
        services.offer_import_jobs(
            actor=lotse, municipality=municipality, filename="stellen.csv", content=content
        )
    errors = info.value.message_dict["file"]
    assert errors == [
        "Zeile 3, Spalte „verfügbar ab“: „31.02.2027“ ist kein gültiges Datum (TT.MM.JJJJ).",
        "Zeile 4, Spalte „Titel“: darf nicht leer sein.",
        "Zeile 4, Spalte „Berufsfeld“: „Raketenbau“ ist kein bekanntes Berufsfeld (erlaubt: Gesundheit und Pflege, "
        "Handwerk und Technik, Industrie und Produktion, Verwaltung und Büro, Bildung und Soziales, IT und Digitales, "
        "Handel und Logistik, Land-, Forstwirtschaft und Umwelt, Gastronomie und Tourismus, Sonstiges).",
        "Zeile 4, Spalte „Ortsteil“: den Ortsteil „Neustadt“ gibt es nicht (bekannt: Altstadt).",
        "Zeile 4, Spalte „Kontakt-E-Mail“: „keine-mail“ ist keine gültige E-Mail-Adresse.",
        "Zeile 5, Spalte „sichtbar bis“: liegt vor „verfügbar ab“.",
    ]
    assert not Offer.objects.exists()


def test_missing_and_unknown_columns(municipality, lotse):
    with pytest.raises(ValidationError) as info:
        services.offer_import_jobs(
            actor=lotse, municipality=municipality, filename="x.csv", content=b"Titel;Gehalt\nA;3000\n"
        )
    assert info.value.message_dict["file"] == [
        "Zeile 1, Spalte 2: unbekannte Überschrift „Gehalt“. Erlaubt sind: Titel, Art, Berufsfeld, Ortsteil, "
        "Beschreibung, Bedingungen, verfügbar ab, sichtbar bis, Kontaktperson, Kontakt-E-Mail, Kontakt-Telefon, Nummer.",
        "Zeile 1: es fehlen die Pflichtspalten „Art“, „Berufsfeld“.",
    ]


def test_xlsx_with_real_dates_and_an_error(municipality, lotse):
    from datetime import datetime

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Titel", "Art", "Berufsfeld", "sichtbar bis"])
    sheet.append(["Elektroniker:in", "Stelle", "Handwerk und Technik", datetime(2027, 3, 31)])
    sheet.append(["Koch", "Stelle", "tourismus", "bald"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ValidationError) as info:
        services.offer_import_jobs(
            actor=lotse, municipality=municipality, filename="liste.xlsx", content=buffer.getvalue()
        )
    assert info.value.message_dict["file"] == [
        "Zeile 3, Spalte „sichtbar bis“: „bald“ ist kein gültiges Datum (TT.MM.JJJJ)."
    ]
    assert not Offer.objects.exists()
    sheet["D3"] = datetime(2027, 4, 30)
    buffer = io.BytesIO()
    workbook.save(buffer)
    services.offer_import_jobs(
        actor=lotse, municipality=municipality, filename="liste.xlsx", content=buffer.getvalue()
    )
    assert sorted(str(d) for d in Offer.objects.values_list("ends_on", flat=True)) == [
        "2027-03-31",
        "2027-04-30",
    ]


def test_partner_import_goes_to_moderation_under_her_organisation(municipality, role_user):
    partner = role_user(Role.PARTNER, municipality)
    services.offer_import_jobs(
        actor=partner,
        municipality=municipality,
        filename="p.csv",
        publish=True,
        content=(HEADER + "Lager;Stelle;handel;;;;;\n").encode(),
    )
    offer = Offer.objects.get()
    assert offer.status == "eingereicht"
    assert offer.organisation == partner.memberships.get().organisation


def test_import_page_shows_the_errors(staff_client, lotse, municipality):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = staff_client(lotse)
    upload = SimpleUploadedFile("stellen.csv", (HEADER + "A;Stelle;gesundheit;;99.99.9999;;;\n").encode())
    response = client.post(f"/kommunen/{municipality.slug}/lotse/angebote/import/", {"file": upload})
    assert response.status_code == 422
    assert "Zeile 2, Spalte „verfügbar ab“: „99.99.9999“ ist kein gültiges Datum" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("stellen.pdf", b"%PDF-1.4", "erlaubt sind nur CSV oder XLSX"),
        ("stellen.xlsx", HEADER.encode(), "„stellen.xlsx“ ist keine gültige XLSX-Datei"),
        ("stellen.csv", HEADER.encode() + b"x" * (5 * 1024 * 1024), "erlaubt sind höchstens 5 MB"),
    ],
)
def test_import_page_checks_type_content_and_size_first(
    staff_client, lotse, municipality, name, content, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = staff_client(lotse)
    upload = SimpleUploadedFile(name, content)
    response = client.post(f"/kommunen/{municipality.slug}/lotse/angebote/import/", {"file": upload})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Offer.objects.exists()


# --- hostile job lists: refused at the limit, before they are read on --------------------------------


@pytest.fixture
def opened_workbooks(monkeypatch):
    import openpyxl

    calls: list[int] = []
    original = openpyxl.load_workbook
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: calls.append(1) or original(*a, **k))
    return calls


def import_file(municipality, lotse, filename: str, content: bytes) -> list[str]:
    with pytest.raises(ValidationError) as info:
        services.offer_import_jobs(actor=lotse, municipality=municipality, filename=filename, content=content)
    assert not Offer.objects.exists()
    return info.value.message_dict["file"]


def test_xlsx_declaring_16384_columns_and_a_million_rows_is_refused(municipality, lotse):
    """1.6 KB, A1:XFD1048576 with one cell at each end: formerly a MemoryError at 3.5 GB."""
    from leuchtfeuer.core.tests import bombs

    assert import_file(municipality, lotse, "stellen.xlsx", bombs.wide_dimension()) == [
        "Datei stellen.xlsx, Zeile 2102: Die Tabelle hat mehr als 2.100 leere Zeilen. Bitte löschen Sie die "
        "leeren Zeilen."
    ]


def test_xlsx_with_a_million_rows_is_refused_before_it_is_parsed(municipality, lotse, opened_workbooks):
    """560 KB to 5 MB of rows took ~90 s of CPU to refuse; now the rows are counted unparsed."""
    from leuchtfeuer.core.tests import bombs

    assert import_file(municipality, lotse, "stellen.xlsx", bombs.million_rows()) == [
        "Datei stellen.xlsx: Die Tabelle hat mehr als 4.101 Zeilen (leere mitgezählt) – erlaubt sind "
        "höchstens 2.000 Zeilen unter der Überschrift auf einmal."
    ]
    assert opened_workbooks == []


def test_csv_with_an_unclosed_quote_names_the_row(municipality, lotse):
    content = (HEADER + 'Koch;"Stelle;tourismus\n' + "Kellner;Stelle;tourismus\n" * 20_000).encode()
    assert import_file(municipality, lotse, "stellen.csv", content) == [
        "Datei stellen.csv, Zeile 2: Ein Feld ist länger als 131.072 Zeichen – fehlt ein schließendes "
        "Anführungszeichen?"
    ]
