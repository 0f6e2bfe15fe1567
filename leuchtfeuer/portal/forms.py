"""Forms of the portal: public forms (translatable labels) and the Lotse's workspace forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leuchtfeuer.accounts.models import Membership, Role, User
from leuchtfeuer.core.forms import Form, ModelForm
from leuchtfeuer.places.models import Ortsteil
from leuchtfeuer.portal import consent as consent_texts
from leuchtfeuer.portal.models import Event, Offer, Portal, Stage, Story, TrialApartment
from leuchtfeuer.portal.uploads import IMAGE_ACCEPT
from leuchtfeuer.portal.vocab import (
    LIFE_PHASE_CHOICES,
    HousingType,
    Interest,
    JobField,
    OfferKind,
    Origin,
    Timeframe,
)

EMPTY = [("", "–")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _ortsteil_field(municipality, label) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        required=False,
        queryset=Ortsteil.objects.filter(municipality=municipality),
        empty_label="–",
    )


def _consent_field(text: consent_texts.ConsentText) -> forms.BooleanField:
    return forms.BooleanField(
        label=_("Ich willige in die Verarbeitung wie beschrieben ein"),
        required=True,
        error_messages={"required": _("Ohne Ihre Einwilligung können wir die Angaben nicht speichern.")},
        help_text=text.text,
    )


class InquiryForm(Form):
    """The Erhebungsbogen."""

    name = forms.CharField(label=_("Ihr Name"), max_length=120)
    email = forms.EmailField(
        label=_("E-Mail-Adresse"), help_text=_("Hierhin schicken wir den Bestätigungslink.")
    )
    phone = forms.CharField(label=_("Telefon (freiwillig)"), max_length=50, required=False)
    life_phase = forms.ChoiceField(label=_("In welcher Lebensphase sind Sie?"), choices=LIFE_PHASE_CHOICES)
    is_returnee = forms.BooleanField(label=_("Ich habe früher hier gelebt (Rückkehr)"), required=False)
    job_field = forms.ChoiceField(
        label=_("Ich suche Arbeit im Berufsfeld"), choices=EMPTY + JobField.choices, required=False
    )
    partner_job_field = forms.ChoiceField(
        label=_("Meine Partnerin / mein Partner sucht Arbeit im Berufsfeld"),
        choices=EMPTY + JobField.choices,
        required=False,
    )
    housing_type = forms.ChoiceField(
        label=_("Ich suche zum Wohnen"), choices=EMPTY + HousingType.choices, required=False
    )
    needs_kita = forms.BooleanField(label=_("Wir brauchen einen Kita-Platz"), required=False)
    needs_school = forms.BooleanField(label=_("Wir brauchen eine Schule"), required=False)
    wants_trial = forms.BooleanField(label=_("Ich möchte gern zur Probe wohnen"), required=False)
    interests = forms.MultipleChoiceField(
        label=_("Wofür interessieren Sie sich in Ihrer Freizeit? (freiwillig)"),
        help_text=_("Dann kann Ihnen die Lots:in Vereine und Ehrenamt vorschlagen, die dazu passen."),
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    timeframe = forms.ChoiceField(label=_("Wann möchten Sie kommen?"), choices=Timeframe.choices)
    origin = forms.ChoiceField(label=_("Wo leben Sie heute?"), choices=EMPTY + Origin.choices)
    origin_place = forms.CharField(label=_("Ort (freiwillig)"), max_length=120, required=False)
    message = forms.CharField(
        label=_("Was sollen wir noch wissen? (freiwillig)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
    )
    consent = _consent_field(consent_texts.INQUIRY)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ortsteil"] = _ortsteil_field(municipality, _("Wunsch-Ortsteil (freiwillig)"))
        order = list(self.fields)
        order.remove("ortsteil")
        order.insert(order.index("timeframe"), "ortsteil")
        self.order_fields(order)


class TrialApplicationForm(Form):
    name = forms.CharField(label=_("Ihr Name"), max_length=120)
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    arrival = forms.DateField(label=_("Anreise"), widget=DateInput())
    departure = forms.DateField(label=_("Abreise"), widget=DateInput())
    persons = forms.IntegerField(label=_("Personen"), min_value=1, max_value=8, initial=1)
    motivation = forms.CharField(
        label=_("Warum möchten Sie zur Probe wohnen?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
    )
    consent = _consent_field(consent_texts.TRIAL)


class EventRegistrationForm(Form):
    name = forms.CharField(label=_("Ihr Name"), max_length=120)
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    persons = forms.IntegerField(label=_("Personen"), min_value=1, max_value=10, initial=1)
    consent = _consent_field(consent_texts.EVENT)


class WelcomeBoxForm(Form):
    name = forms.CharField(label=_("Ihr Name"), max_length=120)
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    address = forms.CharField(label=_("Anschrift"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500)
    moved_in_on = forms.DateField(label=_("Eingezogen am (freiwillig)"), widget=DateInput(), required=False)
    household = forms.IntegerField(label=_("Personen im Haushalt"), min_value=1, max_value=20, initial=1)
    consent = _consent_field(consent_texts.WELCOME_BOX)


class MyDataRequestForm(Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"))


class OfferFilterForm(Form):
    kind = forms.ChoiceField(
        label=_("Art"),
        required=False,
        choices=[
            ("", _("alle")),
            ("arbeit", _("Arbeit und Ausbildung")),
            ("wohnen", _("Wohnen und Bauen")),
            *OfferKind.choices,
        ],
    )

    def __init__(self, *args, municipality_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ortsteil"] = forms.ChoiceField(
            label=_("Ortsteil"),
            required=False,
            choices=[("", _("alle"))]
            + [
                (str(o.pk), o.name)
                for o in Ortsteil.objects.filter(municipality_id__in=municipality_ids).order_by("name")
            ],
        )


# --- Lotse workspace -------------------------------------------------------------------------


def _image_field(label: str) -> forms.FileField:
    """Type, content and size are checked by the service (core.uploads), with messages naming the file."""
    return forms.FileField(
        label=label,
        help_text="JPEG, PNG oder WebP, höchstens 5 MB.",
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
    )


def _name_stored_image(form: forms.ModelForm, name: str) -> None:
    stored = getattr(form.instance, name)
    if stored:
        form.fields[
            name
        ].help_text += f" Gespeichert ist „{stored.name.rsplit('/', 1)[-1]}“; ein neues Bild ersetzt es."


class PortalForm(ModelForm):
    class Meta:
        model = Portal
        fields = [
            "title",
            "intro",
            "intro_en",
            "contact_name",
            "contact_role",
            "contact_phone",
            "contact_email",
            "contact_photo_alt",
            "is_published",
            "shared_living_note",
        ]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "intro_en": forms.Textarea(attrs={"rows": 4}),
            "shared_living_note": forms.Textarea(attrs={"rows": 4}),
        }

    # Not a model field of the form: the upload reaches the service unassigned, checked there only.
    contact_photo = _image_field("Foto")
    remove_photo = forms.BooleanField(label="Gespeichertes Foto entfernen", required=False)
    field_order = [*Meta.fields[: Meta.fields.index("contact_photo_alt")], "contact_photo", "remove_photo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _name_stored_image(self, "contact_photo")
        if not (self.instance and self.instance.contact_photo):
            del self.fields["remove_photo"]


class OfferForm(ModelForm):
    life_phases = forms.MultipleChoiceField(
        label="besonders für", required=False, choices=LIFE_PHASE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    publish = forms.BooleanField(label="gleich veröffentlichen", required=False)

    class Meta:
        model = Offer
        fields = [
            "kind",
            "title",
            "description",
            "job_field",
            "ortsteil",
            "place_text",
            "starts_on",
            "ends_on",
            "conditions",
            "contact_name",
            "contact_email",
            "contact_phone",
            "life_phases",
            "apartment",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "conditions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, municipality, can_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ortsteil"].queryset = Ortsteil.objects.filter(municipality=municipality)
        self.fields["apartment"].queryset = TrialApartment.objects.filter(municipality=municipality)
        if not can_publish:
            del self.fields["publish"]


class OfferImportForm(Form):
    file = forms.FileField(
        label="Stellenliste (CSV oder XLSX)",
        help_text="Erste Zeile: Titel; Art; Berufsfeld; Ortsteil; Beschreibung; Bedingungen; verfügbar ab; sichtbar bis; Kontaktperson; Kontakt-E-Mail; Kontakt-Telefon; Nummer",
    )
    publish = forms.BooleanField(label="gleich veröffentlichen", required=False)


class ModerationForm(Form):
    decision = forms.ChoiceField(
        choices=[("publish", "veröffentlichen"), ("reject", "ablehnen"), ("withdraw", "zurückziehen")]
    )
    note = forms.CharField(label="Hinweis an die Partnerorganisation", max_length=500, required=False)


class StoryForm(ModelForm):
    class Meta:
        model = Story
        fields = [
            "title",
            "person_name",
            "quote",
            "body",
            "image_alt",
            "source_note",
            "consent_evidence",
            "is_published",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    # Not a model field of the form: the upload reaches the service unassigned, checked there only.
    image = _image_field("Bild")
    consent_email = forms.EmailField(
        label="E-Mail der porträtierten Person (für Widerruf und Auskunft, freiwillig)", required=False
    )
    field_order = [*Meta.fields[: Meta.fields.index("image_alt")], "image"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _name_stored_image(self, "image")


class EventForm(ModelForm):
    class Meta:
        model = Event
        fields = ["kind", "title", "description", "starts_at", "ends_at", "place", "capacity", "is_published"]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class ApartmentForm(ModelForm):
    class Meta:
        model = TrialApartment
        fields = ["name", "description", "ortsteil", "min_nights", "max_nights", "conditions", "is_active"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "conditions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ortsteil"].queryset = Ortsteil.objects.filter(municipality=municipality)


class StageForm(Form):
    stage = forms.ChoiceField(label="Neuer Stand", choices=Stage.choices)
    note = forms.CharField(
        label="Notiz dazu (freiwillig)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(Form):
    lotse = forms.ModelChoiceField(label="Zuständig", queryset=None, empty_label=None)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        ids = Membership.objects.filter(
            municipality=municipality, role__in=[Role.LOTSE, Role.KOORDINATION]
        ).values("user_id")
        self.fields["lotse"].queryset = User.objects.filter(pk__in=ids).order_by("name", "email")


class NoteForm(Form):
    text = forms.CharField(
        label="Notiz",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        # Notes are personal data of the person: she sees them under "Meine Daten" (Art. 15 DSGVO).
        help_text=(
            "Die Person kann Ihre Notizen unter „Meine Daten“ lesen und herunterladen "
            "(Auskunftsrecht, Art. 15 DSGVO). Schreiben Sie sachlich und nur, was für die Begleitung nötig ist."
        ),
    )


class TaskForm(Form):
    title = forms.CharField(label="Aufgabe", max_length=200)
    due_on = forms.DateField(label="fällig am (Erinnerung per E-Mail)", widget=DateInput())


class CaseEmailForm(Form):
    subject = forms.CharField(label="Betreff", max_length=200)
    body = forms.CharField(label="Nachricht", max_length=8000, widget=forms.Textarea(attrs={"rows": 6}))
