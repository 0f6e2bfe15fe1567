"""The planning age groups table: ranges where calibrated, one footnote where not (no rows of
"nicht kalibriert"), and a plain table (the chart grid class once broke its header)."""

from __future__ import annotations

from types import SimpleNamespace

from django.template.loader import render_to_string
from lxml import html as lxml_html

YEARS = [2023, 2030, 2045]


def _level(name: str, ranges: list) -> dict:
    return {"level": name, "cells": [{"start": i == 0, "range": r} for i, r in enumerate(ranges)]}


def _group(label: str, values: list[int], ranges80: list, ranges95: list) -> dict:
    return {
        "key": label,
        "label": label,
        "values": values,
        "change": (values[-1] - values[0]) / values[0] * 100,
        "calibrated": any(ranges80),
        "ranges": [_level("80", ranges80), _level("95", ranges95)],
    }


def text(element) -> str:
    return " ".join(element.text_content().split())


def render(rows):
    html = render_to_string(
        "projections/_planning_groups.html",
        {
            "projection": SimpleNamespace(base_estimated=False),
            "projection_group_years": YEARS,
            "projection_group_rows": rows,
            "projection_levels": ["80", "95"],
        },
    )
    return lxml_html.fragment_fromstring(html, create_parent="div")


KITA = _group(
    "Kita-Alter 0–5", [308, 272, 250], [None, [255, 290], [205, 300]], [None, [240, 305], [180, 330]]
)
OLD = _group("80 Jahre und älter", [916, 830, 1023], [None, None, None], [None, None, None])


def test_ranges_where_calibrated_one_footnote_where_not():
    doc = render([KITA, OLD])
    assert "nicht kalibriert" not in text(doc)
    rows = [[text(c) for c in tr.xpath("th|td")] for tr in doc.xpath(".//tbody/tr")]
    assert rows[0][:4] == ["Kita-Alter 0–5", "308", "272", "250"]
    # the calibrated group: one row per level, the start year without a range
    assert rows[1][:4] == ["Kita-Alter 0–5: 80-%-Bereich", "–", "255 – 290", "205 – 300"]
    assert rows[2][:4] == ["Kita-Alter 0–5: 95-%-Bereich", "–", "240 – 305", "180 – 330"]
    # the uncalibrated group: its value row with a footnote mark, and no range rows at all
    assert rows[3][0] == "80 Jahre und älter* (ohne kalibrierten Bereich)"
    assert len(rows) == 4
    footnotes = [p for p in doc.iter("p") if "Ohne kalibrierten Bereich" in text(p)]
    assert len(footnotes) == 1
    assert "Ohne kalibrierten Bereich: 80 Jahre und älter." in text(footnotes[0])


def test_a_level_without_any_range_is_left_out():
    # a tiny place: 80 % bounded in 2030 only, 95 % open everywhere
    tiny = _group("Schulalter 6–17", [40, 35, 30], [None, [30, 41], None], [None, None, None])
    rows = render([tiny]).xpath(".//tbody/tr")
    assert [text(r.find("th")) for r in rows] == ["Schulalter 6–17", "Schulalter 6–17: 80-%-Bereich"]
    assert [text(td) for td in rows[1].findall("td")][:3] == ["–", "30 – 41", "–"]


def test_no_group_calibrated_says_so_once():
    doc = render([_group("Kita-Alter 0–5", [308, 272, 250], [None] * 3, [None] * 3), OLD])
    assert len(doc.xpath(".//tbody/tr")) == 2
    assert "Ohne kalibrierten Bereich: alle Altersgruppen." in text(doc)


def test_table_is_a_plain_table():
    table = render([KITA]).find(".//table")
    # `.projection-groups` is the CSS grid of the scenario page's chart multiples; on the table it
    # laid caption, header and body out side by side
    assert "projection-groups" not in table.classes
    assert text(table.find("thead").find(".//th")) == "Altersgruppe"
