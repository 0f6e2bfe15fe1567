import itertools
import math
from datetime import date
from xml.etree import ElementTree

from hypothesis import given, settings
from hypothesis import strategies as st

from leuchtfeuer.core.charts import bar_chart, line_chart, map_svg, pyramid
from leuchtfeuer.core.charts.svg import Band, Marker, nice_ticks, tick_labels

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


# -- axis ticks on round numbers -------------------------------------------------------------


def test_nice_ticks_on_round_numbers():
    # 0–7,843: steps of 1,000 would need nine ticks, so the step is 2,000 (a 1-2-5 step).
    assert nice_ticks(0, 7843) == [0, 2000, 4000, 6000, 8000]
    # Malchin since 1990 (6,8xx to 10,726): whole thousands around the data.
    assert nice_ticks(6813, 10726) == [6000, 7000, 8000, 9000, 10000, 11000]
    # a migration balance from −12.5 to +3 per 1,000
    assert nice_ticks(-12.5, 3) == [-15, -10, -5, 0, 5]
    assert nice_ticks(0.3, 0.71) == [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
    assert tick_labels([0, 2000, 4000]) == ["0", "2.000", "4.000"]
    assert tick_labels([-3, -2.5, -2]) == ["-3,0", "-2,5", "-2,0"]


@settings(max_examples=300, deadline=None)
@given(
    lo=st.floats(-1e7, 1e7, allow_nan=False),
    width=st.floats(0, 1e7, allow_nan=False),
    max_ticks=st.integers(3, 10),
)
def test_nice_ticks_cover_the_data_with_a_1_2_5_step(lo, width, max_ticks):
    hi = lo + width
    ticks = nice_ticks(lo, hi, max_ticks)
    assert 2 <= len(ticks) <= max_ticks
    assert ticks[0] <= lo and ticks[-1] >= hi
    measured = ticks[1] - ticks[0]
    power = 10 ** math.floor(math.log10(measured))
    mantissa = min((1, 2, 5, 10), key=lambda m: abs(measured / power - m))
    step = mantissa * power  # 1, 2 or 5 × 10ⁿ
    # equal steps and multiples of the step, up to the float precision at the ticks' size
    tolerance = step * 1e-6 + 1e-12 * max(abs(ticks[0]), abs(ticks[-1]))
    assert all(abs(b - a - step) <= tolerance for a, b in itertools.pairwise(ticks))
    assert all(abs(t - round(t / step) * step) <= tolerance for t in ticks)


def _texts(svg: str) -> list[str]:
    return [t.text for t in parse(svg).iter(f"{NS}text")]


def test_line_chart_axis_is_labelled_with_round_numbers():
    points = [(date(1990, 12, 31), 10726), (date(2000, 12, 31), 8800), (date(2023, 12, 31), 7231)]
    texts = _texts(line_chart(points, title="Bevölkerung"))
    assert [t for t in texts if t and "." in t] == ["7.000", "8.000", "9.000", "10.000", "11.000"]


def test_pyramid_axis_ticks_are_round():
    # 83 men per year of age at most: ticks 0, 50, 100 on each side, axis to 100.
    svg = pyramid([Band(0, 10, 830, 400), Band(10, None, 300, 310)], title="Pyramide")
    texts = _texts(svg)
    assert texts.count("50") == 2 and texts.count("100") == 2
    assert "Achse bis" not in svg


def test_tick_labels_stay_inside_the_drawing():
    # A Land: 1.6 to 2 million. The labels (up to "2.000.000") need room left of the plot, also at
    # the larger size site.css gives `.tick` text on phones (15 units, a digit ≈ 0.64 em).
    points = [(date(1990, 12, 31), 1_963_909), (date(2023, 12, 31), 1_577_000)]
    root = parse(line_chart(points, title="Land"))
    ticks = [t for t in root.iter(f"{NS}text") if t.get("class") == "tick" and t.get("text-anchor") == "end"]
    assert ticks[-1].text == "2.000.000"
    assert float(ticks[-1].get("x")) >= 0.64 * 15 * len("2.000.000")
    # the outermost pyramid ticks read inwards from the drawing's edges
    svg = pyramid([Band(0, 10, 150_000, 140_000), Band(10, None, 90_000, 95_000)], title="Land")
    outer = [t for t in parse(svg).iter(f"{NS}text") if t.text == "15.000"]
    assert [t.get("text-anchor") for t in outer] == ["start", "end"]
