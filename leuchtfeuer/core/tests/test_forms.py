"""Date pickers of every form are pre-filled in ISO, the only format browsers accept there."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from leuchtfeuer.core.forms import Form


class _Dates(Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    typed = forms.DateField()  # a plain text field keeps the German format


def test_date_pickers_render_iso_and_text_fields_german(settings):
    settings.USE_TZ = False
    form = _Dates(initial={"day": dt.date(2027, 3, 31), "moment": dt.datetime(2027, 3, 31, 18, 0),
                           "typed": dt.date(2027, 3, 31)})  # fmt: skip
    html = str(form)
    assert 'value="2027-03-31"' in html
    assert 'value="2027-03-31T18:00"' in html
    assert 'value="31.03.2027"' in html


def test_real_forms_of_the_platform_prefill_iso():
    from leuchtfeuer.knowledge.forms import HospitationAnswerForm
    from leuchtfeuer.participation.forms import PhaseForm, YouthMotionForm

    assert 'value="2027-04-01"' in str(HospitationAnswerForm(initial={"date_1": dt.date(2027, 4, 1)}))
    assert 'value="2027-04-01"' in str(YouthMotionForm(initial={"submitted_on": dt.date(2027, 4, 1)}))
    start = timezone.make_aware(dt.datetime(2027, 4, 1, 9, 30))
    assert 'value="2027-04-01T09:30"' in str(PhaseForm(initial={"starts_at": start}))
