"""Reading uploaded tables within limits: hostile spreadsheets are refused at the limit, with a
German message naming the row, before they are read on – and ordinary ones are read as before."""

from __future__ import annotations

import io

import openpyxl
import pytest

from leuchtfeuer.core import tables
from leuchtfeuer.core.tables import TableError, TableLimits, csv_rows, xlsx_rows
from leuchtfeuer.core.tests import bombs

SMALL = TableLimits(rows=100, columns=10)


@pytest.fixture
def opened_workbooks(monkeypatch):
    """Counts the workbooks handed to openpyxl (its parser is what costs ~10 µs per XML element)."""
    calls: list[int] = []
    original = openpyxl.load_workbook

    def spy(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    return calls


def read(content: bytes, limits: TableLimits = SMALL) -> list[tuple[int, list]]:
    return list(xlsx_rows(content, limits))


def test_an_ordinary_sheet_is_read_with_its_row_numbers():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Ortsteil", "Geburtsjahr", "Geschlecht"])
    sheet.append([])  # an empty row is passed over, the numbering stays the spreadsheet's
    sheet.append(["Altstadt", 1980, "w"])
    sheet.append(["Neustadt", 1990])  # a row ends at its last filled cell
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read(buffer.getvalue()) == [
        (1, ["Ortsteil", "Geburtsjahr", "Geschlecht"]),
        (3, ["Altstadt", 1980, "w"]),
        (4, ["Neustadt", 1990]),
    ]


def test_a_declared_dimension_is_not_trusted_either_way():
    """LibreOffice may declare whole columns; a hostile file declares what it likes. Only what is
    there is read."""
    content = bombs.xlsx_table(["Titel"], [["Pflegekraft"]], dimension="A1:AMJ1048576")
    assert read(content) == [(1, ["Titel"]), (2, ["Pflegekraft"])]


def test_cells_far_apart_under_a_huge_dimension_are_refused_at_the_blank_row_limit():
    """The 1.6 KB file that drove the imports to a MemoryError at 3.5 GB."""
    content = bombs.wide_dimension()
    assert len(content) < 2_000
    with pytest.raises(TableError) as exc:
        read(content)
    assert exc.value.line == 202  # heading, then 200 empty rows (100 + 100) are allowed
    assert (
        exc.value.problem == "Die Tabelle hat mehr als 200 leere Zeilen. Bitte löschen Sie die leeren Zeilen."
    )


def test_a_row_reaching_too_far_right_is_refused_at_that_row():
    content = bombs.xlsx([bombs.xlsx_row(1, {1: "Titel"}), bombs.xlsx_row(2, {1: "a", 16_384: "b"})])
    with pytest.raises(TableError) as exc:
        read(content)
    assert str(exc.value) == (
        "Zeile 2: Die Zeile reicht bis Spalte XFD (Spalte 16.384) – erlaubt sind höchstens 10 Spalten. "
        "Bitte löschen Sie die Zellen rechts davon."
    )


@pytest.mark.parametrize("dimension", [None, "A1:A3"])  # missing, or lying
def test_too_many_rows_are_refused_before_openpyxl_reads_the_file(opened_workbooks, dimension):
    rows = (bombs.xlsx_row(number, {1: number}) for number in range(1, 5_001))
    with pytest.raises(TableError) as exc:
        read(bombs.xlsx(rows, dimension=dimension))
    assert str(exc.value) == (
        "Die Tabelle hat mehr als 301 Zeilen (leere mitgezählt) – erlaubt sind höchstens 100 Zeilen unter "
        "der Überschrift auf einmal."
    )
    assert opened_workbooks == []


def test_rows_with_a_namespace_prefix_are_counted_too(opened_workbooks):
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rows = "".join(f'<x:row r="{n}"><x:c r="A{n}"><x:v>{n}</x:v></x:c></x:row>' for n in range(1, 1_001))
    sheet = f'<x:worksheet xmlns:x="{main}"><x:sheetData>{rows}</x:sheetData></x:worksheet>'
    content = bombs.xlsx([])
    content = _replace_part(content, "xl/worksheets/sheet1.xml", sheet)
    assert len(list(openpyxl.load_workbook(io.BytesIO(content), read_only=True).active.rows)) == 1_000
    opened_workbooks.clear()
    with pytest.raises(TableError, match="mehr als 301 Zeilen"):
        read(content)
    assert opened_workbooks == []


def test_filler_elements_cannot_multiply_the_parsers_work(monkeypatch, opened_workbooks):
    monkeypatch.setattr(tables, "_TAGS_OUTSIDE_ROWS", 1_000)
    filler = "".join(f'<x n="{n}"/>' for n in range(20_000))  # not a row, but parsed all the same
    content = bombs.xlsx([bombs.xlsx_row(1, {1: "Titel"}), f'<row r="2">{filler}</row>'])
    with pytest.raises(TableError, match="XML-Elemente für 2 Zeilen – weit mehr, als eine Tabelle braucht"):
        read(content)
    assert opened_workbooks == []


def test_rows_over_the_limit_are_refused_at_the_first_one_while_streaming():
    content = bombs.xlsx_table(["Titel"], [[f"Stelle {n}"] for n in range(1, 150)])
    with pytest.raises(TableError) as exc:
        read(content)
    assert str(exc.value) == (
        "Zeile 102: Die Tabelle hat mehr als 100 Zeilen unter der Überschrift – erlaubt sind höchstens 100 auf einmal."
    )


def test_a_packed_bomb_is_refused_unread(opened_workbooks):
    with pytest.raises(TableError) as exc:
        read(bombs.zip_bomb("xlsx", 80 * 1024 * 1024))
    assert str(exc.value) == (
        "Die Datei wäre entpackt 80 MB groß – erlaubt sind höchstens 64 MB. Bitte prüfen Sie die Datei oder "
        "teilen Sie sie auf."
    )
    assert opened_workbooks == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 kaputt", "Die Datei ist keine lesbare Excel-Datei (XLSX)."),
        (  # a cell naming shared string 7 of none
            bombs.xlsx(['<row r="1"><c r="A1" t="s"><v>7</v></c></row>']),
            "Zeile 1: Die Zeile kann nicht gelesen werden – die Excel-Datei ist fehlerhaft.",
        ),
    ],
)
def test_broken_files_give_a_german_message(content, message):
    with pytest.raises(TableError) as exc:
        read(content)
    assert message in str(exc.value)


