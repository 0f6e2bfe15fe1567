"""`leuchtfeuer match --json`: per search the best matches with score and reasons, and the assignment."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from leuchtfeuer.matching import services
from leuchtfeuer.matching.tests.conftest import space_data

pytestmark = pytest.mark.django_db


def test_match_json(open_space, open_seeker, owner, agent, town):
    # A second, larger shop 0 km away that is too big for the search (150 m² at most): filtered out.
    big = services.space_register(
        actor=owner, municipality=town, data=space_data(title="Großer Laden", area_m2=400), entered_as="eigentuemer",
        owner_consent=True, share=True,
    )  # fmt: skip
    services.space_moderate(actor=agent, space=big, approve=True)
    out = StringIO()
    call_command("match", "--json", stdout=out)
    data = json.loads(out.getvalue())
    [row] = data["seekers"]
    assert row["title"] == "Repair-Café"
    [match] = row["matches"]
    assert match["space"] == "Ladenlokal am Markt" and match["assigned"] is True
    assert match["score"] == pytest.approx(0.35 * 85 / 105 + 0.25 * 0.55 + 0.25 + 0.15, abs=1e-4)
    assert "passt: 60–150 m² gesucht, 85 m² frei" in match["reasons"]
    assert data["assignment"]["pairs"] == [
        {
            "seeker_id": open_seeker.pk,
            "seeker": "Repair-Café",
            "space_id": open_space.pk,
            "space": "Ladenlokal am Markt",
            "score": match["score"],
        }
    ]
