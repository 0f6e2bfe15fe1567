from django import forms

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.core.forms import Form


class OrtsteilForm(Form):
    name = forms.CharField(label="Name", max_length=150)
    kind = forms.ChoiceField(label="Art", choices=[("ortsteil", "Ortsteil"), ("quartier", "Quartier")])
    key = forms.CharField(label="eigener Schlüssel (optional)", max_length=30, required=False)


class ContactForm(Form):
    contact_email = forms.EmailField(label="Kontakt-E-Mail", required=False)
    contact_phone = forms.CharField(label="Kontakt-Telefon", max_length=50, required=False)


class MembershipForm(Form):
    email = forms.EmailField(label="E-Mail-Adresse")
    name = forms.CharField(label="Name (optional)", max_length=150, required=False)
    role = forms.ChoiceField(label="Rolle", choices=Role.choices)
    organisation_name = forms.CharField(
        label="Partnerorganisation (nur für Partner)", max_length=200, required=False
    )

    def __init__(self, *args, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        if roles is not None:
            self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in roles]


class RegisterMunicipalityForm(Form):
    key = forms.CharField(
        label="Gemeindeschlüssel (AGS) oder Regionalschlüssel (ARS)",
        max_length=12,
        help_text="z. B. 13071092 für Malchin",
    )
    display_name = forms.CharField(label="Anzeigename (optional)", max_length=200, required=False)


class OrtsteilDataForm(Form):
    file = forms.FileField(
        label="Datei (CSV oder XLSX, höchstens 5 MB)",
        help_text="Spalten: Ortsteil; Geburtsjahr oder Alter; Geschlecht – oder zusätzlich Anzahl für bereits "
        "gezählte Daten. Keine Namen oder Adressen: die Zeilen werden beim Hochladen gezählt und nicht gespeichert.",
    )
    reference_date = forms.DateField(label="Stichtag der Daten", help_text="z. B. 31.12.2024")
    create_missing = forms.BooleanField(
        label="Unbekannte Ortsteile neu anlegen", required=False, initial=True
    )
