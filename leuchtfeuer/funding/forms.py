"""Forms of the funding part. Validation that touches the database lives in services.py."""

from __future__ import annotations

from django import forms

from leuchtfeuer.core.engine.german import format_decimal
from leuchtfeuer.core.forms import Form
from leuchtfeuer.core.taxonomy import HANDLUNGSFELDER, choices
from leuchtfeuer.funding.engine.eligibility import APPLICANT_TYPES, DEGURBA_LABELS, LAND_NAMES, SIZE_CLASSES
from leuchtfeuer.funding.engine.selection import format_money
from leuchtfeuer.funding.models import ApplicantType, BudgetLine, Call, CallItem, ExpenseClaim, Programme
from leuchtfeuer.funding.selectors import PROFILE_FIELDS
from leuchtfeuer.places.models import Region
from leuchtfeuer.places.selectors import search_regions

CHECKBOXES = forms.CheckboxSelectMultiple


def date_input() -> forms.DateInput:
    """A browser date picker: its value must be ISO (YYYY-MM-DD), never the German display format."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _number(value) -> str:
    return f"{value.normalize():f}".replace(".", ",")


class ProgrammeForm(Form):
    name = forms.CharField(label="Name", max_length=200)
    sponsor = forms.CharField(label="Fördergeber:in", max_length=200, required=False)
    summary = forms.CharField(
        label="Kurzbeschreibung", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    facts = forms.CharField(label="Belegte Angaben", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    source = forms.CharField(label="Quelle", max_length=300, required=False)
    url = forms.URLField(label="Weitere Informationen (Adresse)", required=False, assume_scheme="https")
    needs_completion = forms.BooleanField(
        label="noch von der Geschäftsstelle zu vervollständigen", required=False
    )
    is_active = forms.BooleanField(label="im Katalog sichtbar", required=False, initial=True)
    lands = forms.MultipleChoiceField(
        label="nur in diesen Bundesländern", choices=list(LAND_NAMES.items()), widget=CHECKBOXES, required=False,
        help_text="Keine Auswahl = alle Länder.",
    )  # fmt: skip
    size_classes = forms.MultipleChoiceField(
        label="nur für diese Größenklassen",
        choices=[(s, s) for s in SIZE_CLASSES],
        widget=CHECKBOXES,
        required=False,
    )
    min_population = forms.IntegerField(label="mindestens Einwohner:innen", min_value=0, required=False)
    max_population = forms.IntegerField(label="höchstens Einwohner:innen", min_value=0, required=False)
    degurba = forms.TypedMultipleChoiceField(
        label="Grad der Verstädterung (DEGURBA)", choices=list(DEGURBA_LABELS.items()), coerce=int,
        widget=CHECKBOXES, required=False,
    )  # fmt: skip
    applicant_types = forms.MultipleChoiceField(
        label="Antragsberechtigte", choices=list(APPLICANT_TYPES.items()), widget=CHECKBOXES, required=False
    )
    own_contribution_percent = forms.DecimalField(
        label="verlangter Eigenanteil (%)", min_value=0, max_value=100, decimal_places=2, required=False,
        help_text="0 = kein Eigenanteil; leer = nicht bekannt.",
    )  # fmt: skip
    deadline = forms.DateField(label="Antragsfrist", required=False, widget=date_input())
    topics = forms.MultipleChoiceField(
        label="Förderthemen (Handlungsfelder)",
        choices=choices(HANDLUNGSFELDER),
        widget=CHECKBOXES,
        required=False,
    )
    max_amount = forms.DecimalField(
        label="Förderung bis zu (€)", min_value=0.01, decimal_places=2, required=False
    )

    @classmethod
    def initial_for(cls, programme: Programme) -> dict:
        return {name: getattr(programme, name) for name in cls.base_fields}


class CallForm(Form):
    programme = forms.ModelChoiceField(label="Programm", queryset=Programme.objects.all(), required=False)
    title = forms.CharField(label="Titel", max_length=200)
    description = forms.CharField(
        label="Beschreibung", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    status = forms.ChoiceField(label="Status", choices=Call.Status.choices)
    applicant_types = forms.MultipleChoiceField(
        label="Antragsberechtigte", choices=ApplicantType.choices, widget=CHECKBOXES
    )
    short_form = forms.BooleanField(
        label="Kurzantrag für Vereine und Einzelpersonen (Mikroförderung)", required=False
    )
    budget = forms.CharField(label="Gesamtbudget (€)", help_text="z. B. 10.000,00")
    max_request = forms.CharField(label="höchstens je Antrag (€)", required=False)
    deadline = forms.DateTimeField(
        label="Einreichungsfrist (Serverzeit, Europe/Berlin)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
    )
    first_year = forms.IntegerField(label="Förderung ab Jahr", min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label="Förderung bis Jahr", min_value=2000, max_value=2100)
    consulting_cap = forms.CharField(label="Budget Beratung je Jahr höchstens (€)", required=False)
    material_cap = forms.CharField(label="Budget Sachmittel je Jahr höchstens (€)", required=False)
    carry_over = forms.BooleanField(label="nicht verbrauchte Mittel ins Folgejahr übertragen", required=False)
    report_required = forms.BooleanField(
        label="jährlicher Kurzbericht verlangt", required=False, initial=True
    )
    report_due_month = forms.IntegerField(
        label="Kurzbericht fällig im Folgejahr, Monat", min_value=1, max_value=12, initial=1
    )
    report_due_day = forms.IntegerField(label="… am Tag", min_value=1, max_value=31, initial=31)
    land_groups = forms.CharField(
        label="Ländergruppen", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Eine Gruppe je Zeile: „Name: Schlüssel, Schlüssel“ – Landesschlüssel (2 Ziffern) oder Kreisschlüssel (5 Ziffern).",
    )  # fmt: skip
    min_per_land_group = forms.IntegerField(label="mindestens je Ländergruppe", min_value=1, required=False)
    min_grw_share = forms.DecimalField(
        label="mindestens Anteil aus GRW-Fördergebieten (%)", min_value=0, max_value=100, required=False
    )
    min_per_size_class = forms.IntegerField(label="mindestens je Größenklasse", min_value=1, required=False)
    max_per_kreis = forms.IntegerField(label="höchstens je Kreis", min_value=1, required=False)
    max_selected = forms.IntegerField(label="höchstens Förderungen insgesamt", min_value=1, required=False)

    @staticmethod
    def initial_for(call: Call) -> dict:
        data = {name: getattr(call, name) for name in CallForm.base_fields}
        for key in ("budget", "max_request", "consulting_cap", "material_cap"):
            value = getattr(call, key)
            data[key] = format_decimal(value) if value is not None else ""
        data["land_groups"] = "\n".join(
            f"{name}: {', '.join(keys)}" for name, keys in (call.land_groups or {}).items()
        )
        return data


class CallItemForm(Form):
    kind = forms.ChoiceField(label="Art", choices=CallItem.Kind.choices)
    label = forms.CharField(label="Bezeichnung", max_length=300)
    help_text = forms.CharField(
        label="Erläuterung / verlangter Nachweis", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    required = forms.BooleanField(label="Pflicht", required=False, initial=True)
    field_type = forms.ChoiceField(label="Feldart (nur Datenblatt)", choices=CallItem.FieldType.choices)
    profile_key = forms.ChoiceField(
        label="aus dem Kommunalprofil vorausfüllen (nur Datenblatt)",
        choices=[("", "– nicht vorausfüllen –"), *PROFILE_FIELDS.items()],
        required=False,
    )


class CriterionForm(Form):
    label = forms.CharField(label="Kriterium", max_length=200)
    description = forms.CharField(
        label="Erläuterung", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.CharField(label="Gewicht", initial="1", help_text="z. B. 2 oder 1,5")
    max_points = forms.IntegerField(label="höchste Punktzahl", min_value=1, max_value=100, initial=5)


class ReviewerForm(Form):
    email = forms.EmailField(label="E-Mail-Adresse der Gutachterin / des Gutachters")


class ApplicationForm(Form):
    """The full application of a town, built from the call's configuration. Nothing is required for a
    draft; the 'what is missing' list says what is needed before submitting."""

    title = forms.CharField(label="Titel des Vorhabens", max_length=200, required=False)
    summary = forms.CharField(
        label="Kurzbeschreibung (Grobkonzept)", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    requested_amount = forms.CharField(label="Beantragte Fördersumme insgesamt (€)", required=False)
    contact_email = forms.EmailField(label="Kontakt-E-Mail für Rückfragen", required=False)
    grw_area = forms.BooleanField(
        label="Unsere Kommune liegt in einem GRW-Fördergebiet", required=False,
        help_text="Gemeinschaftsaufgabe „Verbesserung der regionalen Wirtschaftsstruktur“ – die Geschäftsstelle prüft die Angabe.",
    )  # fmt: skip

    def __init__(self, *args, application, **kwargs):
        self.application = application
        call = application.call
        initial = {
            "title": application.title,
            "summary": application.summary,
            "requested_amount": format_decimal(application.requested_amount) if application.requested_amount else "",
            "contact_email": application.contact_email,
            "grw_area": application.grw_area,
        }  # fmt: skip
        self.sections: dict[str, list[str]] = {kind: [] for kind in CallItem.Kind.values}
        super().__init__(*args, initial=initial, **kwargs)
        for item in call.items.all():
            key = str(item.pk)
            if item.kind == CallItem.Kind.PREREQUISITE:
                entry = application.prerequisites.get(key) or {}
                self.fields[f"pre_{key}"] = forms.BooleanField(
                    label=f"{item.label} – erfüllt", required=False, initial=entry.get("fulfilled")
                )
                self.fields[f"pre_{key}_evidence"] = forms.CharField(
                    label=f"Nachweis: {item.label}",
                    help_text=item.help_text,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    initial=entry.get("evidence", ""),
                )
                self.sections[item.kind] += [f"pre_{key}", f"pre_{key}_evidence"]
            elif item.kind == CallItem.Kind.FAVOURABLE:
                entry = application.favourable.get(key) or {}
                self.fields[f"fav_{key}"] = forms.BooleanField(
                    label=f"{item.label} – trifft zu", required=False, initial=entry.get("applies")
                )
                self.fields[f"fav_{key}_text"] = forms.CharField(
                    label=f"Erläuterung: {item.label}",
                    help_text=item.help_text,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=entry.get("text", ""),
                )
                self.sections[item.kind] += [f"fav_{key}", f"fav_{key}_text"]
            elif item.kind == CallItem.Kind.QUESTION:
                self.fields[f"q_{key}"] = forms.CharField(
                    label=item.label,
                    help_text=item.help_text,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 5}),
                    initial=application.answers.get(key, ""),
                )
                self.sections[item.kind].append(f"q_{key}")
            elif item.kind == CallItem.Kind.DATASHEET:
                entry = application.datasheet.get(key) or {}
                source = entry.get("source") or ""
                help_text = " · ".join(
                    t for t in (item.help_text, f"Quelle: {source}" if source else "") if t
                )
                if item.field_type == CallItem.FieldType.YESNO:
                    field = forms.ChoiceField(
                        label=item.label,
                        choices=[("", "–"), ("ja", "ja"), ("nein", "nein")],
                        required=False,
                        help_text=help_text,
                    )
                else:
                    field = forms.CharField(
                        label=item.label, required=False, help_text=help_text, max_length=500
                    )
                field.initial = entry.get("value", "")
                self.fields[f"ds_{key}"] = field
                self.sections[item.kind].append(f"ds_{key}")  # fmt: skip

    @property
    def bound_sections(self) -> dict[str, list]:
        return {kind: [self[name] for name in names] for kind, names in self.sections.items()}

    def service_data(self) -> dict:
        data = self.cleaned_data
        result = {
            "title": data["title"], "summary": data["summary"], "requested_amount": data["requested_amount"] or None,
            "contact_email": data["contact_email"], "grw_area": data["grw_area"],
            "prerequisites": {}, "favourable": {}, "answers": {}, "datasheet": {},
        }  # fmt: skip
        for name, value in data.items():
            if name.startswith("pre_") and not name.endswith("_evidence"):
                key = name[4:]
                result["prerequisites"][key] = {
                    "fulfilled": bool(value),
                    "evidence": data[f"pre_{key}_evidence"].strip(),
                }
            elif name.startswith("fav_") and not name.endswith("_text"):
                key = name[4:]
                result["favourable"][key] = {"applies": bool(value), "text": data[f"fav_{key}_text"].strip()}
            elif name.startswith("q_"):
                result["answers"][name[2:]] = value
            elif name.startswith("ds_"):
                result["datasheet"][name[3:]] = value
        return result


class ShortApplicationForm(Form):
    applicant_type = forms.ChoiceField(label="Wer beantragt?", choices=[])
    applicant_name = forms.CharField(label="Name des Vereins / Ihr Name", max_length=200)
    place = forms.CharField(
        label="Ort des Vorhabens",
        max_length=120,
        help_text="Name der Gemeinde oder Gemeindeschlüssel (8 Ziffern)",
    )
    contact_email = forms.EmailField(label="Kontakt-E-Mail")
    title = forms.CharField(label="Titel des Vorhabens", max_length=200)
    summary = forms.CharField(
        label="Was wollen Sie tun? (kurz)", widget=forms.Textarea(attrs={"rows": 5}), max_length=3000
    )
    requested_amount = forms.CharField(label="Beantragte Summe (€)")

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_type"].choices = [
            (t, APPLICANT_TYPES[t]) for t in call.applicant_types if t != ApplicantType.KOMMUNE
        ]

    def clean_place(self):
        text = self.cleaned_data["place"].strip()
        if text.isdigit():
            region = Region.objects.filter(level=Region.Level.GEMEINDE, ags=text).first()
        else:
            hits = [e for e, _s in search_regions(text, limit=5) if e.level == Region.Level.GEMEINDE]
            region = (
                Region.objects.filter(level=Region.Level.GEMEINDE, ags=hits[0].key).first() if hits else None
            )
        if region is None:
            raise forms.ValidationError(
                f"Keine Gemeinde „{text}“ gefunden – bitte den Namen prüfen oder den Gemeindeschlüssel angeben."
            )
        self.cleaned_data["region"] = region
        return text


class ReviewForm(Form):
    comment = forms.CharField(
        label="Gesamteinschätzung", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, criteria, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {s.criterion_id: s for s in review.scores.all()} if review else {}
        if review:
            self.fields["comment"].initial = review.comment
        self.criteria = list(criteria)
        for c in self.criteria:
            score = existing.get(c.pk)
            self.fields[f"points_{c.pk}"] = forms.TypedChoiceField(
                label=f"{c.label} (Gewicht {_number(c.weight)}): Punkte",
                coerce=int,
                choices=[("", "– bitte wählen –")] + [(str(i), str(i)) for i in range(c.max_points + 1)],
                help_text=c.description or f"0 = gar nicht erfüllt, {c.max_points} = voll erfüllt",
                initial=str(score.points) if score else "",
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=f"Begründung: {c.label}", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.comment if score else "",
            )  # fmt: skip

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"points_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }


class ConflictForm(Form):
    reason = forms.CharField(label="Grund der Befangenheit", max_length=300)


class LockForm(Form):
    lock = forms.ChoiceField(label="Auswahl", choices=[("", "offen (Optimierung entscheidet)"), ("fest", "fest auswählen"), ("ausgeschlossen", "ausschließen")], required=False)  # fmt: skip
    reason = forms.CharField(label="Begründung", max_length=300, required=False)


class ClaimForm(Form):
    budget_line = forms.ChoiceField(label="Budgetposten")
    cost_type = forms.ChoiceField(
        label="Kostenart", choices=[("", "– bitte wählen –"), *ExpenseClaim.CostType.choices]
    )
    staff_publicly_funded = forms.BooleanField(
        label="Es handelt sich um Personal, das bereits aus dem öffentlichen Haushalt bezahlt wird",
        required=False,
    )
    description = forms.CharField(label="Wofür? (Beschreibung)", max_length=300)
    spent_on = forms.DateField(label="Rechnungsdatum", widget=date_input())
    amount = forms.CharField(label="Betrag (€)", help_text="z. B. 1.250,00")
    receipt = forms.FileField(label="Beleg (PDF, PNG oder JPEG, höchstens 5 MB)")

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = {str(s.line.pk): s.line for s in lines}
        self.fields["budget_line"].choices = [
            (str(s.line.pk), f"{s.line.year} – {s.line.get_category_display()} (frei: {format_money(s.remaining)})")
            for s in lines
            if not s.line.closed_at
        ]  # fmt: skip


class DecisionForm(Form):
    note = forms.CharField(label="Begründung (bei Ablehnung Pflicht)", required=False, max_length=500)


class BudgetLineForm(Form):
    year = forms.IntegerField(label="Jahr", min_value=2000, max_value=2100)
    category = forms.ChoiceField(label="Posten", choices=[])
    amount = forms.CharField(label="Betrag (€)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = BudgetLine.Category.choices


class FundingProfileForm(Form):
    own_contribution_percent = forms.CharField(
        label="Eigenanteil, den Ihre Kommune aufbringen kann (%)", required=False, max_length=10,
        help_text="Viele Programme verlangen einen Eigenanteil. Leer lassen, wenn noch unklar.",
    )  # fmt: skip
