"""Demo content: real towns, fictional entries marked "Demo", idempotent, enough for `match`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from leuchtfeuer.matching import demo, selectors
from leuchtfeuer.matching.models import Programme, Proposal, Seeker, Space
from leuchtfeuer.places.models import Region
from leuchtfeuer.places.tests.factories import MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db

# Demo towns outside the official test subset, with their official centres (Gemeindeverzeichnis).
OTHERS = {
    "spremberg": (51.571789, 14.379761, "12071"),
    "goerlitz": (51.155287, 14.988035, "14626"),
    "herzberg-elster": (51.69229, 13.23544, "12062"),
}


@pytest.fixture
def towns(official_data):
    towns = {
        "malchin": MunicipalityFactory(
            region=Region.objects.get(level="gemeinde", ags="13071092"), slug="malchin"
        )
    }
    for slug, (lat, lon, kreis) in OTHERS.items():
        towns[slug] = MunicipalityFactory(region=RegionFactory(lat=lat, lon=lon, kreis_code=kreis), slug=slug)
    return towns


def test_demo_is_marked_idempotent_and_matchable(towns, user_factory):
    users = {
        demo.AGENCY: user_factory(email=demo.AGENCY, is_matching_agent=True),
        demo.CITIZEN: user_factory(email=demo.CITIZEN),
    }
    demo.load(municipalities=towns, users=users)
    counts = [m.objects.count() for m in (Space, Seeker, Programme, Proposal)]
    demo.load(municipalities=towns, users=users)
    assert [m.objects.count() for m in (Space, Seeker, Programme, Proposal)] == counts
    for model in (Space, Seeker, Programme):
        assert all(
            o.is_demo and "Demo" in (o.title if hasattr(o, "title") else o.name) for o in model.objects.all()
        )
    out = StringIO()
    call_command("match", "--json", stdout=out)
    scored = [m for row in json.loads(out.getvalue())["seekers"] for m in row["matches"] if m["reasons"]]
    assert len(scored) >= 5
    kreise = {row.kreis_code: row for row in selectors.public_counts()}
    assert kreise["13071"].spaces == 6  # Malchin's six shared demo spaces; the seventh lacks consent
