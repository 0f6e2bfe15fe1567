"""Forms of the matching agency: they parse; the services decide (and say what is wrong, in German)."""

from __future__ import annotations

from django import forms

from leuchtfeuer.core.forms import Form
from leuchtfeuer.matching.models import Seeker, Space, SpaceKind
from leuchtfeuer.matching.selectors import FEATURE_LABELS
from leuchtfeuer.places.models import Municipality, Ortsteil, Region
from leuchtfeuer.places.selectors import region_by_key, search_regions

DATE = forms.DateInput(attrs={"type": "date"})
FEATURE_CHOICES = list(FEATURE_LABELS.items())


def _money(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_digits=12, decimal_places=2, localize=True
    )


class SpaceForm(Form):
    municipality = forms.ModelChoiceField(
        label="Kommune",
        queryset=Municipality.objects.order_by("display_name"),
        empty_label="Bitte wählen",
        help_text="Die Kommune, in der der Raum oder die Fläche liegt.",
    )
    ortsteil = forms.ModelChoiceField(
        label="Ortsteil (freiwillig)",
        queryset=Ortsteil.objects.select_related("municipality").order_by(
            "municipality__display_name", "name"
        ),
        required=False,
        empty_label="kein bestimmter Ortsteil",
    )
    entered_as = forms.ChoiceField(
        label="Sie tragen ein als",
        choices=Space.EnteredAs.choices,
        widget=forms.RadioSelect,
        initial="eigentuemer",
    )
    title = forms.CharField(label="Bezeichnung", max_length=150, help_text="z. B. „Ladenlokal am Markt“")
    kind = forms.ChoiceField(label="Art", choices=[("", "Bitte wählen"), *SpaceKind.choices])
    description = forms.CharField(
        label="Beschreibung", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    area_m2 = forms.IntegerField(label="Fläche (m²)", min_value=1)
    condition = forms.ChoiceField(label="Zustand", choices=[("", "Bitte wählen"), *Space.Condition.choices])
    rent_min = _money("Miete ab (€ im Monat)")
    rent_max = _money("Miete bis (€ im Monat)")
    price_min = _money("Kaufpreis ab (€)")
    price_max = _money("Kaufpreis bis (€)")
    available_from = forms.DateField(label="frei ab", widget=DATE)
    available_until = forms.DateField(label="frei bis (freiwillig)", widget=DATE, required=False)
    accessibility = forms.ChoiceField(
        label="Barrierefreiheit", choices=[("", "Bitte wählen"), *Space.Accessibility.choices]
    )
    features = forms.MultipleChoiceField(
        label="Ausstattung", choices=FEATURE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    owner_name = forms.CharField(label="Name der Eigentümer:in", max_length=150)
    owner_email = forms.EmailField(label="E-Mail der Eigentümer:in", required=False)
    owner_phone = forms.CharField(label="Telefon der Eigentümer:in", max_length=50, required=False)
    owner_consent = forms.BooleanField(
        label="Die Eigentümer:in willigt ein, dass die Matching-Agentur den Raum vermittelt.",
        required=False,
        help_text="Ohne Einwilligung bleibt der Eintrag in der Kommune und wird niemandem außerhalb gezeigt.",
    )
    consent_note = forms.CharField(
        label="Wie wurde die Einwilligung erteilt? (wenn Sie für die Eigentümer:in eintragen)",
        max_length=300,
        required=False,
        help_text="z. B. „schriftlich am 3. März“",
    )
    share = forms.BooleanField(
        label="Auch der Agentur und den Nachbarkommunen zeigen", required=False, initial=True
    )
    exact_location_consent = forms.BooleanField(
        label="Die genaue Lage darf gezeigt werden",
        required=False,
        help_text="Sonst zeigen wir nur die Mitte der Gemeinde.",
    )
    lat = forms.FloatField(label="Breitengrad (freiwillig)", required=False, localize=True)
    lon = forms.FloatField(label="Längengrad (freiwillig)", required=False, localize=True)
    photo = forms.FileField(label="Foto (freiwillig, JPEG, PNG oder WebP, bis 5 MB)", required=False)
    photo_alt = forms.CharField(label="Was ist auf dem Foto zu sehen?", max_length=300, required=False)

    def space_data(self) -> dict:
        d = self.cleaned_data
        return {k: d.get(k) for k in (
            "title", "kind", "description", "area_m2", "condition", "rent_min", "rent_max", "price_min", "price_max",
            "available_from", "available_until", "accessibility", "features", "ortsteil", "exact_location_consent",
            "lat", "lon", "owner_name", "owner_email", "owner_phone",
        )}  # fmt: skip


# places.search scores: 1.0 same name, 0.9 the name begins so, 0.8 contained; below: similar only
SURE_MATCH = 0.8


class PlaceField(forms.CharField):
    """A Gemeinde by name or AGS, resolved through the official search index."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        region = region_by_key(value) if value.isdigit() else None
        suggestions: list[str] = []
        if region is None:
            hits = [
                (e, score) for e, score in search_regions(value, limit=5) if e.level == Region.Level.GEMEINDE
            ]
            # Only a name that matches as written (whole, beginning or part) is taken; a merely
            # similar spelling could be another town — offer it instead of choosing it silently.
            sure = [e for e, score in hits if score >= SURE_MATCH]
            region = region_by_key(sure[0].key) if sure else None
            suggestions = [f"{e.name} ({e.key})" for e, _ in hits[:3]] if not sure else []
        if region is None or region.level != Region.Level.GEMEINDE:
            hint = f" Meinten Sie: {', '.join(suggestions)}?" if suggestions else ""
            raise forms.ValidationError(
                f"Keine Gemeinde „{value}“ gefunden – bitte prüfen Sie den Namen oder geben Sie den "
                f"Gemeindeschlüssel an.{hint}"
            )
        return region


class SeekerForm(Form):
    kind = forms.ChoiceField(
        label="Sie suchen als",
        choices=[c for c in Seeker.Kind.choices if c[0] != Seeker.Kind.VERBUND],
        widget=forms.RadioSelect,
        initial="projekt",
    )
    title = forms.CharField(
        label="Ihr Vorhaben", max_length=150, help_text="z. B. „Repair-Café mit Nähstube“"
    )
    description = forms.CharField(
        label="Beschreibung", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    sector = forms.ChoiceField(label="Bereich", choices=[("", "—"), *Seeker.Sector.choices], required=False)
    space_kinds = forms.MultipleChoiceField(
        label="Gesuchte Art", choices=SpaceKind.choices, widget=forms.CheckboxSelectMultiple, required=False,
        help_text="Nichts angekreuzt: jede Art.",
    )  # fmt: skip
    area_min_m2 = forms.IntegerField(label="Fläche mindestens (m²)", min_value=1, required=False)
    area_max_m2 = forms.IntegerField(label="Fläche höchstens (m²)", min_value=1, required=False)
    budget_max = _money("Miete höchstens (€ im Monat)")
    needed_from = forms.DateField(label="gebraucht ab", widget=DATE, required=False)
    needed_until = forms.DateField(label="gebraucht bis (freiwillig)", widget=DATE, required=False)
    place = PlaceField(
        label="Wunschort (Gemeinde)", max_length=100, help_text="Name oder Gemeindeschlüssel, z. B. „Malchin“"
    )
    radius_km = forms.IntegerField(label="Umkreis (km)", min_value=1, max_value=500, initial=25)
    needs_accessible = forms.BooleanField(label="Der Raum muss barrierefrei sein", required=False)
    required_features = forms.MultipleChoiceField(
        label="Nötige Ausstattung",
        choices=FEATURE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    employees = forms.IntegerField(label="Beschäftigte (bei Unternehmen)", min_value=0, required=False)
    needs_rail = forms.BooleanField(label="Bahnanschluss nötig", required=False)
    needs_motorway = forms.BooleanField(label="Autobahn in der Nähe nötig (bis 15 km)", required=False)
    needs_broadband = forms.BooleanField(label="Glasfaser / Gigabit nötig", required=False)
    labour_wish = forms.CharField(
        label="Wunsch an den Arbeitsmarkt (freiwillig)", max_length=300, required=False
    )
    contact_name = forms.CharField(label="Ansprechperson", max_length=150)
    contact_email = forms.EmailField(label="E-Mail")
    contact_phone = forms.CharField(label="Telefon (freiwillig)", max_length=50, required=False)
    consent = forms.BooleanField(
        label="Ich willige ein, dass die Matching-Agentur meine Angaben speichert, um mir passende Räume "
        "vorzuschlagen. Meine Kontaktdaten erhält die Gegenseite erst, wenn beide zugestimmt haben.",
        required=False,
    )

    def seeker_data(self) -> dict:
        d = dict(self.cleaned_data)
        d.pop("kind", None)
        d.pop("consent", None)
        d["kreise"] = []
        d["post"] = ""
        return d


class ConsentForm(Form):
    given = forms.TypedChoiceField(
        label="Einwilligung der Eigentümer:in",
        choices=[("1", "liegt vor"), ("0", "widerrufen / liegt nicht vor")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Wie und wann erteilt (oder widerrufen)?", max_length=300, required=False)
    share = forms.BooleanField(
        label="Auch der Agentur und den Nachbarkommunen zeigen", required=False, initial=True
    )


class PhotoForm(Form):
    file = forms.FileField(label="Foto (JPEG, PNG oder WebP, bis 5 MB)")
    alt_text = forms.CharField(label="Was ist auf dem Foto zu sehen?", max_length=300)


class ModerateForm(Form):
    approve = forms.TypedChoiceField(
        label="Entscheidung",
        choices=[("1", "freigeben"), ("0", "nicht freigeben")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Begründung (bei „nicht freigeben“ nötig)", max_length=300, required=False)


class ProposalSendForm(Form):
    space = forms.IntegerField(widget=forms.HiddenInput)
    seeker = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(label="Nachricht an beide Seiten (freiwillig)", max_length=2000, required=False)


class DecideForm(Form):
    accept = forms.TypedChoiceField(
        label="Ihre Antwort",
        choices=[("1", "Ja, ich bin interessiert"), ("0", "Nein, danke")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Grund (freiwillig)", max_length=500, required=False)


class CloseForm(Form):
    agreed = forms.TypedChoiceField(
        label="Ergebnis",
        choices=[("1", "vereinbart"), ("0", "nicht zustande gekommen")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Begründung (bei „nicht zustande gekommen“ nötig)", max_length=500, required=False
    )


class ProgrammeForm(Form):
    name = forms.CharField(label="Programm", max_length=200)
    sponsor = forms.CharField(label="Fördergeber", max_length=200)
    remaining = forms.DecimalField(
        label="Verfügbare Mittel (€)", min_value=0, max_digits=12, decimal_places=2, localize=True
    )
    deadline = forms.DateField(label="Frist (freiwillig)", widget=DATE, required=False)
    url = forms.URLField(
        label="Weitere Informationen (Adresse, freiwillig)", required=False, assume_scheme="https"
    )
    summary = forms.CharField(label="Wofür", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class TownFactsForm(Form):
    rail_station = forms.BooleanField(label="Bahnhof mit Personen- oder Güterverkehr", required=False)
    motorway_km = forms.IntegerField(
        label="Entfernung zur nächsten Autobahnauffahrt (km)", min_value=0, max_value=500, required=False
    )
    gigabit = forms.BooleanField(label="Gewerbegebiet mit Glasfaser / Gigabit", required=False)
    note = forms.CharField(label="Hinweis (freiwillig)", max_length=300, required=False)


class VerbundSearchForm(Form):
    """A town looks for neighbours to share a specialist post (Resilienz-Verbund)."""

    post = forms.ChoiceField(label="Gemeinsame Stelle für", choices=Seeker.Post.choices)
    description = forms.CharField(
        label="Was Sie sich vorstellen (freiwillig)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    contact_name = forms.CharField(label="Ansprechperson", max_length=150)
    contact_email = forms.EmailField(label="E-Mail")
    consent = forms.BooleanField(
        label="Die Agentur darf diese Suche speichern und Nachbarkommunen dazu ansprechen.", required=False
    )


class SpaceEditForm(SpaceForm):
    """Changing a registered space: the town, the role and the consent have their own steps."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (
            "municipality",
            "entered_as",
            "owner_consent",
            "consent_note",
            "share",
            "photo",
            "photo_alt",
        ):
            del self.fields[name]
