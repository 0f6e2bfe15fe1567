import io

import pytest
from openpyxl import Workbook

from leuchtfeuer.places.ortsteil_data import REGIO17, UploadError, parse_upload, suppress


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def test_individual_rows_are_counted_into_official_age_groups():
    data = csv_bytes(
        "Ortsteil;Geburtsjahr;Geschlecht\nNord;2015;w\nNord;2014;m\nNord;1950;w\nSüd;2000;männlich\n"
    )
    agg = parse_upload("melde.csv", data, reference_year=2024)
    # 2024-2015 = 9 → group 6–10 (index 2); 2024-2014 = 10 → 10–15 (index 3); 74 → 65–75; 24 → 20–25
    assert agg.counts[("Nord", 2, "w")] == 1
    assert agg.counts[("Nord", 3, "m")] == 1
    assert agg.counts[("Nord", 15, "w")] == 1
    assert agg.counts[("Süd", 6, "m")] == 1
    assert agg.layout == "individual" and agg.rows_read == 4
    assert REGIO17[6] == (20, 25)


def test_aggregated_counts_with_age_groups():
    data = csv_bytes(
        "Ortsteil,Altersgruppe,Geschlecht,Anzahl\nNord,18-20,w,12\nNord,75+,m,30\nNord,75+,m,5\n"
    )
    agg = parse_upload("zahlen.csv", data, reference_year=2024)
    assert agg.counts[("Nord", 5, "w")] == 12
    assert agg.counts[("Nord", 16, "m")] == 35


def test_xlsx_upload():
    wb = Workbook()
    ws = wb.active
    ws.append(["Ortsteil", "Alter", "Geschlecht"])
    ws.append(["Basepohl", 34, "w"])
    ws.append(["Basepohl", 80, "d"])
    buf = io.BytesIO()
    wb.save(buf)
    agg = parse_upload("melde.xlsx", buf.getvalue(), reference_year=2024)
    assert agg.counts[("Basepohl", 8, "w")] == 1
    assert agg.counts[("Basepohl", 16, "d")] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Name;Geburtsjahr;Geschlecht\nA;2000;w\n", "Spalte „Ortsteil“"),
        ("Ortsteil;Geburtsjahr;Geschlecht\nNord;20x0;w\n", "Zeile 2, Spalte „Geburtsjahr“"),
        ("Ortsteil;Geburtsjahr;Geschlecht\nNord;2000;w\nNord;2000;q\n", "Zeile 3, Spalte „Geschlecht“"),
        ("Ortsteil;Alter;Geschlecht;Anzahl\nNord;18-30;w;4\n", "Zeile 2, Spalte „Alter“"),
        ("Ortsteil;Alter;Geschlecht;Anzahl\nNord;18;w;viele\n", "Zeile 2, Spalte „Anzahl“"),
        # "²" counts as a digit for str.isdigit() but int() refuses it (was a 500).
        ("Ortsteil;Geburtsjahr;Geschlecht\nNord;199²;w\n", "Zeile 2, Spalte „Geburtsjahr“"),
        ("Ortsteil;Alter;Geschlecht;Anzahl\nNord;18;w;²\n", "Zeile 2, Spalte „Anzahl“"),
        ("Ortsteil;Geburtsjahr;Geschlecht\n;2000;w\n", "Zeile 2, Spalte „Ortsteil“"),
    ],
)
def test_malformed_files_name_line_and_column(content, message):
    with pytest.raises(UploadError) as excinfo:
        parse_upload("melde.csv", csv_bytes(content), reference_year=2024)
    assert message in str(excinfo.value)
    assert "melde.csv" in str(excinfo.value)


def test_oversized_and_wrong_type_are_rejected():
    with pytest.raises(UploadError, match="größer als 5 MB"):
        parse_upload("big.csv", b"x" * (5 * 1024 * 1024 + 1), reference_year=2024)
    with pytest.raises(UploadError, match="CSV- oder XLSX"):
        parse_upload("bild.png", b"\x89PNG", reference_year=2024)


def test_small_counts_are_suppressed():
    assert [suppress(n) for n in (0, 1, 2, 3, 40, None)] == [0, None, None, 3, 40, None]


# --- hostile files: refused at the limit, before they are read on -----------------------------------


def test_xlsx_declaring_16384_columns_and_a_million_rows_is_refused():
    """1.6 KB, A1:XFD1048576 with one cell at each end: formerly a MemoryError at 3.5 GB."""
    from leuchtfeuer.core.tests import bombs

    with pytest.raises(UploadError) as excinfo:
        parse_upload(
            "melde.xlsx", bombs.wide_dimension(("Ortsteil", "Alter", "Geschlecht")), reference_year=2024
        )
    assert str(excinfo.value) == (
        "Datei melde.xlsx, Zeile 10102: Die Tabelle hat mehr als 10.100 leere Zeilen. Bitte löschen Sie die "
        "leeren Zeilen."
    )


def test_xlsx_with_a_million_rows_is_refused_before_it_is_parsed(monkeypatch):
    """Refused correctly, but after ~90 s of CPU; now the rows are counted unparsed."""
    import openpyxl

    from leuchtfeuer.core.tests import bombs

    opened: list[int] = []
    original = openpyxl.load_workbook
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(1) or original(*a, **k))
    with pytest.raises(UploadError) as excinfo:
        parse_upload("melde.xlsx", bombs.million_rows(), reference_year=2024)
    assert str(excinfo.value) == (
        "Datei melde.xlsx: Die Tabelle hat mehr als 510.101 Zeilen (leere mitgezählt) – erlaubt sind höchstens "
        "500.000 Zeilen unter der Überschrift auf einmal."
    )
    assert opened == []


def test_xlsx_row_with_empty_cells_at_its_end_is_read_as_empty_fields():
    wb = Workbook()
    ws = wb.active
    ws.append(["Ortsteil", "Alter", "Geschlecht"])
    ws.append(["Basepohl", 34])  # no sex: the cell is empty, not missing
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(UploadError) as excinfo:
        parse_upload("melde.xlsx", buf.getvalue(), reference_year=2024)
    assert str(excinfo.value) == (
        "Datei melde.xlsx, Zeile 2, Spalte „Geschlecht“: „“ ist keine Angabe zum Geschlecht (m, w, d)."
    )


def test_csv_with_an_unclosed_quote_names_the_row():
    content = 'Ortsteil;Geburtsjahr;Geschlecht\n"Nord;2000;w\n' + "Süd;1990;m\n" * 20_000
    with pytest.raises(UploadError) as excinfo:
        parse_upload("melde.csv", csv_bytes(content), reference_year=2024)
    assert str(excinfo.value) == (
        "Datei melde.csv, Zeile 2: Ein Feld ist länger als 131.072 Zeichen – fehlt ein schließendes "
        "Anführungszeichen?"
    )
