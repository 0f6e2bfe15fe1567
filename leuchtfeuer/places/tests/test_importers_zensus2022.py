"""Zensus 2022 Regionaltabellen, the Kreis table of 31.12.2024 and the published Zensus 2011
totals: figures as published (spot checks against the raw rows), symbols only where the source
uses them, a German message with file, line and column for everything else."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from django.conf import settings

from leuchtfeuer.places.importers import regionalstatistik as rs
from leuchtfeuer.places.importers.base import ImportFormatError
from leuchtfeuer.places.importers.kreise2024 import read_kreise_2024
from leuchtfeuer.places.importers.zensus2022_tables import TABLE_BY_KEY, read_zensus_table

OFFICIAL = Path(settings.OFFICIAL_DATA_DIR)
Z22 = OFFICIAL / "zensus2022"
KREISE_2024 = OFFICIAL / "kreise_2024/kreise_bevoelkerung_altersgruppen_31122024.csv.gz"


def _lines(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
        return handle.readlines()


def _write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


# --- the real files (raw rows quoted) ---


def test_households_of_malchin_and_its_kreis_as_published():
    rows = {
        r.key: r
        for r in read_zensus_table(Z22 / "Regionaltabelle_Haushalte.csv.gz", TABLE_BY_KEY["haushalte"])
    }
    # 20220515;130715153092;Malchin, Stadt;Gemeinde;3881;1928;…;1389;281;2211
    malchin = rows["13071092"].values
    assert (malchin["0_Insgesamt_"], malchin["HH_SIZE_NAT__1"], malchin["HHTYP_SENIOR_HH__1"]) == (
        3881,
        1928,
        1389,
    )
    assert rows["13071"].values["0_Insgesamt_"] == 131583 and rows["13071"].level == "kreis"
    assert rows["0"].level == "bund" and rows["0"].values["0_Insgesamt_"] == 40236008
    assert not any(len(k) in (3, 9) for k in rows)  # Regierungsbezirke, Gemeindeverbände dropped


def test_exact_zero_and_too_small_sample():
    demografie = {
        r.key: r
        for r in read_zensus_table(Z22 / "Regionaltabelle_Demografie.csv.gz", TABLE_BY_KEY["demografie"])
    }
    assert demografie["13075082"].values["Staatsange_kurz__2"] == 91  # Loitz, as published
    # "–" (exactly zero) is 0, never "no value": 344 cells of this column are written so.
    zero = [r for r in demografie.values() if r.values["Staatsange_kurz__2"] == 0]
    assert zero and all(r.values["0_Insgesamt_"] for r in zero)
    sample = {
        r.key: r
        for r in read_zensus_table(
            Z22 / "Regionaltabelle_Erwerbsstatus.csv.gz", TABLE_BY_KEY["erwerbsstatus"]
        )
    }
    assert sample["13071092"].values["ERWERBSTAT_KURZ_STP__12"] is None  # "/": sample too small
    assert sample["13071"].values["ERWERBSTAT_KURZ_STP__12"] == 7430  # the Kreis has one


def test_kreise_2024_groups_add_up_and_match_the_readme():
    rows = {r.kreis: r for r in read_kreise_2024(KREISE_2024)}
    assert len(rows) == 400
    seenplatte = rows["13071"]  # README: 246,318 people, 31,615 aged 75+, 4,525 under 3
    assert (seenplatte.total, seenplatte.ages[-1], seenplatte.ages[0]) == (246318, 31615, 4525)
    assert sum(r.total for r in rows.values()) == 83577140  # Destatis, 31.12.2024


def test_zensus_2011_published_totals_are_read_from_the_insgesamt_column():
    totals = {
        c.code: c.total
        for c in rs.read_wide_age_totals(OFFICIAL / "regionalstatistik_2015/gemeinden/12111-02-01-5.csv.gz")
    }
    assert totals["13052050"] == 7802  # Malchin, Stadt (old code): "13052050;…;7802;3826;3976;…"
    assert totals["13052020"] == 460  # Düvier


# --- damaged files ---


def test_a_symbol_where_the_table_never_writes_one_is_refused(tmp_path):
    lines = _lines(Z22 / "Regionaltabelle_Haushalte.csv.gz")
    index = next(i for i, line in enumerate(lines) if ";130715153092;" in line)
    cells = lines[index].split(";")
    cells[4] = "/"  # the total of a full count: "/" is only used by the sample tables
    lines[index] = ";".join(cells)
    path = _write(tmp_path, "Regionaltabelle_Haushalte.csv", lines)
    with pytest.raises(ImportFormatError) as error:
        read_zensus_table(path, TABLE_BY_KEY["haushalte"])
    message = str(error.value)
    assert f"Zeile {index + 1}" in message and "0_Insgesamt_" in message and "nicht vorgesehen" in message


def test_a_secret_total_is_refused_but_a_secret_breakdown_is_no_value(tmp_path):
    lines = _lines(Z22 / "Regionaltabelle_Haushalte.csv.gz")
    index = next(i for i, line in enumerate(lines) if ";130715153092;" in line)
    cells = lines[index].split(";")
    cells[5] = "."  # HH_SIZE_NAT__1: the table writes "." for secret cells
    lines[index] = ";".join(cells)
    rows = {r.key: r for r in read_zensus_table(_write(tmp_path, "h.csv", lines), TABLE_BY_KEY["haushalte"])}
    assert rows["13071092"].values["HH_SIZE_NAT__1"] is None
    cells[4] = "."
    lines[index] = ";".join(cells)
    with pytest.raises(ImportFormatError, match="0_Insgesamt_"):
        read_zensus_table(_write(tmp_path, "h2.csv", lines), TABLE_BY_KEY["haushalte"])


def test_a_wrong_reference_date_and_a_cut_line_are_refused(tmp_path):
    lines = _lines(Z22 / "Regionaltabelle_Gebaeude_Wohnungen.csv.gz")[:50]
    lines[10] = lines[10].replace("20220515", "20110509", 1)
    with pytest.raises(ImportFormatError, match=r"Zeile 11.*Berichtszeitpunkt"):
        read_zensus_table(_write(tmp_path, "g.csv", lines), TABLE_BY_KEY["gebaeude"])
    lines = _lines(Z22 / "Regionaltabelle_Gebaeude_Wohnungen.csv.gz")[:50]
    lines[20] = ";".join(lines[20].split(";")[:8]) + "\n"
    with pytest.raises(ImportFormatError, match=r"Zeile 21.*abgeschnitten"):
        read_zensus_table(_write(tmp_path, "g2.csv", lines), TABLE_BY_KEY["gebaeude"])


def test_kreise_2024_a_row_whose_groups_do_not_add_up_is_refused(tmp_path):
    lines = _lines(KREISE_2024)
    lines[3] = lines[3].replace(",2024-12-31,", ",2024-12-31,1", 1)  # total gets a digit more
    with pytest.raises(ImportFormatError, match=r"Zeile 4.*pop_total.*beschädigt"):
        read_kreise_2024(_write(tmp_path, "k.csv", lines))
    lines = _lines(KREISE_2024)
    lines[5] = lines[5].rstrip("\n").rsplit(",", 1)[0] + ",.\n"
    with pytest.raises(ImportFormatError, match=r"Zeile 6.*age_75plus"):
        read_kreise_2024(_write(tmp_path, "k2.csv", lines))
