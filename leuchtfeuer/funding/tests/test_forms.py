"""Form widgets as the browser needs them."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from leuchtfeuer.funding.forms import ClaimForm, ProgrammeForm


def test_date_pickers_are_prefilled_in_iso_format():
    """Issue 16: `<input type=date>` only accepts YYYY-MM-DD; German "31.03.2027" leaves it empty in Chrome."""
    with translation.override("de"):
        programme = str(ProgrammeForm(initial={"deadline": date(2027, 3, 31)})["deadline"])
        claim = str(ClaimForm(initial={"spent_on": date(2027, 2, 3)}, lines=[])["spent_on"])
    assert 'type="date"' in programme and 'value="2027-03-31"' in programme
    assert 'type="date"' in claim and 'value="2027-02-03"' in claim
