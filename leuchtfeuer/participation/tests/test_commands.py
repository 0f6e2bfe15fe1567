"""The console commands `budget-count` and `sortition` (JSON output, German errors)."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DATA = Path(__file__).parent / "data"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_budget_count_json_official_assen():
    data = json.loads(
        run("budget-count", str(DATA / "Netherlands_Assen_2024.pb"), "--rule", "mes-complete", "--json")
    )
    assert sorted(data["winners"], key=int) == ["2", "3", "5", "6", "9", "11", "12", "13", "14"]
    # 7,200 + 21,000 + 15,000 + 10,000 + 1,000 + 5,000 + 5,000 + 11,000 + 1,500 (file's costs)
    assert data["total_cost"] == 76700


def test_budget_count_text_explains(tmp_path):
    text = run("budget-count", str(DATA / "Netherlands_Assen_2024.pb"), "--rule", "greedy")
    assert "passte nicht mehr ins Budget" in text


def test_budget_count_missing_file(tmp_path):
    with pytest.raises(CommandError, match="gibt es nicht"):
        run("budget-count", str(tmp_path / "x.pb"), "--json")


def test_sortition_json_reproducible():
    folder = DATA / "sortition_example_small_20"
    args = (
        "sortition",
        "--pool",
        str(folder / "respondents.csv"),
        "--quotas",
        str(folder / "categories.csv"),
        "--panel",
        "20",
        "--seed",
        "99",
        "--json",
    )
    first, second = json.loads(run(*args)), json.loads(run(*args))
    assert first["selected"] == second["selected"] and len(first["selected"]) == 20
    assert first["algorithm_used"] == "leximin" and first["min_probability"] == pytest.approx(0.1)
    assert len(first["probabilities"]) == 200


def test_sortition_bad_quotas(tmp_path):
    quotas = tmp_path / "q.csv"
    quotas.write_text("Merkmal;Ausprägung;Min;Max\nAlter;jung;x;2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Zeile 2, Spalte Min"):
        run("sortition", "--pool", str(quotas), "--quotas", str(quotas), "--panel", "2", "--seed", "1")
