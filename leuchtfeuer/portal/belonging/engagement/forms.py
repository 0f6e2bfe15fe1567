"""Forms of belonging/engagement: the offer form with engagement and shared-living details, and
the person's answer to a suggestion."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from leuchtfeuer.core.forms import Form
from leuchtfeuer.portal.forms import OfferForm
from leuchtfeuer.portal.models import EngagementDetails, Offer, SharedLivingDetails
from leuchtfeuer.portal.vocab import EngagementArea, Interest

ENGAGEMENT_KEYS = (
    "area",
    "interests",
    "sought",
    "skills",
    "hours_per_month",
    "min_age",
    "max_age",
    "schedule",
    "newcomers_welcome",
)
LIVING_KEYS = (
    "rooms",
    "room_size_m2",
    "rent_eur",
    "help_hours_per_month",
    "help_tasks",
    "host",
    "for_trainees",
    "living_max_age",
)


class OfferWithDetailsForm(OfferForm):
    """The offer form; engagement offers and shared living add their own fields (checked by the service)."""

    # Engagement (Mitmachen und Ehrenamt).
    area = forms.ChoiceField(label="Bereich", required=False, choices=[("", "–"), *EngagementArea.choices])
    interests = forms.MultipleChoiceField(
        label="passt zu Interessen",
        required=False,
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Danach schlägt die Lots:in das Angebot Neuen vor.",
    )
    sought = forms.CharField(
        label="Wen wir suchen", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    skills = forms.CharField(label="hilfreiche Fähigkeiten", required=False, max_length=300)
    hours_per_month = forms.IntegerField(
        label="Zeit pro Monat (Stunden)", required=False, min_value=1, max_value=200
    )
    min_age = forms.IntegerField(label="Mindestalter", required=False, min_value=0, max_value=120)
    max_age = forms.IntegerField(label="Höchstalter", required=False, min_value=0, max_value=120)
    schedule = forms.CharField(
        label="Wann", required=False, max_length=200, help_text="z. B. „dienstags ab 19 Uhr“"
    )
    newcomers_welcome = forms.BooleanField(
        label="ausdrücklich offen für Neue ohne Vorkenntnisse", required=False, initial=True
    )
    # Shared living (Azubi-WG, Wohnen für Hilfe).
    rooms = forms.IntegerField(label="freie Zimmer", required=False, min_value=1, max_value=20, initial=1)
    room_size_m2 = forms.IntegerField(label="Zimmergröße (m²)", required=False, min_value=1, max_value=200)
    rent_eur = forms.DecimalField(
        label="Miete pro Monat (€, warm)", required=False, min_value=0, max_digits=7, decimal_places=2
    )
    help_hours_per_month = forms.IntegerField(
        label="vereinbarte Mithilfe (Stunden pro Monat)",
        required=False,
        min_value=1,
        max_value=200,
        help_text="Pflicht bei Wohnen für Hilfe.",
    )
    help_tasks = forms.CharField(
        label="Art der Mithilfe",
        required=False,
        max_length=300,
        help_text="z. B. Einkaufen, Garten, Gesellschaft",
    )
    host = forms.CharField(
        label="Wer anbietet",
        required=False,
        max_length=300,
        help_text="z. B. „Seniorin, 78, mit Hund“ oder „Ausbildungsbetrieb“",
    )
    for_trainees = forms.BooleanField(label="für Auszubildende", required=False)
    living_max_age = forms.IntegerField(
        label="für junge Menschen bis (Alter)", required=False, min_value=14, max_value=120
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer: Offer | None = self.instance if self.instance and self.instance.pk else None
        if offer is not None and not self.is_bound:
            self.initial.update(initial_details(offer))

    def base_fields_bound(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in ENGAGEMENT_KEYS + LIVING_KEYS]

    def engagement_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ENGAGEMENT_KEYS]

    def living_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in LIVING_KEYS]

    def split(self) -> tuple[dict[str, Any], dict[str, Any], bool]:
        """(offer data, details, publish) from cleaned_data."""
        data = dict(self.cleaned_data)
        publish = bool(data.pop("publish", False))
        details = {key: data.pop(key, None) for key in ENGAGEMENT_KEYS + LIVING_KEYS}
        return data, details, publish


def initial_details(offer: Offer) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    engagement = EngagementDetails.objects.filter(offer=offer).first()
    if engagement is not None:
        initial.update({key: getattr(engagement, key) for key in ENGAGEMENT_KEYS})
    living = SharedLivingDetails.objects.filter(offer=offer).first()
    if living is not None:
        initial.update({key: getattr(living, key) for key in LIVING_KEYS if key != "living_max_age"})
        initial["living_max_age"] = living.max_age
    return initial


class AnswerForm(Form):
    decision = forms.ChoiceField(
        choices=[("ja", gettext_lazy("Ja, Kontakt herstellen")), ("nein", gettext_lazy("Nein danke"))]
    )