# --- CSV -------------------------------------------------------------------------------------------


def csv_read(text: str, limits: TableLimits = SMALL) -> list[tuple[int, list[str]]]:
    return list(csv_rows(text, delimiter=";", limits=limits))


def test_csv_rows_with_their_numbers_and_fields_as_they_are():
    assert csv_read("Ortsteil;Alter\n\nAltstadt;42;;\n") == [
        (1, ["Ortsteil", "Alter"]),
        (3, ["Altstadt", "42", "", ""]),
    ]


def test_csv_field_over_the_csv_modules_limit_names_the_row():
    """An unclosed quote swallows the rest of the file into one field: csv.Error, formerly a 500."""
    with pytest.raises(TableError) as exc:
        csv_read('Titel;Art\nKoch;"Stelle\n' + "Kellner;Stelle\n" * 20_000)
    assert str(exc.value) == (
        "Zeile 2: Ein Feld ist länger als 131.072 Zeichen – fehlt ein schließendes Anführungszeichen?"
    )


def test_csv_too_many_rows_or_fields_stop_at_the_limit():
    with pytest.raises(TableError, match=r"^Zeile 102: Die Tabelle hat mehr als 100 Zeilen"):
        csv_read("Titel\n" + "Stelle\n" * 1_000_000)
    with pytest.raises(TableError, match=r"^Zeile 2: Die Zeile reicht bis Spalte K"):
        csv_read("Titel\n" + ";" * 10 + "x\n")
    assert csv_read("Titel\nStelle" + ";" * 10_000 + "\n")[1][0] == 2  # empty fields at the end are no data


def _replace_part(content: bytes, name: str, text: str) -> bytes:
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, text if info.filename == name else source.read(info))
    return buffer.getvalue()


def test_text_cells_are_cleaned_like_form_input():
    # A job title pasted from Word with a manual line break (U+000B) and a stray NUL: stored as
    # text a document can hold (issue 13, defect 7 – imports are input too).
    text = "Stelle;Ort\nPflege\x0bfachkraft\x00;Malchin\n"
    assert list(csv_rows(text, delimiter=";", limits=SMALL)) == [
        (1, ["Stelle", "Ort"]),
        (2, ["Pflege\nfachkraft", "Malchin"]),
    ]


def test_csv_text_from_utf8_or_windows_1252():
    assert tables.decode_csv("\ufeffOrtsteil;Straße\n".encode()) == "Ortsteil;Straße\n"
    assert tables.decode_csv("Ortsteil;Straße\n".encode("cp1252")) == "Ortsteil;Straße\n"
    with pytest.raises(TableError, match="Zeichenkodierung ist unbekannt"):
        tables.decode_csv(b"Ortsteil;\x81\x8d\n")  # neither UTF-8 nor Windows-1252
