"""Forms of the knowledge and network part (parsing only; rules live in services)."""

from __future__ import annotations

from django import forms

from leuchtfeuer.core import taxonomy
from leuchtfeuer.core.forms import Form
from leuchtfeuer.knowledge.models import Document, Event, Example

TEXTAREA = {"rows": 5}


class ExampleForm(Form):
    title = forms.CharField(label="Titel", max_length=200)
    region_key = forms.CharField(
        label="Ort als amtlicher Schlüssel (AGS oder ARS)", max_length=12, required=False,
        help_text="Leer lassen für die eigene Kommune; z. B. 13075082 für Loitz, 05958 für den Hochsauerlandkreis.",
    )  # fmt: skip
    place_label = forms.CharField(
        label="Ortsangabe",
        max_length=200,
        required=False,
        help_text="z. B. „Malchin, Mecklenburg-Vorpommern“",
    )
    summary = forms.CharField(
        label="Kurzbeschreibung (ein, zwei Sätze)", max_length=400, widget=forms.Textarea({"rows": 2})
    )
    description = forms.CharField(label="Beschreibung", widget=forms.Textarea(TEXTAREA))
    phase = forms.ChoiceField(label="Stand", choices=Example.Phase.choices)
    period_start = forms.IntegerField(label="seit (Jahr)", required=False)
    period_end = forms.IntegerField(label="bis (Jahr)", required=False)
    handlungsfelder = forms.MultipleChoiceField(
        label="Handlungsfelder", choices=taxonomy.choices(taxonomy.HANDLUNGSFELDER), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    zielgruppen = forms.MultipleChoiceField(
        label="Zielgruppen", choices=taxonomy.choices(taxonomy.LIFE_PHASES), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    herausforderungen = forms.MultipleChoiceField(
        label="Herausforderungen, die das Beispiel angeht", choices=taxonomy.choices(taxonomy.CHALLENGE_FIELDS),
        required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    pfeiler = forms.MultipleChoiceField(
        label="Pfeiler der Resilienz", choices=taxonomy.choices(taxonomy.RESILIENCE_PILLARS), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    costs = forms.CharField(label="Kosten", required=False, widget=forms.Textarea({"rows": 2}))
    cost_range = forms.ChoiceField(label="Kostenrahmen", choices=Example.CostRange.choices)
    funding = forms.CharField(
        label="Finanzierung und Förderung", required=False, widget=forms.Textarea({"rows": 2})
    )
    success_factors = forms.CharField(
        label="Erfolgsfaktoren", required=False, widget=forms.Textarea({"rows": 3})
    )
    obstacles = forms.CharField(label="Hürden", required=False, widget=forms.Textarea({"rows": 3}))
    contact_name = forms.CharField(label="Ansprechperson", max_length=150, required=False)
    contact_email = forms.EmailField(label="E-Mail der Ansprechperson", required=False)
    contact_consent = forms.BooleanField(
        label="Die Ansprechperson hat eingewilligt, dass Name und E-Mail öffentlich gezeigt werden.",
        required=False,
    )
    links = forms.CharField(
        label="Links", required=False, widget=forms.Textarea({"rows": 2}),
        help_text="Eine Adresse je Zeile, optional gefolgt von einer Beschriftung.",
    )  # fmt: skip
    source = forms.CharField(label="Quelle der Angaben", required=False, widget=forms.Textarea({"rows": 2}))

    TERM_FIELDS = {
        "handlungsfelder": "handlungsfeld",
        "zielgruppen": "zielgruppe",
        "herausforderungen": "herausforderung",
        "pfeiler": "pfeiler",
    }

    def service_args(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("region_key", None)
        terms = {vocab: data.pop(name, []) for name, vocab in self.TERM_FIELDS.items()}
        consent = data.pop("contact_consent", False)
        return {"data": data, "terms": terms, "contact_consent": consent}

    @classmethod
    def initial_from(cls, example: Example, terms: dict[str, list[str]]) -> dict:
        initial = {name: getattr(example, name) for name in cls.base_fields if hasattr(example, name)}
        initial["links"] = "\n".join(f"{link['url']} {link['label']}".strip() for link in example.links)
        initial["contact_consent"] = example.contact_consent_at is not None
        initial["region_key"] = example.region.key if example.region_id else ""
        for name, vocab in cls.TERM_FIELDS.items():
            initial[name] = terms.get(vocab, [])
        return initial


class ReviewForm(Form):
    ACTIONS = [
        ("comment", "Kommentar"),
        ("request_changes", "Überarbeitung erbitten"),
        ("publish", "Veröffentlichen"),
        ("reject", "Ablehnen"),
    ]
    action = forms.ChoiceField(label="Entscheidung", choices=ACTIONS, widget=forms.RadioSelect)
    body = forms.CharField(
        label="Nachricht an die Kommune", required=False, widget=forms.Textarea({"rows": 3})
    )


class CommentForm(Form):
    body = forms.CharField(label="Kommentar", widget=forms.Textarea({"rows": 3}))


class ImageForm(Form):
    file = forms.FileField(label="Bild (JPEG, PNG oder WebP, höchstens 5 MB)")
    alt_text = forms.CharField(
        label="Alternativtext", max_length=300,
        help_text="Beschreiben Sie, was das Bild zeigt – für Menschen, die es nicht sehen können.",
    )  # fmt: skip
    credit = forms.CharField(label="Bildnachweis", max_length=200, required=False)


class DocumentForm(Form):
    title = forms.CharField(label="Titel", max_length=200)
    kind = forms.ChoiceField(label="Art", choices=Document.Kind.choices)
    description = forms.CharField(label="Beschreibung", widget=forms.Textarea({"rows": 3}))
    handlungsfeld = forms.ChoiceField(
        label="Handlungsfeld",
        choices=[("", "–"), *taxonomy.choices(taxonomy.HANDLUNGSFELDER)],
        required=False,
    )
    file = forms.FileField(label="Datei (PDF, DOCX, XLSX, ODT, ODS, CSV oder TXT, höchstens 10 MB)")
    source = forms.CharField(label="Grundlage / Quelle", required=False, widget=forms.Textarea({"rows": 2}))


class NetworkProfileForm(Form):
    listed = forms.BooleanField(label="Unsere Kommune im Netzwerk-Verzeichnis zeigen", required=False)
    description = forms.CharField(
        label="Worin wir Erfahrung haben / was wir suchen", required=False, widget=forms.Textarea({"rows": 3})
    )
    topics = forms.MultipleChoiceField(
        label="Themen", choices=taxonomy.choices(taxonomy.HANDLUNGSFELDER), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    offers_mentoring = forms.BooleanField(label="Wir bieten Mentoring / ein Tandem an", required=False)
    seeks_mentoring = forms.BooleanField(label="Wir suchen eine erfahrene Tandem-Kommune", required=False)
    offers_hospitation = forms.BooleanField(label="Wir nehmen Hospitationen auf", required=False)


class ContactOptInForm(Form):
    function = forms.CharField(label="Ihre Funktion", max_length=150, required=False)
    consent = forms.BooleanField(
        label="Ich willige ein, dass mein Name, meine Funktion und meine E-Mail-Adresse im Netzwerk-Verzeichnis "
        "für angemeldete Kommunen sichtbar sind. Ich kann das jederzeit widerrufen.",
    )


class HospitationRequestForm(Form):
    guest = forms.ModelChoiceField(label="Ihre Kommune", queryset=None)
    host = forms.ModelChoiceField(label="Gastgebende Kommune", queryset=None)
    topic = forms.CharField(label="Thema", max_length=200)
    message = forms.CharField(label="Was möchten Sie sehen und lernen?", widget=forms.Textarea({"rows": 4}))

    def __init__(self, *args, guests, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guest"].queryset = guests
        self.fields["host"].queryset = hosts


class HospitationAnswerForm(Form):
    date_1 = forms.DateField(
        label="Terminvorschlag 1", required=False, widget=forms.DateInput({"type": "date"})
    )
    date_2 = forms.DateField(
        label="Terminvorschlag 2", required=False, widget=forms.DateInput({"type": "date"})
    )
    date_3 = forms.DateField(
        label="Terminvorschlag 3", required=False, widget=forms.DateInput({"type": "date"})
    )
    message = forms.CharField(label="Nachricht", required=False, widget=forms.Textarea({"rows": 3}))


class TandemProposeForm(Form):
    mentor = forms.ModelChoiceField(label="Erfahrene Kommune", queryset=None)
    mentee = forms.ModelChoiceField(label="Neue Kommune", queryset=None)

    def __init__(self, *args, mentors, mentees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors
        self.fields["mentee"].queryset = mentees


class EventForm(Form):
    title = forms.CharField(label="Titel", max_length=200)
    kind = forms.ChoiceField(label="Format", choices=Event.Kind.choices)
    description = forms.CharField(label="Beschreibung", widget=forms.Textarea({"rows": 3}))
    starts_at = forms.DateTimeField(label="Beginn", widget=forms.DateTimeInput({"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label="Ende", widget=forms.DateTimeInput({"type": "datetime-local"}))
    location = forms.CharField(label="Ort oder Zugang", max_length=200)
    capacity = forms.IntegerField(label="Plätze", min_value=1)
