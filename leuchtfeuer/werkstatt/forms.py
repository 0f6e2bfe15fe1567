"""Forms of the Werkstatt pages (parsing only; services validate and write).

Each form has its own prefix so several forms on one page keep unique field ids.
"""

from __future__ import annotations

from django import forms

from leuchtfeuer.core import taxonomy
from leuchtfeuer.core.forms import Form
from leuchtfeuer.projections.models import Scenario
from leuchtfeuer.werkstatt.kommunalprofil.models import Finding
from leuchtfeuer.werkstatt.plan.models import Indicator, Measure
from leuchtfeuer.werkstatt.process.models import Document, Sector, StageKind, TeamMember
from leuchtfeuer.werkstatt.process.services import MAX_UPLOAD_BYTES
from leuchtfeuer.werkstatt.zukunftswerkstatt.models import Phase

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StartForm(Form):
    prefix = "start"
    title = forms.CharField(label="Titel des Prozesses", max_length=200, initial="Zukunftswerkstatt")
    started_on = forms.DateField(label="Beginn", widget=DATE)


class StageForm(Form):
    prefix = "stufe"
    responsible = forms.ModelChoiceField(label="verantwortlich", queryset=None, required=False)
    planned_end = forms.DateField(label="geplantes Ende", required=False, widget=DATE)
    notes = forms.CharField(label="Notizen", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people


class KickoffForm(Form):
    prefix = "kickoff"
    objectives = forms.CharField(
        label="Ziele des Prozesses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Was soll sich in der Kommune durch den Prozess verändern?",
    )
    expectations = forms.CharField(
        label="Erwartungen",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Was erwarten Verwaltung, Politik und Partner vom Prozess, von Beratung und Mentoring?",
    )


class TeamMemberForm(Form):
    prefix = "team"
    kind = forms.ChoiceField(label="Art", choices=TeamMember.Kind.choices)
    name = forms.CharField(label="Name", max_length=200)
    function = forms.CharField(label="Funktion", max_length=200, required=False)
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    sector = forms.ChoiceField(label="Bereich", choices=Sector.choices)


class DocumentForm(Form):
    prefix = "dokument"
    kind = forms.ChoiceField(label="Art des Dokuments", choices=Document.Kind.choices)
    title = forms.CharField(label="Titel", max_length=200, required=False, help_text="leer = Dateiname")
    upload = forms.FileField(
        label="Datei",
        help_text=f"PDF, ODT oder DOCX, höchstens {MAX_UPLOAD_BYTES // 1024 // 1024} MB",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx"}),
    )


class TopicsForm(Form):
    prefix = "themen"
    keys = forms.MultipleChoiceField(
        label="Themen (Handlungsfelder) des Programms",
        choices=taxonomy.choices(taxonomy.HANDLUNGSFELDER),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class HandlungsfeldForm(Form):
    prefix = "feld"
    label = forms.CharField(label="Eigenes Handlungsfeld", max_length=200)
    description = forms.CharField(
        label="Beschreibung", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


SCORE_CHOICES = [("", "– bitte wählen –")] + [
    (str(i), label)
    for i, label in (
        (1, "1 – sehr schwach"),
        (2, "2 – eher schwach"),
        (3, "3 – mittel"),
        (4, "4 – eher stark"),
        (5, "5 – sehr stark"),
    )
]


class ResilienceForm(Form):
    """One score (1–5) and a note per pillar and challenge field."""

    prefix = "rc"
    taken_on = forms.DateField(label="Datum des Checks", widget=DATE)
    note = forms.CharField(
        label="Anmerkung zum Check", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for dimension, key, label in self.items:
            self.fields[f"{dimension}-{key}"] = forms.ChoiceField(label=label, choices=SCORE_CHOICES)
            self.fields[f"{dimension}-{key}-note"] = forms.CharField(
                label=f"Begründung: {label}", max_length=500, required=False
            )

    def answers(self) -> list[dict]:
        return [
            {
                "dimension": dimension,
                "key": key,
                "score": self.cleaned_data.get(f"{dimension}-{key}"),
                "note": self.cleaned_data.get(f"{dimension}-{key}-note", ""),
            }
            for dimension, key, _ in self.items
        ]

    def rows(self):
        """(score field, note field) pairs for the template, in item order, with the dimension."""
        return [
            (dimension, self[f"{dimension}-{key}"], self[f"{dimension}-{key}-note"])
            for dimension, key, _ in self.items
        ]


class FindingForm(Form):
    prefix = "befund"
    kind = forms.ChoiceField(label="Art", choices=Finding.Kind.choices)
    text = forms.CharField(label="Befund", widget=forms.Textarea(attrs={"rows": 2}))


class WorkshopForm(Form):
    prefix = "termin"
    title = forms.CharField(label="Titel", max_length=200)
    date = forms.DateField(label="Datum", widget=DATE)
    place = forms.CharField(label="Ort", max_length=200)
    moderation = forms.CharField(label="Moderation", max_length=200, required=False)
    plan_kritik = forms.CharField(
        label="Kritikphase: Ablauf und Methoden",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Was stört, was fehlt? Sammeln ohne Bewertung.",
    )
    plan_fantasie = forms.CharField(
        label="Fantasiephase: Ablauf und Methoden",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wünsche und Visionen ohne Einschränkungen.",
    )
    plan_verwirklichung = forms.CharField(
        label="Verwirklichungsphase: Ablauf und Methoden",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Was davon setzen wir wie, mit wem und bis wann um?",
    )
    participants = forms.IntegerField(label="Zahl der Teilnehmenden", required=False, min_value=0)
    held = forms.BooleanField(label="hat stattgefunden", required=False)
    summary = forms.CharField(
        label="Zusammenfassung", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class IdeaForm(Form):
    prefix = "idee"
    title = forms.CharField(label="Idee", max_length=200)
    description = forms.CharField(
        label="Beschreibung", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    phase = forms.ChoiceField(label="Phase", choices=[("", "–"), *Phase.choices], required=False)
    handlungsfeld = forms.ModelChoiceField(label="Handlungsfeld", queryset=None, required=False)
    workshop = forms.ModelChoiceField(label="Zukunftswerkstatt", queryset=None, required=False)

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlungsfeld"].queryset = process.handlungsfelder.all()
        self.fields["workshop"].queryset = process.workshops.all()


class GoalForm(Form):
    prefix = "ziel"
    handlungsfeld = forms.ModelChoiceField(label="Handlungsfeld", queryset=None)
    title = forms.CharField(label="Ziel", max_length=300)
    description = forms.CharField(
        label="Beschreibung", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlungsfeld"].queryset = process.handlungsfelder.all()


class MeasureForm(Form):
    prefix = "massnahme"
    handlungsfeld = forms.ModelChoiceField(label="Handlungsfeld", queryset=None)
    goal = forms.ModelChoiceField(label="Ziel", queryset=None, required=False)
    title = forms.CharField(label="Titel", max_length=200)
    description = forms.CharField(
        label="Beschreibung", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_groups = forms.MultipleChoiceField(
        label="Zielgruppen",
        choices=taxonomy.choices(taxonomy.LIFE_PHASES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responsible = forms.CharField(label="verantwortlich (Person oder Stelle)", max_length=200, required=False)
    partners = forms.CharField(label="Partner", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    start = forms.DateField(label="Beginn", required=False, widget=DATE)
    end = forms.DateField(label="Ende", required=False, widget=DATE)
    status = forms.ChoiceField(label="Status", choices=Measure.Status.choices)
    scenario = forms.ModelChoiceField(
        label="Szenario der Bevölkerungsvorausberechnung",
        queryset=None,
        required=False,
        help_text="Zeigt, was die Maßnahme an der Bevölkerungsentwicklung ändern könnte.",
    )

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlungsfeld"].queryset = process.handlungsfelder.all()
        self.fields["goal"].queryset = process.goals.select_related("handlungsfeld")
        self.fields["goal"].label_from_instance = lambda g: f"{g.handlungsfeld.label}: {g.title}"
        self.fields["scenario"].queryset = Scenario.objects.filter(municipality_id=process.municipality_id)


class ProgressForm(Form):
    prefix = "stand"
    status = forms.ChoiceField(label="Status", choices=Measure.Status.choices)
    progress_note = forms.CharField(
        label="Stand der Umsetzung", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class BudgetLineForm(Form):
    prefix = "kosten"
    label = forms.CharField(label="Posten", max_length=200)
    amount = forms.DecimalField(label="Betrag in Euro", max_digits=12, decimal_places=2, min_value=0)
    year = forms.IntegerField(label="Jahr", required=False, min_value=2000, max_value=2100)
    funding_source = forms.CharField(label="Finanzierung", max_length=200, required=False)


class IndicatorForm(Form):
    prefix = "indikator"
    kind = forms.ChoiceField(label="Art", choices=Indicator.Kind.choices, widget=forms.RadioSelect)
    official_key = forms.ChoiceField(
        label="Kennzahl aus dem Kommunalprofil (nur amtlich)",
        required=False,
        help_text="Ausgangswert, Einheit und aktueller Wert kommen aus den amtlichen Daten.",
    )
    label = forms.CharField(label="Bezeichnung (eigener Indikator)", max_length=200, required=False)
    unit = forms.CharField(label="Einheit (eigener Indikator)", max_length=60, required=False)
    baseline_value = forms.DecimalField(
        label="Ausgangswert (eigener Indikator)", required=False, max_digits=14, decimal_places=3
    )
    baseline_date = forms.DateField(label="Stand des Ausgangswerts", required=False, widget=DATE)
    baseline_source = forms.CharField(label="Quelle des Ausgangswerts", max_length=300, required=False)
    direction = forms.ChoiceField(label="Richtung", choices=Indicator.Direction.choices)
    target_value = forms.DecimalField(
        label="Zielwert (Ziel der Kommune)", required=False, max_digits=14, decimal_places=3
    )
    target_year = forms.IntegerField(label="Zieljahr", required=False, min_value=2000, max_value=2100)
    note = forms.CharField(label="Anmerkung", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, official_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official_key"].choices = [("", "–"), *list(official_choices)]

    def clean(self):
        data = super().clean()
        if data.get("kind") == Indicator.Kind.OFFICIAL and not data.get("official_key"):
            self.add_error("official_key", "Bitte wählen Sie eine Kennzahl aus dem Kommunalprofil.")
        if data.get("kind") == Indicator.Kind.CUSTOM and not (data.get("label") or "").strip():
            self.add_error("label", "Bitte geben Sie eine Bezeichnung für den eigenen Indikator an.")
        return data


class IndicatorTargetForm(Form):
    prefix = "ziel"
    target_value = forms.DecimalField(
        label="Zielwert (Ziel der Kommune)", required=False, max_digits=14, decimal_places=3
    )
    target_year = forms.IntegerField(label="Zieljahr", required=False, min_value=2000, max_value=2100)
    direction = forms.ChoiceField(label="Richtung", choices=Indicator.Direction.choices)
    note = forms.CharField(label="Anmerkung", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReadingForm(Form):
    prefix = "wert"
    date = forms.DateField(label="Stand", widget=DATE)
    value = forms.DecimalField(label="Wert", max_digits=14, decimal_places=3)
    source = forms.CharField(label="Quelle", max_length=300, required=False)


class AdoptForm(Form):
    prefix = "beschluss"
    adopted_on = forms.DateField(label="Beschlossen am", widget=DATE)
    decision = forms.CharField(
        label="Beschluss",
        max_length=300,
        required=False,
        help_text="z. B. Stadtvertretung, Drucksache 12/2025",
    )


class ReviewForm(Form):
    prefix = "bilanz"
    narrative = forms.CharField(
        label="Bilanz in Worten", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    lessons_learned = forms.CharField(
        label="Lehren und Erkenntnisse", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class TaskEditForm(Form):
    prefix = "aufgabe"
    title = forms.CharField(label="Aufgabe", max_length=200)
    description = forms.CharField(
        label="Beschreibung", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_date = forms.DateField(label="fällig am", required=False, widget=DATE)
    assignee = forms.ModelChoiceField(label="zuständig", queryset=None, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


class TaskForm(TaskEditForm):
    """A new task: as the edit form, plus the stage it belongs to."""

    stage = forms.ChoiceField(
        label="Stufe", choices=[("", "laufende Stufe"), *StageKind.choices], required=False
    )


class CommentForm(Form):
    prefix = "anmerkung"
    text = forms.CharField(label="Anmerkung", widget=forms.Textarea(attrs={"rows": 3}))


class GoalEditForm(Form):
    prefix = "ziel"
    title = forms.CharField(label="Ziel", max_length=300)
    description = forms.CharField(
        label="Beschreibung", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class HandlungsfeldEditForm(Form):
    prefix = "feld"
    label = forms.CharField(label="Bezeichnung", max_length=200)
    description = forms.CharField(
        label="Beschreibung", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
