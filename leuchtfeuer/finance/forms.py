"""Forms of the finance simulator: the scenario (sent by GET, so results are links that work
without JavaScript and can be bookmarked and exported), table filters, saving, uploads."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from leuchtfeuer.core.forms import Form
from leuchtfeuer.finance.catalogue import CRITERIA, DEMOGRAPHY_YEARS, SIZE_CLASSES
from leuchtfeuer.finance.simulation import ScenarioError, Spec, parse_decimal
from leuchtfeuer.places.models import Region

SIZE_FIELD = {sc: "v_" + sc.lower().replace("ß", "ss") for sc in SIZE_CLASSES}
SORTS = {
    "name": "Name",
    "diff": "Differenz in €",
    "diff_percent": "Differenz in %",
    "reform_per_head": "Reform je Einwohner:in",
    "population": "Einwohner:innen",
}


def _text(label: str, help_text: str = "", required: bool = False, initial: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        initial=initial,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class ScenarioForm(Form):
    """Pot, weights, demography factor, Einwohnerveredelung, floor and cap."""

    def __init__(self, *args, land: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.land = land
        self.fields["pot"] = _text(
            "Topf in Euro",
            "Summe, die auf die Gemeinden des Landes verteilt wird, z. B. 100.000.000 oder 250.000.000,50.",
            required=True,
        )
        for c in CRITERIA:
            self.fields[f"w_{c.key}"] = _text(
                f"Gewicht {c.label}",
                f"{c.definition} Einheit: {c.unit}.",
                initial="100" if c.key == "population" else "0",
            )
        self.fields["demography"] = forms.TypedChoiceField(
            label="Demografiefaktor",
            choices=[("", "ohne")] + [(str(y), f"Mittel der letzten {y} Jahre") for y in DEMOGRAPHY_YEARS],
            required=False,
            coerce=int,
            empty_value=None,
            help_text="Für das Kriterium Einwohner:innen zählt die höhere Zahl aus heutiger Bevölkerung "
            "und dem Mittel der vorhandenen Jahreswerte dieses Zeitraums.",
        )
        for sc in SIZE_CLASSES:
            self.fields[SIZE_FIELD[sc]] = _text(
                f"Veredelungsfaktor {sc}",
                "1 = keine Veredelung; 1,2 = Einwohner:innen zählen zu 120 %.",
                initial="1",
            )
        self.fields["max_loss"] = _text(
            "Höchster Verlust je Gemeinde in %",
            "Leer = ohne Untergrenze. Beispiel 5: keine Gemeinde verliert mehr als 5 % gegenüber dem Status quo.",
        )
        self.fields["max_gain"] = _text("Höchster Zuwachs je Gemeinde in %", "Leer = ohne Obergrenze.")

    @property
    def official_weight_fields(self):
        return [self[f"w_{c.key}"] for c in CRITERIA if c.official]

    @property
    def upload_weight_fields(self):
        return [self[f"w_{c.key}"] for c in CRITERIA if not c.official]

    @property
    def size_fields(self):
        return [self[SIZE_FIELD[sc]] for sc in SIZE_CLASSES]

    def _number(self, name: str, what: str) -> Decimal | None:
        raw = (self.cleaned_data.get(name) or "").strip()
        if not raw:
            return None
        try:
            return parse_decimal(raw, what)
        except ScenarioError as exc:
            self.add_error(name, str(exc).split(": ", 1)[-1])
            return None

    def clean(self):
        data = super().clean()
        pot = self._number("pot", "Topf")
        weights = {}
        for c in CRITERIA:
            w = self._number(f"w_{c.key}", c.label)
            if w is not None and w < 0:
                self.add_error(f"w_{c.key}", "Das Gewicht darf nicht negativ sein.")
            elif w:
                weights[c.key] = w
        if not weights and not self.errors:
            self.add_error(None, "Mindestens ein Gewicht muss größer als 0 sein.")
        veredelung = {}
        for sc in SIZE_CLASSES:
            f = self._number(SIZE_FIELD[sc], f"Veredelungsfaktor {sc}")
            if f is not None:
                if f <= 0 or f > 10:
                    self.add_error(SIZE_FIELD[sc], "Ein Faktor größer 0 und höchstens 10.")
                elif f != 1:
                    veredelung[sc] = f
        loss = self._number("max_loss", "Höchster Verlust")
        gain = self._number("max_gain", "Höchster Zuwachs")
        if loss is not None and not (0 <= loss <= 100):
            self.add_error("max_loss", "Bitte eine Zahl von 0 bis 100.")
        if gain is not None and gain < 0:
            self.add_error("max_gain", "Bitte eine Zahl ab 0.")
        if pot is not None:
            if pot < 0:
                self.add_error("pot", "Der Topf darf nicht negativ sein.")
            elif pot != pot.quantize(Decimal("0.01")):
                self.add_error("pot", "Höchstens zwei Nachkommastellen (Cent).")
            elif pot > Decimal("1e12"):
                self.add_error("pot", "Höchstens 1 Billion €.")
        if not self.errors and pot is not None:
            self.spec = Spec(
                land=self.land,
                pot=pot,
                weights=weights,
                demography_years=self.cleaned_data.get("demography"),
                veredelung=veredelung,
                max_loss_percent=loss,
                max_gain_percent=gain,
            )
        return data


def spec_query(spec: Spec) -> dict[str, str]:
    """The GET parameters that reproduce a scenario in ScenarioForm."""
    q = {"pot": f"{spec.pot}"}
    for c in CRITERIA:
        q[f"w_{c.key}"] = str(spec.weights.get(c.key, 0))
    if spec.demography_years:
        q["demography"] = str(spec.demography_years)
    for sc in SIZE_CLASSES:
        q[SIZE_FIELD[sc]] = str(spec.veredelung.get(sc, 1))
    if spec.max_loss_percent is not None:
        q["max_loss"] = str(spec.max_loss_percent)
    if spec.max_gain_percent is not None:
        q["max_gain"] = str(spec.max_gain_percent)
    return q


class FilterForm(Form):
    kreis = forms.ChoiceField(label="Kreis", required=False)
    size = forms.ChoiceField(
        label="Größenklasse", required=False, choices=[("", "alle")] + [(s, s) for s in SIZE_CLASSES]
    )
    degurba = forms.TypedChoiceField(
        label="Verstädterungsgrad",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "alle")] + [(str(v), label) for v, label in Region.Degurba.choices],
    )
    q = forms.CharField(label="Gemeinde suchen", required=False, max_length=80)
    sort = forms.ChoiceField(label="Sortieren nach", required=False, choices=list(SORTS.items()))
    desc = forms.BooleanField(label="absteigend", required=False)
    kleinstadt = forms.BooleanField(
        label="nur Kleinstädte (Stadtrecht, unter 20.000 Einwohner:innen)", required=False
    )

    def __init__(self, *args, kreise: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        kreis = self.fields["kreis"]
        assert isinstance(kreis, forms.ChoiceField)
        kreis.choices = [("", "alle"), *kreise]


class SaveForm(Form):
    name = forms.CharField(label="Name des Szenarios", max_length=120)
    shared = forms.BooleanField(
        label="für alle angemeldeten Personen sichtbar machen",
        required=False,
        help_text="Zum Beispiel für einen Vorschlag, den andere Kommunen prüfen sollen.",
    )


class UploadForm(Form):
    file = forms.FileField(label="Datei (CSV oder XLSX)")
    reference = forms.CharField(
        label="Stand und Quelle der Zahlen",
        max_length=200,
        help_text="Zum Beispiel „Straßenverzeichnis, Stand 31.12.2024“.",
    )
