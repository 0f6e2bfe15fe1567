"""Forms of gatherings: the town's event form with its rhythm, the public registration form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leuchtfeuer.portal import consent as consent_texts
from leuchtfeuer.portal.belonging.gatherings.engine.series import MAX_OCCURRENCES
from leuchtfeuer.portal.forms import EMPTY, DateInput, EventForm, EventRegistrationForm
from leuchtfeuer.portal.models import Event
from leuchtfeuer.portal.vocab import LIFE_PHASE_CHOICES, Origin, Timeframe


class EventSeriesForm(EventForm):
    """The event form of the workspace with "Wiederholung" (on the first event of a series)."""

    repeat = forms.ChoiceField(
        label="Wiederholung",
        choices=[("", "einmalig"), *Event.Repeat.choices],
        required=False,
    )
    repeat_until = forms.DateField(
        label="Wiederholen bis (Datum)",
        widget=DateInput(),
        required=False,
        help_text="Entweder ein Enddatum oder eine Anzahl der Termine.",
    )
    repeat_count = forms.IntegerField(
        label="Anzahl der Termine (mit dem ersten)",
        min_value=2,
        max_value=MAX_OCCURRENCES,
        required=False,
        help_text=f"Höchstens {MAX_OCCURRENCES}.",
        error_messages={
            "min_value": "Eine Reihe hat mindestens 2 Termine.",
            "max_value": f"Höchstens {MAX_OCCURRENCES} Termine je Reihe; bitte legen Sie danach eine neue an.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.series_id:  # an occurrence: rhythm lives on the first
            for name in ("repeat", "repeat_until", "repeat_count"):
                del self.fields[name]


class RegistrationForm(EventRegistrationForm):
    """The public registration with the returnee question and the opt-in to the Lots:in."""

    field_order = [
        "name",
        "email",
        "persons",
        "is_returnee",
        "contact_opt_in",
        "life_phase",
        "timeframe",
        "origin",
        "consent",
    ]

    is_returnee = forms.BooleanField(label=_("Ja, ich habe früher hier gelebt"), required=False)
    contact_opt_in = forms.BooleanField(
        label=_("Die Lots:in darf mich vor oder nach der Veranstaltung ansprechen"),
        required=False,
        help_text=consent_texts.EVENT_CONTACT.text,
    )
    life_phase = forms.ChoiceField(
        label=_("In welcher Lebensphase sind Sie? (nur bei Ansprache)"),
        choices=EMPTY + list(LIFE_PHASE_CHOICES),
        required=False,
    )
    timeframe = forms.ChoiceField(
        label=_("Wann möchten Sie kommen? (nur bei Ansprache)"),
        choices=EMPTY + list(Timeframe.choices),
        required=False,
    )
    origin = forms.ChoiceField(
        label=_("Wo leben Sie heute? (nur bei Ansprache)"),
        choices=EMPTY + list(Origin.choices),
        required=False,
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("contact_opt_in"):
            needed = {
                "life_phase": _("Bitte wählen Sie Ihre Lebensphase, damit die Lots:in Sie ansprechen kann."),
                "timeframe": _("Bitte wählen Sie, wann Sie kommen möchten."),
                "origin": _("Bitte wählen Sie, wo Sie heute leben."),
            }
            for field, message in needed.items():
                if not data.get(field) and field not in self.errors:
                    self.add_error(field, message)
        return data
