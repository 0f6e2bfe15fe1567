from datetime import date
from xml.etree import ElementTree

from leuchtfeuer.core.charts import bar_chart, line_chart, map_svg, pyramid
from leuchtfeuer.core.charts.svg import Band, Marker

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str):
    return ElementTree.fromstring(svg)


def test_pyramid_bar_length_is_per_year_of_age():
    # 0–3 with 300 men (100 per year) and 3–6 with 600 men (200 per year): second bar twice as long.
    svg = pyramid([Band(0, 3, 300, 300), Band(3, 6, 600, 300), Band(6, None, 0, 0)], title="Test")
    root = parse(svg)
    rects = root.findall(f"{NS}rect")
    men = [float(r.get("width")) for r in rects[0::2]]
    assert abs(men[1] / men[0] - 2) < 0.01
    assert root.find(f"{NS}title").text == "Test"
    assert "style=" not in svg  # CSP: only presentation attributes


def test_line_chart_marks_zensus_break_and_escapes_text():
    svg = line_chart(
        [(date(2009, 12, 31), 100), (date(2013, 12, 31), 90)],
        title="A & B",
        markers=[Marker(date(2011, 5, 9), "Zensus 2011")],
        broken_before=date(2010, 1, 1),
    )
    root = parse(svg)
    assert root.find(f"{NS}title").text == "A & B"
    assert "Zensus 2011" in svg


def test_bar_chart_handles_negative_and_missing():
    svg = bar_chart([("18–24", -12.5), ("65+", 3.0), ("30–49", None)], title="Wanderung")
    parse(svg)
    assert "-12,5" in svg and "keine Angabe" in svg


def test_map_highlights_one_shape():
    square = {"type": "Polygon", "coordinates": [[[12, 53], [13, 53], [13, 54], [12, 54], [12, 53]]]}
    other = {"type": "MultiPolygon", "coordinates": [[[[13, 53], [14, 53], [14, 54], [13, 53]]]]}
    svg = map_svg([("Malchin", square, True), ("Nachbar", other, False)], title="Karte")
    root = parse(svg)
    paths = root.findall(f"{NS}path")
    assert len(paths) == 2
    assert paths[-1].find(f"{NS}title").text == "Malchin"  # highlighted drawn last (on top)
