"""Forms of Willkommenspat:innen: the public sign-up and the Lots:in's pairing forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leuchtfeuer.core.forms import Form
from leuchtfeuer.places.models import Ortsteil
from leuchtfeuer.portal import consent as consent_texts
from leuchtfeuer.portal.belonging.models import MAX_BUDDY_CAPACITY, Buddy
from leuchtfeuer.portal.vocab import LIFE_PHASE_CHOICES, Interest


class BuddySignupForm(Form):
    """Willkommenspat:in werden. Ranges and duplicates are checked by the service (German, per field)."""

    name = forms.CharField(
        label=_("Ihr Name"), max_length=120, error_messages={"required": _("Bitte geben Sie Ihren Namen an.")}
    )
    email = forms.CharField(
        label=_("E-Mail"),
        max_length=254,
        error_messages={"required": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
    )
    phone = forms.CharField(label=_("Telefon (freiwillig)"), max_length=50, required=False)
    languages = forms.CharField(
        label=_("Sprachen, die Sie sprechen"),
        max_length=200,
        help_text=_("Mehrere mit Komma trennen, z. B. Deutsch, Englisch, Polnisch"),
        error_messages={"required": _("Bitte nennen Sie mindestens eine Sprache, die Sie sprechen.")},
    )
    life_phase = forms.ChoiceField(
        label=_("Ihre Lebensphase (freiwillig)"), choices=[("", "–"), *LIFE_PHASE_CHOICES], required=False
    )
    interests = forms.MultipleChoiceField(
        label=_("Ihre Interessen (freiwillig)"),
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    capacity = forms.IntegerField(
        label=_("Wie viele neue Menschen möchten Sie gleichzeitig begleiten?"),
        initial=1,
        min_value=1,
        max_value=MAX_BUDDY_CAPACITY,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_BUDDY_CAPACITY, "inputmode": "numeric"}),
    )
    about = forms.CharField(
        label=_("Über mich (freiwillig)"),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Was Sie gern zeigen oder teilen: Verein, Lieblingsorte, Alltagstipps. Das sieht die "
            "vorgeschlagene Person, bevor sie zusagt."
        ),
    )
    consent = forms.BooleanField(
        label=_("Ich willige in die Verarbeitung wie beschrieben ein"),
        error_messages={"required": _("Ohne Ihre Einwilligung können wir die Anmeldung nicht speichern.")},
        help_text=consent_texts.BUDDY.text,
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ortsteil = forms.ModelChoiceField(
            label=_("Ihr Ortsteil (freiwillig)"),
            required=False,
            queryset=Ortsteil.objects.filter(municipality=municipality),
            empty_label="–",
        )
        self.fields["ortsteil"] = ortsteil
        # Texts with the limit in them: translated per request (a lazy text cannot take the number).
        capacity = self.fields["capacity"]
        capacity.help_text = gettext("1 bis %(max)s") % {"max": MAX_BUDDY_CAPACITY}
        capacity.error_messages.update(
            dict.fromkeys(
                ("required", "invalid", "min_value", "max_value"),
                gettext(
                    "Bitte geben Sie an, wie viele neue Menschen Sie gleichzeitig begleiten möchten: "
                    "1 bis %(max)s."
                )
                % {"max": MAX_BUDDY_CAPACITY},
            )
        )
        order = list(self.fields)
        order.remove("ortsteil")
        order.insert(order.index("interests"), "ortsteil")
        self.order_fields(order)


class BuddyStatusForm(Form):
    status = forms.ChoiceField(
        label="Neuer Stand",
        choices=[
            (Buddy.Status.ACTIVE, "aktiv"),
            (Buddy.Status.PAUSED, "pausiert"),
            (Buddy.Status.ENDED, "beendet"),
        ],
    )


class SuggestLanguagesForm(Form):
    sprachen = forms.CharField(
        label="Sprachen der Person (für den Vorschlag, freiwillig)",
        max_length=200,
        required=False,
        help_text="z. B. Englisch, Arabisch",
    )


class ProposeForm(Form):
    message = forms.CharField(
        label="Nachricht an beide (freiwillig)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EndPairingForm(Form):
    end_reason = forms.CharField(label="Grund", max_length=300, required=False)


class CheckinForm(Form):
    checkin_note = forms.CharField(
        label="Wie läuft es? (Ergebnis der Nachfrage)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
