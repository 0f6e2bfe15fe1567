"""The estimated starting age structure, checked against an official table it did not see.

Truth: the official 31.12.2015 age groups (12411-02-03-5) of the Gemeinden in the test subset
(Kreise 13071 and 13075). The estimate starts from the Zensus 2011 groups, as the 2023 estimate
starts from 2015. It must clearly beat simply keeping the 2011 shares where ageing matters.
"""

from __future__ import annotations

import pytest

from leuchtfeuer.projections.estimate_check import estimate_check

pytestmark = pytest.mark.usefixtures("official_data")


def test_rolled_forward_structure_beats_unaged_shares(db):
    result = estimate_check("13")
    assert result["n"] >= 100
    est = {g.group: g for g in result["groups"]}
    naive = {g.group: g for g in result["not_aged"]}
    # the working-age group is large: its estimate is tight
    assert est["18–64"].mape < 5.0
    # ageing moves people between groups; not ageing misses that badly, the estimate does not
    for group in ("6–17", "18–64", "75+"):
        assert est[group].mape < naive[group].mape, group
    assert abs(est["6–17"].bias) < 3.0
