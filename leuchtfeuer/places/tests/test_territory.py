"""Figures are put on today's territory only with the territory they had on their own date.

Issue 14: a 2008 figure borrowed its area from the 2009 Gemeindeverzeichnis, so figures from
before a merger were flagged comparable. Expected values below are hand arithmetic on the raw
tables (12411-01-01-5 population 2008–2015, 12111-02-01-5 Zensus 2011 "Insgesamt", GV 2023),
quoted in the comments.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from leuchtfeuer.places.importers import regionalstatistik as rs
from leuchtfeuer.places.importers.gv import GvHistoryRow
from leuchtfeuer.places.importers.official import Context
from leuchtfeuer.places.importers.official.regionalstatistik_2015 import _harmonise_gemeinde_counts
from leuchtfeuer.places.importers.territory import (
    Crosswalk,
    CurrentGemeinde,
    PolygonIndex,
    Unit,
    Vintage,
    territory_at,
)
from leuchtfeuer.places.models import Region
from leuchtfeuer.places.profile import build_profile


def _square(x: float, y: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]}


def _gv(ags: str, name: str, area: float, pop: int, lon=None, lat=None) -> GvHistoryRow:
    return GvHistoryRow(ags, name, ags[:2], ags[:5], area, pop, None, None, lon, lat, 2)


def _altstadt_context() -> Context:
    """Altstadt (100 km² today) absorbed Vorwerk (40 km²) during 2009. The GV of 2005 has both
    (no centre points, as in the real 2005 vintage); the GV of 2009 only Altstadt with 100 km²."""
    polygons = PolygonIndex()
    polygons.add("13000001", _square(10, 50))
    walk = Crosswalk(
        current={"13000001": CurrentGemeinde("13000001", "Altstadt, Stadt", "13", 100.0)},
        polygons=polygons,
        successor={},
    )
    vintages = {
        date(2005, 12, 31): [
            _gv("13999001", "Altstadt, Stadt", 60.0, 7000),
            _gv("13999007", "Vorwerk", 40.0, 800),
        ],
        date(2009, 12, 31): [_gv("13999001", "Altstadt, Stadt", 100.0, 7700, 10.5, 50.5)],
    }
    return Context(Path("."), [], walk, vintages)


def _statuses(ctx: Context, day: date, counts: dict[str, tuple[str, int]]):
    rows = [rs.RsCount(k, name, 1, day, None, None, total, None, None) for k, (name, total) in counts.items()]
    return {m.ags: (m.status, m.keys) for m, _ in _harmonise_gemeinde_counts(ctx, rows, day)}


def test_a_figure_from_before_a_merger_does_not_borrow_the_later_territory():
    ctx = _altstadt_context()
    before = _statuses(
        ctx, date(2008, 12, 31), {"13999001": ("Altstadt, Stadt", 7000), "13999007": ("Vorwerk", 800)}
    )
    # Altstadt had 60 km² on 31.12.2008 (Vorwerk still existed); Vorwerk cannot be placed (no
    # centre point): the figure is for another territory than today's — never "current".
    assert before["13000001"] == ("broken", ("13999001",))
    after = _statuses(ctx, date(2009, 12, 31), {"13999001": ("Altstadt, Stadt", 7700)})
    assert after["13000001"] == ("current", ("13999001",))


def test_a_unit_spelled_otherwise_under_the_same_key_keeps_its_territory():
    """12411-01-01-5 writes 'Lauenburg/Elbe', the GV 'Lauenburg/ Elbe, Stadt': same Gemeinde,
    same area in 2009 and 2013 — its 2012 figure is on today's territory, not "broken"."""
    units = {"01053083": Unit("01053083", "Lauenburg/ Elbe, Stadt", "01", 36.1)}
    vintages = [Vintage(date(2009, 12, 31), units), Vintage(date(2013, 12, 31), units)]
    (placed,) = territory_at([Unit("01053083", "Lauenburg/Elbe", "01")], date(2012, 12, 31), vintages)
    assert placed.area == 36.1


