"""The projection fan chart labels its value axis with round numbers (1-2-5 steps)."""

from xml.etree import ElementTree

from leuchtfeuer.projections.charts import BAND_80, Range, Series, fan_chart

NS = "{http://www.w3.org/2000/svg}"


def test_fan_chart_value_axis_on_round_numbers():
    # 4,519 in 2012 down to 4,122, a wide range from 3,650 to 4,800 in 2045: steps of 250 (the
    # old 2.5 step) give 3.750 and 4.250, which nobody says aloud; 500 is the 1-2-5 step.
    svg = fan_chart(
        title="Loitz",
        series=[
            Series("amtlich", [(2012, 4519), (2023, 4122)]),
            Series("Vorausberechnung", [(2023, 4122), (2045, 3990)]),
        ],
        ranges=[Range("80-%-Bereich", [(2023, 4122, 4122), (2045, 3650, 4800)], BAND_80)],
    )
    labels = [t.text for t in ElementTree.fromstring(svg).iter(f"{NS}text") if t.get("text-anchor") == "end"]
    assert labels == ["3.500", "4.000", "4.500", "5.000"]


def test_fan_chart_difference_axis_across_zero():
    svg = fan_chart(
        title="Unterschied",
        series=[Series("Kita-Alter", [(2023, 0), (2045, 37)]), Series("80+", [(2023, 0), (2045, -12)])],
        zero_line=True,
    )
    labels = [t.text for t in ElementTree.fromstring(svg).iter(f"{NS}text") if t.get("text-anchor") == "end"]
    assert labels == ["-20", "0", "20", "40"]
