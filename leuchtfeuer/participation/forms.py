"""Forms of the participation part (parsing only; rules live in services)."""

from __future__ import annotations

from django import forms

from leuchtfeuer.core.forms import Form
from leuchtfeuer.core.taxonomy import HANDLUNGSFELDER, choices
from leuchtfeuer.participation.engine.sortition import ALGORITHM_LABELS, FALLBACKS
from leuchtfeuer.participation.models import Budget, Idea, Project
from leuchtfeuer.participation.phases import PHASE_CHOICES
from leuchtfeuer.participation.uploads import IMAGE_ACCEPT


class IdeaForm(Form):
    title = forms.CharField(label="Titel Ihrer Idee", max_length=200)
    text = forms.CharField(label="Beschreibung", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    handlungsfeld = forms.ChoiceField(
        label="Handlungsfeld",
        choices=[("", "– bitte wählen (freiwillig) –"), *choices(HANDLUNGSFELDER)],
        required=False,
    )
    ortsteil = forms.ModelChoiceField(
        label="Ortsteil", queryset=None, required=False, empty_label="– ganze Stadt –"
    )
    # type, content and size are checked by the service (core.uploads), with messages naming the file
    image = forms.FileField(
        label="Bild (freiwillig, höchstens 5 MB)",
        help_text="JPEG, PNG oder WebP.",
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    image_alt = forms.CharField(
        label="Was ist auf dem Bild zu sehen?",
        max_length=300,
        required=False,
        help_text="Nötig, wenn Sie ein Bild hochladen: für Menschen, die das Bild nicht sehen können.",
    )

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ortsteil"].queryset = municipality.ortsteile.all() if municipality else None


class CommentForm(Form):
    text = forms.CharField(label="Ihr Kommentar", widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReasonForm(Form):
    reason = forms.CharField(label="Begründung", widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)


class AppealForm(Form):
    text = forms.CharField(
        label="Warum sollte Ihr Beitrag wieder sichtbar sein?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )


class AnswerForm(Form):
    status = forms.ChoiceField(label="Stand", choices=Idea.Status.choices)
    answer = forms.CharField(
        label="Antwort der Verwaltung", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class ProjectForm(Form):
    kind = forms.ChoiceField(label="Art", choices=Project.Kind.choices)
    title = forms.CharField(label="Titel", max_length=200)
    slug = forms.SlugField(
        label="Kurzname in der Adresse", max_length=80, help_text="z. B. jugendbudget-2026"
    )
    summary = forms.CharField(label="Kurz und einfach erklärt", widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(
        label="Beschreibung", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    ortsteil = forms.ModelChoiceField(
        label="Ortsteil", queryset=None, required=False, empty_label="– ganze Kommune –"
    )

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ortsteil"].queryset = municipality.ortsteile.all() if municipality else None


class PhaseForm(Form):
    kind = forms.ChoiceField(label="Phase", choices=PHASE_CHOICES)
    starts_at = forms.DateTimeField(
        label="Beginn", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(label="Ende", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class BudgetForm(Form):
    kind = forms.ChoiceField(label="Art", choices=Budget.Kind.choices)
    amount = forms.DecimalField(label="Budget in Euro", min_value=1, decimal_places=2)
    max_cost_per_proposal = forms.DecimalField(
        label="Höchstbetrag je Vorschlag", required=False, decimal_places=2
    )
    rule = forms.ChoiceField(label="Abstimmungsregel", choices=Budget.Rule.choices)
    max_choices = forms.IntegerField(label="k (bei „höchstens k Vorschläge“)", required=False, min_value=1)
    points_total = forms.IntegerField(
        label="Punkte je Person (beim Punkte-Verteilen)", required=False, min_value=1
    )
    points_per_proposal = forms.IntegerField(
        label="höchstens Punkte je Vorschlag", required=False, min_value=1
    )
    counting = forms.ChoiceField(label="Zählverfahren", choices=Budget.Counting.choices)
    min_votes = forms.IntegerField(
        label="Mindeststimmenzahl (nur bei „mit Mindeststimmenzahl“)", required=False, min_value=1
    )
    eligibility = forms.ChoiceField(label="Stimmberechtigung prüfen über", choices=Budget.Eligibility.choices)
    min_age = forms.IntegerField(label="Mindestalter", required=False, min_value=0)
    max_age = forms.IntegerField(label="Höchstalter", required=False, min_value=0)
    eligibility_note = forms.CharField(
        label="Wer darf abstimmen? (einfach erklärt)", widget=forms.Textarea(attrs={"rows": 2})
    )


class RuleForm(Form):
    rule = forms.ChoiceField(label="Abstimmungsregel", choices=Budget.Rule.choices)
    max_choices = forms.IntegerField(label="k", required=False, min_value=1)
    points_total = forms.IntegerField(label="Punkte je Person", required=False, min_value=1)
    points_per_proposal = forms.IntegerField(
        label="höchstens Punkte je Vorschlag", required=False, min_value=1
    )
    counting = forms.ChoiceField(label="Zählverfahren", choices=Budget.Counting.choices)
    min_votes = forms.IntegerField(
        label="Mindeststimmenzahl (nur bei „mit Mindeststimmenzahl“)", required=False, min_value=1
    )
    amount = forms.DecimalField(label="Budget in Euro", min_value=1, decimal_places=2)


class ProposalForm(Form):
    title = forms.CharField(label="Titel", max_length=200)
    description = forms.CharField(
        label="Beschreibung", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    cost = forms.DecimalField(label="Geschätzte Kosten in Euro", min_value=1, decimal_places=2)


class FeasibilityForm(Form):
    feasible = forms.TypedChoiceField(
        label="Ergebnis der Prüfung",
        choices=[("1", "machbar"), ("0", "nicht machbar")],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label="Begründung", widget=forms.Textarea(attrs={"rows": 2}), max_length=3000)


class CodesForm(Form):
    count = forms.IntegerField(label="Anzahl der Briefe", min_value=1, max_value=20000)
    batch = forms.CharField(
        label="Bezeichnung des Druckstapels", max_length=40, help_text="z. B. „Schulen Mai“"
    )


class PaperEntryForm(Form):
    sheet = forms.CharField(label="Nummer des Stimmzettels", max_length=40)
    choices_text = forms.CharField(
        label="Stimmen",
        max_length=500,
        help_text="Vorschlagsnummern mit Komma, bei Punkten „Nummer:Punkte“, z. B. „1, 4“ oder „1:3, 4:2“.",
    )

    def clean_choices_text(self):
        raw = self.cleaned_data["choices_text"]
        result = {}
        for part in raw.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            number, _, points = part.partition(":")
            if not number.strip().isdecimal() or (points and not points.strip().isdecimal()):
                raise forms.ValidationError(
                    f"„{part}“ verstehe ich nicht: erwartet „Nummer“ oder „Nummer:Punkte“."
                )
            result[int(number)] = int(points) if points else 1
        if not result:
            raise forms.ValidationError("Bitte mindestens eine Vorschlagsnummer eintragen.")
        return result


class AssemblyForm(Form):
    title = forms.CharField(label="Titel", max_length=200)
    slug = forms.SlugField(label="Kurzname in der Adresse", max_length=80)
    summary = forms.CharField(label="Kurz und einfach erklärt", widget=forms.Textarea(attrs={"rows": 3}))
    panel_size = forms.IntegerField(label="Anzahl der Plätze", min_value=1, max_value=500)


class QuotaForm(Form):
    quotas_text = forms.CharField(
        label="Quoten (eine Zeile je Ausprägung: Merkmal;Ausprägung;Min;Max)",
        widget=forms.Textarea(attrs={"rows": 12, "class": "mono"}),
    )


class PoolForm(Form):
    file = forms.FileField(
        label="Pool als CSV-Datei (UTF-8)",
        help_text="Höchstens 2 MB.",
        allow_empty_file=True,
        error_messages={"required": "Bitte wählen Sie die CSV-Datei mit dem Pool aus."},
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )
    consent_confirmed = forms.BooleanField(
        label="Alle Personen im Pool haben schriftlich zugestimmt, dass ihre Angaben für die Losung verarbeitet werden.",
        required=False,
    )


class DrawForm(Form):
    algorithm = forms.ChoiceField(
        label="Verfahren", choices=[(k, v) for k, v in ALGORITHM_LABELS.items()], initial="leximin"
    )
    fallback = forms.ChoiceField(
        label="Ersatzverfahren, falls LEXIMIN nicht möglich ist",
        choices=[(k, ALGORITHM_LABELS[k]) for k in FALLBACKS],
        initial="maximin",
    )
    seed = forms.IntegerField(
        label="Startwert (Seed)",
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="Leer lassen: wird zufällig gewählt und protokolliert. Öffentlich ziehen: z. B. Lottozahlen eintragen.",
    )
    households = forms.BooleanField(label="höchstens eine Person je Haushalt", required=False)


class ReplacementForm(Form):
    dropped = forms.MultipleChoiceField(
        label="Wer hat abgesagt?", widget=forms.CheckboxSelectMultiple, choices=()
    )
    seed = forms.IntegerField(label="Startwert (Seed)", required=False, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, panel=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dropped"].choices = [(key, key) for key in panel]


class MotionAnswerForm(Form):
    answer = forms.CharField(
        label="Antwort des Stadtrats", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class YouthParliamentForm(Form):
    name = forms.CharField(label="Name", max_length=200)
    slug = forms.SlugField(label="Kurzname in der Adresse", max_length=80)
    summary = forms.CharField(label="Kurz und einfach erklärt", widget=forms.Textarea(attrs={"rows": 3}))
    contact = forms.CharField(label="Kontakt", max_length=200, required=False)


class YouthMemberForm(Form):
    display_name = forms.CharField(label="Angezeigter Name (Vorname oder Spitzname)", max_length=100)
    role = forms.CharField(label="Aufgabe", max_length=100, required=False)
    since = forms.DateField(label="dabei seit", widget=forms.DateInput(attrs={"type": "date"}))
    consent_given = forms.BooleanField(
        label="Einverständnis zur Veröffentlichung liegt vor (bei unter 16-Jährigen auch der Eltern)",
        required=False,
    )


class YouthMeetingForm(Form):
    date = forms.DateTimeField(label="Termin", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label="Ort", max_length=200)
    agenda = forms.CharField(label="Tagesordnung", widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.CharField(label="Protokoll", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class YouthMotionForm(Form):
    title = forms.CharField(label="Titel des Antrags", max_length=200)
    text = forms.CharField(label="Antrag", widget=forms.Textarea(attrs={"rows": 4}))
    submitted_on = forms.DateField(label="eingereicht am", widget=forms.DateInput(attrs={"type": "date"}))


class IdeaFilterForm(Form):
    """Filters of the staff idea list (GET); an unknown value is an error shown next to the field."""

    status = forms.ChoiceField(
        label="Stand", choices=[("", "– alle –"), *Idea.Status.choices], required=False
    )
    handlungsfeld = forms.ChoiceField(
        label="Handlungsfeld", choices=[("", "– alle –"), *choices(HANDLUNGSFELDER)], required=False
    )
    ortsteil = forms.ModelChoiceField(label="Ortsteil", queryset=None, required=False, empty_label="– alle –")

    def __init__(self, *args, municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ortsteil"].queryset = municipality.ortsteile.order_by("name")