def test_a_part_moved_at_an_unknown_time_leaves_the_territory_unknown():
    """Both Gemeinden remain, only a part moved between 2009 and 2013: on 31.12.2011 either
    area could be right, so none is taken."""
    prev = {
        "13000001": Unit("13000001", "Altstadt", "13", 60.0),
        "13000002": Unit("13000002", "Neudorf", "13", 50.0),
    }
    nxt = {
        "13000001": Unit("13000001", "Altstadt", "13", 70.0),
        "13000002": Unit("13000002", "Neudorf", "13", 40.0),
    }
    placed = territory_at(
        [Unit("13000001", "Altstadt", "13"), Unit("13000002", "Neudorf", "13")],
        date(2011, 12, 31),
        [Vintage(date(2009, 12, 31), prev), Vintage(date(2013, 12, 31), nxt)],
    )
    assert [u.area for u in placed] == [None, None]


# --- the cases named in issue 14, on the real data (official subset in the test database) ---


def _series(ags: str) -> dict[str, object]:
    profile = build_profile(Region.objects.get(level="gemeinde", ags=ags), with_peers=False, with_map=False)
    return profile, {p.date.isoformat(): p for p in profile.series}


@pytest.mark.usefixtures("official_data")
def test_malchin_2008_is_marked_as_another_territory_and_the_long_change_starts_in_2009(db):
    profile, points = _series("13071092")
    # 12411-01-01-5: Malchin 13052050 had 7,494 on 31.12.2008 — without Remplin (13052062, 789
    # people, merged in 2009), which the data cannot place: the figure is for another territory.
    assert points["2008-12-31"].total == 7494 and not points["2008-12-31"].comparable
    # 31.12.2009 on today's territory: Malchin 8,128 (with Remplin) + Duckow 13052019 260.
    assert points["2009-12-31"].total == 8128 + 260 and points["2009-12-31"].comparable
    long = profile.indicator("population_change_long")
    assert long.reference_start == date(2009, 12, 31)
    assert long.value == pytest.approx(100 * (7231 - 8388) / 8388)  # −13.8 %, not −6.8 %
    assert long.series_break  # 2009 is before the Zensus 2011
    # The Land covers the same period: MV 1,651,216 (31.12.2009) → 1,629,464 (GV 2023, sum).
    assert profile.comparison["population_change_long"]["land"] == pytest.approx(
        100 * (1629464 - 1651216) / 1651216
    )
    # The Kreis (founded 04.09.2011) has no figure for 2009: no value rather than another period.
    assert profile.comparison["population_change_long"]["kreis"] is None


@pytest.mark.usefixtures("official_data")
def test_malchin_zensus_2011_is_the_published_total_not_the_sum_of_age_groups(db):
    _, points = _series("13071092")
    # 12111-02-01-5 "Insgesamt": Malchin 13052050 7,802 + Duckow 13052019 247 (the 11 age groups
    # of the two add up to 8,051).
    assert points["2011-05-09"].total == 7802 + 247


@pytest.mark.usefixtures("official_data")
def test_leuna_before_its_2009_merger_is_not_compared_with_today(db):
    profile, points = _series("15088205")
    # 12411-01-01-5: Leuna 6,670 on 31.12.2008, 14,552 on 31.12.2009 after the mergers of 2009.
    assert points["2008-12-31"].total == 6670 and not points["2008-12-31"].comparable
    long = profile.indicator("population_change_long")
    assert long.reference_start == date(2009, 12, 31)
    assert long.value == pytest.approx(100 * (14174 - 14552) / 14552)  # −2.6 %, not +112.5 %


@pytest.mark.usefixtures("official_data")
def test_loitz_2011_predates_the_duevier_merger(db):
    _, points = _series("13075082")
    # 12411-01-01-5 31.12.2011: Loitz 4,122 and Düvier (13075030) 460 still apart; 2012: 4,519.
    assert points["2011-12-31"].total == 4122 and not points["2011-12-31"].comparable
    assert points["2012-12-31"].total == 4519 and points["2012-12-31"].comparable
    # Zensus 2011 (09.05.2011, old codes): Loitz 4,126 + Düvier 460, both placed on today's Loitz.
    assert points["2011-05-09"].total == 4126 + 460 and points["2011-05-09"].comparable
