"""Forms of the scenario editor (plain HTML forms: they work without JavaScript)."""

from __future__ import annotations

from django import forms

from leuchtfeuer.core.forms import Form
from leuchtfeuer.projections.engine.scenarios import FAMILY_LABEL
from leuchtfeuer.projections.models import ScenarioMeasure
from leuchtfeuer.projections.services import MAX_MEASURES

EXTRA_ROWS = 3


class ScenarioForm(Form):
    name = forms.CharField(label="Name des Szenarios", max_length=150)
    description = forms.CharField(
        label="Beschreibung (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Woher kommen die Annahmen? z. B. Ziel aus dem Rückkehrerprojekt, Beschluss des Gemeinderats.",
    )


class MeasureForm(Form):
    """One measure row. Which fields count depends on the kind (the others are ignored)."""

    kind = forms.ChoiceField(
        label="Art der Maßnahme",
        required=False,
        choices=[("", "– keine –"), *ScenarioMeasure.Kind.choices],
    )
    count = forms.IntegerField(
        label="Anzahl pro Jahr (Personen bzw. Familien)", required=False, min_value=1, max_value=100000
    )
    percent = forms.DecimalField(
        label="Prozent weniger Fortzüge", required=False, min_value=0, max_value=100, decimal_places=1
    )
    age_from = forms.IntegerField(label="Alter von", required=False, min_value=0, max_value=100)
    age_to = forms.IntegerField(label="Alter bis", required=False, min_value=0, max_value=100)
    start_year = forms.IntegerField(label="ab Jahr", required=False, min_value=2000, max_value=2100)
    end_year = forms.IntegerField(
        label="bis Jahr (leer = bis zum Ende)", required=False, min_value=2000, max_value=2100
    )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not data.get("kind")


MeasureFormSet = forms.formset_factory(
    MeasureForm, extra=EXTRA_ROWS, max_num=MAX_MEASURES, absolute_max=MAX_MEASURES + EXTRA_ROWS
)

KIND_HELP = {
    "returnees": "Rückkehrende / Zuziehende: Anzahl Personen pro Jahr und ihr Alter von … bis … "
    "(je zur Hälfte Frauen und Männer, gleichmäßig über die Altersjahre verteilt).",
    "fewer_out_moves": "Weniger Fortzüge: um wie viel Prozent die Fortzüge der Altersgruppe sinken "
    "(bezogen auf die Fortzüge, die die Vorausberechnung für diese Altersjahre erwartet).",
    "families": f"Zuziehende Familien: Anzahl Familien pro Jahr; {FAMILY_LABEL}. Das Alter bleibt leer.",
}


def measure_rows(formset) -> list[dict]:
    """Non-empty rows of a valid formset for the service, with their visible row number."""
    rows = []
    for number, form in enumerate(formset.forms, start=1):
        if form.is_blank():
            continue
        rows.append({**form.cleaned_data, "row": number})
    return rows


def initial_rows(scenario) -> list[dict]:
    return [
        {
            "kind": m.kind,
            "count": m.count,
            "percent": m.percent,
            "age_from": m.age_from,
            "age_to": m.age_to,
            "start_year": m.start_year,
            "end_year": m.end_year,
        }
        for m in scenario.measures.all()
    ]
