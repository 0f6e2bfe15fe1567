"""The statistics page counts welcome-buddy pairings anonymously, never a cell under 5."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.utils import timezone

from leuchtfeuer.portal.belonging.models import PairingStat


def page_text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def stats(municipality):
    this_quarter = timezone.localdate().replace(day=1)
    # 7 pairings this month: 5 with check-in done, 5 ended after 2,3,4,9,10 weeks
    for i in range(7):
        PairingStat.objects.create(
            municipality=municipality,
            month=this_quarter,
            checkin_done=i < 5,
            ended=i < 5,
            weeks=[2, 3, 4, 9, 10][i] if i < 5 else None,
        )
    # 3 pairings in 2020: their year cell and the year cell that reveals them are suppressed
    for _ in range(3):
        PairingStat.objects.create(municipality=municipality, month=date(2020, 2, 1))


def test_statistics_page_shows_pairing_counts_with_suppression(staff_client, lotse, municipality, stats):
    response = staff_client(lotse).get(f"/kommunen/{municipality.slug}/lotse/statistik/")
    assert response.status_code == 200
    text = page_text(response)
    assert "begonnene Patenschaften insgesamt 10" in text
    # 5 of 10 with check-in, 5 without: every count reaches 5, the share is shown
    assert "Anteil mit erfolgter Nachfrage nach vier Wochen 50,0 %" in text
    assert "mittlere Dauer beendeter Patenschaften (Median) 4 Wochen" in text  # median of 2,3,4,9,10
    year = timezone.localdate().year
    # 2020 has 3 (<5); this year's 7 would reveal them from the total 10, so it is suppressed too.
    assert "2020 <5" in text and f"{year} <5" in text


def test_statistics_export_holds_the_pairing_rows(staff_client, lotse, municipality, stats):
    body = staff_client(lotse).get(f"/kommunen/{municipality.slug}/lotse/statistik.csv").content.decode()
    assert "Willkommenspatenschaften (begonnen);10" in body
    assert "Median Dauer beendeter Patenschaften (Wochen);4,0" in body
